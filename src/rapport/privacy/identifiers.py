"""Identifiers said in speech: letters before a number ("SN 4470-BX-2291"), a number said
alone after a question about it in the turn before ("What's the plate?" "KDW 4471") or after
a strong cue in the same turn, and numbers said in spaced groups ("member W 48 220 3915");
and (round 34) a name said in answer to a request for it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapport.privacy.categories import Category
from rapport.privacy.findings import Finding, rule_finding
from rapport.privacy.vocabulary import MONTH, SPOKEN_DIGIT

_ID_PREFIX = re.compile(r"\b(?!I\b|A\b)[A-Z]{1,4}[ -]$")
_SPANISH_LETTER = (
    r"(?:be|ce|de|efe|ge|hache|jota|ka|ele|eme|ene|eñe|pe|cu|erre|ese|te|uve|equis|ye|zeta)"
)
#: Letters said apart before a number in a lowercase turn: "is v i m nine nine four ...",
#: "it says l e c c and then three oh five ...".
_SPOKEN_PREFIX = re.compile(
    r"(?<![\w'’])(?:(?:[a-z]\s+){2,4}(?:(?:and\s+)?then\s+)?"
    # or capitals with commas between: "C W, zero zero four, ..."
    r"|(?:[A-Z],?\s+){2,4}"
    # or the letters' Spanish names: "ge ce hache siete uno ..."
    rf"|(?:{_SPANISH_LETTER}\s+){{2,4}})$"
)
_STRONG_ID_CUE = re.compile(
    r"(?i)\b(?:plate|licen[cs]e|member|policy|medicaid|medicare|serial|permit|account|subscriber|ssn|"
    r"social\s+security)\b"
)


def with_prefixes(text: str, findings: list[Finding]) -> list[Finding]:
    """The findings, with the letters said before an identifier joined to it; a telephone
    number with letters said before it is an identifier ("v i m nine nine four ...")."""
    joined = list(findings)
    for i, finding in enumerate(joined):
        spoken = _SPOKEN_PREFIX.search(text, 0, finding.start)
        prefix = _ID_PREFIX.search(text, 0, finding.start) or spoken
        category = finding.category
        if category == Category.PHONE and spoken:
            category = Category.ID
        if category in (Category.ID, Category.RECORD_NUMBER) and prefix:
            # the letters said before a number belong to it: "SN 4470-BX-2291"
            joined[i] = Finding(prefix.start(), finding.end, category, finding.hint, finding.source)
    return joined


def after_strong_cue(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Identifiers said after a strong cue earlier in the turn ("the member is ...")."""
    cue = _STRONG_ID_CUE.search(text)
    return bare_identifiers(text, findings, cue.end()) if cue else []


def answered_identifiers(
    text: str, findings: Sequence[Finding], previous: str | None
) -> list[Finding]:
    """Identifiers said alone in answer to a question about one in the turn before."""
    if previous is None or not _ID_QUESTION.search(previous):
        return []
    found = bare_identifiers(text, findings, within=True)
    if _RECORD_CUE.search(previous):  # "the record number on your letter ..."
        # what answers it is a record number, whichever rule found it
        found += [f for f in findings if f.category == Category.ID]
        found = [rule_finding(f.start, f.end, Category.RECORD_NUMBER, f.source) for f in found]
    return found


#: A question or request in one turn that the next turn answers with a number. A turn
#: with no closing punctuation ("can you read me the number off the card") is a transcript
#: that writes none.
_ID_QUESTION = re.compile(
    r"(?i)\b(?:plate|licen[cs]e|member|policy|group|insurance|medicaid|medicare|card|account|"
    r"serial|permit|social|ssn|id|number|confirmation|claim|subscriber)\b[^.!]*(?:\?\s*|"
    # or asked in a lowercase transcript, which has no question marks
    r"(?<=[a-z])(?<!\bno)(?<!\bok)(?<!\bokay))$"
)
_BARE_ID = re.compile(
    r"(?<!['’])\b(?=[A-Za-z0-9 -]*\d)[A-Za-z0-9]{1,6}(?:[ -][A-Za-z0-9]{1,6}){0,5}\b"
)
_LEADING_WORDS = re.compile(r"(?:(?:is|it's|its|the|a|an|my|and|number|was|be)\s+)+")
_SPOKEN_DIGIT_WORD = re.compile(rf"(?i)\b{SPOKEN_DIGIT}\b")
_SPOKEN_ID = re.compile(rf"(?i)\b(?:(?:[a-z]|{SPOKEN_DIGIT})\b[\s,-]*){{5,}}")


_RECORD_CUE = re.compile(r"(?i)\b(?:record|chart|mrn|medical\s+record)\b")


def bare_identifiers(
    text: str, findings: Sequence[Finding], start: int = 0, *, within: bool = False
) -> list[Finding]:
    """Identifiers said alone in answer to a question in the previous turn (or after a
    strong cue at ``start`` in this turn): a run of letters and digits holding four digits
    or more, written or spoken."""
    found: list[Finding] = []
    for regex in (_BARE_ID, _SPOKEN_ID):
        for match in regex.finditer(text, start):
            value = match.group().rstrip(" ,-")
            lead = _LEADING_WORDS.match(value) if regex is _BARE_ID else None
            offset = lead.end() if lead else 0  # "the member is K 52 ...": not "is"
            value = value[offset:]
            digits = sum(ch.isdigit() for ch in value)
            spoken = len(_SPOKEN_DIGIT_WORD.findall(value))
            if digits + spoken < 4:
                continue
            begin = match.start() + offset
            end = begin + len(value)
            # a finding inside it (a phone number read into "b a h four four ...") gives way
            # when ``within``; one it only overlaps keeps its place
            if any(
                f.start < end
                and begin < f.end
                and not (
                    within
                    and begin <= f.start
                    and f.end <= end
                    and (f.start, f.end) != (begin, end)
                )
                for f in findings
            ):
                continue
            found.append(rule_finding(begin, end, Category.ID, "previous_turn_cue"))
    return found


