"""Replacements for PHI: tags or surrogates, consistent per patient, and offset maps.

A ``Pseudonyms`` object belongs to one patient (all of the patient's encounters). It hands
out ``[CHILD-1]``, ``[DATE-3]``, ... in order of first appearance, or surrogates drawn
deterministically from ``key``, so the same person, date or number gets the same
replacement wherever it occurs. Dates are shifted by a per-patient number of days.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from rapport.model import Participant, Role
from rapport.privacy.categories import PERSON_STEMS, TAG_STEMS, Category
from rapport.privacy.detect import Finding, name_tokens
from rapport.privacy.lexicon import CAPITAL_HOLIDAYS, HOLIDAYS
from rapport.privacy.vocabulary import MONTH_ABBREVIATIONS, MONTHS, ORDINALS, WEEKDAYS

_SURROGATE_FIRST = [
    "Avery",
    "Blake",
    "Casey",
    "Dana",
    "Eden",
    "Finley",
    "Harper",
    "Jamie",
    "Kendall",
    "Logan",
    "Morgan",
    "Parker",
    "Quinn",
    "Reese",
    "Riley",
    "Rowan",
    "Sawyer",
    "Skyler",
    "Tatum",
    "Emerson",
    "Hollis",
    "Marlowe",
    "Ellis",
    "Sutton",
    "Arden",
    "Lennon",
    "Sloane",
]
_SURROGATE_LAST = [
    "Ashdown",
    "Bramley",
    "Colfax",
    "Dunmore",
    "Everly",
    "Fairholm",
    "Glenshaw",
    "Hartsell",
    "Ingleby",
    "Kettering",
    "Larchmont",
    "Merriwell",
    "Northcote",
    "Oakhurst",
    "Pemberton",
    "Quayle",
    "Rushford",
    "Stanwick",
    "Thornbury",
    "Underhill",
    "Vantreese",
    "Westlake",
    "Yarborough",
    "Aldane",
    "Birchell",
    "Corwin",
    "Denholm",
]
_SURROGATE_PETS = [
    "Pepper",
    "Waffles",
    "Noodle",
    "Mochi",
    "Pickle",
    "Rocket",
    "Clover",
    "Ziggy",
    "Bean",
    "Tater",
]
_TOWNS = [
    "Fairbury",
    "Harwick",
    "Millbrook",
    "Loon Hollow",
    "Ashford Glen",
    "Brackenridge",
    "Westmere",
    "Dunlow",
    "Pinecrest",
    "Cold Spring",
]
_STREETS = ["Alder", "Birch", "Cedar", "Hawthorn", "Juniper", "Linden", "Maple", "Rowan", "Willow"]
_STREET_KINDS = ["Street", "Lane", "Road", "Avenue", "Drive", "Court"]
_HOSPITALS = [
    "Lakeview Children's Hospital",
    "Riverbend Medical Center",
    "Northgate Children's",
    "Harwick General",
    "Fairbury Cancer Center",
]
_SCHOOLS = ["Maple Grove Middle School", "Cedar Ridge High", "Willow Creek Elementary"]
_ORDINAL_NAMES = {n: word for word, n in ORDINALS.items() if " " not in word}
_MONTH_NAMES = {n: name.title() for name, n in MONTHS.items()}


def _digest(key: bytes, *parts: str) -> int:
    message = "\x1f".join(parts).encode("utf-8")
    return int.from_bytes(hmac.new(key, message, hashlib.sha256).digest()[:8], "big")


def pseudonym(key: bytes, kind: str, value: str, length: int = 8) -> str:
    """A keyed, stable pseudonym for an identifier such as a patient id."""
    return hmac.new(key, f"{kind}\x1f{value}".encode(), hashlib.sha256).hexdigest()[:length]


def date_shift(key: bytes, patient: str) -> int:
    """The patient's date shift in days: between 30 and 364, earlier or later."""
    number = _digest(key, "date-shift", patient)
    days = 30 + number % 335
    return days if (number >> 20) % 2 else -days


# ---- spoken dates -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SpokenDate:
    """A date as said: which parts were given and how, so a shifted one reads the same."""

    date: dt.date
    style: str  # month_day, day_of_month, the_day, numeric, month, holiday
    has_year: bool = False
    has_weekday: bool = False
    ordinal_words: bool = False


