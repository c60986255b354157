"""Recognising patients' milestones: a care team records them, collects short messages,
and prints an award certificate (Chung et al. 2024's Milestone and Sunshine awards).

Milestones live in a small YAML file beside the workspace (``<workspace>.milestones.yaml``),
holding the patient's study id only: the patient's name is typed in when the certificate is
printed and is never stored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rapport.errors import RapportError

KINDS = ("end_of_treatment", "birthday", "treatment_anniversary", "personal_goal", "other")
STYLES = {
    "milestone": ("Milestone Award", "#1f3a4d", "#e8b04a"),
    "sunshine": ("Sunshine Award", "#b45309", "#fcd34d"),
}


@dataclass(slots=True)
class Message:
    author: str
    text: str
    written: str


@dataclass(slots=True)
class Milestone:
    id: str
    patient: str
    kind: str
    date: str
    title: str
    messages: list[Message] = field(default_factory=list)

    @property
    def day(self) -> dt.date:
        return dt.date.fromisoformat(self.date)


def milestones_file(workspace: str | Path) -> Path:
    """Where a workspace's milestones are kept: beside the database file."""
    path = Path(str(workspace))
    return path.with_name(f"{path.name}.milestones.yaml")


def load(path: Path) -> list[Milestone]:
    if not path.exists():
        return []
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        return [
            Milestone(
                **{k: v for k, v in item.items() if k != "messages"},
                messages=[Message(**m) for m in item.get("messages", [])],
            )
            for item in raw
        ]
    except (yaml.YAMLError, TypeError, AttributeError) as error:
        raise RapportError(f"{path}: not a milestones file ({error})") from None


def save(path: Path, milestones: list[Milestone]) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    text = yaml.safe_dump([asdict(m) for m in milestones], sort_keys=False, allow_unicode=True)
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def add(path: Path, *, patient: str, kind: str, date: dt.date, title: str) -> Milestone:
    """Record a milestone for a patient (by study id)."""
    if kind not in KINDS:
        raise RapportError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    milestones = load(path)
    identity = hashlib.sha256(f"{patient}|{kind}|{date}|{title}".encode()).hexdigest()[:8]
    if any(m.id == identity for m in milestones):
        raise RapportError(f"that milestone is already recorded as {identity}")
    milestone = Milestone(identity, patient, kind, date.isoformat(), title)
    save(path, [*milestones, milestone])
    return milestone


def _find(milestones: list[Milestone], identity: str) -> Milestone:
    for milestone in milestones:
        if milestone.id == identity:
            return milestone
    raise RapportError(f"no milestone {identity!r}; see `rapport milestones upcoming --days 3650`")


def add_message(path: Path, identity: str, *, author: str, text: str) -> Milestone:
    """A team member's short message for the certificate."""
    if not text.strip() or not author.strip():
        raise RapportError("a message needs its text and its author")
    milestones = load(path)
    milestone = _find(milestones, identity)
    milestone.messages.append(Message(author.strip(), text.strip(), dt.date.today().isoformat()))
    save(path, milestones)
    return milestone


def upcoming(path: Path, *, days: int = 30, today: dt.date | None = None) -> list[Milestone]:
    """Milestones from today to ``days`` ahead, soonest first, for the team's dashboard."""
    start = today or dt.date.today()
    end = start + dt.timedelta(days=days)
    return sorted((m for m in load(path) if start <= m.day <= end), key=lambda m: m.day)


def certificate_html(milestone: Milestone, *, name: str, style: str = "milestone") -> str:
    """The certificate as a one-page landscape HTML page (printed to PDF by WeasyPrint)."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    if style not in STYLES:
        raise RapportError(f"style must be one of {', '.join(STYLES)}, not {style!r}")
    if not name.strip():
        raise RapportError("the certificate needs the name to print on it")
    award, ink, accent = STYLES[style]
    env = Environment(
        loader=PackageLoader("rapport.recognition", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )
    return env.get_template("certificate.html.j2").render(
        award=award,
        ink=ink,
        accent=accent,
        name=name.strip(),
        milestone=milestone,
        date=milestone.day.strftime("%d %B %Y"),
        sunshine=style == "sunshine",
    )


def certificate_pdf(milestone: Milestone, *, name: str, style: str = "milestone") -> bytes:
    from rapport.report.render import pdf_bytes

    return pdf_bytes(certificate_html(milestone, name=name, style=style))


def as_dict(milestone: Milestone) -> dict[str, Any]:
    return asdict(milestone)