# ---- identifiers in spaced groups ---------------------------------------------------------

_ID_CUE = re.compile(
    r"(?i)\b(?:insurance|member|policy|subscriber|group|plan|medicaid|medicare|card|account|"
    r"id|confirmation|claim|licen[cs]e|plate|permit|serial|chart|mrn|record|number|band|"
    r"wristband|bracelet)\b"
)
_NUMBERS = frozenset(
    [Category.PHONE, Category.ID, Category.RECORD_NUMBER, Category.DATE, Category.AGE, Category.IP]
)
_SPACED_ID = re.compile(
    # up to twelve groups: a number read digit by digit ("0 0 6 2 1 8 4 3 9")
    r"(?<![\w'’-])(?:[A-Z]{1,3}[ -]?)?\d{1,5}(?:[ -]\d{1,5}){1,11}(?![\w-])(?![.,]\d)"
    # or with a comma after each digit, as a transcriber writes it: "2, 0, 7, 7, 4, 1, 9, 3"
    r"|(?<![\w'’,-])\d(?:,\s\d){6,11}(?![\w-])(?!,\s?\d)"
)


def spaced_identifiers(
    text: str, findings: Sequence[Finding], previous: str | None = None
) -> list[Finding]:
    """An identifier said in groups ("member W 48 220 3915"): letters, then groups of
    digits, seven digits or more in all, after an insurance, member or policy cue earlier
    in the turn or in the turn before."""
    cue = _ID_CUE.search(text)
    start = cue.end() if cue else 0
    if cue is None and (previous is None or not _ID_CUE.search(previous)):
        return []
    if previous is not None and _ID_CUE.search(previous):
        start = 0
    found: list[Finding] = []
    for match in _SPACED_ID.finditer(text, start):
        value = match.group()
        if sum(ch.isdigit() for ch in value) < 7 or " " not in value:
            continue
        if any(
            f.start < match.end()
            and match.start() < f.end
            and (f.category in _NUMBERS or (f.start <= match.start() and match.end() <= f.end))
            for f in findings
        ):
            continue  # a phone number or a date, or found already
        found.append(rule_finding(match.start(), match.end(), Category.ID, "spaced_id"))
    return found


# ---- a name given in answer ----------------------------------------------------------------

#: A turn that asks for a name to be said or confirmed: "can you verify his full name and
#: birthday for me".
_NAME_ASKED = re.compile(
    r"(?i)\b(?:verify|confirm|say|spell|give|tell|what['’]s|what\s+is|state)\b[^.?!]{0,30}"
    r"\b(?:full|first|last|legal|complete)\s+name\b"
    # or asked in a few words: "Mom, full name and birthday?"
    r"|\b(?:full|legal|complete)\s+name\s*(?:,|and|&)\s*(?:birthday|date\s+of\s+birth|birth\s*date|"
    r"dob|d\.o\.b)\b"
)
#: The words that open the answer, up to what ends a name (a month, a number, a pause).
_ANSWER_OPENING = re.compile(
    r"^(?:(?:yes|yeah|sure|okay|ok|um|uh|it['’]s|its|his\s+is|her\s+is)[,.]?\s+)*"
    r"(?P<phi>[a-z][a-z'’-]+(?:\s+[a-z][a-z'’-]+){0,3}?)"
    r"(?=[,.]?\s+(?:(?:january|february|march|april|may|june|july|august|september|"
    rf"october|november|december|born|date|birthday|d\s+o\s+b|{SPOKEN_DIGIT})\b))"
)

#: The same written with capitals: two to five capitalised words before the birthday
#: ("Mariah Rose Goes Ahead. June 19th, 2020."), which spaCy and the lists split apart.
_ANSWER_TITLED = re.compile(
    r"^(?:(?:Yes|Yeah|Sure|Okay|OK|Um|Uh|It['’]s|His\s+is|Hers\s+is|Her\s+is)[,.]?\s+)*"
    r"(?P<phi>[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){1,4})"
    rf"(?=[,.]?\s+(?:(?:{MONTH}|Born|born)\b|\d|(?i:{SPOKEN_DIGIT}|twenty|thirty|ten|eleven|twelve)\b))"
)


def names_answered(text: str, previous: str | None) -> list[Finding]:
    """In a turn answering a request for someone's full name, the words said before the
    birthday: "ibrahim sorie kamara september third ..." (the name may be in no list, and
    spaCy takes it for part of the date); written with capitals, from a known first name on
    ("Mariah Rose Goes Ahead. June 19th, 2020.")."""
    from rapport.privacy.engine import rule_lexicons

    if previous is None or not _NAME_ASKED.search(previous):
        return []
    first_names, _, _, stop = rule_lexicons()[:4]
    if any(ch.isupper() for ch in text):
        # capitals mark the name's words, a surname that is a word too: "Wendell Ray Still"
        answer = _ANSWER_TITLED.match(text)
        if answer is None or answer.group("phi").split()[0] not in first_names:
            return []
    else:
        answer = _ANSWER_OPENING.match(text)
        if answer is None or any(word in stop for word in answer.group("phi").split()):
            return []
    return [rule_finding(*answer.span("phi"), Category.NAME, "name_answered", "person")]
