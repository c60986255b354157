"""The thematic-analysis vocabulary: candidate themes, extracts, memos, prevalence."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

COUNT_RULES = ("any", "all", "consensus")
"""How a document counts for a theme: coded by any coder, by every coder, or in consensus."""


@dataclass(slots=True)
class CandidateTheme:
    """A theme the analyst is building: a name, a definition and the codes it groups."""

    id: str
    name: str
    definition: str
    codes: list[str]
    pinned: list[tuple[str, int]] = field(default_factory=list)
    """Extracts the analyst chose to quote, as (document, paragraph)."""


@dataclass(slots=True)
class ThemeMap:
    """A THEMES.yaml file: candidate themes over one codebook's codes."""

    title: str
    codebook: str
    themes: list[CandidateTheme]
    count: str = "any"
    coders: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    """Ids of the documents analysed (N); empty means every document in the workspace."""
    memos: Path | None = None
    description: str = ""
    extracts_per_theme: int = 3
    source: Path | None = None


@dataclass(slots=True)
class Extract:
    """One coded paragraph (or the coded span within it) and who coded it how."""

    document: str
    paragraph: int
    text: str
    quote: str
    codes_by_coder: dict[str, list[str]]
    consensus: bool = False
    author: str = ""
    author_role: str = ""

    @property
    def agreement(self) -> int:
        return len([c for c, codes in self.codes_by_coder.items() if codes])


@dataclass(slots=True)
class Memo:
    """A note written while reading: about a document, a paragraph, or the analysis."""

    text: str
    document: str | None = None
    paragraph: int | None = None
    author: str = ""
    date: dt.date | None = None


@dataclass(slots=True)
class ThemeSummary:
    """One theme's prevalence and the extracts that represent it."""

    theme: CandidateTheme
    n: int
    n_total: int
    n_by_coder: dict[str, int]
    documents: list[str]
    extracts: list[Extract]
    representative: list[Extract]

    @property
    def share(self) -> float:
        return self.n / self.n_total if self.n_total else 0.0
