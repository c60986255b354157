"""Places named in ways no facility word marks (rounds 17 and 18): a hospital after its
unit ("the cancer center at mission"), a business named after a person in a lowercase turn
("he's at the irving on the main road"), an everyday word capitalised after "at the" ("the
front desk at the Sanderling") and a church by its denomination ("at First African
Baptist")."""

from __future__ import annotations

import re
from collections.abc import Callable

from rapport.privacy.categories import Category
from rapport.privacy.engine import inflected, rule_lexicons, states_and_countries
from rapport.privacy.findings import Finding, rule_finding
from rapport.privacy.lexicon import FACILITY_GENERIC, wordset
from rapport.privacy.neighbours import DAY_WORDS as _CALENDAR
from rapport.privacy.not_phi import demonyms
from rapport.privacy.towns import unworded_towns
from rapport.privacy.vocabulary import CLINICAL_ACRONYMS, KIN, NUMBER_WORD
from rapport.privacy.wordlists import NOT_NAMES

#: A hospital's unit named with the hospital after it: "the cancer center at mission",
#: "the infusion clinic at Mercy".
_UNIT_AT = re.compile(
    r"(?i:\b(?:cancer|infusion|oncology|children's|heart|medical|treatment|radiation|imaging|"
    r"transplant|breast)\s+(?:center|centre|clinic|institute|unit|program)\s+(?:at|of)\s+)"
    # with the word that qualifies it: "the cancer center at princeton community"
    r"(?P<phi>[A-Za-z][\w'’-]+(?i:\s+(?:community|regional|memorial|general|methodist|baptist|"
    r"presbyterian|lutheran|adventist)\b)?)"
)
#: A carer "at" a place of one or two words "in" a town, in a lowercase turn: "one of the
#: nurse navigators at norris cotton down in lebanon".
_CARER_AT_PLACE_IN_TOWN = re.compile(
    r"\b(?:navigators?|nurses?|doctors?|oncologists?|workers?|surgeons?|pharmacists?|therapists?|"
    r"chaplains?)\s+at\s+(?P<phi>[a-z]{4,}(?:\s+[a-z]{4,})?)\s+(?:(?:down|up|over|out)\s+)?in\s+"
    r"(?P<town>[a-z]{4,})\b"
)
_NOT_TOWNS = wordset("person case rush back charge front general private public")
_NOT_HOSPITALS = wordset(
    "night noon midnight home work school lunch dinner breakfast nine eight seven ten eleven "
    "twelve one two three four five six"
)


#: A hospital known by one word, with its town after it: "the program at mercy in
#: Springfield" (the town capitalised by the truecaser or as written).
_HOSPITAL_IN_TOWN = re.compile(
    r"(?:\b(?P<kind>clinic|hospital|center|centre|office|lab|program|unit)\s+)?"
    r"\bat\s+(?P<phi>[a-z]{4,})\s+in\s+(?:[A-Z][a-z]+|(?P<town>[a-z]{4,})\b)"
)


#: A person's name after "the", in a turn written all in lowercase: a business named after
#: someone ("he's at the irving on the main road", "at the fred meyer in gresham").
_THE_PERSON = re.compile(r"\b(?:at|to|from|by|near|past)\s+the\s+(?P<phi>[a-z]{3,})\b")


#: An everyday word capitalised after "at the" mid-sentence: a place's name ("the front
#: desk at the Sanderling", "she works at the Target").
_CAPITALISED_AFTER_THE = re.compile(
    r"(?<=[a-z,] )(?:at|to|from|by|near)\s+the\s+(?P<phi>[A-Z][a-z]+)\b(?!\s+[A-Z])"
)


#: A place by its name and "'s" after "at", "to" or "from" in a cased turn: "radiation
#: starts in April at Queen's".
_POSSESSIVE_PLACE = re.compile(
    r"(?<=[a-z,] )(?:at|to|from)\s+(?P<phi>(?P<name>[A-Z][a-z]+)['’]s)(?![\w'’])(?!\s+[A-Z])"
)


