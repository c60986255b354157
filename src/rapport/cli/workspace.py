"""The workspace itself: ``rapport backup`` and ``rapport restore``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rapport.cli.shared import DbOption, app, friendly_errors, out
from rapport.settings import setting
from rapport.store.backup import backup, restore


@app.command("backup")
@friendly_errors
def backup_command(
    output: Annotated[Path, typer.Argument(help="The backup file to write (must not exist).")],
    db: DbOption = setting("db"),
) -> None:
    """A consistent snapshot of the workspace, safe to take while others write to it."""
    result = backup(db, output)
    rows = sum(result.rows.values())
    detail = f", revision {result.revision}, {rows:,} rows" if result.rows else ""
    out.print(f"backed up to {result.path} ({result.bytes:,} bytes{detail})")


@app.command("restore")
@friendly_errors
def restore_command(
    backup_file: Annotated[Path, typer.Argument(help="A file written by `rapport backup`.")],
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace a workspace that holds data (a copy is kept first)."),
    ] = False,
    db: DbOption = setting("db"),
) -> None:
    """Restore a backup into the workspace."""
    result = restore(backup_file, db, force=force)
    out.print(f"restored {backup_file} into {result.path} (revision {result.revision})")
