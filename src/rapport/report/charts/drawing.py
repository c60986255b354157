"""Small SVG drawing helpers shared by the charts: escaping, numbers, text sizes, colours.

Nothing here knows about codebooks. Text widths are estimated from DejaVu Sans, the
widest common sans-serif (and WeasyPrint's usual fallback), so layouts computed from
them leave room for Arial, Helvetica or Liberation Sans as well.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence

FONT_FAMILY = "sans-serif"
INK = "#222222"
MUTED_INK = "#5f6368"
FAINT_INK = "#9aa0a6"
GRID = "#e3e5e8"
AXIS = "#b9bec4"

# Advance widths of ASCII 32..126 in DejaVu Sans, in hundredths of an em.
_WIDTHS = (
    "32,40,46,84,64,95,78,27,39,39,50,84,32,36,32,34,64,64,64,64,64,64,64,64,64,64,34,34,84,"
    "84,84,53,100,68,69,70,77,63,58,77,75,29,29,66,56,86,75,79,60,79,69,63,61,73,68,99,69,61,"
    "69,39,34,39,84,50,50,61,63,55,63,62,35,63,63,28,28,58,28,97,63,61,63,63,41,52,39,63,59,"
    "82,59,59,52,64,34,64,84"
)
_EM = {chr(32 + i): int(w) / 100 for i, w in enumerate(_WIDTHS.split(","))}
_ID = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


def escape(text: object) -> str:
    """``text`` made safe for SVG element content and double-quoted attributes."""
    return (
        str(text)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def coordinate(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (stable output)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def format_value(value: float) -> str:
    """A count or rate as a person would write it: 12, 1,204, 3.5, 0.25."""
    if not math.isfinite(value):
        return "–"
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return f"{value:.2f}".rstrip("0").rstrip(".")


def clock(seconds: float) -> str:
    """Seconds as m:ss, or h:mm:ss from an hour on."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def char_width(char: str, font_size: float, bold: bool = False) -> float:
    """Estimated advance width of one character, in user units."""
    width = _EM.get(char, 0.62 if ord(char) < 0x2E80 else 1.0) * font_size
    return width * 1.1 if bold else width


def text_width(text: str, font_size: float, bold: bool = False) -> float:
    """Estimated width of ``text`` set in a sans-serif font at ``font_size``."""
    return sum(char_width(char, font_size, bold) for char in text)


def wrap(text: str, max_width: float, font_size: float, max_lines: int = 2) -> list[str]:
    """Break ``text`` at spaces into at most ``max_lines`` lines of about ``max_width``.

    The last line keeps whatever is left, even if it is wider.
    """
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        too_wide = text_width(candidate, font_size) > max_width
        if current and too_wide and len(lines) < max_lines - 1:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def truncate(text: str, max_width: float, font_size: float, bold: bool = False) -> str:
    """``text`` cut with an ellipsis so that it fits ``max_width``."""
    if text_width(text, font_size, bold) <= max_width:
        return text
    while text and text_width(text + "…", font_size, bold) > max_width:
        text = text[:-1]
    return text.rstrip() + "…"


def check_id_prefix(id_prefix: str) -> str:
    if not _ID.match(id_prefix):
        raise ValueError(
            f"id_prefix {id_prefix!r} must start with a letter and hold only letters, "
            "digits, - and _"
        )
    return id_prefix


def document(
    *,
    kind: str,
    width: float,
    height: float,
    title: str,
    description: str,
    id_prefix: str,
    body: Iterable[str],
) -> str:
    """One ``<svg>`` element with an accessible title and description."""
    prefix = check_id_prefix(id_prefix)
    w, h = coordinate(width), coordinate(height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="rapport-chart rapport-{kind}" '
        f'id="{prefix}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="{FONT_FAMILY}">'
    )
    parts = [
        head,
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(description)}</desc>',
        *body,
        "</svg>",
    ]
    return "\n".join(parts)


