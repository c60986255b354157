"""Dates and ages said in the family's own language (round 15).

An interpreter or a grandparent says the date of birth or the age again in Korean, Greek,
Czech or Samoan: "Devadesát jedna" after "you're ninety-one", "sam-wol isip-pal-il" for
March 28th, "sefulufitu o Aperila" for April 17th. The month names below are those that
are not English words; a day or a year said before them in the same language is taken
with them.
"""

from __future__ import annotations

import re

from rapport.privacy.categories import Category
from rapport.privacy.findings import Finding, rule_finding
from rapport.privacy.vocabulary import MONTH

#: Ninety in languages families speak in clinic; an age over 89 starts with it. German and
#: Dutch say the unit first ("dreiundneunzig").
_NINETY = (
    r"(?:noventa|novant(?:uno|otto)|novanta(?:due|tre|quattro|cinque|sei|sette|nove)?|"
    r"quatre[\s-]vingt[\s-]dix|(?:\w+und)?neunzig|(?:\w+en)?negentig|"
    r"enen[ií]n[td]a|gusip|devades[aá]t|dev[aä]ťdesiat|dziewi[eę][cć]dziesi[aą]t|"
    r"devyanosto|devedeset|ch[ií]n\s+m[uư][oơ]i|siyamnapu|iva\s*sefulu|sagaashan|"
    r"tis['’]?[ie]e?n|navad|nabbe|doksan|kilencven|nittio|nitti|ky[uū]j[uū]u?|"
    # Armenian joins the unit on: "innsunmek" is 91
    r"inn?sun(?:mek|y?erku|y?erek|chors|hing|vets|yot|ut|iny?)?|"
    # Mongolian: "yeren gurav" is 93
    r"yer[eö]n|"
    # Hindi and Urdu say 91 to 99 as one word: "tiranve" is 93, "pachanve" 95
    r"ikyaa?nve|baa?nve|ti?rr?aa?nve|chauraa?nve|pachaa?nve|chh?iyaa?nve|sattaa?nve|"
    r"att?haa?nve|ninn?yaa?nve|"
    # Burmese: "ko-se-lei" is 94
    r"ko-se(?:-(?:tit|hnit|thone|lei|nga|chauk|khun-hnit|shit|ko))?)"
)
#: What may follow ninety to make 91 to 99: a digit word, after "y", "e", "i" or a hyphen.
_UNIT = (
    r"(?:[\s-]+(?:(?:y|e|et|i)\s+)?(?:uno|una|um|uma|dos|dois|duas|tres|tr[eê]s|cuatro|quatro|"
    r"cinco|seis|siete|sete|ocho|oito|nueve|nove|due|tre|quattro|sei|sette|otto|"
    r"[eé]na|d[yi]o|tr[ií]a|t[eé]ssera|p[eé]nte|[eé]xi|[eé][pf]ta|o[kc]h?t[oó]|enn?[eé]a|"
    r"il|i|sam|sa|o|yuk|chil|pal|gu|jedna|jeden|dva|dv[eě]|t[rř]i|[cč]ty[rř]i|p[eě]t|"
    r"[sš]est|sedm|osm|dev[eě]t|m[oố]t|hai|ba|b[oố]n|l[aă]m|s[aá]u|b[aả]y|t[aá]m|ch[ií]n|"
    r"tasi|lua|tolu|f[aā]|lima|ono|fitu|valu|iva|neg|khoyor|hoyor|gurav|d[oö]rv[oö]n|durvun|"
    r"tav|zurgaa|doloo|naim|yes|"
    # Japanese: "kyūjū-ni" is 92
    r"ichi|ni|san|yon|shi|go|roku|nana|shichi|hachi|kyū|kyu|ku))?"
)
_FOREIGN_AGE = re.compile(rf"(?i)(?<![\w'’-])(?P<phi>{_NINETY}{_UNIT})(?![\w'’])")
#: Words for age or years next to a number: "nai-ro" (Korean), "let" (Czech), "tuổi"; or the
#: age said again in English ("dreiundneunzig, ninety-three").
_AGE_WORD = re.compile(
    r"(?i)(?<![\w'’])(?:a[ñn]os|anni|ans|jahre|jaar|let|roků|lat|chronon|chronia|nai|sal|"
    r"saal|tu[oổ]i|taon|tausaga|sano|yaşında|yasinda|tarekan|tari|nastai|years?|old|a-thet|"
    # said of someone: "She's kyūjū-ni."
    r"she['’]s|he['’]s|i['’]m|"
    r"ninety|9\d)(?![\w'’])|\bnai-"
)
#: A relative said just before: "her mother is still there noventa y cinco".
_RELATIVE_BEFORE = re.compile(
    r"(?i)\b(?:mother|father|mom|dad|grandma|grandpa|grandmother|grandfather|abuela|abuelo|"
    r"mam[aá]|pap[aá]|nonna|nonno|av[oó]|aunt|uncle|t[ií]a|t[ií]o)\b[^.!?]{0,25}$"
)
_AMOUNT_AFTER = re.compile(
    r"(?i)\s+(?:dollars|d[oó]lares|pesos|euros|percent|por\s+ciento|pounds|libras|kilos|mg)\b"
)
#: A previous turn that says an age over 89, or asks one.
_AGE_BEFORE = re.compile(
    r"(?i)\b(?:ninety|9\d|1[01]\d)\b(?![\s-]*(?:percent|%|pounds|dollars|minutes|mg))|"
    r"\bhow\s+old\b|\bage\b"
)


