"""Findings from cues in the sentence around a word (round 5): facilities named after a job, a
pastor, a school, a scan or a drive ("a respiratory therapist at Swedish", "the PET has to
be at Burnet", "the drive from Gallup to UNM", "going to cage elementary"), full names after
a greeting ("is this Anahit Petrosyan?"), pets (``pets.referred_pets``), spoken street
addresses with their town and zip code, apartment numbers and licence plates said in answer
to a question. ``false_alarms`` says which findings are toys, programs and parts of compound
words rather than PHI.

``cued_findings`` runs on a turn after presidio (on the truecased text when the turn is all
lowercase, ``lowercase`` then True); ``answered_plates`` runs with the previous turn.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rapport.privacy.categories import Category
from rapport.privacy.context import WORKPLACE_CUE
from rapport.privacy.declared import declared_names
from rapport.privacy.engine import inflected, rule_lexicons, states_and_countries
from rapport.privacy.findings import Finding, rule_finding
from rapport.privacy.foreign import foreign_dates
from rapport.privacy.lexicon import FACILITY_GENERIC, wordset
from rapport.privacy.medicines import drug_names
from rapport.privacy.named_places import (
    businesses_named_for_people,
    denomination_churches,
    hospitals_in_towns,
    places_capitalised_after_the,
    places_in_lowercase_turns,
    units_at_hospitals,
)
from rapport.privacy.not_phi import DEPARTMENTS, PROGRAMS
from rapport.privacy.pets import referred_pets
from rapport.privacy.phones import foreign_phones
from rapport.privacy.towns import towns_said
from rapport.privacy.vocabulary import (
    CHILDRENS_MEDICINES,
    CLINICAL_ACRONYMS,
    CLINICAL_TITLES,
    KIN,
    KINSHIP,
    OTHER_TITLES,
    SPOKEN_DIGIT,
)
from rapport.privacy.wordlists import NOT_NAMES, WORDLIKE_FIRST_NAMES

_CALENDAR = wordset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday today tomorrow tonight
    christmas easter thanksgiving halloween
    """
)

# ---- facilities after a cue ----------------------------------------------------------------

#: Jobs and roles that name a workplace after "at" ("a respiratory therapist at Swedish").
_ROLES = (
    r"(?:nurse|tech|technician|teacher|therapist|mechanic|aide|cashier|manager|pharmacist|"
    r"receptionist|secretary|janitor|custodian|driver|cook|chef|engineer|assistant|clerk|"
    r"librarian|counselor|accountant|paralegal|physician|resident|intern|volunteer|professor|"
    r"principal|guard|dispatcher|hygienist|phlebotomist|cna|lpn|rn|paramedic|emt|firefighter|"
    r"supervisor|waitress|waiter|server|bartender|barista|housekeeper|stocker|welder|"
    r"electrician|plumber|carpenter|lineman|machinist|operator|analyst|scheduler|coordinator|"
    r"pastor|priest|minister|deacon|reverend|chaplain|preacher|rabbi|imam|member|members)"
)
_ROLE_CUE = re.compile(rf"(?i:\b{_ROLES}s?\s+(?:over\s+|down\s+)?(?:at|from|of)\s+)")
#: Events, scans and trips whose place follows "at", "to" or "from".
_EVENT_CUE = re.compile(
    r"(?i:\b(?:graduation|prom|recital|commencement|scan|scans|mri|pet|ct|x-ray|xray|"
    r"ultrasound|echo|appointment|appointments|surgery|infusion|infusions|chemo|radiation|"
    r"proton|treatment|treatments|transplant|biopsy|labs|drive|drives|driving|drove|commute|"
    r"trip|ride|flight|flew|transfer|transferred|referred|referral|er|emergency|pharmacy|"
    r"refill|refills|prescription|prescriptions|clinic|clinics|hospital)\b)"
)
_PLACE_PREPOSITION = re.compile(r"\b(?:at|to|from)\s+(?!the\b)")
_CAPITALISED_RUN = re.compile(
    r"(?P<phi>(?:[A-Z][\w'’.&-]*|[A-Z]{2,5})(?:\s+(?:[A-Z][\w'’&-]*|of|de|del|la))*)"
)
_SCHOOL_WORDS = wordset("elementary middle high junior senior academy prep preparatory")


