from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.errors import IngestError
from rapport.ingest import ReadOptions, parse_roles_option, read
from rapport.ingest.roles import DEFAULT_SOURCE, guess_role
from rapport.model import Role


@pytest.mark.parametrize(
    ("name", "role", "source"),
    [
        ("Dr Lee", Role.CLINICIAN, "heuristic: 'Dr' in name"),
        ("Dr. O'Brien", Role.CLINICIAN, "heuristic: 'Dr' in name"),
        ("DrLee", Role.CLINICIAN, "heuristic: 'Dr' in name"),
        ("Oncologist", Role.CLINICIAN, "heuristic: 'Oncologist' in name"),
        ("NP Jones", Role.CLINICIAN, "heuristic: 'NP' in name"),
        ("Nurse Kim", Role.CLINICIAN, "heuristic: 'Nurse' in name"),
        ("Guest_clinician", Role.CLINICIAN, "heuristic: 'clinician' in name"),
        ("Mum", Role.PARENT, "heuristic: 'Mum' in name"),
        ("Patient's mother", Role.PARENT, "heuristic: 'mother' in name"),
        ("Stepmother", Role.PARENT, "heuristic: 'mother' in 'Stepmother'"),
        ("GUARDIAN", Role.PARENT, "heuristic: 'GUARDIAN' in name"),
        ("Grandmother", Role.FAMILY, "heuristic: 'Grandmother' in name"),
        ("Uncle Bob", Role.FAMILY, "heuristic: 'Uncle' in name"),
        ("patient_guest", Role.FAMILY, "heuristic: 'guest' in name"),
        ("Patient", Role.PATIENT, "heuristic: 'Patient' in name"),
        ("Alex", Role.OTHER, DEFAULT_SOURCE),
        ("Drew", Role.OTHER, DEFAULT_SOURCE),
        ("Snapper", Role.OTHER, DEFAULT_SOURCE),
        ("Speaker 2", Role.OTHER, DEFAULT_SOURCE),
    ],
)
def test_name_heuristics(name: str, role: Role, source: str) -> None:
    assert guess_role(name) == (role, source)


def test_parse_roles_option() -> None:
    assert parse_roles_option("Dr Lee=clinician, Mum = PARENT,") == {
        "Dr Lee": "clinician",
        "Mum": "parent",
    }


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Dr Lee", "expected NAME=ROLE"),
        ("=clinician", "expected NAME=ROLE"),
        ("Dr Lee=doctor", "unknown role 'doctor'"),
        ("A=patient,a=parent", "given two roles"),
        (" , ", "no NAME=ROLE entries"),
    ],
)
def test_parse_roles_option_errors(text: str, message: str) -> None:
    with pytest.raises(IngestError) as caught:
        parse_roles_option(text)
    assert caught.value.path == "--roles"
    assert message in caught.value.reason


def test_precedence_roles_option_over_sidecar_over_file_over_heuristic(tmp_path: Path) -> None:
    (tmp_path / "visit.meta.yaml").write_text(
        "participants:\n  - {name: Dr Lee, role: other}\n  - {name: Sam, role: family}\n"
    )
    path = tmp_path / "visit.json"
    path.write_text(
        '{"turns": [{"speaker": "Dr Lee", "text": "a"}, {"speaker": "Sam", "text": "b",'
        ' "role": "patient"}, {"speaker": "Kit", "text": "c", "role": "parent"}]}'
    )
    options = ReadOptions(roles={"DR LEE": "clinician"})
    participants = read(path, options).participants
    assert [(p.name, p.role, p.role_source) for p in participants] == [
        ("Dr Lee", Role.CLINICIAN, "--roles"),
        ("Sam", Role.FAMILY, "sidecar visit.meta.yaml"),
        ("Kit", Role.PARENT, "file"),
    ]


def test_turn_roles_follow_participants(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Dr Lee: a\nAlex: b\nDr Lee: c\n")
    encounter = read(path, ReadOptions(roles={"Alex": "patient", "Dr Lee": "clinician"}))
    assert [t.role for t in encounter.turns] == [Role.CLINICIAN, Role.PATIENT, Role.CLINICIAN]
    assert encounter.role_of("Alex") is Role.PATIENT


def test_unknown_speaker_lists_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Dr Lee: a\nAlex: b\n")
    with pytest.raises(IngestError) as caught:
        read(path, ReadOptions(roles={"Dr Lee": "clinician", "Mum": "parent"}))
    assert caught.value.line == 2
    assert caught.value.reason.startswith(
        "unknown speaker 'Alex' at line 2; known speakers: Dr Lee, Mum"
    )


def test_bad_role_in_roles_option_mapping(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("Dr Lee: a\n")
    with pytest.raises(IngestError, match="unknown role 'boss'"):
        read(path, ReadOptions(roles={"Dr Lee": "boss"}))


def test_conflicting_roles_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("speaker,text,role\nA,x,patient\nA,y,parent\n")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 3
    assert "one speaker, one role" in caught.value.reason


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_any_name_gets_a_role_and_an_explanation(name: str) -> None:
    role, source = guess_role(name)
    assert isinstance(role, Role)
    assert source


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_any_roles_option_parses_or_raises_ingest_error(text: str) -> None:
    try:
        mapping = parse_roles_option(text)
    except IngestError:
        return
    assert all(role in {r.value for r in Role} for role in mapping.values())
