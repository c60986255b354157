"""Agreement over codings: units, raters, groupings, spans and disagreements."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from rapport.codebooks import load_codebook
from rapport.model import Codebook, Coding, Encounter, Origin, Role, Turn
from rapport.reliability import (
    AGREEMENT_COLUMNS,
    agreement,
    cohen_kappa,
    disagreement_summary,
    disagreements,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    overlap,
    pairwise,
    percent_agreement,
    presence,
    rater_of,
    span_agreement,
)

TEXTS = ["Hello, I am Dr Lee.", "Hi.", "I have some news now", "Oh no."]


@pytest.fixture(scope="module")
def kaye() -> Codebook:
    return load_codebook("kaye2021")


def encounter(encounter_id: str) -> Encounter:
    turns = [
        Turn(i, "Dr Lee" if i % 2 == 0 else "Mum", Role.CLINICIAN if i % 2 == 0 else Role.PARENT, t)
        for i, t in enumerate(TEXTS)
    ]
    return Encounter(encounter_id, turns)


ENCOUNTERS = [encounter("e1"), encounter("e2")]


def human(coder: str, encounter_id: str, turn: int, code: str, **extra: object) -> Coding:
    return Coding(encounter_id, turn, code, origin=Origin.HUMAN, coder=coder, **extra)  # type: ignore[arg-type]


def auto(encounter_id: str, turn: int, code: str) -> Coding:
    return Coding(encounter_id, turn, code, origin=Origin.AUTO, model_version="v1")


# ann coded e1 and e2; bob coded e1 only; the automatic coder, model v1, both.
CODINGS = [
    human("ann", "e1", 0, "naming"),
    human("ann", "e1", 2, "naming"),
    human("ann", "e1", 2, "warning_shot"),
    human("ann", "e2", 0, "naming"),
    human("bob", "e1", 0, "naming"),
    human("bob", "e1", 1, "naming"),
    human("bob", "e1", 2, "warning_shot", char_span=(0, 5)),
    auto("e1", 0, "naming"),
    auto("e2", 0, "naming"),
    auto("e2", 2, "warning_shot"),
]


def test_rater_of_names_model_versions_and_consensus() -> None:
    assert rater_of(CODINGS[0]) == "ann"
    assert rater_of(CODINGS[-1]) == "auto:v1"
    assert rater_of(Coding("e1", 0, "naming", origin=Origin.AUTO)) == "auto:unknown"
    consensus = Coding("e1", 0, "naming", origin=Origin.CONSENSUS, coder="team")
    assert rater_of(consensus) == "consensus:team"


def test_presence_marks_uncoded_encounters_missing(kaye: Codebook) -> None:
    table = presence(ENCOUNTERS, CODINGS, kaye)
    assert list(table.columns) == ["encounter", "turn", "role", "theme", "code", "coder", "present"]
    assert len(table) == 8 * 28 * 3
    assert list(pd.unique(table["coder"])) == ["ann", "bob", "auto:v1"]
    bob_e2 = table[(table["coder"] == "bob") & (table["encounter"] == "e2")]
    assert bob_e2["present"].isna().all()
    ann = table[(table["coder"] == "ann") & (table["code"] == "naming")]
    # naming applies to clinicians' turns (0 and 2); parents' turns are no units, except
    # e1 turn 1, where bob applied it anyway
    decided = ann["present"].astype(object).where(ann["present"].notna(), None).tolist()
    assert decided == [True, False, True, None, True, None, False, None]
    assert set(table[table["turn"] == 1]["role"]) == {"parent"}
    found_nothing = presence(ENCOUNTERS, CODINGS, kaye, coded_by={"bob": {"e2"}})
    bob_e2 = found_nothing[(found_nothing["coder"] == "bob") & (found_nothing["encounter"] == "e2")]
    assert bob_e2["present"].notna().any() and not bob_e2["present"].dropna().any()


def test_agreement_by_code_by_hand(kaye: Codebook) -> None:
    table = agreement(ENCOUNTERS, CODINGS, kaye, coders=["ann", "bob"], n_boot=200)
    assert list(table.columns) == ["theme", "code", *AGREEMENT_COLUMNS]
    assert list(table["code"]) == kaye.code_ids
    naming = table.set_index("code").loc["naming"]
    # e1 only (bob did not code e2), on the clinician turns 0 and 2 and on the parent's
    # turn 1, where bob applied it: ann 1,0,1 and bob 1,1,0. po = 1/3, pe = 5/9.
    assert naming["n_units"] == 3 and naming["n_present"] == 3
    assert naming["percent_agreement"] == pytest.approx(1 / 3)
    assert naming["kappa"] == pytest.approx(-0.5)
    assert naming["positive_agreement"] == pytest.approx(0.5)
    assert naming["kappa_low"] <= naming["kappa"] <= naming["kappa_high"]
    unused = table.set_index("code").loc["remembering"]
    assert unused["percent_agreement"] == 1.0 and np.isnan(unused["kappa"])


@pytest.mark.parametrize("coders", [["ann", "bob"], ["ann", "bob", "auto:v1"]])
def test_agreement_equals_the_statistics_on_the_presence_matrix(
    kaye: Codebook, coders: list[str]
) -> None:
    long = presence(ENCOUNTERS, CODINGS, kaye, coders)
    table = agreement(ENCOUNTERS, CODINGS, kaye, coders=coders, n_boot=0).set_index("code")
    for code in ("naming", "warning_shot"):
        matrix = long[long["code"] == code].pivot(
            index=["encounter", "turn"], columns="coder", values="present"
        )[coders]
        matrix = matrix.astype(object).where(matrix.notna(), None)
        row = table.loc[code]
        categories = [False, True]
        assert row["percent_agreement"] == pytest.approx(percent_agreement(matrix, categories))
        assert row["alpha"] == pytest.approx(krippendorff_alpha(matrix, categories=categories))
        assert row["fleiss_kappa"] == pytest.approx(fleiss_kappa(matrix, categories))
        assert row["ac1"] == pytest.approx(gwet_ac1(matrix, categories))
        if len(coders) == 2:
            assert row["kappa"] == pytest.approx(
                cohen_kappa(matrix, categories=categories), nan_ok=True
            )
        else:
            assert np.isnan(row["kappa"]) and np.isnan(row["bias_index"])


def test_agreement_by_theme_role_and_overall(kaye: Codebook) -> None:
    pair = ["ann", "bob"]
    themes = agreement(ENCOUNTERS, CODINGS, kaye, coders=pair, by="theme", n_boot=0)
    assert list(themes["theme"]) == [theme.id for theme in kaye.themes]
    empathy = themes.set_index("theme").loc[kaye.theme_of("naming").id]
    assert empathy["n_present"] == 3
    roles = agreement(ENCOUNTERS, CODINGS, kaye, coders=pair, by="role", n_boot=0)
    # parents' turns are units only for affection (2) and for bob's naming on turn 1
    assert roles.set_index("role")["n_units"].to_dict() == {"clinician": 56, "parent": 3}
    overall = agreement(ENCOUNTERS, CODINGS, kaye, coders=pair, by="overall", n_boot=100)
    assert list(overall.columns) == list(AGREEMENT_COLUMNS)
    assert overall.loc[0, "n_units"] == 59
    # 2 clinician turns × 28 codes + affection on 2 parent turns + naming on turn 1,
    # disagreeing on naming at turns 1 and 2 only.
    assert overall.loc[0, "percent_agreement"] == pytest.approx(57 / 59)
    assert overall.loc[0, "kappa_low"] <= overall.loc[0, "kappa_high"]
    with pytest.raises(ValueError, match="by must be"):
        agreement(ENCOUNTERS, CODINGS, kaye, by="coder", n_boot=0)  # type: ignore[arg-type]


def test_exclude_uncoded_keeps_units_someone_applied(kaye: Codebook) -> None:
    table = agreement(
        ENCOUNTERS, CODINGS, kaye, coders=["ann", "bob"], exclude_uncoded=True, n_boot=0
    ).set_index("code")
    assert table.loc["naming", "n_units"] == 3
    assert table.loc["naming", "percent_agreement"] == pytest.approx(1 / 3)
    assert table.loc["remembering", "n_units"] == 0
    assert np.isnan(table.loc["remembering", "percent_agreement"])


def test_bootstrap_is_seeded(kaye: Codebook) -> None:
    first = agreement(ENCOUNTERS, CODINGS, kaye, by="overall", n_boot=100, seed=3)
    again = agreement(ENCOUNTERS, CODINGS, kaye, by="overall", n_boot=100, seed=3)
    pd.testing.assert_frame_equal(first, again)


def test_pairwise_covers_every_pair_over_shared_encounters(kaye: Codebook) -> None:
    table = pairwise(ENCOUNTERS, CODINGS, kaye)
    assert list(table.columns) == [
        "coder_a",
        "coder_b",
        "n_units",
        "kappa",
        "kappa_low",
        "kappa_high",
        "percent_agreement",
    ]
    pairs = list(zip(table["coder_a"], table["coder_b"], strict=True))
    assert pairs == [("ann", "bob"), ("ann", "auto:v1"), ("bob", "auto:v1")]
    # units: ann-bob e1 (59, as above); ann-auto e1 and e2; bob-auto e1
    assert table["n_units"].tolist() == [59, 117, 59]
    overall = agreement(ENCOUNTERS, CODINGS, kaye, coders=["ann", "bob"], by="overall", n_boot=0)
    assert table.loc[0, "kappa"] == pytest.approx(overall.loc[0, "kappa"])
    by_code = pairwise(ENCOUNTERS, CODINGS, kaye, by="code")
    assert len(by_code) == 3 * 28 and {"theme", "code"} <= set(by_code.columns)


def test_overlap() -> None:
    assert overlap((0, 10), (0, 8)) == pytest.approx(0.8)
    assert overlap((0, 4), (6, 9)) == 0.0
    assert overlap((3, 3), (3, 3)) == 1.0


def test_span_agreement_like_maxqda(kaye: Codebook) -> None:
    table = span_agreement(ENCOUNTERS, CODINGS, kaye, coders=["ann", "bob"])
    assert len(table) == 28
    rows = table.set_index("code")
    # naming on e1 (bob did not code e2): ann turns 0 and 2, bob turns 0 and 1.
    assert rows.loc["naming", ["segments", "matched", "unmatched"]].tolist() == [4, 2, 2]
    assert rows.loc["naming", "percent_agreement"] == pytest.approx(0.5)
    # warning_shot: ann the whole 20-character turn, bob [0, 5): overlap 0.25.
    assert rows.loc["warning_shot", ["segments", "matched"]].tolist() == [2, 0]
    loose = span_agreement(ENCOUNTERS, CODINGS, kaye, coders=["ann", "bob"], threshold=0.25)
    assert loose.set_index("code").loc["warning_shot", "matched"] == 2
    assert np.isnan(rows.loc["remembering", "percent_agreement"])
    bad = [human("ann", "e1", 1, "naming", char_span=(0, 50))]
    with pytest.raises(ValueError, match="outside turn"):
        span_agreement(ENCOUNTERS, bad)


def test_disagreements_and_summary(kaye: Codebook) -> None:
    table = disagreements(ENCOUNTERS, CODINGS, kaye, coders=["ann", "bob"])
    assert table[["encounter", "turn", "code", "applied_by"]].values.tolist() == [
        ["e1", 1, "naming", "bob"],
        ["e1", 2, "naming", "ann"],
    ]
    assert table["text"].tolist() == [TEXTS[1], TEXTS[2]]
    assert table["ann"].tolist() == [False, True] and table["bob"].tolist() == [True, False]
    everyone = disagreements(ENCOUNTERS, CODINGS, kaye)
    assert everyone["bob"].isna().sum() == (everyone["encounter"] == "e2").sum() > 0
    summary = disagreement_summary(ENCOUNTERS, CODINGS, kaye, coders=["ann", "bob"])
    assert summary.loc[0, "code"] == "naming"
    assert summary.loc[0, ["disagreements", "applied_by_ann", "applied_by_bob"]].tolist() == [
        2,
        1,
        1,
    ]
    assert summary.loc[0, "disagreement_rate"] == pytest.approx(2 / 3)
    assert summary["disagreements"].is_monotonic_decreasing


def test_codings_of_missing_turns_raise(kaye: Codebook) -> None:
    with pytest.raises(ValueError, match="no such turn"):
        agreement(ENCOUNTERS, [human("ann", "e1", 9, "naming")], kaye, n_boot=0)