def text(
    x: float,
    y: float,
    content: str,
    *,
    size: float,
    anchor: str = "start",
    fill: str = INK,
    bold: bool = False,
    css_class: str | None = None,
    transform: str | None = None,
    extra: str = "",
) -> str:
    """A ``<text>`` element; ``y`` is the baseline."""
    attributes = [f'x="{coordinate(x)}"', f'y="{coordinate(y)}"', f'font-size="{coordinate(size)}"']
    if anchor != "start":
        attributes.append(f'text-anchor="{anchor}"')
    attributes.append(f'fill="{fill}"')
    if bold:
        attributes.append('font-weight="bold"')
    if css_class:
        attributes.append(f'class="{css_class}"')
    if transform:
        attributes.append(f'transform="{transform}"')
    if extra:
        attributes.append(extra)
    return f"<text {' '.join(attributes)}>{escape(content)}</text>"


def tooltip(content: str) -> str:
    return f"<title>{escape(content)}</title>"


def _rgb(colour: str) -> tuple[float, float, float]:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", colour):
        raise ValueError(f"colour {colour!r} is not #RRGGBB")
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return red, green, blue


def _hex(rgb: Sequence[float]) -> str:
    return "#" + "".join(f"{round(min(max(c, 0.0), 1.0) * 255):02x}" for c in rgb)


def readable_ink(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (#RRGGBB)."""
    red, green, blue = _rgb(background)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#111111" if luminance > 0.45 else "#ffffff"


def mix(colour: str, other: str, amount: float) -> str:
    """``colour`` moved ``amount`` (0..1) of the way towards ``other``."""
    a, b = _rgb(colour), _rgb(other)
    return _hex([x + (y - x) * amount for x, y in zip(a, b, strict=True)])


def tint(colour: str, amount: float) -> str:
    """``colour`` lightened towards white."""
    return mix(colour, "#ffffff", amount)


def shade(colour: str, amount: float) -> str:
    """``colour`` darkened towards black."""
    return mix(colour, "#000000", amount)


def nice_step(span: float, target_ticks: int = 5) -> float:
    """A 1-2-5 step that cuts ``span`` into about ``target_ticks`` intervals."""
    if span <= 0:
        return 1.0
    raw = span / max(target_ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def value_ticks(maximum: float, target_ticks: int = 5) -> list[float]:
    """Ticks from 0 to a round number at or above ``maximum``."""
    if maximum <= 0:
        return [0.0, 1.0]
    step = nice_step(maximum, target_ticks)
    count = math.ceil(maximum / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def value_axis(
    ticks: Sequence[float],
    *,
    left: float,
    top: float,
    plot_w: float,
    plot_h: float,
    label: str,
    font: float,
    name: str,
    zero_line: str = GRID,
) -> list[str]:
    """Horizontal grid lines with their values at the left, and the rotated axis label, for
    a chart whose values run from 0 at the bottom to ``ticks[-1]`` at the top. Classes are
    ``NAME-tick`` and ``NAME-axis-label``; the line at 0 is drawn in ``zero_line``."""
    parts: list[str] = []
    for tick in ticks:
        y = top + plot_h * (1 - tick / ticks[-1])
        parts.append(
            f'<line x1="{coordinate(left)}" x2="{coordinate(left + plot_w)}" '
            f'y1="{coordinate(y)}" y2="{coordinate(y)}" stroke="{GRID if tick else zero_line}" '
            'stroke-width="1"/>'
        )
        parts.append(
            text(
                left - 6,
                y + 3.5,
                format_value(tick),
                size=font - 1,
                anchor="end",
                fill=MUTED_INK,
                css_class=f"{name}-tick",
            )
        )
    middle_y = top + plot_h / 2
    parts.append(
        text(
            14,
            middle_y,
            label,
            size=font,
            anchor="middle",
            fill=MUTED_INK,
            css_class=f"{name}-axis-label",
            transform=f"rotate(-90 {coordinate(14 + font * 0.35)} {coordinate(middle_y)})",
        )
    )
    return parts