def _day_value(word: str) -> tuple[int, bool] | None:
    word = word.lower().strip()
    if word in ORDINALS:
        return ORDINALS[word], True
    digits = re.match(r"(\d{1,2})(?:st|nd|rd|th)?$", word)
    if digits:
        return int(digits.group(1)), False
    return None


def _month_value(word: str) -> int | None:
    word = word.lower().rstrip(".")
    return MONTHS.get(word) or MONTH_ABBREVIATIONS.get(word)


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _near(reference: dt.date, month: int, day: int) -> dt.date | None:
    """The date with this month and day closest to ``reference``."""
    options = [_safe_date(reference.year + d, month, day) for d in (-1, 0, 1)]
    found = [o for o in options if o is not None]
    return min(found, key=lambda d: abs((d - reference).days)) if found else None


def parse_spoken_date(text: str, reference: dt.date) -> SpokenDate | None:
    """Read a date found by the date patterns; the year, when not said, is the one that
    puts the date nearest to ``reference`` (the encounter's date)."""
    raw = text.strip()
    lowered = raw.lower()
    weekday = bool(re.match(r"(?i)(?:" + "|".join(WEEKDAYS) + r")\b", raw))
    body = re.sub(r"(?i)^(?:" + "|".join(WEEKDAYS) + r"),?\s+", "", raw)
    for name, (month, day) in [*HOLIDAYS.items(), *CAPITAL_HOLIDAYS.items()]:
        name = name.lower()
        if lowered.startswith(name):
            found = _near(reference, month, day or 15)
            return SpokenDate(found, "holiday") if found else None
    year_match = re.search(r"\b((?:19|20)\d\d)\b", body)
    year = int(year_match.group(1)) if year_match else None
    numeric = re.fullmatch(r"(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?", body)
    if numeric:
        month, day = int(numeric.group(1)), int(numeric.group(2))
        if numeric.group(3):
            y = int(numeric.group(3))
            year = y + 2000 if y < 100 else y
        found = _safe_date(year, month, day) if year else _near(reference, month, day)
        return SpokenDate(found, "numeric", bool(numeric.group(3))) if found else None
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", body)
    if iso:
        found = _safe_date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
        return SpokenDate(found, "iso", True) if found else None
    words = re.findall(r"[A-Za-z]+(?:-[a-z]+)?\.?|\d+(?:st|nd|rd|th)?", body)
    months = [m for m in (_month_value(w) for w in words) if m]
    days = [d for d in (_day_value(w) for w in words if w.lower() != "the") if d]
    if months and days:
        month = months[0]
        day, as_words = days[0]
        style = "day_of_month" if re.search(r"(?i)\bof\b", body) else "month_day"
        found = _safe_date(year, month, day) if year else _near(reference, month, day)
        if found is None:
            return None
        return SpokenDate(found, style, year is not None, weekday, as_words)
    if months:
        found = _safe_date(year or reference.year, months[0], 15)
        return SpokenDate(found, "month", year is not None) if found else None
    if days:
        day, as_words = days[0]
        candidates = [
            _safe_date(
                reference.year + (reference.month + d - 1) // 12,
                (reference.month + d - 1) % 12 + 1,
                day,
            )
            for d in (-1, 0, 1)
        ]
        valid = [c for c in candidates if c]
        if not valid:
            return None
        found = min(valid, key=lambda c: abs((c - reference).days))
        return SpokenDate(found, "the_day", False, weekday, as_words)
    return None


