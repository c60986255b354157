"""Capitals for transcripts written all in lowercase, as some speech recognition writes them.

``truecase`` returns the text with the words that are names, places, facilities and streets
capitalised, so that the patterns and spaCy, which lean on capitals, find them. The result
has the same length as the text, so spans found in it are spans of the text.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable

from rapport.privacy.engine import inflected
from rapport.privacy.lexicon import CHAINS, FACILITY_HEADS, HOSPITALS, wordset
from rapport.privacy.vocabulary import RELATIONS
from rapport.privacy.wordlists import NOT_NAMES, WORDLIKE_FIRST_NAMES

_WORDS = re.compile(r"[a-z][a-z'’-]*")


def _chain_key(name: str) -> str:
    """A chain's name with its hyphens said as spaces: "hy vee" is Hy-Vee."""
    return re.sub(r"[\s-]+", " ", name.lower())


_CHAINS_BY_LOWER = {_chain_key(c): c for c in (*CHAINS, *HOSPITALS)}
_CHAINS_LOWER = re.compile(
    r"(?<![\w-])(?:"
    + "|".join(
        re.escape(c).replace(r"\ ", r"[\s-]")
        for c in sorted(_CHAINS_BY_LOWER, key=len, reverse=True)
    )
    + r")(?![\w-])"
)

#: Street words that end a street's name in speech ("manchester road", "oakview drive").
#: "way", "place", "court" and "circle" are left out: "no way", "my place", "food court".
STREET_HEADS = frozenset(
    ["street", "road", "drive", "avenue", "lane", "boulevard", "parkway", "pike", "terrace"]
)
#: Words that make a street word an everyday phrase ("dirt road", "memory lane",
#: "blood drive"), beside the verbs, adjectives and adverbs of ``everyday_words``.
_GENERIC_STREET_WORDS = wordset(
    """
    dirt gravel country toll service access frontage side back ring bike bus carpool memory
    fast slow passing turning blood sex test disk thumb flash car wall one two dead private
    public long short high low main same other wrong right left next last first second third
    this that the a an our your their my his her its whose which each every any some no
    """
)
#: Words before which a number is a house number rather than a count ("1907 oakview
#: drive" but not "20 minutes down the road").
_NOT_STREET_NAMES = wordset(
    """
    minutes minute hours hour miles mile blocks block days day weeks week months month years
    year times feet foot yards yard steps kids people cars exits lights stops
    """
)
#: Where a town comes after a trip or a home: "drive to asheville", "ten minutes from
#: whittier", "moved up to reading" ("reading" stays: a verb's form).
_TRAVEL_BEFORE = re.compile(
    r"\b(?:(?:drive|drove|driving|fly|flew|flying|go|going|went|move|moved|moving|live|lives|"
    r"lived|living|come|came|coming|back|up|down|over|out|all\s+the\s+way)\s+(?:to|from|in)|"
    r"from)\s+$"
)
_BEFORE_STREET = re.compile(r"\b(?:on|off|at|down|near|onto|along|to|from|up|by)\s+$")
_COMPASS = "(?:north|south|east|west)(?:east|west)?"
_COMPASS_WORD = re.compile(_COMPASS)
#: A compass word before a hospital's building word names that building ("northwest tower").
_COMPASS_BUILDING = re.compile(
    rf"\b{_COMPASS}\s+(?:tower|pavilion|wing|building|campus|annex)\b", re.IGNORECASE
)

