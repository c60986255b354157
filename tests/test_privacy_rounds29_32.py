"""De-identification, twenty-ninth round onwards.

Round 29 found: a North American city of two words or more after "in", "from" or "to" in
a lowercase turn ("up in grand rapids"); a town named "New" and a city ("new berlin"); the
second of two days said in words after a month ("march ninth and tenth"); an age over 89
after "lived to" or "made it to"; a Spanish birth date with its year's last two words ("del
setenta y dos"); Old Christmas, Junkanoo and Goombay; a pet of two capitalised words
before "the cat"; what a centre is for, as part of its name ("elkhart center for cancer
care"); a guest house named after "the", and two words between "the" and a qualified
facility ("the little river health center"); Spanish feasts by their adjective ("las
Fiestas Agostinas"); a name spelled in six letters or more with no
cue, or after a turn names a letter as people do when they spell ("with a k not a c").

Round 29 keeps: "the new jerusalem" of a hymn; "the goombay drum"; "the first and second
cycles" after a month; letters said as a list of fewer than six; and, after its retrain
tagged them, a count or a lab value the tagger takes for a phone number or an address ("ANC
is 1,400", "a 504 plan").

Round 30 found: digits said in Russian and Arabic with their soft signs and hamzas
("pyat'", "sab'a"); an Arabic day before an English month ("khamsa wa 'ishrin March"); a
day of the Tamil calendar ("the third of Thai"); a Spanish year's last two words after a
comma; Den' Pobedy, Kivgiq and Nalukataq; a lowercase church named by its denomination
("at kaktovik presbyterian"); in a lowercase turn, a town whose name is no word after
"from" ("from kotzebue"); a pharmacy or grocer by its kind ("Sunrise Rx", "Subzi Mandi");
a name before "That's our" animal ("With Scrapple pulling. That's our Belgian.").

After its retrain, round 30 also found a number read back at the start of a turn ("zero
one six two, you've had that number") and, in a lowercase turn, a school by its game ("at
the shead game"), both lost in the retrain.

Round 30 keeps: "day one hundred", "a hundred and some", "a hundred and forty"; "The Rx";
"a lot. I"; counting ("one two three four"); "the homecoming game"; a pet named in
everyday words said again in lowercase ("Dim Sum", "dim sum").

Round 31 found: an area code named as such ("the area code, five oh two") and a zip code
("the zip's one seven nine seven six"); a Spanish weekday and its day ("el viernes
catorce"); a weekday of a month ("the first Saturday in May"); a town's festival by its
name ("the Bourbon Festival"); Kūčios, Midsummer, Juhannus; in a lowercase turn, a
society's hall ("the knights of lithuania hall"), a place by its owner's name ("from
boyer's"), a church by its saint ("by san rocco"), a hospital by its initials and a name
("at a i dupont", "from m d anderson") and a pet before whom it was named after; a
school's level after its name ("mahanoy area high"); a spelled identifier that starts the
turn with "a"; a name spelled after "the last name is".

After its retrain, round 31 also found a number after whose it is ("mine's zero one
eight three"), a colony by its name in a lowercase turn ("at willow bend colony") and Kha
b-Nisan, all three lost in the retrain.

Round 31 keeps: Michif, Arabic and Dari courtesies ("taanshi", "assalamu alaikum"); "from
mom's"; the animal before whom it was named after ("dog we named him after"); "it's a c t
scan".

Round 32 found, in a lowercase turn: a business named "X n Y" or by two initials ("the
pick n save", "from o and h"), a care agency ("with peninsula home health"), a nation's
society ("the danish brotherhood"), a town with "la" ("from la push"), a pet before "come"
("my dog stump come"); a number's last digits after "ends"; letters said after a number in
words ("... one nine w a for her"); a name spelled in a turn that dictates an e-mail
address; digits in Kirundi, and foreign digits trailing off between pieces; Serbian and
Mandarin (pinyin) dates; the last weekend of a month; "Makah Days"; Fastelavn, Badnji dan,
Double Ten, the Blessing of the Fleet.

Round 32 keeps: the article before letters spelled after "with" ("charla with a c h");
"Two Days", "Good Days"; and, after its retrain took it for a place, "the neulasta thing"
(a supportive-care brand the drug dictionary lacks).

Every sentence here is written for these tests (none comes from the labelled test set).
"""

from __future__ import annotations

import pytest