def _plausible_name_word(word: str, keep: frozenset[str]) -> bool:
    _names, common, _everyday, stop, places, family = rule_lexicons()
    lower = word.lower()
    return not (
        lower in stop
        or lower in _CALENDAR
        or lower in keep
        or word in NOT_NAMES
        or (lower in common and word not in family and word not in places)
    )


def _facility_run(text: str, start: int, keep: frozenset[str]) -> tuple[int, int] | None:
    """The capitalised words (or an acronym) that start at ``start`` when they can be a
    facility's name: not a person's first name alone, a town, a state or everyday words."""
    names, _common, _everyday, stop, places, _family = rule_lexicons()
    match = _CAPITALISED_RUN.match(text, start)
    if match is None:
        return None
    words = match.group("phi").split()
    for i, word in enumerate(words):
        if word.endswith(".") and word[:-1] not in _ABBREVIATIONS:
            words = words[: i + 1]  # a full stop ends the name: "at UNC. Whichever"
            break
    while words and (words[-1].lower() in stop or words[-1].lower().rstrip(".,") in _CALENDAR):
        words.pop()
    words = words[:4]
    if not words:
        return None
    span = " ".join(words)
    end = start + len(span)
    if text[start:end] != span:  # spaces were not single: keep the first word
        words, span = words[:1], words[0]
        end = start + len(span)
    span = re.sub(r"['’]s$|[.,]$", "", span)
    end = start + len(span)
    if span.isupper() and 2 <= len(span) <= 5 and " " not in span:
        return None if span in CLINICAL_ACRONYMS else (start, end)
    meaningful = [w for w in words if w.lower() not in FACILITY_GENERIC]
    if len(words) >= 3 and not meaningful and all(w[:1].isupper() for w in words):
        return start, end  # "at University Medical Center": generic words, but a name
    if (
        not meaningful
        or any(len(w) == 1 for w in words)  # letters said one by one: "P T", "X Y Z"
        or words[0].rstrip(".") in _TITLES
        or span.lower() in keep
        or span in places
        or (len(words) == 1 and (span in names or span in WORDLIKE_FIRST_NAMES))
        or (len(words) == 2 and words[0] in names and words[1] not in _SCHOOL_TITLES)
        or not any(_plausible_name_word(w, keep) for w in meaningful)
    ):
        return None
    return start, end


_GENERIC_EMPLOYERS = wordset(
    """
    county city state government army navy military company companies factory mill mine
    railroad hospital hospitals airline airlines airport church district union firm bank
    store restaurant hotel warehouse shop farm ranch contractor agency department
    oncology hematology cardiology radiology neurology pediatrics pediatric surgery scheduling
    billing insurance infusion lab labs nursing social work office team unit floor
    """
)
_PAPERWORK = wordset("form forms paperwork letter letters note papers application")
_ABBREVIATIONS = wordset("St Mt Ft Dr Jr Sr Mr Mrs Ms")
_SCHOOL_TITLES = frozenset(w.title() for w in _SCHOOL_WORDS)
_TITLES = wordset("Dr Doctor Nurse Mr Mrs Ms Miss Mx Professor Prof Coach Pastor")
#: Words before a school's level that name no school ("to public elementary").
_GENERIC_SCHOOL_NAMES = wordset(
    """
    public private local new old same other another different regular catholic christian
    charter magnet online virtual home her his their our my your a an the that this which
    summer night grade first second third fourth fifth sixth
    """
)


def cued_facilities(text: str, keep: frozenset[str]) -> list[Finding]:
    """A capitalised name (or an acronym) after "at", "to" or "from" following a job ("a
    tech at Swedish"), a pastor, or in a sentence about a scan, an appointment, a
    graduation or a drive ("the PET has to be at Burnet", "the drive to UNM")."""
    found: list[Finding] = []
    for match in _ROLE_CUE.finditer(text):
        run = _facility_run(text, match.end(), keep)
        if run:
            found.append(rule_finding(*run, Category.FACILITY, "role_place"))
    for sentence in re.finditer(r"[^.!?]+", text):
        if not _EVENT_CUE.search(sentence.group()):
            continue
        for prep in _PLACE_PREPOSITION.finditer(text, sentence.start(), sentence.end()):
            run = _facility_run(text, prep.end(), keep)
            if run:
                found.append(rule_finding(*run, Category.FACILITY, "event_place"))
    return found


