"""The analysis functions on three hand-built encounters whose answers are worked out here.

Encounter A (timed, 0-40 s, clinic, bad news, patient p1, Dr Lee and Mum):
    0 Dr Lee  0-10  warning_shot
    1 Mum    10-14  "I'm so scared."               fear: an empathic opportunity
    2 Dr Lee 20-26  naming; silence over 14-20     responds to it
    3 Mum    26-28
    4 Dr Lee 28-40  nonabandonment
Encounter B (untimed, telephone, stable, p1 again, two months later):
    0 Dr Lee     6 words  friendly_conversation, remembering (one theme)
    1 Dad        9 words  "worried": an empathic opportunity
    2 Nurse Kim  5 words  no code: the moment is missed
    3 Dr Lee     2 words
    4 Dad        1 word
Encounter C (timed, 0-40 s, clinic, no subtype or date, patient p2):
    0 Dr Ray  0-30  giving_opinion (auto), understanding (human: the human coding wins)
    1 Pat    30-40
"""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from rapport.analysis import (
    WORDS_PER_SECOND,
    Corpus,
    choose_codings,
    clinician_profile,
    distribution,
    distribution_tests,
    duration,
    empathic_opportunities,
    encounters_per_patient,
    frequency,
    independence_test,
    mix_test,
    opportunity_summary,
    patient_summary,
    talk_balance,
    theme_trends,
)
from rapport.codebooks import load_codebook
from rapport.model import Coding, Encounter, Origin, Role, Setting, Turn

CODEBOOK = load_codebook("kaye2021")
NEW = dt.datetime(2026, 1, 2, tzinfo=dt.UTC)
OLD = dt.datetime(2025, 1, 2, tzinfo=dt.UTC)
B_SECONDS = 23 / WORDS_PER_SECOND
B_CLINICIAN_SECONDS = 13 / WORDS_PER_SECOND


def _turn(index: int, speaker: str, role: Role, text: str, start=None, end=None) -> Turn:
    return Turn(index, speaker, role, text, start, end)


def _encounters() -> list[Encounter]:
    clinician, parent, patient = Role.CLINICIAN, Role.PARENT, Role.PATIENT
    a = Encounter(
        "a",
        [
            _turn(0, "Dr Lee", clinician, "I'm afraid the scan shows growth.", 0, 10),
            _turn(1, "Mum", parent, "I'm so scared.", 10, 14),
            _turn(2, "Dr Lee", clinician, "That is frightening to hear.", 20, 26),
            _turn(3, "Mum", parent, "What now?", 26, 28),
            _turn(4, "Dr Lee", clinician, "We will be with you.", 28, 40),
        ],
        patient="p1",
        date=dt.date(2024, 1, 1),
        setting=Setting.CLINIC,
        subtype="bad_news",
    )
    b = Encounter(
        "b",
        [
            _turn(0, "Dr Lee", clinician, "Hi there how was the trip"),
            _turn(1, "Dad", parent, "It was great, but I am worried about her."),
            _turn(2, "Nurse Kim", clinician, "Okay, let's check her weight."),
            _turn(3, "Dr Lee", clinician, "Let's talk"),
            _turn(4, "Dad", parent, "thanks"),
        ],
        patient="p1",
        date=dt.date(2024, 3, 1),
        setting=Setting.TELEPHONE,
        subtype="stable",
    )
    c = Encounter(
        "c",
        [
            _turn(0, "Dr Ray", clinician, "If it were my child I would choose this.", 0, 30),
            _turn(1, "Pat", patient, "Okay.", 30, 40),
        ],
        patient="p2",
        setting=Setting.CLINIC,
    )
    return [a, b, c]


def _auto(encounter: str, turn: int, code: str, *, version="m2", when=NEW, span=None) -> Coding:
    return Coding(encounter, turn, code, model_version=version, created_at=when, time_span=span)


def _codings() -> list[Coding]:
    return [
        _auto("a", 0, "warning_shot"),
        _auto("a", 2, "naming"),
        _auto("a", 2, "silence", span=(14.0, 20.0)),
        _auto("a", 4, "nonabandonment"),
        _auto("a", 4, "comedy", version="m1", when=OLD),  # an older model: not counted
        _auto("b", 0, "friendly_conversation"),
        _auto("b", 0, "remembering"),
        _auto("c", 0, "giving_opinion"),
        Coding("c", 0, "understanding", origin=Origin.HUMAN, coder="ana"),
    ]


