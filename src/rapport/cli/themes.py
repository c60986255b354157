"""``rapport themes``: thematic analysis of coded documents (Braun & Clarke), supported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from rapport.cli.shared import (
    CodebookOption,
    DbOption,
    JsonOption,
    _engine,
    _table,
    _write_json_lines,
    app,
    friendly_errors,
    out,
)
from rapport.errors import RapportError
from rapport.settings import setting

if TYPE_CHECKING:
    from rapport.themes import Memo, ThemeMap, ThemeSummary

themes_app = typer.Typer(
    help="Thematic analysis of coded documents: memos, candidate themes, review, report.",
    no_args_is_help=True,
)
app.add_typer(themes_app, name="themes")

ThemesFile = Annotated[Path, typer.Argument(help="The THEMES.yaml that groups codes into themes.")]


def _summaries(themes_file: Path, db: str) -> tuple[ThemeMap, list[ThemeSummary], list[Memo]]:
    from rapport.themes import read_memos, read_theme_map, summarise_themes
    from rapport.themes.workspace import load_documents

    theme_map = read_theme_map(themes_file)
    encounters, codings = load_documents(_engine(db), theme_map.documents)
    if not encounters:
        raise RapportError("the workspace holds no documents; run `rapport documents import`")
    return theme_map, summarise_themes(theme_map, encounters, codings), read_memos(theme_map.memos)


@themes_app.command("init")
@friendly_errors
def init_command(
    path: Annotated[Path, typer.Argument(help="Where to write the starter THEMES.yaml.")],
    codebook: CodebookOption = setting("codebook"),
    title: Annotated[str, typer.Option(help="The analysis title.")] = "",
    force: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
) -> None:
    """Write a starter THEMES.yaml: one candidate theme per code, to regroup and define."""
    from rapport.themes import starter_theme_map

    if path.exists() and not force:
        raise RapportError(f"{path} exists; add --force to replace it")
    path.write_text(starter_theme_map(codebook, title), encoding="utf-8")
    out.print(f"wrote {path}")


@themes_app.command("memo")
@friendly_errors
def memo_command(
    memo_file: Annotated[Path, typer.Argument(help="The memo file (YAML), e.g. memos.yaml.")],
    text: Annotated[str, typer.Argument(help="The memo.")],
    document: Annotated[str | None, typer.Option(help="The document it is about.")] = None,
    paragraph: Annotated[
        int | None, typer.Option(help="The paragraph (0-based turn index) it is about.")
    ] = None,
    author: Annotated[str, typer.Option(help="Who wrote it.")] = "",
) -> None:
    """Add a memo written while familiarising with the data or reviewing themes."""
    from rapport.themes import Memo, add_memo

    count = add_memo(memo_file, Memo(text, document, paragraph, author, dt.date.today()))
    out.print(f"{memo_file}: {count} memo(s)")


def _cell(codes: list[str], theme_codes: list[str]) -> str:
    if not codes:
        return "·"
    return "✓" if len(theme_codes) == 1 else ", ".join(codes)


@themes_app.command("review")
@friendly_errors
def review_command(
    themes_file: ThemesFile,
    db: DbOption = setting("db"),
    theme: Annotated[str | None, typer.Option(help="Only this theme (its id).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Each theme with its coded extracts side by side: who coded what, and where."""
    _, summaries, memos = _summaries(themes_file, db)
    chosen = [s for s in summaries if theme is None or s.theme.id == theme]
    if theme is not None and not chosen:
        raise RapportError(f"no theme {theme!r} in {themes_file}")
    if as_json:
        _write_json_lines(
            [
                {
                    "theme": s.theme.id,
                    "n": s.n,
                    "N": s.n_total,
                    "documents": s.documents,
                    "extracts": [
                        {
                            "document": e.document,
                            "paragraph": e.paragraph,
                            "codes_by_coder": e.codes_by_coder,
                            "quote": e.quote,
                        }
                        for e in s.extracts
                    ],
                }
                for s in chosen
            ]
        )
        return
    notes = {(m.document, m.paragraph): m for m in memos if m.document}
    for summary in chosen:
        coders = list(summary.n_by_coder)
        out.print(
            f"\n[bold]{escape(summary.theme.name)}[/] ({summary.theme.id}): "
            f"n = {summary.n} of {summary.n_total} documents "
            + " · ".join(f"{c} {n}" for c, n in summary.n_by_coder.items())
        )
        if summary.theme.definition:
            out.print(f"[dim]{escape(summary.theme.definition)}[/]")
        table = _table("extract", *coders, "text", title="")
        for extract in summary.extracts:
            memo = notes.get((extract.document, extract.paragraph))
            text = extract.quote + (f"\n[memo] {memo.text}" if memo else "")
            table.add_row(
                f"{extract.document} ¶{extract.paragraph}",
                *[_cell(extract.codes_by_coder.get(c, []), summary.theme.codes) for c in coders],
                escape(text),
            )
        out.print(table)


