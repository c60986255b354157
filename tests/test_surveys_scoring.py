"""Scoring by hand: SUS, WAI-SR subscales, WAI-S reverse items, prorating, REDCap codes."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from rapport.surveys import (
    RespondentRole,
    Response,
    Score,
    ScoringError,
    Source,
    load_instrument,
    score,
    score_all,
    scores_frame,
)
from rapport.surveys.scoring import SCORES_COLUMNS, is_missing


def response(instrument: str, values: Sequence[object], **extra: object) -> Response:
    answers = {str(i): v for i, v in enumerate(values, start=1)}
    base: dict[str, object] = dict(
        id="r1",
        instrument_id=instrument,
        respondent="mother",
        role=RespondentRole.PARENT,
        relationship="rel1",
        answers=answers,
    )
    base.update(extra)
    return Response(**base)  # type: ignore[arg-type]


def by_scale(scores: list[Score]) -> dict[str, Score]:
    return {s.scale: s for s in scores}


def test_sus_worked_example() -> None:
    # Odd items 4,4,5,4,4 -> 3+3+4+3+3 = 16; even 2,1,2,1,2 -> 3+4+3+4+3 = 17; 33 x 2.5.
    sus = load_instrument("sus")
    [total] = score(sus, response("sus", [4, 2, 4, 1, 5, 2, 4, 1, 4, 2]))
    assert (total.scale, total.value, total.rule) == ("total", 82.5, "complete")
    [best] = score(sus, response("sus", [5, 1] * 5))
    [worst] = score(sus, response("sus", [1, 5] * 5))
    assert (best.value, worst.value) == (100.0, 0.0)
    # Brooke asks for every item: one missing item means no score.
    [gap] = score(sus, response("sus", [5, 1] * 4 + [5, None]))
    assert gap.value is None
    assert gap.rule == "missing: 1 of 10 items missing (> 0%)"


def test_wai_sr_subscales_and_total() -> None:
    wai = load_instrument("wai_sr")
    values = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5, 1, 2]
    scores = by_scale(score(wai, response("wai_sr", values)))
    # task 1,2,10,12 -> 1+2+5+2; bond 3,5,7,9 -> 3+5+2+4; goal 4,6,8,11 -> 4+1+3+1
    assert {k: s.value for k, s in scores.items()} == {
        "total": 33.0,
        "task": 10.0,
        "bond": 14.0,
        "goal": 9.0,
    }
    assert all(s.rule == "complete" for s in scores.values())


def test_prorating_and_missing_rules() -> None:
    wai = load_instrument("wai_sr")
    values: list[float | str | None] = [4] * 12
    values[0] = None  # task item 1
    scores = by_scale(score(wai, response("wai_sr", values)))
    total, task, bond = scores["total"], scores["task"], scores["bond"]
    assert (total.value, total.rule) == (48.0, "prorated: 1 of 12 items missing (≤ 20%)")
    assert (total.n_answered, total.n_items) == (11, 12)
    assert task.value is None  # 1 of 4 = 25% > 20%
    assert task.rule == "missing: 1 of 4 items missing (> 20%)"
    assert bond.value == 16.0
    values = [3, 3, 3, 3, 3, 3, 3, 3, None, None, None, None]
    total = by_scale(score(wai, response("wai_sr", values)))["total"]
    assert total.value is None
    assert total.rule == "missing: 4 of 12 items missing (> 20%)"
    # Prorating is the mean of the answered items times the number of items.
    values = [5, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, None]
    total = by_scale(score(wai, response("wai_sr", values)))["total"]
    assert math.isclose(total.value or 0.0, 45 / 11 * 12)


def test_redcap_missing_codes_are_missing() -> None:
    wai = load_instrument("wai_sr")
    values: list[float | str | None] = [4] * 12
    values[2], values[5] = -999, "NA"
    total = by_scale(score(wai, response("wai_sr", values)))["total"]
    assert total.rule == "prorated: 2 of 12 items missing (≤ 20%)"
    assert total.value == 48.0
    assert is_missing("-888") and is_missing(-777.0) and is_missing("") and is_missing(None)
    assert not is_missing(0) and not is_missing("3")
    # Configurable: -999 as an answer is then out of range, not missing.
    with pytest.raises(ScoringError, match="-999 is outside"):
        score(wai, response("wai_sr", values), missing_codes={"NA"})


def test_out_of_range_names_source_row_and_field() -> None:
    wai = load_instrument("wai_sr")
    source = Source("export.csv", 14, (("3", "wai_sr_parent_3"),))
    bad = response("wai_sr", [4, 4, 7, 4, 4, 4, 4, 4, 4, 4, 4, 4], source=source)
    with pytest.raises(ScoringError) as caught:
        score(wai, bad)
    assert str(caught.value) == (
        "export.csv:14: field wai_sr_parent_3: 7 is outside wai_sr's range 1–5"
    )


def test_wai_s_patient_reverse_items_and_unverified_therapist_form() -> None:
    wai_s = load_instrument("wai_s_patient")
    assert wai_s.reverse_items == ["4", "10"]
    values: list[float | str | None] = [7] * 12
    values[3], values[9] = 1, 1  # reverse-keyed: 1 scores 7
    scores = by_scale(score(wai_s, response("wai_s_patient", values)))
    assert scores["total"].value == 84.0
    assert scores["goal"].value == 28.0
    therapist = load_instrument("wai_s_therapist")
    assert not therapist.reverse_items_verified
    answer = response("wai_s_therapist", [4] * 12)
    with pytest.raises(ScoringError, match="not verified"):
        score(therapist, answer)
    configured = load_instrument("wai_s_therapist", reverse_items=["4", "10"])
    assert by_scale(score(configured, answer))["total"].value == 48.0


def test_challenge_rules() -> None:
    parent = load_instrument("rc_parent")
    clinician = load_instrument("rc_clinician")
    [total, *_] = score(parent, response("rc_parent", [4, 4, 2, 4, 3, 4]))
    assert total.challenging is True
    [total, *_] = score(parent, response("rc_parent", [4, 4, 3, 4, 3, 4]))
    assert (total.challenging, total.value) == (False, 22 / 6)
    [total, *_] = score(parent, response("rc_parent", [4, 4, 3, 4, 3, None]))
    assert total.challenging is None  # the missing item could have flagged it
    [total, *_] = score(clinician, response("rc_clinician", [6, 3, 5, 6]))
    assert total.challenging is True
    [total, *_] = score(clinician, response("rc_clinician", [6, 4, 5, 6]))
    assert total.challenging is False
    [vas] = score(load_instrument("vas_satisfaction"), response("vas_satisfaction", [7.5]))
    assert (vas.value, vas.challenging) == (7.5, None)
    hc = score(load_instrument("human_connection"), response("human_connection", [4] * 16))
    assert hc[0].value == 64.0


def test_scores_frame_columns() -> None:
    wai = load_instrument("wai_sr")
    responses = [response("wai_sr", [3] * 12, timepoint="month_3", group="digital")]
    frame = scores_frame(responses, score_all([wai], responses))
    assert list(frame.columns) == SCORES_COLUMNS == [
        "response_id", "relationship", "patient", "clinician", "respondent", "role",
        "timepoint", "date", "group", "instrument", "scale", "value", "rule", "challenging",
    ]  # fmt: skip
    assert frame["scale"].tolist() == ["total", "task", "bond", "goal"]
    assert frame["role"].unique().tolist() == ["parent"]
    assert frame["value"].tolist() == [36.0, 12.0, 12.0, 12.0]