#: What follows "will" or "may" when it is a name: "my nurse will she'll call".
_SUBJECT_AFTER_MODAL_NAME = wordset("he'll she'll he she he's she's will may is can")
#: Where a name alone is said, at the end of the turn or before a comma: "this is earl,".
_SAID_NAME_CUE = re.compile(r"\b(?:this\s+is|it's|it’s|i'm|i’m|i\s+am|name\s+is|name's)\s+$")
#: A greeting before a name, and what starts the next clause after it: "hi ray i'm ...".
_GREETING_CUE = re.compile(
    r"(?:^|\b(?:ok|okay|yeah|oh|well|and)\s+)(?:hi|hey|hello|morning|thanks)\s+$"
)
_CLAUSE_STARTS = wordset("i i'm i’m it's it’s this we we're you you're how can so just my")
#: A county's school said short: "swain county high", "pike county middle".
_COUNTY_SCHOOL = re.compile(
    r"\b(?P<name>[a-z]+)\s+county\s+(?:high|middle|elementary|primary|intermediate)\b"
)
#: Cues before a person's name in speech: "my wife beth", "attention gary".
_RELATION_CUE = re.compile(
    r"\b(?:my|his|her|our|your|their)\s+(?:(?:little|big|older|younger|baby|best|new|old|"
    rf"twin|step|ex)[\s-]+)*{RELATIONS}\s+$"
)
_NAME_CUE = re.compile(
    r"\b(?:this\s+is|is\s+this|it's|i'm|i\s+am|name\s+is|name's|named|called|call\s+me|ask\s+for|"
    r"ask|tell|talk\s+to|talking\s+to|speak\s+to|speak\s+with|speaking\s+with|attention|attn|"
    r"hi|hey|hello|thanks|thank\s+you|bye|looking\s+for|calling\s+for|sorry|okay|ok|yes|no|"
    r"well|so|morning|night|love\s+you)\s+$"
)
#: Titles before a name ("dr okafor", "nurse kim"); "ms" is also multiple sclerosis and
#: "nurse" a noun, so the word after must be a name or not an English word.
_TITLE_CUE = re.compile(
    r"\b(?P<title>dr|mr|mrs|mister|missus|ms|mx|doctor|nurse|coach|pastor|miss|aunt|auntie|uncle|grandma|"
    r"grandpa|professor|rabbi|imam|reverend)\.?\s+$"
)
#: A title after an article or a possessive is a noun: "the doctor", "my nurse".
_DETERMINED_TITLE = re.compile(
    r"\b(?:the|a|an|my|your|his|her|our|their|that|this|every|any|no|each|which|whose)\s+"
    r"\S+\.?\s+$"
)
#: Nouns that follow a title used as a noun: "doctor appointment", "nurse line".
_NOT_AFTER_TITLE = wordset(
    """
    appointment appointments office offices visit visits note notes orders order team line
    practitioner practitioners station call calls bill bills shopping
    """
)
#: Words between a facility's name and its facility word ("truman medical center").
_FACILITY_QUALIFIERS = wordset(
    """
    medical cancer children's memorial regional community general university middle high
    elementary junior senior specialty surgical surgery heart family primary care health
    indian tribal veterans county area assisted
    research teaching med grad summer sunday night nursing law business public private charter
    home boarding day
    infusion oncology outpatient imaging dialysis pediatric pediatrics eye dental urgent
    expo convention civic events virtual online guest
    """
)
#: What a clinic or a centre is for, said before "cancer", "medical" and the like: "the lung
#: cancer center" names no place.
_CLINICAL_NOUNS = wordset(
    """
    lung breast brain bone skin liver kidney colon prostate blood spine head neck throat
    stomach bladder pancreas ovarian cervical thyroid marrow stem cell pain sleep weight
    wound vein vascular cardiac thoracic sarcoma leukemia leukaemia lymphoma melanoma tumor
    tumour stroke memory fertility allergy asthma diabetes cancer transplant infusion
    radiation proton gamma laser cyber knife hospice palliative rehab rehabilitation
    """
)
#: Children's medicines: "switched to children's tylenol" names no hospital.
_MEDICINES = wordset(
    """
    tylenol motrin advil benadryl claritin zyrtec allegra mucinex robitussin delsym dimetapp
    pepto miralax aspirin ibuprofen acetaminophen vitamins vitamin multivitamin chewables
    """
)
#: Spoken words that are in no dictionary ("the doctor kinda said").
_FILLERS = wordset("kinda gonna wanna gotta lemme dunno ya yep yeah nope uh um hmm mhm na")
#: After a name that is also a word, words that show it was a verb ("my son drew a ...").
_VERB_FOLLOWERS = wordset(
    "a an the to up it me him her them us that this out my his our your their some all"
)