from privacy_support import covered, scene_spans
from rapport.privacy.categories import Category
from rapport.privacy.detect import PatientDetector
from rapport.privacy.findings import Finding
from rapport.privacy.tagger import plausible


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("her sister drives down from grand rapids on fridays", "grand rapids"),
        ("we saw a specialist up in sioux falls first", "sioux falls"),
        ("the packet came from new berlin so it's the right one", "new berlin"),
        ("He grew up in New Madrid, right on the river.", "New Madrid"),
        ("so the scans are march ninth and tenth both mornings", "tenth"),
        ("Grandpa Ollie made it to a hundred and one, sharp as a tack.", "a hundred and one"),
        ("my aunt lived to ninety eight on that farm", "ninety eight"),
        ("Nací el cuatro de junio del setenta y dos.", "el cuatro de junio del setenta y dos"),
        ("we do presents on old christmas too like her grandma did", "old christmas"),
        ("He'll be home for Junkanoo, I promise.", "Junkanoo"),
        ("Not until after Goombay, please.", "Goombay"),
        ("Mister Pickles the cat. He runs the house.", "Mister Pickles"),
        ("that was dr wen at elkhart center for cancer care", "elkhart center for cancer care"),
        ("we can stay at the maple ridge guest house near campus", "maple ridge guest house"),
        ("and her last name is h o l t z c l a w", "h o l t z c l a w"),
        ("we go to the little river health center on mondays", "little river health center"),
        ("Every August we go home for the Fiestas Agostinas.", "Fiestas Agostinas"),
    ],
)
def test_twenty_ninth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


def test_a_name_spelled_after_a_turn_that_names_a_letter(detector: PatientDetector) -> None:
    previous = "it's katrin with a k not a c and the last name"
    assert covered(detector, "w e i s s", "w e i s s", previous)


@pytest.mark.parametrize(
    "text",
    [
        "we sang about the new jerusalem at the service",
        "The goombay drum is made from a keg and goat skin.",
        "the options are a b c or d",
    ],
)
def test_twenty_ninth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


def test_an_ordinal_after_a_day_before_its_noun_is_no_day(detector: PatientDetector) -> None:
    text = "in march the first and second cycles went fine"
    assert not covered(detector, text, "second")


@pytest.mark.parametrize(
    ("text", "number", "category", "kept"),
    [
        ("ANC is 1,400 and platelets 212.", "1,400", Category.PHONE, False),
        ("He has a 504 plan at school.", "504", Category.ADDRESS, False),
        ("It came down from 112 to 48.", "112", Category.ADDRESS, False),
        ("Her creatinine is 1.2 today.", "1.2", Category.PHONE, False),
        ("The number ends in 4432.", "4432", Category.PHONE, True),
        ("The zip is 68124.", "68124", Category.ADDRESS, True),
    ],
)
def test_a_count_or_a_lab_value_that_the_tagger_flags_is_dropped(
    text: str, number: str, category: Category, kept: bool
) -> None:
    start = text.index(number)
    assert plausible(text, Finding(start, start + len(number), category, "", "tagger")) is kept


def test_digit_groups_the_tagger_took_for_a_date_are_an_identifier() -> None:
    from rapport.privacy.spoken_runs import whole_spoken_runs

    text = "It's QRT 5520 1198, that's her."
    start = text.index("5520")
    tagged = Finding(start, start + len("5520 1198"), Category.DATE, "", "tagger")
    (found,) = whole_spoken_runs(text, [tagged])
    assert (text[found.start : found.end], found.category) == ("QRT 5520 1198", Category.ID)
    years = "from 2019 2020"
    tagged = Finding(5, len(years), Category.DATE, "", "tagger")
    assert whole_spoken_runs(years, [tagged])[0].category == Category.DATE


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Dva odin dva, pyat' pyat' pyat', shest' nol' chetyre vosem'.", "shest' nol'"),
        ("Sab'a sitta tis'a, khamsa khamsa khamsa, wahid ithnan arba'a.", "Sab'a sitta tis'a"),
        ("Khamsa wa 'ishrin March, my son's birthday.", "Khamsa wa 'ishrin March"),
        ("We light the lamp on the third of Thai, every year.", "the third of Thai"),
        ("Nació el ocho de marzo, ochenta y dos.", "el ocho de marzo, ochenta y dos"),
        ("For Den' Pobedy we carry his picture.", "Den' Pobedy"),
        ("we always go home for kivgiq when we can", "kivgiq"),
        ("after nalukataq we'll know more about the boat", "nalukataq"),
        ("her aunt will pray at kaktovik presbyterian tonight", "kaktovik presbyterian"),
        ("my cousins drove in from kotzebue for the weekend", "kotzebue"),
        ("They fill it at Sunrise Rx on Elm.", "Sunrise Rx"),
        ("I buy the ghee at Subzi Mandi.", "Subzi Mandi"),
        ("With Scrapple pulling. That's our Belgian.", "Scrapple"),
        ("And is Bao Bao sleeping? That's my cat.", "Bao Bao"),
        ("zero four one nine, you've had that number forever", "zero four one nine"),
        ("she's cheering at the narraguagus game tonight", "narraguagus"),
    ],
)
def test_thirtieth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "Today is day one hundred and one since the transplant.",
        "We took out a hundred and some nodules.",
        "Platelets are a hundred and forty.",
        "The Rx is ready at the front.",
        "She's in class a lot. I can text her.",
        "one two three four, and breathe out",
        "we're going to the homecoming game friday",
    ],
)
def test_thirtieth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


