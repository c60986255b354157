"""Alliance models pinned to published fits: Spector logit, dietox mixed model, Anscombe r."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from rapport.surveys.models import (
    alliance_trajectories,
    associations,
    correlations,
    logistic_regression,
    mixed_model,
    timepoint_times,
    trajectory_means,
)

# Anscombe (1973), first data set.
ANSCOMBE_X = [10, 8, 13, 9, 11, 14, 6, 4, 12, 7, 5]
ANSCOMBE_Y = [8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68]


def spector() -> pd.DataFrame:
    import statsmodels.api as sm

    return sm.datasets.spector.load_pandas().data


def dietox() -> pd.DataFrame:
    """geepack's dietox (Lauridsen et al. 1999) as statsmodels ships it for its own tests
    (statsmodels is BSD-3; read in place, not copied into this repository)."""
    import statsmodels

    path = Path(statsmodels.__file__).parent / "regression/tests/results/dietox.csv"
    assert path.exists(), f"statsmodels no longer ships the dietox test vector at {path}"
    return pd.read_csv(path)


def test_logistic_regression_matches_spector() -> None:
    table = logistic_regression(spector(), "GRADE ~ GPA + TUCE + PSI").set_index("term")
    assert table.loc["GPA", "estimate"] == pytest.approx(2.826113, abs=1e-6)
    assert table.loc["TUCE", "estimate"] == pytest.approx(0.0951577, abs=1e-6)
    assert table.loc["PSI", "estimate"] == pytest.approx(2.378688, abs=1e-6)
    assert table.loc["Intercept", "estimate"] == pytest.approx(-13.02135, abs=1e-5)
    # Greene's standard errors, and Wald intervals on the odds-ratio scale.
    assert table.loc["GPA", "std_error"] == pytest.approx(1.262941, abs=1e-5)
    assert table.loc["GPA", "odds_ratio"] == pytest.approx(math.exp(2.826113), rel=1e-6)
    low = math.exp(2.826113 - 1.959964 * 1.262941)
    assert table.loc["GPA", "ci_low"] == pytest.approx(low, rel=1e-5)
    assert table.loc["PSI", "p_value"] == pytest.approx(0.025455, abs=1e-5)
    assert set(table["n"]) == {32}
    assert "Wald" in table["method"].iloc[0] and "profile" in table["method"].iloc[0]


def test_logistic_regression_clusters_by_clinician_and_takes_bool_outcomes() -> None:
    data = spector().assign(
        clinician=[f"dr{i % 4}" for i in range(32)],
        passed=lambda d: d["GRADE"].astype(bool),
    )
    plain = logistic_regression(data, "passed ~ GPA + TUCE + PSI").set_index("term")
    robust = logistic_regression(data, "passed ~ GPA + TUCE + PSI", cluster="clinician")
    robust = robust.set_index("term")
    assert robust.loc["GPA", "estimate"] == pytest.approx(plain.loc["GPA", "estimate"])
    assert robust.loc["GPA", "std_error"] != pytest.approx(plain.loc["GPA", "std_error"])
    assert "cluster-robust standard errors by clinician (4 clusters)" in robust["method"].iloc[0]


def test_mixed_model_matches_lme4_on_dietox() -> None:
    table = mixed_model(dietox(), "Weight ~ Time", groups="Pig").set_index("term")
    assert table.loc["Intercept", "estimate"] == pytest.approx(15.723523, rel=1e-5)
    assert table.loc["Time", "estimate"] == pytest.approx(6.942505, rel=1e-5)
    assert table.loc["Time", "std_error"] == pytest.approx(0.03338727, rel=1e-4)
    assert table.loc["Pig: intercept variance", "estimate"] == pytest.approx(40.39395, rel=1e-4)
    assert table.loc["residual", "estimate"] == pytest.approx(11.36692, rel=1e-5)
    assert table.loc["Pig: intercept variance", "component"] == "random"
    assert math.isnan(table.loc["residual", "ci_low"])
    assert set(table["n"]) == {861} and set(table["n_groups"]) == {72}
    assert "REML" in table["method"].iloc[0]


def test_correlations_match_anscombe_and_pingouin() -> None:
    data = pd.DataFrame({"y": ANSCOMBE_Y, "x": ANSCOMBE_X, "flat": [1.0] * 11})
    table = correlations(data, "y", ["x", "flat"]).set_index("variable")
    assert table.loc["x", "r"] == pytest.approx(0.816421, abs=1e-6)
    assert table.loc["x", "ci_low"] == pytest.approx(0.424392, abs=1e-5)
    assert table.loc["x", "ci_high"] == pytest.approx(0.950693, abs=1e-5)
    assert table.loc["x", "p_value"] == pytest.approx(0.00217, abs=1e-5)
    assert math.isnan(table.loc["flat", "r"]) and table.loc["flat", "n"] == 11
    spearman = correlations(data, "y", ["x"], method="spearman").iloc[0]
    # pingouin.corr(method="spearman"): r 0.818182, CI 0.428731 to 0.951201.
    assert spearman["r"] == pytest.approx(0.818182, abs=1e-6)
    assert spearman["ci_low"] == pytest.approx(0.428731, abs=1e-5)


def test_timepoint_times_reads_common_labels() -> None:
    assert timepoint_times(["baseline", "month_3", "M6", "12"]) == {
        "baseline": 0.0,
        "month_3": 3.0,
        "M6": 6.0,
        "12": 12.0,
    }
    with pytest.raises(ValueError, match="times="):
        timepoint_times(["after surgery"])


def cohort(seed: int = 3) -> pd.DataFrame:
    """Patients in two arms answer at 3, 6 and 12 months; the digital arm's alliance falls
    0.05 a month and the usual-care arm's stays level, around patient intercepts."""
    rng = np.random.default_rng(seed)
    rows = []
    for index in range(40):
        arm = "digital" if index % 2 else "usual"
        base = 4.0 + rng.normal(0, 0.4)
        sus = rng.normal(70, 10)
        for timepoint, month in (("month_3", 3), ("month_6", 6), ("month_12", 12)):
            slope = -0.05 if arm == "digital" else 0.0
            value = base + slope * month + rng.normal(0, 0.1)
            common = {
                "relationship": f"r{index}",
                "patient": f"p{index}",
                "clinician": f"dr{index % 5}",
                "respondent": f"p{index}",
                "role": "patient",
                "timepoint": timepoint,
                "date": pd.Timestamp("2025-01-01") + pd.Timedelta(days=30 * month),
                "group": arm,
                "scale": "total",
                "rule": "mean",
                "challenging": pd.NA,
            }
            rows.append({**common, "response_id": f"w{index}{month}", "instrument": "WAI"})
            rows[-1]["value"] = value
            rows.append({**common, "response_id": f"s{index}{month}", "instrument": "SUS"})
            rows[-1]["value"] = sus + 20 * (value - 4)
    return pd.DataFrame(rows)