@functools.cache
def _lexicons() -> tuple[frozenset[str], ...]:
    from spacy.lang.en import STOP_WORDS

    from rapport.privacy.engine import (
        common_words,
        everyday_words,
        first_names,
        place_names,
        surnames,
    )

    stop = frozenset(STOP_WORDS)
    names = first_names()
    everyday = everyday_words()
    # first names that may stand after a cue though they are English words ("beth", "gary")
    cued = frozenset(
        n.lower() for n in names if n.lower() not in stop and n.lower() not in everyday
    )
    # ... and, after "my wife" or "my son", also names that are words ("grace", "bill")
    related = cued | frozenset(n.lower() for n in WORDLIKE_FIRST_NAMES if n.lower() not in stop)
    family = frozenset(s.lower() for s in surnames() if s.lower() not in everyday) - stop
    places = place_names()
    return names, places, common_words(), stop, everyday, cued, related, family, names | places


@functools.cache
def big_cities() -> frozenset[str]:
    """Cities of 100,000 people or more, first names among them ("Orlando", "Houston"), but
    no everyday word, state or country: said after "in" or "from" they are a place or a
    person, and either is removed."""
    from rapport.privacy.engine import everyday_words, large_cities, states_and_countries

    everyday, regions = everyday_words(), states_and_countries()
    return frozenset(
        c["name"]
        for c in large_cities()
        if c["population"] >= 100_000
        and " " not in c["name"]
        and c["name"].lower() not in everyday
        and c["name"].lower() not in regions
        and c["name"] not in NOT_NAMES
        and c["name"].lower() not in _CITIES_THAT_ARE_NOUNS
        and len(c["name"]) >= 4
    )


#: Cities whose names are everyday nouns too: "in tours", "to delta", "in paradise".
_CITIES_THAT_ARE_NOUNS = wordset(
    """
    archway bade bata bender bimbo bole brits carrefour centurion commonwealth cypress delta
    enterprise hub lander mango mantilla mascara metro nada naga paradise pest saga saki sari
    serra simmering tours warder zama lira moro vista independence
    """
)


#: Where a town is said: "at biscayne cancer institute in miami", "from orlando".
_PLACE_PREPOSITION = re.compile(r"\b(?:in|from|to|toward|towards|near|outside)\s+$")


def _capitalise(chars: list[str], word: re.Match[str]) -> None:
    chars[word.start()] = chars[word.start()].upper()


