"""Regular expressions and word lists for PHI in speech; plain data, no presidio.

Each ``ContextPattern`` finds one kind of PHI; the named group ``phi`` (when present) is the
part that is PHI, so "Dr Quarrie" yields "Quarrie" and "my sister Tess" yields "Tess".
Dates have their own module, ``date_patterns``; they come first here, as they always have.
"""

from __future__ import annotations

from rapport.privacy.categories import Category
from rapport.privacy.date_patterns import DATE_PATTERNS
from rapport.privacy.findings import ContextPattern
from rapport.privacy.findings import context_pattern as _p
from rapport.privacy.lexicon import CAPITAL_CHAINS, CHAINS, HOSPITALS
from rapport.privacy.number_patterns import NUMBER_PATTERNS
from rapport.privacy.vocabulary import (
    CHILDRENS_MEDICINES,
    CLINICAL_TITLES,
    FACILITY_WORDS,
    KIN_TITLES,
    KINSHIP,
    NAME,
    NAME_TOKEN,
    NINETIES,
    NUMBER_PAIR,
    NUMBER_WORD,
    OTHER_TITLES,
    PET_WORDS,
    RELATIONS,
    SPOKEN_DIGIT,
    STREET_ABBREVIATIONS,
    STREET_WORDS,
    alternation,
)
from rapport.privacy.wordlists import MEASURED

#: Words that start the next clause after a web address's path: "slash oral chemo the box".
_JOINING = r"(?:the|and|or|it|if|so|for|to|you|i|we|they|she|he|then|but)"

#: The end of an e-mail address said aloud, generic or a country's: "dot com", "dot ca",
#: "dot co dot uk".
_SPOKEN_TOP_DOMAIN = r"(?:com|org|net|edu|gov|ca|uk|au|nz|ie|za|co\s+dot\s+uk|com\s+dot\s+au)"
_PHONE_DIGITS = (
    r"(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}"
    r"|\b0\d{3,4}\s\d{3}\s\d{3,4}"
    r"|\b\d{3}-\d{4}\b"
)
_SPOKEN_DIGIT = rf"(?i:{SPOKEN_DIGIT})"
_ID_VALUE = r"(?=[A-Z0-9 -]*\d)[A-Z0-9](?:[A-Z0-9]|[ -](?=[A-Z0-9])){3,24}"

