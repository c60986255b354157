"""A Bland–Altman plot: differences against means, with bias and limits of agreement."""

from __future__ import annotations

import math
from collections.abc import Sequence

from .drawing import AXIS, INK, MUTED_INK, coordinate, document, text, text_width, tooltip
from .scatter import FONT, axes, scale, signed, tick_width

_BIAS = "#0072B2"
_LIMIT = "#D55E00"
_POINT = "#4d5358"


def _interval(interval: tuple[float, float] | None) -> tuple[float, float] | None:
    if interval is None:
        return None
    low, high = (float(v) for v in interval)
    return (low, high) if math.isfinite(low) and math.isfinite(high) else None


def bland_altman(
    pairs: Sequence[tuple[float, float]],
    *,
    bias: float,
    lower: float,
    upper: float,
    bias_ci: tuple[float, float] | None = None,
    lower_ci: tuple[float, float] | None = None,
    upper_ci: tuple[float, float] | None = None,
    title: str,
    x_label: str = "Mean of the two scores",
    y_label: str = "Difference (family − clinician)",
    width: int = 720,
    height: int = 380,
    id_prefix: str = "bland-altman",
) -> str:
    """Points of (mean, difference), the bias line and the two limits of agreement.

    Each line is labelled with its value on the right; a line's confidence interval, when
    given, is a shaded band behind it. Zero difference is a grey reference line. Points
    with a non-finite coordinate are left out (the description counts them). Values
    come from ``rapport.surveys.agreement.bland_altman`` and ``bland_altman_points``.
    """
    shown = [
        (float(m), float(d))
        for m, d in pairs
        if math.isfinite(float(m)) and math.isfinite(float(d))
    ]
    left_out = len(pairs) - len(shown)
    lines = [
        ("bias", "Bias", float(bias), _interval(bias_ci), _BIAS, ""),
        ("upper", "Upper limit", float(upper), _interval(upper_ci), _LIMIT, "6 4"),
        ("lower", "Lower limit", float(lower), _interval(lower_ci), _LIMIT, "6 4"),
    ]
    y_values = [d for _, d in shown] + [0.0]
    for _, _, value, interval, _, _ in lines:
        y_values.append(value)
        if interval:
            y_values += list(interval)
    labels = [f"{name} {signed(value)}" for _, name, value, _, _, _ in lines]
    right_room = max(text_width(label, FONT) for label in labels) + 16
    top, base = 14.0, height - 44.0
    y = scale(y_values, base, top, target_ticks=6)
    left = 14 + FONT * 1.2 + tick_width(y) + 8
    x = scale([m for m, _ in shown] or [0.0], left, width - right_room)
    body = axes(x, y, x_label=x_label, y_label=y_label, prefix="ba")
    if y.low <= 0 <= y.high:
        body.append(
            f'<line class="ba-zero" x1="{coordinate(x.start)}" x2="{coordinate(x.end)}" '
            f'y1="{coordinate(y(0))}" y2="{coordinate(y(0))}" stroke="{AXIS}" '
            'stroke-width="1.2"/>'
        )
    for key, name, _value, interval, colour, _dash in lines:
        if interval:
            band = f"{name}, 95% interval {signed(min(interval))} to {signed(max(interval))}"
            band_top, band_bottom = y(max(interval)), y(min(interval))
            body.append(
                f'<rect class="ba-band" data-line="{key}" data-low="{coordinate(min(interval))}" '
                f'data-high="{coordinate(max(interval))}" x="{coordinate(x.start)}" '
                f'y="{coordinate(band_top)}" width="{coordinate(x.end - x.start)}" '
                f'height="{coordinate(band_bottom - band_top)}" fill="{colour}" '
                f'fill-opacity="0.12">'
                f"{tooltip(band)}"
                "</rect>"
            )
    for point_mean, difference in shown:
        hint = tooltip(f"{x_label} {signed(point_mean)}, {y_label} {signed(difference)}")
        body.append(
            f'<circle class="ba-point" data-mean="{coordinate(point_mean)}" '
            f'data-difference="{coordinate(difference)}" cx="{coordinate(x(point_mean))}" '
            f'cy="{coordinate(y(difference))}" r="3.4" fill="{_POINT}" fill-opacity="0.7" '
            f'stroke="#ffffff" stroke-width="0.6">{hint}</circle>'
        )
    for (key, name, value, interval, colour, dash), label in zip(lines, labels, strict=True):
        at = y(value)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        extra = f", 95% interval {signed(interval[0])} to {signed(interval[1])}" if interval else ""
        body.append(
            f'<line class="ba-line ba-{key}" data-value="{coordinate(value)}" '
            f'x1="{coordinate(x.start)}" x2="{coordinate(x.end)}" y1="{coordinate(at)}" '
            f'y2="{coordinate(at)}" stroke="{colour}" stroke-width="1.8"{dashed}>'
            f"{tooltip(f'{name} {signed(value)}{extra}')}</line>"
        )
        body.append(
            text(
                x.end + 6,
                at + 3.7,
                label,
                size=FONT,
                fill=INK if key == "bias" else colour,
                bold=key == "bias",
                css_class=f"ba-label ba-label-{key}",
            )
        )
    if not shown:
        body.append(
            text(
                (x.start + x.end) / 2,
                (top + base) / 2,
                "No pairs to show",
                size=FONT + 1,
                anchor="middle",
                fill=MUTED_INK,
                css_class="ba-empty",
            )
        )
    description = (
        f"Bland–Altman plot of {len(shown)} pairs"
        + (f" ({left_out} without a value left out)" if left_out else "")
        + f": {y_label} against {x_label}. Bias {signed(bias)}"
        + (
            f" (95% interval {signed(bias_ci[0])} to {signed(bias_ci[1])})"
            if _interval(bias_ci) and bias_ci
            else ""
        )
        + f"; limits of agreement {signed(lower)} to {signed(upper)}."
    )
    return document(
        kind="bland-altman",
        width=width,
        height=height,
        title=title,
        description=description,
        id_prefix=id_prefix,
        body=body,
    )
