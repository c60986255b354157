"""What is not PHI though a model or a rule may take it for some: benefit programs and
insurers, reduplicated toys' names, years, decimals, letters said apart, clinical acronyms,
transcribers' notes, words of other languages, kinship words, the end of a hyphenated
compound. ``false_alarms`` is asked of every finding before it is kept."""

from __future__ import annotations

import functools
import itertools
import re

from rapport.privacy.categories import Category
from rapport.privacy.findings import Finding
from rapport.privacy.language import in_another_language
from rapport.privacy.lexicon import FACILITY_GENERIC, wordset
from rapport.privacy.phones import spoken_numbers
from rapport.privacy.vocabulary import (
    CHILDRENS_MEDICINES,
    CLINICAL_ACRONYMS,
    KIN,
    PET_WORDS,
    SPOKEN_DIGIT,
)
from rapport.privacy.wordlists import NOT_NAMES

#: Benefit programs and agencies: named with a number or paperwork, never a place one goes.
PROGRAMS = frozenset(
    item.strip()
    for item in """
    social security|medicaid|medicare|apple health|providerone|ssi|ssdi|wic|snap|chip|tanf|
    tenncare|masshealth|medi-cal|soonercare|badgercare|tricare|peachcare|kancare|
    mo healthnet|denali kidcare|obamacare|cobra|fmla|irs|dmv|fema|section 8|healthy kids|
    husky|star kids|star health|covered california|calfresh|ahcccs|hoosier healthwise|
    mississippican|healthy connections|nj familycare|oregon health plan|ohp|healthy louisiana|
    arkids|kidscare|mainecare|dr dynasaur|husky health|centennial care|medical assistance|
    hawki|iowa health link|heritage health|healthy michigan|medicare advantage|part d|medigap|
    health first colorado|sooner care|badger care|peach care|kan care|humana|aetna|cigna|
    unitedhealthcare|united healthcare|anthem|blue cross|blue shield|blue cross blue shield|
    bcbs|molina|ambetter|centene|wellcare|highmark|caresource|amerigroup|optum|
    purchased referred care|purchased/referred care|contract health|indian health service|ihs|
    fidelis|fidelis care|healthfirst|metroplus|emblemhealth|state health plan|peoples health|
    med-quest|med quest|
    tricare prime|tricare select|tricare for life|dod|deers|
    state employees health plan|federal employees health benefits|fehb|va community care
    """.replace("\n", " ").split("|")
)
_PROGRAM_FOLLOWER = re.compile(
    r"\s+(?:number|numbers|paperwork|card|cards|application|portal|account|benefits|forms?|"
    r"letter|letters|id|website|app)\b",
    re.IGNORECASE,
)
_REDUPLICATED = re.compile(r"(?i)([a-z]+)[-\s]\1")
#: Greetings, thanks, exclamations and words for grandparents in languages families speak
#: in clinic, which spaCy and the tagger take for names when capitalised ("Gamsahamnida",
#: "Dobrý den", "Wopila", "Unci").
_COURTESIES = wordset(
    """
    annyeong annyeonghaseyo gamsahamnida gomawo gomapseumnida aigo aigoo ne jeongmal
    seonsaengnim
    dobrý dobry den děkuju dekuju děkuji dekuji na shledanou ahoj prosím prosim
    yia yiasou yassou geia efharisto efcharisto efcharistó panagia doxa opa
    talofa lava fa'afetai faafetai manuia tofa soifua
    wopila hau pilamaya pilamayaye toksa unci tunkasila
    ahéhee' ahehee yá'át'ééh yaateeh
    nyob zoo ua tsaug
    mahadsanid nabad
    shukran inshallah alhamdulillah mashallah habibi salaam marhaba assalamu alaikum
    salaam walaikum shukuria shukria
    taanshi marsii kookum
    shalom todah mazel tov
    spasibo privet zdravstvuyte
    dziękuję dziekuje dzień dzien dobry cześć czesc
    mèsi mesi bonjou bondye
    asante jambo karibu
    avó avô vovó vovô graças gracas deus obrigado obrigada tchau
    salamat po opo ingat
    chào chao cảm ơn cam on dạ vâng cháu
    namaste dhanyabad dhanyavaad hajur
    håfa hafa adai si yu'os yu’os ma'åse ma’åse saina
    medaase ei akwaaba ɛte
    gott dank danke ja genau oma opa
    amen woliwon wela'lin welalin miigwech megwetch boozhoo aaniin wado osiyo niawen tansi
    ekosi gunalchéesh quyana mahalo aloha
    shnorhakalutyun barev merci
    yakoke halito chokma hon namaskaram namaskar vanakkam fakafetai fakafeta'i malo mālō
    emch minii eej sain bainuu bayarlalaa abouna abuna khoda shokr ya rab rabb tashi delek
    seremein
    pu pi
    baruch hashem shabbos shabbat gut good yontif shabbat shalom bli neder
    karthave daivame eesho mishiha
    bassima shlama shlamalokh
    sabaidee khop khob chai jai
    sawasdee khob khun
    bereket elhamdülillah elhamdulillah aslanım aslanim maşallah inşallah tamam canım canim
    kushe tenki vinaka bula meri mera mere bhagwan dada jummah jumma
    shekoli dankscheen arigatō arigato yikhallik
    mijo mija mijito mijita bendiga bendiciones
    hola kikuyu
    takk fyrir pabbi mamma amma afi laengz zingh kahée kahee
    assalomu alaykum rahmat khanjanav tata lios emchania ta cheers
    bunicul bunica bunicu mulțumesc multumesc mami gmadlobt madloba
    kia ora koro koro's kuia mōrena morena webale tapadh leibh pokni
    liturgy vespers
    """
)
#: What every people's community has, and names no one place: "Romanian school".
_ANY_PEOPLES_PLACE = wordset("school store shop grocery class classes")
#: Faiths said as what a family is ("we are Pentecostal"); not "Baptist" or "Methodist",
#: which also name hospitals.
_FAITHS = wordset(
    "pentecostal orthodox catholic evangelical mormon adventist muslim hindu sikh buddhist "
    "jewish protestant"
)
#: Peoples and languages no country is named for, which the tagger takes for places when
#: capitalised ("read it to my abuelita in Zapotec", "Mien medicine"). Those that are also
#: given names or places ("Karen", "Maya", "Cherokee") stay out.
_PEOPLES = wordset(
    """
    hmong mien iu khmer karenni kachin rohingya zapotec mixtec triqui nahuatl quechua aymara
    k'iche' kiche q'eqchi mam garifuna oromo amharic tigrinya yoruba igbo hausa swahili
    lingala kinyarwanda kirundi dinka nuer pashto dari farsi urdu hindi punjabi gujarati
    bengali telugu marathi tagalog ilocano cebuano chamorro chuukese marshallese cantonese
    mandarin hakka teochew fuzhounese kreyol yiddish chaldean assyrian lakota ojibwe yupik
    inupiaq uzbek kazakh kyrgyz tajik turkmen kalmyk uyghur gaelic luganda māori maori
    """
)

