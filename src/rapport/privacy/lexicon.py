"""Holidays, store chains and facility words: plain data for the date and facility patterns.

The lists are written one entry a line in a string so that they stay readable and short.
"""

from __future__ import annotations


def _entries(block: str) -> list[str]:
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


def wordset(block: str) -> frozenset[str]:
    """The words of a block of text, for word lists written a few to a line."""
    return frozenset(block.split())


def _holidays(block: str) -> dict[str, tuple[int, int | None]]:
    """``name | month | day`` lines, the day ``-`` for a movable holiday (its usual month)."""
    found: dict[str, tuple[int, int | None]] = {}
    for line in _entries(block):
        name, month, day = (part.strip() for part in line.split("|"))
        found[name] = (int(month), None if day == "-" else int(day))
    # longest first: the date reader takes the first name a span starts with
    return dict(sorted(found.items(), key=lambda item: -len(item[0])))


#: Holidays of many traditions, lowercase, matched in any case. A fixed holiday names a day;
#: a movable one (religious calendars, "the fourth Thursday") names its usual month.
HOLIDAYS: dict[str, tuple[int, int | None]] = _holidays(
    """
    christmas eve | 12 | 24
    christmas day | 12 | 25
    christmas | 12 | 25
    orthodox christmas | 1 | 7
    new year's eve | 12 | 31
    new years eve | 12 | 31
    new year's day | 1 | 1
    new years day | 1 | 1
    new year's | 1 | 1
    halloween | 10 | 31
    valentine's day | 2 | 14
    valentines day | 2 | 14
    independence day | 7 | 4
    fourth of july | 7 | 4
    the fourth of july | 7 | 4
    4th of july | 7 | 4
    the 4th of july | 7 | 4
    st patrick's day | 3 | 17
    st. patrick's day | 3 | 17
    saint patrick's day | 3 | 17
    thanksgiving | 11 | -
    easter | 4 | -
    orthodox easter | 4 | -
    good friday | 4 | -
    palm sunday | 4 | -
    ash wednesday | 2 | -
    mardi gras | 2 | -
    fat tuesday | 2 | -
    madaraka day | 6 | 1
    jamhuri day | 12 | 12
    mashujaa day | 10 | 20
    pentecost | 5 | -
    whitsun | 5 | -
    whit monday | 5 | -
    pfingsten | 5 | -
    pfingstmontag | 5 | -
    pinksteren | 5 | -
    pinkstermaandag | 5 | -
    pinjsten | 5 | -
    pinjstmondag | 5 | -
    all saints' day | 11 | 1
    all saints day | 11 | 1
    all souls' day | 11 | 2
    day of the dead | 11 | 2
    dia de los muertos | 11 | 2
    día de los muertos | 11 | 2
    three kings day | 1 | 6
    dia de los reyes | 1 | 6
    día de los reyes | 1 | 6
    cinco de mayo | 5 | 5
    mother's day | 5 | -
    mothers day | 5 | -
    father's day | 6 | -
    fathers day | 6 | -
    grandparents day | 9 | -
    memorial day | 5 | -
    decoration day | 5 | -
    labor day | 9 | -
    labour day | 9 | -
    veterans day | 11 | 11
    veterans' day | 11 | 11
    veteran's day | 11 | 11
    remembrance day | 11 | 11
    columbus day | 10 | -
    indigenous peoples' day | 10 | -
    indigenous peoples day | 10 | -
    presidents' day | 2 | -
    presidents day | 2 | -
    president's day | 2 | -
    martin luther king day | 1 | -
    martin luther king jr. day | 1 | -
    mlk day | 1 | -
    juneteenth | 6 | 19
    groundhog day | 2 | 2
    pi day | 3 | 14
    earth day | 4 | 22
    black friday | 11 | -
    boxing day | 12 | 26
    second christmas | 12 | 26
    old christmas | 1 | 6
    old new year | 1 | 14
    little christmas | 1 | 6
    women's christmas | 1 | 6
    transfer day | 3 | 31
    syttende mai | 5 | 17
    dormition | 8 | 15
    the dormition | 8 | 15
    second day of christmas | 12 | 26
    st stephen's day | 12 | 26
    canada day | 7 | 1
    bastille day | 7 | 14
    anzac day | 4 | 25
    guy fawkes night | 11 | 5
    bonfire night | 11 | 5
    hogmanay | 12 | 31
    kwanzaa | 12 | 26
    watch night | 12 | 31
    sweetest day | 10 | -
    rosh hashanah | 9 | -
    rosh hashana | 9 | -
    rosh hashonah | 9 | -
    yom kippur | 9 | -
    sukkot | 10 | -
    simchat torah | 10 | -
    hanukkah | 12 | -
    chanukah | 12 | -
    hanukah | 12 | -
    chanukkah | 12 | -
    purim | 3 | -
    passover | 4 | -
    pesach | 4 | -
    shavuot | 6 | -
    tu bishvat | 2 | -
    ramadan | 3 | -
    eid al-fitr | 4 | -
    eid al fitr | 4 | -
    eid ul-fitr | 4 | -
    eid ul fitr | 4 | -
    eid al-adha | 6 | -
    eid al adha | 6 | -
    eid ul-adha | 6 | -
    eid ul adha | 6 | -
    eid | 4 | -
    mawlid | 9 | -
    ashura | 7 | -
    diwali | 11 | -
    deepavali | 11 | -
    holi | 3 | -
    navratri | 10 | -
    dussehra | 10 | -
    durga puja | 10 | -
    raksha bandhan | 8 | -
    rakhi | 8 | -
    janmashtami | 8 | -
    ganesh chaturthi | 9 | -
    onam | 9 | -
    pongal | 1 | 14
    makar sankranti | 1 | 14
    lohri | 1 | 13
    vaisakhi | 4 | 14
    baisakhi | 4 | 14
    karva chauth | 10 | -
    gurpurab | 11 | -
    vesak | 5 | -
    wesak | 5 | -
    bodhi day | 12 | 8
    lunar new year | 2 | -
    chinese new year | 2 | -
    vietnamese new year | 2 | -
    seollal | 2 | -
    losar | 2 | -
    saga dawa | 6 | -
    tsagaan sar | 2 | -
    naadam | 7 | 11
    chuseok | 9 | -
    mid-autumn festival | 9 | -
    mid autumn festival | 9 | -
    moon festival | 9 | -
    dragon boat festival | 6 | -
    qingming | 4 | 5
    obon | 8 | -
    nowruz | 3 | 20
    norooz | 3 | 20
    nowrouz | 3 | 20
    persian new year | 3 | 20
    yalda | 12 | 21
    easter monday | 4 | -
    easter sunday | 4 | -
    holy thursday | 4 | -
    holy week | 4 | -
    eid l'kbir | 6 | -
    eid el kbir | 6 | -
    eid el-kbir | 6 | -
    eid el kebir | 6 | -
    eid el-kebir | 6 | -
    eid sghir | 4 | -
    eid es-seghir | 4 | -
    semana santa | 4 | -
    maundy thursday | 4 | -
    whit monday | 5 | -
    boxing day | 12 | 26
    king's birthday | 6 | -
    queen's birthday | 6 | -
    the king's birthday | 6 | -
    the queen's birthday | 6 | -
    flag day | 6 | 14
    aso o le fu'a | 4 | 17
    white sunday | 10 | -
    štědrý den | 12 | 24
    stedry den | 12 | 24
    štědrý večer | 12 | 24
    wigilia | 12 | 24
    timkat | 1 | 19
    meskel | 9 | 27
    enkutatash | 9 | 11
    songkran | 4 | 13
    holy ghost feast | 5 | -
    feast of the holy ghost | 5 | -
    festa do espírito santo | 5 | -
    dia de portugal | 6 | 10
    treaty days | 6 | -
    dashain | 10 | -
    tihar | 11 | -
    simbang gabi | 12 | 16
    nollaig na mban | 1 | 6
    women's christmas | 1 | 6
    little christmas | 1 | 6
    oíche shamhna | 10 | 31
    lá fhéile pádraig | 3 | 17
    junkanoo | 12 | 26
    kūčios | 12 | 24
    kucios | 12 | 24
    kūčia | 12 | 24
    midsommar | 6 | -
    juhannus | 6 | -
    jāņi | 6 | 23
    ivan kupala | 7 | 7
    fastelavn | 2 | -
    badnji dan | 1 | 6
    božić | 1 | 7
    blessing of the fleet | 5 | -
    kha b-nisan | 4 | 1
    kha b'nisan | 4 | 1
    akitu | 4 | 1
    den' pobedy | 5 | 9
    den’ pobedy | 5 | 9
    den pobedy | 5 | 9
    maslenitsa | 3 | -
    kivgiq | 2 | -
    messenger feast | 2 | -
    nalukataq | 6 | -
    crop over | 8 | -
    """
)

