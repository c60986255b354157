"""Coder evaluation metrics, pinned against values computed by hand."""

from __future__ import annotations

import numpy as np
import pytest

from rapport.coding.evaluation import score


def test_per_code_scores_macro_f1_and_top_k_match_hand_computation() -> None:
    gold = np.array([[1, 1], [1, 0], [0, 0], [0, 0]])
    probabilities = np.array([[0.9, 0.8], [0.4, 0.6], [0.7, 0.1], [0.2, 0.1]])
    result = score(gold, probabilities, np.array([0.5, 0.7]), ["a", "b"], n_bootstrap=50)
    a, b = result.codes
    # code a: decided [1, 0, 1, 0] against gold [1, 1, 0, 0]
    assert (a.precision, a.recall, a.f1) == (0.5, 0.5, 0.5)
    assert a.kappa == pytest.approx(0.0)  # observed 0.5, chance 0.5
    assert (b.f1, b.kappa) == (1.0, 1.0)
    assert result.macro_f1 == 0.75
    # passages are the two rows with a gold code; row 1's best guess (b) is wrong
    assert (result.n_passages, result.top1, result.top3) == (2, 0.5, 1.0)


def test_kappa_matches_the_textbook_two_by_two_example() -> None:
    # Two raters, 50 items: yes/yes 20, yes/no 5, no/yes 10, no/no 15 -> kappa 0.4
    rater1 = np.array([1] * 25 + [0] * 25)
    rater2 = np.array([1] * 20 + [0] * 5 + [1] * 10 + [0] * 15)
    result = score(
        rater1[:, None], rater2[:, None].astype(float), np.array([0.5]), ["x"], n_bootstrap=10
    )
    assert result.codes[0].kappa == pytest.approx(0.4)


def test_bootstrap_intervals_bracket_the_estimate() -> None:
    rng = np.random.default_rng(1)
    gold = rng.integers(0, 2, (300, 3))
    noisy = np.clip(gold + rng.normal(0, 0.4, gold.shape), 0, 1)
    result = score(gold, noisy, np.full(3, 0.5), ["a", "b", "c"], n_bootstrap=300)
    low, high = result.macro_f1_interval
    assert low <= result.macro_f1 <= high and high - low < 0.2