_SENTENCE_JOINED = re.compile(r"[A-Za-z]+\.[A-Z][a-z]*")
_CHILDRENS_MEDICINE = re.compile(rf"\s+{CHILDRENS_MEDICINES}\b")
_ROUND_NUMBERS = r"(?:ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)"
#: A temperature read in words: "ninety eight six", "ninety-nine point five".
_TEMPERATURE = re.compile(rf"(?i)ninety[\s-]+{SPOKEN_DIGIT}\s+(?:point\s+)?{SPOKEN_DIGIT}")
_DECIMAL_POINT_AFTER = re.compile(rf"(?i)\s+point\s+{SPOKEN_DIGIT}\b")
#: "eleven hundred", "two hundred": a count or a lab value, not "a hundred" years.
_HUNDREDS_BEFORE = re.compile(
    r"(?i)\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty)[\s-]+$"
)
#: Counting down or up by tens: "hundred, ninety, eighty, seventy".
_COUNT = re.compile(rf"(?i)\b(?:(?:a\s+)?{_ROUND_NUMBERS}\s*,\s*){{2,}}{_ROUND_NUMBERS}\b")
_PLACE_PREPOSITION_BEFORE = re.compile(r"(?i)\b(?:in|to|from|near|across|outside)\s+$")
_YEAR_ALONE = re.compile(r"(?:19|20)\d\d")
#: A school year in Britain ("Year 1", "Year 10"): a class, not a date.
_SCHOOL_YEAR = re.compile(r"Year\s+\d{1,2}|Reception")
#: A word that spells a letter out: "T like Tom, K like kite", "B as in boy".
_SPELLING_WORD_BEFORE = re.compile(r"(?<![\w'’])(?!I\s)[A-Za-z]\s+(?:like|as\s+in|for)\s+$")
_LETTERS_APART = re.compile(r"[A-Za-z](?:\s[A-Za-z]){1,2}")
_DECIMAL = re.compile(r"\d+\.\d{1,2}|0\.\d+")
_YOUNG_AGE = re.compile(r"(?:[1-8]?\d)[\s-](?:years?|months?|weeks?|days?)[\s-]old")
#: A grade or a score written like a date: "a 2/6 systolic murmur", "5/5 strength", "pain
#: is 4/10". Dictated notes and speech recognition write them so.
_FRACTION = re.compile(r"\d{1,2}\+?/\d{1,2}")
_SCORE_AFTER = re.compile(
    r"\s*(?:systolic|diastolic|holosystolic|murmur|strength|reflex(?:es)?|pulses?|vision|"
    r"motor|grip|power|bilaterally|throughout|in\s+(?:all|both|the\s+(?:upper|lower))|"
    r"on\s+the\s+(?:pain\s+)?scale)\b",
    re.IGNORECASE,
)
_SCORE_BEFORE = re.compile(
    r"(?:\b(?:grade|strength|pain|rated|rates|scale|power|score|vision|motor|reflexes)"
    r"(?:\s+(?:is|was|of|at))?)\s+$",
    re.IGNORECASE,
)


