"""Names a turn declares as names, whatever the word is otherwise (rounds 22 and 24): "his
name is Baby", "my brother Baby is flying in", a maiden name; and in a lowercase call the
person asked for ("is this dale this is mackenzie"), whose number it is ("dale's cell")
and (round 33) a nickname ("everybody calls me bud"), a name spelled by its letter ("erzsi
with a z") and a person by their desk ("Tove at the front desk"); and (round 38) a caller
before their role ("this is misty i'm the nurse") and a relative by a given name that is
also a word ("our daughter crystal up in beckley"); and (round 43) a family by its home ("is
this the cotton residence")."""

from __future__ import annotations

import re

from rapport.privacy.categories import Category
from rapport.privacy.engine import everyday_words, inflected, rule_lexicons
from rapport.privacy.findings import Finding, rule_finding
from rapport.privacy.lexicon import wordset
from rapport.privacy.vocabulary import KIN
from rapport.privacy.wordlists import NOT_NAMES, WORDLIKE_FIRST_NAMES

#: "his name is Baby", "her name's Joy", "we named him Sunny", "everyone calls her Precious".
_NAME_DECLARED = re.compile(
    r"(?i:\b(?:(?:his|her|my|their|your|the\s+baby's)\s+(?:first\s+|real\s+)?name(?:\s+is|'s|’s)"
    r"|(?:we|they|i)\s+(?:named|name|call|called)\s+(?:him|her|them)"
    r"|(?:everyone|everybody|people|we|they)\s+calls?\s+(?:him|her|me))\s+)"
    r"(?P<phi>[A-Z][a-z]+)\b"
)
#: The same in a lowercase turn, where the name may be any word: "everybody calls me bud",
#: "and my doctor's named glass".
_NAME_DECLARED_LOWERCASE = re.compile(
    r"\b(?:(?:everyone|everybody|people|folks|friends|(?P<one>she|he|they))\s+(?:calls?|called)\s+"
    r"(?:him|her|me)"
    r"|(?:doctor|nurse|teacher|coach|pastor|boss|neighbor|neighbour)(?:'s|’s|\s+is)\s+named)\s+"
    r"(?P<phi>[a-z]{3,})\b"
)
#: In Spanish, in a lowercase turn, a relative's name: "mi cuñado xhuwan", "el papá de
#: yoli".
_SPANISH_RELATIVE_LOWERCASE = re.compile(
    r"\b(?:(?:mi|su|tu)\s+(?:cuñad[oa]|herman[oa]|prim[oa]|t[ií][oa]|hij[oa]|espos[oa]|abuel[oa]|"
    r"sobrin[oa]|niet[oa]|comadre|compadre|suegr[oa])"
    r"|(?:el|la)\s+(?:pap[aá]|mam[aá]|abuel[oa]|t[ií][oa]|herman[oa])\s+de)\s+(?P<phi>[a-zá-úñ]{3,})\b"
)
#: Spanish words that follow a relative and are no name: "mi hermano se queda".
_SPANISH_NOT_NAMES = wordset(
    """
    que quien se es está esta estaba vive trabaja tiene tenía va viene dice dijo también ella
    él ellos nosotros usted mismo misma todo toda nunca siempre ya allá aquí mayor menor
    chiquito chiquita pequeño pequeña
    """
)
#: A given name, then the nickname everybody uses: "Dontavious, but everybody says Tay".
_NAME_THEN_NICKNAME = re.compile(
    r"(?<![\w'’-])(?P<phi>[A-Z][a-z]{2,}),?\s+but\s+(?:everybody|everyone|we|they|people|y'all)\s+"
    r"(?:says?|calls?\s+(?:him|her|me|them))\s+[A-Z][a-z]+"
)
#: A given name and a last initial, as friends say it: "tell Danny O he owes me".
_NAME_AND_INITIAL = re.compile(r"(?<![\w'’-])(?P<phi>[A-Z][a-z]{2,}\s+[B-HJ-Z])(?=\s+[a-z]|[,.!?])")
#: A name and the letter that spells it out: "erzsi with a z", "Katharine with a K".
_NAME_WITH_LETTER = re.compile(r"\b(?P<phi>[A-Za-z][a-z]{2,})\s+with\s+an?\s+[A-Za-z](?![\w'’-])")
#: A person by the desk they sit at: "Tove at the front desk will send the reminder".
_AT_THE_DESK = re.compile(
    r"(?<![\w'’-])(?P<phi>[A-Z][a-z]{2,})\s+(?:at|from)\s+the\s+(?:front\s+)?desk\b"
    r"|(?<![\w'’-])(?P<post>[A-Z][a-z]{2,})\s+(?:in|from)\s+(?:scheduling|billing|registration)\b"
)
#: A family word, then an endearment that is the person's name: "my brother Baby", "her
#: son Junior". Without the capital, or after a comma, it is only a word ("my baby brother").
_RELATIVE_CALLED = re.compile(
    r"(?i:\b(?:my|his|her|our|your|their)\s+(?:older\s+|younger\s+|little\s+|big\s+)?"
    r"(?:brother|sister|son|daughter|cousin|uncle|aunt|nephew|niece|husband|wife)\s+)"
    r"(?P<phi>Baby|Honey|Buddy|Bud|Sonny|Junior|Precious|Sunny|Sugar|Pumpkin|Bebe|Baba)\b"
)
#: A name asked about as someone's own: "so is dutch your real name", "is Bo his given name?".
_NAME_ASKED = re.compile(
    r"(?i:\bis\s+)(?P<phi>[A-Za-z][a-z]{2,})(?i:\s+(?:your|his|her|their)\s+(?:real|actual|"
    r"given|legal|first|birth)\s+name\b)"
)
#: A surname someone had before marrying: "her maiden name is Mistry", "Zarine was a Mistry
#: before we married".
_MAIDEN_NAME = re.compile(
    r"(?i:\bmaiden\s+name(?:\s+is|\s+was|'s)\s+|\bn[ée]e\s+)(?P<phi>[A-Z][a-z]+)\b"
    r"|\bwas\s+an?\s+(?P<before>[A-Z][a-z]+)\s+before\s+(?:we|she|he|they|i)\s+(?:got\s+)?married\b"
)
#: Whose number it is, in a lowercase turn: "dale's cell is six oh eight ...".
_WHOSE_NUMBER = re.compile(
    r"\b(?P<phi>[a-z]{3,})['’]s\s+(?:cell|cellphone|phone|number|email|e-mail|work\s+number|"
    r"house\s+phone|landline)\b"
)
_NOT_WHOSE = wordset(
    "office clinic school work home house doctor nurse team hospital pharmacy center desk "
    "company church camp program insurance that what who it there here everyone everybody "
    "nobody somebody someone other mine"
)
#: In a lowercase call, the person asked for: "is this dale this is mackenzie from ...".
_ASKED_FOR = re.compile(
    r"\bis\s+this\s+(?P<phi>[a-z]{3,})"
    r"(?=\s+(?P<introduced>this\s+is|it's|it’s|my\s+name)\b|\s*\?)"
)
#: In a lowercase call, the caller saying who they are before their role: "this is misty
#: i'm the nurse navigator"; and a relative's given name before what they do or where they
#: are: "our daughter crystal up in beckley".
_INTRODUCED = re.compile(
    r"\bthis\s+is\s+(?P<phi>[a-z]{3,})\s+(?=(?:i['’]m|i\s+am|from|with|calling|over\s+at)\b)"
)
#: ... or before their birthday, with their surname: "this is earl cotton birthday's july".
_INTRODUCED_WITH_BIRTHDAY = re.compile(
    r"\bthis\s+is\s+(?P<phi>[a-z]{3,}(?:\s+[a-z]{2,}){0,2})\s+"
    r"(?=(?:birthday|birth\s+date|date\s+of\s+birth|d\s?o\s?b|born)\b)"
)
_RELATIVE_LOWERCASE = re.compile(
    r"\b(?:my|his|her|our|your|their|the)\s+(?:older\s+|younger\s+|oldest\s+|youngest\s+)?"
    r"(?:daughter|son|sister|brother|wife|husband|niece|nephew|cousin|granddaughter|grandson)\s+"
    r"(?P<phi>[a-z]{3,})\s+(?=(?:up|down|over|out|who|she|he|does|lives|works|is|was|has|said|"
    r"drives|calls|comes)\b)"
)
#: A family by its surname and its home, as a caller asks for it: "is this the cotton
#: residence", "the Begay household".
_FAMILY_HOME = re.compile(
    r"(?i:\bthe\s+)(?P<phi>[A-Za-z][a-z'’-]{2,})(?i:\s+(?:residence|household)\b)"
)
_NOT_FAMILY = wordset(
    "same main primary family whole new old other current permanent legal home second single "
    "student private shared entire patient's patient child's parents' foster group nursing"
)
_NOT_ASKED_FOR = wordset(
    "okay ok right normal good bad serious safe real true it everything mom dad doctor nurse "
    "him her you yours mine the one about for from going still really supposed"
)


