"""The words a family writes in lowercase in their cased turns: the words of their language.

spaCy and the learned tagger take words of other languages for names ("Mwen", "Manman",
"gurdwara"). A name keeps its capital wherever it is written; a word the same family also
writes in lowercase mid-sentence is a word, so it is neither removed nor spread to their
other turns.
"""

from __future__ import annotations

import functools
import re

from rapport.privacy.categories import Category
from rapport.privacy.findings import Finding
from rapport.privacy.lexicon import wordset
from rapport.privacy.vocabulary import LETTERS
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


def _stop_words(language: str) -> frozenset[str]:
    """spaCy's stop words for ``language``, read from their module alone: importing
    ``spacy.lang.fr`` would compile its tokenizer exceptions, four seconds of regular
    expressions that nothing here uses."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:  # pragma: no cover - the privacy extra has it
        return frozenset()
    path = Path(spec.origin).parent / "lang" / language / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location(f"_rapport_stop_{language}", path)
    if module_spec is None or module_spec.loader is None:  # pragma: no cover
        return frozenset()
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


@functools.cache
def _function_words() -> frozenset[str]:
    """Spanish, Portuguese and French function words ("mi", "tu", "los", "para") that are
    not English words, from spaCy's stop-word lists."""
    foreign = _stop_words("es") | _stop_words("pt") | _stop_words("fr")
    return foreign - _stop_words("en")


#: Words a proper name may hold in lowercase: "Fond du Lac", "Boys & Girls Club of America".
_PARTICLES = wordset(
    """
    of the and for at on in de del della der den van von da das dos du la le les y e al el
    bin ibn d
    """
)
_SPEAKS = re.compile(
    r"(?i)\b(?:speaks?|spoke|speaking|understands?)\s+(?:only\s+|mostly\s+|just\s+|some\s+|"
    r"a\s+little\s+|fluent\s+|more\s+|better\s+|good\s+)?$"
)
_LANGUAGE_AFTER = re.compile(
    r"(?i)\s+(?:interpreter|interpreters|language|speaker|speakers|translation|translator)\b"
)


def in_another_language(text: str, finding: Finding) -> bool:
    """A span spaCy, the tagger or a name or place list took for a name or a place that is
    words of another language: a function word ("Tu", "Mi") in a turn that holds two more of
    them ("Tu tía nomás los calentó"); a span with a lowercase word in a cased turn (spaCy
    and the tagger: "Los de puerco los hice"); or a language's name after "speaks" or before
    "interpreter" ("She only speaks Mam", "Fuzhou hua"), even taken for a holiday's name
    ("speaks more Garifuna": Garifuna Settlement Day is a holiday)."""
    if finding.category == Category.DATE and finding.source in ("spacy", "tagger"):
        return bool(
            _SPEAKS.search(text[: finding.start]) or _LANGUAGE_AFTER.match(text, finding.end)
        )
    if finding.category not in (Category.NAME, Category.FACILITY, Category.ADDRESS, Category.PET):
        return False
    span = text[finding.start : finding.end]
    words = LETTERS.findall(span)
    if not words:
        return False
    by_model = finding.source in ("spacy", "tagger")
    function = _function_words()
    if (
        len(words) == 1
        and words[0].lower() in function
        and (by_model or finding.source.endswith("first_name"))
    ):
        others = [w for w in LETTERS.findall(text) if w.lower() in function and w != words[0]]
        if len(others) >= 2:
            return True
    if by_model and len(words) > 1 and words[-1].lower() in _PARTICLES - {"bin", "ibn", "d"}:
        return True  # a name does not end on "de la": "Dígale de la fiebre"
    if by_model:
        cased = any(ch.isupper() for ch in text)
        if cased and any(w.islower() and w not in _PARTICLES for w in words[1:]):
            return True
    elif not finding.source.startswith("RapportLexicon"):
        return False
    return bool(_SPEAKS.search(text[: finding.start]) or _LANGUAGE_AFTER.match(text, finding.end))
