"""The NURSE, GRRRR and Chung 2024 codebooks, their cues and their labelled sets."""

from __future__ import annotations

from collections import Counter

import pytest
from typer.testing import CliRunner

from rapport.cli import app
from rapport.codebooks import load_codebook, shipped_codebooks
from rapport.coding.cues import CueCoder, codebook_cues
from rapport.coding.data_codebooks import codebook_examples, labelled_codebooks
from rapport.model import Role

EXPECTED = {
    "nurse": ["naming", "understanding", "respecting", "supporting", "exploring"],
    "grrrr": ["greeting", "respectful_listening", "review", "request", "reward"],
    "chung2024": [
        "support_networks",
        "conveying_solidarity",
        "small_acts_of_kindness",
        "compassion",
        "patient_centeredness",
        "resilience",
        "renewed_sense_of_purpose",
    ],
}


@pytest.mark.parametrize("codebook_id", sorted(EXPECTED))
def test_shipped_codebook_loads_with_its_codes_and_citation(codebook_id: str) -> None:
    assert codebook_id in shipped_codebooks()
    book = load_codebook(codebook_id)
    assert book.id == codebook_id
    assert book.code_ids == EXPECTED[codebook_id]
    assert book.citation


def test_chung2024_codes_apply_to_essay_authors() -> None:
    book = load_codebook("chung2024")
    assert all(Role.OTHER in code.applies_to for code in book.codes)


@pytest.mark.parametrize("codebook_id", sorted(EXPECTED))
def test_codebook_show_command(codebook_id: str) -> None:
    result = CliRunner().invoke(app, ["codebook", "show", "--codebook", codebook_id])
    assert result.exit_code == 0, result.output
    assert load_codebook(codebook_id).name[:20] in result.output


@pytest.mark.parametrize("codebook_id", sorted(EXPECTED))
def test_every_code_has_a_cue_of_its_own(codebook_id: str) -> None:
    _, cues = codebook_cues(codebook_id)
    assert set(EXPECTED[codebook_id]) <= {cue.code for cue in cues}


def test_cue_coder_uses_the_codebook_cues() -> None:
    from rapport.coding.context import TurnInContext
    from rapport.model import Encounter, Turn

    coder = CueCoder(codebook="grrrr").fit()
    turn = Turn(0, "Nurse", Role.CLINICIAN, "Good morning! My name is Jess, I'm your nurse today.")
    scores = coder.predict_proba([TurnInContext(Encounter("e", [turn]), 0, ())])
    assert scores[0, list(coder.classes_).index("greeting")] >= 0.8
    assert "grrrr" in coder.model_version_


@pytest.mark.parametrize("codebook_id", ["nurse", "grrrr"])
def test_labelled_set_has_forty_examples_per_code_and_negatives(codebook_id: str) -> None:
    assert codebook_id in labelled_codebooks()
    examples = codebook_examples(codebook_id)
    counts = Counter(code for e in examples for code in e.codes)
    assert all(counts[code] >= 40 for code in EXPECTED[codebook_id]), counts
    assert sum(1 for e in examples if not e.codes) >= 25
    splits = Counter(e.split for e in examples)
    assert splits["dev"] >= 30
