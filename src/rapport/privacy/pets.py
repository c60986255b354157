"""Pets a pet word refers to, in the same sentence or the next: "Pickles is our dog", "And
can I bring Dumpling? He's my turtle.", "Sheriff, down!", and in lowercase speech
recognition "duke's our bird dog" or "bear our lab went right off barking"."""

from __future__ import annotations

import re

from rapport.privacy.categories import Category
from rapport.privacy.engine import inflected, rule_lexicons
from rapport.privacy.findings import Finding, rule_finding
from rapport.privacy.lexicon import wordset
from rapport.privacy.neighbours import DAY_WORDS as _CALENDAR
from rapport.privacy.vocabulary import PET_WORDS
from rapport.privacy.wordlists import NOT_NAMES

_PEOPLE_AT_HOME = wordset("mom dad grandma grandpa baby mine")
#: Words that open a sentence and then turn to a pet, never its name: "Wait, the dog's bowl?"
_OPENERS = wordset("wait look listen hold hang sorry remember guess stop see honestly")

_PET_IS = re.compile(
    r"(?<![\w'’-])(?P<phi>[A-Z][a-z]+)(?:\s+(?:is|was|'s|’s)|'s|’s)\s+"
    r"(?:our|my|your|his|her|their|the|a|an)\s+"
    rf"(?:[\w-]+\s+){{0,2}}(?i:{PET_WORDS})\b"
)
#: In a lowercase turn, a name and then, in the same sentence, what animal it is: "moose
#: comes along he's our lab", "skipper gets the shells, that's our dog".
_PET_LATER_LOWERCASE = re.compile(
    r"(?:^|(?<=[.!?,]\s)|\b(?:and|but|so|well|oh|yeah|yes|no|okay)\s+)"
    r"(?!(?:yes|yeah|no|okay|well|oh|and|but|so)\b)(?P<phi>[a-z]{3,})\b[^.!?]{0,40}?"
    r"(?:\s(?:he|she|it)(?:'s|’s|\s+is)|,\s+that(?:'s|’s|\s+is))\s+"
    rf"(?:our|my|his|her|their|a|an)\s+(?:[\w-]+\s+)?(?:{PET_WORDS})\b"
)
#: A name and what only an animal does: "Doctor barks at it".
_PET_DOES = re.compile(
    r"(?<![\w'’-])(?P<phi>[A-ZÀ-Þ][a-zß-ÿ]+)\s+(?:barks|barked|barking|meows|meowed|meowing|"
    r"purrs|purred|purring|wags|wagged|growls|growled|growling|howls|howled|howling|chirps|"
    r"chirped|squawks|squawked)\b"
)
#: The same in a turn speech recognition wrote in lowercase: "duke's our bird dog".
_PET_IS_LOWERCASE = re.compile(
    r"(?:^|(?<=[.!?,]\s)|\b(?:and|but|so|well|oh|yeah)\s+)(?P<phi>[a-z]{3,})(?:\s+is|'s|’s)\s+"
    rf"(?:our|my|your|his|her|their)\s+(?:[\w-]+\s+){{0,1}}(?:{PET_WORDS})\b"
)
_PET_LATER = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<phi>[A-Z][a-z]+)\b[^.!?]{0,40}?(?:,\s+(?:he|she|it)|[.!?]\s+(?:He|She|It))"
    r"(?:'s|’s|\s+is)\s+"
    rf"(?:a|an|our|my|the)\s+(?:[\w-]+\s+){{0,2}}(?i:{PET_WORDS})\b"
    # or the next sentence points back at it: "Coconut is home, baby. That's our dog"
    r"|(?:^|(?<=[.!?]\s))(?P<named>[A-Z][a-z]+)\b[^.!?]{0,40}?[.!?]\s+(?:That|This)(?:'s|’s|\s+is)\s+"
    rf"(?:our|my|his|her|their)\s+(?:[\w-]+\s+){{0,1}}(?i:{PET_WORDS})\b"
)
#: A name that ends a question or sentence, and the next sentence says what animal it is:
#: "And can I bring Dumpling? He's my turtle."
_PET_BEFORE = re.compile(
    r"(?<=\s)(?P<phi>[A-Z][a-z]+)\b[^.!?]{0,30}[?.!]\s+(?:He|She|It)(?:'s|’s|\s+is)\s+"
    rf"(?:a|an|our|my|the)\s+(?:[\w'’-]+\s+){{0,1}}(?i:{PET_WORDS})\b"
)
#: A name said as a sentence of its own right after one that names the animal: "And the
#: bird, Doctor. Calypso. He sings."
_PET_NAME_ALONE = re.compile(
    rf"(?i:\b{PET_WORDS})\b[^.!?]{{0,20}}[.!?]\s+(?P<phi>[A-Z][a-z]+)[.!?](?:\s|$)"
)
#: A name, and the next sentence says whose animal it is: "Can Chivo visit? Our dog."
_PET_THEN_WHOSE = re.compile(
    r"(?<=\s)(?P<phi>[A-Z][a-z]+)\b[^.!?]{0,30}[?.!]\s+(?:Our|My|His|Her|Their)\s+"
    rf"(?:[\w'’-]+\s+)?(?i:{PET_WORDS})[.!?]"
)
#: Horses by their breed or coat, and other animals kept: "That's our Belgian", "she's a
#: buckskin".
_HORSE_KINDS = (
    r"(?:Belgian|Percheron|Clydesdale|Haflinger|Morgan|mule|donkey|mare|gelding|stallion|"
    r"(?i:buckskin|palomino|appaloosa|pinto|sorrel|quarter\s+horse|thoroughbred|mustang))"
)
#: A name, and the next sentence says "that's our" animal: "And is Dim Sum eating? That's
#: my cat.", "With Scrapple pulling. That's our Belgian." (draught horses by their breed).
_PET_THEN_THATS = re.compile(
    r"(?<=\s)(?P<phi>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b[^.!?]{0,30}[?.!]\s+That(?:'s|’s|\s+is)\s+"
    rf"(?:our|my|his|her|their)\s+(?:[\w'’-]+\s+)?(?:(?i:{PET_WORDS})|{_HORSE_KINDS})[.!?]"
)
#: A name of two words that ends a question, and the next sentence says what animal it is:
#: "Can I at least FaceTime Shwe Wa? She's my budgie."
_PET_TWO_WORDS_BEFORE = re.compile(
    r"(?<=\s)(?P<phi>[A-Z][a-z]+\s+[A-Z][a-z]+)[?.!]\s+(?:He|She|It)(?:'s|’s|\s+is)\s+"
    rf"(?:a|an|our|my|the)\s+(?:[\w'’-]+\s+)?(?i:{PET_WORDS})\b"
)
#: In a lowercase turn that has already spoken of an animal, a word and then what animal it
#: is: "i miss my dog so much biscotti she's a vizsla", "my horse knows me dakota she's a
#: buckskin".
_PET_THEN_KIND_LOWERCASE = re.compile(
    # not a noun after an article: "can my dog come to the parade he's a corgi"
    r"(?<!\bthe )(?<!\ba )(?<!\ban )(?<!\bmy )(?<!\bour )(?<!\bhis )(?<!\bher )"
    r"\b(?P<phi>[a-z]{3,})(?<!ly)\s+(?:he|she)(?:'s|’s|\s+is)\s+(?:a|an)\s+(?:[\w-]+\s+)?"
    rf"(?:{PET_WORDS}|{_HORSE_KINDS})\b"
)
#: A name told to get down or sit: "Sheriff, down!"
_PET_COMMANDED = re.compile(
    r"(?:^|(?<=[.!?]\s))(?P<phi>[A-Z][a-z]+),\s+(?:get\s+)?(?:down|sit|stay|off|heel|"
    r"leave\s+it|drop\s+it|quiet|hush)\s*!"
)
#: In a lowercase turn, a name said twice to quiet or send off an animal: "boomer quiet
#: boomer go lay down".
_PET_COMMANDED_TWICE_LOWERCASE = re.compile(
    r"\b(?P<phi>[a-z]{3,})\s+(?:quiet|hush|sit|stay|heel|no|off|down|enough|leave\s+it|drop\s+it)\s+"
    r"(?P=phi)\s+(?:go\s+la?y\s+down|go\s+lie\s+down|down|sit|quiet|hush|stay|off|outside|no)\b"
)
#: In a lowercase turn, a name with what animal it is beside it, and then what it did:
#: "and bear our lab went right off barking".
_PET_BESIDE_LOWERCASE = re.compile(
    r"(?:^|(?<=[.!?,]\s)|\b(?:and|but|so|well|oh|yeah|then)\s+)(?P<phi>[a-z]{3,})\s+"
    rf"(?:our|my|his|her|their)\s+(?:[\w-]+\s+)?(?:{PET_WORDS}|lab)\s+"
    r"(?:went|was|is|got|gets|goes|barked|barks|barking|started|ran|runs|jumped|jumps|sleeps|"
    r"slept|heard|hears|knows|knew|thinks|loves|hates|keeps|kept|came|comes|did|does|has|"
    r"had|will|would|can|could|just|always|never|still|won't|didn't|doesn't|woke|wakes)\b"
)

