"""A finding: one span of PHI that a recognizer found in a text.

It lives apart from ``detect``, with ``merge``, so that the rule modules ``detect`` runs (``cues``,
``context``, ``identifiers``, ``neighbours``) can make findings without importing it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapport.privacy.categories import Category


@dataclass(frozen=True, slots=True)
class Finding:
    """One span of PHI in a text: half-open ``[start, end)``, its category and a hint of
    whose name it is (clinician, family, person) when the context said so."""

    start: int
    end: int
    category: Category
    hint: str = ""
    source: str = ""


def rule_finding(start: int, end: int, category: Category, source: str, hint: str = "") -> Finding:
    """A finding named by the rule (``source``) that made it."""
    return Finding(start, end, category, hint, source)


@dataclass(frozen=True, slots=True)
class ContextPattern:
    """A regular expression for one category (``patterns``); the named group ``phi``, when
    present, is the part that is PHI. ``hint`` says whose name it finds."""

    name: str
    category: Category
    regex: re.Pattern[str]
    score: float = 0.85
    hint: str = ""


def context_pattern(
    name: str, category: Category, pattern: str, score: float = 0.85, hint: str = ""
) -> ContextPattern:
    return ContextPattern(name, category, re.compile(pattern), score, hint)


#: When two findings overlap and are equally long, the category listed first wins.
PRIORITY = (
    Category.RECORD_NUMBER,
    Category.ID,
    Category.EMAIL,
    Category.URL,
    Category.IP,
    Category.PHONE,
    Category.AGE,
    Category.DATE,
    Category.FACILITY,
    Category.ADDRESS,
    Category.PET,
    Category.NAME,
)
_RANK = {category: i for i, category in enumerate(PRIORITY)}


def merge(findings: Iterable[Finding]) -> list[Finding]:
    """Overlapping findings as one span each, covering them all; the longest finding's
    category wins, a rule's over the learned tagger's (the rules name what they find more
    reliably)."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    groups: list[list[Finding]] = []
    end = -1
    for finding in ordered:
        if groups and finding.start < end:
            groups[-1].append(finding)
            end = max(end, finding.end)
        else:
            groups.append([finding])
            end = finding.end
    merged: list[Finding] = []
    for group in groups:
        ruled = [f for f in group if f.source != "tagger"] or group
        # on the same span, a context pattern's category over spaCy's: "I'm Itzel" is a name
        # whatever spaCy's label
        patterned = any(f.source.startswith("RapportPatterns:") for f in ruled)
        best = min(
            ruled,
            key=lambda f: (
                -(f.end - f.start),
                f.source == "spacy" and patterned,
                _RANK[f.category],
            ),
        )
        hint = next((f.hint for f in group if f.category == best.category and f.hint), "")
        merged.append(
            Finding(
                min(f.start for f in group),
                max(f.end for f in group),
                best.category,
                hint,
                best.source,
            )
        )
    return merged
