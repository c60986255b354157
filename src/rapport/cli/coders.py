"""Human coders: ``rapport coders``, ``rapport codings`` and ``rapport adjudicate``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from rapport import pipeline, store
from rapport.cli.shared import (
    CodebookOption,
    DbOption,
    DeidentifyModeOption,
    IdentifiedOption,
    PrivacyKeyOption,
    _engine,
    _notify,
    _table,
    app,
    friendly_errors,
    out,
    write_frame,
)
from rapport.codebooks import load_codebook
from rapport.errors import RapportError
from rapport.pipeline.coders import (
    adjudication_sheet,
    disagreement_queue,
    disagreement_summary,
)
from rapport.pipeline.exports import Privacy
from rapport.settings import setting

coders_app = typer.Typer(
    help="Give coders encounters to code blind, and record submissions.", no_args_is_help=True
)
codings_app = typer.Typer(help="Import and export human codings.", no_args_is_help=True)
adjudicate_app = typer.Typer(
    help="Reconcile coders' disagreements into consensus codings.", no_args_is_help=True
)
app.add_typer(coders_app, name="coders")
app.add_typer(codings_app, name="codings")
app.add_typer(adjudicate_app, name="adjudicate")

CoderArgument = Annotated[str, typer.Argument(help="The coder's name, as in their codings.")]
EncounterIds = Annotated[
    list[str] | None,
    typer.Argument(help="Ids of stored encounters (see `rapport encounters list`)."),
]


def _encounter_ids(db: str, ids: list[str] | None, every: bool, patient: str | None) -> list[str]:
    if ids:
        return ids
    if not every and patient is None:
        raise RapportError("name the encounters, or pass --all or --patient")
    with _engine(db).connect() as connection:
        return [s.id for s in store.list_encounters(connection, patient=patient)]


@coders_app.command("assign")
@friendly_errors
def coders_assign(
    coder: CoderArgument,
    encounter_ids: EncounterIds = None,
    every: Annotated[bool, typer.Option("--all", help="Assign every stored encounter.")] = False,
    patient: Annotated[
        str | None, typer.Option("--patient", help="Assign every encounter of this patient.")
    ] = None,
    see_auto: Annotated[
        bool,
        typer.Option("--see-auto", help="Let the coder see the automatic coder's suggestions."),
    ] = False,
    by: Annotated[str | None, typer.Option("--by", help="Who is assigning (kept with it).")] = None,
    db: DbOption = setting("db"),
) -> None:
    """Give a coder encounters to code blind: they see no other coder's codings (nor the
    automatic coder's, unless --see-auto) until they submit each one."""
    ids = _encounter_ids(db, encounter_ids, every, patient)
    added = pipeline.assign_encounters(_engine(db), coder, ids, see_auto=see_auto, assigned_by=by)
    out.print(f"{coder}: {added} encounter(s) newly assigned, {len(ids) - added} already assigned.")


@coders_app.command("submit")
@friendly_errors
def coders_submit(
    coder: CoderArgument,
    encounter_ids: EncounterIds = None,
    db: DbOption = setting("db"),
) -> None:
    """Mark a coder's encounters as submitted; from then on they may see others' codings."""
    if not encounter_ids:
        raise RapportError("name the encounters to submit")
    done = pipeline.submit_encounters(_engine(db), coder, encounter_ids)
    out.print(f"{coder}: {len(done)} encounter(s) submitted.")


@coders_app.command("status")
@friendly_errors
def coders_status(
    coder: Annotated[str | None, typer.Option("--coder", help="Only this coder.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON instead of a table.")] = False,
    db: DbOption = setting("db"),
) -> None:
    """Who is assigned which encounters, and what they have submitted."""
    with _engine(db).connect() as connection:
        assignments = store.get_assignments(connection, coder=coder)
    if as_json:
        sys.stdout.write(
            json.dumps(
                [
                    {
                        "coder": a.coder,
                        "encounter": a.encounter_id,
                        "see_auto": a.see_auto,
                        "assigned_at": a.assigned_at.isoformat(),
                        "submitted_at": a.submitted_at.isoformat() if a.submitted_at else None,
                    }
                    for a in assignments
                ]
            )
            + "\n"
        )
        return
    table = _table("coder", "encounter", "sees auto", "submitted", title="Assignments")
    for a in assignments:
        table.add_row(
            a.coder,
            a.encounter_id,
            "yes" if a.see_auto else "no",
            a.submitted_at.strftime("%Y-%m-%d %H:%M") if a.submitted_at else "not yet",
        )
    out.print(table)