def places_capitalised_after_the(original: str) -> list[Finding]:
    """Everyday words a cased turn capitalises after "at the": a place's name, unless it is
    a facility's generic word, a month, a title or a kinship word; and a name with "'s"
    after "at" ("at Queen's", not "at Mom's")."""
    _names, common, _everyday, stop, _places, _family = rule_lexicons()
    found: list[Finding] = []
    for match in _CAPITALISED_AFTER_THE.finditer(original):
        word = match.group("phi")
        lower = word.lower()
        if (
            (lower in common or inflected(lower))  # "married at the Boulders"
            and lower not in stop
            and lower not in FACILITY_GENERIC
            and lower not in _CALENDAR
            and word not in NOT_NAMES
            and not KIN.fullmatch(word)
            and lower not in states_and_countries()
            and lower not in demonyms()  # "by the Burmese stores"
        ):
            found.append(rule_finding(*match.span("phi"), Category.FACILITY, "capitalised_place"))
    for match in _POSSESSIVE_PLACE.finditer(original):
        name = match["name"]
        if name.lower() not in stop and name not in NOT_NAMES and not KIN.fullmatch(name):
            found.append(rule_finding(*match.span("phi"), Category.FACILITY, "capitalised_place"))
    return found


def businesses_named_for_people(original: str) -> list[Finding]:
    """A given name after "at the" in a lowercase turn, unless it is an everyday word ("at
    the grant", "by the will")."""
    if any(ch.isupper() for ch in original):
        return []
    names, _common, everyday, stop, _places, _family = rule_lexicons()
    return [
        rule_finding(*match.span("phi"), Category.FACILITY, "named_for_person")
        for match in _THE_PERSON.finditer(original)
        if match.group("phi").title() in names
        and match.group("phi") not in everyday
        and match.group("phi") not in stop
        and not KIN.fullmatch(match.group("phi"))
    ]


#: A church named by its denomination, after "at", "to" or "from": "at First African
#: Baptist", "from Bethel AME".
_DENOMINATION_CHURCH = re.compile(
    r"\b(?:at|to|from|of)\s+(?:the\s+)?(?P<phi>(?:[A-Z][\w'’.-]*\s+){1,3}(?:Baptist|Methodist|"
    r"Lutheran|Presbyterian|Episcopal|Pentecostal|AME|A\.M\.E\.|Apostolic|Adventist|Mennonite|Nazarene|"
    r"Evangelical|Reformed|Orthodox|Congregational|Tabernacle|Assembly\s+of\s+God))\b"
)


#: A hospital known by its denomination alone, where one works or is taken: "i do
#: registration over at baptist", "they moved him to Methodist".
_DENOMINATION_HOSPITAL = re.compile(
    r"\b(?:at|to|from)\s+(?P<phi>(?i:baptist|methodist|presbyterian|adventist))\b"
    r"(?!\s+(?i:church|churches|faith|family|families|minister|pastor|preacher|school|college|"
    r"university|way|ways|beliefs?|services?|hymns?|congregations?|people|folks)\b)"
)


#: The same in a lowercase turn: "pray at utqiagvik presbyterian", "at first baptist".
_DENOMINATION_CHURCH_LOWER = re.compile(
    r"\b(?:at|to|from|of)\s+(?:the\s+)?(?P<phi>(?:[a-z][\w'’.-]*\s+){1,3}(?:baptist|methodist|"
    r"lutheran|presbyterian|episcopal|pentecostal|ame|apostolic|adventist|mennonite|nazarene|"
    r"evangelical|congregational|tabernacle)(?:\s+church)?)\b"
)


_CHURCH_ORDINALS = frozenset(["first", "second", "third", "fourth"])


