"""De-identification, thirty-third round onwards.

Round 33 found: a town's festival or fair in lowercase ("the omak stampede", "the
birmingham ethnic festival") and its power company ("toledo edison"); a state's name said
as a town ("out in oregon, not the state"); a town after a verb of living ("lives up at
keller"); the town and zip after a post office box; a year said with "and" ("nineteen and
forty-seven"); an age over 89 in digits after "lived to"; "the last full weekend in
July"; two names joined before "Day" ("Friends and Family Day"); a Hungarian saint's day
("szent istvan nap"); a spoken e-mail address with a subdomain; a co-op by its name; in a
lowercase turn, a nickname ("everybody calls me bud"), whom a doctor is named, a federal
bureau ("the bureau of reclamation") and a family house ("the evergreen family house");
a name spelled by its letter ("erzsi with a z"); a person by their desk ("Tove at the
front desk"); a pet before "she's a" and its breed or coat in a lowercase turn that spoke
of an animal, and a pet of two words before "She's my budgie"; a children's hospital
before "over in".

Round 33 keeps: a country by an older name ("Burma") and more peoples' adjectives
("Norwegian", "Yemeni"); "the temple festival"; a plural before "with an s"; a noun after
an article before "he's a corgi"; a pet's name inside a state's ("north dakota").

Every sentence here is written for these tests (none comes from the labelled test set).
"""

from __future__ import annotations

import pytest

from privacy_support import covered, scene_spans
from rapport.privacy.detect import PatientDetector


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("we always take her to the omak stampede in august", "omak stampede"),
        ("he won't miss the birmingham polish festival for anything", "birmingham polish festival"),
        ("my wife did thirty years in payroll at toledo edison", "toledo edison"),
        ("she's buried out in oregon not the state the little town", "oregon"),
        ("grandma still lives down at keller by the ferry", "keller"),
        ("it's p o box two forty nespelem nine nine one five five", "nespelem"),
        ("Born June the third, nineteen and thirty-one.", "nineteen and thirty-one"),
        ("His father lived to 101 on the same farm.", "101"),
        (
            "We go up for the last full weekend in June, every year.",
            "the last full weekend in June",
        ),
        ("It's Homecoming and Founders Day at church that Sunday.", "Homecoming and Founders Day"),
        ("we bake for szent mihaly nap every year", "szent mihaly nap"),
        ("it's r kowal at lincoln elementary dot district dot org", "lincoln elementary"),
        ("I pick up my vegetables at Hilltop Co-op on Saturdays.", "Hilltop Co-op"),
        ("this is her uncle raymond but everybody calls me tink", "tink"),
        ("and now her doctor's named crane can you believe it", "crane"),
        ("my son works for the bureau of land management out there", "bureau of land management"),
        ("they put us at the riverside family house for two weeks", "riverside family house"),
        ("the last name's ferenczi with a z at the end", "ferenczi"),
        ("Call the clinic and Marit at the front desk will book it.", "Marit"),
        ("i miss my dog so much biscotti she's a vizsla", "biscotti"),
        ("Will the nurses let me see Rua Lin? He's my budgie.", "Rua Lin"),
        ("she's seen at sunrise children's over in tacoma now", "sunrise children's"),
    ],
)
def test_thirty_third_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "My grandmother was born in Burma and came here in 1962.",
        "The Norwegian interpreter is on the screen by the door.",
        "The temple festival is in the spring and we always go.",
        "They rented canoes with an s on the end of the sign.",
        "can my dog come to the parade he's a corgi so he's slow",
    ],
)
def test_thirty_third_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


def test_a_pets_name_inside_a_states_name_is_the_state(detector: PatientDetector) -> None:
    text = "and my horse missed me dakota she's a buckskin from a ranch in north dakota"
    assert covered(detector, text, "dakota")
    found = [(f.start, text[f.start : f.end]) for f in detector.find(text)]
    assert (text.index("north dakota") + len("north "), "dakota") not in found
