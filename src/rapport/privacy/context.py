"""Findings that need a word list as well as a pattern: hyphenated given names, names after a
title that are also words ("Dr Bell"), pet names with a title ("Sir Crunch"), hospital
buildings named by a compass point ("northwest tower"), streets named after a town or a
verb of driving ("Overland Park, off Metcalf"), workplaces and schools after a cue ("works
at Boeing", "switched her to Tillman") and names spelled letter by letter.

``context_findings`` runs on a turn after presidio (on the truecased text when the turn is
all lowercase); ``spelled_names`` also runs with the previous turn as the cue.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapport.privacy.categories import Category
from rapport.privacy.engine import rule_lexicons
from rapport.privacy.findings import Finding, rule_finding
from rapport.privacy.lexicon import CAPITAL_HOLIDAYS, HOLIDAYS, wordset
from rapport.privacy.not_phi import PROGRAMS
from rapport.privacy.vocabulary import MONTHS, NAME_TOKEN, PET_WORDS, STREET_WORDS, WEEKDAYS
from rapport.privacy.wordlists import NOT_NAMES, WORDLIKE_FIRST_NAMES

_CALENDAR = (
    frozenset(MONTHS)
    | frozenset(WEEKDAYS)
    | frozenset(h.lower() for h in [*HOLIDAYS, *CAPITAL_HOLIDAYS])
    | frozenset(w + "s" for w in WEEKDAYS)
)


# ---- hyphenated given names ---------------------------------------------------------------

_HYPHENATED = re.compile(r"(?<![\w'’-])([A-Z][a-z]{1,8})-([A-Za-z][a-z]{1,8})(?![\w-])")
#: A syllable of a romanised Korean, Chinese or Vietnamese name ("Eun", "ji", "yeon", "Xiao").
_SYLLABLE = re.compile(r"(?i)[bcdfghjklmnpqrstvwxyz]{0,3}[aeiouy]{1,3}(?:ng|n|m|k|l|p|t|r|h)?")
#: Prefixes and sounds that make hyphenated words ("Pre-op", "Wi-Fi", "Uh-huh").
_NOT_NAME_PARTS = wordset(
    """
    pre re co non anti de un sub mid ex bi tri semi post self multi over under out up in on
    off wi hi lo sci fi hip hop uh oh mm hmm huh yo ho tsk ta da ha la boo tum din choo bye
    tik tok tic tac ping pong ding dong hee haw go no to ok
    """
)


def hyphenated_names(text: str) -> list[Finding]:
    """Hyphenated given names: one part a known first name ("Mary-Kate", "Ji-woo"), or both
    parts short syllables of a romanised name that are not both English words ("Eun-ji",
    "Seo-yeon")."""
    names, common, _everyday, _stop, _places, _surnames = rule_lexicons()
    found: list[Finding] = []
    for match in _HYPHENATED.finditer(text):
        first, second = match.group(1), match.group(2)
        lower = (first.lower(), second.lower())
        if (
            match.group() in NOT_NAMES
            or match.group().lower() in PROGRAMS  # "Medi-Cal"
            or lower[0] == lower[1]
            or any(part in _NOT_NAME_PARTS for part in lower)
            or first in NOT_NAMES
        ):
            continue
        title = second[:1].upper() + second[1:]
        named = first in names or title in names
        syllables = all(len(p) <= 4 and _SYLLABLE.fullmatch(p) for p in lower) and not all(
            p in common for p in lower
        )
        if named or syllables:
            found.append(
                rule_finding(match.start(), match.end(), Category.NAME, "hyphenated", "person")
            )
    return found


# ---- names after a title that are also words ----------------------------------------------

_TITLED = re.compile(
    r"\b(?P<title>Dr\.?|Doctor|Nurse|NP|Professor|Prof\.?|Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Coach|"
    rf"Pastor|Rabbi|Imam|Reverend|Rev\.?)\s+(?P<name>{NAME_TOKEN})\b(?!['’]s\s+[Dd]ay)"
)
_NOT_AFTER_TITLE = wordset(
    """
    practitioner practitioners assistant assistants office appointment visit note notes said
    says told asked who what and or but the a an right wrong
    """
)
_CLINICAL = re.compile(r"(?:Dr|Doctor|Nurse|NP|Professor|Prof)\.?$")


def titled_names(text: str) -> list[Finding]:
    """A capitalised word after a title is a name even when it is also a word or an eponym
    that is never a name alone ("Dr Bell", "Coach Summer", "Dr Jackson")."""
    _names, _common, _everyday, stop, _places, _surnames = rule_lexicons()
    found: list[Finding] = []
    for match in _TITLED.finditer(text):
        name = match.group("name")
        lower = name.lower()
        if lower in stop or lower in _CALENDAR or lower in _NOT_AFTER_TITLE:
            continue
        if name not in NOT_NAMES and name not in WORDLIKE_FIRST_NAMES:
            continue  # the title patterns find it
        hint = "clinician" if _CLINICAL.match(match.group("title")) else "person"
        found.append(
            rule_finding(match.start("name"), match.end("name"), Category.NAME, "titled", hint)
        )
    return found


# ---- pet names with a title ---------------------------------------------------------------

_PET_TITLES = (
    r"(?:Sir|Lady|Mister|Mr\.?|Mrs\.?|Miss|Ms\.?|Princess|Prince|Captain|Capt\.?|Lord|Duke|"
    r"Duchess|Professor|Doctor|Dr\.?|Queen|King|Baron|Baroness|Count|Countess|General|"
    r"Sergeant|Sgt\.?|Major|Colonel|Admiral|Agent|Chief|Officer|Little|Big|Señor|Senor|"
    r"Madame|Dame|Lil|Baby|Fat|Old|Saint)"
)
_PET_NAME = rf"(?:{_PET_TITLES}\s+{NAME_TOKEN}(?:\s+{NAME_TOKEN})?|{NAME_TOKEN}\s+{NAME_TOKEN})"
_PET_AFTER_WORD = re.compile(
    rf"(?i:\b{PET_WORDS}(?:\s+(?:is\s+)?(?:named|called))?,?\s+)(?P<phi>{_PET_NAME})\b"
)
_PET_AFTER_NAMING = re.compile(
    r"(?i:\b(?:name\s+is|name's|named|called|call\s+(?:him|her|it|them)|this\s+is)\s+)"
    rf"(?P<phi>{_PET_NAME})\b"
)
_PET_WORD = re.compile(rf"(?i)\b{PET_WORDS}s?\b")
_PET_TITLE_START = re.compile(rf"{_PET_TITLES}\s")
#: Titles of storybook names, not of people one meets ("his name is Sir Crunch").
_STORY_TITLE = re.compile(
    r"(?:Sir|Lady|Princess|Prince|Captain|Lord|Duke|Duchess|Queen|King|Baron|Baroness|Count|"
    r"Countess|Mister|Señor|Senor|Madame|Dame|Lil)\s"
)


def pet_names(text: str) -> list[Finding]:
    """A pet's name of two words, or a name with a title ("our dog Captain Jack", "my
    lizard? His name is Sir Crunch"): after a pet word, or after "named", "his name is" in a
    turn that speaks of a pet. Without a pet, a storybook title ("Sir", "Princess") after
    "named" still makes a name, a person's."""
    stop = rule_lexicons()[3]
    found: list[Finding] = []
    pet_turn = _PET_WORD.search(text) is not None
    for regex in (_PET_AFTER_WORD, _PET_AFTER_NAMING):
        for match in regex.finditer(text):
            words = match.group("phi").split()
            titled = _PET_TITLE_START.match(match.group("phi")) is not None
            last = words[-1].lower()
            if last in stop or last in _CALENDAR or words[-1] in NOT_NAMES:
                continue
            first = words[0].lower()
            if not titled and (first in stop or first in _CALENDAR):
                continue  # "Buddy Holly" after "named" is a name, "Yes Ma'am" is not
            if not titled and regex is _PET_AFTER_NAMING and words[0] in NOT_NAMES:
                continue
            if regex is _PET_AFTER_NAMING and not pet_turn:
                if not _STORY_TITLE.match(match.group("phi")):
                    continue  # "this is Doctor Dean", "named Ana Ruiz": the name patterns
                found.append(
                    rule_finding(match.start("phi"), match.end("phi"), Category.NAME, "titled")
                )
                continue
            found.append(
                rule_finding(match.start("phi"), match.end("phi"), Category.PET, "pet_name")
            )
    return found