def denomination_churches(text: str, original: str = "") -> list[Finding]:
    """A church named by its denomination ("at First African Baptist"), and a hospital by
    its denomination alone ("over at baptist")."""
    stop = rule_lexicons()[3]
    lowercase = original and not any(ch.isupper() for ch in original)
    found = [
        rule_finding(*match.span("phi"), Category.FACILITY, "denomination")
        for match in (_DENOMINATION_CHURCH_LOWER.finditer(original) if lowercase else ())
        # churches are numbered in the order they were founded: "first baptist"
        if not any(w in stop - _CHURCH_ORDINALS for w in match.group("phi").split()[:-1])
    ]
    found += [
        rule_finding(*match.span("phi"), Category.FACILITY, "denomination")
        for match in _DENOMINATION_CHURCH.finditer(text)
        if match.group("phi").split()[0] not in ("The", "A", "An", "Our", "My", "His", "Her")
    ]
    found.extend(
        rule_finding(*match.span("phi"), Category.FACILITY, "denomination")
        for match in _DENOMINATION_HOSPITAL.finditer(text)
    )
    return found


def units_at_hospitals(text: str) -> list[Finding]:
    """The hospital a unit belongs to, said after it ("the cancer center at mission")."""
    stop = rule_lexicons()[3]
    found: list[Finding] = []
    for match in _UNIT_AT.finditer(text):
        name = match.group("phi").split()[0].lower()
        if name in stop or name in _NOT_HOSPITALS or name in _CALENDAR:
            continue
        found.append(rule_finding(*match.span("phi"), Category.FACILITY, "unit_at"))
    return found


def hospitals_in_towns(text: str) -> list[Finding]:
    """A hospital said by one word, with its town after it ("at mercy in Springfield"), and
    in a lowercase turn the town too; and a place where a carer works, with its town ("the
    nurse navigators at norris cotton down in lebanon")."""
    from rapport.privacy.engine import everyday_words

    _names, _common, _everyday, stop, _places, surnames = rule_lexicons()
    found: list[Finding] = []
    for match in _HOSPITAL_IN_TOWN.finditer(text):
        name, town = match.group("phi"), match["town"]
        # in lowercase, only a town no word names ("at mack in macungie"), unless a clinic
        # is said to be there: "the black lung clinic at stevens in welch"
        said_to_be_a_clinic = (
            match["kind"] is not None
            and town not in stop
            and town not in _CALENDAR
            and town not in _NOT_TOWNS
            and (town not in everyday_words() or str(town).title() in surnames)
        )
        if town and town not in unworded_towns() and not said_to_be_a_clinic:
            continue
        if (
            name in stop
            or name in _NOT_HOSPITALS
            or name in _CALENDAR
            or name in FACILITY_GENERIC
            or name in everyday_words()
            or name in ("church", "camp", "practice", "rehab", "war", "sea")
        ):
            continue
        found.append(rule_finding(*match.span("phi"), Category.FACILITY, "hospital_in_town"))
        if town:
            found.append(rule_finding(*match.span("town"), Category.ADDRESS, "hospital_in_town"))
    for match in _CARER_AT_PLACE_IN_TOWN.finditer(text):
        words, town = match["phi"].split(), match["town"]
        place_named = not any(
            w in stop or w in FACILITY_GENERIC or w in _CALENDAR or w in _NOT_HOSPITALS
            for w in words
        ) and not all(w in everyday_words() for w in words)
        town_named = town not in stop and town not in _CALENDAR and town not in _NOT_TOWNS
        if place_named and town_named:
            found.append(rule_finding(*match.span("phi"), Category.FACILITY, "hospital_in_town"))
            found.append(rule_finding(*match.span("town"), Category.ADDRESS, "hospital_in_town"))
    return found