def _ordinal(day: int, words: bool) -> str:
    if words and day in _ORDINAL_NAMES:
        return _ORDINAL_NAMES[day]
    if words:
        return "twenty-" + _ORDINAL_NAMES[day - 20] if 20 < day < 30 else "thirty-first"
    suffix = "th" if 11 <= day % 100 <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def render_date(spoken: SpokenDate, date: dt.date, original: str) -> str:
    """``date`` written the way ``spoken`` was said."""
    weekday = date.strftime("%A") + (", " if "," in original.split()[0] else " ")
    prefix = weekday if spoken.has_weekday else ""
    month = _MONTH_NAMES[date.month]
    day = _ordinal(date.day, spoken.ordinal_words)
    year = f", {date.year}" if spoken.has_year else ""
    the = (
        "The"
        if original[:1] == "T" or (original.lower().startswith("the") and original[:1] == "T")
        else "the"
    )
    if spoken.style == "numeric":
        return f"{date.month}/{date.day}" + (f"/{date.year}" if spoken.has_year else "")
    if spoken.style == "iso":
        return date.isoformat()
    if spoken.style == "month":
        return month + (f" {date.year}" if spoken.has_year else "")
    if spoken.style == "holiday":
        return f"{month} {_ordinal(date.day, False)}"
    if spoken.style == "day_of_month":
        lead = f"{the} " if re.search(r"(?i)\bthe\b", original) else ""
        return f"{prefix}{lead}{day} of {month}{year}"
    if spoken.style == "the_day":
        lead = the if not prefix else "the"
        return f"{prefix}{lead} {day}"
    return f"{prefix}{month} {day}{year}"


# ---- the per-patient registry ---------------------------------------------------------


@dataclass(slots=True)
class _Person:
    stem: str
    tokens: set[str]
    number: int
    surrogates: dict[str, str] = field(default_factory=dict)


