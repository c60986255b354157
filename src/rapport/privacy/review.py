"""What de-identification left that a person should look at before text is shared.

The detector misses identifiers it has no rule or lexicon for: a village name in a
lowercase transcript, a facility with no facility word, a record number said in Spanish
(see docs/privacy.md). Those leaks share a look: they are words that are not everyday
English, or runs of digits, or month names. This module lists such words where the
detector removed nothing, so that a reviewer reads a short list instead of every turn.

The list comes from the original text and so may itself hold identifiers: it is for the
care team's reviewer, kept with the original transcripts, never shared.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapport.privacy.detect import Finding


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NUMBER_WORDS = _words(
    "zero oh one two three four five six seven eight nine ten "
    "cero uno una dos tres cuatro cinco seis siete ocho nueve diez"
)
MONTHS = _words(
    "january february march april may june july august september october november december "
    "enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre "
    "noviembre diciembre"
)
CLINICAL = _words(
    "chemo chemotherapy onc oncologist onco picc picu nicu anc cbc labs meds neutropenic "
    "neutropenia methotrexate vincristine cytarabine doxorubicin cisplatin carboplatin "
    "etoposide ifosfamide cyclophosphamide dexamethasone zofran ondansetron tylenol "
    "paracetamol ibuprofen motrin benadryl bactrim miralax oxycodone morphine gabapentin "
    "neuroblastoma medulloblastoma rhabdomyosarcoma osteosarcoma glioma dipg mri ct"
)
"""Oncology words WordNet lacks: listing them would bury the words that matter."""
FILLERS = _words(
    "ohh ooh mmm hmm mm-hmm mhm uh-huh uh-uh yep yup nope nah ugh aye gonna wanna gotta "
    "kinda sorta dunno lemme okay hey gosh everybody somebody nobody anybody"
)
_NEAR_DAY = re.compile(r"^\W*(\d|the\b|first|second|third|[a-z]+(th|st)\b)", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_][^\W\d_'’-]*(?:['’-][^\W\d_]+)*")
_DIGITS = re.compile(r"\d[\d\s-]{1,}\d")


@dataclass(frozen=True, slots=True)
class Residual:
    """A word (or run) left in a turn that may identify someone: ``[start, end)``."""

    start: int
    end: int
    text: str
    reason: str


def _inside(start: int, end: int, findings: Sequence[Finding]) -> bool:
    return any(f.start < end and start < f.end for f in findings)


def _number_word_runs(text: str) -> list[tuple[int, int]]:
    """Runs of three or more number words: a phone or record number said aloud."""
    runs: list[tuple[int, int]] = []
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        j = i
        while j < len(words) and words[j][2] in NUMBER_WORDS:
            j += 1
        if j - i >= 3:
            runs.append((words[i][0], words[j - 1][1]))
        i = max(j, i + 1)
    return runs


def _everyday(word: str, common: frozenset[str]) -> bool:
    from rapport.privacy.engine import inflected

    if word in FILLERS or word in CLINICAL:
        return True
    word = re.sub(r"n['’]t$", "", word)
    if "-" in word.strip("-"):
        return all(_everyday(part, common) for part in word.split("-") if part)
    base = re.split(r"['’]", word)[0]
    return (
        word in common
        or base in common
        or word in FILLERS
        or word.rstrip("s") in common
        or inflected(word)
    )


def residuals(text: str, findings: Sequence[Finding], common: frozenset[str]) -> list[Residual]:
    """Words of ``text`` outside every finding that could still identify someone.

    ``common`` is the lowercase everyday vocabulary (``engine.common_words``); a word in it
    is not listed unless it is a month. Digit runs of three or more digits and runs of
    three or more number words are listed as numbers.
    """
    found: list[Residual] = []
    for start, end in _number_word_runs(text):
        if not _inside(start, end, findings):
            found.append(Residual(start, end, text[start:end], "number in words"))
    numbered = [(r.start, r.end) for r in found]
    for match in _DIGITS.finditer(text):
        digits = sum(ch.isdigit() for ch in match.group())
        if digits >= 3 and not _inside(match.start(), match.end(), findings):
            found.append(Residual(match.start(), match.end(), match.group(), "number"))
    for match in _WORD.finditer(text):
        start, end, word = match.start(), match.end(), match.group()
        lower = word.lower().strip("'’-")
        if len(lower) < 3 or _inside(start, end, findings):
            continue
        if any(s <= start and end <= e for s, e in numbered):
            continue
        if lower in MONTHS:
            # "may" is mostly the verb: a month only before a day or after one.
            if lower != "may" or _NEAR_DAY.match(text[end:]) or re.search(r"\d\W*$", text[:start]):
                found.append(Residual(start, end, word, "month"))
        elif not _everyday(lower, common):
            found.append(Residual(start, end, word, "uncommon word"))
    return sorted(found, key=lambda r: r.start)