#: A school known by its team's game, in a lowercase turn: "cheering at the shead game".
_SCHOOL_GAME = re.compile(
    r"\b(?:at|to|for|from)\s+the\s+(?P<phi>[a-z]{3,})\s+(?:game|games|match|meet|tournament)\b"
)
#: A fraternal or ethnic society's hall: "the knights of lithuania hall", "sons of norway
#: lodge".
_SOCIETY_HALL = re.compile(
    r"\b(?P<phi>(?:knights|sons|daughters|ladies|order|friends|brotherhood|sisterhood)\s+of\s+"
    r"(?:the\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:hall|lodge|club|home|post))\b"
)
#: A shop or a bar by its owner's name: "a sandwich from boyer's", "over at kowalski's".
_OWNERS_PLACE = re.compile(
    r"\b(?:from|at|to)\s+(?P<phi>(?P<owner>[a-z]{3,})['’]s"
    # with what it sells: "at leland's seafood"
    r"(?:\s+(?:seafood|restaurant|diner|grill|tavern|bakery|deli|market|store|hardware|garage|"
    r"pizza|bbq|barbecue|crab\s+house|steakhouse|cafe|bar))?)(?![\w'’])"
)
#: A business by two words joined with "n", or by two initials: "the pick n save", "from o
#: and h".
_JOINED_NAME = re.compile(r"\b(?P<phi>[a-z]{3,}\s+n\s+[a-z]{3,})\b")
_TWO_INITIALS = re.compile(r"\b(?:from|at|to)\s+(?P<phi>[a-z]\s+and\s+[a-z])\b")
#: A home health or hospice agency by its name: "with peninsula home health".
_CARE_AGENCY = re.compile(
    r"\b(?:with|from|at|through|by)\s+(?P<phi>[a-z]{3,}(?:\s+[a-z]{3,})?\s+"
    r"(?:home\s+health|home\s+care|home\s+infusion|hospice))\b"
)
#: A people's society by its nationality: "at the danish brotherhood", "the polish club".
_NATION_SOCIETY = re.compile(
    r"\bthe\s+(?P<phi>[a-z]+(?:ish|ian|ese|ic)\s+(?:brotherhood|sisterhood|society|club|hall|"
    r"home|lodge))\b"
)
#: A town named with "la": "from la push", "in la crosse".
_LA_TOWN = re.compile(r"\b(?:from|in|to|near|outside)\s+(?P<phi>la\s+[a-z]{3,})\b")
#: A Hutterite colony or a settlement by its name: "over at willow bend colony".
_COLONY = re.compile(r"\b(?:at|to|from|in|on)\s+(?P<phi>[a-z]{3,}(?:\s+[a-z]{3,})?\s+colony)\b")
#: A hospital by its initials and a name: "at a i dupont", "from m d anderson".
_INITIALED_PLACE = re.compile(r"\b(?:at|to|from)\s+(?P<phi>(?:[a-z]\s+){2,3}(?P<name>[a-z]{3,}))\b")
#: A church or a parish by its saint, in Spanish, Italian or Portuguese: "by san rocco".
_SAINTS_PLACE = re.compile(
    r"\b(?:by|at|to|from|near)\s+(?:the\s+)?(?P<phi>(?:san|santa|santo|são|sao)\s+(?P<saint>[a-z]{3,}))\b"
)