# ---- hospital buildings -------------------------------------------------------------------

_COMPASS_BUILDING = re.compile(
    r"(?i)\b(?:north|south|east|west)(?:east|west)?\s+(?:tower|pavilion|wing|building|campus|"
    r"annex)\b(?![-'’]\w)"
)


def compass_buildings(text: str) -> list[Finding]:
    """A hospital's building named by a compass point ("the northwest tower", "East
    Pavilion"), in any case."""
    return [
        rule_finding(m.start(), m.end(), Category.FACILITY, "compass_building")
        for m in _COMPASS_BUILDING.finditer(text)
    ]


# ---- streets named without a street word --------------------------------------------------

_STREET_AFTER_PLACE = re.compile(
    rf"(?:'s)?,?\s+(?:just\s+|right\s+)?(?:off|on|near)\s+(?:of\s+)?(?P<phi>{NAME_TOKEN})\b"
    rf"(?!\s+{NAME_TOKEN})(?!['’]s)"
)
_STREET_AFTER_DRIVING = re.compile(
    r"(?i:\b(?:take|took|taking|turn|turned|turning|exit|exited|exiting|merge|merged|"
    r"merging|head|headed|heading|drive|drove|driving|pull|pulled|stuck)\s+"
    r"(?:left\s+|right\s+|north\s+|south\s+|east\s+|west\s+)?"
    r"(?:on|onto|off|off\s+of|down|up|along)\s+"
    r"|\b(?:go|goes|going|went|walk|walked|walking)\s+(?:down|up|along)\s+"
    r"|\b(?:take|took|taking)\s+(?=[A-Z]\w+\s+(?:north|south|east|west)\b))"
    rf"(?P<phi>{NAME_TOKEN})\b(?!\s+{NAME_TOKEN})(?!\s+{STREET_WORDS})(?!['’]s)"
)


