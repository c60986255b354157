"""De-identification, eighteenth to twenty-first rounds.

Round 18: a name a sentence ends on ("Let's go, Lucky."), a pet told to get down or said
with what it is and what it did, a lowercase inn and a business named after a person, an
age after "mum's", an Armenian age, a record number read with a comma after each digit, an
area code after "calls"; and what stays (what families call their grandparents, ward
shorthand for drugs, temperatures, counting by tens, a state after "in", car models, "Monday
to Friday", "the House" of a Ronald McDonald House, chemotherapy regimens).

Round 19: Watch Night, a church by its denomination, initials said as a name, the town
after a named facility, a street without its street word before the apartment, a place's
name capitalised after "at the", toll-free and Bengali numbers, a participant whose name is
a word in a lowercase call, a lowercase given name and town found again, an area code "in
front" and a number that trails off after its exchange; and what stays (counts in the
hundreds, counting by ones, a state health plan, courtesies in Choctaw, Tamil and Tongan,
"worked out for worsening headaches", a small decimal, a Deauville score, "Rx", Langerhans
cells, a nationality).

Round 20: a compass word after a street, a town's "city", a lowercase facility's "health"
and "manor", a numbered street in words, an apartment with a letter in words, a numbered
school, "the great grandmother is", "dr" before any word in lowercase, a pet by what it does
or by its breed, a lettered ID read again, an area code before a filler; and what stays (an
ordinal before what it counts, temperatures, departments, tubes, eponyms, particles, a
language after "speaks more").

Round 21: a date with the day first in words ("oh three June nineteen"), a month and day
with the year in words, a bare extension after a number, a filler inside a spoken number, a
lowercase town called "<word> city", Sweetest Day; and what stays (military insurance, a
program's ID, "Medi-Cal", a drug's route, roles and "outpatient", "the inner city").

Every sentence here is written for these tests (none comes from the labelled test set).
"""

from __future__ import annotations

import pytest

from privacy_support import covered, scene_spans, spans
from rapport.model import Participant, Role
from rapport.privacy.categories import Category
from rapport.privacy.detect import PatientDetector
from rapport.privacy.findings import Finding
from rapport.privacy.foreign import foreign_ages
from rapport.privacy.language import in_another_language


def test_a_word_a_sentence_ends_on_is_a_name_and_is_found_again() -> None:
    found = scene_spans(
        [
            "Scout, hop up on the table for me.",
            "Okay, we're all done for today. Bye now, Scout.",
        ]
    )
    assert found[1].get("Scout") == "NAME"
    assert found[0].get("Scout") == "NAME"


@pytest.mark.parametrize(
    "text",
    [
        "You did great today, Champ.",
        "Thank you, Doctor.",
        "We'll see you soon, Mom.",
        "She moved back home to Topeka, Kansas.",
        "Keep taking the regular Paracetamol, Ibuprofen.",
        "I know it's hard, Lord.",
    ],
)
def test_an_endearment_a_title_or_a_place_at_the_end_is_no_name(
    detector: PatientDetector, text: str
) -> None:
    assert "NAME" not in spans(detector, text).values()


@pytest.mark.parametrize(
    ("text", "pet"),
    [
        ("Sorry. Pepper, down! She thinks the camera is a squirrel.", "Pepper"),
        ("and moose our lab went nuts when the pump beeped", "moose"),
    ],
)
def test_pets_told_off_or_said_with_what_they_are(
    detector: PatientDetector, text: str, pet: str
) -> None:
    assert spans(detector, text).get(pet) == "PET"


def test_a_pet_named_before_what_it_is(detector: PatientDetector) -> None:
    text = "can I tell you about Waffles? He's my brother's hamster."
    assert covered(detector, text, "Waffles")


def test_a_dog_called_after_an_animal_is_not_searched_for_as_the_animal() -> None:
    found = scene_spans(
        [
            "and bear our lab was barking all night at the pump",
            "it's like living with a real bear honestly",
        ]
    )
    assert found[0].get("bear") == "PET"
    assert "bear" not in found[1]


def test_lowercase_inns_and_businesses_named_after_people(detector: PatientDetector) -> None:
    text = "we got a room at the lakeshore inn and my husband works at the morris on route nine"
    assert covered(detector, text, "lakeshore inn")
    assert covered(detector, text, "morris")
    assert not spans(detector, "we stayed at the old inn by the hospital")


def test_an_age_after_a_relation_with_an_apostrophe(detector: PatientDetector) -> None:
    text = "put my brother down instead my dad's ninety three he can't drive at night"
    assert spans(detector, text).get("ninety three") == "AGE"


def test_an_armenian_age() -> None:
    text = "Hayrs innsunerku tarekan e."
    found = foreign_ages(text, None)
    assert [text[f.start : f.end] for f in found] == ["innsunerku"]