#: A federal bureau by what it does: "for the bureau of reclamation", "bureau of land
#: management".
_BUREAU = re.compile(
    r"\b(?P<phi>bureau\s+of\s+(?!the\b|a\b)[a-z]{4,}(?:\s+(?:affairs|management|statistics|"
    r"investigation|prisons|services|safety|health))?)\b"
)
#: A house where families stay near a treatment centre, by its name: "at the evergreen
#: family house".
_FAMILY_HOUSE = re.compile(r"\bthe\s+(?P<phi>(?P<name>[a-z]{3,})\s+family\s+house)\b")
#: A place by two to four words and the kind of body it is: "at new hope baptist
#: fellowship", "the burnt pines co-op", "the harbor women's fund".
_NAMED_BODY = re.compile(
    r"\b(?:at|to|from|the|with|through|for|de|del)\s+"
    r"(?P<phi>(?P<name>(?!(?:the|a|an|our|my|your|la|el|los|las)\b)[a-z'’]+(?:\s+[a-z'’]+){1,3})\s+"
    r"(?:fellowship|tabernacle|maternity|commons|co-op|coop|cooperative|fund|foundation|"
    # a shop: "at al noor bakery"
    r"bakery|deli|grocery|market|restaurant|cafe|diner|taqueria|pizzeria|salon|barbershop|"
    # an employer or a service: "the packing house of sunny acres growers", "the rides are
    # through bayside medical transport", "the refill comes from pine state specialty"
    r"growers|packers|packing|produce|transport|transportation|specialty|pharmacy))\b"
)
#: A clinic by the two or three words of its name after "the": "or the pleasant point health
#: center".
_NAMED_CLINIC = re.compile(
    r"\bthe\s+(?P<phi>(?P<name>[a-z'’]+(?:\s+[a-z'’]+){1,2})\s+(?:health|medical|community)\s+"
    r"(?:center|centre|clinic))\b"
)
_CLINICAL_WORDS = wordset(
    "outpatient inpatient infusion oncology pediatric breast lung cancer main new old same big "
    "little other whole"
)
#: A church named for Our Lady in Spanish: "la hacemos en nuestra señora de guadalupe".
_OUR_LADY = re.compile(
    r"\b(?:en|a|de|at|to|from)\s+(?P<phi>nuestra\s+se[ñn]ora\s+(?:de(?:l|\s+la|\s+los)?\s+)?"
    r"[a-zá-úñ]{3,})\b"
)
#: A trade's business by its owner's name: "my brother has the shop fehr welding".
_OWNERS_TRADE = re.compile(
    r"\b(?P<phi>(?P<owner>[a-z]{3,})(?:\s+(?:and|&)\s+sons?)?\s+(?:welding|plumbing|roofing|"
    r"towing|excavating|excavation|trucking|construction|electric|auto\s+body|body\s+shop|"
    r"repair|lumber|hardware|implement|machine\s+shop))\b"
)
#: An employer by its place and its industry: "he's down at newport news shipbuilding".
_PLACE_INDUSTRY = re.compile(
    r"\b(?:at|for|from|with)\s+(?P<phi>(?P<name>[a-z]{3,}(?:\s+[a-z]{3,})?)\s+(?:shipbuilding|"
    r"shipyard|shipyards|steel|mills|paper|poultry|textiles|manufacturing|ironworks|refinery))\b"
)
_MATERIALS = wordset("carbon stainless galvanized sheet structural tool alloy scrap raw recycled")
#: A college or a medical-supply business by its name: "it was still suomi college", "the
#: supply place says northland medical".
_NAMED_COLLEGE = re.compile(
    r"\b(?P<phi>(?P<name>[a-z]{4,})\s+(?:college|university|academy|medical))\b"
    r"(?!\s+(?:school|students?|center|centre|records?|team|bills?|history|care|leave|degree|"
    r"doctors?|staff|supply|supplies|equipment|field|questions?|reasons?|insurance|terms?))"
)
_NOT_A_COLLEGE = wordset(
    "community junior state technical local medical nursing dental art arts business law bible "
    "private public online tribal first last next whole same other new old"
)
#: Where someone teaches or works, by one word: "she teaches at jeffers".
_WORKS_AT = re.compile(
    r"\b(?:teaches|taught|teaching|works|worked|working|coaches|coached)\s+at\s+(?P<phi>[a-z]{4,})\b"
)
#: Where someone was for years, in a lowercase turn: "he was at emerson thirty one years".
_YEARS_AT = re.compile(
    r"\b(?:was|were|been|worked|stayed)\s+at\s+(?P<phi>[a-z]{4,})\s+(?:for\s+)?"
    rf"{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD})?\s+years\b"
)
#: A drugstore by its name: "the pharmacy we have on file is callao drug".
_NAMED_DRUGSTORE = re.compile(
    r"\b(?:at|from|to|is|called)\s+(?P<phi>(?P<name>[a-z]{3,})\s+(?:drug|drugs|drug\s+store|"
    r"drugstore|apothecary))\b"
)
#: A school by its name and level after "from", "at" or "to": "graduates from martin high".
_SCHOOL_LEVEL = re.compile(
    r"\b(?:from|at|to)\s+(?P<phi>(?P<name>[a-z]{3,})\s+(?:high|middle|elementary))\b"
    r"(?!\s+(?:school\s+)?(?:blood|fever|risk|dose|doses|count|counts|pressure|sugar|levels?|"
    r"grade|chair|temp|temperature))"
)
#: A college by three initials said apart after "to", "at" or "from": "going to u t a".
_THREE_INITIALS = re.compile(r"\b(?:to|at|from)\s+(?P<phi>[a-z]\s[a-z]\s[a-z])\b(?!\s[a-z]\b)")
#: A company said by "u s" and its trade: "twenty eight years for u s steel".
_US_COMPANY = re.compile(
    r"\b(?P<phi>u\s+s\s+(?:steel|bank|cellular|foods|gypsum|silica|airways|borax|sugar))\b"
)
#: A clinic or an agency by two or three words and "health", after what one goes through:
#: "a van through tug river health"; not "through public health" or "with his health
#: insurance".
_NAMED_HEALTH = re.compile(
    r"\b(?:through|with|from)\s+(?P<phi>(?P<name>[a-z'’]+(?:\s+[a-z'’]+){1,2})\s+health)\b"
    r"(?!\s+(?:insurance|plan|care|problems?|issues?|department|dept|workers?|nurses?|coverage|"
    r"benefits|records?|history|questions?|concerns?|reasons?|stuff|things?|wise|and|or))"
)
_HEALTH_KINDS = wordset(
    "public mental behavioral behavioural community home women's men's family primary "
    "occupational environmental global oral dental sexual reproductive physical emotional "
    "spiritual overall general good bad poor better worse own child children's kids pediatric "
    "adolescent teen senior rural county state tribal veterans school student employee his her "
    "their your my our whole"
)
_NOT_A_HOUSE_NAME = wordset("old big little small whole new same main empty original own other")


