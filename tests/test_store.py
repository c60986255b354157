"""The repository functions: round trips, idempotent imports, all-or-nothing writes."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from rapport.codebooks import load_codebook
from rapport.errors import NotFoundError, StoreError
from rapport.model import Coding, Encounter, Origin, Participant, Role, Setting, Turn
from rapport.store import (
    add_codings,
    content_hash,
    counts,
    get_codebook,
    get_codings,
    get_encounter,
    import_encounters,
    iter_encounters,
    list_encounters,
    open_workspace,
    remove_encounter,
    save_codebook,
    transaction,
)

MakeEncounter = Callable[..., Encounter]


def store(engine: Engine, encounters: list[Encounter], name: str = "a.json") -> Any:
    with transaction(engine) as conn:
        return import_encounters(
            conn, encounters, content_hash=content_hash(name.encode()), path=name
        )


def test_content_hash_is_sha256_hex() -> None:
    assert content_hash(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def test_encounter_round_trip(fresh_engine: Engine, make_encounter: MakeEncounter) -> None:
    encounter = make_encounter("p07-2021-03-04", 6)
    encounter.participants.append(Participant("Nurse Ana", Role.CLINICIAN, "inferred"))
    result = store(fresh_engine, [encounter])
    assert (result.status, result.encounter_ids, result.n_turns) == ("imported", (encounter.id,), 6)
    with fresh_engine.connect() as conn:
        assert get_encounter(conn, encounter.id) == encounter


def test_bare_encounter_round_trip(fresh_engine: Engine) -> None:
    encounter = Encounter(id="bare", turns=[Turn(0, "A", Role.OTHER, "")])
    store(fresh_engine, [encounter])
    with fresh_engine.connect() as conn:
        assert get_encounter(conn, "bare") == encounter


def test_missing_encounter_is_not_found(fresh_engine: Engine) -> None:
    with fresh_engine.connect() as conn, pytest.raises(NotFoundError, match="'nope'"):
        get_encounter(conn, "nope")


def test_same_file_twice_is_unchanged(fresh_engine: Engine, make_encounter: MakeEncounter) -> None:
    encounters = [make_encounter("a", 3), make_encounter("b", 5)]
    store(fresh_engine, encounters)
    with fresh_engine.connect() as conn:
        before = counts(conn)
    again = store(fresh_engine, encounters)
    assert (again.status, again.encounter_ids, again.n_turns) == ("unchanged", ("a", "b"), 8)
    with fresh_engine.connect() as conn:
        assert counts(conn) == before
    assert before == {
        "imports": 1,
        "encounters": 2,
        "participants": 4,
        "turns": 8,
        "codebooks": 0,
        "codings": 0,
        "assignments": 0,
        "adjudications": 0,
        "survey_imports": 0,
        "survey_responses": 0,
        "users": 0,
        "user_clinicians": 0,
        "project_members": 0,
        "web_sessions": 0,
        "api_tokens": 0,
        "audit_log": 0,
        "code_reviews": 0,
    }


def test_conflict_rolls_back_the_whole_file(
    fresh_engine: Engine, make_encounter: MakeEncounter, table_dump: Any
) -> None:
    store(fresh_engine, [make_encounter("a", 3)], "first.json")
    before = table_dump(fresh_engine)
    today = dt.datetime.now(dt.UTC).date().isoformat()
    changed = make_encounter("a", 4)
    message = f"encounter 'a' already exists \\(imported from first.json on {today}\\)"
    with pytest.raises(StoreError, match=message):
        store(fresh_engine, [make_encounter("new", 200), changed], "second.json")
    assert table_dump(fresh_engine) == before


def test_failure_after_rows_were_written_leaves_nothing(
    fresh_engine: Engine, make_encounter: MakeEncounter, table_dump: Any
) -> None:
    store(fresh_engine, [make_encounter("a", 3)], "first.json")
    before = table_dump(fresh_engine)
    broken = make_encounter("b", 3)
    broken.turns.append(dataclasses.replace(broken.turns[0]))  # index 0 twice
    with pytest.raises(StoreError, match="two turns numbered 0"):
        store(fresh_engine, [make_encounter("ok", 50), broken], "second.json")
    assert table_dump(fresh_engine) == before


def test_caller_error_rolls_back(
    fresh_engine: Engine, make_encounter: MakeEncounter, table_dump: Any
) -> None:
    before = table_dump(fresh_engine)
    with pytest.raises(RuntimeError), transaction(fresh_engine) as conn:
        import_encounters(conn, [make_encounter("a")], content_hash="h", path="a.json")
        raise RuntimeError("the caller failed after the import")
    assert table_dump(fresh_engine) == before


def test_two_encounters_with_one_id_in_a_file(
    fresh_engine: Engine, make_encounter: MakeEncounter
) -> None:
    with pytest.raises(StoreError, match="two encounters with id 'a'"):
        store(fresh_engine, [make_encounter("a"), make_encounter("a")])


def test_list_and_iterate(fresh_engine: Engine, make_encounter: MakeEncounter) -> None:
    timed = make_encounter("b-timed", 4)
    untimed = make_encounter("a-untimed", 3, timed=False, patient="p09")
    untimed.setting = Setting.TELEPHONE
    untimed.participants = []  # clinicians then come from the turns' speakers
    partly = make_encounter("c-partly", 2)
    partly.turns[1].end = None
    store(fresh_engine, [timed, untimed, partly])
    with fresh_engine.connect() as conn:
        summaries = list_encounters(conn)
        assert [s.id for s in summaries] == ["a-untimed", "b-timed", "c-partly"]
        by_id = {s.id: s for s in summaries}
        assert by_id["b-timed"].duration_s == pytest.approx(timed.duration_seconds)
        assert by_id["a-untimed"].duration_s is None
        assert by_id["c-partly"].duration_s is None
        assert by_id["a-untimed"].clinicians == ("Dr Lee",)
        assert by_id["b-timed"].clinicians == ("Dr Lee",)
        assert [s.n_turns for s in summaries] == [3, 4, 2]
        assert by_id["a-untimed"].as_dict() == {
            "id": "a-untimed",
            "patient": "p09",
            "date": "2021-03-04",
            "setting": "telephone",
            "subtype": "disease_reevaluation",
            "n_turns": 3,
            "clinicians": ["Dr Lee"],
            "duration_s": None,
            "n_codings": 0,
        }
        assert [s.id for s in list_encounters(conn, patient="p09")] == ["a-untimed"]
        assert [s.id for s in list_encounters(conn, setting="telephone")] == ["a-untimed"]
        assert list_encounters(conn, subtype="other") == []
        assert list(iter_encounters(conn)) == [untimed, timed, partly]
        assert list(iter_encounters(conn, setting=Setting.CLINIC)) == [timed, partly]


@pytest.fixture
def coded_engine(fresh_engine: Engine, make_encounter: MakeEncounter) -> Engine:
    store(fresh_engine, [make_encounter("a", 4), make_encounter("b", 2)])
    with transaction(fresh_engine) as conn:
        save_codebook(conn, load_codebook())
    return fresh_engine


def test_codebook_is_saved_once_per_version(coded_engine: Engine) -> None:
    codebook = load_codebook()
    with transaction(coded_engine) as conn:
        assert save_codebook(conn, codebook) is False
        assert get_codebook(conn, codebook.id) == codebook
        changed = dataclasses.replace(codebook, name="Renamed")
        with pytest.raises(StoreError, match="new version"):
            save_codebook(conn, changed)
        assert save_codebook(conn, dataclasses.replace(changed, version="2")) is True
        assert get_codebook(conn, codebook.id).name == "Renamed"
        assert get_codebook(conn, codebook.id, codebook.version) == codebook
        with pytest.raises(NotFoundError):
            get_codebook(conn, "nope")


def test_codings_round_trip_and_append(coded_engine: Engine) -> None:
    made = dt.datetime(2024, 5, 6, 7, 8, 9, 123456, tzinfo=dt.UTC)
    auto = [
        Coding("a", 0, "warning_shot", score=0.94, model_version="m1", created_at=made),
        Coding("a", 2, "naming", char_span=(3, 17), created_at=made),
        Coding("b", 1, "silence", time_span=(12.5, 18.25), memo="pause ✓", created_at=made),
    ]
    # A human correction is a new row next to the automatic one, never an edit of it.
    local = dt.timezone(dt.timedelta(hours=-5))
    human = Coding("a", 0, "transparency", Origin.HUMAN, "kaye", created_at=made.astimezone(local))
    with transaction(coded_engine) as conn:
        assert add_codings(conn, auto, "kaye2021") == 3
        assert add_codings(conn, [human], "kaye2021") == 1
        assert add_codings(conn, [], "kaye2021") == 0
    with coded_engine.connect() as conn:
        stored = get_codings(conn)
        assert stored == [auto[0], human, auto[1], auto[2]]
        assert all(c.created_at.tzinfo is not None for c in stored)
        assert get_codings(conn, encounter_id="b") == [auto[2]]
        assert get_codings(conn, origin="human") == [human]
        assert get_codings(conn, coder="rapport", encounter_id="a") == auto[:2]
        assert [s.n_codings for s in list_encounters(conn)] == [3, 1]


@pytest.mark.parametrize(
    ("coding", "codebook_id", "error", "message"),
    [
        (Coding("a", 0, "warning_shot"), "nope", NotFoundError, "no codebook 'nope'"),
        (Coding("a", 0, "made_up"), "kaye2021", NotFoundError, "no code made_up"),
        (Coding("a", 9, "naming"), "kaye2021", NotFoundError, "no turn 9 in encounter 'a'"),
        (Coding("zz", 0, "naming"), "kaye2021", NotFoundError, "encounter 'zz'"),
        (Coding("a", 0, "naming", char_span=(5, 2)), "kaye2021", StoreError, "span"),
    ],
)
def test_bad_codings_are_refused(
    coded_engine: Engine,
    table_dump: Any,
    coding: Coding,
    codebook_id: str,
    error: type,
    message: str,
) -> None:
    before = table_dump(coded_engine)
    good = Coding("b", 0, "naming")
    with pytest.raises(error, match=message), transaction(coded_engine) as conn:
        add_codings(conn, [good, coding], codebook_id)
    assert table_dump(coded_engine) == before


def test_remove_encounter_allows_reimport(
    coded_engine: Engine, make_encounter: MakeEncounter
) -> None:
    with transaction(coded_engine) as conn:
        add_codings(conn, [Coding("a", 1, "naming")], "kaye2021")
        assert remove_encounter(conn, "a") == 1
        with pytest.raises(NotFoundError):
            remove_encounter(conn, "a")
    with coded_engine.connect() as conn:
        assert [s.id for s in list_encounters(conn)] == ["b"]
        assert counts(conn)["imports"] == 0
    again = store(coded_engine, [make_encounter("a", 4), make_encounter("b", 2)])
    assert again.status == "imported"
    with coded_engine.connect() as conn:
        assert counts(conn)["turns"] == 6


# --- Hypothesis: whatever an ingest reader produces comes back unchanged ----------------

_seconds = st.none() | st.floats(allow_nan=False, allow_infinity=False)
_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@st.composite
def encounters(draw: st.DrawFn) -> Encounter:
    speakers = draw(st.lists(st.text(min_size=1, max_size=12), min_size=1, max_size=3))
    indices = draw(st.lists(st.integers(0, 10_000), unique=True, max_size=12))
    turns = [
        Turn(
            index=index,
            speaker=draw(st.sampled_from(speakers)),
            role=draw(st.sampled_from(Role)),
            text=draw(st.text(max_size=200)),
            start=draw(_seconds),
            end=draw(_seconds),
            line=draw(st.none() | st.integers(1, 10**6)),
        )
        for index in sorted(indices)
    ]
    return Encounter(
        id=draw(st.text(min_size=1, max_size=40)),
        turns=turns,
        patient=draw(st.none() | st.text(max_size=12)),
        date=draw(st.none() | st.dates()),
        setting=draw(st.sampled_from(Setting)),
        subtype=draw(st.none() | st.text(max_size=20)),
        participants=[
            Participant(name, draw(st.sampled_from(Role)), draw(st.sampled_from(["given", "x"])))
            for name in speakers
        ],
        metadata=draw(st.dictionaries(st.text(max_size=10), _json, max_size=4)),
        source=draw(st.none() | st.text(max_size=30)),
    )


@pytest.fixture(scope="module")
def shared_engine() -> Iterator[Engine]:
    engine = open_workspace("sqlite:///:memory:")
    yield engine
    engine.dispose()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(encounters(), min_size=1, max_size=3, unique_by=lambda e: e.id), st.binary())
def test_any_encounter_round_trips(
    shared_engine: Engine, batch: list[Encounter], data: bytes
) -> None:
    with shared_engine.connect() as conn:
        transaction_ = conn.begin()
        try:
            result = import_encounters(conn, batch, content_hash=content_hash(data), path="x")
            assert result.encounter_ids == tuple(e.id for e in batch)
            for encounter in batch:
                assert get_encounter(conn, encounter.id) == encounter
            assert list(iter_encounters(conn)) == sorted(batch, key=lambda e: e.id)
        finally:
            transaction_.rollback()  # each example starts from an empty workspace
