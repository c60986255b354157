"""A finding: one span of PHI that a recognizer found in a text.

It lives apart from ``detect`` so that the rule modules ``detect`` runs (``cues``,
``context``, ``identifiers``, ``neighbours``) can make findings without importing it.
"""

from __future__ import annotations

import re
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
