"""Suggestions from a few human-coded examples: scoring, storage as auto, acceptance."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rapport import pipeline, store
from rapport.errors import RapportError
from rapport.model import Origin
from rapport.suggestions import Suggester, learning_curve, learning_curve_svg, model_version
from rapport.suggestions.workspace import (
    accept_suggestion,
    store_suggestions,
    suggest_in_workspace,
)
from rapport.themes import read_theme_map, summarise_themes
from rapport.themes.workspace import import_documents, load_documents

ESSAYS = Path(__file__).resolve().parent.parent / "sample-essays"
WORDS = ["thank", "hello", "plan", "would", "hear"]


def bag_of_words(texts: list[str]) -> np.ndarray:
    """A tiny deterministic embedding: counts of a few marker words, plus a constant."""
    return np.array([[t.lower().count(w) for w in WORDS] + [0.1] for t in texts], dtype=np.float32)


def test_suggester_needs_min_examples_and_ranks_the_nearest_code() -> None:
    texts = ["thank you"] * 5 + ["hello there"] * 5 + ["the plan is"] * 2
    labels = [{"reward"}] * 5 + [{"greeting"}] * 5 + [{"review"}] * 2
    suggester = Suggester(embed=bag_of_words).fit(texts, labels)
    assert suggester.codes_ == ["greeting", "reward"]  # review has only 2 examples
    [first, second] = suggester.suggest(["thank you so much", "hello hello"])
    assert first[0].code == "reward" and second[0].code == "greeting"
    assert 0.0 <= first[0].score <= 1.0


def test_learning_curve_is_tidy() -> None:
    train = ["thank a", "thank b", "thank c", "hello a", "hello b", "hello c"]
    labels = [{"reward"}] * 3 + [{"greeting"}] * 3
    frame = learning_curve(
        train,
        labels,
        ["thank z", "hello z"],
        [{"reward"}, {"greeting"}],
        ["reward", "greeting"],
        sizes=(1, 3),
        repeats=2,
        embed=bag_of_words,
    )
    assert list(frame.columns) == ["size", "repeat", "top1", "macro_ap", "macro_f1"]
    assert frame["top1"].min() == 1.0
    assert "<svg" in learning_curve_svg({"toy": frame})


def test_workspace_suggestions_are_auto_and_only_count_when_accepted(tmp_path: Path) -> None:
    engine = store.open_workspace(tmp_path / "w.db")
    import_documents(engine, [ESSAYS])
    part = tmp_path / "part.csv"
    lines = (ESSAYS / "codings" / "mira.csv").read_text().splitlines()
    part.write_text("\n".join(lines[:60]) + "\n")  # essays 1-12 only
    pipeline.import_codings_csv(engine, part, "chung2024")
    suggester = Suggester(embed=bag_of_words, threshold=0.0)
    found, counts = suggest_in_workspace(engine, "chung2024", suggester=suggester)
    assert found and counts["support_networks"] >= 5
    coded = {(c.split(",")[0], int(c.split(",")[1])) for c in lines[1:60]}
    assert not any((s.encounter_id, s.turn_index) in coded for s in found)
    assert store_suggestions(engine, "chung2024", found) == len(found)
    assert store_suggestions(engine, "chung2024", found) == 0
    theme_map = read_theme_map(ESSAYS / "themes.yaml")
    before = summarise_themes(theme_map, *load_documents(engine))
    first = found[0]
    accepted = accept_suggestion(
        engine, "chung2024", first.encounter_id, first.turn_index, first.code, "mira"
    )
    assert accepted.origin == Origin.HUMAN and "accepted suggestion" in (accepted.memo or "")
    with engine.connect() as connection:
        autos = store.get_codings(connection, origin=Origin.AUTO)
    assert {c.model_version for c in autos} == {model_version("chung2024")}
    after = summarise_themes(theme_map, *load_documents(engine))
    assert sum(s.n for s in after) >= sum(s.n for s in before)
    with pytest.raises(RapportError):
        accept_suggestion(engine, "chung2024", "essay-01", 0, "resilience", "mira")


def test_no_suggestions_without_enough_examples(tmp_path: Path) -> None:
    engine = store.open_workspace(tmp_path / "w.db")
    import_documents(engine, [ESSAYS])
    with pytest.raises(RapportError, match="human-coded examples"):
        suggest_in_workspace(engine, "chung2024", suggester=Suggester(embed=bag_of_words))