#: Holidays that are everyday words in lowercase ("lent", "advent", "tet spells", "the
#: goombay drum"): they are dates only when capitalised.
CAPITAL_HOLIDAYS: dict[str, tuple[int, int | None]] = _holidays(
    """
    Lent | 3 | -
    Mărțișor | 3 | 1
    Martisor | 3 | 1
    Advent | 12 | -
    Epiphany | 1 | 6
    Tet | 2 | -
    Tết | 2 | -
    Goombay | 7 | -
    Midsummer | 6 | -
    Double Ten | 10 | 10
    """
)

#: Pharmacy, grocery and store chains, national and regional, as they are written; they
#: are found in any case (a family names the store, speech recognition writes "schnucks").
CHAINS: tuple[str, ...] = tuple(
    _entries(
        """
        CVS
        Walgreens
        Rite Aid
        Walmart
        Costco
        Kroger
        Publix
        Safeway
        Albertsons
        Meijer
        Hy-Vee
        H-E-B
        HEB
        Duane Reade
        Sam's Club
        Jewel-Osco
        Jewel Osco
        Osco
        Schnucks
        Dierbergs
        Giant Eagle
        Wegmans
        ShopRite
        Stop & Shop
        Food Lion
        Harris Teeter
        Winn-Dixie
        Dillons
        King Soopers
        Ralphs
        Vons
        Hannaford
        Price Chopper
        WinCo
        Aldi
        Trader Joe's
        Piggly Wiggly
        Food 4 Less
        Fred Meyer
        Stater Bros
        Raley's
        Save Mart
        Lowes Foods
        Harmons
        Brookshire's
        Fareway
        Cub Foods
        Hornbacher's
        Woodman's
        Festival Foods
        Hen House
        Cosentino's
        Reasor's
        Bi-Lo
        Save-A-Lot
        Sedano's
        Food City
        Tom Thumb
        Randalls
        Haggen
        Heinen's
        Mariano's
        Pick 'n Save
        Rouses
        Smart & Final
        Grocery Outlet
        Dollar General
        Family Dollar
        Dollar Tree
        99 Ranch
        Patel Brothers
        Giant Food
        Star Market
        Roche Bros
        Price Rite
        Weis
        Weis Markets
        Sheetz
        Wawa
        Zippy's
        Super One
        Rosauers
        Turkey Hill
        Kwik Trip
        Kwik Star
        QuikTrip
        Royal Farms
        Cumberland Farms
        Stewart's Shops
        Buc-ee's
        Maverik
        RaceTrac
        Circle K
        7-Eleven
        Kinney Drugs
        Bartell Drugs
        Express Scripts
        OptumRx
        Accredo
        Option Care
        Coram
        Menards
        Home Depot
        YMCA
        YWCA
        Ronald McDonald House
        Hope Lodge
        Boys & Girls Club
        Planned Parenthood
        Salvation Army
        """
    )
)

