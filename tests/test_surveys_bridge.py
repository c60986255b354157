"""The bridge from coded conversations to alliance scores, on hand-built encounters."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from rapport.analysis import Corpus
from rapport.codebooks import load_codebook
from rapport.model import Coding, Encounter, Role, Turn
from rapport.surveys.bridge import bridge, bridge_table, join_conversations

CODEBOOK = load_codebook("kaye2021")
QUESTIONNAIRE = dt.date(2025, 6, 1)


def encounter(
    name: str, patient: str, clinician: str, date: dt.date, *, scared: bool = False
) -> Encounter:
    """Three timed turns, 60 minutes in all: clinician, parent, clinician."""
    parent_text = "I'm so scared." if scared else "Okay."
    return Encounter(
        name,
        [
            Turn(0, clinician, Role.CLINICIAN, "Let's look at the scan together.", 0, 1200),
            Turn(1, "Mum", Role.PARENT, parent_text, 1200, 2400),
            Turn(2, clinician, Role.CLINICIAN, "We will do this together.", 2400, 3600),
        ],
        patient=patient,
        date=date,
    )


def corpus() -> Corpus:
    encounters = [
        # p1 with drA: two in the window, one too early, one after, one with drB.
        encounter("a1", "p1", "drA", QUESTIONNAIRE - dt.timedelta(days=10), scared=True),
        encounter("a2", "p1", "drA", QUESTIONNAIRE - dt.timedelta(days=120)),
        encounter("a3", "p1", "drA", QUESTIONNAIRE - dt.timedelta(days=121)),
        encounter("a4", "p1", "drA", QUESTIONNAIRE + dt.timedelta(days=1)),
        encounter("a5", "p1", "drB", QUESTIONNAIRE - dt.timedelta(days=5)),
    ]
    codings = [
        Coding("a1", 2, "naming"),  # answers the parent's fear: empathy
        Coding("a1", 2, "team_mentality"),  # partnering
        Coding("a1", 0, "showing_images"),  # inclusivity
        Coding("a2", 0, "showing_images"),
        Coding("a2", 2, "exploring"),  # empathy
        Coding("a3", 0, "comedy"),  # outside the window: not counted
        Coding("a4", 0, "comedy"),
        Coding("a5", 0, "comedy"),  # another clinician: not counted
    ]
    for index in range(6):  # p2..p7 with drA: more exploring, higher alliance
        name = f"b{index}"
        encounters.append(
            encounter(name, f"p{index + 2}", "drA", QUESTIONNAIRE - dt.timedelta(days=30))
        )
        codings += [Coding(name, 0, "exploring") for _ in range(index)]
    return Corpus(encounters, codings, CODEBOOK)


def scores() -> pd.DataFrame:
    rows = []
    for index in range(1, 8):
        value = 3.0 if index == 1 else 3.0 + 0.25 * (index - 2)
        rows.append(
            {
                "response_id": f"r{index}",
                "relationship": f"p{index}-drA",
                "patient": f"p{index}",
                "clinician": "drA",
                "respondent": f"parent-of-p{index}",
                "role": "parent",
                "timepoint": "month_3",
                "date": pd.Timestamp(QUESTIONNAIRE),
                "group": "usual",
                "instrument": "HCS",
                "scale": "total",
                "value": value,
                "rule": "mean",
                "challenging": pd.NA,
            }
        )
    rows.append({**rows[0], "response_id": "x", "instrument": "SUS", "value": 80.0})
    rows.append({**rows[0], "response_id": "y", "patient": "p9", "relationship": "p9-drA"})
    return pd.DataFrame(rows)


def test_join_counts_the_dyads_encounters_in_the_window() -> None:
    joined = join_conversations(scores(), corpus(), instrument="HCS").set_index("patient")
    first = joined.loc["p1"]
    assert first["encounters"] == 2 and first["hours"] == pytest.approx(2.0)
    assert first["empathy_per_hour"] == pytest.approx(1.0)  # naming + exploring over 2 h
    assert first["inclusivity_per_hour"] == pytest.approx(1.0)
    assert first["partnering_per_hour"] == pytest.approx(0.5)
    assert first["humor_per_hour"] == 0.0
    assert (first["opportunities"], first["responded"], first["response_rate"]) == (1, 1, 1.0)
    assert not first["estimated"]
    nobody = joined.loc["p9"]  # no recorded conversations: rates unknown, not zero
    assert nobody["encounters"] == 0 and math.isnan(nobody["empathy_per_hour"])
    assert math.isnan(nobody["response_rate"])
    assert list(joined.columns[:11]) == [
        "relationship",
        "clinician",
        "respondent",
        "role",
        "timepoint",
        "date",
        "group",
        "instrument",
        "scale",
        "value",
        "encounters",
    ]
    wider = join_conversations(scores(), corpus(), instrument="HCS", window_days=121)
    assert wider.set_index("patient").loc["p1", "encounters"] == 3
    anyone = join_conversations(scores(), corpus(), instrument="HCS", match_clinician=False)
    assert anyone.set_index("patient").loc["p1", "encounters"] == 3


def test_bridge_table_relates_each_rate_to_the_score() -> None:
    result = bridge(scores(), corpus(), instrument="HCS")
    table = result.table
    assert set(table["analysis"]) == {"correlation", "regression"}
    assert len(table) == 2 * (len(CODEBOOK.themes) + 1)
    empathy = table[(table["predictor"] == "empathy_per_hour")].set_index("analysis")
    joined = result.joined.dropna(subset=["empathy_per_hour"])
    expected = np.corrcoef(joined["empathy_per_hour"], joined["value"])[0, 1]
    assert empathy.loc["correlation", "estimate"] == pytest.approx(expected)
    slope = np.polyfit(joined["empathy_per_hour"], joined["value"], 1)[0]
    assert empathy.loc["regression", "estimate"] == pytest.approx(slope)
    assert empathy.loc["regression", "ci_low"] < slope < empathy.loc["regression", "ci_high"]
    assert empathy.loc["correlation", "theme"] == "empathy"
    assert set(empathy["n"]) == {7}
    assert "small sample: n = 7 (< 20)" in empathy.loc["correlation", "warning"]
    humor = table[(table["predictor"] == "humor_per_hour")].iloc[0]
    assert "does not vary" in humor["warning"] and math.isnan(humor["estimate"])


def test_benjamini_hochberg_adjusts_within_each_analysis() -> None:
    from statsmodels.stats.multitest import multipletests

    table = bridge(scores(), corpus(), instrument="HCS").table
    for _, part in table.groupby("analysis"):
        known = part.dropna(subset=["p_value"])
        expected = multipletests(known["p_value"], method="fdr_bh")[1]
        assert list(known["p_adjusted"]) == pytest.approx(list(expected))
        assert part["p_adjusted"].isna().sum() == part["p_value"].isna().sum()


def test_bridge_table_with_chosen_predictors_and_no_small_n_warning() -> None:
    joined = join_conversations(scores(), corpus(), instrument="HCS")
    table = bridge_table(joined, predictors=["empathy_per_hour", "unknown"], small_n=5)
    assert list(table["predictor"]) == ["empathy_per_hour", "empathy_per_hour"]
    assert set(table["warning"]) == {""}
