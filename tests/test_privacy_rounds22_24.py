"""De-identification, twenty-second to twenty-fourth rounds.

Round 22 found: a name a turn declares ("her name is Precious", "my son Junior"), the person a
lowercase call asks for ("is this glen this is ..."), a highway said in words, a lowercase
town called "<word> butte" or "<word> falls", an inn or a lodge, a spoken e-mail address
with a name or a domain of several words, an age after a relative and their name, "second
Christmas", a pet praised as a good boy, a farm animal raised as a pet, a pet's name after a
comma, a number found one digit short or parted by a filler, an extension said with no
word for it, an identifier with a spoken "dash".

Round 22 keeps: courtesies in Hebrew, Malayalam, Assyrian and Lao, states and provinces abroad, an
eponym before "syndrome", a tumour marker's number, a trial's registration number, an
ordinal before "night", a people's adjective before a breed, a gerund before a pet, titles
of clergy, a family word that ends a longer name, a word a pet's name is when it follows
an article.

Round 23 found: a big city after "in" or "from" though it is a first name or in the
dictionary ("from orlando"), a hospital by one word before its town ("at mercy in
Springfield"), a unit after its town ("our Alamosa center"), a compass word before a
facility or a street ("the west plains clinic", "on east sunshine street"), "memorial" as a
hospital, a county road's number, letters said before a number ("v i m nine nine ..."), a
pet by "is the dog's name", coonhound breeds, Turkish digits, Transfer Day and the
Dormition, a given name that is a verb in a call's opening ("is this wade this is ...").
Round 23 keeps: "Wait" before a pet, Turkish family words and courtesies, demonyms in
"-ish", a drug between commas, an ordinal before a noun or an acronym ("the second hay",
"the first AC").

Round 24 found: dates in the Hebrew and Islamic calendars ("the eighteenth of Safar"), a
post office box, a lowercase "fort", "mount" or "port" town, a spoken web address with a
path, whose number it is ("dale's cell"), a maiden name, a county road's letters, the
letters before a number the tagger found ("ECH 4410 2267").

Every sentence here is written for these tests (none comes from the labelled test set).
"""

from __future__ import annotations

import pytest

from privacy_support import covered, scene_spans, spans
from rapport.model import Participant, Role
from rapport.privacy.categories import Category
from rapport.privacy.detect import PatientDetector
from rapport.privacy.findings import Finding
from rapport.privacy.spoken_runs import whole_spoken_runs


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Everyone asks. Her name is Precious, and yes, it suits her.", "Precious"),
        ("My son Junior drives her to every appointment.", "Junior"),
        ("hello is this glen this is tamsin from the infusion center", "glen"),
        ("the farm is out on highway sixty one past the elevator", "highway sixty one"),
        ("we'd meet you halfway in sioux falls if that helps", "sioux falls"),
        ("They put us up at the Cedar Hollow Lodge again.", "Cedar Hollow Lodge"),
        (
            "the e-mail is sarah and ben at prairie rose farm dot com",
            "sarah and ben at prairie rose farm dot com",
        ),
        ("her grandma ottilie is ninety three and still drives", "ninety three"),
        ("on second christmas we drive to my sister's", "second christmas"),
        ("we'll bring rocket he's a good boy with kids", "rocket"),
        ("she worries about clover that's her bottle lamb", "clover"),
        ("And the cat stays with the neighbour, Pistachio.", "Pistachio"),
        ("my number is two oh eight um five five five zero one nine one", "two oh eight um"),
        ("it's four one seven two two and that's the zip", "four one seven two two"),
        ("208-555-0191, and 44 for me. Any time.", "44"),
        ("so your study number is one one two dash zero four", "one one two dash zero four"),
    ],
)
def test_twenty_second_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


def test_a_declared_name_that_is_a_word_is_removed_where_said_again() -> None:
    found = scene_spans(["This is my brother Baby. Baby Kurian, he drove us."])[0]
    assert found.get("Baby") == "NAME"
    assert "Kurian" in found


@pytest.mark.parametrize(
    "text",
    [
        "Baruch Hashem, the scan was clean. Good Shabbos to you.",
        "Karthave, finally some good news.",
        "Shlama, Bassima, come in.",
        "Sabaidee, everybody, take a seat.",
        "Her sister flew in from Kerala for the surgery.",
        "The test came back and it is not Lynch syndrome.",
        "Her CA 19-9 went down again.",
        "The trial is NCT04123456 if you want to read about it.",
        "Someone has to stay with him the first night.",
        "He sleeps next to our German shepherd every night.",
        "Talking of dogs, can Biscuit visit?",
        "is this normal? she's been so tired since the last cycle",
    ],
)
def test_twenty_second_round_stays(text: str) -> None:
    found = scene_spans([text])[0]
    kept = {"Biscuit"}  # the pet itself is removed, the word before it is not
    assert not set(found) - kept, found


