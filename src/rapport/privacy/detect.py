"""Finding PHI in the turns of one patient's encounters.

Detection runs in two passes over all of a patient's encounters:

1. presidio (spaCy NER, Rapport's patterns, the name and place lexicons, presidio's phone,
   e-mail, URL, IP and SSN recognizers) runs on every turn, truecased first when it is all
   lowercase (``truecasing``); its findings are cleaned (titles trimmed, states and medical
   eponyms dropped), then joined by the findings that need a word list as well as a
   pattern (``context``) and by identifiers said around a cue (``identifiers``). The learned
   tagger (``tagger``, on by default) then adds what each turn's context gives away.
2. Every name, pet, facility and place found in pass 1, and every participant's name,
   is then looked for again everywhere in the patient's turns, so that "Tess" found once
   after "her sister" is also removed where she is mentioned alone, in any encounter.

Overlapping findings are merged into one span (redacting more, never less).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapport.model import Participant, Role
from rapport.privacy.categories import Category
from rapport.privacy.context import spelled_names
from rapport.privacy.cues import answered_plates
from rapport.privacy.findings import Finding, merge
from rapport.privacy.first_pass import POSSESSIVE, TITLES, analyze_text
from rapport.privacy.foreign import foreign_ages
from rapport.privacy.identifiers import (
    answered_identifiers,
    names_answered,
    spaced_identifiers,
)
from rapport.privacy.language import FamilyLanguage
from rapport.privacy.lexicon import FACILITY_GENERIC, wordset
from rapport.privacy.medicines import is_medicine
from rapport.privacy.neighbours import (
    misread_name,
)
from rapport.privacy.not_phi import EPONYM_AFTER, false_alarms
from rapport.privacy.phones import NumbersSaid, spoken_birth_dates
from rapport.privacy.spoken_names import a_word_here, word_name_pattern, word_names_said
from rapport.privacy.spoken_runs import whole_spoken_runs
from rapport.privacy.vocabulary import KIN, NAME_TOKEN
from rapport.privacy.wordlists import NOT_NAMES, WORDLIKE_FIRST_NAMES


def _common() -> frozenset[str]:
    from rapport.privacy.engine import common_words

    return common_words()


def _everyday_words() -> frozenset[str]:
    from rapport.privacy.engine import everyday_words

    return everyday_words()


_LETTERED_ID = re.compile(r"(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9][A-Za-z0-9 -]{3,}[A-Za-z0-9]")
#: The last word of a place's name, never of a person's.
_PLACE_HEADS = wordset("House Hospital Clinic Center Centre Church School Institute Foundation")
#: Speaker labels that name a role, not a person: they are never searched for in the text.
GENERIC_SPEAKERS = frozenset(
    [
        "mom",
        "mum",
        "mommy",
        "mama",
        "mamá",
        "mother",
        "dad",
        "daddy",
        "papa",
        "father",
        "parent",
        "parents",
        "grandma",
        "grandpa",
        "granny",
        "nana",
        "grandmother",
        "grandfather",
        "abuela",
        "abuelo",
        "aunt",
        "uncle",
        "family",
        "doctor",
        "doctora",
        "dr",
        "nurse",
        "np",
        "clinician",
        "patient",
        "child",
        "kid",
        "teen",
        "speaker",
        "interviewer",
        "interpreter",
        "other",
        "unknown",
        "caregiver",
        "guardian",
        "stepmom",
        "stepdad",
        "sister",
        "brother",
    ]
)


def _addressed(participants: Sequence[Participant]) -> re.Pattern[str] | None:
    """A participant whose name is also a word ("Summer", "Faith") is named when addressed
    ("Summer, you cut your hair!"); kinship names ("Mom", "Abuela") never are."""
    words = (w.strip(".,") for p in participants for w in TITLES.sub("", p.name.strip()).split())
    names = [
        w
        for w in words
        if w in NOT_NAMES
        and w[:1].isupper()
        and w.lower() not in GENERIC_SPEAKERS
        and not KIN.fullmatch(w)
    ]
    if not names:
        return None
    alternation = "|".join(re.escape(w) for w in names)
    return re.compile(rf"(?:^|(?<=[,.!?] ))(?:{alternation})(?=[,.!?])")


def name_tokens(name: str) -> list[str]:
    """The words of a speaker's name that identify a person: "Dr Jo Pennywhistle" gives
    ["Jo", "Pennywhistle"], "Mom" gives []."""
    words = TITLES.sub("", name.strip()).split()
    return [
        w.strip(".,")
        for w in words
        if w.strip(".,").lower() not in GENERIC_SPEAKERS
        and w.strip(".,") not in NOT_NAMES
        and not KIN.fullmatch(w.strip(".,"))  # "Aji", "Abuela": what the family calls them
        and w[:1].isupper()
        and len(w.strip(".,")) > 1
    ]


#: Whether detectors add the learned tagger's findings (``tagger``) by default. On: on the
#: unseen heldout6 it lifted recall from 0.854 to 0.942 at precision 0.886 (docs/privacy.md).
USE_LEARNED_TAGGER = True


@dataclass(slots=True)
class KnownTerm:
    """A string found once and then searched for everywhere in the patient's turns."""

    text: str
    category: Category
    hint: str = ""