#: Hospitals, health systems and cancer centres whose names are not everyday words, as
#: written; like ``CHAINS`` they are found in any case ("we start at sacred heart"). Names
#: that are words ("Mercy", "Banner", "Trinity") are left to the cue rules.
HOSPITALS: tuple[str, ...] = tuple(
    _entries(
        """
        Sacred Heart
        Good Samaritan
        Deaconess
        Intermountain
        Geisinger
        Ochsner
        Sentara
        Novant
        Atrium Health
        AdventHealth
        Adventist Health
        Baylor Scott & White
        Cedars-Sinai
        Johns Hopkins
        Mass General
        Brigham and Women's
        Henry Ford
        Beaumont
        Sutter
        Dignity Health
        Banner Health
        Prisma Health
        Wellstar
        Inova
        MedStar
        Hackensack
        Northwell
        NYU Langone
        Mount Sinai
        Cincinnati Children's
        Rady Children's
        Nemours
        Le Bonheur
        Sanford Health
        Avera
        Essentia
        Gundersen
        Marshfield Clinic
        Froedtert
        Allina
        Fairview
        HealthPartners
        Hennepin
        Carle
        Moffitt
        Huntsman
        Fred Hutch
        Roswell Park
        Fox Chase
        Karmanos
        Siteman
        Lineberger
        Winship
        Hollings
        Cleveland Clinic
        UCSF
        UCLA Health
        Stanford Health
        Lucile Packard
        Seattle Children's
        Texas Children's
        Cook Children's
        Dell Children's
        Phoenix Children's
        Children's Mercy
        Children's Wisconsin
        Children's Minnesota
        Akron Children's
        Dayton Children's
        Valley Children's
        Rainbow Babies
        Hasbro Children's
        Golisano
        Levine Children's
        Arkansas Children's
        Primary Children's
        Doernbecher
        Randall Children's
        Providence Sacred Heart
        St. Luke's
        St Luke's
        Scripps
        Kettering Health
        OhioHealth
        Riley Children's
        Lurie Children's
        Kosair
        """
    )
)

