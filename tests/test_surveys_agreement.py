"""Agreement between family and clinician questionnaires, pinned to published values."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from rapport.surveys.agreement import (
    DISCORDANCE,
    bland_altman,
    bland_altman_points,
    discordance,
    discordance_table,
    dyads,
    intraclass_corr,
    weighted_kappa,
    wilson_interval,
)

# Shrout & Fleiss (1979), Table 2: 6 targets rated by 4 judges.
JUDGES = {
    "J1": [9, 6, 8, 7, 10, 6],
    "J2": [2, 1, 4, 1, 5, 2],
    "J3": [5, 3, 6, 2, 6, 4],
    "J4": [8, 2, 8, 6, 9, 7],
}

# Bland & Altman (1986), Table 1: first readings, Wright and mini Wright peak flow meters.
WRIGHT = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427]
MINI = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451]


def shrout_fleiss() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"target": t, "judge": judge, "rating": rating}
            for judge, ratings in JUDGES.items()
            for t, rating in enumerate(ratings)
        ]
    )


def test_icc_matches_shrout_fleiss_and_pingouin() -> None:
    table = intraclass_corr(shrout_fleiss(), "target", "judge", "rating").set_index("type")
    expected = {
        "ICC1": 0.1657,
        "ICC2": 0.2898,
        "ICC3": 0.7148,
        "ICC1k": 0.4428,
        "ICC2k": 0.6201,
        "ICC3k": 0.9093,
    }
    for name, value in expected.items():
        assert table.loc[name, "icc"] == pytest.approx(value, abs=5e-5)
    # pingouin 0.7.0 intraclass_corr on the same data (its unrounded ICC, F and p):
    assert table.loc["ICC1", "icc"] == pytest.approx(0.16574177, abs=1e-7)
    assert table.loc["ICC2", "icc"] == pytest.approx(0.28976378, abs=1e-7)
    assert table.loc["ICC1", "f"] == pytest.approx(1.79467849, abs=1e-7)
    assert table.loc["ICC3", "f"] == pytest.approx(11.02724796, abs=1e-7)
    assert table.loc["ICC1", "p_value"] == pytest.approx(0.16476881, abs=1e-7)
    assert table.loc["ICC3", "p_value"] == pytest.approx(0.00013457, abs=1e-7)
    assert list(table["df2"]) == [18, 15, 15, 18, 15, 15]
    assert set(table["df1"]) == {5}
    # pingouin's intervals (it rounds to 2 decimals), which are psych::ICC's as well.
    intervals = {
        "ICC1": (-0.13, 0.72),
        "ICC2": (0.02, 0.76),
        "ICC3": (0.34, 0.95),
        "ICC1k": (-0.88, 0.91),
        "ICC2k": (0.07, 0.93),
        "ICC3k": (0.68, 0.99),
    }
    for name, (low, high) in intervals.items():
        assert round(table.loc[name, "ci_low"], 2) == low
        assert round(table.loc[name, "ci_high"], 2) == high
    assert set(table["n_targets"]) == {6} and set(table["n_raters"]) == {4}


def test_icc_leaves_out_incomplete_targets_and_needs_two() -> None:
    data = shrout_fleiss()
    data.loc[(data["target"] == 0) & (data["judge"] == "J2"), "rating"] = np.nan
    table = intraclass_corr(data, "target", "judge", "rating")
    assert set(table["n_targets"]) == {5}
    with pytest.raises(ValueError, match="at least 2"):
        intraclass_corr(data[data["target"] == 1], "target", "judge", "rating")


def test_bland_altman_matches_the_1986_pefr_example() -> None:
    data = pd.DataFrame({"wright": WRIGHT, "mini": MINI})
    paper = bland_altman(data, "wright", "mini", multiplier=2, limit_se="1986")
    table = paper.set_index("statistic")
    assert table.loc["bias", "estimate"] == pytest.approx(-2.1176, abs=1e-4)
    assert table.loc["sd", "estimate"] == pytest.approx(38.765, abs=1e-3)
    # The paper prints d̄ ± 2s from rounded d̄ = −2.1, s = 38.8: −79.7 and 75.5.
    assert table.loc["lower_limit", "estimate"] == pytest.approx(-79.7, abs=0.1)
    assert table.loc["upper_limit", "estimate"] == pytest.approx(75.5, abs=0.1)
    # Its intervals: bias −22.0 to 17.8; limits ±2.12 × 16.3 (SE √(3s²/n)).
    assert table.loc["bias", "ci_low"] == pytest.approx(-22.0, abs=0.1)
    assert table.loc["bias", "ci_high"] == pytest.approx(17.8, abs=0.1)
    assert table.loc["lower_limit", "se"] == pytest.approx(16.3, abs=0.1)
    assert table.loc["lower_limit", "ci_low"] == pytest.approx(-114.3, abs=0.4)
    assert table.loc["upper_limit", "ci_high"] == pytest.approx(110.1, abs=0.4)
    assert set(table["n"]) == {17}


def test_bland_altman_default_uses_196_and_the_1999_limit_se() -> None:
    data = pd.DataFrame({"a": WRIGHT, "b": MINI})
    table = bland_altman(data, "a", "b").set_index("statistic")
    sd = table.loc["sd", "estimate"]
    assert table.loc["upper_limit", "estimate"] == pytest.approx(-2.1176 + 1.96 * sd, abs=1e-3)
    expected_se = sd * math.sqrt(1 / 17 + 1.96**2 / 32)
    assert table.loc["upper_limit", "se"] == pytest.approx(expected_se)
    assert table.loc["sd", "ci_low"] < sd < table.loc["sd", "ci_high"]
    points = bland_altman_points(data, "a", "b")
    assert points["difference"].iloc[0] == -18 and points["mean"].iloc[0] == 503
    with pytest.raises(ValueError):
        bland_altman(data.head(1), "a", "b")


def test_weighted_kappa_counts_the_whole_scale() -> None:
    # Nobody answered 3 or 4 on a 1..5 scale. Over the answers seen (1, 2, 5, spaced as
    # 1, 2, 3) a 2 against a 5 would sit as close as a 1 against a 2.
    data = pd.DataFrame({"family": [5, 2, 5, 1, 2, 5, None], "clinician": [2, 2, 5, 1, 1, 5, 3]})
    full = weighted_kappa(data, "family", "clinician", categories=[1, 2, 3, 4, 5], n_boot=200)
    seen = weighted_kappa(data, "family", "clinician", categories=[1, 2, 5], n_boot=0)
    padded = weighted_kappa(data, "family", "clinician", categories=[0, 1, 2, 3, 4, 5, 6])
    # Unused answers at the ends leave a weighted κ unchanged; gaps inside do not.
    assert padded["estimate"].iloc[0] == pytest.approx(full["estimate"].iloc[0])
    row = full.iloc[0]
    assert row["n"] == 6 and row["categories"] == "1, 2, 3, 4, 5"
    assert row["weights"] == "quadratic"
    assert row["estimate"] != pytest.approx(seen["estimate"].iloc[0])
    assert row["ci_low"] <= row["estimate"] <= row["ci_high"]
    assert math.isnan(seen["ci_low"].iloc[0])
    with pytest.raises(ValueError, match="not one of the categories"):
        weighted_kappa(data, "family", "clinician", categories=[3, 4, 5])
    from rapport.reliability import cohen_kappa

    assert row["estimate"] == pytest.approx(
        cohen_kappa(data.dropna(), weights="quadratic", categories=[1, 2, 3, 4, 5])
    )


def test_wilson_interval_matches_newcombe_1998() -> None:
    assert wilson_interval(81, 263) == pytest.approx((0.2553, 0.3662), abs=1e-4)
    assert wilson_interval(15, 148) == pytest.approx((0.0624, 0.1605), abs=1e-4)
    assert wilson_interval(0, 20) == pytest.approx((0.0, 0.1611), abs=1e-4)
    assert all(math.isnan(v) for v in wilson_interval(0, 0))


def score_row(
    response: str,
    relationship: str,
    role: str,
    timepoint: str,
    instrument: str,
    value: float,
    challenging: object = pd.NA,
    *,
    scale: str = "total",
    date: dt.date = dt.date(2025, 3, 1),
) -> dict[str, object]:
    patient, clinician = relationship.split("-")
    respondent = clinician if role == "clinician" else f"{role}-of-{patient}"
    return {
        "response_id": response,
        "relationship": relationship,
        "patient": patient,
        "clinician": clinician,
        "respondent": respondent,
        "role": role,
        "timepoint": timepoint,
        "date": pd.Timestamp(date),
        "group": "digital",
        "instrument": instrument,
        "scale": scale,
        "value": value,
        "rule": "mean",
        "challenging": challenging,
    }


def scores_frame() -> pd.DataFrame:
    rows = [
        # relationship p1-drA: parent and patient both answered; the parent counts.
        score_row("r1", "p1-drA", "parent", "baseline", "RC-P", 3.0, True),
        score_row("r1", "p1-drA", "parent", "baseline", "RC-P", 2.0, scale="trust"),
        score_row("r2", "p1-drA", "patient", "baseline", "RC-P", 1.0, False),
        score_row("r3", "p1-drA", "clinician", "baseline", "RC-C", 1.5, False),
        # p2-drA: both find it challenging; the clinician answered twice, the later counts.
        score_row("r4", "p2-drA", "parent", "baseline", "RC-P", 3.5, True),
        score_row("r5", "p2-drA", "clinician", "baseline", "RC-C", 1.0, False),
        score_row(
            "r6", "p2-drA", "clinician", "baseline", "RC-C", 3.0, True, date=dt.date(2025, 4, 1)
        ),
        # p3-drB: clinician only.
        score_row("r7", "p3-drB", "parent", "baseline", "RC-P", 1.0, False),
        score_row("r8", "p3-drB", "clinician", "baseline", "RC-C", 3.0, True),
        # p4-drB: neither; and a month-3 pair with no clinician answer (left out).
        score_row("r9", "p4-drB", "parent", "baseline", "RC-P", 1.0, False),
        score_row("r10", "p4-drB", "clinician", "baseline", "RC-C", 1.0, False),
        score_row("r11", "p4-drB", "parent", "month_3", "RC-P", 3.0, True),
    ]
    return pd.DataFrame(rows)


def test_dyads_pair_family_and_clinician_by_relationship_and_timepoint() -> None:
    pairs = dyads(scores_frame(), ("RC-P", "RC-C"))
    assert list(pairs["relationship"]) == ["p1-drA", "p2-drA", "p3-drB", "p4-drB"]
    first = pairs.iloc[0]
    assert first["family_role"] == "parent" and first["family_response"] == "r1"
    assert first["family_value"] == 3.0 and first["clinician_value"] == 1.5
    assert first["difference"] == 1.5 and first["mean"] == 2.25
    assert pairs.iloc[1]["clinician_response"] == "r6"
    patients = dyads(scores_frame(), ("RC-P", "RC-C"), family_roles=["patient"])
    assert list(patients["family_response"]) == ["r2"]


def test_discordance_table_counts_like_mack() -> None:
    classified = discordance(dyads(scores_frame(), ("RC-P", "RC-C")))
    assert list(classified["discordance"]) == ["family_only", "both", "clinician_only", "neither"]
    table = discordance_table(classified).set_index("category")
    assert list(table.index) == ["family", "clinician", *DISCORDANCE]
    assert table.loc["family", "count"] == 2 and table.loc["family", "n"] == 4
    assert table.loc["family", "label"] == "Parent found it challenging"
    assert table.loc["both", "proportion"] == 0.25
    low, high = wilson_interval(1, 4)
    assert (table.loc["both", "ci_low"], table.loc["both", "ci_high"]) == (low, high)
    by_time = discordance_table(classified, by="timepoint")
    assert set(by_time["timepoint"]) == {"baseline"}


def test_discordance_skips_unknown_flags() -> None:
    scores = scores_frame()
    scores.loc[scores["response_id"] == "r10", "challenging"] = pd.NA
    classified = discordance(dyads(scores, ("RC-P", "RC-C")))
    assert "p4-drB" not in set(classified["relationship"])
