"""What every command shares: the Typer apps, consoles, options and error handling."""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pandas as pd
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from rapport import pipeline, store
from rapport.errors import RapportError
from rapport.ingest import ReadOptions, parse_roles_option
from rapport.settings import SETTINGS

# Locals are never shown in tracebacks: they would hold transcript text (PHI).
app = typer.Typer(
    help="Rapport: code clinical conversations for therapeutic alliance (Kaye et al. 2021).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    add_completion=False,
)
encounters_app = typer.Typer(
    help="List the encounters stored in the workspace.", no_args_is_help=True
)
codebook_app = typer.Typer(
    help="Show the codebook that codes are drawn from.", no_args_is_help=True
)
db_app = typer.Typer(help="Manage the workspace database.", no_args_is_help=True)
app.add_typer(encounters_app, name="encounters")
app.add_typer(codebook_app, name="codebook")
app.add_typer(db_app, name="db")

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)
F = TypeVar("F", bound=Callable[..., Any])


def _option(name: str, *flags: str) -> Any:
    spec = SETTINGS[name]
    return typer.Option(*flags, help=f"{spec.help} [env: {spec.env}]", show_default=True)


DbOption = Annotated[str, _option("db", "--db")]
CodebookOption = Annotated[str, _option("codebook", "--codebook")]
ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="A model folder written by `rapport train`, or 'cues' for the transparent "
        "cue-phrase coder. Default: the shipped learned coder.",
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Write machine-readable JSON instead of a table.")
]


def friendly_errors(command: F) -> F:
    """Turn a RapportError into one line on stderr and exit code 2, never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except RapportError as exc:
            err.print(f"[bold red]error:[/] {exc.one_line()}", markup=True, soft_wrap=True)
            raise typer.Exit(2) from None
        except KeyboardInterrupt:
            err.print("interrupted; nothing from the file in progress was stored")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


@contextmanager
def progress_bar(description: str) -> Iterator[pipeline.Progress]:
    """A rich progress bar on stderr, fed by pipeline progress callbacks."""
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        TextColumn("{task.fields[label]}", style="dim"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=None, label="")

        def update(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, label=label[-40:])

        yield update


def _notify(message: str) -> None:
    err.print(f"[dim]{message}[/]")


def _engine(db: str) -> Any:
    return store.open_workspace(db)


def _read_options(
    roles: str | None,
    encoding: str | None,
    speaker_column: str | None,
    text_column: str | None,
    dialogue_column: str | None,
    id_column: str | None,
) -> ReadOptions:
    return ReadOptions(
        roles=parse_roles_option(roles) if roles else None,
        encoding=encoding,
        speaker_column=speaker_column,
        text_column=text_column,
        dialogue_column=dialogue_column,
        id_column=id_column,
    )


RolesOption = Annotated[
    str | None,
    typer.Option(
        "--roles",
        help='Map speakers to roles, e.g. "Dr Lee=clinician,Mum=parent". '
        "Roles: clinician, patient, parent, family, other.",
    ),
]
EncodingOption = Annotated[
    str | None, typer.Option("--encoding", help="Read text files in this encoding (e.g. cp1252).")
]
SpeakerColumn = Annotated[str | None, typer.Option(help="CSV: the column naming the speaker.")]
TextColumn_ = Annotated[
    str | None, typer.Option("--text-column", help="CSV: the column holding what was said.")
]
DialogueColumn = Annotated[
    str | None,
    typer.Option(
        help="CSV: a column holding a whole dialogue per row, with [doctor]/[patient] tags or "
        "'Doctor:' prefixes; each row becomes one encounter."
    ),
]
IdColumn = Annotated[str | None, typer.Option(help="CSV: the column holding each encounter's id.")]
Paths = Annotated[list[Path], typer.Argument(help="Transcript files or folders of them.")]


def _table(*columns: str, title: str) -> Table:
    """A table whose first column (an id) is never wrapped or cut."""
    table = Table(title=title)
    for i, column in enumerate(columns):
        table.add_column(column, no_wrap=i == 0)
    return table


def _write_json_lines(rows: Sequence[dict[str, Any]]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")


IdentifiedOption = Annotated[
    bool,
    typer.Option(
        "--identified",
        help="Export the identified text (names, dates, places). By default exports are "
        "de-identified; ask for this only where the data may hold PHI.",
    ),
]
DeidentifyModeOption = Annotated[
    str,
    typer.Option(
        "--deid-mode",
        help="De-identification: tags ([CHILD-1], [DATE-3]) or surrogates (realistic "
        "stand-ins, dates shifted per patient).",
    ),
]
PrivacyKeyOption = Annotated[
    str | None,
    typer.Option(
        "--key",
        envvar="RAPPORT_PRIVACY_KEY",
        help="Secret that makes pseudonyms and date shifts the same in every export "
        "[env: RAPPORT_PRIVACY_KEY].",
    ),
]


def parse_date(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option value, or a one-line error naming the option."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RapportError(f"{option}: {value!r} is not a date (use YYYY-MM-DD)") from None


def _missing(value: Any) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # lists and other containers are values, not missing
        return False


def write_frame(frame: pd.DataFrame, *, as_json: bool, as_csv: bool) -> bool:
    """Write a table to stdout as CSV or JSON Lines (missing values as null); False when
    neither was asked for, so the caller prints its own table."""
    if as_csv:
        sys.stdout.write(frame.to_csv(index=False))
        return True
    if as_json:
        for record in frame.to_dict("records"):
            clean = {key: (None if _missing(value) else value) for key, value in record.items()}
            sys.stdout.write(json.dumps(clean, default=str, ensure_ascii=False) + "\n")
        return True
    return False


def cell(value: Any) -> str:
    """A number or text for a terminal table; empty for missing values."""
    if _missing(value):
        return ""
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1 else f"{value:,.1f}"
    return str(value)