def truecase(text: str, known: frozenset[str] = frozenset()) -> str:
    """``text`` with the words that are names or places capitalised: a word is capitalised
    when it is in ``known`` (lowercase), or is a first name or a city and not an everyday
    English word, or a name after a cue ("my wife beth", "dr okafor"), or a facility's or a
    street's name before its facility or street word ("heller pavilion", "1907 oakview
    drive", "on manchester road"), or a chain ("schnucks")."""
    names, places, common, stop, everyday, cued, related, family, proper = _lexicons()
    chars = list(text)
    words = list(_WORDS.finditer(text))
    capitalised: set[int] = set()

    def up(*found: re.Match[str]) -> None:
        for w in found:
            _capitalise(chars, w)
            capitalised.add(w.start())

    for i, word in enumerate(words):
        token = word.group()
        before = text[max(0, word.start() - 40) : word.start()]
        following = words[i + 1] if i + 1 < len(words) else None
        after = following.group() if following is not None else ""
        base = re.sub(r"['’]s$", "", token)  # "keisha's number"
        btitle = base[:1].upper() + base[1:]
        previous = words[i - 1] if i > 0 else None
        if token in known or (
            base not in common and (btitle in names or (btitle in places and not inflected(base)))
        ):  # a town, not a verb's form: "that goes right through", not Goes
            up(word)
        elif btitle in places and not inflected(base) and _TRAVEL_BEFORE.search(before):
            up(word)  # a town that is also in the dictionary, where one goes: "drive to asheville"
        elif (
            (btitle in big_cities() or btitle in places)
            and not inflected(base)
            and _PLACE_PREPOSITION.search(before)
        ):
            # a city, or a person, where a place is said: "my daughter from orlando", a town
            # that the dictionary knows as one ("cancer center in lewiston")
            up(word)
        elif (
            previous is not None
            and previous.start() in capitalised
            and text[previous.end() : word.start()] == " "
            and previous.group()[:1].upper() + previous.group()[1:] in names
            and _NAME_CUE.search(text[max(0, previous.start() - 40) : previous.start()])
            # a word too where the turn or the question ends: "am i speaking with loretta dial"
            and (base not in common or (not text[word.end() :].strip(" ?") and token not in stop))
            and base.isalpha()  # not "how're"
            and base not in _FILLERS
            and not inflected(base)
        ):
            up(word)  # a surname after a name said after a cue: "this is odette guidry"
        elif (
            token in ("will", "may")
            and _RELATION_CUE.search(before)
            and after in _SUBJECT_AFTER_MODAL_NAME
        ):
            up(word)  # "our pharmacist will he'll go over it": a name, though a modal verb
        elif token not in stop and _cued_name(token, before, after, cued, related, family, common):
            up(word)
            cue = _TITLE_CUE.search(before)
            if cue:  # "Dr Okafor", so that the title patterns see it
                start = word.start() - len(before) + cue.start("title")
                chars[start] = chars[start].upper()
        elif (
            token not in stop
            and (token in related or btitle in names)
            and (
                # "this is earl, hold on", "yeah this is ray": a name though a word
                (
                    _SAID_NAME_CUE.search(before)
                    and (not text[word.end() :].strip() or text[word.end() : word.end() + 1] == ",")
                )
                # "hi ray i'm gonna be your nurse"
                or (_GREETING_CUE.search(before) and after in _CLAUSE_STARTS)
            )
        ):
            up(word)
        else:
            for width in (3, 2):
                group = words[i : i + width]
                if len(group) < width or any(
                    text[a.end() : b.start()] != " " for a, b in itertools.pairwise(group)
                ):
                    continue
                phrase = " ".join(w.group()[:1].upper() + w.group()[1:] for w in group)
                if phrase in places:
                    up(*group)
                    break
        if (
            following is not None
            and (
                (token == "saint" and after not in stop)  # not "the patron saint of"
                or (
                    token == "st"
                    and after not in stop
                    and (after not in common or after[:1].upper() + after[1:] in names)
                )
            )
        ):
            up(word, following)  # "saint luke's", "st louis children's"
        senior = previous is not None and previous.group() in ("senior", "assisted")
        # "medical" ends a name where no noun follows it: "glenn county medical in willows"
        medical = token == "medical" and (following is None or after in _AFTER_A_NAME)
        if token in FACILITY_HEADS or (token == "living" and senior) or medical:
            # "heller pavilion", "arrowhead senior living"
            facility = _facility_name(text, words, i, (common, stop, proper))
            up(*facility)
            _town_after(facility, words, i, stop, everyday, up)
        if token in STREET_HEADS:
            street = _street_name(text, words, i, stop, everyday)
            up(*street)
            _town_after(street, words, i, stop, everyday, up)
        if token == "children's" and i > 0 and words[i - 1].start() in capitalised:
            up(word)  # "st louis children's", "kansas city children's"
        elif (
            token == "children's"
            and previous is not None
            and previous.group() not in stop
            and re.search(
                r"\b(?:at|to|from)\s+$", text[max(0, previous.start() - 6) : previous.start()]
            )
            and (following is None or after in _AFTER_A_NAME)
        ):
            up(previous, word)  # "the sarcoma study at cascade children's"
        elif (
            token == "children's"
            and i > 1
            and not {words[i - 2].group(), words[i - 1].group()} & stop
            and re.search(
                r"\b(?:at|to|from)\s+$",
                text[max(0, words[i - 2].start() - 6) : words[i - 2].start()],
            )
            and (following is None or after in _AFTER_A_NAME)
        ):
            up(words[i - 2], words[i - 1], word)  # "the transplant team at twin lakes children's"
        elif (
            token == "children's"
            and following is not None
            and re.search(r"\b(?:at|to|from|with|of)\s+$", before)
            and after not in stop
            and after not in everyday
            and after not in _MEDICINES
        ):
            up(word, following)  # "we go to children's mercy"
    for school in _COUNTY_SCHOOL.finditer(text):
        if school.group("name") not in stop:
            for w in _WORDS.finditer(text, school.start(), school.end()):
                _capitalise(chars, w)
    for building in _COMPASS_BUILDING.finditer(text):
        for w in _WORDS.finditer(text, building.start(), building.end()):
            _capitalise(chars, w)
    for chain in _CHAINS_LOWER.finditer(text):
        cased = _CHAINS_BY_LOWER[_chain_key(chain.group())]
        said = chain.group()
        if len(cased) == len(said):  # the same letters, only their case changes
            chars[chain.start() : chain.end()] = "".join(
                s if s in " -" else c for c, s in zip(cased, said, strict=True)
            )
    return "".join(chars)


