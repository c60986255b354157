"""The alliance wheel: the Kaye 2021 framework figure with each code's count drawn in.

The wheel reads from the hub outwards: the hub holds the total, one spoke per code
grows from the hub in its theme's colour, a rim of theme bands names the themes, and
the code names stand outside the rim. Every code has the same angle, and a spoke's
*area* is proportional to its value (its outer radius grows with the square root), over
a faint full-length track so that codes never used still show.

The theme names sit on the rim rather than on a ring next to the hub because the
smallest Kaye theme (Presence, 2 of 28 codes) is too narrow near the hub to hold its
name legibly; on the rim it has room.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from rapport.model import Codebook, Theme

from .drawing import (
    FAINT_INK,
    INK,
    MUTED_INK,
    char_width,
    coordinate,
    document,
    escape,
    format_value,
    readable_ink,
    shade,
    text,
    text_width,
    tint,
    tooltip,
    truncate,
    wrap,
)

_TRACKING = 0.05  # extra space between the letters of curved theme names, in em
_RIM_GAP = 0.004 * 2 * math.pi  # white gap between theme bands, in radians


@dataclass(slots=True)
class _Slot:
    code_id: str
    name: str
    theme: Theme
    value: float
    start: float  # radians, clockwise from twelve o'clock
    end: float

    @property
    def middle(self) -> float:
        return (self.start + self.end) / 2


def alliance_wheel(
    codebook: Codebook,
    counts: Mapping[str, float],
    *,
    title: str,
    unit: str = "codings",
    size: int = 460,
    id_prefix: str = "wheel",
) -> str:
    """The alliance wheel for ``counts`` (code id -> count or rate) as one ``<svg>``.

    Codes missing from ``counts`` count as 0; ids that are not codes of ``codebook``
    raise ``ValueError``. ``size`` is the width and height of the square SVG; names are
    laid out for 400 and up (460 suits a report column, 560 a page; below 400 long
    theme names are cut with an ellipsis, the full name staying in the tooltip).
    """
    known = {code.id for theme in codebook.themes for code in theme.codes}
    unknown = sorted(set(counts) - known)
    if unknown:
        raise ValueError(f"not codes of codebook {codebook.id!r}: {', '.join(unknown)}")
    values = {code_id: max(float(counts.get(code_id, 0.0)), 0.0) for code_id in known}
    slots = _slots(codebook, values)
    total = sum(values.values())
    peak = max(values.values(), default=0.0)

    half = size / 2
    code_font = min(max(size / 46, 8.5), 11.0)
    theme_font = code_font * 0.98
    rim_width = theme_font * 1.9
    label_gap = code_font * 0.5
    labels = {slot.code_id: _label_lines(slot, code_font, half * 0.36) for slot in slots}
    outer = _outer_radius(slots, labels, half, rim_width + 2 + label_gap, code_font)
    hub = max(outer * 0.3, code_font * 3.4)

    body: list[str] = [
        f'<circle class="wheel-hub" cx="{coordinate(half)}" cy="{coordinate(half)}" '
        f'r="{coordinate(hub - 2)}" fill="#f3f4f6"/>'
    ]
    rim_middle = outer + 2 + rim_width / 2
    rim_font = _rim_type(
        [
            (
                theme.name,
                (len(theme.codes) * 2 * math.pi / len(slots) - _RIM_GAP) * rim_middle * 0.9,
            )
            for theme in codebook.themes
            if theme.codes
        ],
        theme_font,
    )
    for theme in codebook.themes:
        theme_slots = [slot for slot in slots if slot.theme.id == theme.id]
        if not theme_slots:
            continue
        theme_total = sum(slot.value for slot in theme_slots)
        body.append(
            f'<g class="theme-sector" data-theme="{escape(theme.id)}" '
            f'data-value="{coordinate(theme_total)}">'
        )
        for slot in theme_slots:
            body.extend(_spoke(slot, half, hub, outer, peak, total, unit))
        body.extend(
            _rim(theme, theme_slots, theme_total, half, outer + 2, rim_width, rim_font, unit)
        )
        for slot in theme_slots:
            body.append(
                _code_label(
                    slot, labels[slot.code_id], half, outer + 2 + rim_width + label_gap, code_font
                )
            )
        body.append("</g>")
    body.extend(_hub_text(total, unit, half, hub))
    return document(
        kind="wheel",
        width=size,
        height=size,
        title=title,
        description=_description(codebook, slots, total, unit),
        id_prefix=id_prefix,
        body=body,
    )


def _slots(codebook: Codebook, values: Mapping[str, float]) -> list[_Slot]:
    codes = [(theme, code) for theme in codebook.themes for code in theme.codes]
    step = 2 * math.pi / max(len(codes), 1)
    return [
        _Slot(code.id, code.name, theme, values[code.id], i * step, (i + 1) * step)
        for i, (theme, code) in enumerate(codes)
    ]


def _point(half: float, radius: float, angle: float) -> tuple[float, float]:
    return half + radius * math.sin(angle), half - radius * math.cos(angle)


def _annulus(half: float, inner: float, outer: float, start: float, end: float) -> str:
    """Path data of the ring sector between two radii and two angles."""
    large = 1 if end - start > math.pi else 0
    x1, y1 = _point(half, outer, start)
    x2, y2 = _point(half, outer, end)
    x3, y3 = _point(half, inner, end)
    x4, y4 = _point(half, inner, start)
    c = coordinate
    return (
        f"M{c(x1)} {c(y1)}A{c(outer)} {c(outer)} 0 {large} 1 {c(x2)} {c(y2)}"
        f"L{c(x3)} {c(y3)}A{c(inner)} {c(inner)} 0 {large} 0 {c(x4)} {c(y4)}Z"
    )


def _spoke(
    slot: _Slot, half: float, hub: float, outer: float, peak: float, total: float, unit: str
) -> list[str]:
    gap = min(0.012 * 2 * math.pi, (slot.end - slot.start) * 0.12)
    start, end = slot.start + gap / 2, slot.end - gap / 2
    if peak > 0 and slot.value > 0:
        radius = math.sqrt(hub**2 + (outer**2 - hub**2) * slot.value / peak)
        radius = max(radius, hub + 2)
    else:
        radius = hub
    share = f" ({slot.value / total:.0%} of all)" if total > 0 else ""
    hint = tooltip(f"{slot.name} · {slot.theme.name}: {format_value(slot.value)} {unit}{share}")
    colour = slot.theme.colour
    value = coordinate(slot.value)
    stroke = (
        f'stroke="{shade(colour, 0.2)}" stroke-width="0.6"' if slot.value > 0 else 'stroke="none"'
    )
    return [
        f'<path class="code-track" data-code="{escape(slot.code_id)}" '
        f'd="{_annulus(half, hub, outer, start, end)}" fill="{tint(colour, 0.8)}">{hint}</path>',
        f'<path class="code-segment" data-code="{escape(slot.code_id)}" data-value="{value}" '
        f'd="{_annulus(half, hub, radius, start, end)}" fill="{colour}" {stroke}>{hint}</path>',
    ]


def _rim(
    theme: Theme,
    slots: list[_Slot],
    theme_total: float,
    half: float,
    inner: float,
    width: float,
    font: tuple[float, float],
    unit: str,
) -> list[str]:
    start, end = slots[0].start, slots[-1].end
    gap = _RIM_GAP
    middle = inner + width / 2
    room = (end - start - gap) * middle * 0.9
    size, tracking = font
    name = theme.name
    if _curved_width(name, size, tracking) > room:
        name = truncate(name, room, size, bold=True)
    hint = tooltip(f"{theme.name}: {format_value(theme_total)} {unit}")
    band = _annulus(half, inner, inner + width, start + gap / 2, end - gap / 2)
    return [
        f'<path class="theme-band" d="{band}" fill="{theme.colour}">{hint}</path>',
        _curved_text(
            name, half, middle, (start + end) / 2, size, tracking, readable_ink(theme.colour)
        ),
    ]


def _rim_type(names: list[tuple[str, float]], font_size: float) -> tuple[float, float]:
    """One font size and letter spacing at which every (name, room) fits, if any does."""
    size, tracking = font_size, _TRACKING
    while size > 6.5 and any(_curved_width(n, size, tracking) > room for n, room in names):
        if tracking > 0:
            tracking = 0.0
        else:
            size -= 0.25
    return size, tracking


def _curved_width(content: str, size: float, tracking: float) -> float:
    return text_width(content, size, bold=True) + tracking * size * max(len(content) - 1, 0)


def _curved_text(
    content: str,
    half: float,
    radius: float,
    middle: float,
    size: float,
    tracking: float,
    fill: str,
) -> str:
    """``content`` set letter by letter along a circle, centred on angle ``middle``.

    Each letter gets its own position and rotation (``x``/``y``/``rotate`` lists), which
    Chromium and WeasyPrint both draw the same; ``textPath`` is not drawn by WeasyPrint.
    Names in the lower half run anticlockwise so that they are never upside down.
    """
    upright_below = math.pi / 2 < (middle % (2 * math.pi)) < 3 * math.pi / 2
    baseline = radius + 0.35 * size if upright_below else radius - 0.35 * size
    total = _curved_width(content, size, tracking)
    xs: list[str] = []
    ys: list[str] = []
    rotations: list[str] = []
    advance = 0.0
    for char in content:
        width = char_width(char, size, bold=True)
        offset = (advance + width / 2 - total / 2) / baseline
        angle = middle - offset if upright_below else middle + offset
        centre_x, centre_y = _point(half, baseline, angle)
        direction = angle - math.pi if upright_below else angle
        xs.append(coordinate(centre_x - width / 2 * math.cos(direction)))
        ys.append(coordinate(centre_y - width / 2 * math.sin(direction)))
        rotations.append(coordinate(math.degrees(direction)))
        advance += width + tracking * size
    return (
        f'<text class="theme-label" x="{" ".join(xs)}" y="{" ".join(ys)}" '
        f'rotate="{" ".join(rotations)}" font-size="{coordinate(size)}" fill="{fill}" '
        f'font-weight="bold">{escape(content)}</text>'
    )


def _label_lines(slot: _Slot, font_size: float, max_width: float) -> list[str]:
    return wrap(slot.name, max_width, font_size)


def _label_length(lines: list[str], value: float, font_size: float) -> float:
    count = f"  {format_value(value)}"
    widths = [text_width(line, font_size) for line in lines]
    widths[-1] += text_width(count, font_size, bold=True)
    return max(widths)


def _outer_radius(
    slots: list[_Slot],
    labels: Mapping[str, list[str]],
    half: float,
    offset: float,
    font_size: float,
) -> float:
    """The largest track radius at which every code name still fits inside the square."""
    margin = 3.0
    best = half
    for slot in slots:
        lines = labels[slot.code_id]
        length = _label_length(lines, slot.value, font_size)
        thickness = len(lines) * font_size * 1.15
        reach = max(abs(math.sin(slot.middle)), abs(math.cos(slot.middle)))
        across = min(abs(math.sin(slot.middle)), abs(math.cos(slot.middle)))
        room = (half - margin - thickness / 2 * across) / reach
        best = min(best, room - offset - length)
    return max(best, half * 0.3)


def _code_label(slot: _Slot, lines: list[str], half: float, radius: float, font_size: float) -> str:
    """The code's name (and value) along its spoke, reading outwards, never upside down."""
    angle = slot.middle % (2 * math.pi)
    left = angle > math.pi + 1e-9
    x, y = _point(half, radius, angle)
    degrees = math.degrees(angle) + (90 if left else -90)
    anchor = "end" if left else "start"
    fill = INK if slot.value > 0 else FAINT_INK
    count_fill = MUTED_INK if slot.value > 0 else FAINT_INK
    line_height = font_size * 1.12
    first = -(len(lines) - 1) / 2 * line_height + 0.35 * font_size
    parts = [
        f'<g class="code-label" data-code="{escape(slot.code_id)}" '
        f'transform="translate({coordinate(x)} {coordinate(y)}) rotate({coordinate(degrees)})">'
    ]
    for i, line in enumerate(lines):
        content = escape(line)
        if i == len(lines) - 1:
            content += (
                f'<tspan font-weight="bold" fill="{count_fill}">'
                f"\u2002{escape(format_value(slot.value))}</tspan>"
            )
        parts.append(
            f'<text x="0" y="{coordinate(first + i * line_height)}" '
            f'font-size="{coordinate(font_size)}" text-anchor="{anchor}" fill="{fill}">'
            f"{content}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


def _hub_text(total: float, unit: str, half: float, hub: float) -> list[str]:
    small = min(max(hub * 0.24, 8.5), 11.5)
    if total <= 0:
        heading, heading_size, bold, css = (
            "No",
            min(max(hub * 0.3, 10.0), 14.0),
            False,
            "wheel-empty",
        )
        ink = MUTED_INK
    else:
        heading, heading_size, bold, css = (
            format_value(total),
            min(hub * 0.48, 28.0),
            True,
            "wheel-total",
        )
        ink = INK
        while heading_size > 9 and text_width(heading, heading_size, bold=True) > hub * 1.7:
            heading_size -= 0.5
    lines = [truncate(line, hub * 1.6, small) for line in wrap(unit, hub * 1.5, small)]
    block = heading_size * 0.75 + len(lines) * small * 1.2
    baseline = half - block / 2 + heading_size * 0.75
    parts = [
        text(
            half,
            baseline,
            heading,
            size=heading_size,
            anchor="middle",
            bold=bold,
            fill=ink,
            css_class=css,
        )
    ]
    for i, line in enumerate(lines):
        parts.append(
            text(
                half,
                baseline + small * 1.25 * (i + 1),
                line,
                size=small,
                anchor="middle",
                fill=MUTED_INK,
                css_class="wheel-unit",
            )
        )
    return parts


def _description(codebook: Codebook, slots: list[_Slot], total: float, unit: str) -> str:
    themes = len(codebook.themes)
    if total <= 0:
        return (
            f"Alliance wheel of {len(slots)} codes in {themes} themes: no {unit} recorded, "
            "so every spoke is empty."
        )
    ranked = sorted((s for s in slots if s.value > 0), key=lambda s: (-s.value, s.name))
    top = ", ".join(f"{s.name} ({format_value(s.value)})" for s in ranked[:3])
    by_theme = {
        theme.name: sum(s.value for s in slots if s.theme.id == theme.id)
        for theme in codebook.themes
    }
    lead = max(by_theme.items(), key=lambda item: item[1])
    unused = sum(1 for s in slots if s.value == 0)
    return (
        f"Alliance wheel of {format_value(total)} {unit} across {len(slots)} codes in {themes} "
        f"themes. Most frequent codes: {top}. Largest theme: {lead[0]} "
        f"({format_value(lead[1])}). {unused} of {len(slots)} codes not used."
    )