def foreign_ages(text: str, previous: str | None) -> list[Finding]:
    """An age of ninety or more said in another language: next to a word for age or
    years, or at the start of a turn answering one said or asked just before ("He's
    ninety-three." "Enenínta tría")."""
    found: list[Finding] = []
    for match in _FOREIGN_AGE.finditer(text):
        near = text[max(0, match.start() - 25) : match.end() + 25]
        answer = (
            previous is not None
            and _AGE_BEFORE.search(previous) is not None
            and not text[: match.start()].strip(" ,.!?\"“'-")
        )
        relative = _RELATIVE_BEFORE.search(
            text, max(0, match.start() - 30), match.start()
        ) and not _AMOUNT_AFTER.match(text, match.end())
        if answer or relative or _AGE_WORD.search(near):
            found.append(rule_finding(*match.span("phi"), Category.AGE, "foreign_age"))
    return found


_KOREAN_NUMBER = r"(?:[a-z]+-)*(?:il|i|sam|sa|o|yuk|yu|chil|pal|gu|sip|baek|cheon)"
_SAMOAN_MONTH = (
    r"(?:Ianuari|Fepuari|Aperila|Iuni|Iulai|Aokuso|Setema|Oketopa|Novema|Tesema|Mati|Me)"
)
_GREEK_MONTH = (
    r"(?:Ianouar[ií]ou|Fevrouar[ií]ou|Mart[ií]ou|April[ií]ou|Ma[ïi][oó]u|Iouni?ou|Ioul[ií]ou|"
    r"Avg[oó]ustou|Septemvr[ií]ou|Oktovr[ií]ou|Noemvr[ií]ou|Dekemvr[ií]ou)"
)
_CZECH_MONTH = (
    r"(?:ledna|[uú]nora|b[rř]ezna|dubna|kv[eě]tna|[cč]ervna|[cč]ervence|srpna|z[aá][rř][ií]|"
    r"[rř][ií]jna|listopadu|prosince)"
)
_TAGALOG_MONTH = (
    r"(?:Enero|Pebrero|Marso|Abril|Mayo|Hunyo|Hulyo|Agosto|Setyembre|Oktubre|Nobyembre|"
    r"Disyembre)"
)
_VIETNAMESE_MONTH_NUMBER = (
    r"(?:gi[eê]ng|ch[aạ]p|m[uư][oờ]i(?:\s+m[oộ]t|\s+hai)?|m[oộ]t|hai|ba|t[uư]|b[oố]n|n[aă]m|"
    r"s[aá]u|b[aả]y|t[aá]m|ch[ií]n)"
)
#: One to thirty-one in Arabic, as Yemeni, Lebanese or Iraqi families say a day: "sitta wa
#: 'ishrin", "khamsta'sh".
_ARABIC_UNIT = (
    r"(?:wa[h7]id|ithn(?:an|ayn)|itnen|tnein|thalatha|talata|arba['’]?a|khamsa|sitta|"
    r"sab['’]?a|thamaniya|tamanya|tis['’]?a)"
)
_ARABIC_DAY = (
    rf"(?:(?:{_ARABIC_UNIT}\s+wa\s+)?(?:['’]?[ei]shr[iī]n|thalath[iī]n|talatin)|{_ARABIC_UNIT}"
    r"|['’]?ashara|[a-z]+t?a?['’]?shar)"
)
_SERBIAN_MONTH = (
    r"(?:januara|februara|marta|aprila|maja|juna|jula|avgusta|augusta|septembra|oktobra|"
    r"novembra|decembra)"
)
#: Uzbek and Turkish months, after a day said with the ordinal "-nchi" or "-inci" or in
#: digits: "yigirmanchi mart", "20 mart", "yirminci mayıs".
_TURKIC_MONTH = (
    r"(?:yanvar|fevral|mart|aprel|iyun|iyul|avgust|sentabr|sentyabr|oktabr|noyabr|dekabr|"
    r"ocak|şubat|subat|nisan|mayıs|mayis|haziran|temmuz|ağustos|agustos|eylül|eylul|ekim|"
    r"kasım|kasim|aralık|aralik)"
)
_PINYIN_NUMBER = r"(?:sh[ií]|y[iī]|[eè]r|s[aā]n|s[iì]|w[uǔ]|li[uù]|q[iī]|b[aā]|ji[uǔ])"
_FOREIGN_DATES = (
    # Serbian, Croatian and Bosnian, the day in the genitive: "devetnaestog decembra", "19.
    # decembra"
    re.compile(
        rf"(?i)(?<![\w'’-])(?:\d{{1,2}}\.\s*|[^\W\d_]+(?:og|eg)\s+){_SERBIAN_MONTH}(?![\w'’-])"
    ),
    # Uzbek and Turkish: "yigirmanchi mart", "on beşinci haziran"
    re.compile(
        r"(?i)(?<![\w'’-])(?:[^\W\d_]+(?:nchi|inci|ıncı|uncu|üncü)\s+|\d{1,2}\s+)"
        rf"{_TURKIC_MONTH}(?![\w'’-])"
    ),
    # Mandarin in pinyin: "shí yuè shí hào" (the tenth of October)
    re.compile(
        rf"(?i)(?<![\w'’-])(?:{_PINYIN_NUMBER}\s+){{1,2}}yu[eè]\s+(?:{_PINYIN_NUMBER}\s+){{1,3}}"
        r"(?:h[aà]o|r[iì])(?![\w'’-])"
    ),
    # Arabic, a day before the month said in English: "Sitta wa 'ishrin September"
    re.compile(rf"(?<![\w'’-])(?i:{_ARABIC_DAY})\s+{MONTH}(?![\w'’-])"),
    # Korean: "cheon-gubaek-yuksip-o-nyeon sam-wol isip-pal-il", the year and day optional
    re.compile(
        rf"(?i)(?<![\w'’-])(?:{_KOREAN_NUMBER}-?nyeon\s+)?"
        r"(?:il|i|sam|sa|o|yu|chil|pal|gu|si|sib-?il|sib-?i)-?wol"
        rf"(?:\s+{_KOREAN_NUMBER}-?il)?(?![\w'’-])"
    ),
    # Samoan: "sefulufitu o Aperila"; "Me" (May) and "Mati" (March) only after a day
    re.compile(
        rf"(?<![\w'’-])(?:(?i:[a-zā]+)\s+o\s+{_SAMOAN_MONTH}"
        r"|(?:Ianuari|Fepuari|Aperila|Iuni|Iulai|Aokuso|Setema|Oketopa|Novema|Tesema))(?![\w'’-])"
    ),
    # Greek, in the genitive after a day: "dekatésseris Septemvríou"
    re.compile(rf"(?i)(?<![\w'’-])(?:[^\W\d_]+\s+|\d{{1,2}}\s+)?{_GREEK_MONTH}(?![\w'’-])"),
    # Czech, after a day: "9. prosince", "devátého prosince"
    re.compile(rf"(?i)(?<![\w'’-])(?:\d{{1,2}}\.\s*|[^\W\d_]+ého\s+){_CZECH_MONTH}(?![\w'’-])"),
    # Tagalog: "ika-labing-walo ng Hunyo", "Hunyo a-kinse"
    re.compile(
        rf"(?<![\w'’-])(?:(?i:ika-?[\w-]+)\s+ng\s+{_TAGALOG_MONTH}|{_TAGALOG_MONTH}\s+(?i:a-[\w-]+|\d{{1,2}}))"
        r"(?![\w'’-])"
    ),
    # Vietnamese: the days of Tết, "mùng một Tết"
    re.compile(
        rf"(?i)(?<![\w'’-])m[uù]ng\s+(?:{_VIETNAMESE_MONTH_NUMBER}|\d{{1,2}})(?:\s+T[eế]t)?"
        r"(?![\w'’-])"
    ),
    # Vietnamese: "ngày mười lăm tháng ba", "tháng 3"
    re.compile(
        r"(?i)(?<![\w'’-])(?:ng[aà]y\s+(?:[^\W\d_]+\s+){1,2}|ng[aà]y\s+\d{1,2}\s+)?"
        rf"th[aá]ng\s+(?:\d{{1,2}}|{_VIETNAMESE_MONTH_NUMBER})(?:\s+n[aă]m\s+\d{{4}})?(?![\w'’-])"
    ),
)


def foreign_dates(text: str) -> list[Finding]:
    """A date said in Arabic, Serbian, Uzbek, Turkish, Mandarin, Korean, Samoan, Greek,
    Czech, Tagalog or Vietnamese."""
    return [
        rule_finding(*match.span(), Category.DATE, "foreign_date")
        for regex in _FOREIGN_DATES
        for match in regex.finditer(text)
    ]
