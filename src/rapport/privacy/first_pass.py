"""Pass 1 of detection on one turn: presidio's findings, cleaned (titles trimmed, states and
medical eponyms dropped), then joined by the findings that need a word list as well as a
pattern (``context``), by cues (``cues``) and by identifiers said around a cue
(``identifiers``). ``detect`` runs it on every turn of a patient and remembers what it
found."""

from __future__ import annotations

import functools
import re

from rapport.privacy.categories import Category
from rapport.privacy.context import context_findings
from rapport.privacy.cues import cued_findings
from rapport.privacy.findings import Finding
from rapport.privacy.identifiers import after_strong_cue, spaced_identifiers, with_prefixes
from rapport.privacy.lexicon import FACILITY_GENERIC
from rapport.privacy.neighbours import (
    CALENDAR_WORDS,
    next_to_places,
    towns_after_facilities,
    with_surname,
    with_town_suffixes,
    zips_after,
)
from rapport.privacy.not_phi import false_alarms
from rapport.privacy.phones import with_menu_tails
from rapport.privacy.truecasing import truecase
from rapport.privacy.vocabulary import LETTERS
from rapport.privacy.wordlists import NOT_NAMES, WORDLIKE_FIRST_NAMES

TITLES = re.compile(
    r"^(?:(?:Dr|Doctor|Nurse|NP|PA|Mr|Mrs|Ms|Miss|Mx|Aunt|Auntie|Uncle|Grandma|Grandpa|Nana|"
    r"Papa|Coach|Cousin|Miss|Abuela|Abuelo|Qasha|Abouna|Father|Rabbi|Imam|Ajahn)\.?\s+)+"
)
POSSESSIVE = re.compile(r"(?:'s|’s|')$")


