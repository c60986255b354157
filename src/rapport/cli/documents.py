"""``rapport documents``: import essays, open answers and reflection notes as documents."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rapport.cli.shared import (
    DbOption,
    JsonOption,
    _engine,
    _table,
    _write_json_lines,
    app,
    friendly_errors,
    out,
)
from rapport.settings import setting

documents_app = typer.Typer(
    help="Import documents (essays, open answers, reflection notes) whose paragraphs are coded.",
    no_args_is_help=True,
)
app.add_typer(documents_app, name="documents")


@documents_app.command("import")
@friendly_errors
def import_documents_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="TXT, Markdown or DOCX documents, or folders of them; metadata (author, "
            "author_role, date, program) from NAME.meta.yaml sidecars."
        ),
    ],
    db: DbOption = setting("db"),
    as_json: JsonOption = False,
) -> None:
    """Import documents as encounters whose turns are paragraphs by the author.

    Every document is read and checked before anything is stored; re-importing an
    unchanged document does nothing. Code their paragraphs with `rapport codings import`.
    """
    from rapport.themes.workspace import import_documents

    outcomes = import_documents(_engine(db), paths)
    if as_json:
        _write_json_lines([o.__dict__ for o in outcomes])
        return
    table = _table("document", "status", "id", "paragraphs", title="Documents")
    for outcome in outcomes:
        table.add_row(
            outcome.source, outcome.status, ", ".join(outcome.encounter_ids), str(outcome.n_turns)
        )
    out.print(table)