#: Car models, which the tagger takes for places ("the white Camry").
_CAR_MODELS = wordset(
    """
    camry corolla prius rav4 tacoma tundra highlander sienna civic odyssey crv cr-v altima
    sentra elantra sonata jetta passat outback forester impreza wrangler silverado tahoe
    suburban malibu impala equinox f-150 f150 mustang durango
    """
)


_OVER_A = re.compile(r"(?i)\b(?:over|under|above|below|past)\s+(?:a\s+)?$")
_ORDINAL_ALONE = re.compile(
    r"(?i)the\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)"
)
#: What "the third" counts when it is no date: "the third cycle", "the first after".
_COUNTED = wordset(
    """
    cycle cycles round rounds dose doses infusion treatment treatments scan scans time times
    one ones session sessions fraction fractions visit visits after before week weeks try
    attempt line course block phase kid child grade surgery biopsy transfusion bag shot
    night nights day days morning mornings evening weekend month months year years few
    records record results report reports appointment appointments
    """
)
#: What follows a date said as an ordinal alone: "the fourteenth works", "the 3rd okay?"
_AFTER_A_DATE = wordset(
    "work works sound sounds look looks fit fits suit suits again still instead okay ok good "
    "fine right then too also maybe probably better best either"
)
_FEVER = re.compile(r"(?i)\b(?:fever|fevers|temp|temperature|degrees|thermometer|febrile)\b")
_DEVICE = re.compile(r"(?i)[a-z]{1,4}[-\s](?:tube|line|port|cath)")
#: Clinical departments: a clinic named for one names no place ("Urology clinic").
DEPARTMENTS = wordset(
    """
    urology neurology cardiology nephrology dermatology radiology gastroenterology gi pulmonology
    pulmonary endocrinology hematology orthopedics orthopaedics rheumatology ophthalmology
    radiation palliative transplant surgery surgical pain sleep wound genetics nutrition
    audiology psychiatry psychology neurosurgery gynecology obstetrics ent otolaryngology
    outpatient inpatient nurse navigator scheduler thoracic
    """
)
#: and a cytokine or a receptor by its number: "IL-2", "TNF-1"
_GENE_FUSION = re.compile(r"[A-Z][A-Z0-9]{1,4}-(?:[A-Z][A-Z0-9]{0,4}|\d{1,2}[a-z]?)")
#: What an eponym names: "Lynch syndrome", "Cushing's disease", "a Whipple procedure".
EPONYM_AFTER = re.compile(
    r"(?:['’]s)?\s+(?i:syndrome|disease|sign|procedure|operation|criteria|classification|"
    r"staging|scale|score|maneuver|manoeuvre|test|tumou?r|lymphoma|sarcoma|node|nodes|"
    # "the Glasgow coma scale", "Glasgow coma score of 14"
    r"coma)\b"
)
#: A tumour marker before its number: "CA 19-9", "CA-125".
_MARKER_BEFORE = re.compile(r"(?i)\bca[\s-]?$")
#: A trial's registration number is public, no one's identifier: "NCT04213456", "n c t ...".
TRIAL_REGISTRY = re.compile(r"(?i)\s*(?:nct\s*-?\d|n\s+c\s+t\b)")
_PET_KIND = re.compile(rf"(?i){PET_WORDS}")
_WORD_AND_NUMBER = re.compile(r"[A-Za-z]+\s+\d{1,2}")