class PatientDetector:
    """Finds PHI in the turns of one patient's encounters (see the module docstring)."""

    def __init__(
        self, participants: Sequence[Participant], learned_tagger: bool | None = None
    ) -> None:
        self.participants = list(participants)
        self.learned_tagger = USE_LEARNED_TAGGER if learned_tagger is None else learned_tagger
        self._first_pass: dict[str, list[Finding]] = {}
        self._tagged: dict[str, list[Finding]] = {}
        self._long_names: set[str] = set()
        self.terms: dict[str, KnownTerm] = {}
        self._numbers = NumbersSaid()
        self._ids_said: dict[str, Category] = {}
        self._vocative = _addressed(self.participants)
        self._language = FamilyLanguage()
        for participant in self.participants:
            hint = "clinician" if participant.role == Role.CLINICIAN else "participant"
            for token in name_tokens(participant.name):
                self.terms.setdefault(token, KnownTerm(token, Category.NAME, hint))
        self._word_names = word_name_pattern(
            t for p in self.participants for t in name_tokens(p.name) if t.lower() in _common()
        )

    def learn(self, texts: Iterable[str]) -> None:
        """Pass 1 over every text of the patient; remembers what it found."""
        new_texts = [t for t in dict.fromkeys(texts) if t not in self._first_pass]
        # The learned tagger's findings are kept apart: ``find`` adds them where no rule
        # found anything, and they are not searched for again (a false alarm must not spread).
        if self.learned_tagger and new_texts:
            from rapport.privacy.tagger import tagged_findings

            self._tagged.update(tagged_findings(new_texts))
        for text in new_texts:
            self._language.read(text)
        for text in new_texts:
            findings = [
                f
                for f in analyze_text(text)
                if not self._language.foreign_name(text, f) and not is_medicine(text, f)
            ]
            self._first_pass[text] = findings
            for finding in findings:
                self._remember(text[finding.start : finding.end], finding)
                span = text[finding.start : finding.end]
                if finding.category == Category.NAME:
                    self._long_names.update(w for w in span.split() if len(w) >= 7)
                elif misread_name(span, finding):
                    self._long_names.add(span)  # spaCy took "Oluwaseun" for a facility
        self._pattern = self._compile()

    def _remember(self, span: str, finding: Finding) -> None:
        if finding.category in (Category.NAME, Category.PET):
            from rapport.privacy.engine import common_words, rule_lexicons

            first_names, _, _, stop = rule_lexicons()[:4]
            if finding.source == "RapportLexicon:first_name":
                return  # a lexicon hit is found again by the lexicon; don't spread it
            if (
                finding.source in ("pet_name", "hyphenated")
                and span not in NOT_NAMES  # a dog called "Doctor" leaves the doctor alone
                and not (span.islower() and span in _everyday_words())
            ):
                # "Sir Crunch" and "Eun-ji" whole: their words alone are not the name; a dog
                # called "bear" in lowercase leaves "a real bear" alone
                self.terms.setdefault(span, KnownTerm(span, finding.category, finding.hint))
            if not any(ch.isupper() for ch in span):
                # found in a lowercase turn: "dre" is searched for again as written
                for token in re.findall(r"[a-z][a-z'’-]+", span):
                    token = POSSESSIVE.sub("", token)
                    # a given name WordNet also lists ("colette") is no everyday word
                    given = token.title() in first_names and token not in _everyday_words()
                    if len(token) > 2 and (token not in common_words() or given):
                        term = KnownTerm(token, finding.category, finding.hint)
                        self.terms.setdefault(token, term)
            tokens = re.findall(NAME_TOKEN, span)
            for token in tokens:
                if token in NOT_NAMES or token in WORDLIKE_FIRST_NAMES:
                    continue
                if token.lower() in stop and token not in first_names:
                    continue  # "Not yet" taken for a name once is not searched for again
                if len(tokens) > 1 and token == tokens[-1] and token in _PLACE_HEADS:
                    continue  # "Ronald McDonald House" taken for a person: "the House" is none
                if finding.source == "spacy" and self._language.written_lowercase(token):
                    continue  # a word the family also writes in lowercase: not a name to spread
                known = self.terms.get(token)
                if (
                    known is None
                    or (finding.category == Category.PET and known.hint != "participant")
                    or known.category not in (Category.NAME, Category.PET)
                ):
                    self.terms[token] = KnownTerm(token, finding.category, finding.hint)
        elif finding.category in (Category.FACILITY, Category.ADDRESS) and not any(
            ch.isdigit() for ch in span
        ):
            if span.islower() and " " in span and len(span) > 5:
                # a place said in lowercase is said again the same way: "in fort kent"
                self.terms.setdefault(span, KnownTerm(span, finding.category))
            if span[:1].isupper() and span not in NOT_NAMES and len(span) > 2:
                self.terms.setdefault(span, KnownTerm(span, finding.category))
            head = span.split()
            initials = "".join(w[0] for w in head if w[:1].isupper())
            if finding.category == Category.FACILITY and len(head) == len(initials) >= 3:
                # people shorten a hospital to its initials: "UMC has your chart"
                self.terms.setdefault(initials, KnownTerm(initials, Category.FACILITY))
            if finding.category == Category.FACILITY and len(head) > 1:
                rest = [w for w in head if w.lower() not in FACILITY_GENERIC]
                name = " ".join(rest)
                if (
                    rest
                    and len(rest) < len(head)
                    and name[:1].isupper()
                    and not any(w in NOT_NAMES or w in WORDLIKE_FIRST_NAMES for w in rest)
                ):
                    self.terms.setdefault(name, KnownTerm(name, Category.FACILITY))
                elif rest and len(rest) < len(head) and name.islower():
                    # said in lowercase ("gibson cancer center"), then "right here at gibson":
                    # only a name that is no everyday word, or is a surname, is searched for
                    from rapport.privacy.engine import common_words, surnames

                    if all(
                        len(w) > 2 and (w not in common_words() or w.title() in surnames())
                        for w in rest
                    ):
                        self.terms.setdefault(name, KnownTerm(name, Category.FACILITY))

    def _compile(self) -> re.Pattern[str] | None:
        from rapport.privacy.engine import common_words

        common = common_words()
        # names and pets that are not everyday words are also matched in any case
        # ("gabi", "BISCUIT"), as speech recognition and typists write them
        self._loose_terms = {
            t.lower(): term
            for t, term in self.terms.items()
            if term.category in (Category.NAME, Category.PET)
            and not all(w in common for w in t.lower().split())  # not "dim sum" for Dim Sum
            and len(t) > 2
            # a word the family writes in lowercase is searched for only as found: the dog
            # Brudet, not the stew brudet
            and not self._language.written_lowercase(t)
        }
        self._loose = (
            re.compile(
                r"(?<![\w'-])(?:"
                + "|".join(re.escape(t) for t in sorted(self._loose_terms, key=len, reverse=True))
                + rf")(?![\w-]|'[a-rt-z]|{EPONYM_AFTER.pattern})",  # not "a Gleason score"
                re.IGNORECASE,
            )
            if self._loose_terms
            else None
        )
        # short forms of known names: "Gabi" for Gabriela, "Seb" for Sebastian
        self._name_stems = {
            t[:3]: term
            for t, term in self.terms.items()
            if term.category == Category.NAME and len(t) >= 5 and " " not in t
        }
        if not self.terms:
            return None
        ordered = sorted(self.terms, key=len, reverse=True)
        alternation = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in ordered)
        return re.compile(rf"(?<![\w'-])(?:{alternation})(?![\w-]|'[a-rt-z])")

    def find(self, text: str, previous: str | None = None) -> list[Finding]:
        """Pass 2: every PHI span in ``text``, merged, in order. ``previous`` is the turn
        before, when known: a question there ("what's the plate?") marks an identifier
        said alone in this turn."""
        from rapport.privacy.engine import common_words, everyday_words

        if text not in self._first_pass:
            self.learn([text])
        findings = list(self._first_pass[text])
        pattern = getattr(self, "_pattern", None)
        if pattern is not None:
            for match in pattern.finditer(text):
                term = self.terms.get(match.group()) or self.terms.get(
                    re.sub(r"\s+", " ", match.group())
                )
                if term is None or a_word_here(text, match.start(), match.end(), term.category):
                    continue
                findings.append(
                    Finding(match.start(), match.end(), term.category, term.hint, "known")
                )
        loose = getattr(self, "_loose", None)
        if loose is not None:
            for match in loose.finditer(text):
                term = self._loose_terms[match.group().lower()]
                findings.append(
                    Finding(match.start(), match.end(), term.category, term.hint, "known")
                )
        stems = getattr(self, "_name_stems", {})
        for match in _SHORT_NAME.finditer(text):
            word = match.group()
            term = stems.get(word[:3])
            if (
                term is not None
                and len(word) < len(term.text)
                and word not in NOT_NAMES
                and not KIN.fullmatch(word)  # "Amma" is no short "Ammini"
                and (
                    (word.lower() not in common_words() and word not in WORDLIKE_FIRST_NAMES)
                    # a short form that is a name and a noun, never a verb: "Ada" for Adaeze
                    or (word in WORDLIKE_FIRST_NAMES and word.lower() not in everyday_words())
                )
            ):
                findings.append(
                    Finding(match.start(), match.end(), Category.NAME, term.hint, "short")
                )
                continue
            # the end of a long name: "Seun" for Oluwaseun, "Tunde" for Babatunde
            long_names = self._long_names | {
                t.text
                for t in self.terms.values()
                if t.category == Category.NAME and len(t.text) >= 7 and " " not in t.text
            }
            tail = next(
                (n for n in long_names if len(word) >= 4 and n.lower().endswith(word.lower())),
                None,
            )
            if (
                tail is not None
                and word.lower() not in common_words()
                and word not in NOT_NAMES
                and word not in WORDLIKE_FIRST_NAMES
                and not KIN.fullmatch(word)  # "Amma" is no end of "Kunjamma"
            ):
                hint = getattr(self.terms.get(tail), "hint", "")
                findings.append(Finding(match.start(), match.end(), Category.NAME, hint, "short"))
        findings.extend(answered_identifiers(text, findings, previous))
        findings.extend(spaced_identifiers(text, findings, previous))
        findings.extend(spelled_names(text, previous))
        findings.extend(answered_plates(text, previous))
        if self._vocative is not None:
            findings.extend(
                Finding(m.start(), m.end(), Category.NAME, "participant", "addressed")
                for m in self._vocative.finditer(text)
            )
        findings.extend(word_names_said(text, self._word_names))
        findings.extend(self._numbers.said_before(text, previous, self._first_pass))
        for answered in (spoken_birth_dates, foreign_ages, names_answered):
            findings.extend(answered(text, previous))
        # Added after the cue rules have run, so that a tagged span does not hide the
        # identifier a cue would find; where both find a span, merge keeps the rules' category.
        findings.extend(
            f
            for f in self._tagged.get(text, [])
            if not false_alarms(text, f)
            and not self._language.everyday_word(text, f)
            and not is_medicine(text, f)
        )
        # an identifier with letters, read out again later: "K41-RTM."
        findings.extend(
            Finding(m.start(), m.end(), category, "", "known")
            for said, category in self._ids_said.items()
            for m in re.finditer(rf"(?<![\w-]){re.escape(said)}(?![\w-])", text)
        )
        merged = merge(whole_spoken_runs(text, findings))
        self._numbers.remember(text, merged)
        for f in merged:
            said = text[f.start : f.end]
            if f.category in (Category.ID, Category.RECORD_NUMBER) and _LETTERED_ID.fullmatch(said):
                self._ids_said.setdefault(said, f.category)
        return merged


_SHORT_NAME = re.compile(r"(?<![A-Za-z]-)\b[A-Z][a-z]{2,4}\b")  # not the end of "Medi-Cal"
