"""Word lists and regular-expression parts for PHI in speech: months, days, years,
holidays, titles, relations, facility and street words. ``patterns`` builds its
``ContextPattern`` list from them, and the context rules share them.
"""

from __future__ import annotations

import re

from rapport.privacy.lexicon import (
    CAPITAL_HOLIDAYS,
    HOLIDAYS,
    wordset,
)

MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
}
MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_UNITS = [
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
]
ORDINALS: dict[str, int] = {word: n for n, word in enumerate(_UNITS, start=1)}
ORDINALS.update(
    {
        "tenth": 10,
        "eleventh": 11,
        "twelfth": 12,
        "thirteenth": 13,
        "fourteenth": 14,
        "fifteenth": 15,
        "sixteenth": 16,
        "seventeenth": 17,
        "eighteenth": 18,
        "nineteenth": 19,
        "twentieth": 20,
        "thirtieth": 30,
    }
)
for _n, _word in enumerate(_UNITS, start=1):
    ORDINALS[f"twenty-{_word}"] = 20 + _n
    ORDINALS[f"twenty {_word}"] = 20 + _n
ORDINALS["thirty-first"] = ORDINALS["thirty first"] = 31
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def alternation(words: list[str] | tuple[str, ...] | set[str], *, capital: bool = False) -> str:
    ordered = sorted(words, key=len, reverse=True)
    if capital:
        ordered = [w[0].upper() + w[1:] for w in ordered]
    # a hyphen may be said as a space: "Hy Vee" for Hy-Vee
    escaped = (re.escape(w).replace(r"\ ", r"\s+").replace(r"\-", r"[-\s]") for w in ordered)
    return "(?:" + "|".join(escaped) + ")"