@functools.cache
def demonyms() -> frozenset[str]:
    """What the people of a country are called, made from its name ("Liberian", "Kenyan",
    "Chinese", "Brazilian", "Somali"): an adjective, never a place of its own."""
    from rapport.privacy.engine import states_and_countries

    made: set[str] = set()
    for country in states_and_countries():
        if " " in country:
            continue
        made.update({country + "n", country + "an", country + "ian", country + "ese"})
        made.update({country[:-1] + "ian", country[:-1] + "an", country[:-1] + "ese"})
        if country.endswith("y"):
            made.add(country[:-1])  # "German"
        if country.endswith("ia"):
            made.add(country[:-1])  # "Somali"
    # and those no rule makes: "Turkish", "Polish", "Irish" ("Dutch" and "French" are also
    # surnames and nicknames, and "Swedish" a hospital in Seattle, and stay out)
    made.update(
        wordset("turkish polish danish finnish spanish irish scottish english british")
        | wordset("welsh kurdish greek thai swiss norwegian icelandic filipino peruvian")
        | wordset("yemeni iraqi israeli pakistani bangladeshi nepali afghan saudi kuwaiti omani")
        | wordset("qatari emirati lao malagasy")
    )
    return frozenset(made - states_and_countries())


def _untagged(span: str) -> bool:
    """What the tagger or spaCy may not remove on its own: a state or a country ("Kansas", "Nepal"),
    a year alone (Safe Harbor keeps years), a reduplicated toy's name, a program, two or
    three letters said apart ("E K G"), a decimal number ("100.4"), clinical acronyms
    ("PET-CT", "egd") or an age under 90 as a compound ("62-year-old")."""
    from rapport.privacy.engine import states_and_countries

    lower = span.lower().strip()
    return (
        lower in states_and_countries()
        or _YEAR_ALONE.fullmatch(lower) is not None
        or _REDUPLICATED.fullmatch(span) is not None
        or lower in PROGRAMS
        or (lower.split() or [""])[-1] in _CAR_MODELS  # "the silver Camry"
        or _LETTERS_APART.fullmatch(span) is not None
        or _DECIMAL.fullmatch(lower) is not None
        # clinical acronyms joined: "PET-CT", "PET/CT", "MRI-CT"
        or all(part in CLINICAL_ACRONYMS for part in re.split(r"[-/]", span.strip()))
        # and in lowercase speech recognition: "the egd showed"
        or (span.islower() and len(lower) >= 3 and lower.upper() in CLINICAL_ACRONYMS)
        # an age under 90 said as a compound: "a 62-year-old", "the 3-week-old"
        or _YOUNG_AGE.fullmatch(lower) is not None
        # a score or a stage: "Deauville 2"
        or (_WORD_AND_NUMBER.fullmatch(span.strip()) is not None and span.split()[0] in NOT_NAMES)
        or lower in demonyms()  # "the Liberian one"
        or lower in _FAITHS  # "we are Pentecostal"
        or _PET_KIND.fullmatch(lower) is not None  # "a little lhasa apso"
    )


