"""Training copies of the labelled test turns for the learned tagger (``tagger``).

The tagger must learn what PHI looks like *from its context* ("she works at ___", "we
drove in from ___"), not the few hundred names the test set happens to use. So each
labelled turn is copied with every span replaced by a stand-in of its category (names from
the lexicons, made-up words no lexicon has, towns, invented facilities, dates and numbers
in many spoken and written forms), and turns are also copied the way speech recognition
writes them: lowercase, without punctuation.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence

from rapport.privacy.categories import Category
from rapport.privacy.lexicon import HOLIDAYS
from rapport.privacy.vocabulary import MONTHS, ORDINALS, WEEKDAYS

Span = tuple[int, int, Category]

VERSION = "augment-v2"

_SYLLABLE_TEXT = (
    "ka la mi to ren sha vo bel nik ta ro an el is dar mo qui zel fen or lu "
    "tak pa kiak ny bri ho wen sol gar tu vik ash ma ley"
)
_SYLLABLES = tuple(_SYLLABLE_TEXT.split())
_FACILITY_FORMS = (
    "{w} Memorial",
    "{w} Regional",
    "{w} Medical Center",
    "{w} Clinic",
    "St {n}'s",
    "{w}",
    "{w} {w2}",
    "{acronym}",
    "{w} Elementary",
    "{w} Family Practice",
    "{w} clinic",
    "{w}'s",
    "the {acronym}",
    "{w} {w2} Cancer Institute",
    "our {w} location",
    "{w} Children's",
)
_STREET_KINDS = ("Street", "Road", "Lane", "Avenue", "Drive", "Way", "Court")
_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_PUNCTUATION = re.compile(r"[.,!?;:\"“”()\[\]…]|(?<!\w)['‘’]|['‘’](?!\w)")


def made_up_word(rng: random.Random) -> str:
    """A pronounceable word that is in no lexicon ("Tavikley"): a name the tagger has
    to find from context alone."""
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).title()


class Surrogates:
    """Stand-ins per category, drawn from ``rng`` (so a seed gives the same copies)."""

    def __init__(
        self,
        rng: random.Random,
        first_names: Sequence[str],
        surnames: Sequence[str],
        towns: Sequence[str],
    ) -> None:
        self.rng = rng
        self.first_names = first_names
        self.surnames = surnames
        self.towns = towns

    def word(self) -> str:
        """A name-like word: half the time from a lexicon, half the time made up."""
        if self.rng.random() < 0.5:
            return made_up_word(self.rng)
        return self.rng.choice(self.surnames if self.rng.random() < 0.5 else self.first_names)

    def name(self) -> str:
        shape = self.rng.random()
        if shape < 0.35:
            return self.rng.choice(self.first_names)
        if shape < 0.6:
            return f"{self.rng.choice(self.first_names)} {self.rng.choice(self.surnames)}"
        if shape < 0.8:
            return self.rng.choice(self.surnames)
        return made_up_word(self.rng)

    def place(self, original: str) -> str:
        if any(ch.isdigit() for ch in original):
            street = f"{self.word()} {self.rng.choice(_STREET_KINDS)}"
            return f"{self.rng.randint(2, 9999)} {street}"
        if self.rng.random() < 0.5:
            return self.rng.choice(self.towns)
        return made_up_word(self.rng)

    def facility(self) -> str:
        form = self.rng.choice(_FACILITY_FORMS)
        letters = self.rng.randint(2, 4)
        acronym = "".join(self.rng.choice("ABCDEFGHKLMNPRSTUVWY") for _ in range(letters))
        return form.format(
            w=self.word(), w2=self.word(), n=self.rng.choice(self.first_names), acronym=acronym
        )

    def date(self) -> str:
        rng = self.rng
        month = rng.choice(list(MONTHS)).title()
        day = rng.randint(1, 28)
        ordinal = next(w for w, n in ORDINALS.items() if n == day)
        suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        forms = [
            f"{month} {day}",
            f"{month} {day}{suffix}",
            f"{month} {ordinal}",
            f"the {ordinal} of {month}",
            f"{rng.randint(1, 12)}/{day}",
            f"{rng.randint(1, 12)}/{day}/{rng.randint(2000, 2025)}",
            f"{month} {day}, {rng.randint(2000, 2025)}",
            f"{rng.choice(WEEKDAYS).title()} the {day}{suffix}",
            f"the {day}{suffix}",
            rng.choice(list(HOLIDAYS)).title(),
        ]
        return rng.choice(forms)

    def digits(self, count: int) -> str:
        return "".join(str(self.rng.randint(0, 9)) for _ in range(count))

    def spoken_digits(self, count: int) -> str:
        return " ".join(self.rng.choice(_DIGIT_WORDS) for _ in range(count))

    def phone(self) -> str:
        forms = [
            f"555-01{self.digits(2)}",
            f"({self.digits(3)}) 555-{self.digits(4)}",
            f"{self.digits(3)}-{self.digits(3)}-{self.digits(4)}",
            self.spoken_digits(7),
            f"{self.digits(3)} {self.digits(3)} {self.digits(4)}",
            f"{self.digits(3)}-555-{self.digits(4)}, extension {self.digits(4)}",
            f"{self.digits(3)}-555-{self.digits(4)}, option {self.rng.randint(1, 9)}",
            f"{self.spoken_digits(3)}, {self.spoken_digits(3)}, {self.spoken_digits(4)}",
            self.spoken_pairs(),
        ]
        return self.rng.choice(forms)

    def spoken_pairs(self) -> str:
        """The last four digits said as two numbers: "twenty-two seventeen"."""
        pairs = []
        for _ in range(2):
            pairs.append(f"{self.rng.choice(_TENS)}-{self.rng.choice(_DIGIT_WORDS[1:])}")
        return " ".join(pairs)

    def number(self) -> str:
        letters = "".join(self.rng.choice("ABCDEFGHKMNPRTXZ") for _ in range(2))
        forms = [
            self.digits(self.rng.randint(6, 10)),
            f"{letters}-{self.digits(7)}",
            f"{letters}{self.digits(6)}",
            self.spoken_digits(self.rng.randint(6, 9)),
            f"{self.digits(3)} {self.digits(3)} {self.digits(3)}",
        ]
        return self.rng.choice(forms)

    def age(self) -> str:
        years = self.rng.randint(90, 104)
        if years >= 100 or self.rng.random() < 0.4:
            return str(years)
        ones = years - 90
        return "ninety" + ("" if not ones else self.rng.choice(("-", " ")) + _DIGIT_WORDS[ones])

    def like(self, category: Category, original: str) -> str:
        """A stand-in for ``original``, in its case when it is all lowercase."""
        made = {
            Category.NAME: self.name,
            Category.PET: self.word,
            Category.DATE: self.date,
            Category.FACILITY: self.facility,
            Category.PHONE: self.phone,
            Category.RECORD_NUMBER: self.number,
            Category.ID: self.number,
            Category.AGE: self.age,
        }.get(category)
        if category == Category.ADDRESS:
            value = self.place(original)
        elif made is None:
            return original  # e-mail, URL and IP are left to the rules
        else:
            value = made()
        if not any(ch.isupper() for ch in original):
            value = value.lower()
        return value


def replaced(text: str, spans: Sequence[Span], surrogates: Surrogates) -> tuple[str, list[Span]]:
    """``text`` with every span replaced by a stand-in of its category, and the new spans."""
    parts: list[str] = []
    new_spans: list[Span] = []
    position = length = 0
    for start, end, category in sorted(spans):
        if start < position:
            continue  # overlapping labels: keep the first
        parts.append(text[position:start])
        length += start - position
        value = surrogates.like(category, text[start:end])
        new_spans.append((length, length + len(value), category))
        parts.append(value)
        length += len(value)
        position = end
    parts.append(text[position:])
    return "".join(parts), new_spans


def as_speech(text: str, spans: Sequence[Span]) -> tuple[str, list[Span]]:
    """``text`` as speech recognition writes it: lowercase, no punctuation (apostrophes
    inside words stay), with the spans moved to match."""
    kept: list[int] = []
    characters: list[str] = []
    removed = {m.start() for m in _PUNCTUATION.finditer(text)}
    for i, ch in enumerate(text):
        if i in removed:
            kept.append(-1)
            continue
        kept.append(len(characters))
        characters.append(ch.lower())
    new_spans: list[Span] = []
    for start, end, category in spans:
        inside = [kept[i] for i in range(start, end) if kept[i] >= 0]
        if inside:
            new_spans.append((inside[0], inside[-1] + 1, category))
    return "".join(characters), new_spans


def training_copies(
    text: str, spans: Sequence[Span], surrogates: Surrogates, copies: int = 2
) -> list[tuple[str, list[Span]]]:
    """The turn itself, ``copies`` stand-in versions (when it has PHI), and a speech-style
    copy of the turn and of one stand-in version."""
    found: list[tuple[str, list[Span]]] = [(text, list(spans))]
    if spans:
        found.extend(replaced(text, spans, surrogates) for _ in range(copies))
    found.append(as_speech(text, spans))
    if spans:
        found.append(as_speech(*replaced(text, spans, surrogates)))
    return found