_SCHOOL = re.compile(
    r"(?:\b(?:at|to|from|attends|attend|attended|in)\s+)(?P<phi>(?:[A-Z][\w'’.-]*\s+){1,3}"
    r"(?:Elementary|Middle|High|Academy|Prep|Preparatory)(?:\s+School)?)\b"
)
_SCHOOL_LOWER = re.compile(
    r"(?:\b(?:at|to|from|attends|attend|attended)\s+)(?P<phi>(?:[a-z][\w'’.-]*\s+){1,2}"
    r"(?:elementary|middle\s+school|high\s+school|academy|prep))\b"
)
_CHILDRENS_LOWER = re.compile(
    r"\b(?:at|to|from|with)\s+(?P<phi>(?:[a-z]+\s+){1,2}children's(?:\s+hospital)?)"
)
_LOWER_WORDS = r"(?P<phi>[a-z][a-z'’-]*(?:\s+[a-z][a-z'’-]*){0,2})"
_ROLE_LOWER = re.compile(rf"\b{_ROLES}s?\s+(?:at|from|of)\s+{_LOWER_WORDS}")
_WORKPLACE_LOWER = re.compile(WORKPLACE_CUE + _LOWER_WORDS)


#: In a lowercase transcript, letters that cannot be a word after "at", "from" or "to" are
#: a place's initials: "here at cmmc", "she's up at uvm".
_AT_ACRONYM_LOWER = re.compile(r"\b(?:at|from|to)\s+(?:the\s+)?(?P<phi>[a-z]{3,5})\b(?![-'’])")


#: "the surgery up at riverbend": in a lowercase turn about a scan or a surgery, a word no
#: dictionary holds after "at" is the place.
_AT_WORD_LOWER = re.compile(r"\b(?:up\s+|down\s+|over\s+|out\s+)?at\s+(?P<phi>[a-z][a-z'’-]+)\b")
_TEXTSPEAK = wordset("hmm mmm shh brr pfft psst thx ttyl lmk smh btw omg idk tbh nvm pls plz")


def schools_and_lowercase_places(text: str, original: str, keep: frozenset[str]) -> list[Finding]:
    """Schools named by their level ("at South High", "going to cage elementary"), and in
    an all-lowercase turn a hospital named "<town> children's", a workplace after a job
    ("a tech at memorial hermann", "my pastor from greater mount zion"), initials after
    "at" ("here at cmmc"), or in a turn about a scan or a surgery a word no dictionary holds
    after "at" ("the surgery up at riverbend")."""
    names, common, everyday, stop, places, family = rule_lexicons()
    found: list[Finding] = []
    for match in _SCHOOL.finditer(text):
        words = match.group("phi").split()
        if all(w.lower() in _SCHOOL_WORDS | {"school", "the"} for w in words):
            continue
        found.append(
            rule_finding(match.start("phi"), match.end("phi"), Category.FACILITY, "school")
        )
    if any(ch.isupper() for ch in original):
        return found
    for regex in (_SCHOOL_LOWER, _CHILDRENS_LOWER):
        for match in regex.finditer(original):
            words = [w for w in match.group("phi").split() if w not in _SCHOOL_WORDS]
            words = [w for w in words if w not in ("school", "children's", "hospital")]
            if not words or any(
                w in stop or w in _CALENDAR or w in _GENERIC_SCHOOL_NAMES for w in words
            ):
                continue
            if regex is _CHILDRENS_LOWER and any(w in everyday for w in words):
                continue
            start, end = match.span("phi")
            found.append(rule_finding(start, end, Category.FACILITY, "school_lower"))
    employers = [(m, False) for m in _WORKPLACE_LOWER.finditer(original)]
    for match, after_role in [(m, True) for m in _ROLE_LOWER.finditer(original)] + employers:
        words = match.group("phi").split()
        kept: list[str] = []
        for word in words:
            if word in stop or word in _CALENDAR:
                break
            kept.append(word)
        if not kept or any(w in _PAPERWORK for w in kept):
            continue  # "the fax for your work for the fmla form"
        # one word at least is a name or a place, or no English word ("hermann", "zion")
        # After "works for", a noun that is no everyday word names the employer too
        # ("westinghouse"), unless any employer could be called so ("the county").
        named = any(
            # "worked out for worsening headaches" names no employer; "at wallops" does
            (w not in common and (len(kept) == 1 or not inflected(w)))
            or w.title() in family
            or w.title() in places
            or w.title() in names
            or (
                not after_role
                and w not in everyday
                and w not in _GENERIC_EMPLOYERS
                and w not in DEPARTMENTS
                and not inflected(w)
            )
            for w in kept
            if w not in FACILITY_GENERIC
        )
        if not named or " ".join(kept) in keep:
            continue
        start = match.start("phi")
        end = start + len(" ".join(kept))
        found.append(rule_finding(start, end, Category.FACILITY, "role_place"))
    if _EVENT_CUE.search(original):
        for match in _AT_WORD_LOWER.finditer(original):
            word = re.sub(r"['’]s?$", "", match.group("phi"))  # "at mom's clinic"
            if (
                KIN.fullmatch(word) is None
                and word not in common
                and word not in stop
                and not inflected(word)
                and word.upper() not in CLINICAL_ACRONYMS
                and word not in PROGRAMS
                and word not in _TEXTSPEAK
                and len(word) >= 4
            ):
                found.append(rule_finding(*match.span("phi"), Category.FACILITY, "event_lower"))
    for match in _AT_ACRONYM_LOWER.finditer(original):
        acronym = match.group("phi")
        if (
            sum(ch in "aeiou" for ch in acronym) <= 1
            and acronym not in common
            and not inflected(acronym)
            and acronym.upper() not in CLINICAL_ACRONYMS
            and acronym not in PROGRAMS
            and acronym not in _TEXTSPEAK
        ):
            found.append(rule_finding(*match.span("phi"), Category.FACILITY, "acronym_lower"))
    return found


