"""Labelled turns for codebooks other than Kaye 2021 (NURSE, GRRRR), and their coders.

Each ``<codebook>.jsonl`` follows the line format of ``../data/README.md`` with the codes of
``codebooks/<codebook>.yaml``. The development split is the same stable hash of the id as
for the shipped data (``rapport.coding.data.split_of``), so nobody picks the test examples.

>>> coder, evaluation = train_for_codebook("nurse")          # doctest: +SKIP
>>> evaluation.as_dict()["macro_f1"]                         # doctest: +SKIP
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapport.codebooks import load_codebook
from rapport.coding.data import Example, read_examples

if TYPE_CHECKING:
    from rapport.coding.evaluation import Evaluation
    from rapport.coding.learned import Coder


def labelled_codebooks() -> list[str]:
    """Codebook ids with a labelled set in this folder."""
    folder = resources.files(__package__)
    return sorted(p.name[: -len(".jsonl")] for p in folder.iterdir() if p.name.endswith(".jsonl"))


def codebook_examples(codebook_id: str) -> list[Example]:
    """Every labelled example for ``codebook_id``, validated against its codebook."""
    path = Path(str(resources.files(__package__).joinpath(f"{codebook_id}.jsonl")))
    return read_examples([path], load_codebook(codebook_id).code_ids)


def train_for_codebook(
    codebook_id: str, *, n_bootstrap: int = 200, **params: Any
) -> tuple[Coder, Evaluation]:
    """A learned coder trained on the train split, and its scores on the development split."""
    from rapport.coding.evaluation import evaluate_examples
    from rapport.coding.model_files import train_coder

    examples = codebook_examples(codebook_id)
    train = [e for e in examples if e.split == "train"]
    development = [e for e in examples if e.split == "dev"]
    coder = train_coder(
        [e.as_sample() for e in train],
        [e.codes for e in train],
        codebook=codebook_id,
        version=f"{codebook_id}-team-v1",
        **params,
    )
    return coder, evaluate_examples(coder, development, n_bootstrap=n_bootstrap)
