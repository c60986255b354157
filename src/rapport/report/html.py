"""The HTML analysis report: per-theme counts, a bar chart and coded transcripts.

The page is one self-contained file (inline CSS and SVG, no scripts, no CDN) so it can
be opened on a machine with no network and kept beside the data it describes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from rapport import __version__
from rapport.model import Codebook, Coding, Encounter, Role

Highlights = Mapping[tuple[str, int], Sequence[tuple[int, int, str]]]


@dataclass(slots=True)
class Segment:
    text: str
    code: str | None = None


@dataclass(slots=True)
class Bar:
    label: str
    value: int
    colour: str
    width: float


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("rapport.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clock"] = clock
    env.filters["ink"] = readable_ink
    return env


def clock(seconds: float | None) -> str:
    """Seconds as m:ss or h:mm:ss; empty when unknown."""
    if seconds is None:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def readable_ink(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (#RRGGBB)."""
    red, green, blue = (int(background[i : i + 2], 16) / 255 for i in (1, 3, 5))
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#111111" if luminance > 0.45 else "#ffffff"


def segments(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Segment]:
    """Split ``text`` into plain and highlighted pieces; overlapping spans keep the first."""
    pieces: list[Segment] = []
    cursor = 0
    for start, end, code in sorted(spans):
        if start < cursor or start >= end or end > len(text):
            continue
        if start > cursor:
            pieces.append(Segment(text[cursor:start]))
        pieces.append(Segment(text[start:end], code))
        cursor = end
    if cursor < len(text):
        pieces.append(Segment(text[cursor:]))
    return pieces


def _bars(
    counts: Mapping[str, int], labels: Mapping[str, str], colours: Mapping[str, str]
) -> list[Bar]:
    top = max(counts.values(), default=0) or 1
    return [
        Bar(labels[key], counts.get(key, 0), colours[key], 100.0 * counts.get(key, 0) / top)
        for key in labels
    ]


def render_report(
    encounters: Sequence[Encounter],
    codings: Iterable[Coding],
    codebook: Codebook,
    *,
    highlights: Highlights | None = None,
    model_version: str | None = None,
    title: str = "Rapport report",
) -> str:
    """The report as an HTML string."""
    codings = list(codings)
    by_turn: dict[tuple[str, int], list[Coding]] = defaultdict(list)
    for coding in codings:
        by_turn[(coding.encounter_id, coding.turn_index)].append(coding)
    code_theme = {code.id: codebook.theme_of(code.id) for code in codebook.codes}
    theme_counts = Counter(code_theme[c.code].id for c in codings if c.code in code_theme)
    code_counts = Counter(c.code for c in codings)
    theme_bars = _bars(
        theme_counts,
        {t.id: t.name for t in codebook.themes},
        {t.id: t.colour for t in codebook.themes},
    )
    n_turns = sum(len(e.turns) for e in encounters)
    clinician_turns = sum(1 for e in encounters for t in e.turns if t.role == Role.CLINICIAN)
    timed = [e.duration_seconds for e in encounters if e.duration_seconds is not None]
    views = []
    for encounter in encounters:
        turns = []
        encounter_themes: Counter[str] = Counter()
        for turn in encounter.turns:
            turn_codings = sorted(
                by_turn.get((encounter.id, turn.index), []), key=lambda c: -(c.score or 0)
            )
            encounter_themes.update(
                code_theme[c.code].id for c in turn_codings if c.code in code_theme
            )
            silence = next((c for c in turn_codings if c.code == "silence" and c.time_span), None)
            spans = (highlights or {}).get((encounter.id, turn.index), [])
            turns.append(
                {
                    "turn": turn,
                    "codings": [c for c in turn_codings if c.code in code_theme],
                    "segments": segments(turn.text, spans),
                    "pause": (silence.time_span[1] - silence.time_span[0])
                    if silence and silence.time_span
                    else None,
                }
            )
        views.append({"encounter": encounter, "turns": turns, "themes": encounter_themes})
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        version=__version__,
        model_version=model_version,
        codebook=codebook,
        code_theme=code_theme,
        theme_bars=theme_bars,
        code_counts=code_counts,
        encounters=views,
        n_encounters=len(encounters),
        n_turns=n_turns,
        clinician_turns=clinician_turns,
        n_codings=len(codings),
        coded_turns=len({(c.encounter_id, c.turn_index) for c in codings}),
        talk_seconds=sum(timed) if timed else None,
        n_timed=len(timed),
    )


def write_report(path: str | Path, html: str) -> Path:
    """Write the report atomically, so a half-written file never replaces a good one."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(html, encoding="utf-8")
    temporary.replace(target)
    return target
