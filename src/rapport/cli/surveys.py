"""Questionnaires: ``rapport surveys``, ``rapport instruments``, ``rapport dyads``,
``rapport model`` and ``rapport bridge``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from rapport import pipeline
from rapport.cli.shared import (
    CodebookOption,
    DbOption,
    _engine,
    _table,
    app,
    friendly_errors,
    out,
    parse_date,
    write_frame,
)
from rapport.settings import setting

surveys_app = typer.Typer(
    help="Import, score and export alliance questionnaires.", no_args_is_help=True
)
instruments_app = typer.Typer(
    help="The questionnaire instruments Rapport can score.", no_args_is_help=True
)
dyads_app = typer.Typer(
    help="Family and clinician ratings of the same relationship: agreement, discordance, alerts.",
    no_args_is_help=True,
)
model_app = typer.Typer(help="Regression models of alliance scores.", no_args_is_help=True)
for sub, name in (
    (surveys_app, "surveys"),
    (instruments_app, "instruments"),
    (dyads_app, "dyads"),
    (model_app, "model"),
):
    app.add_typer(sub, name=name)

JsonFlag = Annotated[bool, typer.Option("--json", help="Write JSON Lines.")]
CsvFlag = Annotated[bool, typer.Option("--csv", help="Write CSV.")]


def _emit(frame: Any, title: str, as_json: bool, as_csv: bool) -> None:
    if write_frame(frame, as_json=as_json, as_csv=as_csv):
        return
    # long explanatory columns stay in --json and --csv; the terminal shows the numbers
    frame = frame.drop(columns=[c for c in ("description", "method", "rule") if c in frame.columns])
    table = _table(*[str(c) for c in frame.columns], title=title)
    for record in frame.itertuples(index=False):
        table.add_row(*[_cell(v) for v in record])
    out.print(table)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 10 else f"{value:,.1f}"
    return str(value)


@surveys_app.command("import")
@friendly_errors
def surveys_import(
    path: Annotated[
        Path, typer.Argument(help="A REDCap export (with --dictionary), FHIR .json or CSV.")
    ],
    dictionary: Annotated[
        Path | None, typer.Option("--dictionary", help="The REDCap data dictionary of the export.")
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option("--mapping", help="YAML mapping REDCap forms to instruments.")
    ] = None,
    instrument: Annotated[
        str | None, typer.Option("--instrument", help="CSV: the instrument every row answers.")
    ] = None,
    db: DbOption = setting("db"),
) -> None:
    """Import questionnaire responses, all or nothing; the same file again changes nothing."""
    done = pipeline.import_surveys(
        _engine(db), path, dictionary=dictionary, mapping=mapping, instrument=instrument
    )
    out.print(
        f"{done.path}: {done.status}, {done.responses} responses ({', '.join(done.instruments)})"
    )


@surveys_app.command("score")
@friendly_errors
def surveys_score(
    instrument: Annotated[
        str | None, typer.Option("--instrument", help="Only this instrument.")
    ] = None,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
    db: DbOption = setting("db"),
) -> None:
    """Score every stored response: totals and subscales, each with the rule that made it."""
    frame = pipeline.survey_scores(_engine(db), instrument=instrument)
    if not (as_json or as_csv):
        frame = frame[["relationship", "role", "timepoint", "instrument", "scale", "value", "rule"]]
    _emit(frame, "Scores", as_json, as_csv)


@surveys_app.command("export")
@friendly_errors
def surveys_export(
    instrument: Annotated[
        str, typer.Argument(help="The instrument id (see `rapport instruments list`).")
    ],
    output: Annotated[Path, typer.Argument(help="The file to write.")],
    form: Annotated[
        str, typer.Option("--format", help="redcap (a data dictionary) or fhir (a Questionnaire).")
    ] = "redcap",
) -> None:
    """Write an instrument as a REDCap data dictionary or a FHIR Questionnaire."""
    out.print(f"wrote {pipeline.export_instrument(instrument, output, form=form)}")


@surveys_app.command("demo")
@friendly_errors
def surveys_demo(
    folder: Annotated[Path, typer.Argument(help="Where to write the synthetic REDCap files.")],
    relationships: Annotated[
        int, typer.Option("--relationships", help="How many family–clinician relationships.")
    ] = 60,
    seed: Annotated[int, typer.Option("--seed", help="Seed: the same seed, the same data.")] = 0,
) -> None:
    """Write a SYNTHETIC two-arm trial cohort as a REDCap export, dictionary and mapping."""
    from rapport.surveys.synthetic import write_redcap_demo

    paths = write_redcap_demo(folder, seed=seed, n_relationships=relationships)
    out.print(f"synthetic (not real) cohort of {relationships} relationships written to {folder}:")
    for name, path in paths.items():
        out.print(f"  {name}: {path}")


@surveys_app.command("report")
@friendly_errors
def surveys_report(
    report: Annotated[Path, typer.Option("--out", "-o", help="The report: .html or .pdf.")] = Path(
        "surveys.html"
    ),
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """The survey report: agreement, trajectories, discordance, alerts and the bridge."""
    out.print(f"Report: {pipeline.survey_report(_engine(db), report, codebook=codebook).resolve()}")


@instruments_app.command("list")
@friendly_errors
def instruments_list(as_json: JsonFlag = False) -> None:
    """Every instrument, its items and scales, and whether its item text ships."""
    from rapport.surveys import list_instruments

    rows = [
        {
            "id": i.id,
            "name": i.name,
            "items": len(i.items),
            "scales": ", ".join(["total", *i.subscales]),
            "item_text": "shipped" if i.text_included else "needs a licensed copy",
        }
        for i in list_instruments()
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    table = _table("id", "name", "items", "scales", "item text", title="Instruments")
    for row in rows:
        table.add_row(*[str(v) for v in row.values()])
    out.print(table)


@instruments_app.command("show")
@friendly_errors
def instruments_show(instrument: Annotated[str, typer.Argument(help="The instrument id.")]) -> None:
    """An instrument's items, answer options and scoring key."""
    from rapport.surveys import load_instrument

    found = load_instrument(instrument)
    out.print(f"[bold]{found.name}[/] ({found.id}, version {found.version})")
    out.print(f"[dim]{found.citation}[/]")
    for item in found.items:
        out.print(f"  {item.link_id}. {item.text or '[dim](item text not shipped)[/]'}")
    out.print(f"Subscales: {found.subscales or 'none'}")