def test_a_clergy_title_is_no_name_but_the_name_after_it_is() -> None:
    found = scene_spans(["Qasha! Come in. This is Qasha Toma, from our church."])[0]
    assert "Qasha" not in found
    assert any("Toma" in span for span in found)


def test_a_family_word_that_ends_a_longer_name_is_no_short_name() -> None:
    detector = PatientDetector(
        [Participant("Dr Iyer", Role.CLINICIAN), Participant("Kunjamma", Role.PARENT)]
    )
    turns = ["Kunjamma, thank you for coming.", "Amma, tell the doctor about the cough."]
    detector.learn(turns)
    found = {turns[1][f.start : f.end] for f in detector.find(turns[1], turns[0])}
    assert "Amma" not in found


def test_a_lowercase_pet_name_after_an_article_is_the_word() -> None:
    found = scene_spans(
        [
            "we'll bring rocket he's a good boy with kids",
            "he watched a rocket launch on tv last night",
        ]
    )
    assert "rocket" in found[0]
    assert "rocket" not in found[1]


def test_the_tagger_number_loses_the_function_words_it_took_around_it() -> None:
    text = "yours would be three one dash four four and then"
    tagged = Finding(text.index("would"), text.index(" then"), Category.ID, "", "tagger")
    (trimmed,) = whole_spoken_runs(text, [tagged])
    assert text[trimmed.start : trimmed.end] == "three one dash four four"


def test_a_number_one_digit_short_is_stretched_over_its_run() -> None:
    text = "yes it's five eight two five one and that's it"
    start = text.index("five")
    short = Finding(start, start + len("five eight two five"), Category.PHONE, "", "tagger")
    (whole,) = whole_spoken_runs(text, [short])
    assert text[whole.start : whole.end] == "five eight two five one"


def test_an_extension_is_not_a_menu_option(detector: PatientDetector) -> None:
    text = "After hours it's 208-555-0100, then zero for the operator."
    assert "zero" not in spans(detector, text)


# ---- twenty-third round --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("yeah my son drives up from orlando on weekends", "orlando"),
        ("she had the surgery at baptist in Jacksonville last spring", "baptist"),
        ("They'll do the scans at our Pocatello center.", "Pocatello center"),
        ("We can draw labs at the Nampa infusion center.", "Nampa infusion center"),
        ("you can get the shot at the north kittitas clinic on tuesdays", "north kittitas clinic"),
        ("the pharmacy is on west maple street next to the bank", "west maple street"),
        ("she was born at harrison county memorial like all of us", "harrison county memorial"),
        ("we're at eighteen twelve county road four forty now", "county road four forty"),
        ("the medicaid number is k t r five five one two zero nine", "k t r"),
        ("and biscuit is the dog's name by the way", "biscuit"),
        ("Sıfır beş üç iki, dört dört yedi, bir bir sekiz dokuz.", "Sıfır beş üç iki"),
        ("We fly home for Transfer Day every year.", "Transfer Day"),
        ("is this wade this is maria from the cancer center", "wade"),
    ],
)
def test_twenty_third_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "Wait, the dog's bowl? Is that allowed in here?",
        "Dede says the tea helps. Bereket, he says.",
        "She reads Turkish better than English.",
        "No cisplatin, no Keytruda, nothing until the baby comes.",
        "We're cutting the second hay after the scan.",
        "The first AC is next week.",
        "we were at home in Boston that whole winter",
    ],
)
def test_twenty_third_round_stays(text: str) -> None:
    found = scene_spans([text])[0]
    assert not set(found) - {"Boston"}, found


# ---- twenty-fourth round -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Her birthday is the 3rd of Kislev, so we light candles.", "3rd of Kislev"),
        ("We fly out on the tenth of Dhul Hijjah this year.", "tenth of Dhul Hijjah"),
        ("send it to p o box four forty one, it's quicker", "p o box four forty one"),
        ("Mail goes to P.O. Box 3318 now.", "P.O. Box 3318"),
        ("we moved out near fort morgan last spring", "fort morgan"),
        ("the form is at sunny pines dot org slash forms if you want it", "slash forms"),
        ("and marcy's cell is five oh three five five five zero one two two", "marcy"),
        ("Her maiden name is Contractor, like the job.", "Contractor"),
        ("we're on county road k b past the feed mill", "county road k b"),
    ],
)
def test_twenty_fourth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


def test_the_letters_before_a_tagged_number_belong_to_it() -> None:
    text = "It's ECH 4410 2267, that's you."
    start = text.index("4410")
    tagged = Finding(start, start + len("4410 2267"), Category.RECORD_NUMBER, "", "tagger")
    (whole,) = whole_spoken_runs(text, [tagged])
    assert text[whole.start : whole.end] == "ECH 4410 2267"


@pytest.mark.parametrize(
    "text",
    [
        "the office's number is on the card",
        "we drove past the fort and the old mill",
        "she goes to the county road a mile from here",
    ],
)
def test_twenty_fourth_round_stays(text: str) -> None:
    found = scene_spans([text])[0]
    assert not found, found