def test_a_pet_named_in_everyday_words_is_not_found_in_lowercase() -> None:
    turns = ["And is Dim Sum eating? That's my cat.", "We named her at dim sum, you see."]
    found = scene_spans(turns)
    assert found[0] == {"Dim Sum": "PET"}
    assert "dim sum" not in found[1]


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("okay put the area code, four oh six, then the rest", "four oh six"),
        ("and the zip's six eight one two four", "six eight one two four"),
        ("la cita es el jueves doce de marzo", "jueves doce de marzo"),
        ("Her birthday is the second Sunday of June this year.", "the second Sunday of June"),
        ("We never miss the Cranberry Festival.", "Cranberry Festival"),
        ("we have kucios at my aunt's every year", "kucios"),
        ("He wants to be home for Midsummer.", "Midsummer"),
        ("the dinner's at the sons of norway lodge on friday", "sons of norway lodge"),
        ("grab me a hoagie from wasko's on the way", "wasko's"),
        ("the funeral's by san gennaro the church on the corner", "san gennaro"),
        ("and the goat pepper we named her after the sauce", "pepper"),
        ("there's a drive at shenandoah valley high on saturday", "high"),
        ("the oncologist at m d anderson called", "m d anderson"),
        ("a k x l four four seven oh nine two yes that's it", "a k x l four four seven oh"),
        ("yeah and the last name is k i m", "k i m"),
        ("no that's hers, mine's four four one seven", "four four one seven"),
        ("the measles were over at spring creek colony last year", "spring creek colony"),
        ("We march on Kha b-Nisan with the flags.", "Kha b-Nisan"),
    ],
)
def test_thirty_first_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "taanshi marsii for coming",
        "assalamu alaikum doctor",
        "i'll grab something from mom's",
        "it's a c t scan on monday",
        "they live in a small colony of artists",
    ],
)
def test_thirty_first_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


def test_the_animal_before_whom_it_was_named_after_is_no_name(
    detector: PatientDetector,
) -> None:
    text = "duke's our bird dog we named him after the player"
    assert not covered(detector, text, "dog")
    assert covered(detector, text, "duke")


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("we get the groceries at the stop n shop by the highway", "stop n shop"),
        ("the root beer's from a and w on the corner", "a and w"),
        ("the nurse is with lakeshore home health out of kenosha", "lakeshore home health"),
        ("the fish fry is at the polish club on friday", "polish club"),
        ("her aunt drove up from la crosse this morning", "la crosse"),
        ("can my dog biscuit come to the hospital", "biscuit"),
        ("my cell ends four four one", "four four one"),
        ("the plan number is two two nine four one seven seven w a for him", "w a"),
        ("it's jo smith at gmail dot com and the last part is k e l l", "k e l l"),
        ("Gatatu kane... rimwe zero zero... gatanu indwi umunani kabiri.", "Gatatu kane"),
        ("Rođen je devetnaestog decembra.", "devetnaestog decembra"),
        ("Tā shì sān yuè èr shí hào shēng de.", "sān yuè èr shí hào"),
        ("we'll be back the last weekend in june", "the last weekend in june"),
        ("He's dancing at Makah Days this year.", "Makah Days"),
        ("they're coming for fastelavn", "fastelavn"),
        ("We hang the flags for Double Ten.", "Double Ten"),
    ],
)
def test_thirty_second_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "it was rough for Two Days after chemo",
        "we have Good Days and bad ones",
        "that's the number with a double ten in it",
    ],
)
def test_thirty_second_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


def test_the_article_before_letters_spelled_after_with_is_no_letter(
    detector: PatientDetector,
) -> None:
    text = "send it to charla at yahoo dot com that's charla with a c h"
    assert not covered(detector, text, "a c h")


def test_a_supportive_care_brand_the_tagger_flags_is_a_medicine() -> None:
    from rapport.privacy.medicines import is_medicine

    text = "with the neulasta thing still stuck on my arm"
    start = text.index("neulasta")
    tagged = Finding(start, start + len("neulasta"), Category.ADDRESS, "", "tagger")
    assert is_medicine(text, tagged)