@pytest.fixture
def corpus() -> Corpus:
    return Corpus(_encounters(), _codings(), CODEBOOK)


def _row(frame: pd.DataFrame, **where: object) -> pd.Series:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    assert mask.sum() == 1, f"{mask.sum()} rows match {where}"
    return frame[mask].iloc[0]


def test_best_basis_counts_newest_model_and_prefers_human_codings() -> None:
    chosen = {(c.encounter_id, c.turn_index, c.code) for c in choose_codings(_codings())}
    assert ("a", 4, "comedy") not in chosen
    assert ("c", 0, "understanding") in chosen
    assert ("c", 0, "giving_opinion") not in chosen
    assert len(chosen) == 7
    auto_only = {(c.encounter_id, c.code) for c in choose_codings(_codings(), "auto")}
    assert ("c", "giving_opinion") in auto_only and ("c", "understanding") not in auto_only


def test_basis_summary_and_unknown_basis(corpus: Corpus) -> None:
    assert corpus.basis_summary() == {
        "encounters": 3,
        "auto_only": 2,
        "human_reviewed": 1,
        "uncoded": 0,
    }
    assert corpus.model_versions() == ["m2"]
    with pytest.raises(ValueError, match="basis"):
        choose_codings([], "guess")  # type: ignore[arg-type]


def test_encounter_table_times_timed_and_estimated_encounters(corpus: Corpus) -> None:
    table = corpus.encounter_table.set_index("encounter")
    assert table.loc["a", "seconds"] == 40
    assert not table.loc["a", "estimated"]
    assert table.loc["a", "clinician_seconds"] == 10 + 6 + 12
    assert table.loc["a", "family_seconds"] == 4 + 2
    assert table.loc["b", "seconds"] == pytest.approx(B_SECONDS)
    assert table.loc["b", "estimated"]
    assert table.loc["b", "clinician"] == "Dr Lee"  # 8 words against Nurse Kim's 5
    assert table.loc["b", "clinicians"] == ["Dr Lee", "Nurse Kim"]


def test_frequency_overall_has_every_code_and_counts_per_hour(corpus: Corpus) -> None:
    frame = frequency(corpus)
    assert len(frame) == 28
    assert frame["count"].sum() == 7
    hours = (40 + B_SECONDS + 40) / 3600
    naming = _row(frame, code="naming")
    assert naming["count"] == 1 and naming["encounters_with"] == 1
    assert naming["per_hour"] == pytest.approx(1 / hours)
    assert _row(frame, code="comedy")["count"] == 0
    assert bool(naming["estimated"])  # encounter B has no timestamps


def test_frequency_by_theme_and_subtype(corpus: Corpus) -> None:
    themes = frequency(corpus, level="theme")
    assert len(themes) == 7
    assert _row(themes, theme="human_connection")["count"] == 2
    assert _row(themes, theme="empathy")["count"] == 2  # naming (a) and understanding (c)
    by_subtype = frequency(corpus, by="subtype", level="theme")
    assert set(by_subtype["subtype"]) == {"bad_news", "stable", "unspecified"}
    assert len(by_subtype) == 3 * 7
    bad_news = _row(by_subtype, subtype="bad_news", theme="presence")
    assert bad_news["count"] == 1 and bad_news["encounters"] == 1
    assert bad_news["per_hour"] == pytest.approx(1 / (40 / 3600))
    assert not bool(bad_news["estimated"])
    assert bool(_row(by_subtype, subtype="stable", theme="presence")["estimated"])


def test_frequency_by_clinician_counts_own_turns_in_visits_they_spoke_in(corpus: Corpus) -> None:
    frame = frequency(corpus, by="clinician")
    assert set(frame["clinician"]) == {"Dr Lee", "Nurse Kim", "Dr Ray"}
    lee = frame[frame["clinician"] == "Dr Lee"]
    assert lee["count"].sum() == 6
    assert lee["encounters"].iloc[0] == 2
    assert lee["hours"].iloc[0] == pytest.approx((40 + B_SECONDS) / 3600)
    assert frame[frame["clinician"] == "Nurse Kim"]["count"].sum() == 0


