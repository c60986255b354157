"""What follows a phone number, and a number read back.

A phone menu's option or an extension said after the number is part of what a caller
dials ("919-555-0100, option 2", "and press two for a pharmacist"): leaving it in place
leaves the line identifiable, so it joins the number. And people read back what they were
told, often in words and in pairs: "extension 2217" is answered "Twenty-two seventeen",
which no pattern recognises without the turn before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapport.privacy.categories import Category
from rapport.privacy.findings import Finding, rule_finding
from rapport.privacy.lexicon import wordset
from rapport.privacy.vocabulary import NUMBER_PAIR, NUMBER_WORD

#: How many turns back a number may have been said for a read-back to match it.
READ_BACK_TURNS = 4

_DIGITS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
_TEENS = {
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
}
_TENS = {
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}
#: Digits as families say them in their own language, romanised as transcripts write them
#: ("seis um sete", "panj yak sifr", "en de twa"), language by language: the same word is a
#: different digit in two of them ("ba" is 3 in Vietnamese, 8 in Mandarin). Kept apart from
#: ``_DIGITS``: "um" and "un" are English fillers and articles, digits only inside a run.
_FOREIGN_LANGUAGES: tuple[dict[str, str], ...] = tuple(
    {word: str(digit) for digit, words in enumerate(table) for word in words.split()}
    for table in (
        # Spanish, Portuguese, French
        (
            "cero zero zéro",
            "uno um un une",
            "dos dois duas deux",
            "tres três trois",
            "cuatro quatro quatre",
            "cinco cinq",
            "seis six",
            "siete sete sept",
            "ocho oito huit",
            "nueve nove neuf",
        ),
        # Italian
        ("zero", "uno", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove"),
        # Haitian Creole
        ("zewo", "en youn", "de", "twa", "kat", "senk", "sis", "sèt set", "uit wit", "nèf nef"),
        # Persian and Dari, Hindi and Urdu
        (
            "sifr sefr sunya shunya",
            "yak yek ek",
            "du do",
            "se seh teen tin",
            "chahar chahār char chaar",
            "panj paanch panch",
            "shash shish shesh chhe chay",
            "haft saat sat",
            "hasht aath ath",
            "noh nuh nau no",
        ),
        # Arabic
        (
            "sifr",
            "wahid wahed",
            "ithnan itnen tnein",
            "thalatha talata tlata",
            "arbaa arba arba'a",
            "khamsa",
            "sitta sitte",
            "saba sabaa sab'a",
            "thamaniya tamanya tmanya",
            "tisa tisaa tis'a",
        ),
        # Vietnamese, with and without marks
        (
            "không khong",
            "một mot",
            "hai",
            "ba",
            "bốn bon",
            "năm nam",
            "sáu sau",
            "bảy bay",
            "tám tam",
            "chín chin",
        ),
        # Tagalog, Somali, Russian, Mandarin
        ("sero", "isa", "dalawa", "tatlo", "apat", "lima", "anim", "pito", "walo", "siyam"),
        ("eber", "kow", "labo", "saddex", "afar", "shan", "lix", "toddoba", "sideed", "sagaal"),
        (
            "nol nul nol'",
            "odin",
            "dva",
            "tri",
            "chetyre",
            "pyat pyat'",
            "shest shest'",
            "sem sem'",
            "vosem vosem'",
            "devyat devyat'",
        ),
        ("ling", "yi yao", "er liang", "san", "si", "wu", "liu", "qi", "ba", "jiu"),
        # Korean (the Sino-Korean digits phone numbers are read in), Greek, Czech, Samoan
        ("gong yeong", "il", "i", "sam", "sa", "o", "yuk", "chil", "pal", "gu"),
        (
            "miden mithen",
            "ena",
            "dyo dio thio",
            "tria",
            "tessera",
            "pente",
            "exi",
            "efta epta",
            "okto ochto",
            "ennea ennia enia",
        ),
        (
            "nula",
            "jedna jeden",
            "dva dvě dve",
            "tři tri",
            "čtyři ctyri",
            "pět pet",
            "šest sest",
            "sedm",
            "osm",
            "devět devet",
        ),
        ("selo", "tasi", "lua", "tolu", "fā fa", "lima", "ono", "fitu", "valu", "iva"),
        # Bengali
        (
            "shunno shunyo shunya",
            "ek",
            "dui",
            "tin",
            "char",
            "panch pach",
            "chhoy choy chhoe",
            "saat sat",
            "aat aath",
            "noy",
        ),
        # Kirundi and Kinyarwanda
        (
            "zero",
            "rimwe",
            "kabiri",
            "gatatu",
            "kane",
            "gatanu",
            "gatandatu",
            "indwi karindwi",
            "umunani",
            "icenda icyenda",
        ),
        # Turkish
        (
            "sıfır sifir",
            "bir",
            "iki",
            "üç uç uc",
            "dört dort",
            "beş bes",
            "altı alti",
            "yedi",
            "sekiz",
            "dokuz",
        ),
    )
)
_FOREIGN_DIGITS = {word: digit for table in _FOREIGN_LANGUAGES for word, digit in table.items()}
# a soft sign or a hamza is written either way: "pyat'", "sab’a"
_FOREIGN_DIGITS |= {w.replace("'", "’"): d for w, d in _FOREIGN_DIGITS.items() if "'" in w}
#: Words that count as foreign digits: not English digits, nor English words that would
#: make a run of "do", "no", "sat", "bay" look like a number.
_FOREIGN_ONLY = (
    frozenset(_FOREIGN_DIGITS)
    - frozenset(_DIGITS)
    - wordset(
        """
        do no so sat set bay ban chin tin ten sin san lima an ek de un une en at pit ling sit
        shan sem tri ath char nam hai eber afar si yi er wu qi ba sau tam
        i o sa sam pal ena pet dve osm fa ono lua iva
        """
    )
)
_FOREIGN_WORD = "|".join(sorted(_FOREIGN_DIGITS, key=len, reverse=True))
#: What parts one foreign digit from the next: pieces may trail off ("gatatu... gatanu").
_FOREIGN_GAP = r"(?:[\s,-]|\.\.\.|…)+"
_FOREIGN_RUN = re.compile(
    rf"(?i)(?<![\w'’])(?:{_FOREIGN_WORD})(?:{_FOREIGN_GAP}(?:{_FOREIGN_WORD}))*(?![\w'’])"
)
_NUMBER_WORD = "|".join(
    sorted([*_DIGITS, *_TEENS, *_TENS, "double", "triple"], key=len, reverse=True)
)
_SPOKEN_RUN = re.compile(rf"(?i)\b(?:{_NUMBER_WORD})(?:[\s,-]+(?:{_NUMBER_WORD}))*\b")
_DIGIT_RUN = re.compile(r"(?<![\d-])\d(?:[\d\s.-]*\d)?(?![\d-])")

_MENU_DIGIT = rf"(?:\d{{1,6}}|(?i:{'|'.join(_DIGITS)})(?:\s+(?i:{'|'.join(_DIGITS)})){{0,5}})\b"
_TAIL = re.compile(
    r"(?i:,?\s+(?:and\s+|then\s+)?(?:(?:you\s+)?(?:can\s+)?)?)"
    rf"(?P<phi>(?i:option|press|dial|extension|ext\.?|x)\s*{_MENU_DIGIT})"
    # or an extension said bare after the number: "315-555-0186, and 24.", "..., and 12 for
    # him", "... zero one seven seven and then two one and i'll email you"
    r"|,?\s+(?i:and\s+then|and|then)\s+"
    rf"(?P<bare>\d{{1,5}}|(?i:{'|'.join(_DIGITS)})(?:\s+(?i:{'|'.join(_DIGITS)})){{0,4}})"
    r"(?=\s+(?i:for\s+(?:him|her|me|them|us)|and\s+(?:i|i'll|we|you))\b|\s*[.?!;]|\s*$)"
)


def spoken_digits(words: str) -> str:
    """The digits a run of number words says: "five five five, oh one" is "55501",
    "twenty-two seventeen" is "2217", "double four" is "44"; "" when a word is not one."""
    return "".join(spoken_numbers(words))


def spoken_numbers(words: str) -> list[str]:
    """The numbers a run of number words says, one per number: "Ten twelve oh nine" is
    ["10", "12", "0", "9"]; [] when a word is not one."""
    digits: list[str] = []
    repeat = 1
    tens: str | None = None
    for word in re.split(r"[\s,-]+", words.lower().strip(" ,-")):
        if tens is not None:
            if word in _DIGITS and word not in ("oh", "o", "zero"):
                digits.append(tens + _DIGITS[word])
                tens = None
                continue
            digits.append(tens + "0")
            tens = None
        if word in ("double", "triple"):
            repeat = 2 if word == "double" else 3
            continue
        if word in _TENS:
            tens = _TENS[word]
            continue
        value = _DIGITS.get(word) or _TEENS.get(word)
        if value is None:
            return []
        digits.append(value * repeat)
        repeat = 1
    if tens is not None:
        digits.append(tens + "0")
    return digits


def foreign_digits(words: str) -> str:
    """The digits a run of digit words in another language says ("zero um dois nove" is
    "0129"); "" when a word is not one, or when every word is also English (those
    are read by ``spoken_digits``)."""
    said = [w for w in re.split(_FOREIGN_GAP, words.lower().replace("’", "'")) if w]
    if not said or not any(w in _FOREIGN_ONLY for w in said):
        return ""
    for table in _FOREIGN_LANGUAGES:
        if all(w in table or w in _DIGITS for w in said):
            return "".join(table.get(w) or _DIGITS[w] for w in said)
    return ""


def foreign_phones(text: str) -> list[Finding]:
    """A phone number said digit by digit in another language: seven digits or more, at
    least two of them words that are not English ("um", "dois", "tolu", "pente")."""
    found: list[Finding] = []
    for match in _FOREIGN_RUN.finditer(text):
        words = re.split(_FOREIGN_GAP, match.group().lower())
        foreign = sum(w in _FOREIGN_ONLY for w in words)
        if len(words) >= 7 and foreign >= 2:
            found.append(rule_finding(*match.span(), Category.PHONE, "foreign_digits"))
    return found


def with_menu_tails(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """The findings, with the option, key or extension said right after a phone number
    joined to it ("919-555-0100, option 2")."""
    joined: list[Finding] = []
    for finding in findings:
        match = _TAIL.match(text, finding.end) if finding.category == Category.PHONE else None
        if match:
            end = match.end("phi") if match.group("phi") else match.end("bare")
            finding = Finding(finding.start, end, finding.category, finding.hint, finding.source)
        joined.append(finding)
    return joined


def said_digits(text: str, finding: Finding) -> str:
    """The digits a phone finding says, written or in words, its extension's included
    ("... zero one eight eight extension four two seven one")."""
    span = text[finding.start : finding.end]
    said = spoken_digits(span) or foreign_digits(span)
    if not said and not any(ch.isdigit() for ch in span):
        said = "".join(spoken_digits(run.group()) for run in _SPOKEN_RUN.finditer(span))
    return _only_digits(said or span)


_PHONE_CUE = re.compile(r"(?i)\b(?:number|phone|cell|call|line|fax|pager|text)\b")
_WORD = re.compile(r"[\w'’]+")


def read_back(text: str, recent_numbers: Sequence[str]) -> list[Finding]:
    """A number in ``text``, in digits or in words, that a phone number (or extension) said
    in the last few turns contains: the caller reading it back. Four digits or more
    anywhere; three ("three six zero") when the turn says little else."""
    numbers = [n for n in recent_numbers if len(n) >= 4]
    if not numbers:
        return []
    words = len(_WORD.findall(text))
    found: list[Finding] = []
    readers = (
        (_SPOKEN_RUN, spoken_digits),
        (_FOREIGN_RUN, foreign_digits),
        (_DIGIT_RUN, _only_digits),
    )
    for regex, read in readers:
        for match in regex.finditer(text):
            said = read(match.group())
            # three digits only in words, in a turn that says little else ("three six zero")
            alone = regex is not _DIGIT_RUN and words - len(_WORD.findall(match.group())) <= 6
            if (len(said) >= 4 or (len(said) == 3 and alone)) and any(
                said in number for number in numbers
            ):
                found.append(rule_finding(match.start(), match.end(), Category.PHONE, "read_back"))
    return found


_KEY_BEFORE = re.compile(r"(?i)\b(?:extension|ext|option|press|dial|x)\s*$")


def first_piece(text: str) -> tuple[Finding, int] | None:
    """The start of a number dictated in pieces, in a turn about a number: an area code and
    exchange ("Let me put that number in my phone. Two oh five, five five five..."), or an
    area code that ends the turn ("the cell is better, it's three oh four"); with how many
    digits are still to come."""
    if _PHONE_CUE.search(text) is None:
        return None
    for match in _SPOKEN_RUN.finditer(text):
        if _KEY_BEFORE.search(text, 0, match.start()):
            continue  # an extension or a menu key, not the start of a number
        said = spoken_digits(match.group())
        digit_by_digit = len(said) == len(_WORD.findall(match.group()))
        at_end = not _WORD.search(text, match.end())
        if len(said) == 6 or (len(said) == 3 and digit_by_digit and at_end):
            found = rule_finding(match.start(), match.end(), Category.PHONE, "piece")
            return found, 10 - len(said)
    return None


_READY_CUE = re.compile(
    r"(?i)\b(?:numbers?|phones?|cells?|calls?|line|fax|pager|texts?|desk|go\s+ahead|ready|"
    r"write\s+(?:this|it)\s+down|got\s+a\s+pen)\b"
)


#: Three digits, or three digit words, that end a turn and trail off: "New one is 702...",
#: "Yes, I changed it. Three four seven..."
_THREE = rf"(?:\d{{3}}|(?i:{'|'.join(_DIGITS)})(?:[\s-]+(?i:{'|'.join(_DIGITS)})){{2}})"
_TRAILING_AREA_CODE = re.compile(
    # or the area code and the exchange, before a filler: "Two five two, four seven three... uh."
    rf"(?<![\w-])({_THREE}(?:,?\s+{_THREE})?)"
    r"(?:\s*(?:\.\.\.|…|-)\s*(?:(?i:uh|um|er|hmm)[.,!?]?\s*)?|\s+(?i:uh|um|er|hmm)[.,!?]?\s*)$"
)
_SENTENCE_BEFORE = re.compile(r"(?:^|[.!?:]\s+|,\s+)$")


def area_code_alone(text: str, recent: Sequence[str]) -> tuple[Finding, int] | None:
    """An area code said as a turn of its own, digit by digit ("two zero seven"), or three
    digits that end a turn and trail off, in a short turn or as a sentence of their own
    ("New one is 702...", "Thang wants the calls too. 317..."), soon after a turn about a
    number or about being ready to write one down ("go ahead"), or in the same turn."""
    trailing = _TRAILING_AREA_CODE.search(text)
    cued = [*recent, text[: trailing.start()]] if trailing is not None else recent
    if not any(_READY_CUE.search(turn) for turn in cued):
        return None
    if trailing is not None and (
        len(_WORD.findall(text)) <= 10 or _SENTENCE_BEFORE.search(text, 0, trailing.start())
    ):
        said = spoken_digits(trailing.group(1)) or re.sub(r"\D", "", trailing.group(1))
        if len(said) in (3, 6):
            return rule_finding(*trailing.span(1), Category.PHONE, "piece"), 10 - len(said)
    run = _SPOKEN_RUN.fullmatch(text.strip(" .,!?"))
    if run is None:
        return None
    said = spoken_digits(run.group())
    if len(said) != 3 or len(said) != len(_WORD.findall(run.group())):
        return None
    start = text.index(run.group())
    return rule_finding(start, start + len(run.group()), Category.PHONE, "piece"), 7


def next_piece(text: str, digits_to_come: int) -> Finding | None:
    """The next piece of a number being dictated: three or four digits that open a turn
    which says little else ("Oh one nine oh, Daddy.", "five five five")."""
    first = _SPOKEN_RUN.search(text) or _DIGIT_RUN.search(text)
    if first is None or first.start() > 3:
        return None
    said = spoken_digits(first.group()) or _only_digits(first.group())
    rest = len(_WORD.findall(text)) - len(_WORD.findall(first.group()))
    # a piece said as a sentence of its own may have more after it: "Oh one seven two. He's
    # at the shipyard ..."
    alone = re.match(r"\s*[.!?]", text[first.end() :]) is not None
    fits = len(said) in (3, 4) or len(said) == digits_to_come  # "555... 0164" is the rest
    if fits and len(said) <= digits_to_come and (rest <= 4 or alone):
        end = first.end()
        # and the piece after it, in the same turn: "555... 0164."
        more = re.match(r"(?:\s*(?:\.\.\.|…|,|-)\s*)(\d{3,4})\b", text[end:])
        if more and len(said) + len(more.group(1)) <= digits_to_come:
            end += more.end(1)
        return rule_finding(first.start(), end, Category.PHONE, "piece")
    return None


_BIRTH_CUE = re.compile(r"(?i)\b(?:birthday|birth\s*date|date\s+of\s+birth|dob|d\.o\.b|born)\b")


#: A month and day in words, then a year from 2000 on: "Six, fourteen, two thousand
#: thirteen".
_MONTH_DAY_THOUSANDS = re.compile(
    rf"(?i)\b(?P<month_day>{NUMBER_WORD}[\s,]+{NUMBER_PAIR}|{NUMBER_WORD}[\s,]+{NUMBER_WORD})"
    rf"[\s,]+two\s+thousand(?:\s+and)?(?:[\s-]+{NUMBER_PAIR}|[\s-]+{NUMBER_WORD})?\b"
)


def spoken_birth_dates(text: str, previous: str | None) -> list[Finding]:
    """A date of birth said as numbers in words ("Ten twelve oh nine"), in a turn that asks
    for or gives a birthday, or answers the turn before that asked."""
    if not _BIRTH_CUE.search(text) and (previous is None or not _BIRTH_CUE.search(previous)):
        return []
    found: list[Finding] = []
    for match in _SPOKEN_RUN.finditer(text):
        numbers = spoken_numbers(match.group())
        if numbers[:1] == ["0"] and len(numbers) > 1 and len(numbers[1]) == 1:
            numbers = [numbers[0] + numbers[1], *numbers[2:]]  # "oh four": April
        if len(numbers) < 3:
            continue
        month, day, year = numbers[0], numbers[1], "".join(numbers[2:])
        if len(year) == 3 and year.startswith("0"):
            year = year[1:]  # "oh ten": 2010
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31 and len(year) in (2, 4):
            found.append(rule_finding(match.start(), match.end(), Category.DATE, "birth_date"))
    for match in _MONTH_DAY_THOUSANDS.finditer(text):
        numbers = spoken_numbers(match.group("month_day"))
        if len(numbers) == 2 and 1 <= int(numbers[0]) <= 12 and 1 <= int(numbers[1]) <= 31:
            found.append(rule_finding(match.start(), match.end(), Category.DATE, "birth_date"))
    return found


def _only_digits(value: str) -> str:
    return re.sub(r"\D", "", value)


class NumbersSaid:
    """The phone numbers said in one conversation, turn by turn, for read-backs and numbers
    given in pieces. It follows the turns it is asked about in order; a turn asked about
    out of order starts it anew from the turn before."""

    def __init__(self) -> None:
        self._phones: dict[str, list[str]] = {}
        self._read_back: dict[str, list[str]] = {}
        self._said: list[str] = []
        self._to_come = 0
        self._piece_turn = 0
        self._last_piece = ""

    def said_before(
        self, text: str, previous: str | None, first_pass: dict[str, list[Finding]]
    ) -> list[Finding]:
        """Phone numbers in ``text`` read back, or said in pieces, over the last turns."""
        if previous is None:
            self._said = []
            self._to_come = 0
        elif not self._said or self._said[-1] != previous:
            # asked out of order: the turn before is all that is known, from its first pass
            self._said = [previous]
            self._phones.setdefault(
                previous,
                [
                    said_digits(previous, f)
                    for f in first_pass.get(previous, [])
                    if f.category == Category.PHONE
                ],
            )
        recent = self._said[-READ_BACK_TURNS:]
        self._said.append(text)
        numbers = [n for turn in recent for n in self._phones.get(turn, [])]
        numbers += [n for turn in recent for n in self._read_back.get(turn, [])]
        found = read_back(text, numbers)
        if found:
            # a number read back in pieces stays in mind until its last piece is read
            self._read_back[text] = list(dict.fromkeys(numbers))
        return found + self._pieces(text)

    def _pieces(self, text: str) -> list[Finding]:
        """A number dictated over several turns: its first piece, then the pieces that follow
        within a few turns until ten digits have been said."""
        if self._to_come > 0 and len(self._said) - self._piece_turn <= READ_BACK_TURNS:
            piece = next_piece(text, self._to_come)
            if piece is not None:
                digits = said_digits(text, piece)
                if digits != self._last_piece:  # a piece echoed back is not the next one
                    self._to_come -= len(digits)
                self._last_piece = digits
                self._piece_turn = len(self._said)
                return [piece]
        started = first_piece(text) or area_code_alone(text, self._said[-4:-1])
        if started is None:
            return []
        piece, self._to_come = started
        self._last_piece = said_digits(text, piece)
        self._piece_turn = len(self._said)
        return [piece]

    def remember(self, text: str, findings: Sequence[Finding]) -> None:
        """The phone numbers finally found in ``text``."""
        self._phones[text] = [
            said_digits(text, f) for f in findings if f.category == Category.PHONE
        ]
