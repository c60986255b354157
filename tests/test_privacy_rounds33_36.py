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

Round 34 found: the pieces of a number said after a correction ("... seven one no sorry
one one"); a house number of one word from ten up ("twelve hatch cove lane") with its town
and zip; a name spelled after the turn says it ("lund is l u n d"); ages over 89 in Hindi,
Urdu and Burmese ("pachanve saal"); a children's hospital of two words before "um"; the
words before a birthday in answer to a request for the full name; a number abroad said
with "plus"; "the extension is" and its digits; an e-mail address abroad with a subdomain;
in a lowercase turn, a fellowship, co-op, fund or maternity hospital by two words or more,
and a festival before its town ("the lobster festival in rockland").

Round 34 keeps: "twelve more lanes"; "forty miles down the road"; "the same festival in
town"; "the cancer fund"; a number's count after a correction ("two pills no sorry one");
Krio and Fijian courtesies ("Tenki", "Vinaka").

Round 35 found: the town and zip said in words after a street; letters said before a
number with "and then" between; Pentecost in German, Dutch and Plautdietsch; a trade's
business by its owner's name ("yoder lumber"); a shop by two words ("at al noor bakery");
a chart number with its letters ("Chart KUCC 51-022-7718"); a spoken web address with a
subdomain and a path of two words; a city of 100,000 or more after "out of"; in a
lowercase turn, a place by one word before "in" and a town no word names ("at mack in
macungie"); an age over 89 in Japanese after "she's" ("kyūjū-ni"). After its retrain, a
clinic by two or three words after "the" ("the pleasant point health center"), lost in the
retrain.

Round 35 keeps: "my dad couldn't" (no name); "the auto repair"; "gonna feed"; "Pop";
"online at" before a web address is no e-mail address; Oneida, Plautdietsch, Japanese
and Arabic courtesies; "the outpatient infusion medical center".

Round 36 found, much of it in Spanish: a day before "está" ("el veinticuatro está bien"),
a year said as two numbers ("del veinte veinte"), letters by their Spanish names before a
number ("ge ce hache ..."), a lot in a trailer park ("lote treinta y dos"), a church named
for Our Lady, a pet before "el perrito", a relative's name in a lowercase turn ("mi cuñado
xhuwan", "el papá de yoli"), a town after "para"; a saint's feast ("the fiesta of santa
eulalia"); a month with "'s" ("July's fine"); four capitals before a number ("PEHP 0442
9810 01"); a place by its name and "'s" after "at" ("at Queen's"); "de" between two names
found; an employer or service by its kind ("gulf coast growers", "suncoast medical
transport", "garden state specialty"); a nickname after "she calls me"; a town named "New"
something after "to" ("to new brunswick").

Round 36 keeps: "she called me yesterday"; "at Mom's"; "a lot of people"; "the patron
saint of our town" (no longer "Saint Of"); "we went to new heights"; "mi hermano se
queda"; Med-QUEST (a state's Medicaid).

Every sentence here is written for these tests (none comes from the labelled test set).
"""

from __future__ import annotations

import pytest

from privacy_support import covered, scene_spans
from rapport.privacy.categories import Category
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


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("it's k t w four four one eight no sorry seven seven hang on two nine", "seven seven"),
        ("it's k t w four four one eight no sorry seven seven hang on two nine", "two nine"),
        (
            "we moved to fourteen old mill lane tenants harbor zero four eight six zero",
            "fourteen old mill lane",
        ),
        (
            "we moved to fourteen old mill lane tenants harbor zero four eight six zero",
            "zero four eight six zero",
        ),
        ("the email is lund at example dot net and lund is l u n d", "l u n d"),
        ("Meri nani Karachi mein hain. Chhiyanve saal ki.", "Chhiyanve"),
        ("the social worker at blue hills children's um is this amina", "blue hills children's"),
        ("her cousin's number is plus two three two seven six five five five zero one", "plus"),
        ("and the extension is two two zero one", "two two zero one"),
        ("it's amina dot bah at usl dot example dot sl", "amina dot bah at usl dot example dot sl"),
        ("we pray at bethel liberian fellowship on sundays", "bethel liberian fellowship"),
        ("ask the stony point co-op for my number", "stony point co-op"),
        ("we get help from the harbor women's fund", "harbor women's fund"),
        ("she was born at lady dufferin maternity back home", "lady dufferin maternity"),
        ("we go to the blueberry festival in machias every year", "blueberry festival"),
    ],
)
def test_thirty_fourth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


def test_the_words_before_a_birthday_asked_with_the_name_are_the_name(
    detector: PatientDetector,
) -> None:
    previous = "okay and can you confirm her full name and date of birth"
    assert covered(
        detector, "mariama tejan jalloh, june fifth twenty nineteen", "mariama", previous
    )


@pytest.mark.parametrize(
    "text",
    [
        "it was twelve more lanes of traffic to the exit",
        "we drove forty miles down the road to see him",
        "there was the same festival in town last year",
        "we got a grant from the cancer fund",
        "Tenki. Vinaka.",
    ],
)
def test_thirty_fourth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


def test_a_count_after_a_correction_is_no_piece_of_a_number(detector: PatientDetector) -> None:
    text = "her number is five five five one two three four and two pills no sorry one one a day"
    assert not covered(detector, text, "one one")


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("it's nine ten county road four seminole seven nine three six zero", "seminole"),
        (
            "it's nine ten county road four seminole seven nine three six zero",
            "seven nine three six zero",
        ),
        ("okay it reads m r h and then four oh two nine one seven", "m r h"),
        ("we always go home for pfingsten with the cousins", "pfingsten"),
        ("he drives for yoder lumber most of the year", "yoder lumber"),
        ("she picks up bread at al noor bakery on fridays", "al noor bakery"),
        ("Chart MHC 40-118-2261, and the visit is video.", "MHC 40-118-2261"),
        (
            "the form is at hill rx dot example dot com slash new patient",
            "hill rx dot example dot com slash new patient",
        ),
        ("i'm the nurse with the infusion service out of lubbock", "lubbock"),
        ("he works nights at mack in macungie", "mack"),
        ("My aunt calls every week. She's kyūjū-san.", "kyūjū-san"),
        ("or we can drive to the cedar bluff health center", "cedar bluff health center"),
    ],
)
def test_thirty_fifth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "my dad couldn't come today",
        "we got the auto repair done last week",
        "i'm gonna feed the horses first",
        "Pop says hi. Pop's truck is outside.",
        "Shekoli. Arigatō. Dankscheen.",
        "we moved him to the outpatient infusion medical center",
    ],
)
def test_thirty_fifth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]


def test_a_web_address_online_is_no_e_mail_address(detector: PatientDetector) -> None:
    text = "the application is online at hope kids dot example dot org slash apply"
    found = {f.category for f in detector.find(text)}
    assert Category.EMAIL not in found and Category.URL in found


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("el dieciocho está bien para mí", "el dieciocho"),
        ("nació el dos de mayo del veinte diecinueve", "el dos de mayo del veinte diecinueve"),
        ("aquí dice ge be siete uno cero cero cuatro ocho dos", "ge be"),
        ("vivimos en el parque lote cuarenta y uno", "cuarenta y uno"),
        ("la misa es en nuestra señora del carmen", "nuestra señora del carmen"),
        ("quiere dormir con chispa el perrito", "chispa"),
        ("mi cuñada marisol viene mañana", "marisol"),
        ("the fiesta of san isidro is in may", "san isidro"),
        ("October's better for us, after the harvest.", "October"),
        ("Card is BCBS 4410 2231 09, same as before.", "BCBS 4410 2231 09"),
        ("The scan is in June at Kapiolani's, they said.", "Kapiolani's"),
        ("ana maria rojas de leon and her date of birth", "rojas de leon"),
        ("he packs boxes for sunny acres growers all winter", "sunny acres growers"),
        ("my abuela she calls me nenita every morning", "nenita"),
        ("it's easier than driving to new brunswick for labs", "new brunswick"),
    ],
)
def test_thirty_sixth_round_findings(detector: PatientDetector, text: str, phi: str) -> None:
    assert covered(detector, text, phi)


@pytest.mark.parametrize(
    "text",
    [
        "she called me yesterday about the forms",
        "We stayed at Mom's last night.",
        "there were a lot of people in the waiting room",
        "he is the patron saint of our town",
        "we went to new heights with this team",
        "mi hermano se queda con ella",
    ],
)
def test_thirty_sixth_round_stays(text: str) -> None:
    assert not scene_spans([text])[0]
