"""The encounter timeline: who talks when, each coded moment by theme, missed openings."""

from __future__ import annotations

import math
from collections.abc import Sequence

from rapport.model import Codebook, Theme

from .drawing import (
    AXIS,
    GRID,
    INK,
    MUTED_INK,
    clock,
    coordinate,
    document,
    escape,
    format_value,
    nice_step,
    shade,
    text,
    text_width,
    tooltip,
    wrap,
)

ROLE_COLOURS = {
    "clinician": "#3f5266",
    "patient": "#a4785a",
    "parent": "#c29a6b",
    "family": "#d6bf98",
    "other": "#b5b9be",
}
ROLE_NAMES = {
    "clinician": "Clinician",
    "patient": "Patient",
    "parent": "Parent",
    "family": "Family",
    "other": "Other",
}
MISSED_COLOUR = "#c0182a"
_TIME_STEPS = (5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200)


def encounter_timeline(
    codebook: Codebook,
    *,
    length: float,
    unit: str,
    talk: Sequence[tuple[float, float, str]],
    events: Sequence[tuple[float, str, str]],
    missed: Sequence[tuple[float, str]],
    width: int = 900,
    axis_label: str | None = None,
    title: str = "Encounter timeline",
    id_prefix: str = "timeline",
) -> str:
    """One encounter laid out in time (``unit="seconds"``) or in turns (``unit="turns"``).

    ``talk`` holds (start, end, role) stretches, ``events`` (position, code id, tooltip)
    and ``missed`` (position, tooltip), all on the scale of ``length``. In turn mode,
    turn *k* (1-based) spans [k-1, k]; put its marks at k-0.5. Positions outside
    [0, length] are drawn at the nearest end. Unknown code ids raise ``ValueError``.
    The axis reads m:ss or turn numbers; ``axis_label`` replaces its default caption
    (say "estimated" there when times are estimated).
    """
    if unit not in {"seconds", "turns"}:
        raise ValueError(f"unit must be 'seconds' or 'turns', not {unit!r}")
    themes = {code.id: theme for theme in codebook.themes for code in theme.codes}
    names = {code.id: code.name for theme in codebook.themes for code in theme.codes}
    unknown = sorted({code_id for _, code_id, _ in events} - set(themes))
    if unknown:
        raise ValueError(f"not codes of codebook {codebook.id!r}: {', '.join(unknown)}")
    for _, _, role in talk:
        if role not in ROLE_COLOURS:
            raise ValueError(f"role {role!r} is not one of {', '.join(ROLE_COLOURS)}")

    font = 10.5
    gutter = 150.0
    right = 18.0
    plot = width - gutter - right
    talk_row, theme_row, missed_row = 13.0, 22.0, 26.0
    top = 8.0
    family_top = top + talk_row + 3
    lanes_top = family_top + talk_row + 10
    missed_top = lanes_top + theme_row * len(codebook.themes)
    axis_y = missed_top + missed_row + 4
    span = max(float(length), 0.0)

    def x_of(position: float) -> float:
        if span <= 0:
            return gutter
        return gutter + plot * min(max(position, 0.0), span) / span

    def where(position: float) -> str:
        return clock(position) if unit == "seconds" else f"turn {math.floor(position) + 1}"

    body: list[str] = []
    ticks = _ticks(span, unit, plot)
    lane_bottom = axis_y
    for tick_position, _ in ticks:
        grid_x = coordinate(x_of(tick_position))
        body.append(
            f'<line class="timeline-grid" x1="{grid_x}" x2="{grid_x}" y1="{coordinate(top)}" '
            f'y2="{coordinate(lane_bottom)}" stroke="{GRID}" stroke-width="1"/>'
        )

    # Who talks when: clinician row above, patient and family row below.
    for row_top, row_name, role in (
        (top, "Clinician", "clinician"),
        (family_top, "Patient & family", "parent"),
    ):
        body.append(_lane_label(row_name, row_top + talk_row / 2, gutter - 20, font))
        body.append(
            f'<rect x="{coordinate(gutter - 16)}" y="{coordinate(row_top + talk_row / 2 - 5)}" '
            f'width="10" height="10" fill="{ROLE_COLOURS[role]}"/>'
        )
        body.append(
            f'<rect x="{coordinate(gutter)}" y="{coordinate(row_top)}" '
            f'width="{coordinate(plot)}" height="{coordinate(talk_row)}" fill="#f6f7f8"/>'
        )
    for start, end, role in sorted(talk):
        row_top = top if role == "clinician" else family_top
        x1, x2 = x_of(start), x_of(end)
        body.append(
            f'<rect class="timeline-talk" data-role="{escape(role)}" x="{coordinate(x1)}" '
            f'y="{coordinate(row_top)}" width="{coordinate(max(x2 - x1, 0.8))}" '
            f'height="{coordinate(talk_row)}" fill="{ROLE_COLOURS[role]}">'
            f"{tooltip(f'{ROLE_NAMES[role]}: {where(start)}–{_end(end, unit)}')}</rect>"
        )

    # One lane per theme.
    for index, theme in enumerate(codebook.themes):
        lane_top = lanes_top + index * theme_row
        middle = lane_top + theme_row / 2
        if index % 2 == 0:
            body.append(
                f'<rect x="{coordinate(gutter)}" y="{coordinate(lane_top)}" '
                f'width="{coordinate(plot)}" height="{coordinate(theme_row)}" '
                f'fill="#f7f8f9" fill-opacity="0.8"/>'
            )
        body.append(
            f'<rect x="{coordinate(gutter - 16)}" y="{coordinate(middle - 5)}" width="10" '
            f'height="10" rx="2" fill="{theme.colour}" stroke="{shade(theme.colour, 0.2)}" '
            f'stroke-width="0.6"/>'
        )
        body.append(_lane_label(theme.name, middle, gutter - 20, font))
    lane_of = {theme.id: i for i, theme in enumerate(codebook.themes)}
    for position, code_id, hint in sorted(events, key=lambda e: (e[0], e[1], e[2])):
        theme = themes[code_id]
        middle = lanes_top + lane_of[theme.id] * theme_row + theme_row / 2
        label = f"{names[code_id]} ({theme.name}) at {where(position)}"
        if hint:
            label += f": {hint}"
        body.append(
            f'<circle class="timeline-event" data-code="{escape(code_id)}" '
            f'data-position="{coordinate(position)}" cx="{coordinate(x_of(position))}" '
            f'cy="{coordinate(middle)}" r="4.5" fill="{theme.colour}" '
            f'fill-opacity="0.9" stroke="{shade(theme.colour, 0.35)}" stroke-width="0.8">'
            f"{tooltip(label)}</circle>"
        )

    # Missed empathic opportunities: hollow red diamonds.
    missed_middle = missed_top + missed_row / 2
    body.append(
        f'<line x1="{coordinate(gutter)}" x2="{coordinate(gutter + plot)}" '
        f'y1="{coordinate(missed_top)}" y2="{coordinate(missed_top)}" stroke="{AXIS}" '
        f'stroke-width="0.8" stroke-dasharray="3 3"/>'
    )
    body.append(_diamond(gutter - 11, missed_middle, 5, None))
    body.append(_lane_label("Missed empathic opportunities", missed_middle, gutter - 20, font))
    for position, hint in sorted(missed):
        label = f"Missed empathic opportunity at {where(position)}"
        if hint:
            label += f": {hint}"
        body.append(_diamond(x_of(position), missed_middle, 5.5, label, position))

    # Axis.
    body.append(
        f'<line x1="{coordinate(gutter)}" x2="{coordinate(gutter + plot)}" '
        f'y1="{coordinate(axis_y)}" y2="{coordinate(axis_y)}" stroke="{AXIS}" stroke-width="1"/>'
    )
    for tick_position, tick_label in ticks:
        x = x_of(tick_position)
        body.append(
            f'<line x1="{coordinate(x)}" x2="{coordinate(x)}" y1="{coordinate(axis_y)}" '
            f'y2="{coordinate(axis_y + 4)}" stroke="{AXIS}" stroke-width="1"/>'
        )
        body.append(
            text(
                x,
                axis_y + 15,
                tick_label,
                size=font - 1,
                anchor="middle",
                fill=MUTED_INK,
                css_class="timeline-tick",
            )
        )
    caption = axis_label or ("Time (m:ss)" if unit == "seconds" else "Turn")
    body.append(
        text(
            gutter + plot / 2,
            axis_y + 31,
            caption,
            size=font,
            anchor="middle",
            fill=MUTED_INK,
            css_class="timeline-axis-label",
        )
    )
    legend_y = axis_y + 50
    roles = {role for _, _, role in talk}
    body.extend(_legend([r for r in ROLE_COLOURS if r in roles], gutter, legend_y, font))
    if span <= 0:
        body.append(
            text(
                gutter + plot / 2,
                lanes_top + 3 * theme_row,
                "No timeline to show",
                size=font + 1,
                anchor="middle",
                fill=MUTED_INK,
                css_class="timeline-empty",
            )
        )
    return document(
        kind="timeline",
        width=width,
        height=legend_y + 12,
        title=title,
        description=_description(span, unit, talk, events, missed, themes),
        id_prefix=id_prefix,
        body=body,
    )