def test_a_record_number_read_with_commas(detector: PatientDetector) -> None:
    previous = "And his medical record number?"
    text = "Uh, it's 4, 1, 0, 9, 2, 2, 7, 5."
    assert covered(detector, text, "4, 1, 0, 9, 2, 2, 7, 5", previous)


def test_an_area_code_after_calls_starts_a_number() -> None:
    found = scene_spans(
        [
            "And add my sister Noor, she wants the calls too. 614...",
            "555... 0173. She works nights, so text first.",
        ]
    )
    assert found[0].get("614") == "PHONE"
    assert found[1].get("555... 0173") == "PHONE"


def test_the_house_of_a_ronald_mcdonald_house_is_no_name() -> None:
    text = "There's a Ronald McDonald House a mile away. Dad can stay at the House too."
    found = scene_spans([text])[0]
    assert found == {"Ronald McDonald House": "FACILITY"}


def test_what_families_call_their_grandparents_stays_as_speaker_and_word() -> None:
    detector = PatientDetector(
        [
            Participant("Dr Ferris", Role.CLINICIAN),
            Participant("Nani", Role.PATIENT),
            Participant("Aji", Role.PARENT),
        ]
    )
    text = "Come in, come in. Aji, take the big chair, and Bibi can sit by the window."
    detector.learn([text])
    found = {text[f.start : f.end] for f in detector.find(text)}
    assert not found & {"Aji", "Bibi"}


@pytest.mark.parametrize(
    "text",
    [
        "the dex had her up at four in the morning folding laundry",
        "so we wait two weeks before the next cycle of folfox",
        "no fever ninety eight six this morning",
        "Temp was ninety-nine point five at home.",
        "Count back with me: hundred, ninety, eighty, seventy, sixty.",
        "The closest proton center is in Virginia, about four hours away.",
        "They towed the silver Camry from the garage.",
        "Radiation is every day, Monday to Friday.",
        "Amen. Miigwech, doctor.",
    ],
)
def test_eighteenth_round_stays(text: str) -> None:
    found = scene_spans([text])[0]
    assert not found, found


# ---- nineteenth round ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Can he go to Watch Night service if his counts hold?", "Watch Night"),
        ("She sings in the choir at Greater Mount Zion Missionary Baptist.", "Missionary Baptist"),
        ("Hop up on the table, come on, TJ.", "TJ"),
        ("We moved her scan to Carteret General Hospital in Morehead City.", "Morehead City"),
        ("Forty-one twelve Larkspur, apartment 2B, around the back.", "Forty-one twelve Larkspur"),
        ("She waits tables at the Pelican now, nights mostly.", "Pelican"),
        ("The wedding is at the Coyotes in Sedona this fall.", "Coyotes"),
        ("Sure. One eight hundred... five five five... zero one nine nine.", "One eight hundred"),
        ("Amar number: noy aat dui, char panch chhoy, saat ek tin shunno.", "noy aat dui"),
    ],
)
def test_nineteenth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


def test_a_participant_named_with_a_word_in_a_lowercase_call() -> None:
    detector = PatientDetector(
        [Participant("Nurse Quimby", Role.CLINICIAN), Participant("Skip", Role.PATIENT)]
    )
    said = "okay skip write this down it's the twelfth"
    assert covered(detector, said, "skip")
    assert "skip" not in {
        said[f.start : f.end] for f in detector.find("we skip the steroid that week")
    }


def test_a_lowercase_given_name_and_town_are_found_again() -> None:
    found = scene_spans(
        [
            "hi this is colette the scheduler at the cancer center",
            "we live up on twenty two pine ridge road in fort kent now",
            "merci colette",
            "it's about an hour from fort kent",
        ]
    )
    assert found[2].get("colette") == "NAME"
    assert found[3].get("fort kent") == "ADDRESS"


def test_an_area_code_to_go_in_front_and_a_number_that_trails_off() -> None:
    found = scene_spans(
        [
            "the desk is five five five zero one four four",
            "yes with two oh seven in front",
            "And the backup number?",
            "Nine one nine, five five five... uh.",
            "Oh one six two. That's the landline.",
        ]
    )
    assert found[1].get("two oh seven") == "PHONE"
    assert "Nine one nine, five five five" in found[3]  # an area code and exchange
    assert found[4].get("Oh one six two") == "PHONE"


@pytest.mark.parametrize(
    "text",
    [
        "Counts from this morning: ANC eleven hundred, platelets ninety.",
        "One, two, three, four, five, six, seven, eight. Breathe out.",
        "Insurance is still the State Health Plan, right?",
        "Yakoke, doctor. Halito to everyone at home.",
        "he worked out for worsening headaches before the scan",
        "The BCR-ABL came back at 0.008 percent, a deep response.",
        "The PET is what we call Deauville 2.",
        "The Rx number is on the bottle.",
        "That's Langerhans cell histiocytosis, Nana.",
        "Namaskaram. He loves the Liberian food at the picnics.",
        "thanks hon",
    ],
)
def test_nineteenth_round_stays(text: str) -> None:
    found = scene_spans([text])[0]
    assert not found, found


