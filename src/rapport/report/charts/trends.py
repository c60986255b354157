"""Theme trends across a patient's serial encounters: one line per theme."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

from rapport.model import Codebook, Theme

from .drawing import (
    AXIS,
    INK,
    MUTED_INK,
    coordinate,
    document,
    escape,
    format_value,
    shade,
    text,
    text_width,
    tooltip,
    truncate,
    value_axis,
    value_ticks,
)

# One marker shape per theme, so that lines stay apart in grey print as well.
_MARKERS = ("circle", "square", "diamond", "triangle", "triangle-down", "hexagon", "plus")


def theme_trends(
    codebook: Codebook,
    *,
    encounters: Sequence[str],
    values: Mapping[tuple[str, str], float],
    y_label: str,
    title: str = "Themes across encounters",
    width: int = 720,
    height: int = 320,
    id_prefix: str = "trends",
) -> str:
    """One line with markers per theme over ``encounters`` (x labels, in order).

    ``values`` maps (encounter label, theme id) to a value; a missing pair leaves a gap in
    that theme's line. Themes with no value at all are left out of the plot and the
    legend. With one encounter the chart shows points only. Unknown encounter labels or
    theme ids raise ``ValueError``.
    """
    theme_ids = {theme.id for theme in codebook.themes}
    positions = {label: i for i, label in enumerate(encounters)}
    for label, theme_id in values:
        if label not in positions:
            raise ValueError(f"encounter {label!r} is not in encounters")
        if theme_id not in theme_ids:
            raise ValueError(f"{theme_id!r} is not a theme of codebook {codebook.id!r}")
    shown = [t for t in codebook.themes if any((e, t.id) in values for e in encounters)]
    peak = max((float(v) for v in values.values()), default=0.0)
    ticks = value_ticks(peak)

    font = 10.5
    legend_width = max((text_width(t.name, font) for t in shown), default=0.0) + 44
    left = 14 + font * 1.2 + max(text_width(format_value(t), font - 1) for t in ticks) + 8
    right = legend_width + 12
    top = 14.0
    plot_w = width - left - right
    slot = plot_w / max(len(encounters), 1)
    label_w = max((text_width(label, font - 1) for label in encounters), default=0.0)
    slanted = label_w > slot - 6
    label_room = (label_w * 0.72 + 14) if slanted else 18
    bottom = min(label_room, height * 0.4) + font * 2.4
    plot_h = height - top - bottom

    def x_of(index: int) -> float:
        return left + slot * (index + 0.5)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / ticks[-1])

    body: list[str] = value_axis(
        ticks, left=left, top=top, plot_w=plot_w, plot_h=plot_h, label=y_label, font=font,
        name="trends", zero_line=AXIS,
    )  # fmt: skip
    base = top + plot_h
    for index, label in enumerate(encounters):
        x = x_of(index)
        shown_label = truncate(label, 150, font - 1)
        if slanted:
            body.append(
                text(
                    x,
                    base + 14,
                    shown_label,
                    size=font - 1,
                    anchor="end",
                    fill=MUTED_INK,
                    css_class="trends-encounter",
                    transform=f"rotate(-40 {coordinate(x)} {coordinate(base + 14)})",
                )
            )
        else:
            body.append(
                text(
                    x,
                    base + 15,
                    shown_label,
                    size=font - 1,
                    anchor="middle",
                    fill=MUTED_INK,
                    css_class="trends-encounter",
                )
            )
    for order, theme in enumerate(codebook.themes):
        if theme not in shown:
            continue
        body.append(_series(theme, order, encounters, values, x_of, y_of, y_label))
    if not shown:
        body.append(
            text(
                left + plot_w / 2,
                top + plot_h / 2,
                "No values to show",
                size=font + 1,
                anchor="middle",
                fill=MUTED_INK,
                css_class="trends-empty",
            )
        )
    body.append(_legend(shown, codebook, width - legend_width, top + 4, font))
    return document(
        kind="trends",
        width=width,
        height=height,
        title=title,
        description=_description(shown, encounters, values, y_label),
        id_prefix=id_prefix,
        body=body,
    )


def marker(shape: str, x: float, y: float, size: float) -> str:
    """Path data of a point marker about ``size`` across, centred on (x, y)."""
    c = coordinate
    r = size / 2
    if shape == "square":
        r *= 0.88
        return f"M{c(x - r)} {c(y - r)}H{c(x + r)}V{c(y + r)}H{c(x - r)}Z"
    if shape == "diamond":
        r *= 1.2
        return f"M{c(x)} {c(y - r)}L{c(x + r)} {c(y)}L{c(x)} {c(y + r)}L{c(x - r)} {c(y)}Z"
    if shape in {"triangle", "triangle-down"}:
        r *= 1.2
        sign = 1 if shape == "triangle" else -1
        tip, foot = y - sign * r, y + sign * r * 0.75
        return f"M{c(x)} {c(tip)}L{c(x + r)} {c(foot)}L{c(x - r)} {c(foot)}Z"
    if shape == "hexagon":
        r *= 1.08
        points = [
            (x + r * math.cos(math.pi / 3 * i), y + r * math.sin(math.pi / 3 * i)) for i in range(6)
        ]
        return "M" + "L".join(f"{c(px)} {c(py)}" for px, py in points) + "Z"
    if shape == "plus":
        r *= 1.15
        t = r * 0.38
        return (
            f"M{c(x - t)} {c(y - r)}H{c(x + t)}V{c(y - t)}H{c(x + r)}V{c(y + t)}H{c(x + t)}"
            f"V{c(y + r)}H{c(x - t)}V{c(y + t)}H{c(x - r)}V{c(y - t)}H{c(x - t)}Z"
        )
    return (
        f"M{c(x - r)} {c(y)}A{c(r)} {c(r)} 0 1 0 {c(x + r)} {c(y)}"
        f"A{c(r)} {c(r)} 0 1 0 {c(x - r)} {c(y)}Z"
    )


def _series(
    theme: Theme,
    order: int,
    encounters: Sequence[str],
    values: Mapping[tuple[str, str], float],
    x_of: Callable[[int], float],
    y_of: Callable[[float], float],
    y_label: str,
) -> str:
    points = [
        (i, label, float(values[(label, theme.id)]))
        for i, label in enumerate(encounters)
        if (label, theme.id) in values
    ]
    runs: list[str] = []
    previous = -2
    for i, _, value in points:
        command = "L" if i == previous + 1 else "M"
        runs.append(f"{command}{coordinate(x_of(i))} {coordinate(y_of(value))}")
        previous = i
    line_data = "".join(runs)
    outline = shade(theme.colour, 0.3)
    parts = [f'<g class="trend-series" data-theme="{escape(theme.id)}">']
    if "L" in line_data:
        parts.append(
            f'<path class="trend-line" data-theme="{escape(theme.id)}" d="{line_data}" '
            f'fill="none" stroke="{theme.colour}" stroke-width="2.2" '
            'stroke-linejoin="round" stroke-linecap="round"/>'
        )
    shape = _MARKERS[order % len(_MARKERS)]
    for i, label, value in points:
        hint = tooltip(f"{theme.name}, {label}: {format_value(value)} {y_label}")
        parts.append(
            f'<path class="trend-point" data-theme="{escape(theme.id)}" '
            f'data-encounter="{escape(label)}" data-value="{coordinate(value)}" '
            f'd="{marker(shape, x_of(i), y_of(value), 8)}" fill="{theme.colour}" '
            f'stroke="{outline}" stroke-width="0.9">{hint}</path>'
        )
    parts.append("</g>")
    return "".join(parts)


def _legend(shown: list[Theme], codebook: Codebook, left: float, top: float, font: float) -> str:
    parts = ['<g class="trends-legend">']
    orders = {theme.id: i for i, theme in enumerate(codebook.themes)}
    for row, theme in enumerate(shown):
        y = top + row * (font * 1.9) + font
        shape = _MARKERS[orders[theme.id] % len(_MARKERS)]
        parts.append(
            f'<line x1="{coordinate(left)}" x2="{coordinate(left + 26)}" '
            f'y1="{coordinate(y - 3.5)}" y2="{coordinate(y - 3.5)}" stroke="{theme.colour}" '
            'stroke-width="2.2"/>'
        )
        parts.append(
            f'<path d="{marker(shape, left + 13, y - 3.5, 8)}" fill="{theme.colour}" '
            f'stroke="{shade(theme.colour, 0.3)}" stroke-width="0.9"/>'
        )
        parts.append(text(left + 34, y, theme.name, size=font, fill=INK))
    parts.append("</g>")
    return "".join(parts)


def _description(
    shown: list[Theme],
    encounters: Sequence[str],
    values: Mapping[tuple[str, str], float],
    y_label: str,
) -> str:
    if not shown:
        return f"Themes across {len(encounters)} encounters: no values to show."
    pieces = []
    for theme in shown:
        series = [values[(e, theme.id)] for e in encounters if (e, theme.id) in values]
        if len(series) == 1:
            pieces.append(f"{theme.name} {format_value(series[0])}")
        else:
            pieces.append(
                f"{theme.name} from {format_value(series[0])} to {format_value(series[-1])}"
            )
    return (
        f"{y_label} per theme across {len(encounters)} encounters "
        f"({', '.join(encounters[:1])} to {encounters[-1]}): " + "; ".join(pieces) + "."
    )