def _end(position: float, unit: str) -> str:
    return clock(position) if unit == "seconds" else f"turn {max(math.ceil(position), 1)}"


def _lane_label(content: str, middle: float, right: float, font: float) -> str:
    lines = wrap(content, right - 12, font)
    line_height = font * 1.1
    first = middle - (len(lines) - 1) / 2 * line_height + 0.35 * font
    return "".join(
        text(
            right,
            first + i * line_height,
            line,
            size=font,
            anchor="end",
            fill=INK,
            css_class="timeline-lane-label",
        )
        for i, line in enumerate(lines)
    )


def _diamond(
    x: float, y: float, radius: float, label: str | None, position: float | None = None
) -> str:
    c = coordinate
    shape = (
        f"M{c(x)} {c(y - radius)}L{c(x + radius)} {c(y)}L{c(x)} {c(y + radius)}"
        f"L{c(x - radius)} {c(y)}Z"
    )
    if label is None:
        return f'<path d="{shape}" fill="#ffffff" stroke="{MISSED_COLOUR}" stroke-width="1.6"/>'
    return (
        f'<path class="timeline-missed" data-position="{c(position or 0.0)}" d="{shape}" '
        f'fill="#ffffff" stroke="{MISSED_COLOUR}" stroke-width="1.6">{tooltip(label)}</path>'
    )