# ---- twentieth round -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("my aunt lives at 318 2nd street northeast in devils lake", "2nd street northeast"),
        ("you can get labs at larson health in watford city", "larson health"),
        ("she's at maple grove manor now and she likes it", "maple grove manor"),
        ("there's a family house on west eighty sixth street near the hospital", "west eighty"),
        ("so apartment six d and the buzzer is broken", "apartment six d"),
        ("and his school wants the form too p s one forty one", "p s one forty one"),
        ("the great grandmother is ninety four and still sews", "ninety four"),
        ("so dr marsh sent the report over this morning", "marsh"),
    ],
)
def test_twentieth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


def test_a_pet_by_what_it_does_and_a_lowercase_pet_by_its_breed(
    detector: PatientDetector,
) -> None:
    assert spans(detector, "Biscuit barks at the mail truck.").get("Biscuit") == "PET"
    text = "yes taco he's a little chihuahua with opinions"
    assert spans(detector, text).get("taco") == "PET"


def test_a_mongolian_age() -> None:
    text = "Aav maani yeren gurav nastai."
    found = foreign_ages(text, None)
    assert [text[f.start : f.end] for f in found] == ["yeren gurav"]


def test_a_lettered_id_read_again_is_found_again() -> None:
    found = scene_spans(["And the plate?", "TX8-4QM, Texas.", "TX8-4QM. Got it."])
    assert "TX8-4QM" in found[1]
    assert "TX8-4QM" in found[2]


def test_an_area_code_before_a_filler_starts_a_number() -> None:
    found = scene_spans(["what's the best number", "my cell is three one two um"])
    assert found[1].get("three one two") == "PHONE"


@pytest.mark.parametrize(
    "text",
    [
        "The third cisplatin was Monday, so that was the last chemo.",
        "So the MRI is stable, the first after the radiation.",
        "After the second dose, one night, a fever of a hundred and one.",
        "Over a hundred and two, you call us right away.",
        "Urology clinic will call you about the cystoscopy.",
        "So, G-tube tomorrow morning, nothing by mouth after midnight.",
        "Epstein-Barr was what we followed, and the Bacillus Calmette-Guérin worked.",
        "He speaks more Garifuna than English at home.",
        "we're calling from radiation oncology about your planning scan",
    ],
)
def test_twentieth_round_stays(text: str) -> None:
    found = scene_spans([text])[0]
    assert not found, found


def test_a_learned_name_does_not_end_on_a_particle() -> None:
    text = "Dígale de la fiebre, Chepe."
    tagged = Finding(0, len("Dígale de la"), Category.FACILITY, "", "tagger")
    assert in_another_language(text, tagged)
    named = "Ask for Ah Bin at the restaurant."
    assert not in_another_language(named, Finding(8, 14, Category.NAME, "", "spacy"))


# ---- twenty-first round --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Oh seven March eighty one. Sorry, Navy habit.", "Oh seven March eighty one"),
        ("her birthday is april twelfth fifty nine", "april twelfth fifty nine"),
        ("603-555-0142, and 31. That's my desk.", "and 31"),
        ("yeah it's six oh three um five five five zero one seven seven", "six oh three um"),
        ("we drive in from garden city every other week", "garden city"),
        ("we'll miss the party on sweetest day this year", "sweetest day"),
    ],
)
def test_twenty_first_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "Still TRICARE Prime? I need the sponsor's DoD ID off the card.",
        "Her Medi-Cal number changed when she moved.",
        "I'll ask them to make the Zofran IV tonight.",
        "this is the thoracic nurse navigator calling about insurance for outpatient",
        "they moved to the inner city years ago",
    ],
)
def test_twenty_first_round_stays(text: str) -> None:
    found = scene_spans([text])[0]
    assert not found, found


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("after saga dawa maybe end of june", "saga dawa"),
        ("Tsagaan Sar is the whole family at her place.", "Tsagaan Sar"),
        ("El 6 de enero del 2018 fue el diagnóstico.", "El 6 de enero del 2018"),
    ],
)
def test_holidays_and_a_spanish_year_after_del(
    detector: PatientDetector, text: str, date: str
) -> None:
    assert covered(detector, text, date)


def test_an_age_long_after_a_fever_is_still_an_age(detector: PatientDetector) -> None:
    text = "She had a fever last week and the cough got worse, and my mother is ninety-two now."
    assert spans(detector, text).get("ninety-two") == "AGE"
