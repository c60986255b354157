"""De-identification, fifth round: facilities after a job, a pastor, a scan or a drive;
schools by their level; full names after a greeting; names in lowercase turns; pets a pet
word refers to; spoken addresses; apartment numbers; licence plates said in answer; and
toys, programs and compound words that are not PHI.

Every sentence here is written for these tests (none comes from the labelled test set).
"""

from __future__ import annotations

import pytest

from privacy_support import covered, new_detector, spans
from rapport.privacy.detect import PatientDetector


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("My husband is a lab tech at Tolliver and works nights.", "Tolliver"),
        ("Her aunt is a cashier at Brightwater Foods.", "Brightwater Foods"),
        ("The bone scan has to be at Quenby next time.", "Quenby"),
        ("It's a long drive from Tucson to UAMC every Monday.", "UAMC"),
        ("Prom is the 3rd at Westfall High, can she go?", "Westfall High"),
        ("our pastor from new hope tabernacle came by", "new hope tabernacle"),
        ("she's a nurse at baylor scott and white", "baylor scott"),
        ("he still goes to ridgeway elementary", "ridgeway elementary"),
        ("we ended up at oklahoma children's overnight", "oklahoma children's"),
        ("i get the refills at the heb by the school", "heb"),
    ],
)
def test_facilities_after_a_cue(detector: PatientDetector, text: str, place: str) -> None:
    assert covered(detector, text, place), spans(detector, text)


@pytest.mark.parametrize(
    "text",
    [
        "She's a nurse at the hospital and loves it.",
        "The MRI is at noon, then we drive to the lake.",
        "He goes to elementary school now.",
        "She transferred to public high school in the fall.",
        "They sent her to PICU overnight and then back to the floor.",
        "He got referred to P T after the fall.",
        "She was a referral from A B C for the scan.",
        "i work as a teacher at the school down the street",
        "the scan is at eight and we drive to the clinic after",
        "her dad is a member of the church",
        "Can we do the ultrasound at Christmas or after?",
    ],
)
def test_everyday_places_stay(detector: PatientDetector, text: str) -> None:
    found = spans(detector, text)
    assert not any(category == "FACILITY" for category in found.values()), found


def test_full_name_after_a_greeting(detector: PatientDetector) -> None:
    text = "Good afternoon, is this Marisol Tchakarova?"
    assert covered(detector, text, "Marisol Tchakarova"), spans(detector, text)
    text = "Hi, this is Vardan Ohanyan from the infusion center."
    assert covered(detector, text, "Vardan Ohanyan"), spans(detector, text)


def test_greeting_before_everyday_words_stays(detector: PatientDetector) -> None:
    for text in ("Hello, is this Tuesday Morning still open?", "Hi, this is Good News."):
        found = spans(detector, text)
        assert not any(category == "NAME" for category in found.values()), found


def test_lowercase_names_and_their_later_mentions() -> None:
    detector = PatientDetector([])
    turns = [
        "yes this is marisol tchakarova",
        "his cousin zeph had strep last week",
        "if zeph comes over keep them apart",
        "and imani's number is the same",
        "you can call his grandma imani too",
    ]
    detector.learn(turns)
    assert covered(detector, turns[0], "marisol tchakarova")
    assert covered(detector, turns[1], "zeph")
    assert covered(detector, turns[2], "zeph")
    assert covered(detector, turns[3], "imani")


def test_lowercase_relation_keeps_verbs_and_words() -> None:
    detector = PatientDetector([])
    for text in ("my brother had a cough", "her sister says it hurts", "his son is fine"):
        detector.learn([text])
        found = spans(detector, text)
        assert not any(category == "NAME" for category in found.values()), (text, found)


def test_pets_a_pet_word_refers_to() -> None:
    detector = PatientDetector([])
    turns = [
        "Can Noodle sleep over at grandma's?",
        "Noodle is our cat. A very grumpy tabby cat.",
        "Ziggy stays in the yard, he's a herding dog.",
    ]
    detector.learn(turns)
    assert spans(detector, turns[1]).get("Noodle") == "PET"
    assert spans(detector, turns[0]).get("Noodle") == "PET"  # remembered for the scene
    assert spans(detector, turns[2]).get("Ziggy") == "PET"


def test_pet_sentences_without_a_name(detector: PatientDetector) -> None:
    for text in ("She is our dog person.", "This is my cat.", "Mom, it's a dog!"):
        found = spans(detector, text)
        assert "PET" not in found.values(), found


def test_spoken_address_town_and_zip(detector: PatientDetector) -> None:
    text = "thirty one forty maplecrest drive tulsa seven four one three six"
    for part in ("thirty one forty maplecrest drive", "tulsa", "seven four one three six"):
        assert covered(detector, text, part), spans(detector, text)


def test_apartment_number_after_an_address(detector: PatientDetector) -> None:
    text = "New apartment now, 88 Larkspur Avenue, number 306."
    assert covered(detector, text, "number 306"), spans(detector, text)
    text = "Her platelet number 45 was low."
    assert "number 45" not in spans(detector, text)


def test_plate_said_in_answer(detector: PatientDetector) -> None:
    question = "What's the plate on the van? We validate parking."
    assert covered(detector, "RWX 772, a blue van.", "RWX 772", question)
    # in another conversation, with no question before it (in this one it is now known)
    assert not covered(new_detector(), "RWX 772, a blue van.", "RWX 772", "How was the drive?")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Did you and Bun-Bun sleep okay?", "Bun-Bun"),
        ("For the Medicaid paperwork I need the card.", "Medicaid"),
        ("Do you have his Social Security card?", "Social Security"),
        ("I need her WellCare number for the form.", "WellCare"),
        ("Batman or Spider-Man on the bandage?", "Man"),
    ],
)
def test_toys_programs_and_compounds_are_not_phi(
    detector: PatientDetector, text: str, kept: str
) -> None:
    assert kept not in spans(detector, text)


def test_pi_day_is_a_date(detector: PatientDetector) -> None:
    text = "Her birthday is on Pi Day."
    assert spans(detector, text).get("Pi Day") == "DATE"


def test_a_lab_value_in_words_is_not_an_age_over_89(detector: PatientDetector) -> None:
    lab = "ANC is one point two today. Platelets ninety-eight, hemoglobin nine point four."
    assert "AGE" not in spans(detector, lab).values()
    age = "Grandma is ninety-four, she still drives."
    assert spans(detector, age) == {"ninety-four": "AGE"}
