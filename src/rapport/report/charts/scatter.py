"""A scatter plot with a fitted line: one conversation rate against alliance, say.

Also holds the numeric axes the survey charts share (Bland–Altman, trajectories).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .drawing import (
    AXIS,
    GRID,
    INK,
    MUTED_INK,
    coordinate,
    document,
    format_value,
    nice_step,
    shade,
    text,
    text_width,
    tooltip,
    truncate,
)

FONT = 10.5


def signed(value: float) -> str:
    """A value as ``format_value`` writes it, with a true minus sign."""
    shown = format_value(value)
    return "−" + shown[1:] if shown.startswith("-") else shown


@dataclass(slots=True, frozen=True)
class Scale:
    """A linear scale from the data range [low, high] to pixels [start, end]."""

    low: float
    high: float
    start: float
    end: float
    step: float

    def __call__(self, value: float) -> float:
        return self.start + (self.end - self.start) * (value - self.low) / (self.high - self.low)

    @property
    def ticks(self) -> list[float]:
        count = round((self.high - self.low) / self.step)
        return [round(self.low + i * self.step, 10) for i in range(count + 1)]


def scale(values: Iterable[float], start: float, end: float, *, target_ticks: int = 5) -> Scale:
    """A scale with round ends covering the finite ``values`` (0 to 1 when none)."""
    finite = [float(v) for v in values if math.isfinite(float(v))]
    low, high = (min(finite), max(finite)) if finite else (0.0, 1.0)
    if high - low < 1e-12:
        low, high = low - 1.0, high + 1.0
    step = nice_step(high - low, target_ticks)
    return Scale(
        math.floor(low / step + 1e-9) * step,
        math.ceil(high / step - 1e-9) * step,
        start,
        end,
        step,
    )


def tick_width(axis: Scale) -> float:
    return max(text_width(signed(t), FONT - 1) for t in axis.ticks)


def axes(
    x: Scale,
    y: Scale,
    *,
    x_label: str,
    y_label: str,
    prefix: str,
    x_ticks: bool = True,
) -> list[str]:
    """Grid lines, tick labels and axis titles of a plot area framed by the two scales."""
    top, base = y.end, y.start
    left, right = x.start, x.end
    body = []
    for tick in y.ticks:
        at = y(tick)
        body.append(
            f'<line class="{prefix}-grid" x1="{coordinate(left)}" x2="{coordinate(right)}" '
            f'y1="{coordinate(at)}" y2="{coordinate(at)}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            text(
                left - 6,
                at + 3.5,
                signed(tick),
                size=FONT - 1,
                anchor="end",
                fill=MUTED_INK,
                css_class=f"{prefix}-tick",
            )
        )
    if x_ticks:
        for tick in x.ticks:
            at = x(tick)
            body.append(
                f'<line class="{prefix}-grid" x1="{coordinate(at)}" x2="{coordinate(at)}" '
                f'y1="{coordinate(top)}" y2="{coordinate(base)}" stroke="{GRID}" '
                'stroke-width="1"/>'
            )
            body.append(
                text(
                    at,
                    base + 14,
                    signed(tick),
                    size=FONT - 1,
                    anchor="middle",
                    fill=MUTED_INK,
                    css_class=f"{prefix}-tick",
                )
            )
    body.append(
        f'<path class="{prefix}-axis" d="M{coordinate(left)} {coordinate(top)}'
        f'V{coordinate(base)}H{coordinate(right)}" fill="none" stroke="{AXIS}" '
        'stroke-width="1"/>'
    )
    body.append(
        text(
            (left + right) / 2,
            base + 32,
            x_label,
            size=FONT,
            anchor="middle",
            fill=MUTED_INK,
            css_class=f"{prefix}-axis-label",
        )
    )
    middle = (top + base) / 2
    body.append(
        text(
            14,
            middle,
            truncate(y_label, base - top, FONT),
            size=FONT,
            anchor="middle",
            fill=MUTED_INK,
            css_class=f"{prefix}-axis-label",
            transform=f"rotate(-90 {coordinate(14 + FONT * 0.35)} {coordinate(middle)})",
        )
    )
    return body


def scatter_with_fit(
    points: Sequence[tuple[float, float] | tuple[float, float, str]],
    fit: tuple[float, float] | None = None,
    *,
    title: str,
    x_label: str,
    y_label: str,
    note: str = "",
    colour: str = "#0072B2",
    width: int = 360,
    height: int = 280,
    id_prefix: str = "scatter",
) -> str:
    """Points (x, y[, label]) and the line y = intercept + slope · x of ``fit``.

    Meant for the bridge: one small chart per theme, the theme's rate per hour on x and
    the alliance score on y, ``fit`` the least-squares (intercept, slope) and ``note``
    the statistic in words ("r = 0.42 (0.05 to 0.70), n = 24"). Points with a
    non-finite coordinate are left out and counted in the description. The line spans
    the points' x range. Colours are #RRGGBB.
    """
    shown = [p for p in points if math.isfinite(float(p[0])) and math.isfinite(float(p[1]))]
    left_out = len(points) - len(shown)
    xs = [float(p[0]) for p in shown]
    ys = [float(p[1]) for p in shown]
    line: tuple[float, float, float, float] | None = None
    intercept = slope = math.nan
    if fit is not None and xs and all(math.isfinite(v) for v in fit):
        intercept, slope = float(fit[0]), float(fit[1])
        x0, x1 = min(xs), max(xs)
        line = (x0, intercept + slope * x0, x1, intercept + slope * x1)
    y_values = ys + ([line[1], line[3]] if line else [])
    top = 14.0 + (FONT * 1.6 if note else 0.0)
    base = height - 44.0
    y = scale(y_values, base, top)
    left = 14 + FONT * 1.2 + tick_width(y) + 8
    x = scale(xs or [0.0], left, width - 14.0)
    body = axes(x, y, x_label=x_label, y_label=y_label, prefix="scatter")
    if note:
        body.append(
            text(
                left + 4,
                14 + FONT,
                truncate(note, width - left - 18, FONT),
                size=FONT,
                fill=INK,
                css_class="scatter-note",
            )
        )
    outline = shade(colour, 0.3)
    for point in shown:
        px, py = float(point[0]), float(point[1])
        label = f"{point[2]}: " if len(point) == 3 else ""
        hint = tooltip(f"{label}{x_label} {signed(px)}, {y_label} {signed(py)}")
        body.append(
            f'<circle class="scatter-point" data-x="{coordinate(px)}" data-y="{coordinate(py)}" '
            f'cx="{coordinate(x(px))}" cy="{coordinate(y(py))}" r="3.6" fill="{colour}" '
            f'fill-opacity="0.75" stroke="{outline}" stroke-width="0.8">{hint}</circle>'
        )
    if line:
        x0, y0, x1, y1 = line
        body.append(
            f'<line class="scatter-fit" data-intercept="{coordinate(intercept)}" '
            f'data-slope="{coordinate(slope)}" x1="{coordinate(x(x0))}" '
            f'y1="{coordinate(y(y0))}" x2="{coordinate(x(x1))}" y2="{coordinate(y(y1))}" '
            f'stroke="{INK}" stroke-width="1.6">'
            f"{tooltip(f'Fitted line: {y_label} = {signed(intercept)} + {signed(slope)} × x')}"
            "</line>"
        )
    if not shown:
        body.append(
            text(
                (left + width - 14) / 2,
                (top + base) / 2,
                "No values to show",
                size=FONT + 1,
                anchor="middle",
                fill=MUTED_INK,
                css_class="scatter-empty",
            )
        )
    description = (
        f"Scatter plot of {y_label} against {x_label}: {len(shown)} points"
        + (f" ({left_out} without a value left out)" if left_out else "")
        + (f", with a fitted line of slope {signed(slope)}" if line else "")
        + (f". {note}" if note else "")
        + "."
    )
    return document(
        kind="scatter",
        width=width,
        height=height,
        title=title,
        description=description.replace("..", "."),
        id_prefix=id_prefix,
        body=body,
    )


__all__ = ["Scale", "axes", "scale", "scatter_with_fit", "signed"]