# ---- full names after a greeting -----------------------------------------------------------

_GREETED = re.compile(
    r"(?i:\b(?:is\s+this|this\s+is|hello|hi|hey|i'm|i\s+am|my\s+name\s+is|name's|"
    r"speaking\s+(?:with|to)|looking\s+for|calling\s+for|ask\s+for)\s*,?\s+)"
    r"(?P<phi>[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+)\b"
)


#: A person said to be a relation: "Cachita is my mother", "Dre's my cousin".
_RELATION_IS = re.compile(
    r"(?<![\w'’-])(?P<phi>[A-Z][a-z]+)(?:\s+(?:is|was)|'s|’s)\s+(?:my|our|his|her|their|your)\s+"
    r"(?:(?:big|little|older|younger|baby|twin|step|half|great)[\s-]+)?"
    rf"{KINSHIP}\b"
)
#: One name asked for on the telephone: "Hi, is this Marites?"
_ASKED_FOR = re.compile(r"(?i:\bis\s+this\s+)(?P<phi>[A-Z][a-z'’-]+)\s*\?")


def greeted_names(text: str) -> list[Finding]:
    """Two capitalised words after "is this", "this is", "hello", "my name is": a person's
    full name when neither is an everyday word, a place or a month ("Hello, is this Anahit
    Petrosyan?"), even when neither is in the name lists; one such word asked for ("is this
    Marites?") or said to be a relation ("Cachita is my mother")."""
    names, common, _everyday, stop, places, family = rule_lexicons()

    def not_a_name(word: str) -> bool:
        return (
            word in NOT_NAMES
            or word.lower() in stop
            or word.lower() in _CALENDAR
            or word in places
            or (word.lower() in common and word not in names and word not in family)
        )

    found: list[Finding] = []
    for match in _GREETED.finditer(text):
        words = [re.sub(r"['’]s$", "", w) for w in match.group("phi").split()]
        if any(not_a_name(w) for w in words):
            continue
        start = match.start("phi")
        end = start + len(" ".join(words))
        found.append(rule_finding(start, end, Category.NAME, "greeted", "person"))
    for match in _ASKED_FOR.finditer(text):
        if not not_a_name(match.group("phi")):
            found.append(rule_finding(*match.span("phi"), Category.NAME, "greeted", "person"))
    for match in _RELATION_IS.finditer(text):
        # said to be a relation, a word is a name even when it is in the dictionary
        word = match.group("phi")
        if not (
            word in NOT_NAMES
            or word.lower() in stop
            or word.lower() in _CALENDAR
            or word in places
            or KIN.fullmatch(word)
        ):
            found.append(rule_finding(*match.span("phi"), Category.NAME, "relation", "person"))
    return found


# ---- spoken addresses and apartment numbers ------------------------------------------------