@instruments_app.command("add-text")
@friendly_errors
def instruments_add_text(
    instrument: Annotated[str, typer.Argument(help="The instrument id.")],
    file: Annotated[Path, typer.Argument(help="CSV of link_id,text from your licensed copy.")],
) -> None:
    """Add item text from your licensed copy (kept in your user folder, never shipped)."""
    from rapport.surveys import add_text

    out.print(f"item text for {instrument} saved to {add_text(instrument, file)}")


@dyads_app.command("agreement")
@friendly_errors
def dyads_agreement(
    instrument: Annotated[
        str, typer.Option("--instrument", help="The alliance instrument.")
    ] = "wai_sr",
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
    db: DbOption = setting("db"),
) -> None:
    """Family against clinician on the same relationship and time: ICC and Bland–Altman."""
    result = pipeline.dyad_agreement(_engine(db), instrument=instrument)
    _emit(result["icc"], "Intraclass correlation", as_json, as_csv)
    _emit(result["bland_altman"], "Bland–Altman (family − clinician)", as_json, as_csv)


@dyads_app.command("discordance")
@friendly_errors
def dyads_discordance(
    by: Annotated[
        str | None, typer.Option("--by", help="Split by a column, e.g. group or timepoint.")
    ] = None,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
    db: DbOption = setting("db"),
) -> None:
    """Relationships challenging to both, the family only, the clinician only, or neither."""
    _emit(
        pipeline.dyad_discordance(_engine(db), by=by), "Challenging relationships", as_json, as_csv
    )


