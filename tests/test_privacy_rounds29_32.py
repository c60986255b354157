"""De-identification, twenty-ninth round onwards.

Round 29 found: a North American city of two words or more after "in", "from" or "to" in
a lowercase turn ("up in grand rapids"); a town named "New" and a city ("new berlin"); the
second of two days said in words after a month ("march ninth and tenth"); an age over 89
after "lived to" or "made it to"; a Spanish birth date with its year's last two words ("del
setenta y dos"); Old Christmas, Junkanoo and Goombay; a pet of two capitalised words
before "the cat"; what a centre is for, as part of its name ("elkhart center for cancer
care"); a guest house named after "the"; a name spelled in six letters or more with no
cue, or after a turn names a letter as people do when they spell ("with a k not a c").

Round 29 keeps: "the new jerusalem" of a hymn; "the goombay drum"; "the first and second
cycles" after a month; letters said as a list of fewer than six.

Every sentence here is written for these tests (none comes from the labelled test set).
"""

from __future__ import annotations

import pytest

from privacy_support import covered, new_detector, scene_spans
from rapport.privacy.detect import PatientDetector


@pytest.fixture
def detector() -> PatientDetector:
    return new_detector()


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