class Pseudonyms:
    """Replacements for one patient's PHI (see the module docstring)."""

    def __init__(
        self,
        *,
        patient: str,
        key: bytes,
        mode: str,
        participants: Sequence[Participant],
    ) -> None:
        self.patient = patient
        self.key = key
        self.mode = mode
        self.shift = date_shift(key, patient)
        self.people: list[_Person] = []
        self.pets: dict[str, int] = {}
        self.values: dict[tuple[Category, str], int] = {}
        self.counters: dict[str, int] = {}
        self.speaker_tags: dict[str, str] = {}
        # A parent taking part means a child patient (Kaye's paediatric clinics); an adult
        # patient speaking for themselves is tagged as the patient, not as a child.
        self.patient_stem = (
            PERSON_STEMS[Role.PATIENT]
            if any(p.role == Role.PARENT for p in participants)
            else "PATIENT"
        )
        for participant in participants:
            self.speaker(participant.name, participant.role)

    # people ----------------------------------------------------------------------------
    def _next(self, stem: str) -> int:
        self.counters[stem] = self.counters.get(stem, 0) + 1
        return self.counters[stem]

    def _person(self, tokens: set[str], stem: str) -> _Person:
        best: _Person | None = None
        for person in self.people:
            related = tokens <= person.tokens or person.tokens <= tokens
            if (
                tokens
                and person.tokens
                and related
                and (best is None or len(person.tokens & tokens) > len(best.tokens & tokens))
            ):
                best = person
        if best is not None:
            best.tokens |= tokens
            return best
        person = _Person(stem, set(tokens), self._next(stem))
        self.people.append(person)
        return person

    def speaker(self, name: str, role: Role) -> str:
        """The replacement for a speaker label."""
        if name in self.speaker_tags:
            return self.speaker_tags[name]
        tokens = set(name_tokens(name))
        stem = self.patient_stem if role == Role.PATIENT else PERSON_STEMS[role]
        if tokens:
            person = self._person(tokens, stem)
        else:  # "Mom": a role, not a name; each such label is its own person
            person = _Person(stem, set(), self._next(stem))
            self.people.append(person)
        if self.mode == "tags":
            label = f"[{person.stem}-{person.number}]"
        elif tokens:
            label = name
            for token in sorted(tokens, key=len, reverse=True):
                label = re.sub(
                    rf"\b{re.escape(token)}\b", self._surrogate_token(person, token), label
                )
        else:
            label = name
        self.speaker_tags[name] = label
        return label

    def _surrogate_token(self, person: _Person, token: str) -> str:
        if token not in person.surrogates:
            from rapport.privacy.engine import first_names

            first = token in first_names() or (not person.surrogates and person.stem != "CLINICIAN")
            pool = _SURROGATE_FIRST if first else _SURROGATE_LAST
            used = set(person.surrogates.values())
            index = _digest(self.key, self.patient, person.stem, str(person.number), token)
            for step in range(len(pool)):
                choice = pool[(index + step) % len(pool)]
                if choice not in used:
                    break
            person.surrogates[token] = choice
        return person.surrogates[token]

    def _name(self, text: str, hint: str) -> str:
        tokens = set(re.findall(r"[A-Za-z][A-Za-z'’-]*", text))
        stem = {"clinician": "CLINICIAN", "family": "FAMILY"}.get(hint, "PERSON")
        person = self._person(tokens, stem)
        if self.mode == "tags":
            return f"[{person.stem}-{person.number}]"
        return re.sub(
            r"[A-Za-z][A-Za-z'’-]*", lambda m: self._surrogate_token(person, m.group()), text
        )

    # everything else --------------------------------------------------------------------
    def _numbered(self, category: Category, normal: str) -> int:
        key = (category, normal)
        if key not in self.values:
            self.values[key] = self._next(TAG_STEMS[category])
        return self.values[key]

    def _shape(self, text: str, salt: str) -> str:
        """Random digits and letters in the shape of ``text`` (same separators)."""
        number = _digest(self.key, self.patient, salt, text)
        out = []
        for i, ch in enumerate(text):
            step = (number >> (i % 48)) + i * 7
            if ch.isdigit():
                out.append(str(step % 10))
            elif ch.isalpha():
                letter = chr(ord("A") + step % 26)
                out.append(letter if ch.isupper() else letter.lower())
            else:
                out.append(ch)
        return "".join(out)

    def replace(self, text: str, finding: Finding, reference: dt.date | None) -> str:
        """The replacement for the PHI ``text`` (a finding of category ``finding.category``)."""
        category = finding.category
        if category == Category.NAME:
            return self._name(text, finding.hint)
        if category == Category.AGE:
            return (
                "[AGE-90+]"
                if self.mode == "tags"
                else ("90+" if any(c.isdigit() for c in text) else "ninety-something")
            )
        normal = re.sub(r"\W+", " ", text).strip().lower()
        spoken = None
        if category == Category.DATE:
            spoken = parse_spoken_date(text, reference or dt.date(2000, 6, 15))
            if spoken is not None:
                normal = spoken.date.isoformat() if spoken.style != "month" else normal
        if self.mode == "tags":
            return f"[{TAG_STEMS[category]}-{self._numbered(category, normal)}]"
        number = _digest(self.key, self.patient, str(category), normal)
        if category == Category.DATE:
            if spoken is None:
                return "[DATE]"
            return render_date(spoken, spoken.date + dt.timedelta(days=self.shift), text)
        if category == Category.PET:
            return _SURROGATE_PETS[number % len(_SURROGATE_PETS)]
        if category == Category.ADDRESS:
            if re.search(r"\d", text) and re.search(r"[A-Za-z]{3,}", text):
                return (
                    f"{100 + number % 8900} {_STREETS[number % len(_STREETS)]} "
                    f"{_STREET_KINDS[(number >> 8) % len(_STREET_KINDS)]}"
                )
            if re.fullmatch(r"[\d-]+|\d+[A-Z]?|[A-Z]\d*", text):
                return self._shape(text, "address")
            if re.search(r"(?i)street|avenue|road|drive|lane|court|boulevard|way", text):
                return f"{_STREETS[number % len(_STREETS)]} {_STREET_KINDS[(number >> 8) % 6]}"
            return _TOWNS[number % len(_TOWNS)]
        if category == Category.FACILITY:
            if re.search(r"(?i)school|elementary|academy|high|middle|north|south|east|west", text):
                return _SCHOOLS[number % len(_SCHOOLS)]
            return _HOSPITALS[number % len(_HOSPITALS)]
        if category == Category.PHONE:
            return (
                self._shape(text, "phone")
                if len(re.sub(r"\D", "", text)) < 7
                else (
                    f"555-01{number % 100:02d}"
                    if len(re.sub(r"\D", "", text)) <= 7
                    else f"(555) 555-01{number % 100:02d}"
                )
            )
        if category == Category.EMAIL:
            return f"{_SURROGATE_FIRST[number % len(_SURROGATE_FIRST)].lower()}@example.org"
        if category == Category.URL:
            return "www.example.org"
        if category == Category.IP:
            return f"192.0.2.{number % 254 + 1}"
        return self._shape(text, str(category))

    def shift_date(self, date: dt.date | None) -> dt.date | None:
        return None if date is None else date + dt.timedelta(days=self.shift)