def declared_names(text: str, original: str) -> list[Finding]:
    """Every declared name of one turn (``text`` truecased, ``original`` as written), and
    the same word again in the turn, capitalised: "his name is Baby. Baby Mathai"."""
    stop = rule_lexicons()[3]
    found: list[Finding] = []
    names: set[str] = set()
    for regex in (_NAME_DECLARED, _RELATIVE_CALLED, _MAIDEN_NAME, _NAME_ASKED):
        for match in regex.finditer(text):
            name = match.group("phi") or match.group("before")
            if name.lower() not in stop:
                names.add(name)  # even a family word: "his name is Baby" declares it
    for name in names:
        for match in re.finditer(rf"(?<![\w'’-]){re.escape(name)}\b", text):
            found.append(rule_finding(match.start(), match.end(), Category.NAME, "person"))
    for match in _FAMILY_HOME.finditer(original):
        word = match.group("phi")
        if word.lower() not in stop and word.lower() not in _NOT_FAMILY and not KIN.fullmatch(word):
            found.append(rule_finding(*match.span("phi"), Category.NAME, "person"))
    names_known, common = rule_lexicons()[:2]
    for match in _NAME_WITH_LETTER.finditer(text):
        if match.group("phi").lower() not in common and not inflected(match.group("phi").lower()):
            found.append(rule_finding(*match.span("phi"), Category.NAME, "person"))
    for match in _NAME_THEN_NICKNAME.finditer(text):
        if match.group("phi") not in NOT_NAMES and match.group("phi").lower() not in stop:
            found.append(rule_finding(*match.span("phi"), Category.NAME, "person"))
    for match in _NAME_AND_INITIAL.finditer(text):
        given = match.group("phi").split()[0]
        if (
            given in names_known
            and given.lower() not in everyday_words()
            and given not in NOT_NAMES
        ):
            found.append(rule_finding(*match.span("phi"), Category.NAME, "person"))
    for match in _AT_THE_DESK.finditer(text):
        group = "phi" if match.group("phi") else "post"
        name = match.group(group)
        if (
            name.lower() not in stop
            and name not in NOT_NAMES
            and (
                name.lower() not in common
                or (name in names_known and name.lower() not in everyday_words())
            )
        ):
            found.append(rule_finding(*match.span(group), Category.NAME, "person"))
    if not any(ch.isupper() for ch in original):
        for match in _SPANISH_RELATIVE_LOWERCASE.finditer(original):
            if match["phi"] not in _SPANISH_NOT_NAMES and match["phi"] not in stop:
                found.append(rule_finding(*match.span("phi"), Category.NAME, "person"))
        # only where it is declared: the doctor named "glass", and "forty years in glass"
        for match in _NAME_DECLARED_LOWERCASE.finditer(original):
            if match["one"] and match["phi"] in everyday_words():
                continue  # "she called me yesterday"
            if match.group("phi") not in stop and match.group("phi") not in _NOT_ASKED_FOR:
                found.append(rule_finding(*match.span("phi"), Category.NAME, "person"))
        for match in _WHOSE_NUMBER.finditer(original):
            word = match.group("phi")
            if word in stop or word in _NOT_WHOSE or KIN.fullmatch(word):
                continue
            found.append(rule_finding(*match.span("phi"), Category.NAME, "person"))
        for match in (
            *_INTRODUCED.finditer(original),
            *_RELATIVE_LOWERCASE.finditer(original),
            *_INTRODUCED_WITH_BIRTHDAY.finditer(original),
        ):
            word = match.group("phi").split()[0]
            given = word.title() in names_known or word.title() in WORDLIKE_FIRST_NAMES
            kept_word = word in stop or word in _NOT_ASKED_FOR or KIN.fullmatch(word)
            if given and not kept_word:
                found.append(rule_finding(*match.span("phi"), Category.NAME, "person"))
        for match in _ASKED_FOR.finditer(original):
            word = match.group("phi")
            # a given name that is also a verb, where the caller then says who they are: "is
            # this wade this is brianne"
            introduced = match.group("introduced") and word.title() in WORDLIKE_FIRST_NAMES
            if (
                word in stop
                or word in _NOT_ASKED_FOR
                or (word in everyday_words() and not introduced)
                or KIN.fullmatch(word)
            ):
                continue
            found.append(rule_finding(*match.span("phi"), Category.NAME, "person"))
    return found
