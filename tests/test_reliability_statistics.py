"""Reliability statistics pinned to published test vectors and reference packages."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rapport.reliability import (
    STATISTICS,
    bias_index,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    negative_agreement,
    percent_agreement,
    positive_agreement,
    prevalence_index,
    reliability,
)
from rapport.reliability.tally import ALPHAS, Ratings, estimates

NA = np.nan

#: Krippendorff (2011), "Computing Krippendorff's alpha-reliability", 4 coders × 12 units.
KRIPPENDORFF = pd.DataFrame(
    {
        "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, NA, NA, NA],
        "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NA, 3],
        "C": [NA, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NA],
        "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NA],
    }
)

#: Gwet (2014), Handbook of Inter-Rater Reliability: Ben and Gerry, 12 units.
BEN_GERRY = pd.DataFrame(
    {
        "Ben": list("aabbdcccedda"),
        "Gerry": ["b", "a", "b", "b", "b", "c", "c", "c", "e", None, "d", "d"],
    }
)

#: R irr's ``anxiety`` data, raters 2 and 3.
ANXIETY = pd.DataFrame(
    {
        "rater2": [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
        "rater3": [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
    }
)

#: Fleiss (1971) psychiatric diagnoses, 30 patients × 6 raters, as in R irr's
#: ``diagnoses`` and statsmodels' tests (categories numbered 1..5).
DIAGNOSES = np.array(
    [
        [4, 4, 4, 4, 4, 4],
        [2, 2, 2, 5, 5, 5],
        [2, 3, 3, 3, 3, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 2, 2, 4, 4, 4],
        [1, 1, 3, 3, 3, 3],
        [3, 3, 3, 3, 5, 5],
        [1, 1, 3, 3, 3, 4],
        [1, 1, 4, 4, 4, 4],
        [5, 5, 5, 5, 5, 5],
        [1, 4, 4, 4, 4, 4],
        [1, 2, 4, 4, 4, 4],
        [2, 2, 2, 3, 3, 3],
        [1, 4, 4, 4, 4, 4],
        [2, 2, 4, 4, 4, 5],
        [3, 3, 3, 3, 3, 5],
        [1, 1, 1, 4, 5, 5],
        [1, 1, 1, 1, 1, 2],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 5, 5, 5],
        [5, 5, 5, 5, 5, 5],
        [2, 4, 4, 4, 4, 4],
        [2, 2, 4, 5, 5, 5],
        [1, 1, 4, 4, 4, 4],
        [1, 4, 4, 4, 4, 5],
        [2, 2, 2, 2, 2, 4],
        [1, 1, 1, 1, 5, 5],
        [2, 2, 4, 4, 4, 4],
        [1, 3, 3, 3, 3, 3],
        [5, 5, 5, 5, 5, 5],
    ]
)


@pytest.mark.parametrize(
    ("level", "expected"),
    [("nominal", 0.743421), ("ordinal", 0.815388), ("interval", 0.849107), ("ratio", 0.797403)],
)
def test_krippendorff_alpha_matches_krippendorff_2011(level: str, expected: float) -> None:
    assert krippendorff_alpha(KRIPPENDORFF, level) == pytest.approx(expected, abs=5e-7)  # type: ignore[arg-type]


def test_gwet_ac1_matches_gwet_2014() -> None:
    assert gwet_ac1(KRIPPENDORFF) == pytest.approx(0.775, abs=5e-4)
    assert gwet_ac1(BEN_GERRY) == pytest.approx(0.661, abs=5e-4)


def test_cohen_kappa_matches_irr_anxiety() -> None:
    assert cohen_kappa(ANXIETY) == pytest.approx(-0.006289, abs=5e-7)
    assert cohen_kappa(ANXIETY, "linear") == pytest.approx(0.1459075, abs=5e-8)
    assert cohen_kappa(ANXIETY, "quadratic") == pytest.approx(0.2520325, abs=5e-8)


def test_fleiss_kappa_matches_irr_and_statsmodels_diagnoses() -> None:
    assert fleiss_kappa(DIAGNOSES) == pytest.approx(0.4302445, abs=5e-8)


def test_cohen_kappa_agrees_with_scikit_learn() -> None:
    from sklearn.metrics import cohen_kappa_score

    rng = np.random.default_rng(3)
    for _ in range(5):
        first = rng.integers(0, 4, 60)
        second = np.where(rng.random(60) < 0.6, first, rng.integers(0, 4, 60))
        data = np.column_stack([first, second])
        for weights in ("unweighted", "linear", "quadratic"):
            expected = cohen_kappa_score(
                first, second, weights=None if weights == "unweighted" else weights
            )
            assert cohen_kappa(data, weights) == pytest.approx(expected)  # type: ignore[arg-type]


def test_fleiss_kappa_agrees_with_statsmodels_on_complete_data() -> None:
    from statsmodels.stats import inter_rater

    rng = np.random.default_rng(4)
    for _ in range(5):
        truth = rng.integers(0, 3, 40)
        data = np.where(rng.random((40, 5)) < 0.7, truth[:, None], rng.integers(0, 3, (40, 5)))
        table, _ = inter_rater.aggregate_raters(data, n_cat=3)
        assert fleiss_kappa(data) == pytest.approx(inter_rater.fleiss_kappa(table))


def test_two_by_two_indices_by_hand() -> None:
    # a = 40 both present, b = 9 first only, c = 6 second only, d = 45 both absent.
    pairs = [(1, 1)] * 40 + [(1, 0)] * 9 + [(0, 1)] * 6 + [(0, 0)] * 45
    data = pd.DataFrame(pairs, columns=["first", "second"])
    assert percent_agreement(data) == pytest.approx(0.85)
    assert positive_agreement(data) == pytest.approx(80 / 95)
    assert negative_agreement(data) == pytest.approx(90 / 105)
    assert prevalence_index(data) == pytest.approx(0.05)
    assert bias_index(data) == pytest.approx(0.03)
    chance = 0.49 * 0.46 + 0.51 * 0.54
    assert cohen_kappa(data) == pytest.approx((0.85 - chance) / (1 - chance))


def test_bootstrap_engine_equals_the_krippendorff_package_with_missing_data() -> None:
    rng = np.random.default_rng(5)
    for _ in range(5):
        values = rng.integers(1, 6, (30, 4)).astype(float)
        values[rng.random((30, 4)) < 0.25] = np.nan
        ratings = Ratings.from_matrix(pd.DataFrame(values))
        point = estimates(ratings, ALPHAS)
        once = estimates(ratings, ALPHAS, weights=np.ones((1, 30)))
        for name in ALPHAS:
            assert once[name][0] == pytest.approx(float(point[name]))


def test_reliability_is_tidy_seeded_and_brackets_the_estimate() -> None:
    table = reliability(KRIPPENDORFF, n_boot=500, seed=7)
    assert list(table.columns) == [
        "statistic",
        "estimate",
        "ci_low",
        "ci_high",
        "n_units",
        "n_coders",
        "n_boot",
    ]
    assert list(table["statistic"]) == [
        "percent_agreement",
        "krippendorff_alpha_nominal",
        "fleiss_kappa",
        "gwet_ac1",
    ]
    assert set(table["n_units"]) == {11} and set(table["n_coders"]) == {4}
    assert (table["ci_low"] <= table["estimate"] + 1e-9).all()
    assert (table["estimate"] <= table["ci_high"] + 1e-9).all()
    pd.testing.assert_frame_equal(table, reliability(KRIPPENDORFF, n_boot=500, seed=7))
    assert not table.equals(reliability(KRIPPENDORFF, n_boot=500, seed=8))
    quiet = reliability(KRIPPENDORFF, n_boot=0)
    assert quiet["ci_low"].isna().all() and quiet["estimate"].notna().all()


def test_reliability_for_two_binary_coders_lists_every_two_coder_statistic() -> None:
    data = pd.DataFrame({"a": [True, False, True, True], "b": [True, False, False, True]})
    table = reliability(data, n_boot=50)
    assert set(table["statistic"]) == set(STATISTICS) - set(ALPHAS[1:])


def test_long_data_pivots_like_pingouin() -> None:
    long = KRIPPENDORFF.rename_axis("unit").reset_index().melt("unit", var_name="coder")
    long = long.dropna(subset=["value"])
    table = reliability(long, unit="unit", coder="coder", rating="value", n_boot=0)
    assert table.loc[1, "estimate"] == pytest.approx(0.743421, abs=5e-7)
    with pytest.raises(ValueError, match="all three"):
        reliability(long, unit="unit", n_boot=0)


def test_cluster_bootstrap_and_errors() -> None:
    clusters = [i // 3 for i in range(12)]
    table = reliability(KRIPPENDORFF, n_boot=200, clusters=clusters)
    assert table["ci_low"].notna().all()
    with pytest.raises(ValueError, match="one label per unit"):
        reliability(KRIPPENDORFF, n_boot=10, clusters=[0, 1])
    with pytest.raises(ValueError, match="unknown statistic"):
        reliability(KRIPPENDORFF, statistics=["kappa"])
    with pytest.raises(ValueError, match="not one of the categories"):
        cohen_kappa(ANXIETY, categories=[1, 2, 3, 4])
    with pytest.raises(ValueError, match="exactly two coders"):
        cohen_kappa(KRIPPENDORFF)


def test_undefined_statistics_are_nan() -> None:
    same = pd.DataFrame({"a": [0, 0, 0], "b": [0, 0, 0]})
    assert np.isnan(cohen_kappa(same, categories=[0, 1]))
    assert np.isnan(krippendorff_alpha(same, categories=[0, 1]))
    assert percent_agreement(same) == 1.0
    assert gwet_ac1(same, categories=[0, 1]) == 1.0