def _ordinal_before_a_noun(text: str, finding: Finding) -> bool:
    from rapport.privacy.engine import inflected, rule_lexicons
    from rapport.privacy.medicines import drug_names

    if not _ORDINAL_ALONE.fullmatch(text[finding.start : finding.end]):
        return False
    if re.match(r"\s+[A-Z]{2,5}\b", text[finding.end :]):
        return True  # "The first AC is Thursday": a regimen or a scan, counted
    following = re.match(r"\s+([A-Za-z][a-z-]*)", text[finding.end :])
    if following is None:
        return False
    word = following.group(1).lower()
    # a noun after the ordinal, not "of", "is" or "at": "cutting the second hay"
    noun = (
        following.group(1).islower()
        and word not in rule_lexicons()[3]
        and word not in _AFTER_A_DATE
        and not inflected(word)
    )
    return word in _COUNTED or word in drug_names() or noun


def _before_its_number(span: str) -> str:
    return re.sub(r"\s+(?:id|number|card|no\.?|#)$", "", span)


def _after_a_word(span: str) -> str:
    return span.split(" ", 1)[1] if " " in span else span


def _department(span: str) -> bool:
    words = [w.lower() for w in span.split()]
    return any(w in DEPARTMENTS for w in words) and all(
        w in DEPARTMENTS or w in FACILITY_GENERIC for w in words
    )


def _counting(span: str) -> bool:
    """Number words that count up or down by one: a game or a breath, not a number."""
    numbers = [int(n) for n in spoken_numbers(span)]
    steps = {b - a for a, b in itertools.pairwise(numbers)}
    return len(numbers) >= 5 and len(steps) == 1 and abs(next(iter(steps))) == 1


def _inside_a_program(text: str, finding: Finding) -> bool:
    lower = text.lower()
    for program in PROGRAMS:
        if len(program) <= finding.end - finding.start or " " not in program:
            continue
        start = lower.find(program, max(0, finding.end - len(program)))
        while start != -1 and start <= finding.start:
            end = start + len(program)
            whole_words = (
                not lower[end : end + 1].isalnum() and not lower[start - 1 : start].isalnum()
            )
            if end >= finding.end and whole_words:
                return True
            start = lower.find(program, start + 1)
    return False


def _in_a_country_name(text: str, finding: Finding) -> bool:
    from rapport.privacy.engine import states_and_countries

    before = re.search(r"([A-Za-z]+)\s+$", text[: finding.start])
    after = re.match(r"\s+([A-Za-z]+)", text[finding.end :])
    span = text[finding.start : finding.end]
    return (
        before is not None and f"{before.group(1)} {span}".lower() in states_and_countries()
    ) or (after is not None and f"{span} {after.group(1)}".lower() in states_and_countries())


def _a_listed_name(word: str) -> bool:
    from rapport.privacy.engine import rule_lexicons

    first_names, surnames = rule_lexicons()[0], rule_lexicons()[5]
    return word.title() in first_names or word.title() in surnames


