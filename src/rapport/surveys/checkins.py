"""Rapport check-ins: a short questionnaire repeated for each dyad on a schedule.

StatPearls advises reviewing regularly how satisfied the client is with the rapport. A
check-in is a schedule (relationship, instrument, every N days from a start date); its
answers arrive as ordinary responses (``rapport surveys import``), so they are scored,
shown on the dyad dashboard and feed the missed-challenge alerts like any other. Schedules
live in a small YAML file beside the workspace, like milestones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import yaml

from rapport.errors import RapportError
from rapport.surveys.instruments import load_instrument
from rapport.surveys.model import Response

#: Instruments short enough to repeat: the parent's Relationship Challenges items and the
#: one-item satisfaction scale.
SHORT = ("rc_parent", "vas_satisfaction")


@dataclass(slots=True, frozen=True)
class CheckIn:
    relationship: str
    instrument: str
    every_days: int
    start: str
    respondent_role: str = "parent"


@dataclass(slots=True, frozen=True)
class Due:
    checkin: CheckIn
    due: dt.date
    last_answered: dt.date | None
    overdue_days: int


def checkins_file(workspace: str | Path) -> Path:
    path = Path(str(workspace))
    return path.with_name(f"{path.name}.checkins.yaml")


def load(path: Path) -> list[CheckIn]:
    if not path.exists():
        return []
    try:
        return [CheckIn(**item) for item in yaml.safe_load(path.read_text("utf-8")) or []]
    except (yaml.YAMLError, TypeError) as error:
        raise RapportError(f"{path}: not a check-ins file ({error})") from None


def schedule(
    path: Path,
    *,
    relationship: str,
    instrument: str = "rc_parent",
    every_days: int = 30,
    start: dt.date,
    respondent_role: str = "parent",
) -> CheckIn:
    """Schedule (or reschedule) a check-in for a relationship."""
    load_instrument(instrument)  # an unknown instrument fails here, with its own message
    if every_days < 1:
        raise RapportError("a check-in repeats every 1 day or more")
    checkin = CheckIn(relationship, instrument, every_days, start.isoformat(), respondent_role)
    kept = [c for c in load(path) if (c.relationship, c.instrument) != (relationship, instrument)]
    temporary = path.with_name(f".{path.name}.tmp")
    text = yaml.safe_dump([asdict(c) for c in [*kept, checkin]], sort_keys=False)
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
    return checkin


def due(checkins: Sequence[CheckIn], responses: Sequence[Response], *, on: dt.date) -> list[Due]:
    """The check-ins due on ``on`` or before and not yet answered since they fell due,
    most overdue first. A check-in falls due every ``every_days`` from its start; an answer
    dated on or after the latest due day settles it."""
    answered: dict[tuple[str, str, str], dt.date] = {}
    for response in responses:
        if response.date is None:
            continue
        key = (response.relationship, response.instrument_id, str(response.role))
        if key not in answered or response.date > answered[key]:
            answered[key] = response.date
    found = []
    for checkin in checkins:
        start = dt.date.fromisoformat(checkin.start)
        if on < start:
            continue
        periods = (on - start).days // checkin.every_days
        latest_due = start + dt.timedelta(days=periods * checkin.every_days)
        last = answered.get((checkin.relationship, checkin.instrument, checkin.respondent_role))
        if last is not None and last >= latest_due:
            continue
        found.append(Due(checkin, latest_due, last, (on - latest_due).days))
    return sorted(found, key=lambda d: (-d.overdue_days, d.checkin.relationship))
