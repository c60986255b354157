"""The words a family writes in lowercase in their cased turns: the words of their language.

spaCy and the learned tagger take words of other languages for names ("Mwen", "Manman",
"gurdwara"). A name keeps its capital wherever it is written; a word the same family also
writes in lowercase mid-sentence is a word, so it is neither removed nor spread to their
other turns.
"""

from __future__ import annotations

import re

from rapport.privacy.categories import Category
from rapport.privacy.findings import Finding
from rapport.privacy.wordlists import WORDLIKE_FIRST_NAMES

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


class FamilyLanguage:
    """The lowercase words of one patient's cased turns."""

    def __init__(self) -> None:
        self._lowercase: set[str] = set()

    def read(self, text: str) -> None:
        """Learn the lowercase words of ``text``; a turn with no capital (speech
        recognition) tells nothing."""
        if any(ch.isupper() for ch in text):
            self._lowercase.update(w for w in _WORD.findall(text) if w.islower())

    def written_lowercase(self, word: str) -> bool:
        return word.lower() in self._lowercase

    def foreign_name(self, text: str, finding: Finding) -> bool:
        """spaCy's name whose words no name list holds and that this family also writes in
        lowercase: words of their language ("Mwen pa", "Manman")."""
        from rapport.privacy.engine import rule_lexicons

        names = rule_lexicons()[0]
        words = _WORD.findall(text[finding.start : finding.end])
        return (
            finding.source == "spacy"
            and finding.category == Category.NAME
            and bool(words)
            # "Rose" and "Grace" are names as well as words: spaCy's reading of them stands
            and all(
                self.written_lowercase(w) and w not in names and w not in WORDLIKE_FIRST_NAMES
                for w in words
            )
        )

    def everyday_word(self, text: str, finding: Finding) -> bool:
        """A tagged span this family writes in lowercase is a word of their language, not a
        name ("Mwen" and "mwen", "gurdwara"): names keep their capitals."""
        if not any(ch.isupper() for ch in text):
            return False  # speech recognition writes everything in lowercase
        words = _WORD.findall(text[finding.start : finding.end])
        return bool(words) and all(w.islower() or self.written_lowercase(w) for w in words)