MONTH = alternation(list(MONTHS), capital=True)
MONTH_SHORT = "(?:" + alternation(list(MONTH_ABBREVIATIONS), capital=True) + r"\.?)"
ORDINAL_WORD = "(?i:" + alternation(list(ORDINALS)) + ")"
DAY_DIGITS = r"(?:3[01]|[12]\d|0?[1-9])"
DAY_NUMBER = DAY_DIGITS + r"(?:st|nd|rd|th)?"
DAY_SUFFIXED = DAY_DIGITS + r"(?:st|nd|rd|th)"
DAY = f"(?:{ORDINAL_WORD}|{DAY_NUMBER})"
YEAR = r"(?:(?:19|20)\d\d|'\d\d)"
#: A weekday in any case, or shortened, before a date: "tuesday the twenty eighth", "Tues
#: the 9th".
WEEKDAY = (
    r"\b(?i:"
    + alternation([*WEEKDAYS, "mon", "tues", "tue", "wed", "weds", "thurs", "thur", "thu"])
    + r"\.?|fri\.?|sat\.?|sun\.?)"
)
#: A month in any case ("december", as speech recognition writes it).
MONTH_ANY = "(?i:" + alternation(list(MONTHS)) + ")"
_TEENS = "(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = "(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_DIGIT_WORD = "(?:one|two|three|four|five|six|seven|eight|nine)"
#: A digit said as a word, as people read numbers out: "oh" and "zero" included.
SPOKEN_DIGIT = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"
#: A number word of two digits at most, as in "apartment three twelve" or "sixty eight".
NUMBER_WORD = rf"(?:{SPOKEN_DIGIT}|ten|eleven|twelve|\w+teen|{_TENS})"
#: A number from ten to ninety-nine said in words: "seventeen", "eighty-two".
NUMBER_PAIR = rf"(?:{_TEENS}|{_TENS}(?:[\s-]{_DIGIT_WORD})?)"
#: Twenty-one to ninety-nine in words, the unit always said: "fifty-two", "sixty one".
TENS_AND_UNIT = rf"(?:{_TENS}[\s-]{_DIGIT_WORD})"
#: Ninety to ninety-nine in words, ages over 89 as people say them.
NINETIES = rf"ninety(?:[\s-]{_DIGIT_WORD})?"
#: A year said in words: "twenty fourteen", "nineteen ninety-eight", "two thousand nine".
SPOKEN_YEAR = (
    rf"(?i:(?:nineteen|twenty)[\s-](?:oh[\s-]{_DIGIT_WORD}|{NUMBER_PAIR})"
    rf"|two\s+thousand(?:\s+and)?(?:\s+(?:{NUMBER_PAIR}|{_DIGIT_WORD}))?)"
)
HOLIDAY = "(?:(?i:" + alternation(list(HOLIDAYS)) + ")|" + alternation(list(CAPITAL_HOLIDAYS)) + ")"
# Nouns after "the 14th" or "the second" that make it an ordinal of something else
# ("the 4th cycle", "the second time") rather than a day of the month.
_ORDINAL_NOUNS = [
    "one",
    "ones",
    "time",
    "times",
    "thing",
    "things",
    "cycle",
    "cycles",
    "round",
    "rounds",
    "dose",
    "doses",
    "grade",
    "floor",
    "percentile",
    "year",
    "years",
    "week",
    "weeks",
    "month",
    "months",
    "day",
    "days",
    "try",
    "line",
    "place",
    "step",
    "part",
    "option",
    "scan",
    "scans",
    "course",
    "phase",
    "block",
    "set",
    "shot",
    "visit",
    "kid",
    "kids",
    "child",
    "baby",
    "trimester",
    "opinion",
    "half",
    "quarter",
    "chemo",
    "treatment",
    "surgery",
    "biopsy",
    "book",
    "books",
    "movie",
    "game",
    "period",
    "semester",
    "tumor",
    "spot",
    "person",
    "people",
    "question",
    "page",
    "slide",
    "stage",
    "level",
    "injection",
    "infusion",
    "lumbar",
    "session",
    "sessions",
    "marrow",
    "transplant",
    "relapse",
    "round-trip",
    "hour",
    "hours",
    "minute",
    "minutes",
    "pill",
    "pills",
    "lesion",
    "lesions",
]
#: A time after the day is no noun of it: "the eleventh at one".
NOT_NOUN = (
    r"(?!\s+(?:(?!at\s)[a-z]+\s+)?(?:" + "|".join(_ORDINAL_NOUNS) + r")\b)(?!\s+at\s+one\s+point)"
)

#: Latin-1 letters too: "Toña", "José", "Zoë".
_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿĀ-ſ"
#: A token ends where its letters end, so that "Guānyīn" (beyond Latin-1) yields no "Gu".
#: not the start of a contraction that the truecaser capitalised: "my dad Couldn't"
NAME_TOKEN = (
    rf"(?:Mc|Mac|O')?[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?(?![^\W\d_])(?!['’]t\b)"
)
NAME = rf"{NAME_TOKEN}(?:\s+{NAME_TOKEN})?"

CLINICAL_TITLES = r"(?:Dr\.?|Doctor|Doc|Nurse|NP|PA|RN|Professor|Prof\.?)"
OTHER_TITLES = (
    r"(?:Mr\.?|Mrs\.?|Ms\.?|Miss|Mx\.?|Coach|Pastor|Father|Rabbi|Imam|Reverend|Rev\.?|"
    # a priest, a monk or a teacher of the family's faith: "Qasha Benyamin", "Ajahn Souk"
    r"Qasha|Abouna|Abuna|Ajahn|Pandit|Swami|Sheikh|Deacon|Bishop)"
)
KIN_TITLES = (
    r"(?:Aunt|Auntie|Uncle|Grandma|Grandpa|Granny|Grandmother|Grandfather|Nana|Nanna|Papa|"
    r"Pop-pop|Abuela|Abuelo|Tia|Tio|Tía|Tío|Tita|Tito|Lola|Lolo|Avó|Avô|Vovó|Vovô|Oma|Opa|"
    r"Cousin|"
    r"Big\s+Mama)"
)
RELATIONS = (
    r"(?:sister|brother|sis|bro|son|daughter|cousin|friend|best\s+friend|boyfriend|girlfriend|"
    r"husband|wife|partner|fianc[ée]e?|mom|mum|mother|dad|father|stepdad|stepmom|stepmother|"
    r"stepfather|aunt|uncle|grandma|grandmother|grandpa|grandfather|granddaughter|grandson|"
    r"nephew|niece|neighbou?r|teacher|coach|nurse|doctor|therapist|social\s+worker|manager|boss|"
    r"roommate|classmate|buddy|pal|kid|baby|twin|godmother|godfather|audiologist|cardiologist|"
    r"surgeon|oncologist|radiologist|pediatrician|dentist|counselor|chaplain|pastor|"
    r"home\s+health\s+nurse|case\s+manager|pharmacist|navigator|scheduler|dietitian|"
    r"interpreter)"
)
#: A relation, or what a family calls a grandparent or a parent: never a place or a name
#: when it is all that is said ("at Grandma's in Tulsa", a speaker called "Abuela").
KINSHIP = (
    rf"(?i:{RELATIONS}|mama|mamá|papa|papá|abuela|abuelo|bisabuela|bisabuelo|nana|granny|grandad|granddaddy|"
    r"mamaw|papaw|auntie|oma|opa|"
    # what families of South Asian, Caribbean, East Asian, Jewish, Greek, Italian and Arab
    # heritage call their grandparents, parents, aunts and uncles ("Mom, Aji, take the chairs"),
    # and Afrikaans-speaking families ("Ouma", "Oupa")
    r"aji|aja|ajoba|ajji|nanaji|dadi|dadima|dadaji|nanima|ammi|abbu|amma|appa|ammamma|"
    r"paati|thatha|bhaiya|chacha|chachi|mausi|bua|nainai|yeye|laolao|waipo|waigong|"
    r"halmeoni|halmoni|harabeoji|eomma|obaachan|ojiichan|bubbe|bubbie|zayde|zaide|"
    r"babushka|dedushka|yiayia|yaya|papou|pappou|nonna|nonno|baba|bibi|jaddah|jeddo|teta|"
    r"sitto|sitti|jiddo|memaw|meemaw|pawpaw|abouna|abuna|pa|bubby|bobbe|bobe|zeidy|zaidy|"
    r"ammachi|appachan|ammachan|achachan|valiyappachan|dede|babaanne|anneanne|teyze|ouma|oupa)"
)
PET_WORDS = (
    r"(?:dog|doggy|doggo|puppy|pup|cat|kitten|kitty|hamster|gerbil|bunny|rabbit|guinea\s+pig|"
    r"horse|pony|bird|parrot|parakeet|budgie|fish|goldfish|lizard|gecko|bearded\s+dragon|"
    r"turtle|tortoise|snake|ferret|chinchilla|corgi|labrador|retriever|beagle|"
    r"poodle|pug|husky|terrier|chihuahua|dachshund|doodle|goldendoodle|labradoodle|"
    r"mutt|pit\s*bull|collie|spaniel|schnauzer|rottweiler|golden|heeler|shepherd|"
    r"shih\s+tzu|yorkie|maltese|bulldog|greyhound|hound|lhasa\s+apso|apso|shiba|akita|bichon|"
    r"havanese|pomeranian|sheltie|cockapoo|maltipoo|weimaraner|vizsla|mastiff|samoyed|"
    r"malamute|dalmatian|cockatiel|canary|hedgehog|bunny|coonhound|bluetick|redbone|"
    r"treeing\s+walker|chessie)"
)
FACILITY_WORDS = (
    r"(?:Hospital|Medical\s+Center|Medical\s+Centre|Medical\s+Group|Health\s+System|Health|"
    r"Healthcare|Clinic|Cancer\s+Center|Cancer\s+Centre|Cancer\s+Institute|Heart\s+Institute|"
    r"Institute|Infirmary|Hospice|Rehab|Rehabilitation|Surgery\s+Center|Surgical\s+Center|"
    r"Urgent\s+Care|Pharmacy|Elementary(?:\s+School)?|Middle\s+School|High\s+School|School|"
    r"Academy|University|College|Church|Temple|Mosque|Synagogue|House|Center|Centre|"
    r"Drilling|Medicine|Children's|Pavilion|Library|Tower|Wing|Hall|Building|"
    # practices, workplaces, schools and clubs: "Ozark Imaging", "Prairie Star Middle"
    r"Club|Imaging|Fertility|Dental|Dentistry|Orthopedics|Orthopaedics|Pediatrics|Associates|"
    r"Logistics|Industries|Manufacturing|Construction|Trucking|Motors|Daycare|Day\s+Care|"
    r"Preschool|Montessori|Manor|Cathedral|Chapel|Gym|Fitness|Credit\s+Union|Dialysis|Labs|"
    r"Laboratories|Nursing\s+Home|Home\s+Health|Senior\s+Living|Assisted\s+Living|Inc|LLC|"
    r"Corporation|Middle|High|Med|Head\s+Start|Meetinghouse|Meeting\s+House|Casino|"
    # where families stay near a treatment center: "the Timberline Inn"
    r"Inn|Motel|Lodge|Suites|Hotel|"
    # where a parent works or a family eats: "Drini Pizza", "Birchfield Farm"
    r"Pizza|Pizzeria|Bakery|Diner|Cafe|Café|Grill|Deli|Restaurant|Supermarket|Salon|"
    r"Barbershop|Garage|Hardware|Farms?|Ranch|Mall|Dairy|Creamery|Orchards?|Bistro|Taqueria|"
    r"Livestock|Feedlot|Auction|"
    # a pharmacy or a grocer by its kind: "Apple Rx", "Subzi Mandi", "Patel Brothers"
    r"Rx|Drugs?|Mandi|Market|Grocery|Groceries|Brothers|"
    # a grocer its members own: "Oneota Co-op"
    r"Co-op|Coop|Cooperative)"
)
STREET_WORDS = (
    r"(?:Street|Avenue|Road|Drive|Lane|Court|Boulevard|Way|Place|Circle|Terrace|Parkway|"
    r"Highway|Trail|Run|Loop|Square|Pike|Crescent|Close|Alley|Plaza)"
)
STREET_ABBREVIATIONS = r"(?:St|Ave|Rd|Dr|Ln|Ct|Blvd|Pl|Cir|Ter|Pkwy|Hwy|Trl)\.?"

CHILDRENS_MEDICINES = (
    r"(?i:tylenol|motrin|advil|benadryl|claritin|zyrtec|allegra|mucinex|dimetapp|robitussin|"
    r"delsym|pepto|ibuprofen|acetaminophen|vitamins?|medicine)"
)
#: The days of a month in Spanish words, accented or not ("dieciséis", "veintitres").
SPANISH_DAY = (
    r"(?:primero|uno|dos|tres|cuatro|cinco|seis|siete|ocho|nueve|diez|once|doce|trece|"
    r"catorce|quince|dieci(?:s[eé]is|siete|ocho|nueve)|veinti(?:uno|d[oó]s|tr[eé]s|cuatro|"
    r"cinco|s[eé]is|siete|ocho|nueve)|veinte|treinta(?:\s+y\s+uno)?)"
)

#: The days of a month in Portuguese words ("doze", "vinte e três").
PORTUGUESE_DAY = (
    r"(?:primeiro|um|dois|tr[eê]s|quatro|cinco|seis|sete|oito|nove|dez|onze|doze|treze|"
    r"qu?atorze|quinze|deze(?:s|a)s?seis|deze(?:s|a)s?sete|dezoito|dezenove|dezanove|"
    r"vinte(?:\s+e\s+(?:um|dois|tr[eê]s|quatro|cinco|seis|sete|oito|nove))?|trinta(?:\s+e\s+um)?)"
)

#: The days of a month in French words ("trente", "vingt et un", "premier").
FRENCH_DAY = (
    r"(?:premier|1er|un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|"
    r"quatorze|quinze|seize|dix-sept|dix-huit|dix-neuf|vingt(?:[\s-](?:et[\s-]un|deux|trois|"
    r"quatre|cinq|six|sept|huit|neuf))?|trente(?:[\s-]et[\s-]un)?)"
)

#: Acronyms that are clinical places or tests, not named facilities ("sent to PICU").
CLINICAL_ACRONYMS = wordset(
    """
    ER ED ICU PICU NICU CICU OR PACU PT OT ST GI ENT CT MRI PET IV IR ECG EKG EEG BMT HEM ONC
    PCP OB GYN ID US UK EU USA AM PM OK TV PE MD DO RN NP PA NG GT LP BP CBC CMP DKA CSF
    SNF LTAC ICU's ALL AML CML CLL APL MDS NHL ANC CRP LFT LFTS PICC CVC HCT SCT GVHD TPN NPO
    PRN BID TID QID ASAP FYI PTO FMLA HIPAA COVID MRSA ADHD IEP SSI SSDI WIC SNAP CHIP TANF EMS
    DNR POLST MOLST CPR AED ADL ADLS CNA LPN EMT BMI HPV HIV RSV CMV EBV UTI DVT CHF COPD
    OTC IVIG NICU's CAT PETCT ATM TBD EOD EOW ETA FDA CDC NIH PFT PFTS BMP EGD TTE TEE DEXA
    PTSD Rx RX
    """
)

#: A word in any Latin script, with its apostrophes and hyphens: "Toña", "Małgorzata",
#: "d'Haïti" (trimming to ASCII would leave "ña" behind).
LETTERS = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-])*")
#: A kinship word alone: "Mom", "uncle", "Abuela".
KIN = re.compile(KINSHIP)
