"""Reports and statistics: ``rapport report encounter|clinician|cohort`` and ``rapport stats``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import pandas as pd
import typer

from rapport import pipeline
from rapport.analysis import BASES, GROUPINGS
from rapport.cli.shared import (
    CodebookOption,
    DbOption,
    _engine,
    _notify,
    app,
    cell,
    friendly_errors,
    out,
    parse_date,
    write_frame,
)
from rapport.errors import RapportError
from rapport.pipeline.exports import Privacy
from rapport.pipeline.reports import STATISTICS, Selection
from rapport.report.tables import xlsx_bytes
from rapport.settings import setting

report_app = typer.Typer(
    help="Write a report: one encounter, a clinician's feedback, or the cohort.",
    no_args_is_help=True,
)
app.add_typer(report_app, name="report")

OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Where to write the report: .html, or .pdf for a PDF of the same page."
    ),
]
TablesOption = Annotated[
    bool,
    typer.Option(
        "--tables", help="Also write every table beside the report, as CSV files and one XLSX."
    ),
]
DeidentifyOption = Annotated[
    bool,
    typer.Option(
        "--deidentify",
        help="Replace names, dates, places and numbers in the report (for sharing beyond "
        "the care team; needs the privacy extra).",
    ),
]
BasisOption = Annotated[
    str,
    typer.Option(
        "--basis",
        help="Which codings to count: best (consensus, else human, else the newest model's), "
        f"or only one of {', '.join(BASES[1:])}.",
    ),
]
SinceOption = Annotated[
    str | None, typer.Option("--since", help="Only encounters on or after this date (YYYY-MM-DD).")
]
UntilOption = Annotated[
    str | None, typer.Option("--until", help="Only encounters on or before this date (YYYY-MM-DD).")
]
SubtypeOption = Annotated[
    list[str] | None,
    typer.Option("--subtype", help="Only this discussion subtype (repeat for several)."),
]
SettingOption = Annotated[
    list[str] | None,
    typer.Option(
        "--setting", help="Only this setting: clinic, inpatient, telephone, video, other."
    ),
]
PatientOption = Annotated[
    list[str] | None, typer.Option("--patient", help="Only this patient (repeat for several).")
]
ClinicianOption = Annotated[
    list[str] | None,
    typer.Option("--clinician", help="Only encounters this clinician spoke in (repeatable)."),
]


def _basis(value: str) -> Any:
    if value not in BASES:
        raise RapportError(f"--basis must be one of {', '.join(BASES)}, not {value!r}")
    return value


def _selection(
    since: str | None,
    until: str | None,
    subtype: list[str] | None,
    setting_: list[str] | None,
    patient: list[str] | None,
    clinician: list[str] | None,
) -> Selection:
    return Selection(
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        subtypes=list(subtype or []),
        settings=list(setting_ or []),
        patients=list(patient or []),
        clinicians=list(clinician or []),
    )


def _file_name(text: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "-" for c in text).strip("-") or "report"


def _written(paths: list[Path]) -> None:
    out.print(f"Report: {paths[0].resolve()}")
    if len(paths) > 1:
        out.print(f"Tables: {len(paths) - 1} files beside it ({paths[-1].name} holds them all)")


@report_app.command("encounter")
@friendly_errors
def report_encounter(
    encounter_id: Annotated[str, typer.Argument(help="The id of a stored encounter.")],
    report: OutOption = None,
    tables: TablesOption = False,
    deidentify: DeidentifyOption = False,
    basis: BasisOption = "best",
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """One conversation: coded transcript, wheel, timeline and missed emotional moments."""
    target = report or Path(f"{_file_name(encounter_id)}.html")
    written = pipeline.report_encounter(
        _engine(db),
        encounter_id,
        target,
        codebook=codebook,
        basis=_basis(basis),
        tables=tables,
        privacy=Privacy(identified=not deidentify, notify=_notify),
    )
    _written(written)


@report_app.command("clinician")
@friendly_errors
def report_clinician(
    name: Annotated[str, typer.Argument(help="The clinician's name as it appears in transcripts.")],
    since: SinceOption = None,
    until: UntilOption = None,
    compare_team: Annotated[
        bool,
        typer.Option(
            "--compare-team", help="Add a comparison with the team median (off by default)."
        ),
    ] = False,
    report: OutOption = None,
    tables: TablesOption = False,
    basis: BasisOption = "best",
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """Private, supportive feedback for one clinician: wheel, strengths, missed moments."""
    target = report or Path(f"feedback-{_file_name(name)}.html")
    written = pipeline.report_clinician(
        _engine(db),
        name,
        target,
        codebook=codebook,
        since=parse_date(since, "--since"),
        until=parse_date(until, "--until"),
        compare_team=compare_team,
        basis=_basis(basis),
        tables=tables,
    )
    _written(written)


@report_app.command("cohort")
@friendly_errors
def report_cohort(
    subtype: SubtypeOption = None,
    setting_: SettingOption = None,
    patient: PatientOption = None,
    clinician: ClinicianOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    report: OutOption = None,
    tables: TablesOption = False,
    deidentify: DeidentifyOption = False,
    basis: BasisOption = "best",
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """The cohort: the paper-style table, wheel, charts, clinicians and a methods paragraph."""
    selection = _selection(since, until, subtype, setting_, patient, clinician)
    written = pipeline.report_cohort(
        _engine(db),
        report or Path("cohort.html"),
        codebook=codebook,
        selection=selection,
        basis=_basis(basis),
        tables=tables,
        privacy=Privacy(identified=not deidentify, notify=_notify),
    )
    _written(written)


@app.command("stats")
@friendly_errors
def stats(
    kind: Annotated[str, typer.Argument(help=f"One of: {', '.join(STATISTICS)}.")],
    by: Annotated[
        str | None,
        typer.Option("--by", help=f"Group by one of: {', '.join(GROUPINGS)}."),
    ] = None,
    level: Annotated[str, typer.Option("--level", help="Count codes or themes.")] = "code",
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON Lines.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Write CSV.")] = False,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="Also write the table to this Excel file.")
    ] = None,
    subtype: SubtypeOption = None,
    setting_: SettingOption = None,
    patient: PatientOption = None,
    clinician: ClinicianOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    basis: BasisOption = "best",
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """Frequency, duration, distribution (with tests) or empathic opportunities, as a table."""
    if as_json and as_csv:
        raise typer.BadParameter("choose --json or --csv, not both")
    selection = _selection(since, until, subtype, setting_, patient, clinician)
    frame = pipeline.statistics(
        _engine(db),
        kind,
        codebook=codebook,
        by=by,
        level=level,
        selection=selection,
        basis=_basis(basis),
    )
    if xlsx is not None:
        xlsx.write_bytes(xlsx_bytes({f"{kind} by {by}" if by else kind: frame}))
    if not write_frame(frame, as_json=as_json, as_csv=as_csv):
        _print_frame(frame, f"{kind}" + (f" by {by}" if by else ""))
    if xlsx is not None and not (as_csv or as_json):
        out.print(f"Excel: {xlsx.resolve()}")


def _print_frame(frame: pd.DataFrame, title: str) -> None:
    from rich.table import Table

    table = Table(title=title)
    for column in frame.columns:
        table.add_column(
            str(column), justify="right" if frame[column].dtype.kind in "iuf" else "left"
        )
    for record in frame.itertuples(index=False):
        table.add_row(*[cell(value) for value in record])
    out.print(table)
