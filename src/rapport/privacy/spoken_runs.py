"""Findings stretched over the whole of what was said (rounds 22 to 25): a number in digit
words that stops one digit short of the run ("five eight two five" of "five eight two five
one"), an area code parted from the rest by a filler ("four oh six uh five five five"), a
road's number ("county road seven seven one"), the letters said before a number the tagger
found ("ECH 4410 2267", an identifier even where the tagger took its digits for a date),
and a place's kind after its name ("the Neopit mill"); and (round 34) the pieces of a
number said after a correction ("... seven one no sorry one one"), and (round 35) the town
and zip said after a street, and (round 36) the particle between two names ("restrepo de
ospina"); and (round 43) the pieces of a phone number dictated around it, and identifiers
spelled letter and digit by letter and digit ("four t g seven e k")."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from rapport.privacy.categories import Category
from rapport.privacy.engine import rule_lexicons
from rapport.privacy.findings import Finding
from rapport.privacy.identifiers import with_prefixes
from rapport.privacy.not_phi import TRIAL_REGISTRY
from rapport.privacy.phones import spoken_digits
from rapport.privacy.vocabulary import NUMBER_WORD, SPOKEN_DIGIT

_NUMBERS = (Category.PHONE, Category.ID, Category.RECORD_NUMBER, Category.ADDRESS)
_DIGIT_WORD = re.compile(rf"(?i){SPOKEN_DIGIT}")
#: A road known by its number or letters, said after the street word: "county road seven
#: seven one", "county road e w".
_ROAD_NUMBER = re.compile(
    r"(?i)(?:(?<=road)|(?<=route))"
    rf"(?:\s+(?:{SPOKEN_DIGIT}|{NUMBER_WORD}|\d{{1,4}}|(?![ai]\b)[a-z])\b){{1,4}}"
)
#: The word for what a place is, left lowercase after its name: "the Neopit mill", "San
#: Martín de Porres parish".
_FACILITY_KIND = re.compile(
    r"\s+(?:mill|parish|plant|factory|refinery|cannery|sawmill|elevator|co-op|shipyard|"
    r"ranch|dairy|orchard|winery|quarry)\b"
)
#: A town and a zip code said in words after a street: "... seminole seven nine three six
#: zero".
_TOWN_AND_ZIP = re.compile(
    rf"(?i),?\s+(?P<town>[a-z]+(?:\s+[a-z]+)?),?\s+{SPOKEN_DIGIT}(?:\s+{SPOKEN_DIGIT}){{4}}\b"
    rf"(?![\s-]+{SPOKEN_DIGIT}\b)"
)
#: The particle between the parts of a surname: "restrepo de ospina", "van der berg".
_NAME_PARTICLE = re.compile(
    r"(?i)\s+(?:de|del|de\s+la|da|das|do|dos|van|von|van\s+der|van\s+den|bin|ibn|al)\s+"
)
_TRIMMED = (Category.PHONE, Category.ID, Category.RECORD_NUMBER)
_ALL_DIGITS = re.compile(rf"(?i){SPOKEN_DIGIT}(?:[\s-]+{SPOKEN_DIGIT})*")
#: At most two more digit words, and not the start of "one more", "one of", "one day" ...
_DIGITS_AFTER = re.compile(
    rf"(?i)(?:[\s-]+{SPOKEN_DIGIT}\b(?!\s+(?:more|of|day|time|thing|sec|second|minute)\b)){{1,2}}"
)
#: Groups of three digits or more that are not all years: an identifier's parts.
_DIGIT_GROUPS_NOT_YEARS = re.compile(r"(?!(?:(?:19|20)\d\d\s*)+$)\d{3,}(?:\s+\d{3,})+")
_AREA_CODE_BEFORE_FILLER = re.compile(
    rf"(?i)(?<![\w-]){SPOKEN_DIGIT}\s+{SPOKEN_DIGIT}\s+{SPOKEN_DIGIT}\s+(?:uh|um|er|erm)[,.]?\s+$"
)


#: A number read back or confirmed at the start of a turn, four digit words or more: "zero
#: one six two, you've had that number nine years", "yep two eight seven one nine".
_READ_BACK = re.compile(
    r"(?i)^(?:(?:yes|yeah|yep|yup|no|okay|ok|right|so|it['’]s|that['’]s)[,.]?\s+)?"
    rf"(?P<run>{SPOKEN_DIGIT}(?:[\s,-]+{SPOKEN_DIGIT}){{3,}})\b"
    r"(?![\s-]+(?:years?|months?|weeks?|days?|hours?|minutes?|times|o['’]clock|percent)\b)"
)


#: Letters said after a number in digit words, where the number ends: "one zero eight
#: eight four two seven one nine w a for her".
_LETTERS_AFTER = re.compile(
    r"(?i)\s+(?![ai]\b)[a-z](?:\s+[a-z])?\b"
    r"(?=\s+(?:for|and|is|that|okay|ok|right|please)\b|\s*[.,?!]|\s*$)"
)
#: Whose number it is, then its digits: "no that's yours, mine's zero one eight three".
_WHOSE_NUMBER = re.compile(
    r"(?i)\b(?:mine|yours|his|hers|ours|theirs)(?:['’]s|\s+is)\s+"
    rf"(?P<run>{SPOKEN_DIGIT}(?:[\s,-]+{SPOKEN_DIGIT}){{3,}})\b"
)


#: More of a number after a correction or an aside: "... seven one no sorry one one i
#: don't have my glasses three eight". Up to six words between, then two digit words or more
#: that count nothing.
_PIECE_AFTER = re.compile(
    r"(?i)(?P<gap>(?:[\s,.]+[a-z'’]+){0,6}?)[\s,.]+"
    rf"(?P<run>{SPOKEN_DIGIT}(?:[\s-]+{SPOKEN_DIGIT}){{1,5}})\b"
    r"(?![\s-]+(?:more|of|days?|times?|things?|years?|months?|weeks?|hours?|minutes?|"
    r"o['’]clock|percent|pills?|tablets?|doses?|a\s+(?:day|week|night))\b)"
)
_CORRECTION = re.compile(r"(?i)\b(?:no|sorry|wait|mean|actually|oops|hold|hang|scratch)\b")
#: A number word between two pieces makes a count of them, not an aside: "and two pills no
#: sorry one".
_NUMBER_WORD_SAID = re.compile(rf"(?i)\b{NUMBER_WORD}\b")


def _pieces_after(text: str, finding: Finding) -> list[Finding]:
    """The pieces of a number said in digit words that go on after a correction: the first
    needs "no", "sorry", "wait" or the like between; the next may follow any aside."""
    pieces: list[Finding] = []
    end, corrected = finding.end, False
    while _DIGIT_WORD.fullmatch(text[:end].split()[-1] if text[:end].split() else ""):
        after = _PIECE_AFTER.match(text, end)
        if after is None or not (corrected or _CORRECTION.search(after.group("gap"))):
            break
        if _NUMBER_WORD_SAID.search(after.group("gap")):
            break
        corrected = True
        pieces.append(Finding(*after.span("run"), finding.category, "", "number_piece"))
        end = after.end("run")
    return pieces


#: A first try at a number, cut short by a correction just before the number said whole:
#: "it's nine two no sorry nine two seven oh four ...".
_PIECE_BEFORE = re.compile(
    rf"(?i)(?<![\w'’-])(?P<run>{SPOKEN_DIGIT}(?:[\s-]+{SPOKEN_DIGIT}){{1,5}})"
    r"(?P<gap>(?:[\s,.]+[a-z'’]+){1,3}?)[\s,.]+$"
)


def _piece_before(text: str, finding: Finding) -> list[Finding]:
    """The first try at the number ``finding`` holds, said just before it and cut short by
    "no", "sorry" or the like."""
    before = _PIECE_BEFORE.search(text, 0, finding.start)
    if before is None or not _CORRECTION.search(before.group("gap")):
        return []
    if _NUMBER_WORD_SAID.search(before.group("gap")):
        return []
    return [Finding(*before.span("run"), finding.category, "", "number_piece")]


#: A group of three or four digit words, said alone: an area code or a prefix tried first.
_DIGIT_GROUP = re.compile(
    rf"(?i)(?<![\w'’-]){SPOKEN_DIGIT}(?:\s+{SPOKEN_DIGIT}){{2,3}}\b(?![\s-]+{SPOKEN_DIGIT}\b)"
    r"(?![\s-]+(?:more|of|days?|times?|things?|years?|months?|weeks?|hours?|minutes?|"
    r"o['’]clock|percent|pills?|tablets?|doses?|mg|milligrams?)\b)"
)
#: More digits dictated after a phone number in pauses, or corrected: "07700... 900... 416,
#: no, 461".
_DIGITS_DICTATED_AFTER = re.compile(
    r"(?i)\s*(?:\.\.\.|…|,|-)\s*(?:(?:no|sorry|um|uh|er|i\s+mean|wait)[,.]?\s+)?(?P<run>\d{3,5})\b"
    r"(?!\s*(?:mg|ml|units|%|percent))"
)


def _phone_pieces(text: str, phone: Finding, findings: Sequence[Finding]) -> list[Finding]:
    """The pieces of a phone number dictated around it: "five seven three um eight eight
    eight no that's the pharmacy ... five seven three five five five ...", where a whole
    number is said in digit words; and digit groups said in pauses after a number in digits."""
    pieces: list[Finding] = []
    said = text[phone.start : phone.end]
    if len(spoken_digits(said)) >= 7 and _ALL_DIGITS.fullmatch(said.strip()):
        # only before it, where a number is tried: after it, "the eight three four is fort
        # kent" speaks of the area code
        for group in _DIGIT_GROUP.finditer(text, 0, phone.start):
            taken = any(f.start < group.end() and group.start() < f.end for f in findings)
            emergency = re.fullmatch(r"(?i)nine\s+one\s+one", group.group())
            if not taken and not emergency and not _counting(group.group()):
                pieces.append(Finding(*group.span(), Category.PHONE, "", "number_piece"))
    if not re.search(r"\d", said):
        return pieces
    end = phone.end
    while (after := _DIGITS_DICTATED_AFTER.match(text, end)) is not None:
        pieces.append(Finding(*after.span("run"), Category.PHONE, "", "number_piece"))
        end = after.end("run")
    return pieces


#: Letters and digit words spelled one by one, five or more: "four t g seven e k", an
#: identifier of both (a Medicare number is read out so).
_SPELLED_RUN = re.compile(
    rf"(?i)(?<![\w'’-])(?:(?:{SPOKEN_DIGIT}|(?![ai]\b)[a-z])\b[\s,-]+){{4,}}"
    rf"(?:{SPOKEN_DIGIT}|(?![ai]\b)[a-z])\b(?![\w'’-])"
)


def spelled_identifiers(text: str) -> list[Finding]:
    """Runs of single letters and digit words, at least two of each: identifiers spelled
    out ("four t g seven e k then two m y nine eight")."""
    found: list[Finding] = []
    for match in _SPELLED_RUN.finditer(text):
        if TRIAL_REGISTRY.match(match.group()):
            continue  # a trial's registration number is public: "n c t zero six ..."
        tokens = re.findall(r"[A-Za-z]+", match.group())
        digits = sum(1 for t in tokens if _DIGIT_WORD.fullmatch(t))
        if digits >= 2 and len(tokens) - digits >= 2:
            found.append(Finding(*match.span(), Category.ID, "", "spelled_identifier"))
    return found


def _counting(run: str) -> bool:
    """True for "one two three four": counting, not a number."""
    values = [int(d) for d in spoken_digits(run)]
    return all(b - a == 1 for a, b in itertools.pairwise(values))


def whole_spoken_runs(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """The findings, with each number said in digit words stretched over the whole run, and
    a number read back at the start of the turn."""
    stretched: list[Finding] = spelled_identifiers(text)
    for read_back in (_READ_BACK.match(text), *_WHOSE_NUMBER.finditer(text)):
        if read_back is not None and not _counting(read_back.group("run")):
            stretched.append(Finding(*read_back.span("run"), Category.PHONE, "", "read_back"))
    for finding in findings:
        start, end = finding.start, finding.end
        if finding.source == "tagger" and finding.category in _TRIMMED:
            start, end = _without_words_around(text, start, end)
        if finding.category in _NUMBERS and _ALL_DIGITS.fullmatch(text[start:end].strip()):
            after = _DIGITS_AFTER.match(text, end)
            if after is not None and not re.match(r"[\w-]", text[after.end() : after.end() + 1]):
                end = after.end()
            before = _AREA_CODE_BEFORE_FILLER.search(text, 0, start)
            if finding.category == Category.PHONE and before is not None:
                start = before.start()
        letters = _LETTERS_AFTER.match(text, end) if finding.category in _TRIMMED else None
        if letters is not None and _ALL_DIGITS.fullmatch(text[start:end].strip()):
            end = letters.end()  # "... seven one nine w a for her"
        road = _ROAD_NUMBER.match(text, end) if finding.category == Category.ADDRESS else None
        if road is not None:
            end = road.end()
        zipped = _TOWN_AND_ZIP.match(text, end) if finding.category == Category.ADDRESS else None
        if zipped is not None and not set(zipped["town"].lower().split()) & rule_lexicons()[3]:
            end = zipped.end()  # "... county road two oh two seminole seven nine three six zero"
        particle = _NAME_PARTICLE.match(text, end) if finding.category == Category.NAME else None
        if particle is not None and any(
            f.start == particle.end() and f.category == Category.NAME for f in findings
        ):
            # "restrepo de ospina": the "de" between two names found
            end = particle.start() + len(particle.group().rstrip())
        kind = _FACILITY_KIND.match(text, end) if finding.category == Category.FACILITY else None
        if kind is not None:
            end = kind.end()
        category = finding.category
        said = text[start:end]
        if category == Category.DATE and _DIGIT_GROUPS_NOT_YEARS.fullmatch(said):
            category = Category.ID  # "4410 2267" is no date, whatever the tagger says
        found = Finding(start, end, category, finding.hint, finding.source)
        if finding.source == "tagger":
            found = with_prefixes(text, [found])[0]  # "ECH" of "ECH 4410 2267"
        stretched.append(found)
        if category in _TRIMMED and _ALL_DIGITS.match(text, found.start):
            stretched.extend(_piece_before(text, found))
        if category in _TRIMMED:
            stretched.extend(_pieces_after(text, found))
        if category == Category.PHONE:
            stretched.extend(_phone_pieces(text, found, findings))
    return stretched


def _without_words_around(text: str, start: int, end: int) -> tuple[int, int]:
    """A tagged number without the function words it took either side: "would be zero four
    one dash zero zero seven and"."""
    stop = rule_lexicons()[3]

    def function_word(word: re.Match[str]) -> bool:
        said = word.group().lower().rstrip(",.?!")
        return len(said) > 1 and said in stop and not _DIGIT_WORD.fullmatch(said)

    words = list(re.finditer(r"\S+", text[start:end]))
    while len(words) > 1 and function_word(words[0]):
        words.pop(0)
    while len(words) > 1 and function_word(words[-1]):
        words.pop()
    tail = words[-1]
    return start + words[0].start(), start + tail.start() + len(tail.group().rstrip(",.?!"))