#: Chains whose names are everyday words or surnames in lowercase ("target", "giant",
#: "smith's"): found only as written, capitalised.
CAPITAL_CHAINS: tuple[str, ...] = tuple(
    _entries(
        """
        Target
        Whole Foods
        Sprouts
        Acme
        Ingles
        Market Basket
        Big Y
        QFC
        BJ's
        H Mart
        El Super
        Best Buy
        Casey's
        Love's
        Speedway
        Holiday Station
        """
    )
)

#: Words that end a facility's name, in a lowercase transcript ("heller pavilion").
FACILITY_HEADS = frozenset(
    _entries(
        """
        hospital
        clinic
        pavilion
        library
        tower
        wing
        hall
        center
        centre
        pharmacy
        elementary
        academy
        infirmary
        hospice
        school
        institute
        university
        college
        location
        campus
        house
        dental
        church
        chapel
        cathedral
        temple
        mosque
        synagogue
        meetinghouse
        general
        casino
        inn
        motel
        manor
        lodge
        suites
        memorial
        mall
        livestock
        feedlot
        auction
        maternity
        commons
        fellowship
        tabernacle
        co-op
        fund
        foundation
        """
    )
)

#: Words of a facility's name that name no place by themselves ("the clinic", "North
#: Tower"): a facility made only of these is not removed.
FACILITY_GENERIC = wordset(
    """
    the clinic hospital campus office pharmacy school center centre health medical north
    south east west central house institute university college elementary middle high rehab
    which this that our your their my his her a new old main children's pavilion library
    tower wing hall building pediatric primary urgent day home senior nursing assisted
    living women's men's club fitness imaging dental labs gym medicine regional cancer
    oncology infusion care community surgical rx drug drugs market grocery groceries mandi
    brothers
    """
)
