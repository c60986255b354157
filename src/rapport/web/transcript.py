"""The encounter page's transcript rows and code list, written as HTML in Python.

A 1,000-turn transcript is the bulk of the encounter page: rendered by a Jinja loop it cost
more than everything else on the page together, so these two pieces are built here, with
every value from the transcript escaped (``markupsafe.escape``), and the template places
them (``_encounter_body.html.j2``). The markup is the one the template used to write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from rapport.report.common import clock
from rapport.report.encounter import TranscriptRow

_FAMILY = frozenset(("patient", "parent", "family"))
_FLAG = '<span class="flag">emotional moment, not responded to</span>'


def _e(value: Any) -> str:
    return str(escape(value))


def _label(value: Any) -> str:
    """The ``label`` filter: ids with spaces for underscores, escaped."""
    return _e(str(value or "").replace("_", " "))


def transcript_rows(rows: Sequence[TranscriptRow]) -> Markup:
    """One ``<tr>`` per turn (and one per pause after emotion): time, speaker and the text
    with its cue highlights, the turn's codes as chips."""
    out: list[str] = []
    add = out.append
    for row in rows:
        turn = row.turn
        if row.pause:
            add(
                '<tr class="pause"><td></td><td colspan="2">⏸ '
                f"{_e(round(row.pause, 1))} s of silence after emotion</td></tr>"
            )
        first = row.codings[0] if row.codings else None
        start = "" if turn.start is None else f' data-start="{_e(turn.start)}"'
        bar = _e("bar-" + first.code) if first else ""
        family = "family" if str(turn.role) in _FAMILY else ""
        missed = "missed" if row.missed else ""
        add(
            f'    <tr id="turn-{_e(turn.index)}"{start} class="turn {bar} {family} {missed}">\n'
            f'      <td class="time">{_e(clock(turn.start))}</td>\n'
            f'      <td class="who">{_e(turn.speaker)}<small>{_e(turn.role)}</small></td>\n'
            '      <td class="text">'
        )
        if row.missed:
            add(_FLAG)
        for seg in row.segments:
            if seg.code:
                add(f'<mark class="c-{_e(seg.code)}" title="{_label(seg.code)}">')
                add(_e(seg.text))
                add("</mark>")
            else:
                add(_e(seg.text))
        if row.codings:
            add('<div class="chips">')
            for c in row.codings:
                add(f'<span class="chip c-{_e(c.code)}" title="">{_label(c.code)}')
                if c.score is not None:
                    add(f"<small>{_e(f'{c.score:.2f}')}</small>")
                if c.origin != "auto":
                    add(f"<small>{_e(c.coder)}</small>")
                add("</span>")
            add("</div>")
        add("      </td>\n    </tr>\n")
    return Markup("".join(out).removesuffix("\n"))


def code_items(rows: Sequence[TranscriptRow]) -> Markup:
    """One ``<li>`` per coding, in transcript order: the code, its turn, score, origin,
    memo and the cue phrases highlighted for it."""
    out: list[str] = []
    add = out.append
    for row in rows:
        for c in row.codings:
            add(
                f'    <li><a href="#turn-{_e(c.turn_index)}"><span class="chip c-{_e(c.code)}">'
                f"{_label(c.code)}</span></a>\n      turn {_e(c.turn_index)}"
            )
            if c.score is not None:
                add(f" · score {_e(f'{c.score:.2f}')}")
            add(f" · {_e(c.origin)}")
            if c.origin != "auto":
                add(f" ({_e(c.coder)})")
            if c.memo:
                add(f'<div class="memo">“{_e(c.memo)}”</div>')
            for seg in row.segments:
                if seg.code == c.code:
                    add(f'<div class="why">cue: “{_e(seg.text)}”</div>')
            add("    </li>\n")
    return Markup("".join(out))