@themes_app.command("report")
@friendly_errors
def report_command(
    themes_file: ThemesFile,
    db: DbOption = setting("db"),
    output: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the report here: .html or .docx."),
    ] = None,
) -> None:
    """The report in the shape of a paper: each theme, its definition, n of N documents,
    representative extracts; with no --out, the n-of-N table."""
    from rapport.themes import prevalence_table, report_context, write_theme_report

    theme_map, summaries, memos = _summaries(themes_file, db)
    if output is not None:
        write_theme_report(output, report_context(theme_map, summaries, memos))
        out.print(f"wrote {output}")
        return
    frame = prevalence_table(summaries)
    table = _table(*[str(c) for c in frame.columns], title=theme_map.title)
    for row in frame.itertuples(index=False):
        table.add_row(*[str(v) for v in row])
    out.print(table)


@themes_app.command("suggest")
@friendly_errors
def suggest_command(
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
    coders: Annotated[
        str | None, typer.Option(help="Learn only from these coders, comma-separated.")
    ] = None,
    save: Annotated[
        bool, typer.Option("--store", help="Store them as suggestions (origin auto).")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Suggest codes for uncoded turns or paragraphs from codes people used 5+ times.

    Suggestions never count as human codings; accept one with `rapport themes accept`.
    """
    from rapport.suggestions.workspace import store_suggestions, suggest_in_workspace

    engine = _engine(db)
    chosen = [c for c in (coders or "").split(",") if c]
    found, counts = suggest_in_workspace(engine, codebook, coders=chosen)
    if save:
        added = store_suggestions(engine, codebook, found)
        out.print(f"{added} suggestion(s) stored as suggest:{codebook}")
    if as_json:
        _write_json_lines([s.__dict__ for s in found])
        return
    table = _table("unit", "code", "score", "text", title=f"Suggestions ({codebook})")
    for s in found:
        table.add_row(f"{s.encounter_id} ¶{s.turn_index}", s.code, f"{s.score:.2f}", s.text[:120])
    out.print(table)
    out.print("examples per code: " + ", ".join(f"{c} {n}" for c, n in sorted(counts.items())))


@themes_app.command("accept")
@friendly_errors
def accept_command(
    encounter: Annotated[str, typer.Argument(help="The encounter or document id.")],
    turn: Annotated[int, typer.Argument(help="The turn or paragraph (0-based).")],
    code: Annotated[str, typer.Argument(help="The suggested code.")],
    coder: Annotated[str, typer.Option(help="Who accepts it (the human coder).")],
    db: DbOption = setting("db"),
    codebook: CodebookOption = setting("codebook"),
) -> None:
    """Accept a stored suggestion: it becomes a human coding by --coder."""
    from rapport.suggestions.workspace import accept_suggestion

    accept_suggestion(_engine(db), codebook, encounter, turn, code, coder)
    out.print(f"{encounter} ¶{turn}: {code} accepted by {coder}")