_NUMBER_WORD = (
    r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|"
    r"fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|"
    r"seventy|eighty|ninety|hundred)"
)
_TEN_UP = (
    r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
)
_SPOKEN_ADDRESS = re.compile(
    # a house number of one word from ten up too: "twelve hatch cove lane"
    rf"(?i)\b(?P<house>(?:(?:{_NUMBER_WORD}[\s-]+){{2,6}}|(?P<one>{_TEN_UP})\s+)(?:[a-z]+\s+){{1,3}}"
    r"(?:street|road|drive|avenue|lane|boulevard|court|way|place|circle|parkway|terrace|"
    r"trail|highway)(?:\s+(?:north|south|east|west|northeast|northwest|southeast|southwest)\b)?"
    rf"|(?:{_NUMBER_WORD}[\s-]+){{2,6}}(?:north|south|east|west)\s+[a-z]+"
    r"(?=,?\s+(?:apartment|apt|unit|in)\b)"
    # a street without its street word, before the apartment: "twenty-nine forty-six holbrook,
    # apartment 3"
    rf"|(?:{_NUMBER_WORD}[\s-]+){{2,6}}[a-z]+(?=,?\s+(?:apartment|apt|unit)\b))\b"
    rf"(?:,?\s+(?:apartment|apt|unit)\s+(?:\d+[a-z]?|{_NUMBER_WORD}(?:[\s-]{_NUMBER_WORD})?|[a-z])\b)?"
    rf"(?:(?:,?\s+(?P<town>[a-z]+(?:\s+[a-z]+)?))?,?\s+(?P<zip>(?:{SPOKEN_DIGIT}\s+){{4}}{SPOKEN_DIGIT}))?"
)
_IN_TOWN = re.compile(
    r"\s+in\s+(?P<town>(?i:fort|port|mount|mt|lake|saint|st|new|north|south|east|west|san|"
    r"santa|el|la|los|las|cape|grand|glen|little|big|upper|lower)\s+[a-z]+|"
    r"[A-Za-z][a-z]+(?:\s+[A-Z][a-z]+)?)\b"
)
_APARTMENT = re.compile(r"(?i)\b(?:number|no\.|#)\s*(?P<phi>\d{1,5}[A-Za-z]?)\b")
_APARTMENT_TURN = re.compile(r"(?i)\b(?:apartment|apt|unit|suite|building|address|lives?)\b")


