"""The learned PHI tagger: context-only PHI, quiet on real clinical talk, its cache, and
honest training data (the tuned-on splits only)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from rapport.coding.embeddings import EmbeddingModelError, verify_artifact
from rapport.privacy import tagger
from rapport.privacy.augment import Surrogates, as_speech, replaced
from rapport.privacy.categories import Category
from rapport.privacy.evaluation import covered
from rapport.privacy.testset import SPLITS, Example, load_test_set
from test_ingest_support import DATASETS

PRIMOCK = DATASETS / "primock57" / "transcripts"


def flagged(text: str) -> dict[str, str]:
    """What the cached tagger alone finds in ``text``."""
    (findings,) = tagger.load_tagger().tag([text])
    return {text[f.start : f.end]: str(f.category) for f in findings}


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        # made-up words that no lexicon holds: only the context says they are PHI
        ("She works at Brindlemoor now, mostly night shifts.", "Brindlemoor"),
        ("we drove in from tulavik this morning so we're a little tired", "tulavik"),
        ("His teacher, Mrs Quellaby, sent a card for him.", "Quellaby"),
        ("we moved here from kelvarro after his dad got the job", "kelvarro"),
    ],
)
def test_finds_context_only_phi_that_no_lexicon_has(text: str, phi: str) -> None:
    assert phi in flagged(text)


def test_a_full_stop_ending_a_sentence_parts_two_findings_but_an_abbreviation_does_not() -> None:
    assert set(flagged("She works at Brindlemoor. Quellaby is her boss.")) == {
        "Brindlemoor",
        "Quellaby",
    }
    assert "St. Brindlemoor" in flagged("We saw Dr. Quellaby at St. Brindlemoor yesterday.")


def test_flags_nothing_in_real_primock57_doctor_turns() -> None:
    from rapport.ingest import find_sources, read_encounters

    encounter = read_encounters(find_sources([PRIMOCK])[0])[0]
    turns = [t.text for t in encounter.turns if t.speaker == "Doctor" and len(t.text) > 40][:25]
    assert len(turns) >= 10
    found = {
        text[f.start : f.end]
        for text, findings in zip(turns, tagger.load_tagger().tag(turns), strict=True)
        for f in findings
    }
    assert found == set()


def test_the_cached_tagger_matches_its_manifest_and_its_training_data(tmp_path: Path) -> None:
    folder = tagger.ensure_tagger()
    manifest = verify_artifact(folder)
    assert manifest["artifact"] == tagger.VERSION
    assert manifest["training_splits"] == list(SPLITS)
    assert manifest["data_sha256"] == tagger.data_checksum(tagger.training_examples())
    assert tagger.ensure_tagger() == folder  # built once, then found
    tampered = tmp_path / "tagger"
    shutil.copytree(folder, tampered)
    (tampered / "tagger.npz").write_bytes(b"not a model")
    with pytest.raises(EmbeddingModelError, match="checksum"):
        verify_artifact(tampered)
    assert json.loads((folder / "manifest.json").read_text())["files"]["tagger.npz"]


def test_trains_only_on_the_tuned_on_splits(monkeypatch: pytest.MonkeyPatch) -> None:
    """A split added to the test set later (an unseen one) never reaches training."""
    examples = tagger.training_examples()
    assert {e.split for e in examples} <= set(SPLITS)
    unseen = Example("z01-01", "z01", "unseen", "clinic", "Mom", "parent", [], "Hi Zora.")
    monkeypatch.setattr(tagger, "load_test_set", lambda: [*load_test_set(), unseen])
    assert tagger.training_examples() == examples
    assert tagger.data_checksum(tagger.training_examples()) == tagger.data_checksum(examples)


def test_stand_ins_and_speech_copies_keep_the_spans_on_their_words() -> None:
    import random

    text = "Call Dr Okafor at 816-555-0199 before March 3rd."
    spans = [(8, 14, Category.NAME), (18, 30, Category.PHONE), (38, 47, Category.DATE)]
    surrogates = Surrogates(random.Random(1), ["Avery"], ["Hollis"], ["Tulsa"])
    new_text, new_spans = replaced(text, spans, surrogates)
    assert new_text.startswith("Call Dr ") and new_text.endswith(".")
    assert [c for *_, c in new_spans] == [c for *_, c in spans]
    speech, speech_spans = as_speech(text, spans)
    assert speech == "call dr okafor at 816-555-0199 before march 3rd"
    assert [speech[s:e] for s, e, _ in speech_spans] == ["okafor", "816-555-0199", "march 3rd"]


def test_leave_one_split_out_recall_on_heldout5() -> None:
    """Trained on the other five splits only, the tagger alone finds 0.70 of heldout5's
    spans (docs/privacy.md); the floor guards against a regression."""
    examples = tagger.training_examples()
    model = tagger.train([e for e in examples if e.split != "heldout5"])
    test = [e for e in examples if e.split == "heldout5"]
    found = labelled = 0
    for example, findings in zip(test, model.tag([e.text for e in test]), strict=True):
        detected = [(f.start, f.end) for f in findings]
        for start, end, category in example.spans:
            if category in tagger.TAGGED:
                labelled += 1
                found += covered(start, end, example.text, detected)
    assert found / labelled >= 0.68


@pytest.mark.parametrize(
    ("text", "phi"),
    [
        ("her brother flew up from tulavik last night", "tulavik"),
        ("they moved to kelvarro in the spring", "kelvarro"),
        ("Mochi slept on his bed all night, she knows when he is sick.", "Mochi"),
    ],
)
def test_a_detector_with_the_tagger_removes_what_the_rules_miss(text: str, phi: str) -> None:
    from rapport.model import Participant, Role
    from rapport.privacy.detect import PatientDetector

    participants = [Participant("Dr Pell", Role.CLINICIAN)]
    rules_only = PatientDetector(participants, learned_tagger=False).find(text)
    assert phi not in {text[f.start : f.end] for f in rules_only}
    with_tagger = PatientDetector(participants, learned_tagger=True).find(text)
    assert phi in {text[f.start : f.end] for f in with_tagger}


def test_commands_hear_about_the_one_off_training_before_it_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rapport.coding import embeddings
    from rapport.pipeline.exports import Privacy, protected
    from rapport.privacy import detect

    built: list[Path] = []
    monkeypatch.setattr(tagger, "artifact_dir", lambda checksum: tmp_path / "tagger")
    monkeypatch.setattr(
        embeddings, "ensure_built", lambda folder, lock, build: built.append(folder)
    )
    heard: list[str] = []
    tagger.prepare(heard.append)
    assert built == [tmp_path / "tagger"]
    assert len(heard) == 1 and "once" in heard[0] and str(tmp_path) in heard[0]
    # once built, nothing to say; with the tagger switched off, nothing to build
    (tmp_path / "tagger").mkdir()
    (tmp_path / "tagger" / "manifest.json").write_text("{}")
    tagger.prepare(heard.append)
    monkeypatch.setattr(detect, "USE_LEARNED_TAGGER", False)
    tagger.prepare(heard.append)
    assert len(heard) == 1 and len(built) == 2
    # exports pass their notify on; identified exports never de-identify
    protected([], [], Privacy(identified=True, notify=heard.append))
    assert len(heard) == 1