PATTERNS: tuple[ContextPattern, ...] = (
    *DATE_PATTERNS,
    # ---- ages over 89 ------------------------------------------------------------------
    _p(
        "age_words",
        Category.AGE,
        # A lab value or vital sign said in words is not an age ("platelets ninety-eight").
        r"(?i)"
        + "".join(f"(?<!{word} )" for word in MEASURED)
        # nor the end of a year said in words ("nineteen ninety-six")
        + r"(?<!nineteen )(?<!nineteen-)(?<!day )(?<!day one )"  # nor "day one hundred"
        + r"(?<!thousand )(?<!thousand one )"  # nor a count: "two thousand one hundred"
        + rf"\b(?:{NINETIES}"
        rf"|(?:a\s+|one\s+)?hundred(?:\s+and\s+(?:{SPOKEN_DIGIT}|ten|eleven|twelve|\w+teen))?)(?:th)?\b"
        r"(?=[\s-]+(?:years?|yrs?)(?:[\s-]+old)?|\s*[!.,?]|\s+(?:herself|himself|birthday|now|"
        # "a hundred and two" is an age, "a hundred and fifteen there" a temperature
        rf"this|next|last|and(?!\s+(?:{NUMBER_WORD}|some|change)\b)|in|on|but|when|so)\b)",
        0.6,
    ),
    # after "she's" or "he turned", whatever follows, as lowercase transcripts run on
    _p(
        "age_words_after_verb",
        Category.AGE,
        r"(?i:\b(?:she's|he's|i'm|she\s+is|he\s+is|she\s+was|he\s+was|turned|turns|turning|"
        r"(?:lived|live|living|made\s+it|make\s+it)\s+to|reached|"
        rf"will\s+be|(?:my|his|her|our|their|your|the)\s+(?:great[\s-]+)*{KINSHIP}"
        # with the person's name between: "his great grandpa jakob is ninety six"
        r"(?:\s+[A-Za-z][a-z]+(?<!\bsats)(?<!\boxygen)(?<!\bpressure)(?<!\bpulse)(?<!\bcount))?"
        r"(?:\s+is|\s+was|'s|’s))\s+)"
        rf"(?P<phi>{NINETIES}"
        r"|a\s+hundred(?:\s+and\s+(?:one|two|three|four|five|six|seven|eight|nine|ten))?)\b"
        r"(?!\s*(?:percent|degrees|dollars|pounds|minutes|miles|%|over))",
        0.7,
    ),
    # in Spanish or Portuguese, before the word for years: "noventa y dos años"
    _p(
        "age_words_spanish",
        Category.AGE,
        r"(?i)\b(?:noventa(?:\s+[ye]\s+(?:un[oa]?|um|dos|dois|duas|tr[eê]s|cuatro|quatro|cinco|"
        r"seis|siete|sete|ocho|oito|nueve|nove))?|cien|cem|cento(?:\s+e\s+\w+)?)"
        r"(?=\s+(?:años|anos)\b)",
        0.8,
    ),
    _p(
        "age_digits",
        Category.AGE,
        r"(?i:\b(?:is|she's|he's|i'm|was|turned|turns|turning|age|aged|be)\s+)"
        r"(?P<phi>9\d|1[01]\d)\b(?![./]\d)",
    ),
    _p(
        "age_digits_years",
        Category.AGE,
        r"\b(?:9\d|1[01]\d)(?:(?=[\s-]+(?:years?|yrs?)[\s-]+old)|(?:st|nd|rd|th)(?=\s+birthday)"
        r"|(?=\s+(?:herself|himself)))",
    ),
    # ---- phones, mail, web -------------------------------------------------------------
    _p("phone", Category.PHONE, _PHONE_DIGITS, 0.7),
    *NUMBER_PATTERNS,
    # a toll-free number said "eight hundred five five five ..."
    _p(
        "phone_toll_free",
        Category.PHONE,
        rf"\b(?:(?i:one|1)[\s,-]+)?(?i:eight|8)[\s-](?i:hundred)(?:[\s,-]+{_SPOKEN_DIGIT}){{7}}\b",
        0.7,
    ),
    _p(
        "phone_spoken",
        Category.PHONE,
        # pieces may trail off between ("eight two four... three one"), and a toll-free
        # number starts "one eight hundred"
        # and a number abroad starts "plus": "plus two three two ..."
        rf"(?:(?i:plus)\s+)?\b{_SPOKEN_DIGIT}(?:(?:[\s,-]+(?:(?i:um|uh|er)[\s,]+)?|\s*(?:\.\.\.|…)\s*)"
        rf"(?:(?i:double|triple)\s+)?{_SPOKEN_DIGIT}(?:[\s-]+(?i:hundred))?){{6,}}"
        # the last digits said as a pair: "oh one eighty-two"
        rf"(?:[\s,-]+(?i:{NUMBER_PAIR}))?\b",
        0.6,
    ),
    # part of a number: "the one ending in 4432", "the last four are six six zero one"
    _p(
        "phone_partial",
        Category.PHONE,
        r"(?i:\b(?:ending\s+in|ends\s+in|ending\s+with|ends\s+with|last\s+(?:four|4)"
        rf"(?:\s+digits)?)(?:[\s,:]+(?!\d)(?!{SPOKEN_DIGIT}\b)[\w']+){{0,3}}?[\s,:]+)"
        rf"(?P<phi>\d{{4}}\b|{_SPOKEN_DIGIT}(?:[\s,-]+{_SPOKEN_DIGIT}){{3}}\b)",
        0.6,
    ),
    _p(
        "email_spoken",
        Category.EMAIL,
        # the first initial may be said apart: "d sestak at verizon dot net"
        # and digits in words after the name: "g halvorsen sixty eight at gmail dot com"
        # and a dot said in the name: "marlys dot crane at ..."
        # and a name of two words after an initial: "v prentice daniel at yahoo dot com"
        # not the "s" of "it's": "it's marcella tyee at ..."
        # not where a site is: "the application is online at ..."
        # and a first and last name before digits: "crystal cline seventy seven at ..."
        rf"(?i)(?<!['’])\b(?:[a-z]\s+(?:(?!is\b|at\b)[a-z]+\s+)?"
        r"|(?!(?:is|it|its|at|e-?mail|mail|address|that|and|was|the|my|her|his|their|your|our|"
        rf"me|to|of|send|sent)\b)[a-z]{{3,}}\s+(?=[a-z]{{3,}}(?:\s+{NUMBER_WORD})+\s+at\b))?"
        r"(?!(?:online|website|site|web|link|page|portal)\s+at\b)[\w.]+(?:\s+dot\s+\w+)?"
        rf"(?:\s+{NUMBER_WORD}){{0,3}}"
        # and a domain of two words: "pinehollow mail dot com"
        # or spelled: "at b a h o r dot org"
        # or of three: "glacier view cancer dot org", "larimore k twelve dot org"
        r"\s+at\s+(?:\w+(?:\s+(?!dot\b)\w+){0,2}|(?:[a-z]\s+){1,8}[a-z])"
        # and a subdomain: "at paschal sherman dot example dot org"
        r"(?:\s+dot\s+(?!(?:com|org|net|edu|gov)\b)\w+\s+dot\s+(?:com|org|net|edu|gov|[a-z]{2})"
        rf"|\s+dot\s+{_SPOKEN_TOP_DOMAIN})\b",
    ),
    # after "email is", a name part of several words: "lymphoma trials at glacier view ..."
    _p(
        "email_spoken_after_cue",
        Category.EMAIL,
        r"(?i:\be-?mail(?:\s+address)?(?:\s+is|'s|’s|:)\s+)"
        r"(?P<phi>(?:[a-z]\s+)?[\w.]+(?:\s+(?!at\b)[\w.]+){0,3}\s+at\s+\w+(?:\s+(?!dot\b)\w+){0,2}"
        rf"\s+dot\s+{_SPOKEN_TOP_DOMAIN})\b",
        0.7,
    ),
    _p(
        "url_bare",
        Category.URL,
        r"(?i)\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|edu|gov|health|io|us)"
        r"(?:/[\w./-]*)?(?<![.,])",
        0.6,
    ),
    # a web address with its scheme, to its last character: presidio's ends it where a
    # top-level domain it does not know begins ("https://nearme.scot/...")
    _p("url_scheme", Category.URL, r"(?i)\bhttps?://[^\s<>\"'’]+(?<![.,;:!?)])", 0.7),
    # ---- record numbers and other identifiers ------------------------------------------
    # digit words on both sides of a "dash" said aloud: "zero four one dash zero zero seven"
    _p(
        "spoken_dashed_id",
        Category.ID,
        rf"(?i)\b(?P<phi>(?:{SPOKEN_DIGIT}\s+){{1,5}}{SPOKEN_DIGIT}\s+dash\s+"
        rf"(?:{SPOKEN_DIGIT}\s+){{1,5}}{SPOKEN_DIGIT})\b",
        0.5,
    ),
    _p(
        "record_number",
        Category.RECORD_NUMBER,
        r"(?i:\b(?:MRN|MR\s*#|MR\s+number|m\.?\s+r\.?\s+n\b\.?|medical\s+record(?:\s+number)?|"
        r"record\s+number|chart\s+number|"
        r"chart\s+#|patient\s+(?:id|identifier|number)|hospital\s+number)"
        r"(?:'s)?(?:[\s:#,.]+(?!\d)[\w']+){0,5}?[\s:#,.]+)"
        rf"(?P<phi>(?:MRN\s+)?{_ID_VALUE})",
        0.9,
    ),
    _p(
        "record_number_after",
        Category.RECORD_NUMBER,
        rf"(?i:\b(?:the\s+new\s+one's|the\s+new\s+one\s+is|it's|is)\s+)(?P<phi>MRN\s+{_ID_VALUE})",
        0.9,
    ),
    _p(
        "identifier",
        Category.ID,
        r"(?i:\b(?:social(?:\s+security)?(?:\s+number)?|SSN|member\s+(?:id|number)|"
        r"insurance\s+(?:id|number)|policy(?:\s+number)?|group(?:\s+number)?|subscriber\s+id|"
        r"medicaid(?:\s+(?:id|number))?|medicare(?:\s+(?:id|number))?|account(?:\s+number)?|"
        r"permit(?:\s+number)?|licen[cs]e(?:\s+number)?|plate(?:\s+number)?|serial(?:\s+number)?|"
        r"SN|VIN|RX|prescription(?:\s+number)?|certificate(?:\s+number)?|case\s+number|"
        r"claim\s+number|id\s+number|confirmation\s+number)"
        r"(?:'s)?(?:[\s:#,.]+(?!\d)[\w']+){0,5}?[\s:#,.]+)"
        rf"(?P<phi>{_ID_VALUE})",
        0.85,
    ),
    # a health plan's number said in words, with the letters after it: "her apple health is
    # one oh four four seven two nine three one w a"
    _p(
        "identifier_spoken",
        Category.ID,
        r"(?i:\b(?:apple\s+health|medicaid|medicare|medi-cal|masshealth|tenncare|soonercare|"
        r"member|insurance|policy|subscriber)(?:\s+(?:id|number|card))?(?:\s+number)?"
        r"(?:\s+is|'s|’s)\s+)"
        rf"(?P<phi>(?i:{SPOKEN_DIGIT}(?:[\s-]+{SPOKEN_DIGIT}){{5,14}})(?:\s+[a-z]\b){{0,2}})",
        0.8,
    ),
    _p(
        "identifier_after_it_is",
        Category.ID,
        r"(?i:(?:\bit's|\bis|\byes,\s+it's)\s+)(?P<phi>(?=[A-Z0-9 -]*[A-Z])(?=[A-Z0-9 -]*\d)"
        r"[A-Z0-9]{2,4}[ -]\d[\dA-Z -]{4,}\d)",
        0.6,
    ),
    # an identifier spelled out letter by letter, then its digits: "k w h seven seven four
    # two nine one", and "a" or "i" first only where the turn starts with it ("a r c c four ...")
    _p(
        "identifier_spelled",
        Category.ID,
        rf"(?i)(?<!['’])(?:^[ai]\s+)?\b(?:(?![ai]\b)[a-z]\s+){{2,4}}(?:\d|{_SPOKEN_DIGIT})(?:[\s,-]*(?:\d|{_SPOKEN_DIGIT})){{3,}}\b",
        0.6,
    ),
    _p(
        "long_number",
        Category.ID,
        r"(?<![\d.,])\d{3}-\d{2}-\d{4}(?![\d-])|(?<![\w.,/-])\d{6,}(?![\w.,/-]\d)"
        r"|\b[A-Z]{1,4}-?\d{5,}\b",
        0.6,
    ),
    # ---- addresses ---------------------------------------------------------------------
    _p(
        "street_address",
        Category.ADDRESS,
        rf"\b\d{{1,6}}\s+(?:[NSEW]{{1,2}}\.?\s+|(?:North|South)(?:east|west)?\s+|East\s+|West\s+)?"
        rf"(?:\d+(?:st|nd|rd|th)|{NAME_TOKEN})(?:\s+{NAME_TOKEN}){{0,3}}"
        rf"(?:\s+(?i:{STREET_WORDS}|{STREET_ABBREVIATIONS}))?"
        r"(?:\s+(?i:northeast|northwest|southeast|southwest|north|south|east|west|NE|NW|SE|SW))?\b",
        0.75,
    ),
    _p("street_name", Category.ADDRESS, rf"\b{NAME_TOKEN}(?:\s+{NAME_TOKEN})?\s+{STREET_WORDS}\b"),
    # a numbered street in words: "on east ninety eighth street", "Forty-Second Street"
    _p(
        "street_ordinal_words",
        Category.ADDRESS,
        r"(?i)\b(?:(?:east|west|north|south)\s+)?(?:(?:(?:twenty|thirty|forty|fifty|sixty|"
        r"seventy|eighty|ninety|one\s+hundred)[\s-]+)?(?:first|second|third|fourth|fifth|sixth|"
        r"seventh|eighth|ninth)|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|"
        r"sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth|fortieth|fiftieth|"
        r"sixtieth|seventieth|eightieth|ninetieth)\s+(?:street|avenue|st|ave)\b",
        0.7,
    ),
    # a numbered street in digits: "on 8th Street", "off 21st Ave."
    _p(
        "street_numbered",
        Category.ADDRESS,
        r"(?:(?<=\bon )|(?<=\boff )|(?<=\bat )|(?<=\bdown )|(?<=\bup ))\d{1,3}(?:st|nd|rd|th)\s+"
        r"(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Place|Pl\.?|Terrace|Boulevard|Blvd\.?)",
    ),
    # a numbered street by its ordinal alone, capitalised mid-sentence: "Wing Hop, on Eighth"
    _p(
        "street_ordinal",
        Category.ADDRESS,
        r"(?:(?<=\bon )|(?<=\boff ))(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|"
        r"Ninth|Tenth|Eleventh|Twelfth)\b(?!\s+(?:[A-Z]|floor|grade|time|round|cycle|dose|day|week|one))",
        0.6,
    ),
    _p(
        "apartment",
        Category.ADDRESS,
        r"(?i:\b(?:apartment|apt|unit|suite|ste|lot)\b\.?\s*#?\s*)(?:\d+[A-Z]?|(?!I\b)[A-Z]\d*|"
        # a letter said in a lowercase transcript: "apartment c" (not the article "a")
        r"[b-hj-z](?=[\s.,]|$)|"
        # or said in words: "apartment three twelve"
        rf"(?i:{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD}){{0,3}})(?:\s[b-hj-z](?=[\s.,]|$))?)\b",
    ),
    _p(
        "po_box",
        Category.ADDRESS,
        r"(?i:\b(?:p\.?\s?o\.?|post\s+office)\s+box)\s+(?:\d+|"
        rf"{_SPOKEN_DIGIT}(?:[\s-]+{_SPOKEN_DIGIT})*)\b",
    ),
    _p(
        "zip_code",
        Category.ADDRESS,
        r"(?i:\bzip(?:\s*code)?(?:\s+(?:is|was))?(?:\s+(?:still|now))?[\s:]*)"
        rf"(?P<phi>\d{{5}}(?:-\d{{4}})?|{_SPOKEN_DIGIT}(?:[\s-]+{_SPOKEN_DIGIT}){{4}})\b"
        r"|(?<=[A-Za-z],\s)\d{5}(?:-\d{4})?\b",
    ),
    # a capitalised word after a verb of living or travelling; detect.py drops everyday
    # words, names, states and countries ("we're in Belton", "out past Millersville")
    _p(
        "town",
        Category.ADDRESS,
        rf"(?i:\b(?:live|lives|lived|living|moved|move|moving|grew\s+up|born|raised|staying|"
        rf"we're|we\s+are|they're|she's|he's|based|out|up|down|over|back)\s+(?:in|to|at)\s+|"
        rf"\b(?:visit|visits|visiting|visited)(?:\s+\w+){{0,2}}?\s+in\s+|"
        rf"\b(?:drive|drove|driving|coming|came|comes|fly|flying|flew|from\s+out|all\s+the\s+way)"
        rf"\s+(?:in\s+)?from\s+|\b(?:out\s+past|outside\s+of|outside|near|just\s+past|"
        rf"the\s+town\s+of|the\s+city\s+of)\s+)(?P<phi>{NAME_TOKEN}(?:\s+{NAME_TOKEN})?)",
        0.6,
    ),
    # a street named without its suffix: "the garage on Gillham", "on Troost and 63rd"
    _p(
        "street_bare",
        Category.ADDRESS,
        rf"(?i:\b(?:live|lives|lived|living|house|home|apartment|place|garage|parking|store|"
        rf"pharmacy|shop|office|exit|one|corner|located|somewhere|right|accident|construction|"
        rf"traffic)\s+(?:on|off(?:\s+of)?|at)\s+)(?P<phi>{NAME_TOKEN})\b(?!\s+{NAME_TOKEN})",
        0.6,
    ),
    _p(
        "street_corner",
        Category.ADDRESS,
        rf"\b(?P<phi>{NAME_TOKEN}|[1-9]\d*(?:st|nd|rd|th))\s+(?:and|&)\s+"
        rf"(?:[4-9]\d|1\d\d|3[2-9])(?:st|nd|rd|th)\b",
        0.6,
    ),
    _p(
        "street_ordinal",
        Category.ADDRESS,
        r"\b(?:on|off|at|and|&)\s+(?P<phi>(?:[4-9]\d|1\d\d|3[2-9])(?:st|nd|rd|th))\b"
        r"(?!\s+(?:birthday|time|percentile|grade|floor|day|week|cycle|round|dose))",
        0.6,
    ),
    _p(
        "highway",
        Category.ADDRESS,
        r"(?i)\b(?:highway|hwy\.?|route|interstate|state\s+road)\s+(?:\d{1,3}\b|"
        # said in words: "on highway ninety three", "route sixty six"
        rf"{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD})?\b)",
        0.6,
    ),
    _p("county", Category.ADDRESS, rf"\b{NAME}\s+(?:County|Parish|Township)\b"),
    # and in a lowercase turn, where it is said to be or be in: "that's cherry county"
    _p(
        "county_lower",
        Category.ADDRESS,
        r"(?:\b(?:in|from|that's|that’s|it's|it’s|of|to|near|outside|out\s+in|up\s+in|"
        r"down\s+in|over\s+in)\s+)"
        r"(?P<phi>(?!(?:the|a|this|that|every|each|our|your|my|his|her|their|which|what|any|"
        r"another|other|same|next|one|home|rural|whole|big|small|neighboring|dry|wet)\s)"
        r"[a-z]{3,}(?:\s+[a-z]{3,})?\s+county)\b",
        0.6,
    ),
    # ---- facilities --------------------------------------------------------------------
    _p(
        "saint_facility",
        Category.FACILITY,
        rf"\b(?:St\.?|Saint)\s+{NAME_TOKEN}(?:'s)?(?:\s+(?:Children's|{FACILITY_WORDS}))*",
        0.9,
    ),
    _p(
        "childrens",
        Category.FACILITY,
        # not a children's medicine: "Children's Tylenol"
        rf"(?:\b{NAME_TOKEN}\s+)?\bChildren's(?!\s+{CHILDRENS_MEDICINES}\b)"
        rf"(?:\s+(?:{NAME_TOKEN}|Hospital|Medical\s+Center)"
        rf"){{0,3}}(?:\s+of\s+{NAME_TOKEN})?",
        0.9,
    ),
    _p(
        "named_facility",
        Category.FACILITY,
        rf"\b(?:{NAME_TOKEN}|[A-Z]{{2,5}}|[A-Z][a-z]+-[A-Za-z]+)(?:\s+(?:{NAME_TOKEN}|of|for|and|"
        rf"&)){{0,3}}\s+{FACILITY_WORDS}(?:\s+(?:of|for)\s+{NAME_TOKEN})?\b",
        0.85,
    ),
    # a people's hall or club: "the Slovenian Home", "the Polish Falcons Hall"
    _p(
        "national_home",
        Category.FACILITY,
        r"\b(?P<phi>[A-Z][a-z]+(?:an|ian|ish|ese|ic)\s+(?:[A-Z][a-z]+\s+)?(?:Home|Hall|Club|"
        r"Society|Lodge))\b",
        0.7,
    ),
    # New York City's numbered schools: "P.S. 86", "I.S. 52"
    _p(
        "numbered_school",
        Category.FACILITY,
        r"\b(?:P\.S\.|PS|I\.S\.|M\.S\.|J\.H\.S\.|JHS)\s?\d{1,3}\b",
        0.8,
    ),
    # churches, parishes and hospitals with a religious name, after "at", "to" or "from"
    _p(
        "religious_name",
        Category.FACILITY,
        r"(?i:\b(?:at|to|from|in)\s+(?:the\s+)?)(?P<phi>(?i:holy\s+(?:family|cross|name|spirit|"
        r"trinity|redeemer|rosary|angels|ghost|innocents|infant|savior|saviour|comforter)|"
        r"our\s+lady\s+of\s+(?:the\s+)?[\w'’]+|mother\s+of\s+god|queen\s+of\s+(?:peace|angels|"
        r"heaven|the\s+rosary|apostles)))\b",
        0.8,
    ),
    # a town's general hospital by its short name: "Lancaster General", "Tampa General"
    _p(
        "general_hospital",
        Category.FACILITY,
        r"\b(?!(?:Attorney|Surgeon|Brigadier|Major|Lieutenant|Inspector|Postmaster|Secretary|"
        r"Governor|Consul|Adjutant|Solicitor|Director|In|The|A|An|Very|Pretty|General)\b)"
        rf"{NAME_TOKEN}(?:\s+{NAME_TOKEN})?\s+General\b(?!\s+(?:Anesthesia|Surgery|Practice|"
        r"Practitioner|Studies|Education|Assembly|Election|Manager|Counsel|Store|Motors|Mills|"
        r"Electric|Dynamics)\b)",
        0.7,
    ),
    _p("camp", Category.FACILITY, rf"\bCamp\s+{NAME_TOKEN}(?:\s+{NAME_TOKEN})?"),
    _p(
        "lowercase_facility",
        Category.FACILITY,
        rf"\b(?:the\s+)?(?P<phi>{NAME_TOKEN}(?:\s+{NAME_TOKEN})?\s+(?:clinic|hospital|campus|"
        r"office|pharmacy|school))\b",
        0.7,
    ),
    # a town called "<word> city" in a lowercase turn: "from canon city to pueblo", "in heart
    # butte", "near sioux falls"
    _p(
        "town_city_lower",
        Category.ADDRESS,
        r"(?i:\b(?:in|from|to|near|outside|past|around|off)\s+)"
        r"(?!(?:the|inner|big|small|this|that|a|new|capital|home|my|your|our|their|his|her|"
        r"which|what|any|every|each|another|other|some|one|no|high|low|focal|pressure|trigger|"
        r"match|check|set|end|fixed|vantage|data|bullet|decimal|power|access|entry|exit|"
        rf"[a-z]+ing|{NUMBER_WORD}|hundred)\s)"
        r"(?P<phi>[a-z]+\s+(?:city|butte|falls|springs|heights|junction|rapids|bluffs|point|"
        r"landing|harbor|harbour|creek|bay|valley))\b",
        0.6,
    ),
    # a county hospital said as "County": "the GI lab here at County"
    _p(
        "county_hospital",
        Category.FACILITY,
        r"\b(?:at|to|from)\s+(?P<phi>County)\b(?!\s+[A-Z])(?!\s+(?i:line|road|rd|fair|jail|court|"
        r"office|clerk|records|park|board|commissioners?))",
        0.6,
    ),
    # a post office box: "P.O. Box 2260", "p o box twenty two sixty"; and a rural route's
    # box: "HC 70 Box 14", "rural route two box nine"
    _p(
        "po_box",
        Category.ADDRESS,
        r"(?i)\b(?:p\.?\s?o\.?\s+box|post\s+office\s+box|(?:hc|rr|rural\s+route|star\s+route)\s+"
        rf"(?:\d{{1,4}}|{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD})?)\s+box)\s+(?:\d{{1,6}}\b|"
        rf"{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD}){{0,5}}\b)",
        0.7,
    ),
    # a lowercase town called "fort", "mount" or "port" something: "out at fort apache"
    _p(
        "fort_town_lower",
        Category.ADDRESS,
        r"(?i:\b(?:in|from|to|near|outside|at|past|around)\s+)"
        r"(?P<phi>(?:fort|mount|port)\s+(?!(?:the|a|an|of|and|to|in|on|at|it|is)\b)[a-z]{3,})\b",
        0.6,
    ),
    # a web address said aloud with a path: "camp mogollon star dot org slash apply"
    _p(
        "url_spoken",
        Category.URL,
        r"(?i)\b(?:(?!(?:at|is|to|on|go|the|online)\b)[a-z0-9]+\s+){0,2}[a-z0-9]+"
        # a subdomain ("caprock rx dot example dot com"), and a path of two words ("slash
        # oral chemo") where the turn ends or pauses after them
        r"(?:\s+dot\s+(?!(?:com|org|net|edu|gov)\b)[a-z0-9]+)?\s+dot\s+"
        rf"(?:com|org|net|edu|gov)(?:\s+slash\s+[a-z0-9]+(?:\s+(?!{_JOINING}\b)[a-z0-9]+"
        rf"(?=\s*(?:[.,;!?]|$)|\s+{_JOINING}\b))?)+\b",
        0.7,
    ),
    # one said from its "w w w": "w w w dot rising harvest fund dot org"
    _p(
        "url_spoken_www",
        Category.URL,
        r"(?i)\bw\s+w\s+w\s+dot\s+(?:[a-z0-9]+\s+){1,4}dot\s+(?:com|org|net|edu|gov|us)"
        r"(?:\s+slash\s+[a-z0-9]+)*\b",
        0.7,
    ),
    # a New York City public school by its number: "P.S. 152", "p s one fifty two"
    _p(
        "numbered_school",
        Category.FACILITY,
        r"(?i)\b(?:p\.?\s?s\.?|i\.\s?s\.?|i\ss|j\.\s?h\.\s?s\.?|j\sh\ss)\s+(?:\d{1,3}\b|"
        rf"{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD}){{0,3}}\b)",
        0.7,
    ),
    _p(
        "compass_facility",
        Category.FACILITY,
        rf"(?i:\b(?:at|for|to|from|with)\s+)(?P<phi>{NAME_TOKEN}(?:\s+{NAME_TOKEN})?\s+"
        r"(?:North|South|East|West|Central))\b",
        0.7,
    ),
    _p(
        "known_centers",
        Category.FACILITY,
        r"\b(?:MD\s+Anderson|Mayo(?:\s+Clinic)?|(?:Memorial\s+)?Sloan[\s-]Kettering|"
        r"Dana[\s-]Farber|St\.?\s+Jude|CHOP|Lurie|Nationwide|Boys\s+Town|Ronald\s+McDonald"
        r"(?:\s+House)?|Shriners|Mizzou|Walgreens(?:\s+on\s+[A-Z][a-z]+)?|"
        r"Chick-fil-A|UPS|FedEx|Target|Kaiser(?:\s+Permanente)?|"
        + alternation([*CHAINS, *HOSPITALS, *CAPITAL_CHAINS])
        + r")(?![\w-])",
        0.85,
    ),
    # ---- names in context --------------------------------------------------------------
    _p(
        "clinical_title",
        Category.NAME,
        rf"\b{CLINICAL_TITLES}\s+(?P<phi>{NAME})",
        0.9,
        "clinician",
    ),
    _p("other_title", Category.NAME, rf"\b{OTHER_TITLES}\s+(?P<phi>{NAME})", 0.9, "person"),
    _p("kin_title", Category.NAME, rf"\b{KIN_TITLES}\s+(?P<phi>{NAME_TOKEN})", 0.85, "family"),
    _p(
        "relation",
        Category.NAME,
        rf"(?i:\b(?:my|his|her|our|your|their|the)\s+(?:(?:little|big|older|younger|baby|"
        rf"best|new|old|twin|step|home\s+health)\s+)*{RELATIONS},?\s+)(?P<phi>{NAME})",
        0.85,
        "family",
    ),
    # in Spanish or Portuguese: "mi comadre Toña", "minha irmã Cida"
    _p(
        "relation_spanish",
        Category.NAME,
        r"(?i:\b(?:mi|mis|su|sus|tu|minha|meu|sua|seu)\s+(?:comadre|compadre|hermana|hermano|"
        r"t[ií]a|t[ií]o|prima|primo|hija|hijo|abuela|abuelo|esposo|esposa|marido|mujer|vecina|"
        r"vecino|amiga|amigo|nieta|nieto|sobrina|sobrino|cuñada|cuñado|madrina|padrino|irmã|"
        r"irmão|filha|filho|avó|avô|madrinha|padrinho|neta|neto|vizinha|vizinho),?\s+)"
        rf"(?P<phi>{NAME})",
        0.85,
        "family",
    ),
    _p(
        "named",
        Category.NAME,
        rf"(?i:\b(?:named|called|name\s+is|name's|names\s+are|this\s+is|it's|i'm|i\s+am|"
        rf"who's|who\s+is|how's|how\s+is|"
        rf"speaking\s+with|ask\s+for|ask|call\s+me|goes\s+by|go\s+by|known\s+as)\s+)(?P<phi>{NAME})",
        0.6,
        "person",
    ),
    _p(
        "vocative",
        Category.NAME,
        rf"(?i:\b(?:hi|hey|hello|morning|good\s+morning|thanks|thank\s+you|bye|sorry|okay|ok|"
        rf"love\s+you|well|so|yes|no|come\s+on)),?\s+(?P<phi>{NAME_TOKEN})\b(?=\s*[,.!?;]|\s*$)",
        0.6,
        "person",
    ),
    _p(
        "name_and_name",
        Category.NAME,
        rf"(?P<phi>{NAME_TOKEN})(?=\s+and\s+(?:Grandpa|Grandma|Aunt|Uncle|Mom|Dad)\b)",
        0.5,
        "person",
    ),
    # ---- pets --------------------------------------------------------------------------
    _p(
        "pet_naming",
        Category.PET,
        rf"(?i:\b(?:name|named|call|calling|rename)\s+(?:him|her|it|them|the\s+\w+)\s+)"
        rf"(?P<phi>{NAME_TOKEN})\b",
        0.7,
    ),
    _p(
        "pet_after",
        Category.PET,
        rf"(?i:\b{PET_WORDS}(?:\s+(?:named|called))?,?\s+)(?P<phi>{NAME_TOKEN})\b",
        0.85,
    ),
    _p(
        "pet_before",
        Category.PET,
        # not a word that turns to the pet: "Wait, the dog's bowl?"
        r"\b(?!(?:Wait|Look|Listen|Hold|Remember|Sorry|See|Always|Never|Just|Only|Especially|"
        r"Mostly|Not|Even|Also|Still)\b)"
        rf"(?P<phi>(?:{NAME_TOKEN}\s+)?{NAME_TOKEN}),?\s+(?i:the|our|my|his|her|their)\s+(?i:{PET_WORDS})\b",
        0.85,
    ),
)