def _town_after(
    named: list[re.Match[str]],
    words: list[re.Match[str]],
    head: int,
    stop: frozenset[str],
    everyday: frozenset[str],
    up: Callable[..., None],
) -> None:
    """The town after a street or a facility that was named: "big cove road in cherokee",
    "glenn county medical in willows"."""
    town = words[head + 2] if named and head + 2 < len(words) else None
    if (
        town is not None
        and words[head + 1].group() == "in"
        and town.group() not in stop
        and town.group() not in everyday
    ):
        up(town)


def _cued_name(
    token: str,
    before: str,
    after: str,
    cued: frozenset[str],
    related: frozenset[str],
    family: frozenset[str],
    common: frozenset[str],
) -> bool:
    """A name said after a cue in a lowercase transcript: after "my wife" any first name,
    even one that is a word ("grace"), unless a verb follows ("my son will be"); after "this
    is", "ask" or "attention" a first name that is not an everyday verb or adjective; after
    a title ("dr", "nurse") a first name, a surname or a word that is not English."""
    title = _TITLE_CUE.search(before)
    if title:
        if (
            title.group("title") in ("mr", "mrs", "mister", "missus", "dr")
            and token.isalpha()
            and token not in _FILLERS
            and token not in _NOT_AFTER_TITLE
        ):
            # "mr", "mrs" and the written "dr" are never nouns: "mr dial", "dr stone"
            return True
        # "dr okafor", "nurse kim"; not "the nurse told you", "my doctor kinda"
        return (
            token in cued
            or token in family
            or (token not in common and token not in _FILLERS and not inflected(token))
            # a title with no article is a title: "with doctor obi", though "obi" is a word
            or (
                not _DETERMINED_TITLE.search(before)
                and len(token) >= 3
                and token not in _lexicons()[4]  # everyday verbs, adjectives and adverbs
                and token not in _FILLERS
                and token not in _NOT_AFTER_TITLE
                and not inflected(token)
            )
        )
    if _RELATION_CUE.search(before):
        # a word in no dictionary after "his brother" is a name too ("his brother dre")
        unknown = len(token) >= 3 and token not in common and token not in _FILLERS
        unknown = unknown and not inflected(token)
        return token in cued or unknown or (token in related and after not in _VERB_FOLLOWERS)
    if _NAME_CUE.search(before):
        return token in cued
    return False