def _ticks(span: float, unit: str, plot: float) -> list[tuple[float, str]]:
    if span <= 0:
        return []
    if unit == "seconds":
        wanted = max(2, min(10, int(plot // 80)))
        step = next((s for s in _TIME_STEPS if span / s <= wanted), _TIME_STEPS[-1])
        return [(i * step, clock(i * step)) for i in range(int(span // step) + 1)]
    wanted = max(2, min(12, int(plot // 60)))
    step = max(1, int(nice_step(span, wanted)))
    turns = [1, *range(step, math.ceil(span) + 1, step)]
    return [(turn - 0.5, str(turn)) for turn in dict.fromkeys(turns) if turn - 0.5 <= span]


def _legend(roles: list[str], left: float, y: float, font: float) -> list[str]:
    parts: list[str] = []
    x = left
    for role in roles:
        parts.append(
            f'<rect x="{coordinate(x)}" y="{coordinate(y - 8)}" width="14" height="9" '
            f'fill="{ROLE_COLOURS[role]}"/>'
        )
        parts.append(text(x + 19, y, ROLE_NAMES[role], size=font - 0.5, fill=MUTED_INK))
        x += 19 + text_width(ROLE_NAMES[role], font - 0.5) + 18
    parts.append(_diamond(x + 5, y - 3.5, 5, None))
    caption = "missed empathic opportunity"
    parts.append(text(x + 15, y, caption, size=font - 0.5, fill=MUTED_INK))
    x += 15 + text_width(caption, font - 0.5) + 18
    parts.append(
        f'<circle cx="{coordinate(x + 5)}" cy="{coordinate(y - 3.5)}" r="4.5" fill="#8a9099"/>'
    )
    parts.append(
        text(x + 15, y, "coded moment, coloured by theme", size=font - 0.5, fill=MUTED_INK)
    )
    return [f'<g class="timeline-legend">{"".join(parts)}</g>']


def _description(
    span: float,
    unit: str,
    talk: Sequence[tuple[float, float, str]],
    events: Sequence[tuple[float, str, str]],
    missed: Sequence[tuple[float, str]],
    themes: dict[str, Theme],
) -> str:
    if span <= 0:
        return "Encounter timeline: no timeline to show."
    extent = clock(span) if unit == "seconds" else f"{format_value(math.ceil(span))} turns"
    clinician = sum(e - s for s, e, role in talk if role == "clinician")
    spoken = sum(e - s for s, e, _ in talk)
    share = f" The clinician holds {clinician / spoken:.0%} of the talk." if spoken > 0 else ""
    per_theme: dict[str, int] = {}
    for _, code_id, _ in events:
        theme_name = themes[code_id].name
        per_theme[theme_name] = per_theme.get(theme_name, 0) + 1
    ranked = sorted(per_theme.items(), key=lambda item: (-item[1], item[0]))
    themes_text = ", ".join(f"{name} {count}" for name, count in ranked) or "none"
    return (
        f"Timeline of an encounter of {extent}.{share} {len(events)} coded moments "
        f"({themes_text}); {len(missed)} missed empathic opportunities."
    )
