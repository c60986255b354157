from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.errors import IngestError
from rapport.ingest import ReadOptions, read, read_encounters, write_csv
from rapport.ingest.csv_format import read_csv
from rapport.model import Encounter, Role
from test_ingest_support import DATASETS, encounters, shape


def test_one_row_per_turn_with_role_and_times(tmp_path: Path) -> None:
    path = tmp_path / "turns.csv"
    path.write_text(
        "Speaker,Role,Utterance,Start,End\n"
        "Dr Lee,clinician,Hello.,0,2.5\n"
        'Alex,patient,"Hi,\nthere.",00:00:03,00:00:04.5\n'
        ",,And more.,5,6\n"
    )
    encounter = read(path)
    assert [(t.speaker, t.role, t.text, t.start, t.end, t.line) for t in encounter.turns] == [
        ("Dr Lee", Role.CLINICIAN, "Hello.", 0.0, 2.5, 2),
        ("Alex", Role.PATIENT, "Hi, there.", 3.0, 4.5, 3),
        ("Alex", Role.PATIENT, "And more.", 5.0, 6.0, 5),
    ]
    assert encounter.participants[1].role_source == "file"


def test_rows_grouped_by_encounter_column(tmp_path: Path) -> None:
    path = tmp_path / "sessions.csv"
    path.write_text("dialog_id;speaker;text\nA;Dr Lee;Hi.\nB;Nurse;Hello.\nA;Mum;Hey.\n")
    found = read_encounters(path)
    assert [(e.id, [t.speaker for t in e.turns]) for e in found] == [
        ("sessions-A", ["Dr Lee", "Mum"]),
        ("sessions-B", ["Nurse"]),
    ]
    with pytest.raises(IngestError, match="holds 2 encounters"):
        read(path)


def test_named_columns(tmp_path: Path) -> None:
    path = tmp_path / "named.tsv"
    path.write_text("who said\twords\nDr Lee\tHello.\n")
    options = ReadOptions(speaker_column="Who said", text_column="words")
    assert read(path, options).turns[0].text == "Hello."


def test_dialogue_column_with_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "dialogues.csv"
    path.write_text(
        'ID,convo,notes\n7,"Doctor: Hi.\nPatient: Hello.\nStill me.",n1\n'
        '8,"[doctor] yes .\n[patient_guest] no .",n2\n'
    )
    found = read_encounters(path, ReadOptions(dialogue_column="convo"))
    assert [e.id for e in found] == ["dialogues-7", "dialogues-8"]
    assert [(t.speaker, t.text, t.line) for t in found[0].turns] == [
        ("Doctor", "Hi.", 2),
        ("Patient", "Hello. Still me.", 3),
    ]
    assert found[0].metadata == {"notes": "n1"}
    assert [t.role for t in found[1].turns] == [Role.CLINICIAN, Role.FAMILY]


def test_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "columns.csv"
    path.write_text("name_of_file,words_said\na,b\n")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 1
    assert "missing columns" in caught.value.reason
    assert "name_of_file, words_said" in caught.value.reason


def test_missing_named_column(tmp_path: Path) -> None:
    path = tmp_path / "columns.csv"
    path.write_text("speaker,text\na,b\n")
    with pytest.raises(IngestError, match="the dialogue column 'dialog' is not in the header"):
        read(path, ReadOptions(dialogue_column="dialog"))


def test_bad_time_and_role_cells(tmp_path: Path) -> None:
    path = tmp_path / "cells.csv"
    path.write_text("speaker,text,start\nA,x,1\nB,y,soon\n")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert (caught.value.line, "malformed timestamp" in caught.value.reason) == (3, True)
    path.write_text("speaker,text,role\nA,x,doctor\n")
    with pytest.raises(IngestError, match="unknown role 'doctor'"):
        read(path)


def test_duplicate_dialogue_ids(tmp_path: Path) -> None:
    path = tmp_path / "dupes.csv"
    path.write_text('id,dialogue\n1,"A: x"\n1,"B: y"\n')
    with pytest.raises(IngestError) as caught:
        read_encounters(path)
    assert caught.value.line == 3
    assert "duplicate encounter id '1'" in caught.value.reason


def test_aci_bench_train() -> None:
    found = read_encounters(DATASETS / "aci-bench" / "train.csv")
    assert len(found) == 67
    assert found[0].id == "train-D2N001"
    assert found[0].turns[0].speaker == "doctor"
    assert found[0].turns[0].role is Role.CLINICIAN
    assert {"dataset", "note"} <= set(found[0].metadata)
    assert 3500 <= sum(len(e.turns) for e in found) <= 3800


def test_mts_dialog_training_set() -> None:
    found = read_encounters(DATASETS / "mts-dialog" / "MTS-Dialog-TrainingSet.csv")
    assert len(found) == 1201
    assert found[0].id == "MTS-Dialog-TrainingSet-0"
    roles = {p.name: p.role for e in found for p in e.participants}
    assert roles["Doctor"] is Role.CLINICIAN
    assert roles["Patient"] is Role.PATIENT
    assert roles["Guest_family"] is Role.FAMILY
    assert roles["Guest_clinician"] is Role.CLINICIAN


def test_physical_activity_counselling_with_roles_option() -> None:
    options = ReadOptions(roles={"coach": "clinician", "participant": "patient"})
    found = read_encounters(
        DATASETS / "physical-activity-counseling" / "all_dialogs_flat.csv", options
    )
    assert len(found) == 44
    assert {p.role_source for e in found for p in e.participants} == {"--roles"}


@settings(max_examples=50, deadline=None)
@given(encounters(timed=True), st.booleans())
def test_write_then_read_round_trips(encounter: Encounter, timed: bool) -> None:
    if not timed:
        for turn in encounter.turns:
            turn.start = turn.end = None
    for turn in encounter.turns:
        turn.role = Role.FAMILY
    (again,) = read_csv(write_csv(encounter).encode(), Path("roundtrip.csv"))
    assert shape(again) == shape(encounter)
    assert {t.role for t in again.turns} == {Role.FAMILY}


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_encounters_or_ingest_error(data: bytes) -> None:
    with contextlib.suppress(IngestError):
        read_csv(data, Path("fuzz.csv"))


cells = st.sampled_from(
    ["speaker", "text", "dialogue", "id", "start", "role", "Dr Lee", "x", "clinician", "1.5",
     "-3", "00:01", '"', "\n", "Doctor: hi", "", ";"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(cells, min_size=1, max_size=5), min_size=1, max_size=6))
def test_arbitrary_tables_give_encounters_or_ingest_error(rows: list[list[str]]) -> None:
    with contextlib.suppress(IngestError):
        read_csv("\n".join(",".join(row) for row in rows).encode(), Path("fuzz.csv"))