def _facility_name(
    text: str,
    words: list[re.Match[str]],
    head: int,
    lexicons: tuple[frozenset[str], frozenset[str], frozenset[str]],
) -> list[re.Match[str]]:
    """The name before a facility word at ``words[head]``, with the words between: a word
    that is not everyday English (or was capitalised as a name or a place), then up to two
    words such as "medical" or "middle"
    ("heller pavilion", "truman medical center", "harmon middle school")."""
    common, stop, proper = lexicons
    everyday = _lexicons()[4]
    j = head - 1
    while j >= 0 and head - j <= 2 and words[j].group() in _FACILITY_QUALIFIERS:
        j -= 1
    if j < 0 or words[j].group() in _FACILITY_QUALIFIERS:
        return []
    name = re.sub(r"['’]s$", "", words[j].group())  # "mom's clinic" is no name
    if name in stop or (inflected(name) and name.endswith(("ed", "ing"))):
        return []  # "when she started school", but "cvs pharmacy"
    # a noun alone before "inn" or "motel" after "the" names one too: "the fireside inn"
    lodging = words[head].group() in _LODGING or (
        words[head].group() == "house" and words[head - 1].group() == "guest"
    )
    qualified = (head - j > 1 or lodging) and words[j - 1].group() == "the" if j > 0 else False
    if (
        (lodging or head - j > 1)
        and not qualified
        and j > 1
        and words[j - 2].group() == "the"
        and words[j - 1].group() not in stop
        and name not in stop
    ):
        # two words between "the" and it: "the dismal river lodge", "the pleasant point
        # health center"
        j, qualified = j - 1, True
    if name in common and name[:1].upper() + name[1:] not in proper:
        # a name or a place may be a word too ("truman medical center"); everyday words
        # right after "at" with no article are one too ("at crescent city cancer institute"),
        # and so is a noun after "the" with a word such as "cancer" or "regional" between it
        # and the facility word ("the henson cancer institute", "the peninsula regional
        # campus"): nobody says "the pain regional campus"
        start = _named_after_preposition(words, j, stop)
        if start is None and not (
            qualified
            and name not in everyday
            and name not in _CLINICAL_NOUNS
            and not inflected(name)
        ):
            return []
        j = start if start is not None else j
    if (
        j >= 2
        and words[j - 2].group() in _PLACE_PREPOSITIONS
        and (
            (words[j - 1].group() not in stop and words[j - 1].group() not in common)
            or _COUNT.fullmatch(words[j - 1].group())
        )
    ):
        j -= 1  # two words of a name: "at ebenezer kosciuszko church", "at four rivers ..."
    if j > 0 and _COMPASS_WORD.fullmatch(words[j - 1].group()):
        j -= 1  # "the west plains clinic", "north shore hospital"
    group = words[j : head + 1]
    if any(text[a.end() : b.start()] != " " for a, b in itertools.pairwise(group)):
        return []
    return group


_PLACE_PREPOSITIONS = wordset("at from to with of")
_COUNT = re.compile(r"two|three|four|five|six|seven|eight|nine|ten|twelve")
#: Words that follow a place's name rather than a noun it describes: "at cascade children's
#: over in everett".
_AFTER_A_NAME = wordset(
    "in and or on at so but is was for then with to where over up down out near um uh"
)
_LODGING = wordset("inn motel lodge suites")
_POSSESSIVE = re.compile(r"['’]s?$")


def _named_after_preposition(
    words: list[re.Match[str]], j: int, stop: frozenset[str]
) -> int | None:
    """Where a facility's name starts when one or two words that are not stop words follow
    "at", "from", "to", "with" or "of" directly: no article, so a name."""
    for start in (j, j - 1):
        named = words[start : j + 1]
        if start < 1 or any(
            (
                w.group() in stop
                and not (w is named[0] and len(named) == 2 and _COUNT.fullmatch(w.group()))
            )
            or _POSSESSIVE.search(w.group())
            for w in named
        ):
            return None  # "at mom's clinic", but "at four rivers cancer center"
        if words[start - 1].group() in _PLACE_PREPOSITIONS:
            return start
    return None


def _street_name(
    text: str,
    words: list[re.Match[str]],
    head: int,
    stop: frozenset[str],
    everyday: frozenset[str],
) -> list[re.Match[str]]:
    """The words of a street's name before its street word at ``words[head]``, with the
    street word: after a house number ("1907 oakview drive") up to three words that are not
    stop words; after "on", "off", "down" ... one or two words that are not everyday words
    ("on manchester road", not "down memory lane" or "on the dirt road")."""
    name: list[re.Match[str]] = []
    for j in range(head - 1, max(-1, head - 4), -1):
        word = words[j]
        gap = text[word.end() : words[j + 1].start()]
        if gap != " " or word.group() in stop or word.group() in _NOT_STREET_NAMES:
            break
        name.insert(0, word)
    while name:
        start = name[0].start()
        if re.search(r"\b\d{1,6}\s+$", text[max(0, start - 8) : start]):
            return [*name, words[head]]  # a house number
        if (
            len(name) <= 2
            and _BEFORE_STREET.search(text[max(0, start - 8) : start])
            and not any(
                w.group() in everyday or w.group() in _GENERIC_STREET_WORDS or inflected(w.group())
                for w in name
                if not _COMPASS_WORD.fullmatch(w.group())  # "on east sunshine street"
            )
        ):
            return [*name, words[head]]
        name.pop(0)
    return []
