"""The everyday commands: import, code, analyze, train, evaluate, list, export."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from rapport import __version__, pipeline, store
from rapport.cli.shared import (
    CodebookOption,
    DbOption,
    DeidentifyModeOption,
    DialogueColumn,
    EncodingOption,
    IdColumn,
    IdentifiedOption,
    JsonOption,
    ModelOption,
    Paths,
    PrivacyKeyOption,
    RolesOption,
    SpeakerColumn,
    TextColumn_,
    _engine,
    _notify,
    _option,
    _read_options,
    _table,
    _write_json_lines,
    app,
    codebook_app,
    db_app,
    encounters_app,
    err,
    friendly_errors,
    out,
    progress_bar,
)
from rapport.codebooks import codebook_to_dict, load_codebook
from rapport.pipeline.exports import Privacy
from rapport.settings import setting


@app.command("import")
@friendly_errors
def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Transcript files or folders of them, or REFI-QDA projects (.qdpx; "
            "`rapport import qdpx FILE` also works)."
        ),
    ],
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
    roles: RolesOption = None,
    encoding: EncodingOption = None,
    speaker_column: SpeakerColumn = None,
    text_column: TextColumn_ = None,
    dialogue_column: DialogueColumn = None,
    id_column: IdColumn = None,
    as_json: JsonOption = False,
) -> None:
    """Import transcripts into the workspace, one transaction per file.

    Every file is read and checked before anything is stored. Re-importing a file that
    has not changed does nothing.
    """
    if paths and paths[0].name == "qdpx" and not paths[0].exists():
        paths = paths[1:]
    projects = [p for p in paths if p.suffix.lower() == ".qdpx"]
    paths = [p for p in paths if p.suffix.lower() != ".qdpx"]
    options = _read_options(
        roles, encoding, speaker_column, text_column, dialogue_column, id_column
    )
    engine = _engine(db)
    for project in projects:
        done = pipeline.import_project(engine, project, codebook=codebook)
        out.print(
            f"{done.path}: {done.status}, {done.encounters} encounters, {done.turns} turns, "
            f"{done.codings} codings (codebook {done.codebook})"
        )
        for message in done.unmapped:
            err.print(f"[yellow]not imported:[/] {message}")
    if not paths:
        return
    with progress_bar("Importing") as progress:
        outcomes = pipeline.import_paths(engine, paths, options, progress)
    if as_json:
        _write_json_lines([o.__dict__ for o in outcomes])
        return
    table = _table("source", "status", "encounters", "turns", title=f"Imported into {db}")
    for o in outcomes:
        table.add_row(o.source, o.status, ", ".join(o.encounter_ids), str(o.n_turns))
    out.print(table)


@app.command("code")
@friendly_errors
def code_command(
    targets: Annotated[
        list[str], typer.Argument(help="Transcript files, folders, or ids of stored encounters.")
    ],
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Write JSON Lines, one object per turn (the contract in ARCHITECTURE.md).",
        ),
    ] = False,
    explain: Annotated[
        bool, typer.Option("--explain", help="Show the cues behind each decision.")
    ] = False,
    codebook: CodebookOption = setting("codebook"),
    model: ModelOption = None,
    db: DbOption = setting("db"),
    roles: RolesOption = None,
    encoding: EncodingOption = None,
    dialogue_column: DialogueColumn = None,
    save: Annotated[
        bool,
        typer.Option(
            "--save", help="Store the auto codings of stored encounters in the workspace."
        ),
    ] = False,
) -> None:
    """Code every turn of transcripts or stored encounters against the codebook."""
    options = _read_options(roles, encoding, None, None, dialogue_column, None)
    with progress_bar("Reading") as progress:
        encounters = pipeline.resolve_targets(targets, lambda: _engine(db), options, progress)
    coder = pipeline.build_coder(codebook, model, _notify)
    # Stored encounters get their patients' other stored visits as history (remembering);
    # coding files alone never opens, let alone creates, a workspace.
    uses_workspace = any(not Path(target).exists() for target in targets)
    background = pipeline.stored_history(_engine(db), encounters) if uses_workspace else []
    coded = pipeline.code_encounters(encounters, coder, explain=explain, background=background)
    if save:
        pipeline.store_auto_codings(_engine(db), coded, coder)
    if as_json:
        _write_json_lines([pipeline.coded_turn_json(item, coder.codebook_) for item in coded])
        return
    if explain:
        for item in coded:
            if item.codes:
                out.print(
                    f"[bold]{item.encounter_id}[/] turn {item.turn.index} · {item.turn.speaker} "
                    f"({item.turn.role}): {item.turn.text}"
                )
                for code, score in item.codes:
                    out.print(_explained(item, code, score, explain=True))
                out.print()
    else:
        table = _table(
            "encounter",
            "turn",
            "speaker",
            "text",
            "codes",
            title=f"Coded with {coder.model_version_}",
        )
        for item in coded:
            if item.codes:
                codes = "\n".join(f"{code} {score:.2f}" for code, score in item.codes)
                table.add_row(
                    item.encounter_id,
                    str(item.turn.index),
                    item.turn.speaker,
                    item.turn.text,
                    codes,
                )
        out.print(table)
    turns_with_codes = sum(1 for item in coded if item.codes)
    out.print(f"{len(coded)} turns, {turns_with_codes} carrying a code.")


def _explained(item: Any, code: str, score: float, explain: bool) -> str:
    """A code and its score; with --explain, the words and nearest examples behind it."""
    lines = [f"  [bold]{code}[/] {score:.2f}"]
    if explain:
        matched = list(dict.fromkeys(e.matched for e in item.evidence if e.code == code))
        if matched:
            lines.append("[dim]    because: " + ", ".join(f"“{m}”" for m in matched[:5]) + "[/]")
        for neighbour in item.neighbours.get(code, [])[:2]:
            text = neighbour.text if len(neighbour.text) < 90 else neighbour.text[:87] + "…"
            lines.append(f"[dim]    like: “{text}” ({neighbour.similarity:.2f})[/]")
    return "\n".join(lines)


@app.command("analyze")
@friendly_errors
def analyze_command(
    paths: Paths,
    report: Annotated[Path, _option("report", "--out", "-o")] = Path(setting("report")),
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
    model: ModelOption = None,
    roles: RolesOption = None,
    encoding: EncodingOption = None,
    dialogue_column: DialogueColumn = None,
    as_json: JsonOption = False,
) -> None:
    """The main job: import transcripts, code them, and write the cohort and encounter reports."""
    options = _read_options(roles, encoding, None, None, dialogue_column, None)
    engine = _engine(db)
    with progress_bar("Analyzing") as progress:
        result = pipeline.analyze(
            engine,
            paths,
            report_path=report,
            codebook=codebook,
            model=model,
            options=options,
            progress=progress,
            notify=_notify,
        )
    if as_json:
        sys.stdout.write(
            json.dumps({"report": str(result.report), "encounters": result.rows}, default=str)
            + "\n"
        )
        return
    table = _table(
        "encounter",
        "setting",
        "subtype",
        "turns",
        "min",
        "codings",
        "top themes",
        title="Therapeutic alliance codes per encounter",
    )
    for row in result.rows:
        table.add_row(
            row["encounter"],
            row["setting"],
            row["subtype"] or "",
            str(row["turns"]),
            "" if row["minutes"] is None else str(row["minutes"]),
            str(row["codings"]),
            row["top_themes"],
        )
    out.print(table)
    statuses = Counter(outcome.status for outcome in result.imports)
    turns = sum(row["turns"] for row in result.rows)
    out.print(
        f"{len(result.rows)} encounters, {turns} turns, {len(result.codings)} codings "
        f"({statuses['imported']} newly imported, {statuses['unchanged']} already in {db})."
    )
    out.print(f"Report: {result.report.resolve()}")
    if result.encounter_reports:
        folder = result.report.with_name(f"{result.report.stem}-encounters")
        out.print(f"Encounter reports: {result.encounter_reports} in {folder.resolve()}")


@app.command("train")
@friendly_errors
def train_command(
    db: DbOption = setting("db"),
    name: Annotated[str, typer.Option(help="A name for the model, e.g. your site.")] = "site",
    with_shipped: Annotated[
        bool,
        typer.Option(
            "--with-shipped/--workspace-only",
            help="Learn from the shipped training data as well as the workspace's codings.",
        ),
    ] = True,
    output: Annotated[
        Path | None,
        typer.Option("--out", help="Model folder to write (default rapport-models/VERSION)."),
    ] = None,
) -> None:
    """Retrain the coder from the human and consensus codings in the workspace.

    Writes a versioned model folder with a model card (data sizes, per-code metrics, date);
    use it with `rapport code --model FOLDER`.
    """
    folder, card = pipeline.train(
        _engine(db), out=output, name=name, with_shipped=with_shipped, notify=_notify
    )
    out.print(f"Model {card['version']} written to {folder}")
    metrics = card.get("development_metrics")
    if metrics:
        out.print(
            f"Development split: macro-F1 {metrics['macro_f1']} {metrics['macro_f1_95ci']}, "
            f"top-1 {metrics['top1']}, top-3 {metrics['top3']}"
        )


@app.command("evaluate")
@friendly_errors
def evaluate_command(
    transcripts: Annotated[
        list[str] | None,
        typer.Argument(help="With a CSV gold file: the transcripts (or stored ids) it refers to."),
    ] = None,
    gold: Annotated[
        Path | None,
        typer.Option(
            "--gold",
            help="Gold labels: a JSONL file in the coder's data format, or a CSV of "
            "encounter,turn,code rows over TRANSCRIPTS. Default: the shipped development split.",
        ),
    ] = None,
    model: ModelOption = None,
    codebook: CodebookOption = setting("codebook"),
    db: DbOption = setting("db"),
    as_json: JsonOption = False,
) -> None:
    """Measure the coder against gold labels: per-code precision, recall, F1 and kappa."""
    encounters = pipeline.resolve_targets(transcripts, lambda: _engine(db)) if transcripts else []
    coder = pipeline.build_coder(codebook, model, _notify)
    result = pipeline.evaluate(coder, gold, encounters)
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2) + "\n")
        return
    table = _table(
        "code",
        "gold",
        "coded",
        "precision",
        "recall",
        "F1",
        "F1 95% CI",
        "kappa",
        title=f"{result.model_version} on {gold or 'the development split'}",
    )
    for c in result.codes:
        table.add_row(
            c.code,
            str(c.support),
            str(c.predicted),
            f"{c.precision:.2f}",
            f"{c.recall:.2f}",
            f"{c.f1:.2f}",
            f"{c.f1_interval[0]:.2f}–{c.f1_interval[1]:.2f}",
            f"{c.kappa:.2f}",
        )
    out.print(table)
    low, high = result.macro_f1_interval
    out.print(
        f"{result.n_turns} turns, {result.n_passages} passages with a code. "
        f"Macro-F1 {result.macro_f1:.3f} (95% CI {low:.3f}–{high:.3f}); "
        f"top-1 {result.top1:.3f} ({result.top1_interval[0]:.3f}–{result.top1_interval[1]:.3f}); "
        f"top-3 {result.top3:.3f}."
    )


@encounters_app.command("list")
@friendly_errors
def encounters_list(
    db: DbOption = setting("db"),
    patient: Annotated[str | None, typer.Option(help="Only this patient's encounters.")] = None,
    setting_: Annotated[str | None, typer.Option("--setting", help="Only this setting.")] = None,
    subtype: Annotated[str | None, typer.Option(help="Only this discussion subtype.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List stored encounters with their size and codings."""
    engine = _engine(db)
    with engine.connect() as connection:
        summaries = store.list_encounters(
            connection, patient=patient, setting=setting_, subtype=subtype
        )
    rows = [s.as_dict() for s in summaries]
    if as_json:
        sys.stdout.write(json.dumps(rows, default=str, indent=2) + "\n")
        return
    table = _table(
        "id",
        "patient",
        "date",
        "setting",
        "subtype",
        "turns",
        "codings",
        title=f"{len(rows)} encounters",
    )
    for r in rows:
        table.add_row(
            r["id"],
            r["patient"] or "",
            str(r["date"] or ""),
            r["setting"],
            r["subtype"] or "",
            str(r["n_turns"]),
            str(r["n_codings"]),
        )
    out.print(table)


