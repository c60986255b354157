"""Regular expressions for dates in speech, in every written and spoken form ("March 3rd",
"3/3", "the third of march", "december fifth twenty fourteen", "el 16 de marzo"), and
holidays; ``patterns`` runs them with the others. Relative dates ("last Tuesday") are left
alone: they identify no one.
"""

from __future__ import annotations

from rapport.privacy.categories import Category
from rapport.privacy.findings import ContextPattern
from rapport.privacy.findings import context_pattern as _p
from rapport.privacy.vocabulary import (
    DAY,
    DAY_SUFFIXED,
    FRENCH_DAY,
    HOLIDAY,
    MONTH,
    MONTH_ANY,
    MONTH_SHORT,
    NOT_NOUN,
    NUMBER_PAIR,
    ORDINAL_WORD,
    PORTUGUESE_DAY,
    SPANISH_DAY,
    SPOKEN_YEAR,
    TENS_AND_UNIT,
    WEEKDAY,
    YEAR,
)

#: The last two digits of a year, said in words ("sixty seven", "nineteen"), or the whole
#: year with "and" as some elders say it ("nineteen and forty-seven").
_YEAR_IN_WORDS = rf"(?i:(?:nineteen|eighteen)\s+and\s+{NUMBER_PAIR}|{NUMBER_PAIR})"
#: A day of the month said as a cardinal number in words: "Thirteen (of June)".
_DAY_AS_NUMBER = (
    r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|twenty(?:[\s-](?:one|two|three|four|five|six|"
    r"seven|eight|nine))?|thirty(?:[\s-]one)?)"
)
#: A year said in Spanish words: "mil novecientos setenta y cuatro", "dos mil diez".
_SPANISH_YEAR = (
    r"(?:(?:mil\s+novecientos|dos\s+mil)(?:\s+(?:y\s+)?(?:uno|dos|tres|cuatro|cinco|seis|siete|"
    r"ocho|nueve|diez|once|doce|trece|catorce|quince|dieci\w+|veinte|veinti\w+|treinta|"
    r"cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)){0,2}"
    # or its last two digits, as a birth date is said: "del sesenta y siete"
    r"|(?:cuarenta|cincuenta|sesenta|setenta|ochenta|noventa)(?:\s+y\s+(?:uno|dos|tres|"
    r"cuatro|cinco|seis|siete|ocho|nueve))?"
    # or in two numbers, as "twenty twenty" is said: "del veinte veinte"
    r"|veinte\s+(?:diez|once|doce|trece|catorce|quince|dieci\w+|veinte|veinti\w+))"
)

_SPANISH_MONTH = (
    r"(?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre)"
)

#: Months of the Hebrew, Islamic and Tamil calendars, by which families date a birthday, a
#: pilgrimage or a harvest feast: "the eighteenth of Safar", "the 3rd of Kislev".
_OTHER_CALENDAR_MONTH = (
    r"(?:Muharram|Safar|Rabi(?:\s+al-|\s+ul-|\s+)?(?:Awwal|Thani|Akhir)|Jumada(?:\s+al-|\s+)?"
    r"(?:Ula|Akhirah|Awwal|Thani)|Rajab|Sha['’]?ban|Ramadan|Ramzan|Shawwal|"
    r"Dhu(?:\s+al-|l-|\s+)(?:Qa['’]?dah|Hijjah)|Tishrei|Cheshvan|Heshvan|Kislev|Teves|Tevet|"
    r"Shevat|Adar|Nisan|Iyar|Sivan|Tammuz|Elul|"
    # and the Tamil calendar's: "the first of Thai"
    r"Chithirai|Vaikasi|Aani|Aadi|Avani|Purattasi|Aippasi|Karthigai|Margazhi|Thai|Maasi|"
    r"Panguni)"
)

DATE_PATTERNS: tuple[ContextPattern, ...] = (
    _p(
        "date_day_of_month",
        Category.DATE,
        rf"(?:{WEEKDAY},?\s+)?\b(?i:the\s+)?{DAY}\s+(?i:of)\s+{MONTH_ANY}"
        # the year's last two words after a comma: "Eighth of December, fifty-two"
        rf"(?:,?\s+(?:{YEAR}|{SPOKEN_YEAR})|,\s+(?i:{TENS_AND_UNIT}))?\b",
    ),
    _p(
        "date_day_of_other_calendar",
        Category.DATE,
        rf"\b(?i:the\s+)?{DAY}\s+(?i:of)\s+{_OTHER_CALENDAR_MONTH}\b",
    ),
    _p(
        "date_month_day",
        Category.DATE,
        # "November 24th of '19" too
        rf"(?:{WEEKDAY},?\s+)?\b(?:{MONTH}|{MONTH_SHORT})\s+(?i:the\s+)?{DAY}\b"
        rf"(?:,?\s+(?:(?i:of)\s+)?(?:{YEAR}|{SPOKEN_YEAR})\b)?",
    ),
    # a month in lowercase, as speech recognition writes it, before a day said in words or
    # digits ("december fifth twenty fourteen"), or after a preposition ("in july")
    _p(
        "date_month_day_lower",
        Category.DATE,
        rf"\b(?i:{WEEKDAY},?\s+)?\b{MONTH_ANY}\s+(?i:the\s+)?{DAY}\b"
        # the year in two words or one, as a date of birth is said: "october thirtieth sixty seven"
        rf"(?:,?\s+(?:{YEAR}|{SPOKEN_YEAR}|{_YEAR_IN_WORDS})\b)?",
        0.7,
    ),
    # the day first, as the services say it: "oh three June nineteen"
    _p(
        "date_military_spoken",
        Category.DATE,
        rf"(?i)\b(?:oh|zero)\s+(?:one|two|three|four|five|six|seven|eight|nine)\s+{MONTH_ANY}"
        rf"(?:\s+{_YEAR_IN_WORDS})?\b",
        0.7,
    ),
    _p(
        "date_month_lower",
        Category.DATE,
        r"(?i:\b(?:in|since|until|till|by|early|late|mid|next|last|this|through|end\s+of|"
        rf"start\s+of)\s+|\b(?i:early|late|mid)-)(?P<phi>{MONTH_ANY})\b(?![-'’]\w)",
        0.6,
    ),
    _p("date_month_year", Category.DATE, rf"\b(?:{MONTH}|{MONTH_SHORT}),?\s+(?:19|20)\d\d\b"),
    _p("date_month", Category.DATE, rf"\b(?!May\b){MONTH}\b(?![-'’]\w)", 0.75),
    # a month that is no name, with its "'s": "July's fine, just not the 24th"
    _p(
        "date_month_possessive",
        Category.DATE,
        r"\b(?:January|February|July|September|October|November|December)(?=['’]s\b)",
        0.75,
    ),
    _p(
        "date_may",
        Category.DATE,
        r"(?i:\b(?:in|of|since|until|till|by|early|late|mid|this|next|last|from|through|before|"
        r"after|end\s+of|start\s+of)\s+)(?P<phi>May)\b",
        0.75,
    ),
    # May beside another month: "so May or June I'm free", "June or May"
    _p(
        "date_may_with_a_month",
        Category.DATE,
        rf"\bMay(?=\s+(?:or|and|to|through)\s+{MONTH}\b)",
        0.75,
    ),
    _p(
        "date_may_after_a_month",
        Category.DATE,
        rf"(?:{MONTH}\s+(?:or|and)\s+)(?P<phi>May)\b",
        0.75,
    ),
    # May after "not", closing a clause: "it's August 15th, not May."
    _p("date_may_not", Category.DATE, r"(?i:\bnot\s+)(?P<phi>May)(?=\s*[.,!?;])", 0.75),
    _p(
        "date_numeric",
        Category.DATE,
        r"(?<![\d/.])(?:1[0-2]|0?[1-9])[/-](?:3[01]|[12]\d|0?[1-9])(?:[/-](?:19|20)?\d\d)?(?![\d/])",
        0.8,
    ),
    _p("date_iso", Category.DATE, r"\b(?:19|20)\d\d-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"),
    _p(
        "date_the_day",
        Category.DATE,
        rf"(?:{WEEKDAY},?\s+)?\b(?i:the)\s+(?:{DAY_SUFFIXED}|{ORDINAL_WORD})\b"
        rf"(?:\s+(?i:of\s+(?:this|next|last|the)\s+month))?{NOT_NOUN}",
        0.7,
    ),
    # after a weekday it is a date whatever follows: "monday the seventeenth cycle five"
    _p(
        "date_weekday_the_day",
        Category.DATE,
        rf"{WEEKDAY},?\s+(?i:the)\s+(?:{DAY_SUFFIXED}|{ORDINAL_WORD})\b(?!\s+(?i:times?)\b)",
        0.7,
    ),
    # a day of the month taken up at the start of a turn: "twentieth works", "21st is fine"
    _p(
        "date_day_agreed",
        Category.DATE,
        # from the eleventh: "first is fine" may be an order
        r"^(?i:\d{1,2}(?:st|nd|rd|th)|eleventh|twelfth|[a-z]+teenth|twentieth|thirtieth|"
        r"(?:twenty|thirty)[\s-](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth))"
        r"(?=,?\s+(?i:works|sounds|suits|is\s+(?:fine|good|better|"
        r"perfect|great|okay|ok)|it\s+is)\b)",
        0.6,
    ),
    # the second of two days: "the 29th and 30th", "September 14th and 15th"
    _p(
        "date_the_day_pair",
        Category.DATE,
        rf"(?:(?i:\bthe\s+)|\b{MONTH}\s+){DAY_SUFFIXED}\s+(?i:and|or|to|through|thru)\s+(?i:the\s+)?"
        rf"(?P<phi>{DAY_SUFFIXED})\b",
        0.7,
    ),
    # the same in words after a month: "november third and fourth"
    _p(
        "date_the_day_pair_words",
        Category.DATE,
        rf"\b{MONTH_ANY}\s+(?i:the\s+)?{ORDINAL_WORD}\s+(?i:and|or|to|through|thru)"
        rf"\s+(?i:the\s+)?(?P<phi>{ORDINAL_WORD}){NOT_NOUN}\b",
        0.7,
    ),
    _p(
        "date_holiday",
        Category.DATE,
        # "the first day of Tết", "the last night of Hanukkah"
        rf"(?:(?i:the\s+(?:first|second|third|fourth|fifth|last)\s+(?:day|night)\s+of)\s+)?"
        # with a French or Darija article: "l'Eid"
        rf"(?:\b[lL]['’])?\b{HOLIDAY}\b(?:\s+(?i:eve|day))?",
    ),
    # a named day that no list holds, as people capitalise it: "Code Talkers Day"
    _p(
        "date_named_day",
        Category.DATE,
        # not a title and a surname: "Dr Day"
        r"\b(?!(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Nurse|Coach|Pastor|Every|Good|One|Same|Next|Last|"
        r"First|Second|Third|Each|Whole|Big|Long|Hard|"
        r"Bad|Rest|Sick|Snow|Infusion|Clinic|Chemo|Treatment|Surgery|Scan|Transplant|The|This|"
        r"That|Today|A|An|Any|Some|Day|Birth|Pay|Visit|Discharge|Admission|Work|Off|Half|Full|"
        r"Busy|Slow|Great|Nice|Lovely|Rough|Tough|Other|Another|Which|What|Whatever|My|His|Her|"
        r"Our|Their|Your|Its|Happy)\b)"
        # two names joined: "Friends and Family Day"
        r"(?:[A-ZÀ-Þ][a-zß-ÿĀ-ſ]+\s+and\s+)?"
        r"(?:[A-ZÀ-Þ][a-zß-ÿĀ-ſ'’]+\s+){1,3}Day\b(?!\s+(?:Care|Hospital|Unit|Program|Surgery|Clinic|"
        r"Treatment|Center|Centre|Camp|One|Two|Three|\d))",
        0.7,
    ),
    # Spanish, as families and interpreters say it: "el 2 de febrero", "primero de mayo"
    _p(
        "date_spanish",
        Category.DATE,
        rf"(?i)\b(?:el\s+)?(?:\d{{1,2}}|{SPANISH_DAY})\s+de\s+{_SPANISH_MONTH}\b"
        rf"(?:\s+del?\s+(?:\d{{4}}|{_SPANISH_YEAR})|,\s+{_SPANISH_YEAR})?",
        0.8,
    ),
    # a feast or fair by its name in Spanish: "la feria de la chinita", "las fiestas de San
    # Fermín", "el Día de los Muertos"
    _p(
        "date_spanish_feast",
        Category.DATE,
        r"(?i)\b(?:feria|fiestas?|d[ií]a)\s+(?:de|del)\s+(?:la\s+|el\s+|los\s+|las\s+)?"
        r"(?:san\s+|santa\s+|santo\s+|nuestra\s+se[ñn]ora\s+de\s+(?:la\s+|los\s+)?)?"
        r"(?!(?:semana|mes|año|mañana|hoy|trabajo|cumpleaños|escuela|cita)\b)[a-zà-ÿ]{3,}\b",
        0.6,
    ),
    # a day of this month in Spanish, as its own phrase: "el veintiocho es la procesión"
    _p(
        "date_spanish_day",
        Category.DATE,
        rf"(?i)\bel\s+{SPANISH_DAY}\b(?=\s*[,.;!?]|\s*$|\s+(?:es|fue|ser[aá]|que\s+viene|"
        r"(?:de|del)\s+(?:este|cada|ese)\s+mes|tengo|tiene|hay|vamos|voy|nos\s+vemos|"
        # "el veinticuatro está bien"
        r"est[aá]|queda|sirve|me\s+sirve|no\s+puedo|puedo)\b)",
        0.7,
    ),
    # "the Day of the Dead", "the Day of Charity"
    _p(
        "date_day_of",
        Category.DATE,
        r"(?<=\bthe )Day\s+of\s+(?:the\s+)?[A-ZÀ-Þ][a-zß-ÿĀ-ſ'’]+(?:\s+[A-ZÀ-Þ][a-zß-ÿĀ-ſ'’]+)?",
        0.75,
    ),
    # a saint's feast: "the fiesta of santa eulalia", "the feast of Saint Anthony"
    _p(
        "date_feast_of_saint",
        Category.DATE,
        r"(?i:\b(?:fiesta|feast|festival|day)\s+of\s+)(?P<phi>(?i:san|santa|santo|saint|st\.?)\s+"
        r"[A-Za-zÀ-ÿ]{3,}(?:\s+(?i:de|del)\s+[A-Za-zÀ-ÿ]{3,})?)\b",
        0.75,
    ),
    # a saint's day: "Saint Jean Baptiste Day", "St. Joseph's Day"
    _p(
        "date_saint_day",
        Category.DATE,
        r"(?i:\b(?:st\.?|saint)\s+)[A-Za-zÀ-ÿ'’]+(?:\s+[A-Za-zÀ-ÿ'’]+){0,2}\s+(?i:day)\b"
        # in Hungarian: "szent istvan nap", "Szent István napja"
        r"|(?i:\bszent\s+)[A-Za-zÀ-ÿ]+\s+(?i:napja|nap)\b",
        0.8,
    ),
    # a named day or feast in Spanish or Portuguese: "el Día de la Altagracia", "Dia de Reis",
    # "las Fiestas Agostinas"
    _p(
        "date_spanish_named_day",
        Category.DATE,
        r"\b(?:D[ií]a|Fiesta|Festa)\s+d(?:e|el|a|o|os|as)(?:\s+(?:la|los|las|el))?\s+"
        r"[A-ZÀ-Þ][\w'’]+(?:\s+[A-ZÀ-Þ][\w'’]+){0,2}"
        # or by the feasts' adjective: "las Fiestas Agostinas", "Fiestas Patrias"
        r"|\bFiestas\s+[A-ZÀ-Þ]\w+as\b",
        0.75,
    ),
    # a month alone in Spanish or Portuguese: "lo deciden en diciembre"
    _p(
        "date_month_spanish",
        Category.DATE,
        r"(?i:\b(?:en|de|em|para|hasta|desde|in)\s+)(?P<phi>(?i:enero|febrero|marzo|abril|junio|"
        r"julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre|janeiro|fevereiro|"
        r"mar[cç]o|junho|julho|setembro|outubro|novembro|dezembro))\b",
        0.7,
    ),
    # Portuguese: "doze de outubro", "o dia 3 de março"
    _p(
        "date_portuguese",
        Category.DATE,
        rf"(?i)\b(?:\d{{1,2}}|{PORTUGUESE_DAY})\s+de\s+(?:janeiro|fevereiro|mar[cç]o|abril|maio|"
        r"junho|julho|agosto|setembro|outubro|novembro|dezembro)\b"
        r"(?:\s+del?\s+\d{4})?",
        0.8,
    ),
    # French: "le trente juin", "12 octobre"
    _p(
        "date_french",
        Category.DATE,
        rf"(?i)\b(?:le\s+)?(?:\d{{1,2}}|{FRENCH_DAY})\s+(?:janvier|f[ée]vrier|mars|avril|mai|juin|"
        r"juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre)\b(?:\s+\d{4})?",
        0.8,
    ),
    # a weekday and its day in Spanish: "el viernes catorce", "lunes quince de diciembre"
    _p(
        "date_spanish_weekday",
        Category.DATE,
        r"(?i)\b(?:lunes|martes|mi[eé]rcoles|jueves|viernes|s[aá]bado|domingo)\s+"
        rf"(?:{SPANISH_DAY}|\d{{1,2}})\b(?:\s+de\s+{_SPANISH_MONTH})?",
        0.75,
    ),
    # a weekday of a month: "the first Saturday in May", "the last weekend in august"
    _p(
        "date_weekday_of_month",
        Category.DATE,
        r"(?i)\bthe\s+(?:first|second|third|fourth|fifth|last|1st|2nd|3rd|4th)\s+"
        # "the last full weekend in July"
        # and "the third week of August"
        r"(?:full\s+|long\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|"
        r"week)\s+(?:in|of)\s+"
        rf"{MONTH_ANY}",
        0.8,
    ),
    # the day and the month both as ordinals, as some say it: "Fourteenth of the third,
    # twenty-nineteen"
    _p(
        "date_ordinal_of_ordinal",
        Category.DATE,
        rf"\b(?:the\s+)?{DAY}\s+of\s+the\s+(?i:first|second|third|fourth|fifth|sixth|seventh|"
        r"eighth|ninth|tenth|eleventh|twelfth|1st|2nd|3rd|[4-9]th|1[012]th)\b"
        # the year whole, or its last two digits: "Eleventh of the second, sixty-one"
        rf"(?:,?\s+(?:{YEAR}\b|{SPOKEN_YEAR}|{TENS_AND_UNIT}\b))?",
        0.75,
    ),
    # a day said as a number before "of" and the month: "Thirteen of June, twenty sixteen"
    _p(
        "date_number_of_month",
        Category.DATE,
        rf"(?i:\b{_DAY_AS_NUMBER}\s+of\s+){MONTH}\b(?:,?\s+(?:{YEAR}\b|{SPOKEN_YEAR}))?",
        0.75,
    ),
    # the same without "of", where the year after it makes it a date: "Fifteen March twenty
    # twenty"
    _p(
        "date_number_month_year",
        Category.DATE,
        rf"(?i:\b{_DAY_AS_NUMBER}\s+){MONTH}\b,?\s+(?:{YEAR}\b|{SPOKEN_YEAR})",
        0.75,
    ),
    # the Fourth of July, wished: "Happy Fourth"
    _p("date_happy_fourth", Category.DATE, r"(?i:\bhappy\s+)(?P<phi>Fourth)\b", 0.75),
    # a festival named with "-fest": "Polyfest", "Summerfest"
    _p("date_fest_joined", Category.DATE, r"\b[A-Z][a-z]{3,}fest\b", 0.7),
    # a town's days named for a year: "Days of '49"
    _p("date_days_of_year", Category.DATE, r"\bDays\s+of\s+['’]\d\d\b", 0.7),
    # a people's New Year, or New Year said as a day: "Mien New Year", "crossed for New Year"
    # (not "the New Year" or "our New Year", which name no day of their own)
    _p(
        "date_new_year",
        Category.DATE,
        r"(?:\b(?!(?:The|Our|This|That|Next|Last|Happy|A|An|For|At|By|Every|Each|Their|His|Her|"
        r"My|Your|Its|Since|Until|Before|After)\b)[A-Z][a-z]+\s+"
        r"|(?<=\bfor\s)|(?<=\bat\s)|(?<=\bby\s)|(?<=\buntil\s)|(?<=\btill\s)|(?<=\bbefore\s)"
        r"|(?<=\bafter\s)|(?<=\bsince\s))"
        r"New\s+Year(?:['’]s)?(?:\s+(?:Day|Eve))?\b",
        0.8,
    ),
    # a town's festival or fair by its name: "the Bourbon Festival", "Makah Days"
    _p(
        "date_named_festival",
        Category.DATE,
        r"\b(?!(?:The|A|An|This|That|Our|My|Your|His|Her|Their|Every|Next|Last|Film|Music|Book|"
        r"Science|Art|Arts|Food|Craft|County|State|Street|Summer|Winter|Spring|Fall|Two|Three|"
        r"Four|Five|Six|Seven|Some|Many|Few|Both|Those|These|Good|Bad|Rest|Sick|Happy|Early|"
        r"Glory|Old|Dog|School|Chemo|Clinic|Hospital|Job|Health|Career|Resource|Craft)\b)"
        r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?:\s+[A-Z][a-z]+){0,2}\s+"
        # "the Mid-Winter Fair"
        r"(?:Festival|Fest|Jubilee|Regatta|Homecoming|Days|Fair|Roundup|Round-Up|Rodeo|Stampede|"
        r"Powwow|Pow\s+Wow)\b",
        0.7,
    ),
)
