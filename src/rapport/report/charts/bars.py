"""Bar charts: themes compared across groups, and a sorted list of labelled bars."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rapport.model import Codebook

from .drawing import (
    AXIS,
    GRID,
    INK,
    MUTED_INK,
    coordinate,
    document,
    escape,
    format_value,
    shade,
    text,
    text_width,
    tint,
    tooltip,
    truncate,
    value_axis,
    value_ticks,
    wrap,
)

_NEUTRAL = "#5b6470"


def group_tints(count: int) -> list[float]:
    """How far each group's bars are lightened towards white: the first group is solid."""
    if count <= 1:
        return [0.0]
    return [0.68 * i / (count - 1) for i in range(count)]


def grouped_bars(
    codebook: Codebook,
    *,
    groups: Sequence[str],
    values: Mapping[tuple[str, str], float],
    y_label: str,
    title: str = "Themes by group",
    width: int = 760,
    height: int = 340,
    id_prefix: str = "bars",
) -> str:
    """Per theme a cluster of bars, one per group, in lighter tints of the theme colour.

    ``values`` maps (group, theme id) to a value; a missing pair draws an empty bar
    labelled "–" (it still has a ``rect.bar`` element with ``data-missing="true"``).
    Groups keep their order left to right inside every cluster, and the legend shows
    the tints in grey. Unknown groups or theme ids raise ``ValueError``.
    """
    theme_ids = {theme.id for theme in codebook.themes}
    for group, theme_id in values:
        if group not in groups:
            raise ValueError(f"group {group!r} is not in groups")
        if theme_id not in theme_ids:
            raise ValueError(f"{theme_id!r} is not a theme of codebook {codebook.id!r}")
    font = 10.5
    peak = max((float(v) for v in values.values()), default=0.0)
    ticks = value_ticks(peak)
    left = 14 + font * 1.2 + max(text_width(format_value(t), font - 1) for t in ticks) + 8
    right = 10.0
    legend_h = 24.0 if groups else 0.0
    top = legend_h + 18
    bottom = font * 2.6 + 10
    plot_w = width - left - right
    plot_h = height - top - bottom
    cluster = plot_w / max(len(codebook.themes), 1)
    inner = cluster * 0.8
    bar_w = inner / max(len(groups), 1)
    tints = group_tints(len(groups))

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value / ticks[-1])

    body: list[str] = value_axis(
        ticks, left=left, top=top, plot_w=plot_w, plot_h=plot_h, label=y_label, font=font,
        name="bars", zero_line=GRID,
    )  # fmt: skip
    base = y_of(0)
    value_font = min(font - 1.5, max(bar_w * 0.42, 7.0))
    for t_index, theme in enumerate(codebook.themes):
        x0 = left + cluster * t_index + (cluster - inner) / 2
        body.append(f'<g class="bar-cluster" data-theme="{escape(theme.id)}">')
        for g_index, group in enumerate(groups):
            raw = values.get((group, theme.id))
            value = float(raw) if raw is not None else 0.0
            fill = tint(theme.colour, tints[g_index])
            x = x0 + g_index * bar_w + 1
            w = max(bar_w - 2, 1.0)
            y = y_of(value)
            shown = format_value(value) if raw is not None else "–"
            hint = tooltip(f"{theme.name}, {group}: {shown} {y_label}")
            missing = ' data-missing="true"' if raw is None else ""
            body.append(
                f'<rect class="bar" data-theme="{escape(theme.id)}" data-group="{escape(group)}" '
                f'data-value="{coordinate(value)}"{missing} x="{coordinate(x)}" '
                f'y="{coordinate(y)}" width="{coordinate(w)}" height="{coordinate(base - y)}" '
                f'fill="{fill}" stroke="{shade(theme.colour, 0.15)}" stroke-width="0.8">'
                f"{hint}</rect>"
            )
            centre = x + w / 2
            if text_width(shown, value_font) <= bar_w + 2:
                body.append(
                    text(
                        centre,
                        y - 3,
                        shown,
                        size=value_font,
                        anchor="middle",
                        fill=INK,
                        css_class="bar-value",
                    )
                )
            else:
                body.append(
                    text(
                        centre + value_font * 0.35,
                        y - 3,
                        shown,
                        size=value_font,
                        fill=INK,
                        css_class="bar-value",
                        transform=f"rotate(-90 {coordinate(centre + value_font * 0.35)} "
                        f"{coordinate(y - 3)})",
                    )
                )
        body.append("</g>")
        lines = wrap(theme.name, cluster - 4, font, max_lines=2)
        for i, line in enumerate(lines):
            body.append(
                text(
                    left + cluster * (t_index + 0.5),
                    base + 14 + i * font * 1.15,
                    truncate(line, cluster - 2, font),
                    size=font,
                    anchor="middle",
                    fill=INK,
                    css_class="bars-theme",
                )
            )
    body.append(
        f'<line x1="{coordinate(left)}" x2="{coordinate(left + plot_w)}" '
        f'y1="{coordinate(base)}" y2="{coordinate(base)}" stroke="{AXIS}" stroke-width="1"/>'
    )
    body.append(_legend(groups, tints, left, 14, font))
    return document(
        kind="bars",
        width=width,
        height=height,
        title=title,
        description=_description(codebook, groups, values, y_label),
        id_prefix=id_prefix,
        body=body,
    )