def _plausible_street(word: str, keep: frozenset[str]) -> bool:
    names, common = rule_lexicons()[:2]
    lower = word.lower()
    return not (
        lower in common
        or word in NOT_NAMES
        or word in WORDLIKE_FIRST_NAMES
        or word in names
        or lower in keep
        or lower in _CALENDAR
    )


def streets_in_context(
    text: str, findings: Sequence[Finding], keep: frozenset[str]
) -> list[Finding]:
    """A street named without its street word after a town ("in Overland Park, off
    Metcalf") or after a verb of driving ("take Metcalf south", "turned onto Antioch")."""
    found: list[Finding] = []
    for finding in findings:
        span = text[finding.start : finding.end]
        if finding.category != Category.ADDRESS or any(ch.isdigit() for ch in span):
            continue
        match = _STREET_AFTER_PLACE.match(text, finding.end)
        if match and _plausible_street(match.group("phi"), keep):
            found.append(
                rule_finding(match.start("phi"), match.end("phi"), Category.ADDRESS, "street_near")
            )
    for match in _STREET_AFTER_DRIVING.finditer(text):
        if _plausible_street(match.group("phi"), keep):
            found.append(
                rule_finding(match.start("phi"), match.end("phi"), Category.ADDRESS, "street_drive")
            )
    return found