@codings_app.command("import")
@friendly_errors
def codings_import(
    path: Annotated[
        Path, typer.Argument(help="CSV: encounter, turn, code, coder[, start, end, memo].")
    ],
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """Import human codings from CSV, all or nothing; rows already stored are skipped."""
    result = pipeline.import_codings_csv(_engine(db), path, codebook)
    out.print(
        f"{result.added} coding(s) added, {result.unchanged} already stored, from "
        f"{', '.join(result.coders)} on {result.encounters} encounter(s)."
    )


@codings_app.command("export")
@friendly_errors
def codings_export(
    output: Annotated[Path, typer.Argument(help="The file to write: .csv or .xlsx.")],
    identified: IdentifiedOption = False,
    deid_mode: DeidentifyModeOption = "tags",
    key: PrivacyKeyOption = None,
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """Every stored coding as a tidy table (one row per coding, with provenance);
    encounter ids and memos are de-identified unless --identified."""
    privacy = Privacy(identified=identified, mode=deid_mode, key=key, notify=_notify)
    rows = pipeline.export_rows(_engine(db), "codings", load_codebook(codebook), privacy)
    import pandas as pd

    frame = pd.DataFrame(rows, columns=pipeline.EXPORT_COLUMNS["codings"])
    if output.suffix.lower() == ".xlsx":
        from rapport.report.tables import xlsx_bytes

        output.write_bytes(xlsx_bytes({"Codings": frame}))
    elif output.suffix.lower() == ".csv":
        output.write_text(frame.to_csv(index=False), encoding="utf-8")
    else:
        raise RapportError(f"{output}: write .csv or .xlsx")
    out.print(f"{len(frame)} codings written to {output}")


CodersOption = Annotated[
    str | None, typer.Option("--coders", help="Only these coders, comma-separated (e.g. ana,ben).")
]


def _coders(value: str | None) -> list[str] | None:
    return [name.strip() for name in value.split(",") if name.strip()] if value else None


@adjudicate_app.command("queue")
@friendly_errors
def adjudicate_queue(
    coders: CodersOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON Lines.")] = False,
    db: DbOption = setting("db"),
) -> None:
    """Turns where coders chose different codes and no decision has been made yet."""
    queue = disagreement_queue(_engine(db), coders=_coders(coders))
    if as_json:
        for item in queue:
            sys.stdout.write(
                json.dumps(
                    {
                        "encounter": item.encounter_id,
                        "turn": item.turn_index,
                        "speaker": item.speaker,
                        "text": item.text,
                        "codes": item.codes,
                        "disputed": item.disputed,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
        return
    table = _table(
        "encounter", "turn", "said", "codes by coder", title="Disagreements to adjudicate"
    )
    for item in queue:
        table.add_row(
            item.encounter_id,
            str(item.turn_index),
            f"{item.speaker}: {item.text[:80]}",
            "; ".join(f"{name}: {', '.join(codes) or '—'}" for name, codes in item.codes.items()),
        )
    out.print(table)
    out.print(f"{len(queue)} turn(s) to decide.")


@adjudicate_app.command("export")
@friendly_errors
def adjudicate_export(
    output: Annotated[Path, typer.Argument(help="The XLSX sheet to write.")],
    coders: CodersOption = None,
    db: DbOption = setting("db"),
) -> None:
    """Write the disagreements to an XLSX sheet for an offline consensus meeting."""
    queue = disagreement_queue(_engine(db), coders=_coders(coders))
    output.write_bytes(adjudication_sheet(queue))
    out.print(f"{len(queue)} disputed turn(s) written to {output}")


@adjudicate_app.command("import")
@friendly_errors
def adjudicate_import(
    path: Annotated[Path, typer.Argument(help="A sheet written by `rapport adjudicate export`.")],
    adjudicator: Annotated[
        str | None, typer.Option("--adjudicator", help="Who decided, for rows that do not say.")
    ] = None,
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """Bring the decisions back: stored as consensus codings, the originals kept."""
    decisions, written = pipeline.import_adjudications(
        _engine(db), path, codebook=codebook, adjudicator=adjudicator
    )
    out.print(f"{decisions} decision(s) recorded; consensus rewritten ({written} codings).")


@adjudicate_app.command("summary")
@friendly_errors
def adjudicate_summary(
    coders: CodersOption = None,
    db: DbOption = setting("db"),
) -> None:
    """Which codes cause most disagreement, and what coders chose instead."""
    queue = disagreement_queue(_engine(db), coders=_coders(coders), include_decided=True)
    table = _table("code", "disputed turns", "chosen instead", title="Where coders disagree")
    for code, count, instead in disagreement_summary(queue):
        table.add_row(code, str(count), instead)
    out.print(table)


@app.command("reliability")
@friendly_errors
def reliability_command(
    coders: CodersOption = None,
    by: Annotated[
        str, typer.Option("--by", help="One row per code, theme, role (of the speaker) or overall.")
    ] = "code",
    exclude_uncoded: Annotated[
        bool,
        typer.Option(
            "--exclude-uncoded", help="Leave out units no coder coded (kappa on coded talk only)."
        ),
    ] = False,
    with_auto: Annotated[
        bool,
        typer.Option("--with-auto", help="Count each automatic model version as one more rater."),
    ] = False,
    boot: Annotated[
        int, typer.Option("--boot", help="Bootstrap resamples for the 95% intervals (0: none).")
    ] = 1000,
    report: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the HTML (or .pdf) reliability report here."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON Lines.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Write CSV.")] = False,
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """Agreement between coders (and the automatic coder): κ, α, AC1 with 95% intervals."""
    engine = _engine(db)
    if report is not None:
        path = pipeline.reliability_report(
            engine, report, codebook=codebook, coders=_coders(coders), n_boot=boot
        )
        out.print(f"Report: {path.resolve()}")
        return
    frame = pipeline.agreement_table(
        engine,
        codebook,
        coders=_coders(coders),
        by=by,
        exclude_uncoded=exclude_uncoded,
        with_auto=with_auto,
        n_boot=boot,
    )
    if write_frame(frame, as_json=as_json, as_csv=as_csv):
        return
    key = {"code": "code", "theme": "theme", "role": "role", "overall": None}[by]
    table = _table(key or "units", "n", "κ [95% CI]", "agreement", "α", "AC1", title="Agreement")
    for row in frame.to_dict("records"):
        table.add_row(
            str(row[key]) if key else "all",
            str(row["n_present"]),
            _stat(row["kappa"])
            + (f" [{_stat(row['kappa_low'])}, {_stat(row['kappa_high'])}]" if boot else ""),
            _stat(row["percent_agreement"]),
            _stat(row["alpha"]),
            _stat(row["ac1"]),
        )
    out.print(table)


def _stat(value: object) -> str:
    return "–" if value is None or (isinstance(value, float) and value != value) else f"{value:.2f}"