def _legend(groups: Sequence[str], tints: list[float], left: float, y: float, font: float) -> str:
    parts = ['<g class="bars-legend">']
    x = left
    for group, amount in zip(groups, tints, strict=True):
        parts.append(
            f'<rect x="{coordinate(x)}" y="{coordinate(y - 9)}" width="14" height="11" '
            f'fill="{tint(_NEUTRAL, amount)}" stroke="{shade(_NEUTRAL, 0.15)}" '
            'stroke-width="0.8"/>'
        )
        label = truncate(group, 200, font)
        parts.append(text(x + 19, y, label, size=font, fill=INK))
        x += 19 + text_width(label, font) + 18
    parts.append("</g>")
    return "".join(parts)


def _description(
    codebook: Codebook,
    groups: Sequence[str],
    values: Mapping[tuple[str, str], float],
    y_label: str,
) -> str:
    if not values:
        return f"Grouped bars of {y_label} per theme: no values to show."
    pieces = []
    for group in groups:
        row = [(values[(group, t.id)], t.name) for t in codebook.themes if (group, t.id) in values]
        if row:
            value, name = max(row, key=lambda item: item[0])
            pieces.append(f"{group}: highest {name} ({format_value(value)})")
    return (
        f"{y_label} per theme for {len(groups)} groups ({', '.join(groups)}). "
        + "; ".join(pieces)
        + "."
    )


def horizontal_bars(
    items: Sequence[tuple[str, float, str]],
    *,
    value_format: str = "{:g}",
    title: str = "Ranking",
    width: int = 460,
    id_prefix: str = "hbars",
) -> str:
    """A list of (label, value, colour) as bars, largest first (ties by label).

    The height follows the number of items (22 px a row). ``value_format`` is a
    ``str.format`` pattern for the value printed after each bar.
    """
    font = 10.5
    row = 22.0
    rows = sorted(items, key=lambda item: (-float(item[1]), item[0]))
    peak = max((float(value) for _, value, _ in rows), default=0.0)
    texts = [value_format.format(value) for _, value, _ in rows]
    label_w = min(
        max((text_width(label, font) for label, _, _ in rows), default=40.0) + 14, width * 0.45
    )
    value_w = max((text_width(t, font, bold=True) for t in texts), default=10.0) + 8
    bar_room = width - label_w - value_w - 8
    top = 4.0
    body: list[str] = []
    for index, ((label, value, colour), shown) in enumerate(zip(rows, texts, strict=True)):
        y = top + index * row
        length = bar_room * float(value) / peak if peak > 0 else 0.0
        body.append(
            text(
                label_w - 8,
                y + row / 2 + 3.7,
                truncate(label, label_w - 10, font),
                size=font,
                anchor="end",
                fill=INK,
                css_class="hbar-label",
            )
        )
        body.append(
            f'<rect class="hbar" data-label="{escape(label)}" '
            f'data-value="{coordinate(float(value))}" '
            f'x="{coordinate(label_w)}" y="{coordinate(y + 4)}" '
            f'width="{coordinate(max(length, 0.0))}" height="{coordinate(row - 8)}" rx="1.5" '
            f'fill="{colour}" stroke="{shade(colour, 0.15)}" stroke-width="0.6">'
            f"{tooltip(f'{label}: {shown}')}</rect>"
        )
        body.append(
            text(
                label_w + length + 5,
                y + row / 2 + 3.7,
                shown,
                size=font,
                fill=INK,
                bold=True,
                css_class="hbar-value",
            )
        )
    if not rows:
        body.append(
            text(
                width / 2,
                top + row / 2 + 4,
                "Nothing to show",
                size=font,
                anchor="middle",
                fill=MUTED_INK,
                css_class="hbars-empty",
            )
        )
    height = top * 2 + row * max(len(rows), 1)
    top_items = ", ".join(
        f"{label} ({shown})" for (label, _, _), shown in zip(rows[:5], texts[:5], strict=True)
    )
    description = f"{len(rows)} bars, largest first: {top_items}." if rows else "No bars to show."
    return document(
        kind="hbars",
        width=width,
        height=height,
        title=title,
        description=description,
        id_prefix=id_prefix,
        body=body,
    )
