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

Round 38 found: a full name written with capitals before the birthday, when the turn before
asked for it in a few words ("Dad, full name and birthday?" "Tobias Lee Runs Far. March
2nd, 2019."); "the second week of October"; a people's New Year and New Year said as a day
("for New Year"); a rural route's box ("HC 62 Box 9"); "at County"; "I'm Xochitl" even where
spaCy takes it for a place; in a lowercase turn, a hospital with its qualifier after a
cancer center ("at bluestone regional"), a clinic "at" a name "in" a town and both ("the
clinic at harmon in oakvale"), a clinic by its name and "health" ("through elk ridge
health"), a company by "u s" and its trade, a caller before their role ("this is candy i'm
the ..."), a relative by a given name that is also a word ("my son rusty up in ..."), and an
e-mail address with a first and last name before its digits.

Round 38 keeps: the languages and peoples no country is named for ("in Zapotec", "Hmong
medicine"); thanks in Icelandic and Mien, and the Icelandic word for Dad; a cytokine
("IL-2"); a lowercase word after an article that spaCy takes for a name ("a sim"); "Not"
taken for a name once, not found again; "the New Year"; "through public health".

Round 39 found: "Holy Week" and "Semana Santa"; a town's days named for a year ("Days of
'49"); a date in Uzbek or Turkish ("yigirmanchi mart", "on beşinci haziran"); a given name
and a last initial ("tell Danny O he owes me"); in a lowercase turn, a home-infusion
company, a place by its owner and what it sells ("at leland's seafood"), a drugstore by its
name ("callao drug") and an employer by its place and industry ("newport news
shipbuilding").

Round 39 keeps: a count in the thousands said in words ("two thousand one hundred"); "the
first records"; greetings and blessings in Uzbek, Kalmyk and Yaqui and "Tata"; Central
Asian peoples ("Uzbek"); "the Liturgy"; "Plan B", "Type O", "Hepatitis B"; "carbon steel".

Round 40 found: a birth date with the year said "oh ten" or "two thousand thirteen"; capital
letters said apart with commas before a number ("C W, zero zero four, ..."); a name spelled
with hyphens and cut off ("T-H-I..."); a given name before the nickname everybody uses; a
town just before its zip code; a British postcode; "Children's and Women's"; a church
named "Greater" and its Bible name ("Greater Little Zion").

Round 40 keeps: a word that spells a letter ("T like Tom"); a British school year ("Year
1"); "Ta." as thanks.

Round 41 found: Mărțișor; Eid with a French or Darija article ("l'Eid l'kbir"); a roundup,
rodeo, stampede or powwow by its name; May after "not" closing a clause; in a lowercase
turn, a place where a carer works with its town ("the nurse navigators at norris cotton
down in lebanon"), a pet's name said twice to quiet it ("boomer quiet boomer go lay down")
and a relative after "the" ("the grandson tyler he's ..."); a name that is also a language,
when someone is addressed by it ("Okay, Dari, ..."); and, after the retrain, a phone
number with a pause said in it ("816-555, um, 0154").

Round 41 keeps: a first name inside a country's name ("Costa Rica", "Puerto Rico"); a
people's school or store ("at Romanian school"), but not a people's community center;
faiths ("we are Pentecostal"); Romanian, Georgian and Spanish words for grandparents,
thanks and Mom.

Round 42 found: a day and a month both said as ordinals ("Fourteenth of the third,
twenty-nineteen"); a day said as a number before "of" and the month ("Thirteen of June");
"Happy Fourth"; a festival named with "-fest" ("Polyfest"); a Canadian postal code; a
town named "... bay" or "... valley" in a lowercase turn; in lowercase, a college or a
medical-supply business by its name ("suomi college", "northland medical") and where
someone teaches or works by a surname ("she teaches at jeffers"); a name said before its
spelling with hyphens ("Nakato, N-A-K-A-T-O").

Round 42 keeps: Māori, Luganda, Gaelic and Choctaw greetings, thanks and words for
grandparents; "the community college", "medical school".

Round 43 found: a day said as a number before the month and the year ("Fifteen March
twenty twenty"); Australian, New Zealand, Irish and South African phone numbers; a web
address with a top-level domain presidio does not know, to its end; the town and a
four-digit postcode after a street; "Glasgow" (no longer kept as the eponym of the coma
scale, which is kept by what follows it); the workplace named after "at work,"; in a
lowercase turn, a family by its home ("is this the cotton residence"), a caller with their
surname before their birthday, a pet named before its breed ("that's gravy she's a beagle
mix"), a church numbered by its founding ("first baptist"), where someone was for years
("he was at emerson thirty one years"), identifiers spelled letter and digit apart ("four t
g seven e k"), and the first tries at a phone number said before it whole, or the digits
dictated in pauses after it.

Round 43 keeps: "the Glasgow coma scale"; "in recovery" after a hospital; an area code
spoken of after the number ("the two one nine is the county"); "nine one one".

Round 44 (tuning on heldout45, begun) finds: a number dictated in pieces with pauses, and
corrected ("0491... 570... hang on", "W118... 2093", "900... 381, no, 318"); a spoken
phone number with "double" in it ("nine eight double one, four double seven two"); an
e-mail address said aloud at a country's domain ("at example dot ca", "dot co dot uk"); a
day and month as ordinals with the year's last two digits ("Eleventh of the second,
sixty-one"); a Canadian postal code said letter by letter ("a zero g two x zero"); digits
read out in Welsh ("saith dau wyth... pedwar naw dim"). It keeps years said with a pause between
("1998... 1999"), doses, "dim" or "un" among English or French words, and what
Afrikaans-speaking families call grandparents ("Ouma", "Oupa"). The learned tagger no
longer joins two words across a full stop that ends a sentence ("England. Ours").

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


def test_thirty_eighth_round_full_name_asked_in_a_few_words(detector: PatientDetector) -> None:
    asked = "Dad, full name and birthday?"
    answer = "Tobias Lee Runs Far. March 2nd, 2019."
    assert covered(detector, answer, "Tobias Lee Runs Far", asked)
    assert not covered(detector, "Okay Then. March 2nd works.", "Okay Then", asked)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Camp is the second week of October this year.", "the second week of October"),
        ("She wants to be home for Hmong New Year if she can.", "Hmong New Year"),
        ("Let's aim to have him out by New Year.", "New Year"),
        ("Mail goes to HC 62 Box 9, out past the mesa.", "HC 62 Box 9"),
        ("Your CT is downstairs at County on Monday.", "County"),
        ("Good morning, I'm Xochitl, I'll be your nurse today.", "Xochitl"),
        ("they moved him to the cancer center at bluestone regional", "bluestone regional"),
        ("the records went to the clinic at harmon in oakvale last week", "harmon"),
        ("the records went to the clinic at harmon in oakvale last week", "oakvale"),
        ("the rides come through elk ridge health twice a week", "elk ridge health"),
        ("he drove a truck for u s foods for nine years", "u s foods"),
        ("hi this is candy i'm the nurse with doctor shah's office", "candy"),
        ("my son rusty up in denver keeps the paperwork", "rusty"),
        ("it's dawn harper forty two at example dot com", "dawn harper forty two at example"),
    ],
)
def test_thirty_eighth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "Grandma will explain it in Zapotec.",
        "It's Hmong medicine, from her garden.",
        "Takk, takk. Thank you both.",
        "Laengz zingh. Thank you, doctor.",
        "Pabbi, sit down for a minute.",
        "After the IL-2 you will feel wiped out.",
        "the first step they call it a sim",
        "Not today, but soon. Not yet.",
        "We'll see where things are in the New Year.",
        "she gets the shots through public health",
    ],
)
def test_thirty_eighth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("We go back for Holy Week every spring.", "Holy Week"),
        ("Semana Santa is when the whole family comes.", "Semana Santa"),
        ("He rides in the parade at Days of '47.", "Days of '47"),
        ("Onbeshinchi mart, she says, is her birthday.", "Onbeshinchi mart"),
        ("Ask Marcus T if he still has my charger.", "Marcus T"),
        ("the pump comes from tidewater home infusion on mondays", "tidewater home infusion"),
        ("we had lunch at dorsey's crab house after", "dorsey's crab house"),
        ("the pharmacy on file is kilmer drug on main", "kilmer drug"),
        ("he welded for sparrows point shipyard till it closed", "sparrows point shipyard"),
    ],
)
def test_thirty_ninth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "His platelets came back at three thousand one hundred this morning.",
        "The first records came by fax.",
        "Assalomu alaykum, doctor.",
        "Lios emchania, all of you.",
        "Tata, sit here by the window.",
        "My husband is Uzbek and my mother is Kazakh.",
        "We missed the Liturgy on Sunday.",
        "You'll get Plan B in writing, and she is Type O.",
        "he fixed the trailer with carbon steel from the yard",
    ],
)
def test_thirty_ninth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


def test_fortieth_round_birth_dates_with_the_year_in_words(detector: PatientDetector) -> None:
    asked = "And her date of birth, please?"
    assert covered(
        detector, "Three fourteen oh nine. She's fifteen.", "Three fourteen oh nine", asked
    )
    said = "Eight, twenty-nine, two thousand eleven. Yes."
    assert covered(detector, said, "Eight, twenty-nine, two thousand eleven", asked)


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        (
            "The chart number is M R, four four one, oh two, seven seven one.",
            "M R, four four one",
        ),
        ("Got it, and the last name, that's B-E-A...", "B-E-A"),
        ("Marquavious, but everyone calls him Quay. He's nine.", "Marquavious"),
        ("Send it to 88 Bayou Lane, Houma 70360, please.", "Houma"),
        ("Her flat is 3 Orchard Close, Bristol BS5 9QT.", "BS5 9QT"),
        ("She was transferred from Women's and Children's last night.", "Women's and Children's"),
        (
            "We worship at Greater New Hope Missionary Baptist.",
            "Greater New Hope Missionary Baptist",
        ),
    ],
)
def test_fortieth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "The code is RW5. R like Robert, W like William.",
        "He's in Year 2 now, with a lovely teacher.",
        "Ta. That's really kind of you.",
    ],
)
def test_fortieth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("We go to my aunt's for l'Eid every year.", "l'Eid"),
        ("Can he ride in the Cheyenne Frontier Rodeo this summer?", "Cheyenne Frontier Rodeo"),
        ("Her birthday is in June, not May.", "May"),
        (
            "i'm one of the social workers at dartmouth hitchcock up in lebanon",
            "dartmouth hitchcock",
        ),
        ("sorry that's the dog rufus hush rufus go lay down", "rufus"),
        ("she stays with the granddaughter tanya who lives close", "tanya"),
        ("Okay, Dari, one more poke and we are done.", "Dari"),
        ("Her cell is 503-555, um, 0178, she works days.", "0178"),
    ],
)
def test_forty_first_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "We lived in Costa Rica for six years.",
        "She goes to Romanian school on Saturdays.",
        "We are Pentecostal, and her family is Catholic.",
        "Bunicul is asleep in the chair.",
        "Gmadlobt, doctor.",
    ],
)
def test_forty_first_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Born the ninth of the fourth, two thousand eight.", "the ninth of the fourth"),
        ("It was Twenty-two of March, twenty fifteen.", "Twenty-two of March, twenty fifteen"),
        ("Happy Fourth, all of you, and be safe with the fireworks.", "Fourth"),
        ("She dances at Pasifikafest every year.", "Pasifikafest"),
        ("Mail it to 12 Elm Road, T2N 1N4.", "T2N 1N4"),
        ("we're just past copper bay on the left", "copper bay"),
        ("he graduated from gogebic college back in the day", "gogebic college"),
        ("my son teaches at lakeview elementary and my wife works at kowalczyk", "kowalczyk"),
        ("Her surname is Achieng, A-C-H-I-E-N-G.", "Achieng"),
        ("I like Tom, he explains things to her.", "Tom"),
    ],
)
def test_forty_second_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "Mōrena! Tapadh leibh for coming.",
        "Webale, doctor.",
        "she wants to go to the community college and then medical school",
    ],
)
def test_forty_second_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Born Nineteen April twenty eleven.", "Nineteen April twenty eleven"),
        ("hi this is the nurse line is this the pickens residence", "pickens"),
        ("yes this is clyde barlow birthday is may third forty nine", "clyde barlow"),
        ("that's peaches she's a terrier mix she sleeps on my bed", "peaches"),
        (
            "four one four uh three three three no that's his work four one four five five five "
            "zero one nine two",
            "three three three",
        ),
        ("Ring the ward on 03 9496 5000, extension 52, any time.", "03 9496 5000"),
        (
            "Join at https://video.health.scot.example/room/8812 tomorrow.",
            "https://video.health.scot.example/room/8812",
        ),
        ("It's 12 Banksia Street, Alice Springs, 0870.", "Alice Springs"),
        ("It's 12 Banksia Street, Alice Springs, 0870.", "0870"),
        ("three k r nine w p and the group is seven g z four x", "three k r nine w p"),
        ("we'll have the lunch after at second baptist", "second baptist"),
        ("she was at maytag twenty two years before the layoff", "maytag"),
        ("Reach me at work, NWHC, most days.", "NWHC"),
        ("She's staying with her aunt in Glasgow for now.", "Glasgow"),
        ("My cell is 0412 555 019... 772, no, 727.", "727"),
    ],
)
def test_forty_third_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "His Glasgow coma scale was fifteen on arrival.",
        "Give her two three four sips at a time.",
    ],
)
def test_forty_third_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("we're at st luke's in recovery now", {"st luke's"}),
        (
            "that's it, two one nine five five five zero one seven seven, and the two one nine "
            "is the county",
            {"two one nine five five five zero one seven seven"},
        ),
        (
            "call nine one one if she can't breathe, otherwise two six two five five five zero "
            "one four four",
            {"two six two five five five zero one four four"},
        ),
    ],
)
def test_forty_third_round_finds_only(text: str, found: set[str]) -> None:
    assert set(scene_spans([text])[0]) == found


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("Her mobile's 0412... 338... wait, 0412 338 901.", "0412... 338"),
        ("The hospital number was K204... 7781, I think.", "K204... 7781"),
        ("It's 07700 900... 562, no, 526.", "526"),
        ("Three four double two, six triple nine.", "Three four double two, six triple nine"),
        ("write to her at rosie dot tran at example dot ca", "rosie dot tran at example dot ca"),
        ("his is jim walsh at example dot co dot uk", "jim walsh at example dot co dot uk"),
        ("Born the Ninth of the twelfth, seventy-two.", "Ninth of the twelfth, seventy-two"),
        ("the postal code is e one c four m three", "e one c four m three"),
        ("Rhif Mam ydy saith dau wyth... pedwar naw dim.", "saith dau wyth"),
        ("Rhif Mam ydy saith dau wyth... pedwar naw dim.", "pedwar naw dim"),
    ],
)
def test_forty_fourth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "It was 1998... 1999 maybe, when she first got sick.",
        "We went from 500... 1000 mg over the week.",
        "two double three four",
        "The lights go dim, un peu, then tri-colour.",
        "Shame, Ouma. Sit here, Oupa will bring the tea.",
    ],
)
def test_forty_fourth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]
