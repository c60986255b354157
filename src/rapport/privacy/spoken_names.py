"""Participants whose names are everyday words ("Dawn", "Skip", "Hope"), in a turn that
speech recognition wrote in lowercase.

Known participants' names are searched for in every turn, but a name that is also an
everyday word is searched for only as written, capitalised: "dawn" in lowercase could be
the morning. Where the words around it say that someone is spoken to or about ("okay dawn
write it down", "i live with dawn now", "dawn it's in my purse"), it is the name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapport.privacy.categories import Category
from rapport.privacy.engine import states_and_countries
from rapport.privacy.findings import Finding
from rapport.privacy.not_phi import EPONYM_AFTER

_SPOKEN_TO_BEFORE = (
    r"(?:^|\b(?:okay|ok|hi|hey|bye|thanks|thank\s+you|merci|with|tell|ask|sorry|call|"
    r"for|love\s+you|geez|gosh|jeez|oh)\s+)"
)
_SPOKEN_ABOUT_AFTER = (
    r"(?=\s+(?:can|could|would|will|it's|is|has|have|had|says|said|wants|knows|keeps|"
    r"write|read|hold|hang|come|drives|drove|takes|took|does|did|gets|got|lives|works|"
    r"where|where'd|what|did|do|are|were)\b)"
)


def word_name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for the participants' names that are everyday words, in lowercase."""
    from rapport.privacy.engine import rule_lexicons

    stop = rule_lexicons()[3]
    words = sorted({n.lower() for n in names if len(n) > 2 and n.lower() not in stop})
    if not words:
        return None
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(
        rf"{_SPOKEN_TO_BEFORE}(?P<before>{alternation})\b"
        rf"|\b(?P<after>{alternation}){_SPOKEN_ABOUT_AFTER}"
    )


def word_names_said(text: str, pattern: re.Pattern[str] | None) -> list[Finding]:
    """The everyday-word names of ``pattern`` spoken to or about in an all-lowercase turn."""
    if pattern is None or any(ch.isupper() for ch in text):
        return []
    found: list[Finding] = []
    for match in pattern.finditer(text):
        group = "before" if match.group("before") else "after"
        found.append(
            Finding(match.start(group), match.end(group), Category.NAME, "participant", "addressed")
        )
    return found


_ARTICLE_BEFORE = re.compile(r"(?i)\b(?:a|an|the)\s+$")
_WORD_BEFORE = re.compile(r"(\w+)\s+$")
#: Nouns that a food's or a plant's name describes: the dog "cranberry", and then
#: "cranberry juice".
_NOUN_DESCRIBED = re.compile(
    r"\s+(?:juice|sauce|butter|pie|bread|tea|syrup|jam|jelly|cookies?|cake|muffins?|candy|"
    r"bars?|bogs?|fields?|farms?|trees?|bushes|orchards?|harvest|season|crop|spray|flavou?r)\b"
)


def a_word_here(text: str, start: int, end: int, category: Category) -> bool:
    """Whether a name or a pet's name found again is only the word here: in lowercase after
    an article (the dog "chinook", and then "a chinook came through") or before a noun it
    describes ("cranberry juice"); in any case before what an eponym names ("Gleason"
    asked about, and "a Gleason score of nine"), or as part of a state's or a country's name
    ("north dakota")."""
    if category not in (Category.NAME, Category.PET):
        return False
    if EPONYM_AFTER.match(text, end) is not None:
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 12), start)
    if before and f"{before.group(1)} {text[start:end]}".lower() in states_and_countries():
        return True  # the horse "dakota", and then "a guy in north dakota"
    return text[start:end].islower() and (
        _ARTICLE_BEFORE.search(text, max(0, start - 6), start) is not None
        or _NOUN_DESCRIBED.match(text, end) is not None
    )