#: A name and the praise only an animal gets, in a lowercase turn: "i'll take chinook he's
#: a good boy".
_PET_PRAISED_LOWERCASE = re.compile(
    r"\b(?:take|bring|walk|feed|got|have)\s+(?P<phi>[a-z]{3,})\s+(?:he|she)(?:'s|’s|\s+is)\s+"
    r"(?:a\s+)?(?:good|sweet|very\s+good|such\s+a\s+good)\s+(?:boy|girl|dog|kitty)\b"
)
#: In a lowercase turn, the pet word, its name, and a pronoun that takes it up: "our dog
#: midway he's a jack russell", "the dog header he's glued to him".
_PET_THEN_PRONOUN_LOWERCASE = re.compile(
    rf"\b(?:our|my|his|her|their|the)\s+(?:{PET_WORDS})\s+(?P<phi>[a-z]{{3,}})(?<!ly)\s+"
    r"(?:(?:he|she)(?:'s|’s|\s+is|\s+was|\s+just|\s+always|\s+never|\s+don't|\s+don’t|"
    r"\s+won't|\s+loves|\s+sleeps)|don't|don’t|doesn't|"
    r"doesn’t|won't|won’t|never|always|still|sleeps|stays|follows|rides|lays|lies|loves|"
    r"come|comes|came|go|goes|went|visit|stay|sleep)\b"
)
#: In a lowercase turn that speaks of a pet, the name it was given: "that's our dog we named
#: him drone", "so that's his name chum".
_PET_NAME_GIVEN_LOWERCASE = re.compile(
    r"\b(?:(?:we|they|i|she|he)\s+(?:named|called|call)\s+(?:him|her|it)"
    r"|that['’]s\s+(?:his|her|its)\s+name)\s+(?P<phi>[a-z]{3,})\b"
)
#: In a lowercase turn, a name and whom it was named after: "zeppelin we named him after".
_PET_NAMED_AFTER_LOWERCASE = re.compile(
    rf"\b(?!(?:{PET_WORDS})\b)(?P<phi>[a-z]{{3,}})\s+(?:we|i|they|she|he)\s+named\s+(?:him|her|it)\s+"
    r"(?:after|for)\b"
)
_PET_WORD = re.compile(rf"(?i)\b{PET_WORDS}s?\b")
#: A pet's name and, in Spanish, what animal it is: "dormir con canelo el perrito".
_PET_THEN_SPANISH_KIND = re.compile(
    r"\b(?P<phi>[a-zá-úñ]{3,}),?\s+(?:el|la|mi|su|nuestro|nuestra)\s+(?:perr[oa]|perrit[oa]|"
    r"gat[oa]|gatit[oa]|perico|loro|caballo|conejo|conejit[oa]|pajarito|tortuga)\b"
)
#: A farm animal raised as a pet: "buttons that's his bottle calf".
_RAISED_ANIMAL = re.compile(
    r"\b(?P<phi>[A-Za-z][a-z]{2,})\s+(?:that's|that’s|that\s+is|is|was)\s+(?:his|her|my|our|their)\s+"
    r"(?:bottle\s+|pet\s+|show\s+|4-h\s+)(?:calf|lamb|goat|kid|pig|piglet|steer|heifer|hen|"
    r"chicken|duck|pony|colt|filly|foal|cow|bunny)\b"
)
#: "tick is the dog's name", "the cat's name is Mochi".
_PET_NAMED = re.compile(
    rf"(?i:\b(?P<phi_before>[a-z]{{3,}})\s+is\s+(?:the|our|my|his|her)\s+{PET_WORDS}['’]s\s+name\b)"
    rf"|(?i:\b{PET_WORDS}['’]s\s+name\s+is\s+)(?P<phi>[A-Za-z][a-z]+)\b"
)
#: A pet word, and its name said after it at the end of the sentence: "And Pa's dog comes
#: too, Boun."
_PET_NAMED_AFTER = re.compile(
    rf"(?i:\b{PET_WORDS})\b[^.!?,]{{0,30}},\s+(?P<phi>[A-Z][a-z]+)(?=[.!?])"
)


