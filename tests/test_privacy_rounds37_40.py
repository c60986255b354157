"""De-identification, thirty-seventh round onwards.

Round 37 found: the first try at a number cut short by a correction before the number said
whole ("nine two no sorry nine two seven ..."); Kenyan national days (Madaraka, Jamhuri,
Mashujaa); a fair by its name ("the Mid-Winter Fair"); May beside another month ("May or
June", "June or May"); a pet's name with a diacritic before "barking"; a company by its
initials joined with "&" ("HG&E"); in a lowercase turn, a school by its name and level
("from martin high") and a college by three initials said apart ("to u t a").

Round 37 keeps: "the VA" (a federal department, or Virginia); "Hola"; a great-grandmother's
house ("at Bisabuela's"); "Q&A"; "very high doses"; "c t" scans said apart; "may or
may not".

Every sentence here is written for these tests (none comes from the labelled test set).
"""

from __future__ import annotations

import pytest

from privacy_support import covered, scene_spans
from rapport.privacy.detect import PatientDetector


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("the number is four one no wait four one six two two eight oh nine", "four one"),
        ("we go home for mashujaa day most years", "mashujaa day"),
        ("Are you going to the Spring-Creek Fair this year?", "Spring-Creek Fair"),
        ("We could do May or July, whichever is easier.", "May"),
        ("Either August or May works for the scan.", "May"),
        ("Is that Bébé howling? That's our cat.", "Bébé"),
        ("He retired from PG&E after thirty years.", "PG&E"),
        ("she finished at lincoln middle last spring", "lincoln middle"),
        ("he got into the nursing program at u n t", "u n t"),
    ],
)
def test_thirty_seventh_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "The VA sent the letter, and the VA pays for the ride.",
        "Hola, good morning.",
        "We stayed at Bisabuela's all summer.",
        "We had a Q&A after the talk.",
        "he was on very high doses for a week",
        "they sent him to c t first",
        "You may or may not feel tired.",
    ],
)
def test_thirty_seventh_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]
