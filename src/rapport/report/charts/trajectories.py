"""Alliance over time per trial arm: a line of means with interval whiskers per group."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from .drawing import INK, MUTED_INK, coordinate, document, escape, shade, text, text_width, tooltip
from .scatter import FONT, axes, scale, signed, tick_width
from .trends import marker

#: Okabe–Ito colours, one per group in order, and a marker shape each for grey print.
GROUP_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
_SHAPES = ("circle", "square", "diamond", "triangle", "triangle-down", "hexagon", "plus")


def _finite(value: float) -> bool:
    return math.isfinite(float(value))


def trajectories(
    series: Mapping[str, Sequence[tuple[str, float, float, float]]],
    *,
    timepoints: Sequence[str],
    y_label: str,
    title: str,
    width: int = 720,
    height: int = 340,
    id_prefix: str = "trajectories",
) -> str:
    """Per group, (timepoint, mean, low, high) drawn as a line of means with whiskers.

    Timepoints are evenly spaced in the order given; groups are nudged apart a little
    at each timepoint so whiskers do not overlap. A missing timepoint breaks the line; a
    NaN bound drops that whisker. Groups keep the order of ``series`` (colours and
    markers follow it). Unknown timepoints raise ``ValueError``. Values come from
    ``rapport.surveys.models.trajectory_means``.
    """
    position = {label: i for i, label in enumerate(timepoints)}
    for group, rows in series.items():
        for label, *_ in rows:
            if label not in position:
                raise ValueError(f"timepoint {label!r} of {group!r} is not in timepoints")
    values = [float(v) for rows in series.values() for _, *vs in rows for v in vs]
    legend_w = max((text_width(str(g), FONT) for g in series), default=0.0) + 44
    top, base = 14.0, height - 44.0
    y = scale(values, base, top, target_ticks=5)
    left = 14 + FONT * 1.2 + tick_width(y) + 8
    right = width - legend_w - 12
    slot = (right - left) / max(len(timepoints), 1)
    x = scale([0.0, 1.0], left, right)
    body = axes(x, y, x_label="", y_label=y_label, prefix="traj", x_ticks=False)
    for label, index in position.items():
        body.append(
            text(
                left + slot * (index + 0.5),
                base + 15,
                label.replace("_", " "),
                size=FONT - 1,
                anchor="middle",
                fill=MUTED_INK,
                css_class="traj-timepoint",
            )
        )
    groups = list(series)
    spread = min(slot * 0.25, 8.0 * max(len(groups) - 1, 0))
    for order, group in enumerate(groups):
        offset = 0.0 if len(groups) < 2 else -spread / 2 + spread * order / (len(groups) - 1)
        colour = GROUP_COLOURS[order % len(GROUP_COLOURS)]
        shape = _SHAPES[order % len(_SHAPES)]
        rows = sorted((r for r in series[group] if _finite(r[1])), key=lambda r: position[r[0]])
        parts = [f'<g class="traj-series" data-group="{escape(group)}">']
        runs, previous = [], -2
        for label, mean, _, _ in rows:
            index = position[label]
            at_x = left + slot * (index + 0.5) + offset
            runs.append(
                f"{'L' if index == previous + 1 else 'M'}{coordinate(at_x)} "
                f"{coordinate(y(float(mean)))}"
            )
            previous = index
        path = "".join(runs)
        if "L" in path:
            parts.append(
                f'<path class="traj-line" d="{path}" fill="none" stroke="{colour}" '
                'stroke-width="2.2" stroke-linejoin="round" stroke-linecap="round"/>'
            )
        for label, mean, low, high in rows:
            at_x = left + slot * (position[label] + 0.5) + offset
            summary = f"{group}, {label.replace('_', ' ')}: {signed(float(mean))}"
            if _finite(low) and _finite(high):
                summary += f" (95% interval {signed(float(low))} to {signed(float(high))})"
                y1, y2 = y(float(low)), y(float(high))
                cap = f'x1="{coordinate(at_x - 4)}" x2="{coordinate(at_x + 4)}"'
                parts.append(
                    f'<g class="traj-interval" data-low="{coordinate(float(low))}" '
                    f'data-high="{coordinate(float(high))}" stroke="{shade(colour, 0.15)}" '
                    f'stroke-width="1.4"><line x1="{coordinate(at_x)}" x2="{coordinate(at_x)}" '
                    f'y1="{coordinate(y1)}" y2="{coordinate(y2)}"/>'
                    f'<line {cap} y1="{coordinate(y1)}" y2="{coordinate(y1)}"/>'
                    f'<line {cap} y1="{coordinate(y2)}" y2="{coordinate(y2)}"/>'
                    f"{tooltip(summary)}</g>"
                )
            parts.append(
                f'<path class="traj-point" data-timepoint="{escape(label)}" '
                f'data-mean="{coordinate(float(mean))}" '
                f'd="{marker(shape, at_x, y(float(mean)), 8.5)}" fill="{colour}" '
                f'stroke="{shade(colour, 0.3)}" stroke-width="0.9">{tooltip(summary)}</path>'
            )
        parts.append("</g>")
        body.append("".join(parts))
    legend = ['<g class="traj-legend">']
    for order, group in enumerate(groups):
        colour = GROUP_COLOURS[order % len(GROUP_COLOURS)]
        row_y = top + 4 + order * FONT * 1.9 + FONT
        lx = width - legend_w
        legend.append(
            f'<line x1="{coordinate(lx)}" x2="{coordinate(lx + 26)}" '
            f'y1="{coordinate(row_y - 3.5)}" y2="{coordinate(row_y - 3.5)}" stroke="{colour}" '
            'stroke-width="2.2"/>'
            f'<path d="{marker(_SHAPES[order % len(_SHAPES)], lx + 13, row_y - 3.5, 8.5)}" '
            f'fill="{colour}" stroke="{shade(colour, 0.3)}" stroke-width="0.9"/>'
        )
        legend.append(text(lx + 34, row_y, str(group), size=FONT, fill=INK))
    legend.append("</g>")
    body.append("".join(legend))
    if not values:
        body.append(
            text(
                (left + right) / 2,
                (top + base) / 2,
                "No values to show",
                size=FONT + 1,
                anchor="middle",
                fill=MUTED_INK,
                css_class="traj-empty",
            )
        )
    return document(
        kind="trajectories",
        width=width,
        height=height,
        title=title,
        description=_description(series, timepoints, y_label),
        id_prefix=id_prefix,
        body=body,
    )


def _description(
    series: Mapping[str, Sequence[tuple[str, float, float, float]]],
    timepoints: Sequence[str],
    y_label: str,
) -> str:
    pieces = []
    for group, rows in series.items():
        ordered = sorted(
            (r for r in rows if _finite(r[1])), key=lambda r: list(timepoints).index(r[0])
        )
        if not ordered:
            continue
        first, last = ordered[0], ordered[-1]
        if first is last:
            pieces.append(f"{group} {signed(float(first[1]))} at {first[0].replace('_', ' ')}")
        else:
            pieces.append(
                f"{group} from {signed(float(first[1]))} at {first[0].replace('_', ' ')} to "
                f"{signed(float(last[1]))} at {last[0].replace('_', ' ')}"
            )
    if not pieces:
        return f"{y_label} over time: no values to show."
    return f"Mean {y_label} over time, per group, with 95% intervals: " + "; ".join(pieces) + "."