def test_duration_uses_turn_times_pause_spans_and_word_estimates(corpus: Corpus) -> None:
    frame = duration(corpus)
    assert _row(frame, code="warning_shot")["seconds"] == 10
    assert _row(frame, code="naming")["seconds"] == 6
    assert _row(frame, code="silence")["seconds"] == 6  # the pause 14-20 s, not the turn
    friendly = _row(frame, code="friendly_conversation")
    assert friendly["seconds"] == pytest.approx(6 / WORDS_PER_SECOND)
    assert bool(friendly["estimated"])
    clinician_seconds = 28 + B_CLINICIAN_SECONDS + 30
    assert _row(frame, code="warning_shot")["share"] == pytest.approx(10 / clinician_seconds)
    themes = duration(corpus, level="theme")
    # one turn with two human_connection codes counts once
    assert _row(themes, theme="human_connection")["seconds"] == pytest.approx(6 / WORDS_PER_SECOND)
    assert _row(themes, theme="honesty")["seconds"] == 10


def test_distribution_row_and_column_percentages(corpus: Corpus) -> None:
    frame = distribution(corpus, by="setting", level="theme")
    assert set(frame["setting"]) == {"clinic", "telephone"}
    empathy_clinic = _row(frame, theme="empathy", setting="clinic")
    assert empathy_clinic["count"] == 2
    assert empathy_clinic["row_pct"] == 100
    # clinic has 5 codings: warning_shot, naming, silence, nonabandonment, understanding
    assert empathy_clinic["col_pct"] == pytest.approx(40)
    humor = _row(frame, theme="humor", setting="clinic")
    assert humor["count"] == 0 and math.isnan(humor["row_pct"])
    sums = frame.groupby("setting")["col_pct"].sum()
    assert sums["clinic"] == pytest.approx(100) and sums["telephone"] == pytest.approx(100)


def test_independence_test_matches_r_chisq_test_on_agresti_table() -> None:
    # R: chisq.test(as.table(rbind(c(762, 327, 468), c(484, 239, 477))))
    # X-squared = 30.07, df = 2, p-value = 2.954e-07
    result = independence_test([[762, 327, 468], [484, 239, 477]])
    assert result.test == "chi-square"
    assert result.statistic == pytest.approx(30.07, abs=0.005)
    assert result.dof == 2
    assert result.p_value == pytest.approx(2.954e-07, rel=1e-3)
    assert result.warning == ""


def test_independence_test_falls_back_to_fisher_on_sparse_tables() -> None:
    # R: fisher.test(matrix(c(3, 1, 1, 3), nrow = 2)) gives p-value = 0.4857 (tea tasting)
    result = independence_test([[3, 1], [1, 3]])
    assert result.test == "Fisher exact"
    assert result.p_value == pytest.approx(0.4857, abs=5e-5)
    assert "fewer than 5" in result.warning
    larger = independence_test([[3, 0, 1], [2, 5, 0]])
    assert larger.test == "Fisher exact (Monte Carlo p)"
    assert 0.0 < larger.p_value < 1.0
    assert independence_test([[3, 0, 1], [2, 5, 0]]) == larger  # seeded, so reproducible
    untestable = independence_test([[0, 4], [0, 3]])
    assert untestable.test == "none" and "one group" in untestable.warning


def test_distribution_tests_use_turns_the_code_applies_to(corpus: Corpus) -> None:
    frame = distribution_tests(corpus, by="setting")
    assert len(frame) == 28
    naming = _row(frame, code="naming")
    # clinician turns: clinic 4 (one with naming), telephone 3 (none): 2 x 2, sparse
    assert naming["test"] == "Fisher exact"
    assert naming["p_value"] == pytest.approx(1.0)
    assert _row(frame, code="comedy")["test"] == "none"
    assert mix_test(corpus, by="setting")["test"].iloc[0] != ""


