"""De-identification of conversations: find PHI with presidio and Rapport's recognizers,
replace it with tags or surrogates, and measure how well that works.

presidio, spaCy and the model load lazily, on first use; install them with
``pip install 'rapport[privacy]'``. See docs/privacy.md.

>>> from rapport.privacy import deidentify                     # doctest: +SKIP
>>> clean = deidentify(encounters, mode="tags", key=secret)     # doctest: +SKIP
"""

from __future__ import annotations

from rapport.privacy.categories import Category
from rapport.privacy.deidentify import (
    MODES,
    DeidentificationReport,
    Deidentified,
    TextMap,
    deidentify,
    deidentify_encounters,
)
from rapport.privacy.evaluation import Evaluation, evaluate

__all__ = [
    "MODES",
    "Category",
    "DeidentificationReport",
    "Deidentified",
    "Evaluation",
    "TextMap",
    "deidentify",
    "deidentify_encounters",
    "evaluate",
]
