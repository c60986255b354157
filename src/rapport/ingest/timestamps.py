"""Clock times such as ``01:02:03.500``, ``2:03`` or ``00:00:01,000``, to and from seconds."""

from __future__ import annotations

import math
import re

# Hours are optional; the leading unit may exceed 59 (``75:30`` is 75 minutes 30 seconds).
_CLOCK = re.compile(r"^(\d{1,6})(?::(\d{1,2}))?:(\d{1,2})(?:[.,](\d{1,9}))?$")


def parse_clock(text: str) -> float:
    """Seconds in ``[hh:]mm:ss[.fff]`` (comma or point before the fraction).

    Raises ``ValueError`` with a reason a user can act on.
    """
    match = _CLOCK.match(text.strip())
    if match is None:
        raise ValueError(f"malformed timestamp {text.strip()!r}: expected [hh:]mm:ss[.mmm]")
    first, middle, seconds_text, fraction = match.groups()
    seconds = int(seconds_text)
    if seconds >= 60:
        raise ValueError(f"malformed timestamp {text.strip()!r}: seconds must be below 60")
    if middle is None:
        hours, minutes = 0, int(first)
    else:
        hours, minutes = int(first), int(middle)
        if minutes >= 60:
            raise ValueError(f"malformed timestamp {text.strip()!r}: minutes must be below 60")
    value = hours * 3600 + minutes * 60 + seconds
    if fraction:
        value += int(fraction) / 10 ** len(fraction)
    return float(value)


def parse_seconds(text: str) -> float:
    """Seconds given either as a plain number (``12.5``) or as a clock time (``00:00:12.5``)."""
    stripped = text.strip()
    if ":" in stripped:
        return parse_clock(stripped)
    try:
        value = float(stripped)
    except ValueError:
        raise ValueError(
            f"malformed timestamp {stripped!r}: expected seconds or [hh:]mm:ss"
        ) from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"malformed timestamp {stripped!r}: must be a finite number >= 0")
    return value


def format_clock(seconds: float, decimal_mark: str = ".") -> str:
    """``hh:mm:ss.mmm``, rounded to the millisecond."""
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}{decimal_mark}{millis:03d}"
