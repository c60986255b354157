"""Storing responses, and the round trip generator → REDCap → import → score → store."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import Engine

from rapport.errors import StoreError
from rapport.store import content_hash, get_responses, import_responses, transaction
from rapport.surveys import read_redcap, score_all, scores_frame
from rapport.surveys.redcap_dictionary import write_data_dictionary
from rapport.surveys.synthetic import (
    TIMEPOINTS,
    generate,
    instruments,
    write_redcap_demo,
)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return write_redcap_demo(tmp_path_factory.mktemp("demo"), seed=7, n_relationships=40)


def test_generator_round_trips_through_redcap(demo: dict[str, Path]) -> None:
    cohort = generate(n_relationships=40, seed=7)
    assert cohort.truth["icc"] == 0.40
    assert "SYNTHETIC" in demo["readme"].read_text() and "SYNTHETIC" in demo["mapping"].read_text()
    shipped = instruments()
    responses = read_redcap(demo["export"], demo["dictionary"], shipped, mapping=demo["mapping"])
    assert [(r.id, r.answers, r.timepoint, r.group, r.respondent) for r in responses] == [
        (r.id, r.answers, r.timepoint, r.group, r.respondent) for r in cohort.responses
    ]
    frame = scores_frame(responses, score_all(shipped, responses))
    assert set(frame["timepoint"]) == set(TIMEPOINTS)
    assert set(frame["group"]) == {"digital", "usual_care"}
    assert set(frame.loc[frame["instrument"] == "sus", "group"]) == {"digital"}
    rules = set(frame["rule"])
    assert "complete" in rules and any(rule.startswith("prorated") for rule in rules)
    # Mack 2021 rates are exact truths of the cohort: 24% parents, 38% clinicians, 10% both.
    truth = cohort.truth["challenging"]
    assert sum(p for p, _ in truth.values()) == round(40 * 0.24)
    flagged = frame[(frame["scale"] == "total") & (frame["challenging"] == True)]  # noqa: E712
    parents = set(flagged.loc[flagged["instrument"] == "rc_parent", "relationship"])
    assert parents == {record for record, (p, _) in truth.items() if p}


def test_exported_dictionary_round_trips(demo: dict[str, Path], tmp_path: Path) -> None:
    # Export the data dictionary again from the instruments and import with it.
    from rapport.surveys.synthetic import form_specs

    again = write_data_dictionary(
        tmp_path / "dd.csv",
        form_specs(),
        extra_fields=[("patient_id", "Patient id"), ("clinician_id", "Clinician id")],
    )
    assert again.read_bytes() == demo["dictionary"].read_bytes()
    shipped = instruments()
    first = read_redcap(demo["export"], demo["dictionary"], shipped, mapping=demo["mapping"])
    second = read_redcap(demo["export"], again, shipped, mapping=demo["mapping"])
    assert [r.answers for r in first] == [r.answers for r in second]
    with demo["dictionary"].open() as handle:
        assert all(len(row) == 18 for row in csv.reader(handle))


def test_store_is_idempotent_and_filters(fresh_engine: Engine, demo: dict[str, Path]) -> None:
    shipped = instruments()
    responses = read_redcap(demo["export"], demo["dictionary"], shipped, mapping=demo["mapping"])
    digest = content_hash(demo["export"].read_bytes())
    with transaction(fresh_engine) as conn:
        result = import_responses(conn, responses, digest, str(demo["export"]))
    assert result.status == "imported" and len(result.response_ids) == len(responses)
    with transaction(fresh_engine) as conn:
        again = import_responses(conn, responses, digest, str(demo["export"]))
    assert again.status == "unchanged" and sorted(again.response_ids) == sorted(result.response_ids)
    with fresh_engine.connect() as conn:
        stored = get_responses(conn)
        wai = get_responses(conn, "wai_sr", timepoint="month_6", role="clinician")
    assert len(stored) == len(responses)
    by_id = {r.id: r for r in responses}
    for response in stored:
        original = by_id[response.id]
        assert (response.answers, response.date, response.source) == (
            original.answers, original.date, original.source,
        )  # fmt: skip
    assert {r.timepoint for r in wai} == {"month_6"} and len(wai) == 40
    with (
        pytest.raises(StoreError, match="already exists from another file"),
        transaction(fresh_engine) as conn,
    ):
        import_responses(conn, responses[:1], "another-hash", "copy.csv")
    with fresh_engine.connect() as conn:
        assert len(get_responses(conn)) == len(responses)