# ---- workplaces and schools ---------------------------------------------------------------

_ORGANISATION = (
    rf"(?:{NAME_TOKEN}|[A-Z]{{2,5}})(?:\s+(?:&|and)\s+{NAME_TOKEN}|\s+{NAME_TOKEN}){{0,3}}"
)
#: What comes before the place someone works: "works nights at", "retired from the".
WORKPLACE_CUE = (
    r"(?i:\b(?:(?:work|works|worked|working|job|employed|employer|shifts?|insurance|coverage|"
    r"benefits|volunteers?|volunteered|volunteering|internship|interning)\s+(?:is\s+|was\s+)?"
    # when and how someone works sits between the verb and the place: "work nights at DIA"
    r"(?:(?:nights|days|evenings|weekends|overnights|part[\s-]time|full[\s-]time|from\s+home|"
    r"remotely|there|still|now|mostly)\s+){0,2}"
    r"(?:over\s+|down\s+|out\s+)?(?:at|for|through|by)|"
    r"(?:retired|retiring|laid\s+off|quit|fired|resigned)\s+(?:from|out\s+of)|"
    # who someone drives for: "I drive for DART", "drove the B41 for the MTA"
    r"(?:drive|drives|drove|driving|deliver|delivers|delivered|delivering)"
    r"(?:\s+(?:a|the)\s+[\w-]+)?\s+for|"
    # "forty one years at union pacific", "calling from nebraska medicine"
    r"years\s+(?:at|with)|calling\s+(?:from|on\s+behalf\s+of)|"
    # the workplace named after "at work": "you can call me at work, AVCP, ..."
    r"at\s+work,)\s+(?:the\s+)?)"
)
_WORKPLACE = re.compile(rf"{WORKPLACE_CUE}(?P<phi>{_ORGANISATION})")
_SCHOOL = re.compile(
    r"(?i:\b(?:goes|go|going|went|attends|attend|attended|attending|enrolled|transferred|"
    r"switched|started|starts|start|senior|junior|sophomore|freshman|student|teacher|"
    r"teaches|taught)\s+(?:(?:him|her|them|us|me)\s+)?(?:to|at|in)\s+)"
    rf"(?P<phi>{_ORGANISATION})"
)


_NOT_WORKPLACES = wordset("home work school church night nights days weekends lunch dinner")


def workplaces_and_schools(text: str, keep: frozenset[str]) -> list[Finding]:
    """The place someone works or studies, capitalised, after a cue: "works at Boeing",
    "insurance through Burns & McDonnell", "switched her to Tillman". A person's first name,
    a town, a state and a word that is never a name are not workplaces."""
    names, common, _everyday, stop, places, _surnames = rule_lexicons()
    found: list[Finding] = []
    for regex in (_WORKPLACE, _SCHOOL):
        for match in regex.finditer(text):
            span = match.group("phi")
            words = span.split()
            while words and (words[-1] in NOT_NAMES or words[-1].lower() in _CALENDAR):
                words.pop()
            if not words or words[0] in NOT_NAMES or words[0].lower() in _CALENDAR:
                continue
            span = " ".join(words)
            if (
                span.lower() in keep
                or span in places
                or (len(words) == 1 and (span in names or span in WORDLIKE_FIRST_NAMES))
                or (len(words) == 2 and words[0] in names)  # a person: "works for Ana Ruiz"
                or (regex is _SCHOOL and len(words) == 1 and span.lower() in common)
                or (len(words) == 1 and span.lower() in _NOT_WORKPLACES)
                or all(w.lower() in stop for w in words)
            ):
                continue
            start = match.start("phi")
            found.append(rule_finding(start, start + len(span), Category.FACILITY, "workplace"))
    return found


# ---- names spelled letter by letter -------------------------------------------------------

