"""A forest plot: one estimate per row with its confidence interval, e.g. κ per code."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from .drawing import (
    AXIS,
    GRID,
    INK,
    MUTED_INK,
    coordinate,
    document,
    escape,
    nice_step,
    shade,
    text,
    text_width,
    tooltip,
    truncate,
)

_FONT = 10.5
_ROW = 22.0
_NOT_ESTIMABLE = "not estimable"


def _number(value: float) -> str:
    """Two decimals with a true minus sign: 0.82, −0.01."""
    shown = f"{value:.2f}"
    return "−" + shown[1:] if shown.startswith("-") and shown != "-0.00" else shown.lstrip("-")


def _finite(value: float) -> bool:
    return isinstance(value, int | float) and math.isfinite(value)


def _summary(estimate: float, low: float, high: float) -> str:
    if not _finite(estimate):
        return _NOT_ESTIMABLE
    if _finite(low) and _finite(high):
        return f"{_number(estimate)} ({_number(low)} to {_number(high)})"
    return _number(estimate)


def _domain(
    rows: Sequence[tuple[str, float, float, float, str]], reference_lines: Sequence[float]
) -> tuple[float, float, float]:
    values = [float(v) for _, e, lo, hi, _ in rows for v in (e, lo, hi) if _finite(v)]
    values += [float(v) for v in reference_lines]
    low, high = min([0.0, *values]), max([1.0, *values])
    step = nice_step(high - low, 6)
    return math.floor(low / step - 1e-9) * step, math.ceil(high / step - 1e-9) * step, step


def forest_plot(
    rows: Sequence[tuple[str, float, float, float, str]],
    *,
    x_label: str = "Cohen's κ",
    reference_lines: Sequence[float] = (0.0, 0.6, 0.8),
    title: str,
    width: int = 720,
    id_prefix: str = "forest",
) -> str:
    """Rows of (label, estimate, low, high, colour) as points with interval whiskers.

    Rows keep their order top to bottom (22 px a row). A NaN estimate reads "not
    estimable"; a NaN bound leaves the point without whiskers. The x axis spans 0 to 1
    and whatever else the values and ``reference_lines`` (dashed verticals, e.g. κ 0.6
    and 0.8) need. Each row's estimate and interval are printed on the right. Colours
    are #RRGGBB.
    """
    summaries = [_summary(float(e), float(lo), float(hi)) for _, e, lo, hi, _ in rows]
    label_w = min(
        max((text_width(label, _FONT) for label, *_ in rows), default=40.0) + 14, width * 0.35
    )
    value_w = max((text_width(s, _FONT) for s in summaries), default=40.0) + 12
    left, right = label_w, width - value_w
    top = 8.0
    plot_h = _ROW * max(len(rows), 1)
    low_end, high_end, step = _domain(rows, reference_lines)

    def x_of(value: float) -> float:
        return left + (right - left) * (value - low_end) / (high_end - low_end)

    base = top + plot_h
    body: list[str] = []
    ticks = [low_end + i * step for i in range(round((high_end - low_end) / step) + 1)]
    for tick in ticks:
        x = x_of(tick)
        body.append(
            f'<line class="forest-grid" x1="{coordinate(x)}" x2="{coordinate(x)}" '
            f'y1="{coordinate(top)}" y2="{coordinate(base)}" stroke="{GRID}" stroke-width="1"/>'
        )
        body.append(
            text(
                x,
                base + 14,
                _number(tick).rstrip("0").rstrip(".") or "0",
                size=_FONT - 1,
                anchor="middle",
                fill=MUTED_INK,
                css_class="forest-tick",
            )
        )
    for reference in reference_lines:
        x = x_of(float(reference))
        dash = "" if float(reference) == 0 else ' stroke-dasharray="4 3"'
        body.append(
            f'<line class="forest-reference" data-value="{coordinate(float(reference))}" '
            f'x1="{coordinate(x)}" x2="{coordinate(x)}" y1="{coordinate(top)}" '
            f'y2="{coordinate(base)}" stroke="{AXIS if float(reference) == 0 else MUTED_INK}" '
            f'stroke-width="1"{dash}>{tooltip(f"{x_label} = {_number(float(reference))}")}</line>'
        )
    body.append(
        f'<line class="forest-axis" x1="{coordinate(left)}" x2="{coordinate(right)}" '
        f'y1="{coordinate(base)}" y2="{coordinate(base)}" stroke="{AXIS}" stroke-width="1"/>'
    )
    body.append(
        text(
            (left + right) / 2,
            base + 30,
            x_label,
            size=_FONT,
            anchor="middle",
            fill=MUTED_INK,
            css_class="forest-axis-label",
        )
    )
    for index, ((label, estimate, low, high, colour), shown) in enumerate(
        zip(rows, summaries, strict=True)
    ):
        middle = top + index * _ROW + _ROW / 2
        body.append(
            _row(
                label,
                float(estimate),
                float(low),
                float(high),
                colour,
                shown,
                middle,
                x_of,
                left,
                right,
                x_label,
            )
        )
        body.append(
            text(
                left - 8,
                middle + 3.7,
                truncate(label, label_w - 10, _FONT),
                size=_FONT,
                anchor="end",
                fill=INK,
                css_class="forest-label",
            )
        )
        body.append(
            text(
                right + 10,
                middle + 3.7,
                shown,
                size=_FONT,
                fill=INK if _finite(float(estimate)) else MUTED_INK,
                css_class="forest-value",
            )
        )
    if not rows:
        body.append(
            text(
                (left + right) / 2,
                top + _ROW / 2 + 4,
                "Nothing to show",
                size=_FONT,
                anchor="middle",
                fill=MUTED_INK,
                css_class="forest-empty",
            )
        )
    return document(
        kind="forest",
        width=width,
        height=base + 40,
        title=title,
        description=_description(rows, summaries, x_label),
        id_prefix=id_prefix,
        body=body,
    )


def _row(
    label: str,
    estimate: float,
    low: float,
    high: float,
    colour: str,
    shown: str,
    middle: float,
    x_of: Callable[[float], float],
    left: float,
    right: float,
    x_label: str,
) -> str:
    hint = tooltip(f"{label}: {x_label} {shown}")
    outline = shade(colour, 0.3)
    parts = [f'<g class="forest-row" data-label="{escape(label)}">']
    if not _finite(estimate):
        parts.append(
            text(
                (left + right) / 2,
                middle + 3.7,
                _NOT_ESTIMABLE,
                size=_FONT - 0.5,
                anchor="middle",
                fill=MUTED_INK,
                css_class="forest-not-estimable",
                extra=f'data-label="{escape(label)}"',
            )
        )
        parts.insert(1, hint)
        parts.append("</g>")
        return "".join(parts)
    if _finite(low) and _finite(high):
        x1, x2 = x_of(min(low, high)), x_of(max(low, high))
        y = coordinate(middle)
        cap = f'y1="{coordinate(middle - 4)}" y2="{coordinate(middle + 4)}"'
        parts.append(
            f'<g class="forest-interval" data-low="{coordinate(low)}" '
            f'data-high="{coordinate(high)}" stroke="{outline}" stroke-width="1.4">'
            f'<line x1="{coordinate(x1)}" x2="{coordinate(x2)}" y1="{y}" y2="{y}"/>'
            f'<line x1="{coordinate(x1)}" x2="{coordinate(x1)}" {cap}/>'
            f'<line x1="{coordinate(x2)}" x2="{coordinate(x2)}" {cap}/>{hint}</g>'
        )
    x = x_of(estimate)
    parts.append(
        f'<rect class="forest-point" data-estimate="{coordinate(estimate)}" '
        f'x="{coordinate(x - 4.5)}" y="{coordinate(middle - 4.5)}" width="9" height="9" '
        f'fill="{colour}" stroke="{outline}" stroke-width="0.9">{hint}</rect>'
    )
    parts.append("</g>")
    return "".join(parts)


def _description(
    rows: Sequence[tuple[str, float, float, float, str]], summaries: list[str], x_label: str
) -> str:
    if not rows:
        return f"Forest plot of {x_label}: nothing to show."
    pieces = [f"{label} {shown}" for (label, *_), shown in zip(rows, summaries, strict=True)]
    return (
        f"Forest plot of {x_label} for {len(rows)} rows, estimate and interval each: "
        + "; ".join(pieces)
        + "."
    )