def spoken_addresses(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """A street address said in words ("forty two eighteen belarbor street"), with the town
    and zip code after it ("houston seven seven zero five one"); an apartment's number
    ("number 1214") in a turn that names an address or an apartment."""
    stop = rule_lexicons()[3]
    found: list[Finding] = []
    for match in _SPOKEN_ADDRESS.finditer(text):
        named = match.group("house").split()[1:-1]
        if match.group("one") and any(w.lower() in stop for w in named):
            continue  # "twelve more days" is no street
        found.append(
            rule_finding(
                match.start("house"), match.end("house"), Category.ADDRESS, "spoken_street"
            )
        )
        in_town = _IN_TOWN.match(text, match.end("house"))
        if in_town and in_town.group("town").lower() not in stop and not match.group("zip"):
            # "four eighteen big cove road in cherokee"
            found.append(rule_finding(*in_town.span("town"), Category.ADDRESS, "spoken_town"))
        town = match.group("town")
        if match.group("zip") and (
            town is None or not any(w.lower() in stop for w in town.split())
        ):
            if town:
                found.append(rule_finding(*match.span("town"), Category.ADDRESS, "spoken_town"))
            found.append(rule_finding(*match.span("zip"), Category.ADDRESS, "spoken_zip"))
    addressed = _APARTMENT_TURN.search(text) and any(
        f.category == Category.ADDRESS for f in [*findings, *found]
    )
    if addressed:
        for match in _APARTMENT.finditer(text):
            found.append(rule_finding(*match.span(), Category.ADDRESS, "apartment_number"))
    return found


# ---- licence plates said in answer ---------------------------------------------------------

#: A question or a request about a licence plate ("give me the plate and I'll get a pass").
_PLATE_QUESTION = re.compile(
    r"(?i)\b(?:plate|plates|tag|tags|license|licence)\b[^.!?]*\?"
    r"|\b(?:give|tell|text|send|need|write\s+down)\s+(?:\w+\s+)?(?:the|your|his|her)\s+"
    r"(?:license\s+|licence\s+)?plates?\b"
)
_PLATE = re.compile(
    r"(?<![\w-])(?=[A-Z0-9 -]*\d)(?=[A-Z0-9 -]*[A-Z])[A-Z0-9]{2,4}[ -]?[A-Z0-9]{2,4}\b"
)


def answered_plates(text: str, previous: str | None) -> list[Finding]:
    """A licence plate of letters and digits said in answer to a question about the plate
    ("Do you have the plate number?" "KTR 418.")."""
    if previous is None or not _PLATE_QUESTION.search(previous):
        return []
    plates = _PLATE.finditer(text)
    return [rule_finding(m.start(), m.end(), Category.ID, "plate_answer") for m in plates]


_VETERANS = re.compile(
    r"(?i:\b(?:at|from|to|by|with|through|in)\s+the\s+)(?P<phi>(?-i:VA|va|V\.A\.))"
    r"(?!\s+(?i:loans?|benefits?|disability|claims?|rating|home\s+loan))\b"
    # or by its town, after any "the": "and the tomah va called too"
    r"|(?i:\bthe\s+)(?P<town>(?-i:[A-Za-z][a-z]{2,})\s+(?-i:VA|va|V\.A\.))"
    r"(?!\s+(?i:loans?|benefits?|disability|claims?|rating|home\s+loan))\b"
)
_NOT_VA_TOWNS = wordset("local new old nearest closest main big other same whole regional")
_ACRONYM_IN_TOWN = re.compile(
    r"\b(?P<phi>[A-Z]{2,5})\s+(?:in|up\s+in|down\s+in|out\s+in)\s+(?P<town>[A-Z][a-z]+)"
)
#: "the Warehouse Market in Sand Springs", "at Batson in Jackson": a named place, by its town.
_THE_NAMED_IN_TOWN = re.compile(
    r"\b(?:the\s+(?=\S+\s+[A-Z])|at\s+|to\s+|from\s+)"
    r"(?P<phi>[A-Z][\w'’&-]+(?:\s+[A-Z][\w'’&-]+){0,3})"
    r"\s+(?:in|up\s+in|down\s+in|out\s+in|over\s+in)\s+(?P<town>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)"
)
#: A university by its initials and its campus's town: "UH Hilo", "UC Davis", "UW Madison".
_CAMPUS = re.compile(r"\b(?:U[A-Z]{1,3}|UMass|UConn|SUNY|CUNY|CU)\s+(?P<town>[A-Z][a-z]+)\b")
#: An acronym someone is at, comes from or is taken to is a place: "get it at GIMC", "back
#: at HAPA", "they'd fly him down to ACH".
_AT_ACRONYM = re.compile(
    r"\b(?:at|from|(?:down|up|over|back|out)\s+to|transferr?(?:ed|ing)?\s+(?:\w+\s+)?to|"
    r"(?:fl(?:y|ies|ew|ying)|flights?(?:'s|’s|\s+is)?|land(?:s|ed|ing)?)\s+"
    r"(?:out\s+of|into|in\s+at))"
    r"\s+(?:the\s+)?(?P<phi>[A-Z]{3,5})\b(?!['’-])"
)
#: "Children's" alone is the children's hospital; not its medicines or books.
_CHILDRENS_ALONE = re.compile(
    r"(?<!^)(?<![.!?]\s)\bChildren's\b"
    rf"(?!\s+(?:[A-Z]|{CHILDRENS_MEDICINES}|(?i:book|books|museum|hospital|mercy|of)\b))"
    r"|^Children's(?=\s+(?:is|has|was|will|does|did|can|said|called)\b)"
)


def named_institutions(text: str, keep: frozenset[str]) -> list[Finding]:
    """Places said by their short name: the veterans' hospital ("at the VA", "from the va"),
    an acronym or a name placed in a town ("she's at MSU in Bozeman", "the Warehouse Market
    in Sand Springs") and "Children's" alone ("Children's is fine for the ultrasound")."""
    names, common, _everyday, stop, places, _family = rule_lexicons()
    found = [
        rule_finding(*m.span(group), Category.FACILITY, "veterans")
        for m in _VETERANS.finditer(text)
        for group in ("phi", "town")
        if m.group(group) and m.group(group).split()[0].lower() not in _NOT_VA_TOWNS
    ]
    for match in _THE_NAMED_IN_TOWN.finditer(text):
        town = match.group("town")
        words = match.group("phi").split()
        if (town in places or town.split()[0] in places) and not (
            any(w.lower() in stop or w.lower() in _CALENDAR or w in NOT_NAMES for w in words)
            or (len(words) == 2 and words[0] in names)
            or (len(words) == 1 and (words[0] in names or words[0].lower() in common))
            or KIN.fullmatch(re.sub(r"['’]s?$", "", words[0])) is not None  # "Grandma's"
        ):
            found.append(
                rule_finding(match.start("phi"), match.end("phi"), Category.FACILITY, "in_town")
            )
    found.extend(
        rule_finding(m.start(), m.end(), Category.FACILITY, "childrens")
        for m in _CHILDRENS_ALONE.finditer(text)
    )
    for match in _AT_ACRONYM.finditer(text):
        acronym = match.group("phi")
        if acronym not in CLINICAL_ACRONYMS and acronym.lower() not in PROGRAMS:
            found.append(
                rule_finding(match.start("phi"), match.end("phi"), Category.FACILITY, "acronym")
            )
    for match in _CAMPUS.finditer(text):
        if match.group("town").lower() not in stop:
            found.append(rule_finding(*match.span(), Category.FACILITY, "campus"))
    for match in _ACRONYM_IN_TOWN.finditer(text):
        acronym = match.group("phi")
        if (
            acronym not in CLINICAL_ACRONYMS
            and acronym.lower() not in keep
            and (match.group("town") in places)
        ):
            found.append(
                rule_finding(match.start("phi"), match.end("phi"), Category.FACILITY, "acronym")
            )
    return found


#: A word a speaker turns to at the end of a sentence: "Let's go, Lucky."
_ADDRESSED_LAST = re.compile(r"(?<=[a-z]),\s+(?P<phi>[A-Z][a-z]+|[A-Z]{2})(?=[.!?](?:\s|$))")
#: What a clinician calls a child, capitalised or not, that is no name ("Good job, Champ.").
_ENDEARMENTS = wordset("Champ Tiger Sport Chief Boss Bud Pal Captain Partner Kid Lord God Ma Pa")


_NOT_INITIALS = wordset("OK TV PM AM US UK DC LA NY NJ OH OR OK AZ IV CT OT PT ST")


def addressed_names(original: str) -> list[Finding]:
    """An everyday word, capitalised, that a sentence of a cased turn ends on, after a
    comma: someone spoken to by name ("Let's go, Lucky."), unless it is a title, a kinship
    word, an endearment or a place ("Okay, Mom.", "Thank you, Doctor.", "Good job, Champ.")."""
    if not any(ch.isupper() for ch in original):
        return []  # speech recognition writes no capitals to go by
    _names, common, _everyday, stop, places, _family = rule_lexicons()
    found: list[Finding] = []
    for match in _ADDRESSED_LAST.finditer(original):
        word = match.group("phi")
        if word.isupper():  # initials said as a name: "Come on, JJ."
            if word not in CLINICAL_ACRONYMS and word not in _NOT_INITIALS:
                found.append(rule_finding(*match.span("phi"), Category.NAME, "addressed_word"))
            continue
        if (
            word.lower() in common
            and word.lower() not in stop
            and word not in NOT_NAMES
            and word not in _ENDEARMENTS
            and word.lower() not in _CALENDAR
            and word not in places
            and word.lower() not in states_and_countries()
            and word.lower() not in drug_names()  # "the regular Paracetamol, Ibuprofen."
            and not KIN.fullmatch(word)
            and not re.fullmatch(rf"{CLINICAL_TITLES}|{OTHER_TITLES}", word)
        ):
            found.append(rule_finding(*match.span("phi"), Category.NAME, "addressed_word"))
    return found


def cued_findings(
    text: str, original: str, findings: Sequence[Finding], keep: frozenset[str]
) -> list[Finding]:
    """Every finding of this module on one turn (pass 1); ``original`` is the turn as
    written, ``text`` the same turn truecased."""
    return [
        *cued_facilities(text, keep),
        *named_institutions(text, keep),
        *schools_and_lowercase_places(text, original, keep),
        *greeted_names(text),
        *declared_names(text, original),
        *addressed_names(original),
        *businesses_named_for_people(original),
        *denomination_churches(text, original),
        *places_in_lowercase_turns(original),
        *places_capitalised_after_the(original),
        *referred_pets(text, original),
        *spoken_addresses(text, findings),
        *foreign_phones(original),
        *foreign_dates(original),
        *units_at_hospitals(original),
        *hospitals_in_towns(text),
        *towns_said(text, original),
    ]