def _clean_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim titles, role words and possessives off a name span; None if nothing is left."""
    span = text[start:end]
    title = TITLES.match(span)
    if title:
        start += title.end()
    words = list(LETTERS.finditer(text[start:end]))
    while words and (words[0].group() in NOT_NAMES or not words[0].group()[:1].isupper()):
        words.pop(0)
    while words and (words[-1].group() in NOT_NAMES or not words[-1].group()[:1].isupper()):
        words.pop()
    if not words:
        return None
    new_start = start + words[0].start()
    new_end = start + words[-1].end()
    possessive = POSSESSIVE.search(text[new_start:new_end])
    if possessive:
        new_end -= len(possessive.group())
    return (new_start, new_end) if new_end > new_start else None


_SENTENCE_END = re.compile(r"(?:^|[.!?]\)?[\"”']?\s+|^[(\"“']+)$")


_BARE_PLACE_PATTERNS = frozenset(["town", "street_bare", "street_corner"])


def sentence_initial(text: str, start: int) -> bool:
    """True when ``start`` begins a sentence (or the text)."""
    return bool(_SENTENCE_END.search(text[max(0, start - 4) : start])) or start == 0


def _clean(text: str, finding: Finding, places_to_keep: frozenset[str]) -> Finding | None:
    from rapport.privacy.engine import first_names, place_names

    category = finding.category
    span = text[finding.start : finding.end]
    if finding.source.split(":")[-1] in _BARE_PLACE_PATTERNS and span not in place_names():
        from rapport.privacy.engine import common_words

        words = span.split()
        if (
            any(
                w.lower() in common_words()
                or w in NOT_NAMES
                or w in WORDLIKE_FIRST_NAMES
                or (w in first_names() and len(words) == 1)
                or w.lower() in places_to_keep
                or w.lower() in CALENDAR_WORDS
                for w in words
                if not w[:1].isdigit()
            )
            or span.lower() in places_to_keep
        ):
            return None
    if category == Category.FACILITY:
        words = [w for w in re.findall(r"[\w'’-]+", span)]
        meaningful = [w for w in words if w.lower() not in FACILITY_GENERIC]
        if not meaningful or all(w in NOT_NAMES for w in meaningful):
            return None
    if (
        finding.source == "spacy"
        and sentence_initial(text, finding.start)
        and " " not in span
        and span not in first_names()
        and span not in place_names()
    ):
        return None  # spaCy often takes a sentence's first word for a name ("Habit.")
    relation = category == Category.NAME and finding.source.endswith(":relation")
    if relation and span in WORDLIKE_FIRST_NAMES:
        return finding  # a name that is a word, after "his mom,": "Autumn", "Summer"
    if category in (Category.NAME, Category.PET):
        cleaned = _clean_name(text, finding.start, finding.end)
        if cleaned is None:
            return None
        return Finding(cleaned[0], cleaned[1], category, finding.hint, finding.source)
    if finding.source.startswith("spacy"):
        article = re.match(r"(?i)the\s+(?=[A-Z])", span)
        if article and category == Category.FACILITY:
            # spaCy takes the article with the name ("the Plaza Library")
            finding = Finding(
                finding.start + article.end(), finding.end, category, finding.hint, finding.source
            )
            span = span[article.end() :]
        if not span[:1].isupper() or span in NOT_NAMES:
            return None
        words = span.split()
        if all(w in NOT_NAMES for w in words):
            return None
        if category == Category.ADDRESS and span.lower().removeprefix("the ") in places_to_keep:
            return None
        if category == Category.FACILITY and (
            (span.isupper() and len(re.sub(r"[-/]", "", span)) <= 5)  # "UPMC", "PET-CT"
            or any(ch.isdigit() for ch in span)
            or re.match(r"[A-Z]{1,3}\s", span)
        ):
            return None
        possessive = POSSESSIVE.search(span)
        if possessive and category == Category.ADDRESS:
            return Finding(finding.start, finding.end - len(possessive.group()), category)
    return finding


def analyze_text(text: str) -> list[Finding]:
    """Pass 1 on one text: presidio's findings as cleaned Rapport findings (not merged).

    Results are cached per text for the life of the process (findings only, in memory)."""
    return list(_analyze_cached(text))


@functools.lru_cache(maxsize=50_000)
def _analyze_cached(text: str) -> tuple[Finding, ...]:
    return tuple(_analyze(text))


def _analyze(text: str) -> list[Finding]:
    from rapport.privacy.engine import PRESIDIO_CATEGORIES, analyzer, states_and_countries

    if not text.strip():
        return []
    original = text
    if not any(ch.isupper() for ch in text):
        text = truecase(text)
    results = analyzer().analyze(text=text, language="en", score_threshold=0.3)
    keep = states_and_countries()
    findings: list[Finding] = []
    for result in results:
        entity = result.entity_type
        category = PRESIDIO_CATEGORIES.get(entity) or Category(entity)
        metadata = result.recognition_metadata or {}
        recognizer = str(metadata.get("recognizer_name", ""))
        source = (
            "spacy"
            if recognizer.startswith("Spacy")
            else f"{recognizer}:{metadata.get('pattern', '')}"
        )
        finding = Finding(result.start, result.end, category, metadata.get("hint", ""), source)
        cleaned = _clean(text, finding, keep)
        if cleaned is not None and false_alarms(text, cleaned):
            cleaned = None
        if cleaned is not None:
            if cleaned.category == Category.NAME:
                cleaned = with_surname(text, cleaned, keep)
            findings.append(cleaned)
    findings.extend(next_to_places(text, findings, keep))
    found = context_findings(text, findings, keep)
    names = {(f.start, f.end) for f in found if f.source == "hyphenated"}
    # spaCy takes some hyphenated given names for organisations ("Anne-Marie")
    findings = [f for f in findings if f.source != "spacy" or (f.start, f.end) not in names]
    findings.extend(found)
    cued = cued_findings(text, original, findings, keep)
    findings.extend(cued)
    lowercase = not any(ch.isupper() for ch in original)
    findings.extend(towns_after_facilities(text, cued, keep, lowercase))
    findings.extend(zips_after(text, findings))  # after a street or an apartment too
    findings = with_town_suffixes(text, with_prefixes(text, findings))
    findings.extend(spaced_identifiers(text, findings))
    findings.extend(after_strong_cue(text, findings))
    return with_menu_tails(text, findings)