def referred_pets(text: str, original: str | None = None) -> list[Finding]:
    """A pet's name that a pet word in the sentence refers to: "Pickles is our dog",
    "Shadow stays outside, she's a sheep dog", "Blue's your horse?", "buttons that's his
    bottle calf"; in a turn written all in lowercase (``original``), "duke's our bird dog"
    too."""
    _names, _common, _everyday, stop, places, _family = rule_lexicons()
    found: list[Finding] = []
    said = text if original is None else original
    lowercase = not any(ch.isupper() for ch in said)
    in_lowercase = (
        _PET_IS_LOWERCASE,
        _PET_LATER_LOWERCASE,
        _PET_BESIDE_LOWERCASE,
        _PET_PRAISED_LOWERCASE,
        _PET_THEN_PRONOUN_LOWERCASE,
        _PET_NAMED_AFTER_LOWERCASE,
    )
    if lowercase:
        for match in _PET_COMMANDED_TWICE_LOWERCASE.finditer(said):
            if match["phi"] not in stop and match["phi"] not in _PEOPLE_AT_HOME:
                for again in re.finditer(rf"(?<![\w'’-]){match['phi']}\b", said):
                    found.append(rule_finding(*again.span(), Category.PET, "pet_name"))
        for match in _PET_THEN_SPANISH_KIND.finditer(said):
            if match["phi"] not in stop and match["phi"] not in ("con", "que", "por", "para"):
                found.append(rule_finding(*match.span("phi"), Category.PET, "pet_name"))
        for match in _PET_THEN_KIND_LOWERCASE.finditer(said):
            name = match.group("phi")
            # the turn has spoken of an animal, or names it as one: "that's gravy she's a
            # beagle mix"
            named = re.search(r"\b(?:that['’]s|this\s+is)\s+$", said[: match.start()])
            if (
                (_PET_WORD.search(said, 0, match.start()) or named)
                and name not in stop
                and name not in _PEOPLE_AT_HOME
                and not _PET_WORD.fullmatch(name)
            ):
                found.append(rule_finding(*match.span("phi"), Category.PET, "pet_name"))
    if lowercase and _PET_WORD.search(said):
        for match in _PET_NAME_GIVEN_LOWERCASE.finditer(said):
            name = match.group("phi")
            if name not in stop and name not in _CALENDAR:
                # and wherever the turn says it: "and drone rides in the cab with me"
                for again in re.finditer(rf"(?<![\w'’-]){name}\b", said):
                    found.append(rule_finding(*again.span(), Category.PET, "pet_name"))
    for match in _PET_NAMED.finditer(said):
        group = "phi" if match.group("phi") else "phi_before"
        if match.group(group).lower() not in stop | _CALENDAR:
            found.append(rule_finding(*match.span(group), Category.PET, "pet_name"))
    for match in _PET_DOES.finditer(text):
        name = match.group("phi")
        # a title is a pet's name here: a dog called "Doctor"
        if name.lower() not in stop | _CALENDAR | _PEOPLE_AT_HOME:
            found.append(rule_finding(*match.span("phi"), Category.PET, "pet_name"))
    regexes = (
        _PET_IS,
        _PET_LATER,
        _PET_BEFORE,
        _PET_COMMANDED,
        _RAISED_ANIMAL,
        _PET_NAMED_AFTER,
        _PET_NAME_ALONE,
        _PET_THEN_WHOSE,
        _PET_THEN_THATS,
        _PET_TWO_WORDS_BEFORE,
    )
    for regex in (*regexes, *in_lowercase):
        if regex in in_lowercase and not lowercase:
            continue
        for match in regex.finditer(said if regex in in_lowercase else text):
            group = "phi" if match.group("phi") else "named"
            name, start = match.group(group), match.start(group)
            first, _, rest = name.partition(" ")
            if rest and (first.lower() in stop or first in NOT_NAMES):
                name, start = rest, start + len(first) + 1  # "And Biscuit", "So Max"
            if (
                name.lower() in stop
                or name in NOT_NAMES
                or name.lower() in _CALENDAR
                or name in places
                or name.lower() in _PEOPLE_AT_HOME
                or name.lower() in _OPENERS
                or (inflected(name.lower()) and name.endswith(("ing", "ed")))  # "Speaking of"
            ):
                continue
            found.append(rule_finding(start, match.end(group), Category.PET, "pet_name"))
    return found
