"""Recognition: ``rapport milestones add|message|upcoming|certificate``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from rapport import recognition
from rapport.cli.shared import DbOption, _table, app, friendly_errors, out, parse_date
from rapport.errors import RapportError
from rapport.settings import setting

milestones_app = typer.Typer(
    help="Patients' milestones, the team's messages, and award certificates.",
    no_args_is_help=True,
)
app.add_typer(milestones_app, name="milestones")

FileOption = Annotated[
    Path | None,
    typer.Option("--file", help="The milestones file (default: beside the workspace database)."),
]


def _file(path: Path | None, db: str) -> Path:
    if path is not None:
        return path
    if "://" in db and not db.startswith("sqlite"):
        raise RapportError("with a server database, name the milestones file with --file")
    return recognition.milestones_file(db.split(":///")[-1])


@milestones_app.command("add")
@friendly_errors
def milestones_add(
    patient: Annotated[str, typer.Argument(help="The patient's study id (never their name).")],
    kind: Annotated[
        str, typer.Option("--kind", help=", ".join(recognition.KINDS))
    ] = "personal_goal",
    date: Annotated[str, typer.Option("--date", help="The day (YYYY-MM-DD).")] = "",
    title: Annotated[str, typer.Option("--title", help="What is celebrated, in words.")] = "",
    file: FileOption = None,
    db: DbOption = setting("db"),
) -> None:
    """Record a milestone: end of treatment, a birthday, an anniversary, a personal goal."""
    day = parse_date(date, "--date")
    if not title.strip() or day is None:
        raise RapportError("a milestone needs --date and --title")
    milestone = recognition.add(
        _file(file, db), patient=patient, kind=kind, date=day, title=title.strip()
    )
    out.print(f"milestone {milestone.id} recorded for {patient} on {milestone.date}")


@milestones_app.command("message")
@friendly_errors
def milestones_message(
    milestone: Annotated[str, typer.Argument(help="The milestone id.")],
    text: Annotated[str, typer.Argument(help="The message for the certificate.")],
    author: Annotated[str, typer.Option("--from", help="Who it is from, e.g. 'Nurse Kim'.")] = "",
    file: FileOption = None,
    db: DbOption = setting("db"),
) -> None:
    """Add a team member's short message to a milestone's certificate."""
    found = recognition.add_message(_file(file, db), milestone, author=author, text=text)
    out.print(f"{len(found.messages)} message(s) for milestone {found.id}")


@milestones_app.command("upcoming")
@friendly_errors
def milestones_upcoming(
    days: Annotated[int, typer.Option("--days", help="How far ahead to look.")] = 30,
    as_json: Annotated[bool, typer.Option("--json", help="Write JSON.")] = False,
    file: FileOption = None,
    db: DbOption = setting("db"),
) -> None:
    """Milestones coming up, soonest first: the team's dashboard."""
    coming = recognition.upcoming(_file(file, db), days=days)
    if as_json:
        sys.stdout.write(json.dumps([recognition.as_dict(m) for m in coming]) + "\n")
        return
    table = _table(
        "id", "patient", "date", "kind", "title", "messages", title="Upcoming milestones"
    )
    for m in coming:
        table.add_row(m.id, m.patient, m.date, m.kind, m.title, str(len(m.messages)))
    out.print(table)


@milestones_app.command("certificate")
@friendly_errors
def milestones_certificate(
    milestone: Annotated[str, typer.Argument(help="The milestone id.")],
    name: Annotated[
        str,
        typer.Option("--name", help="The name to print (used for this file only, never stored)."),
    ] = "",
    style: Annotated[str, typer.Option("--style", help="milestone or sunshine.")] = "milestone",
    output: Annotated[
        Path, typer.Option("--out", "-o", help="The PDF (or .html) to write.")
    ] = Path("certificate.pdf"),
    file: FileOption = None,
    db: DbOption = setting("db"),
) -> None:
    """Print an award certificate with the team's messages."""
    found = next((m for m in recognition.load(_file(file, db)) if m.id == milestone), None)
    if found is None:
        raise RapportError(f"no milestone {milestone!r}")
    if output.suffix.lower() == ".html":
        output.write_text(recognition.certificate_html(found, name=name, style=style), "utf-8")
    else:
        output.write_bytes(recognition.certificate_pdf(found, name=name, style=style))
    out.print(f"certificate written to {output}")