def places_in_lowercase_turns(original: str) -> list[Finding]:
    """In a lowercase turn: a school said by a word in no dictionary before its game ("at the
    shead game", not "the homecoming game"); a society's hall ("the knights of lithuania
    hall"); a place by its owner's surname ("from boyer's", not "from mom's"); a hospital by
    its initials and a name ("at a i dupont"); a church by its saint ("by san rocco"); a
    colony by its name ("at willow bend colony"); a business named "X n Y" or by two
    initials ("the pick n save", "from o and h"); a care agency ("with peninsula home
    health"); a nation's society ("the danish brotherhood"); a town with "la" ("from la
    push"); a federal bureau ("the bureau of reclamation"); a family house by its name ("the
    evergreen family house"); a fellowship, co-op, fund or maternity hospital by two words
    or more ("the burnt pines co-op"); a company by "u s" and its trade ("u s steel"); a
    clinic by its name and "health" ("through tug river health"); a drugstore by its name
    ("callao drug"); an employer by its place and industry ("newport news shipbuilding"); a
    college or a medical-supply business by its name ("suomi college", "northland medical");
    where someone teaches or works, by a surname or a word in no dictionary ("she teaches at
    jeffers")."""
    if any(ch.isupper() for ch in original):
        return []
    names, common, everyday, stop, _places, surnames = rule_lexicons()

    def unworded(word: str) -> bool:
        return word not in common and word not in stop and not inflected(word)

    def named_word(word: str, *kept: frozenset[str]) -> bool:
        """A word that may be a place's name: no stop word, everyday word or facility word,
        nor in any of the ``kept`` lists."""
        lists = (stop, everyday, FACILITY_GENERIC, *kept)
        return not any(word in words for words in lists)

    def owner(match: re.Match[str]) -> bool:
        said = match["owner"]
        named = said.title() in surnames or said.title() in names
        return named and unworded(said) and not KIN.fullmatch(said)

    def workplace(match: re.Match[str]) -> bool:
        said = match["phi"]
        named = said.title() in surnames or unworded(said)
        return named_word(said, _NOT_HOSPITALS, _CALENDAR) and named

    rules: tuple[tuple[re.Pattern[str], Category, str, Callable[[re.Match[str]], bool]], ...] = (
        (_SCHOOL_GAME, Category.FACILITY, "school_game", lambda m: unworded(m["phi"])),
        (_SOCIETY_HALL, Category.FACILITY, "society_hall", lambda m: True),
        (_OWNERS_PLACE, Category.FACILITY, "owners_place", owner),
        (
            _INITIALED_PLACE,
            Category.FACILITY,
            "initialed_place",
            lambda m: m["name"].title() in surnames or unworded(m["name"]),
        ),
        (_JOINED_NAME, Category.FACILITY, "joined_name", lambda m: True),
        (_TWO_INITIALS, Category.FACILITY, "joined_name", lambda m: True),
        (
            _CARE_AGENCY,
            Category.FACILITY,
            "agency_or_society",
            lambda m: m["phi"].split()[0] not in stop,
        ),
        (
            _NATION_SOCIETY,
            Category.FACILITY,
            "agency_or_society",
            lambda m: m["phi"].split()[0] not in stop,
        ),
        (_LA_TOWN, Category.ADDRESS, "la_town", lambda m: m["phi"].split()[1] not in stop),
        (
            _COLONY,
            Category.ADDRESS,
            "colony",
            lambda m: not any(word in stop for word in m["phi"].split()),
        ),
        (_SAINTS_PLACE, Category.FACILITY, "saints_place", lambda m: m["saint"] not in stop),
        (_BUREAU, Category.FACILITY, "agency_or_society", lambda m: True),
        (
            _SCHOOL_LEVEL,
            Category.FACILITY,
            "school_level",
            lambda m: m["name"] not in stop and m["name"] not in everyday,
        ),
        (
            _THREE_INITIALS,
            Category.FACILITY,
            "joined_name",
            lambda m: m["phi"].replace(" ", "").upper() not in CLINICAL_ACRONYMS,
        ),
        (_OUR_LADY, Category.FACILITY, "saints_place", lambda m: True),
        (
            _NAMED_CLINIC,
            Category.FACILITY,
            "named_clinic",
            lambda m: (
                not any(
                    w in stop or w in FACILITY_GENERIC or w in _CLINICAL_WORDS
                    for w in m["name"].split()
                )
            ),
        ),
        (
            _OWNERS_TRADE,
            Category.FACILITY,
            "owners_place",
            # "fehr welding", "yoder lumber"; not "the auto repair"
            lambda m: (
                unworded(m["owner"])
                or (m["owner"].title() in surnames and m["owner"] not in everyday)
            ),
        ),
        (
            _NAMED_BODY,
            Category.FACILITY,
            "agency_or_society",
            lambda m: not any(word in stop for word in m["name"].split()),
        ),
        (_US_COMPANY, Category.FACILITY, "joined_name", lambda m: True),
        (
            _PLACE_INDUSTRY,
            Category.FACILITY,
            "owners_place",
            lambda m: (
                not any(word in stop for word in m["name"].split())
                and m["name"].split()[0] not in everyday
                and m["name"].split()[0] not in _MATERIALS
            ),
        ),
        (
            _NAMED_COLLEGE,
            Category.FACILITY,
            "school_level",
            lambda m: (
                named_word(m["name"], _NOT_A_COLLEGE, _CLINICAL_WORDS) and not inflected(m["name"])
            ),
        ),
        (_WORKS_AT, Category.FACILITY, "owners_place", workplace),
        (_YEARS_AT, Category.FACILITY, "owners_place", workplace),
        (
            _NAMED_DRUGSTORE,
            Category.FACILITY,
            "owners_place",
            lambda m: (
                unworded(m["name"]) or (m["name"].title() in surnames and m["name"] not in everyday)
            ),
        ),
        (
            _NAMED_HEALTH,
            Category.FACILITY,
            "agency_or_society",
            lambda m: (
                not any(
                    w in stop or w in FACILITY_GENERIC or w in _CLINICAL_WORDS or w in _HEALTH_KINDS
                    for w in m["name"].split()
                )
            ),
        ),
        (
            _FAMILY_HOUSE,
            Category.FACILITY,
            "family_house",
            lambda m: m["name"] not in stop and m["name"] not in _NOT_A_HOUSE_NAME,
        ),
    )
    return [
        rule_finding(*match.span("phi"), category, source)
        for regex, category, source, keep in rules
        for match in regex.finditer(original)
        if keep(match)
    ]