@dyads_app.command("alerts")
@friendly_errors
def dyads_alerts(
    as_json: JsonFlag = False,
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """Relationships the family finds hard and the clinician has not noticed (care team only)."""
    alerts = pipeline.missed_challenge_alerts(_engine(db), codebook=codebook)
    if as_json:
        for alert in alerts:
            fields = {name: getattr(alert, name) for name in alert.__dataclass_fields__}
            sys.stdout.write(json.dumps(fields, default=str) + "\n")
        return
    for alert in alerts:
        who = f"[bold]{alert.relationship}[/] ({alert.clinician}, {alert.timepoint})"
        out.print(f"{who}: {alert.reported}")
        for suggestion in alert.suggestions:
            out.print(f"  • {suggestion}")
    out.print(f"{len(alerts)} alert(s), for the care team only.")


@model_app.command("logit")
@friendly_errors
def model_logit(
    formula: Annotated[
        str, typer.Argument(help="e.g. 'rc_parent_parent_challenging ~ wai_sr_clinician'.")
    ],
    cluster: Annotated[
        str, typer.Option("--cluster", help="Cluster-robust SEs by this column.")
    ] = "clinician",
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
    db: DbOption = setting("db"),
) -> None:
    """Multivariable logistic regression: odds ratios with 95% CIs and p-values."""
    _emit(
        pipeline.logit(_engine(db), formula, cluster=cluster),
        "Logistic regression",
        as_json,
        as_csv,
    )


@model_app.command("mixed")
@friendly_errors
def model_mixed(
    instrument: Annotated[
        str, typer.Option("--instrument", help="The alliance instrument.")
    ] = "wai_sr",
    random_slope: Annotated[
        bool, typer.Option("--random-slope", help="Add a random slope on time.")
    ] = False,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
    db: DbOption = setting("db"),
) -> None:
    """Alliance over time by arm: a linear mixed model, random intercept per patient."""
    frame = pipeline.mixed(_engine(db), instrument=instrument, random_slope=random_slope)
    _emit(frame, "Linear mixed model", as_json, as_csv)


@app.command("bridge")
@friendly_errors
def bridge_command(
    instrument: Annotated[
        str, typer.Option("--instrument", help="The alliance instrument.")
    ] = "wai_sr",
    window: Annotated[
        int, typer.Option("--window", help="Days of conversations before each questionnaire.")
    ] = 120,
    as_json: JsonFlag = False,
    as_csv: CsvFlag = False,
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """What clinicians do in coded conversations against how families rate the relationship."""
    result = pipeline.bridge(
        _engine(db), instrument=instrument, window_days=window, codebook=codebook
    )
    _emit(result.table, "Coded behaviour against rated alliance", as_json, as_csv)


@surveys_app.command("checkin")
@friendly_errors
def surveys_checkin(
    relationship: Annotated[str, typer.Argument(help="The relationship (dyad) id.")],
    instrument: Annotated[
        str, typer.Option("--instrument", help="rc_parent or vas_satisfaction (short ones).")
    ] = "rc_parent",
    every: Annotated[int, typer.Option("--every", help="Repeat every N days.")] = 30,
    start: Annotated[str, typer.Option("--start", help="First day (YYYY-MM-DD).")] = "",
    role: Annotated[str, typer.Option("--role", help="Who answers: parent or patient.")] = "parent",
    db: DbOption = setting("db"),
) -> None:
    """Schedule a rapport check-in: a short questionnaire repeated for one dyad."""
    import datetime as dt

    from rapport.surveys import checkins

    first = parse_date(start, "--start") or dt.date.today()
    made = checkins.schedule(
        checkins.checkins_file(db), relationship=relationship, instrument=instrument,
        every_days=every, start=first, respondent_role=role,
    )  # fmt: skip
    out.print(
        f"{made.relationship}: {made.instrument} every {made.every_days} days from {made.start}"
    )


@surveys_app.command("due")
@friendly_errors
def surveys_due(
    on: Annotated[str, typer.Option("--on", help="The day to check (default today).")] = "",
    as_json: JsonFlag = False,
    db: DbOption = setting("db"),
) -> None:
    """Check-ins due and not yet answered, most overdue first."""
    import datetime as dt

    from rapport import store
    from rapport.surveys import checkins

    day = parse_date(on, "--on") or dt.date.today()
    with _engine(db).connect() as connection:
        responses = store.get_responses(connection)
    found = checkins.due(checkins.load(checkins.checkins_file(db)), responses, on=day)
    if as_json:
        for item in found:
            sys.stdout.write(json.dumps({
                "relationship": item.checkin.relationship, "instrument": item.checkin.instrument,
                "due": item.due.isoformat(), "overdue_days": item.overdue_days,
                "last_answered": item.last_answered.isoformat() if item.last_answered else None,
            }) + "\n")  # fmt: skip
        return
    table = _table(
        "relationship",
        "instrument",
        "due",
        "overdue (days)",
        "last answered",
        title="Check-ins due",
    )
    for item in found:
        last = item.last_answered.isoformat() if item.last_answered else "never"
        table.add_row(
            item.checkin.relationship, item.checkin.instrument, item.due.isoformat(),
            str(item.overdue_days), last,
        )  # fmt: skip
    out.print(table)