def test_clinician_profile_shares_and_talk_balance(corpus: Corpus) -> None:
    profile = clinician_profile(corpus, level="theme")
    lee = profile[profile["clinician"] == "Dr Lee"].set_index("theme")
    assert lee.loc["human_connection", "share"] == pytest.approx(2 / 6)
    assert profile[profile["clinician"] == "Nurse Kim"]["share"].isna().all()
    balance = talk_balance(corpus).set_index("encounter")
    assert balance.loc["a", "clinician_share"] == pytest.approx(28 / 34)
    per_clinician = talk_balance(corpus, by="clinician").set_index("clinician")
    assert per_clinician.loc["Nurse Kim", "clinician_seconds"] == pytest.approx(
        5 / WORDS_PER_SECOND
    )
    assert per_clinician.loc["Dr Lee", "encounters"] == 2


def test_longitudinal_counts_and_trends(corpus: Corpus) -> None:
    per_patient = encounters_per_patient(corpus).set_index("patient")
    assert per_patient.loc["p1", "encounters"] == 2
    assert per_patient.loc["p1", "first_date"] == dt.date(2024, 1, 1)
    summary = patient_summary(corpus).iloc[0]
    assert summary["patients"] == 2
    assert summary["median_per_patient"] == 1.5
    assert (summary["min_per_patient"], summary["max_per_patient"]) == (1, 2)
    trends = theme_trends(corpus, patient="p1")
    assert len(trends) == 2 * 7
    assert _row(trends, visit=1, theme="honesty")["count"] == 1
    assert _row(trends, visit=2, theme="human_connection")["count"] == 2
    assert _row(trends, visit=2, theme="honesty")["count"] == 0


def test_empathic_opportunities_find_responded_and_missed_moments(corpus: Corpus) -> None:
    found = empathic_opportunities(corpus)
    assert list(zip(found["encounter"], found["turn"], strict=True)) == [("a", 1), ("b", 1)]
    scared = _row(found, encounter="a")
    assert scared["emotions"] == "fear" and scared["cue"] == "scared"
    assert bool(scared["responded"]) and scared["response_turn"] == 2
    assert scared["response_codes"] == "naming, silence"
    worried = _row(found, encounter="b")
    assert not bool(worried["responded"])
    assert worried["clinician"] == "Nurse Kim"  # who spoke next, and missed it
    summary = opportunity_summary(found).iloc[0]
    assert (summary["opportunities"], summary["responded"], summary["missed"]) == (2, 1, 1)
    assert summary["response_rate"] == 0.5
    per_clinician = opportunity_summary(found, by="clinician").set_index("clinician")
    assert per_clinician.loc["Nurse Kim", "missed"] == 1


def test_a_response_three_clinician_turns_later_does_not_count() -> None:
    encounter = Encounter(
        "d",
        [
            _turn(0, "Mum", Role.PARENT, "I'm terrified."),
            _turn(1, "Dr Lee", Role.CLINICIAN, "Let me check."),
            _turn(2, "Dr Lee", Role.CLINICIAN, "One moment."),
            _turn(3, "Dr Lee", Role.CLINICIAN, "You are scared, and that makes sense."),
        ],
    )
    corpus = Corpus([encounter], [_auto("d", 3, "naming")], CODEBOOK)
    assert not empathic_opportunities(corpus)["responded"].iloc[0]
    assert empathic_opportunities(corpus, window=3)["responded"].iloc[0]


def test_empty_corpus_gives_empty_but_well_formed_tables() -> None:
    corpus = Corpus([], [], CODEBOOK)
    assert len(frequency(corpus)) == 28 and frequency(corpus)["count"].sum() == 0
    assert empathic_opportunities(corpus).empty
    assert opportunity_summary(empathic_opportunities(corpus))["opportunities"].iloc[0] == 0
    with pytest.raises(ValueError, match="group by"):
        frequency(corpus, by="weather")  # type: ignore[arg-type]


def test_only_the_newest_consensus_round_counts() -> None:
    first = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    second = dt.datetime(2026, 2, 1, tzinfo=dt.UTC)
    codings = [
        Coding("a", 2, "naming", Origin.CONSENSUS, coder="kim", created_at=first),
        Coding("a", 4, "nonabandonment", Origin.CONSENSUS, coder="kim", created_at=first),
        Coding("a", 2, "understanding", Origin.CONSENSUS, coder="kim", created_at=second),
        Coding("a", 2, "naming", Origin.HUMAN, coder="ana"),
    ]
    chosen = {(c.turn_index, c.code) for c in choose_codings(codings)}
    assert chosen == {(2, "understanding")}