def test_alliance_trajectories_find_the_arm_by_time_interaction() -> None:
    table = alliance_trajectories(cohort(), instrument="WAI").set_index("term")
    interaction = table.loc["time:C(group)[T.usual]"]
    assert interaction["estimate"] == pytest.approx(0.05, abs=0.01)
    assert interaction["p_value"] < 0.001
    assert table.loc["patient: intercept variance", "estimate"] > 0.05
    assert set(table["converged"]) == {True} and set(table["warning"]) == {""}
    slopes = alliance_trajectories(cohort(), instrument="WAI", random_slope=True)
    assert "patient: time variance" in set(slopes["term"])
    # No patient has a slope of their own here: the slope variance sits at zero, and the
    # fit says so instead of printing warnings.
    assert set(slopes["converged"]) == {False}
    assert "boundary" in slopes["warning"].iloc[0]


def test_trajectory_means_per_arm_and_timepoint() -> None:
    means = trajectory_means(cohort(), instrument="WAI")
    assert list(means.columns) == [
        "group",
        "timepoint",
        "time",
        "n",
        "mean",
        "sd",
        "ci_low",
        "ci_high",
    ]
    digital = means[means["group"] == "digital"]
    assert list(digital["timepoint"]) == ["month_3", "month_6", "month_12"]
    assert set(means["n"]) == {20}
    assert (means["ci_low"] < means["mean"]).all() and (means["mean"] < means["ci_high"]).all()


def test_associations_relate_alliance_to_usability_and_communication() -> None:
    scores = cohort()
    extra = scores[["relationship", "timepoint"]].drop_duplicates().assign(messages=1.0)
    extra["messages"] = np.arange(len(extra)) % 7
    table = associations(scores, alliance="WAI", measures=["SUS"], extra=extra)
    assert list(table["variable"]) == ["SUS", "messages"]
    assert set(table["role"]) == {"patient"} and set(table["n"]) == {120}
    sus = table.set_index("variable").loc["SUS"]
    assert sus["r"] > 0.3 and sus["ci_low"] < sus["r"] < sus["ci_high"]
    assert sus["method"].startswith("spearman")