def false_alarms(text: str, finding: Finding) -> bool:
    """True for a finding that is no PHI: a reduplicated toy's name taken for a facility
    ("Bun-Bun"), a benefit program ("Apple Health", "her ProviderOne number"), or the end of
    a hyphenated compound taken for a name ("Spider-Man")."""
    span = text[finding.start : finding.end]
    if finding.source in ("tagger", "spacy") and _untagged(span):
        return True
    if finding.source in ("tagger", "spacy") and _SCHOOL_YEAR.fullmatch(span):
        return True
    if (
        finding.category == Category.NAME or finding.source in ("tagger", "spacy")
    ) and _SPELLING_WORD_BEFORE.search(text, 0, finding.start):
        return True  # "T like Tom": a word that spells a letter
    following = re.match(r"\s+([^\s,.!?]+)", text[finding.end :])
    if (
        finding.source == "RapportLexicon:first_name"
        and span.lower() in _COURTESIES
        and (
            (
                re.fullmatch(r"\s*", text[: finding.start])
                and re.match(r"[.,!]", text[finding.end :])
            )
            or (following is not None and following.group(1).lower() in _COURTESIES)
        )
    ):
        return True  # "Ta. Can the mask ...", "Kia ora": thanks and greetings, not names
    words = span.lower().split()
    if (
        finding.category == Category.FACILITY
        and len(words) > 1
        and words[0] in demonyms()
        and all(word in _ANY_PEOPLES_PLACE for word in words[1:])
    ):
        return True  # a people's school or store, no one place: "at Romanian school"
    if finding.source.startswith("RapportLexicon:") and _in_a_country_name(text, finding):
        return True  # "Costa Rica" holds no person called Rica
    if span.lower() in _PEOPLES and finding.source in ("tagger", "spacy", "RapportPatterns:named"):
        return True  # "it's Hmong medicine": no pattern names a person or a place by it
    if in_another_language(text, finding):
        return True
    if (
        finding.source in ("tagger", "spacy", "RapportLexicon:city")
        and all(word in _COURTESIES for word in re.findall(r"[^\s,.!?]+", span.lower()))
        # a shop named with a blessing is a place: "baklava from Bereket"
        and not re.search(r"(?i)\b(?:from|at|to|in)\s+$", text[: finding.start])
    ):
        return True
    if (
        finding.category == Category.DATE
        and _FRACTION.fullmatch(span)
        and (_SCORE_AFTER.match(text, finding.end) or _SCORE_BEFORE.search(text, 0, finding.start))
    ):
        return True
    if (
        finding.source in ("tagger", "spacy")
        and (
            # a transcriber's note: "[Tigrinya]", "[laughs]"
            (
                text[finding.start - 1 : finding.start] == "["
                and text[finding.end : finding.end + 1] == "]"
            )
            # a gene or a regimen: "BRAF", "R-CHOP", "CAR-T"
            or (finding.category == Category.NAME and span.isupper() and len(span) <= 6)
            or (
                span.replace("-", "").isalpha()
                and span.isupper()
                and any(len(p) == 1 for p in span.split("-"))
            )
            # a lowercase word after an article, in a lowercase turn: "they call it a sim" (but
            # "the ruiz family")
            or (
                finding.source == "spacy"
                and finding.category == Category.NAME
                and not re.match(r"\s+(?:family|kids|boys|girls|house)\b", text[finding.end :])
                and not _a_listed_name(span)
                and span.islower()
                and " " not in span
                and re.search(r"\b(?:the|a|an)\s+$", text[: finding.start]) is not None
            )
            or (  # a gene or a marker: "BCR-ABL", "PD-L1"
                _GENE_FUSION.fullmatch(span) is not None
                and finding.category in (Category.NAME, Category.FACILITY, Category.ADDRESS)
            )
        )
    ):
        return True
    if (
        finding.category in (Category.NAME, Category.FACILITY, Category.ADDRESS)
        and re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:['’]s)?", span) is not None
        and EPONYM_AFTER.match(text, finding.end)
    ):
        return True  # "it's not Lynch syndrome": an eponym
    first = span.split()[0] if span.split() else ""
    if (
        finding.category in (Category.NAME, Category.FACILITY, Category.ADDRESS)
        and re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:['’]s)?", first) is not None
        and EPONYM_AFTER.match(span, len(first))
    ):
        return True  # "the Glasgow Coma Scale" taken whole for a place: an eponym still
    if finding.category == Category.DATE and _MARKER_BEFORE.search(text, 0, finding.start):
        return True  # "the CA 19-9 is up": a tumour marker
    if finding.category in (Category.ID, Category.RECORD_NUMBER, Category.PHONE) and (
        TRIAL_REGISTRY.match(span) or re.search(r"(?i)\bn\s*c\s*t\s*$", text[: finding.start])
    ):
        return True  # "the study is n c t zero six two ...": a public registry number
    if (
        finding.category == Category.NAME
        and _PLACE_PREPOSITION_BEFORE.search(text, 0, finding.start)
        and _untagged(span)
    ):
        return True  # "the closest center is in Virginia": a state, which Safe Harbor keeps
    if finding.source == "RapportLexicon:first_name" and re.search(
        r"\b(?:the|a|an)\s+$", text[: finding.start]
    ):
        return True  # "the dex had me up": an article makes a word of a name
    if (
        finding.source in ("tagger", "spacy")
        and finding.category in (Category.NAME, Category.FACILITY, Category.ADDRESS, Category.PET)
        and re.sub(r"['’]s$", "", span.strip()) in NOT_NAMES
    ):
        return True  # "The Ewing's is behaving": an eponym, a word that is never a name
    if finding.category == Category.NAME and finding.source.endswith(("vocative", "tagger")):
        from rapport.privacy.engine import first_names
        from rapport.privacy.medicines import drug_names

        if span.lower() in drug_names() and span not in first_names():
            return True  # "no tamoxifen, no Keytruda, nothing": a drug between commas
    if finding.source == "RapportLexicon:first_name" and span.lower() in demonyms():
        return True  # "our German shepherd": a people's adjective, not a name
    if (finding.category != Category.DATE or finding.source == "tagger") and KIN.fullmatch(
        re.sub(r"['’]s?$", "", span.strip())
    ):
        return True  # "uncle" in a lowercase turn is no name, "at Grandma's" no place
    if (
        finding.source == "tagger"
        and finding.category == Category.AGE
        and re.search(r"(?i)\bthe\s+$", text[: finding.start])
    ):
        return True  # "Is the 96 why her nose bleeds?": a lab value
    if finding.category == Category.AGE and (
        _TEMPERATURE.fullmatch(span.strip())
        or _TEMPERATURE.match(text, finding.start)
        or _DECIMAL_POINT_AFTER.match(text, finding.end)
        or any(m.start() <= finding.start and finding.end <= m.end() for m in _COUNT.finditer(text))
        or _HUNDREDS_BEFORE.search(text, 0, finding.start)
    ):
        return True  # "ninety eight six" is a temperature; "hundred, ninety, eighty" a count
    if finding.category == Category.DATE and _ordinal_before_a_noun(text, finding):
        return True  # "The third cisplatin was Monday", "the first after the radiation"
    if finding.category == Category.AGE and (
        # a fever said just before: "a fever, one night, a hundred and one"
        _FEVER.search(text, max(0, finding.start - 40), finding.start)
        or _OVER_A.search(text, 0, finding.start)
    ):
        return True  # "the fever ... a hundred and one": a temperature
    if finding.category == Category.FACILITY and _department(span):
        return True  # "Urology clinic", "radiation oncology": a department, not a place
    if finding.category in (Category.FACILITY, Category.NAME) and _DEVICE.fullmatch(span):
        return True  # "G-tube", "PICC line"
    if finding.category == Category.PHONE and _counting(span):
        return True  # "one two three four five six seven, ready or not"
    if span.startswith("Children's") and _CHILDRENS_MEDICINE.match(text, finding.end):
        return True  # "Children's Tylenol"
    if finding.category == Category.URL and (".." in span or _SENTENCE_JOINED.fullmatch(span)):
        # a pause written as dots, or a missing space, not a web address: "Uh...no", "No.The"
        return True
    if finding.category in (Category.FACILITY, Category.ADDRESS):
        if _REDUPLICATED.fullmatch(span):
            return True
        if span.lower().strip() in PROGRAMS:
            return True
        if _after_a_word(span.lower().strip()) in PROGRAMS:
            return True  # "Still Peoples Health": a program after a word spaCy took along
        if _before_its_number(span.lower().strip()) in PROGRAMS:
            return True  # "the Medicaid ID", "DoD ID"
        said = text[finding.start :].lower()
        if any(
            said.startswith(p) and not said[len(p) : len(p) + 1].isalnum()
            for p in PROGRAMS
            if len(p) > len(span)
        ):
            return True  # the first word of a program or an insurer: "Blue" of "Blue Cross"
        if _inside_a_program(text, finding):
            return True  # "Health" of "the State Health Plan"
        if (
            finding.source in ("spacy", "tagger")
            and _PROGRAM_FOLLOWER.match(text, finding.end)
            and " " not in span
            and re.search(r"[a-z][A-Z]", span)
        ):
            return True  # "her ProviderOne number": a program written as one word
    # the end of a compound word: "Spider-Man"
    return (
        finding.category in (Category.NAME, Category.FACILITY)
        and finding.source != "hyphenated"
        and finding.start >= 2
        and text[finding.start - 1] == "-"
        and text[finding.start - 2].isalpha()
    )
