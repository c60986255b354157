from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.errors import IngestError
from rapport.ingest import read, read_encounters, write_json
from rapport.ingest.json_format import read_json
from rapport.model import Encounter, Role, Setting
from test_ingest_support import encounters, shape

# The example of ARCHITECTURE.md, with its long turn line split in two.
EXAMPLE = """{"id": "p07-2021-03-04", "patient": "p07", "date": "2021-03-04", "setting": "clinic",
 "subtype": "disease_reevaluation",
 "turns": [{"speaker": "Dr Lee", "role": "clinician", "text": "So I'm afraid ...",
            "start": 12.3, "end": 15.0},
           {"speaker": "Mother", "role": "parent", "text": "Okay."}]}
"""


def test_architecture_example(tmp_path: Path) -> None:
    path = tmp_path / "example.json"
    path.write_text(EXAMPLE)
    encounter = read(path)
    fields = (encounter.id, encounter.patient, encounter.date, encounter.setting)
    assert fields == ("p07-2021-03-04", "p07", dt.date(2021, 3, 4), Setting.CLINIC)
    assert encounter.subtype == "disease_reevaluation"
    assert [(t.speaker, t.role, t.start, t.end, t.line) for t in encounter.turns] == [
        ("Dr Lee", Role.CLINICIAN, 12.3, 15.0, 3),
        ("Mother", Role.PARENT, None, None, 5),
    ]
    assert [p.role_source for p in encounter.participants] == ["file", "file"]


def test_participants_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    document = {
        "participants": [{"name": "Alex", "role": "family"}],
        "metadata": {"site": "A"},
        "turns": [{"speaker": "Alex", "text": "Hi."}, {"speaker": "Dr Kim", "text": "Hello."}],
    }
    path.write_text(json.dumps(document))
    encounter = read(path)
    assert encounter.id == "p"
    assert encounter.metadata == {"site": "A"}
    assert [(p.name, p.role, p.role_source) for p in encounter.participants] == [
        ("Alex", Role.FAMILY, "file"),
        ("Dr Kim", Role.CLINICIAN, "heuristic: 'Dr' in name"),
    ]


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text(
        '{"turns": [\n  {"speaker": "A", "text": "x"},\n  {"speaker": "B" "text": "y"}\n]}'
    )
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 3
    assert caught.value.reason.startswith("invalid JSON")


def test_bad_role_names_the_turn_line(tmp_path: Path) -> None:
    turns = [{"speaker": f"S{i}", "text": "t", "role": "other"} for i in range(5)]
    turns[4]["role"] = "doctor"
    path = tmp_path / "role.json"
    path.write_text('{"turns": [\n' + ",\n".join(json.dumps(t) for t in turns) + "\n]}")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 6
    assert "turn 4: unknown role 'doctor'" in caught.value.reason


@pytest.mark.parametrize(
    ("turn", "message"),
    [
        ('{"text": "x"}', "'speaker' must be a non-empty string"),
        ('{"speaker": "A", "text": 3}', "'text' must be a string"),
        ('{"speaker": "A", "text": "x", "start": "soon"}', "malformed timestamp"),
        ('{"speaker": "A", "text": "x", "start": -1}', "malformed timestamp"),
        ('{"speaker": "A", "text": "x", "start": 5, "end": 2}', "reversed timestamps"),
        ('{"speaker": "A", "text": "x", "strat": 5}', "unknown key(s) strat"),
    ],
)
def test_turn_errors(tmp_path: Path, turn: str, message: str) -> None:
    path = tmp_path / "turn.json"
    path.write_text('{"id": "x",\n "turns": [\n' + turn + "\n]}")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 3
    assert message in caught.value.reason


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ('{"turns": []}', "'turns' is empty"),
        ('{"segments": []}', "no 'turns' list"),
        ('"hello"', "expected an object"),
        ('{"date": "04/03/2021", "turns": [{"speaker": "A", "text": "x"}]}', "not an ISO date"),
        ('{"setting": "home", "turns": [{"speaker": "A", "text": "x"}]}', "unknown setting"),
        ('{"colour": "red", "turns": [{"speaker": "A", "text": "x"}]}', "unknown key 'colour'"),
        ('{"turns": [{"speaker": "A", "text": "x", "start": NaN}]}', "NaN is not valid JSON"),
    ],
)
def test_document_errors(tmp_path: Path, document: str, message: str) -> None:
    path = tmp_path / "doc.json"
    path.write_text(document)
    with pytest.raises(IngestError) as caught:
        read(path)
    assert message in caught.value.reason


def test_list_of_encounters(tmp_path: Path) -> None:
    path = tmp_path / "many.json"
    turn = {"speaker": "A", "text": "x"}
    path.write_text(json.dumps([{"id": "first", "turns": [turn]}, {"turns": [turn]}]))
    assert [e.id for e in read_encounters(path)] == ["first", "many-2"]
    with pytest.raises(IngestError, match="holds 2 encounters"):
        read(path)


@settings(max_examples=50, deadline=None)
@given(encounters(), st.booleans())
def test_write_then_read_round_trips(encounter: Encounter, with_fields: bool) -> None:
    if with_fields:
        encounter.patient, encounter.date, encounter.setting = (
            "p1",
            dt.date(2024, 1, 2),
            Setting.VIDEO,
        )
        encounter.metadata = {"site": "B", "visit": 3}
    for turn in encounter.turns:
        turn.role = Role.PARENT
    (again,) = read_json(write_json(encounter).encode(), Path("roundtrip.json"))
    assert shape(again) == shape(encounter)
    assert [t.role for t in again.turns] == [Role.PARENT] * len(encounter.turns)
    assert (again.id, again.patient, again.date, again.setting, again.metadata) == (
        encounter.id, encounter.patient, encounter.date, encounter.setting, encounter.metadata
    )  # fmt: skip
    assert [t.line for t in again.turns] == list(range(2, 2 + len(encounter.turns)))


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_encounters_or_ingest_error(data: bytes) -> None:
    with contextlib.suppress(IngestError):
        read_json(data, Path("fuzz.json"))


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | st.text(max_size=8)
    | st.sampled_from(["clinician", "Dr Lee", "2021-01-01", "clinic"]),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(
        st.sampled_from(["id", "turns", "speaker", "text", "role", "start", "end", "date",
                         "setting", "participants", "metadata", "name", "x"]),
        children, max_size=5),
    max_leaves=20,
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_arbitrary_json_gives_encounters_or_ingest_error(value: object) -> None:
    with contextlib.suppress(IngestError):
        read_json(json.dumps(value).encode(), Path("fuzz.json"))