#: A turn that spells: "spell it", or names a letter as people do when they spell ("with a
#: v not a b", "t as in tom").
_SPELL_CUE = re.compile(
    r"(?i)\bspell(?:s|ed|ing)?\b|\bspelled\b|\bwith\s+an?\s+[a-z]\s+not\s+an?\s+[a-z]\b"
    r"|\blast\s+name\s+is\b"
    # a turn that dictates an e-mail address spells its name too: "... dot com t y e e"
    r"|\bat\s+\w+\s+dot\s+(?:com|net|org|edu)\b"
    r"|\b[a-z]\s+as\s+in\s+[a-z]+"
)
#: Letters enough that a run of them spells a name even with no cue: "b o n t r a g e r".
_LONG_SPELLING = 6
_SPELLED_SPACED = re.compile(r"(?<![\w'’])(?:[A-Za-z][\s,.]+){2,}[A-Za-z](?![\w'’])")
_ARTICLE_CUE = re.compile(r"(?i)\b(?:with|like)\s+$")
#: Four letters or more joined by hyphens, or three cut off: "P-A-T-E-L", "that's T-H-I..."
_SPELLED_HYPHENS = re.compile(
    r"(?<![\w'’-])[A-Za-z](?:(?:-[A-Za-z]){3,}(?![\w-])|(?:-[A-Za-z]){2}(?=\.\.\.|…|-\s))"
)


def spelled_names(text: str, previous: str | None = None) -> list[Finding]:
    """A name spelled letter by letter: "P-A-T-E-L" anywhere, "o k a f o r" when this turn
    or the one before spells or the turn says the word it spells ("kamara is k a m a r a"),
    and six letters or more anywhere ("b o n t r a g e r")."""
    found = [
        rule_finding(m.start(), m.end(), Category.NAME, "spelled", "person")
        for m in _SPELLED_HYPHENS.finditer(text)
    ]
    # and the word it spells, said before it: "Nakato, N-A-K-A-T-O."
    for spelling in _SPELLED_HYPHENS.finditer(text):
        word = spelling.group().replace("-", "")
        said = re.search(rf"(?i)(?<![\w'’-]){word}\b(?=[\s,.:;]+$)", text[: spelling.start()])
        if said is not None:
            found.append(rule_finding(*said.span(), Category.NAME, "spelled", "person"))
    cued = _SPELL_CUE.search(text) or (previous is not None and _SPELL_CUE.search(previous))
    for match in _SPELLED_SPACED.finditer(text):
        value = match.group().rstrip(" ,.")
        # "that's charla with a c h": the article is no letter of it ("then a h s o g ..." is)
        article = re.match(r"(?i)a\s+", value)
        skip = article.end() if article and _ARTICLE_CUE.search(text, 0, match.start()) else 0
        value = value[skip:]
        letters = re.findall(r"[A-Za-z]", value)
        # the letters spell a word the turn says: "eaton is e a t o n"
        spells_a_word = len(letters) >= 3 and re.search(
            rf"(?i)\b{''.join(letters)}\b", text[: match.start()]
        )
        if (
            not cued
            and not spells_a_word
            and (
                len(letters) < _LONG_SPELLING
                or not re.fullmatch(r"[A-Za-z](?: [A-Za-z])+", value)
                or not re.search("[aeiouy]", value, re.I)
            )
        ):
            continue
        if len(letters) >= 3 and not all(ch.lower() in "ai" for ch in letters):
            start = match.start() + skip
            found.append(rule_finding(start, start + len(value), Category.NAME, "spelled"))
    return found


def context_findings(text: str, findings: Sequence[Finding], keep: frozenset[str]) -> list[Finding]:
    """Every finding of this module on one turn (pass 1)."""
    return [
        *hyphenated_names(text),
        *titled_names(text),
        *pet_names(text),
        *compass_buildings(text),
        *streets_in_context(text, findings, keep),
        *workplaces_and_schools(text, keep),
    ]
