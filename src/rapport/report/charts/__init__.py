"""Charts for the report: pure functions that return one ``<svg>`` element as a string.

Every chart is self-contained (no scripts, fonts, CSS or external references), carries a
``<title>`` and a ``<desc>`` in words, puts a hover ``<title>`` inside each mark, takes its
colours from the codebook's themes, and draws the same in browsers and in WeasyPrint.
Output is deterministic; element ids all start with the ``id_prefix`` argument, so several
charts can share a page. Sizes are in CSS pixels; the SVG scales if the page sets
``max-width: 100%; height: auto`` on it. Inputs are plain mappings and sequences.
"""

from __future__ import annotations

from .bars import grouped_bars, horizontal_bars
from .drawing import readable_ink
from .forest import forest_plot
from .timeline import ROLE_COLOURS, encounter_timeline
from .trends import theme_trends
from .wheel import alliance_wheel

__all__ = [
    "ROLE_COLOURS",
    "alliance_wheel",
    "encounter_timeline",
    "forest_plot",
    "grouped_bars",
    "horizontal_bars",
    "readable_ink",
    "theme_trends",
]

from .bland_altman import bland_altman
from .scatter import scatter_with_fit
from .trajectories import trajectories

__all__ += ["bland_altman", "scatter_with_fit", "trajectories"]