@app.command("export")
@friendly_errors
def export_command(
    kind: Annotated[
        str | None,
        typer.Argument(help="`qdpx` to export the workspace as a REFI-QDA project."),
    ] = None,
    target: Annotated[
        Path | None, typer.Argument(help="With qdpx: the .qdpx file to write.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="csv or jsonl.")] = "csv",
    what: Annotated[
        str, typer.Option(help="turns (one row per turn, with its codes) or codings.")
    ] = "turns",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here instead of stdout.")
    ] = None,
    identified: IdentifiedOption = False,
    deid_mode: DeidentifyModeOption = "tags",
    key: PrivacyKeyOption = None,
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """Export stored turns or codings as CSV or JSON Lines, or the whole workspace as a
    REFI-QDA project (`rapport export qdpx OUT.qdpx`) for MAXQDA, NVivo, ATLAS.ti or
    QualCoder. Exported text is de-identified unless --identified."""
    privacy = Privacy(identified=identified, mode=deid_mode, key=key, notify=_notify)
    if kind is not None:
        if kind != "qdpx" or target is None:
            raise typer.BadParameter("write `rapport export qdpx OUT.qdpx`", param_hint="KIND")
        path, n_encounters, n_codings = pipeline.export_project(
            _engine(db), target, codebook=codebook, privacy=privacy
        )
        out.print(f"{path}: {n_encounters} encounters and {n_codings} codings")
        return
    if fmt not in {"csv", "jsonl"}:
        raise typer.BadParameter("use csv or jsonl", param_hint="--format")
    if what not in pipeline.EXPORT_COLUMNS:
        raise typer.BadParameter("use turns or codings", param_hint="--what")
    rows = pipeline.export_rows(_engine(db), what, load_codebook(codebook), privacy)
    text = pipeline.format_rows(rows, fmt, pipeline.EXPORT_COLUMNS[what])
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {len(rows)} rows to {output}")


@codebook_app.command("export")
@friendly_errors
def codebook_export(
    output: Annotated[Path, typer.Argument(help="The REFI-QDA codebook file to write (.qdc).")],
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """Write the codebook as a REFI-QDA .qdc file: themes as parent codes, codes with colours."""
    out.print(f"wrote {pipeline.export_codebook(output, codebook=codebook)}")


@codebook_app.command("import")
@friendly_errors
def codebook_import(
    path: Annotated[Path, typer.Argument(help="A REFI-QDA codebook (.qdc) from another tool.")],
    output: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="The Rapport codebook YAML to write (default: beside it)."
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Also save the codebook in this workspace."),
    ] = None,
) -> None:
    """Read a .qdc codebook into a Rapport codebook YAML, usable with --codebook."""
    book, written = pipeline.import_codebook(_engine(db) if db else None, path, output)
    out.print(f"{book.name}: {len(book.themes)} themes, {len(book.codes)} codes → {written}")


@codebook_app.command("show")
@friendly_errors
def codebook_show(
    codebook: CodebookOption = setting("codebook"), as_json: JsonOption = False
) -> None:
    """Print the codebook: its themes, codes and definitions."""
    book = load_codebook(codebook)
    if as_json:
        sys.stdout.write(json.dumps(codebook_to_dict(book), indent=2, ensure_ascii=False) + "\n")
        return
    table = Table(
        "theme", "code", "definition", title=book.name, caption=book.citation, show_lines=True
    )
    for theme in book.themes:
        for i, code in enumerate(theme.codes):
            table.add_row(
                f"[{theme.colour}]■[/] {theme.name}" if i == 0 else "",
                f"{code.name}\n[dim]{code.id}[/]",
                code.definition,
            )
    out.print(table)


@db_app.command("upgrade")
@friendly_errors
def db_upgrade(db: DbOption = setting("db")) -> None:
    """Apply database migrations (needed explicitly for shared databases such as PostgreSQL)."""
    migration = store.upgrade(db)
    # never echo a password given in the URL
    shown = store.resolve_url(db).render_as_string(hide_password=True)
    if migration.from_revision == migration.to_revision:
        out.print(f"{shown} is up to date (revision {migration.to_revision})")
        return
    out.print(
        f"{shown} migrated from {migration.from_revision or 'empty'} to {migration.to_revision}"
    )
    if migration.backup is not None:
        out.print(f"backup of the previous database: {migration.backup}")


def _version(value: bool) -> None:
    if value:
        out.print(f"rapport {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Rapport: see, measure and strengthen therapeutic alliance in cancer care."""
