"""Regular expressions for numbers and letters said as identifiers: the parts of telephone
numbers said apart from them (extensions and area codes), zip codes named as such or said
after a post office box and its town, a great age in digits, a chart number with its
letters, a lot in a trailer park, a company known by initials joined with "&", and (round 44)
a number with "double" in it or dictated in pauses ("0491... 570... hang on");
``patterns`` runs them with the others."""

from __future__ import annotations

from rapport.privacy.categories import Category
from rapport.privacy.findings import ContextPattern
from rapport.privacy.findings import context_pattern as _p
from rapport.privacy.vocabulary import (
    NUMBER_WORD,
    SPOKEN_DIGIT,
    STREET_ABBREVIATIONS,
    STREET_WORDS,
)

_SPOKEN_DIGIT = rf"(?i:{SPOKEN_DIGIT})"
#: Welsh digit words no English or French sentence says, and with them all ten, nought to
#: nine (with the feminine "dwy", "tair" and "pedair")
_WELSH_ONLY = r"(?:dau|dwy|tair|pedwar|pedair|pump|chwech|saith|wyth|naw)"
_WELSH_DIGIT = rf"(?:dim|un|tri|{_WELSH_ONLY})"

NUMBER_PATTERNS: tuple[ContextPattern, ...] = (
    _p(
        "phone_extension",
        Category.PHONE,
        # the word is removed with the number: "ask for extension 3318"
        r"(?i:\bext(?:ension|\.)?\s*)(?:\d{1,2}-)?\d{2,6}\b",
    ),
    _p("phone_extension_x", Category.PHONE, r"(?i:\bx\s*)(?P<phi>\d{2,6})\b"),
    # the extension said first: "three three zero two is my extension", "4471's my direct line"
    _p(
        "phone_extension_before",
        Category.PHONE,
        rf"\b(?P<phi>\d{{3,6}}|(?i:{SPOKEN_DIGIT}(?:[\s-]+{SPOKEN_DIGIT}){{2,5}}))"
        r"(?=(?:\s+is|'s|’s)\s+(?i:my|our|the|his|her)\s+(?i:extension|ext\.?|direct\s+line))",
    ),
    # "ask for extension two two five oh": three to six digits in words
    _p(
        "phone_extension_words",
        Category.PHONE,
        # "the extension is three one one four"
        rf"(?i:\bext(?:ension|\.)?(?:\s+is|'s|’s)?\s+)"
        rf"(?P<phi>(?i:{SPOKEN_DIGIT}(?:[\s-]+{SPOKEN_DIGIT}){{2,5}}))\b",
    ),
    # an area code to put before a number just given: "with two oh seven in front"
    _p(
        "phone_area_code_in_front",
        Category.PHONE,
        r"(?i:\b(?:with|plus|put|add)\s+)"
        rf"(?P<phi>\d{{3}}|{_SPOKEN_DIGIT}(?:[\s-]+{_SPOKEN_DIGIT}){{2}})"
        r"(?=\s+(?:in\s+front|first|before\s+(?:it|that)|at\s+the\s+(?:front|start))\b)",
        0.6,
    ),
    # an area code that says where a number is from: "he's got a five three oh number",
    # "her 985 cell"; "985 in front" too
    _p(
        "phone_area_code_said",
        Category.PHONE,
        r"(?:(?i:\b(?:a|an|his|her|my|our|their|your)\s+)|(?<![\w-])(?=\d{3}\s+in\s+front\b))"
        # an area code starts with 2 to 9
        rf"(?P<phi>[2-9]\d\d|(?i:two|three|four|five|six|seven|eight|nine)(?:[\s-]+{_SPOKEN_DIGIT}){{2}})"
        r"(?=\s+(?:number|cell(?!\s+count)|cellphone|phone|area\s+code|line|in\s+front)\b)",
        0.6,
    ),
    # the area code named as such: "add the area code, five oh two", "area code is 907"
    _p(
        "phone_area_code_named",
        Category.PHONE,
        r"(?i:\barea\s+code(?:\s+is|'s|’s)?[,:]?\s+)"
        rf"(?P<phi>[2-9]\d\d|(?i:two|three|four|five|six|seven|eight|nine)(?:[\s-]+{_SPOKEN_DIGIT}){{2}})\b",
        0.7,
    ),
    # a number's last digits straight after "ends": "and yours ends one four nine"
    _p(
        "phone_partial_ends",
        Category.PHONE,
        r"(?i:\bends\s+)"
        rf"(?P<phi>\d{{3,4}}\b|{_SPOKEN_DIGIT}(?:[\s,-]+{_SPOKEN_DIGIT}){{2,3}}\b)",
        0.6,
    ),
    # a zip code named as such, in digits or words: "the zip's one seven nine seven six"
    _p(
        "zip_named",
        Category.ADDRESS,
        r"(?i:\bzip(?:\s+code)?(?:\s+is|'s|’s)?[,:]?\s+)"
        rf"(?P<phi>\d{{5}}(?:-\d{{4}})?|{_SPOKEN_DIGIT}(?:[\s-]+{_SPOKEN_DIGIT}){{4}})\b",
        0.8,
    ),
    # the town and zip after a post office box: "p o box three eighteen nespelem nine nine one
    # five five"; the box's number ends where a word that is no number starts
    _p(
        "po_box_town_zip",
        Category.ADDRESS,
        rf"(?i:\bp\.?\s?o\.?\s+box\s+(?:\d{{1,6}}|{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD}){{0,5}})\s+)"
        rf"(?P<phi>(?!{NUMBER_WORD}\b)[a-z]{{3,}}(?:\s+(?!{NUMBER_WORD}\b)[a-z]{{3,}})?,?\s+"
        rf"(?:\d{{5}}|{_SPOKEN_DIGIT}(?:[\s-]+{_SPOKEN_DIGIT}){{4}}))\b",
        0.8,
    ),
    # an age of ninety or more in digits after living to it: "our mama lived to 102"
    _p(
        "age_digits_lived_to",
        Category.AGE,
        r"(?i:\b(?:lived|live|living|made\s+it|make\s+it)\s+to\s+)(?P<phi>9\d|1[01]\d)\b"
        r"(?![.,]\d)(?!\s*(?:percent|%|degrees|pounds|dollars|miles|minutes))",
        0.7,
    ),
    # a chart number with its letters after "chart" or "MRN": "Chart KUCC 51-022-7718"
    _p(
        "record_after_chart",
        Category.RECORD_NUMBER,
        r"(?i:\b(?:chart|mrn|medical\s+record)(?:\s+(?:number|no\.?|#))?(?:\s+is)?[\s:#]+)"
        r"(?P<phi>[A-Z]{2,5}[ -]?\d{2,}(?:[- ]\d{2,}){1,3})\b",
        0.8,
    ),
    # a lot or space in a trailer park, in English or Spanish: "lote treinta y dos", "lot 14"
    _p(
        "trailer_lot",
        Category.ADDRESS,
        r"(?i:\b(?:lote|lot|space|espacio)\s+(?:number\s+|n[uú]mero\s+)?)"
        rf"(?P<phi>\d{{1,4}}[a-z]?\b|{NUMBER_WORD}(?:[\s-]+{NUMBER_WORD})?\b"
        r"|(?i:uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|catorce|"
        r"quince|dieci\w+|veinte|veinti\w+|treinta|cuarenta|cincuenta|sesenta|setenta|ochenta|"
        r"noventa)(?:\s+y\s+(?i:uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve))?\b)"
        r"(?!\s+(?:of|more|days?|weeks?|years?|percent|pounds|dollars)\b)",
        0.6,
    ),
    # a company by its initials joined with "&": "I worked for HG&E", not "Q&A"
    _p(
        "initials_and",
        Category.FACILITY,
        r"(?<![\w&])(?!(?:Q&A|R&D|P&L|B&B|H&P|I&D|D&C|M&M|A&P|S&P)\b)[A-Z]{1,3}&[A-Z]{1,3}(?![\w&])",
        0.6,
    ),
    # a telephone number with a pause said in it: "816-555, um, 0154"
    _p(
        "phone_with_a_pause",
        Category.PHONE,
        r"\b\d{3}[-.\s]\d{3}(?:,?\s+(?i:um|uh|er|erm)[,.]?\s+|\s*(?:\.\.\.|…)\s*)\d{4}\b",
        0.7,
    ),
    # a British postcode: "LS7 4JU", "SW1A 1AA"
    _p(
        "uk_postcode",
        Category.ADDRESS,
        r"\b[A-Z]{1,2}\d[A-Z\d]?\s\d[ABD-HJLNP-UW-Z]{2}\b",
        0.7,
    ),
    # a Canadian postal code: "B1A 3T7"
    _p(
        "canadian_postcode",
        Category.ADDRESS,
        r"\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z]\s?\d[ABCEGHJ-NPRSTV-Z]\d\b",
        0.7,
    ),
    # the same said letter by letter and digit by digit: "a zero g two x zero"
    _p(
        "canadian_postcode_spoken",
        Category.ADDRESS,
        r"(?i)(?<![\w'’-])[abceghj-nprstvxy]\s+"
        rf"{SPOKEN_DIGIT}\s+[abceghj-nprstv-z]\s+{SPOKEN_DIGIT}\s+[abceghj-nprstv-z]\s+{SPOKEN_DIGIT}\b",
        0.7,
    ),
    # the town just before a zip code, after a comma: "apartment 12, Mobile 36607"
    _p(
        "town_before_zip",
        Category.ADDRESS,
        r"(?<=,\s)(?P<phi>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}),?\s+\d{5}(?:-\d{4})?\b(?!\s*(?:mg|ml|units))",
        0.6,
    ),
    # a shorter run that says "double" or "triple", each of which is two or three digits:
    # "nine eight double one, four double seven two"
    _p(
        "phone_spoken_doubles",
        Category.PHONE,
        rf"\b{_SPOKEN_DIGIT}(?:[\s,-]+{_SPOKEN_DIGIT}){{0,4}}[\s,-]+(?i:double|triple)\s+"
        rf"{_SPOKEN_DIGIT}(?:[\s,-]+(?:(?i:double|triple)\s+)?{_SPOKEN_DIGIT}){{2,}}\b",
        0.6,
    ),
    # digits said in Welsh, three or more in a run, as a Welsh-speaking family reads out a
    # number: "dim un chwech tri dau", "naw chwech dim" (at least one word no English
    # sentence says, so that "dim" or "un" alone is never taken)
    _p(
        "phone_welsh_digits",
        Category.PHONE,
        rf"(?i)(?<![\w'’-])(?=(?:{_WELSH_DIGIT}\s+){{0,9}}{_WELSH_ONLY}\b)"
        rf"{_WELSH_DIGIT}(?:[\s,-]+{_WELSH_DIGIT}){{2,}}\b",
        0.6,
    ),
    # a number dictated in pieces with pauses, and corrected: "0491... 570... hang on",
    # "W118... 2093", "900... 381, no, 318", "8336... aiyoh, 8363"
    _p(
        "number_in_pauses",
        Category.PHONE,
        r"(?<![\w.-])(?!(?:19|20)\d\d\s*(?:\.\.\.|…)\s*(?:19|20)\d\d\b)"  # years: "1998... 1999"
        r"[A-Z]{0,2}\d{3,5}\s*(?:\.\.\.|…)\s*(?:[A-Za-z]+,\s+)?[A-Z]{0,2}\d{3,5}"
        r"(?:(?:\s*(?:\.\.\.|…)\s*|,\s+(?:no|sorry|wait)[,.]?\s+)[A-Z]{0,2}\d{3,5})*\b"
        r"(?!\s*(?:mg|ml|mcg|units|%|percent|cc))",
        0.6,
    ),
    # the town and a four-digit postcode after a street, as Australian, New Zealand and
    # European addresses are written: "42 Douglas Street, Thursday Island, 4875"
    # (the town apart, so that it is searched for again where it is said alone)
    _p(
        "town_before_postcode",
        Category.ADDRESS,
        rf"(?:\b(?:{STREET_WORDS}|{STREET_ABBREVIATIONS}),\s+)"
        r"(?P<phi>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}),?\s+\d{4}\b(?!\s*(?:mg|ml|units))",
        0.6,
    ),
    _p(
        "postcode_after_town",
        Category.ADDRESS,
        rf"(?:\b(?:{STREET_WORDS}|{STREET_ABBREVIATIONS}),\s+)"
        r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2},?\s+(?P<phi>\d{4})\b(?!\s*(?:mg|ml|units))",
        0.6,
    ),
    # a hospital for children and women: "the cancer team at Children's and Women's"
    _p(
        "children_and_women",
        Category.FACILITY,
        r"\b(?:Children['’]s|Women['’]s)\s+(?:and|&)\s+(?:Women['’]s|Children['’]s|Infants['’]?)",
        0.7,
    ),
    # a church named "Greater" and its Bible name: "Greater Little Zion", "Greater New Hope"
    _p(
        "greater_church",
        Category.FACILITY,
        r"\bGreater\s+(?:[A-Z][a-z]+\s+){0,2}(?:Zion|Bethel|Calvary|Hope|Grace|Antioch|Ebenezer|"
        r"Shiloh|Macedonia|Pilgrim|Providence|Canaan|Jerusalem|Olive|Tabernacle|Temple|Faith|"
        r"Friendship|Bethlehem|Gethsemane|Galilee|Jordan|Nazareth|Salem|Mount|Mt\.?|St\.?)"
        r"(?:\s+(?:Baptist|Missionary|AME|Church|Temple|of\s+God|Church\s+of\s+God\s+in\s+Christ))*",
        0.8,
    ),
)
