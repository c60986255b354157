"""What sits next to a finding, and a finding spaCy misread.

A street after a named facility ("the Walgreens on Troost"), a zip code after a town
("Omaha, 68124") and a surname after a first name ("Teresa Okonkwo") are PHI that only
their neighbour gives away; a single long word that spaCy took for a place is most often a
name. ``detect`` applies these in its first pass.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapport.privacy.categories import Category
from rapport.privacy.findings import Finding
from rapport.privacy.lexicon import CAPITAL_HOLIDAYS, HOLIDAYS
from rapport.privacy.vocabulary import (
    FACILITY_WORDS,
    MONTHS,
    NAME_TOKEN,
    SPOKEN_DIGIT,
    STREET_WORDS,
    WEEKDAYS,
)
from rapport.privacy.wordlists import NOT_NAMES, WORDLIKE_FIRST_NAMES

CALENDAR_WORDS = frozenset(
    [m.lower() for m in MONTHS]
    + [w.lower() for w in WEEKDAYS]
    + [h.lower() for h in [*HOLIDAYS, *CAPITAL_HOLIDAYS]]
)
#: The calendar words and the days said relative to today: a pet or a place is never one.
DAY_WORDS = CALENDAR_WORDS | frozenset(["today", "tomorrow", "tonight"])
#: Words that are never a surname after a first name ("Lena Thursday").
NOT_SURNAMES = CALENDAR_WORDS | frozenset(["and", "or", "i", "okay", "ok"])


_STREET_AFTER = re.compile(rf"(?:'s)?,?\s+(?:on|off)\s+({NAME_TOKEN})\b(?!\s+{NAME_TOKEN})")
#: A zip code after a town or a street, in digits or said digit by digit, a few words on
#: at most ("brownsville road in carrick one five two one zero").
_ZIP_AFTER = re.compile(
    r",?\s+(?:in\s+[a-z]+\s+|(?P<state>[A-Za-z]+(?:\s+[A-Za-z]+)?),?\s+)?"
    rf"(?P<zip>\d{{5}}(?:-\d{{4}})?|(?i:{SPOKEN_DIGIT}(?:\s+{SPOKEN_DIGIT}){{4}}))"
    rf"(?![\w-]|\s+(?i:{SPOKEN_DIGIT})\b)"
)


def next_to_places(text: str, findings: Sequence[Finding], keep: frozenset[str]) -> list[Finding]:
    """A street after a named facility ("the Walgreens on Troost") and a zip code after a
    town ("Omaha, 68124")."""
    from rapport.privacy.engine import common_words

    found: list[Finding] = []
    for finding in findings:
        if finding.category == Category.FACILITY:
            match = _STREET_AFTER.match(text, finding.end)
            if match:
                word = match.group(1)
                if not (
                    word.lower() in common_words()
                    or word in NOT_NAMES
                    or word.lower() in keep
                    or word.lower() in CALENDAR_WORDS
                ):
                    found.append(
                        Finding(match.start(1), match.end(1), Category.ADDRESS, "", "street_after")
                    )
    return found + towns_after_facilities(text, findings, keep) + zips_after(text, findings)


#: The town a named facility is in: "Outer Banks Hospital in Nags Head", and in lowercase
#: speech "at first baptist in kennett".
_TOWN_AFTER = re.compile(r"\s+in\s+(?P<town>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?|[a-z]{3,})\b")


def towns_after_facilities(
    text: str, findings: Sequence[Finding], keep: frozenset[str], lowercase: bool = False
) -> list[Finding]:
    """The town after "in" that a facility found is said to be in; in a ``lowercase`` turn,
    only a word that is no dictionary word ("in kennett", not "in town" or "in recovery")."""
    from rapport.privacy.engine import common_words, inflected

    found: list[Finding] = []
    for finding in findings:
        if finding.category != Category.FACILITY:
            continue
        town = _TOWN_AFTER.match(text, finding.end)
        if town is None:
            continue
        word = town.group("town")
        if word.islower():
            if not lowercase:
                continue  # "Dr Nakashima in survivorship": a cased turn capitalises its towns
            if word in common_words() or word in DAY_WORDS or inflected(word) or word in keep:
                continue
        elif not _plausible_town(word, keep):
            continue
        found.append(Finding(*town.span("town"), Category.ADDRESS, "", "town_after"))
    return found


def _plausible_town(town: str, keep: frozenset[str]) -> bool:
    """Not a state or country (Safe Harbor keeps them), a month or a single dictionary
    word ("in Building 2" names no town)."""
    from rapport.privacy.engine import common_words

    words = town.split()
    return not (
        town.lower() in keep
        or _is_state(town)
        or any(w in NOT_NAMES or w.lower() in CALENDAR_WORDS for w in words)
        or (len(words) == 1 and town.lower() in common_words())
    )


def _is_state(words: str) -> bool:
    from rapport.privacy.engine import states_and_countries

    return words.lower() in states_and_countries()


def zips_after(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """A zip code right after a town or a street that was found ("Omaha, 68124")."""
    found: list[Finding] = []
    for finding in findings:
        if finding.category == Category.ADDRESS:
            match = _ZIP_AFTER.match(text, finding.end)
            state = match.group("state") if match else None
            if match and (state is None or _is_state(state)):  # "council bluffs iowa 51501"
                start, end = match.span("zip")
                found.append(Finding(start, end, Category.ADDRESS, "", "zip"))
    return found


_NEXT_TOKEN = re.compile(rf" ({NAME_TOKEN})\b(?!'[a-rt-z])")
#: Street, facility and compass words that are also surnames ("Hall", "Lane", "North").
_PLACE_WORD = re.compile(rf"{STREET_WORDS}|{FACILITY_WORDS}|North|South|East|West|Central|Park")


def with_surname(text: str, finding: Finding, keep: frozenset[str]) -> Finding:
    """A first name followed by a capitalised word that is not an everyday word, a month or
    a place ("is this Teresa Okonkwo?"), or is a common surname ("Teresa Brown"), is
    extended over that word: a surname left behind still identifies."""
    from rapport.privacy.engine import common_words, first_names, place_names, surnames

    if text[finding.start : finding.end] not in first_names():
        return finding
    following = _NEXT_TOKEN.match(text, finding.end)
    if following is None:
        return finding
    word = following.group(1)
    # a common surname that is also a word ("Teresa Brown") is a surname after a first name
    surname = word in surnames() and not _PLACE_WORD.fullmatch(word)
    if (
        word in NOT_NAMES
        or word.lower() in NOT_SURNAMES
        or word.lower() in keep
        or word in place_names()
        or (
            not surname
            and (
                word in WORDLIKE_FIRST_NAMES
                or (word.lower() in common_words() and word not in first_names())
            )
        )
    ):
        return finding
    return Finding(
        finding.start, following.end(1), finding.category, finding.hint, f"{finding.source}+surname"
    )


def misread_name(span: str, finding: Finding) -> bool:
    """A single long word that spaCy took for a facility or a place but that is no place
    and no English word: most often a name ("Oluwaseun")."""
    from rapport.privacy.engine import common_words, place_names

    return (
        finding.source == "spacy"
        and finding.category in (Category.FACILITY, Category.ADDRESS)
        and re.fullmatch(r"[A-Z][a-z]{6,}", span) is not None
        and span not in place_names()
        and span.lower() not in common_words()
    )


#: What follows a town's name as part of it: "watford city", "Jackson Heights", "pueblo
#: west" (but not "west of the river").
_TOWN_SUFFIX = re.compile(
    r"(?i)\s+(?:city|falls|springs|heights|beach|township|junction|village|harbor|harbour|"
    r"creek|hills|valley|crossing|station|(?:north|south|east|west)(?!\s+of\b))\b"
)


#: What follows a facility's name as part of it, said in lowercase: "mckenzie" + " health",
#: "mahanoy" + " area high".
_FACILITY_SUFFIX = re.compile(
    r"(?i)\s+(?:health|medical\s+center|hospital|clinic|manor|health\s+center|regional|"
    r"foundation|(?:area\s+|junior\s+|senior\s+)?(?:high|middle|elementary)(?:\s+school)?)\b"
)
#: What a centre or institute is for, as part of its name: "goshen center" + " for cancer
#: care", "the Hope Institute" + " for Children's Health".
_PURPOSE_SUFFIX = re.compile(
    r"(?i)\s+for\s+(?:the\s+)?(?:[\w'’]+\s+){0,2}(?:care|cancer|health|medicine|research|"
    r"oncology|healing|wellness|hope|children|kids|women|families|blood\s+disorders)\b"
)
#: A unit named after its town, in lowercase after the capitalised town: "our Alamosa
#: center", "the Keizer infusion center"; and a place to stay ("the Maple Ridge guest house").
_UNIT_SUFFIX = re.compile(
    r"\s+(?:(?:(?:infusion|cancer|treatment|radiation|imaging|dialysis|surgery|oncology)\s+)?"
    r"(?:center|centre|clinic|campus)|(?i:guest\s+house|lodge|inn|motel|suites))\b"
)


def with_town_suffixes(text: str, findings: list[Finding]) -> list[Finding]:
    """The findings, with a town's second word joined to it ("watford" + " city"), and a
    facility's ("mckenzie" + " health", "goshen center" + " for cancer care")."""
    joined = list(findings)
    for i, finding in enumerate(joined):
        suffix = _TOWN_SUFFIX.match(text, finding.end)
        if finding.category == Category.FACILITY:
            suffix = _FACILITY_SUFFIX.match(text, finding.end)
            if re.search(r"(?i)\b(?:center|centre|institute)$", text[finding.start : finding.end]):
                suffix = suffix or _PURPOSE_SUFFIX.match(text, finding.end)
        if finding.category in (Category.ADDRESS, Category.FACILITY) and suffix:
            joined[i] = Finding(
                finding.start, suffix.end(), finding.category, finding.hint, finding.source
            )
        unit = _UNIT_SUFFIX.match(text, finding.end)
        span = text[finding.start : finding.end]
        if (
            unit is not None
            and finding.category in (Category.ADDRESS, Category.NAME)
            and span[:1].isupper()
            and re.search(r"\b(?:our|the|at|your)\s+$", text[: finding.start])
        ):
            joined[i] = Finding(finding.start, unit.end(), Category.FACILITY, "", finding.source)
    return joined
