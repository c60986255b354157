"""A finding: one span of PHI that a recognizer found in a text.

It lives apart from ``detect`` so that the rule modules ``detect`` runs (``cues``,
``context``, ``identifiers``, ``neighbours``) can make findings without importing it.
"""

from __future__ import annotations

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
