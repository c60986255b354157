"""Every kind of malformed input gives an ``IngestError`` with a specific reason."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rapport.errors import IngestError
from rapport.ingest import SUPPORTED_SUFFIXES, ReadOptions, read, read_encounters


def _error(path: Path, content: bytes | str, options: ReadOptions | None = None) -> IngestError:
    if isinstance(content, str):
        content = content.encode()
    path.write_bytes(content)
    with pytest.raises(IngestError) as caught:
        read(path, options)
    return caught.value


@pytest.mark.parametrize(
    "suffix", [".txt", ".vtt", ".srt", ".csv", ".json", ".TextGrid", ".docx", ""]
)
@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n "])
def test_empty_file(tmp_path: Path, suffix: str, content: bytes) -> None:
    error = _error(tmp_path / f"empty{suffix}", content)
    assert error.reason.startswith("empty file")
    assert error.line is None


@pytest.mark.parametrize("suffix", [".txt", ".vtt", ".srt", ".csv", ".json", ".TextGrid", ""])
def test_binary_file(tmp_path: Path, suffix: str) -> None:
    error = _error(
        tmp_path / f"image{suffix}", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    )
    assert error.reason == "binary file, not a transcript"


def test_wrong_encoding_names_the_line_and_suggests_encoding(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    error = _error(path, "Dr Lee: Hello.\nMum: Très bien.\n".encode("latin-1"))
    assert error.line == 2
    assert "not UTF-8 (byte 0xe8)" in error.reason
    assert "--encoding" in error.reason
    turns = read(path, ReadOptions(encoding="latin-1")).turns
    assert turns[1].text == "Très bien."


def test_forced_encoding_that_does_not_fit(tmp_path: Path) -> None:
    error = _error(tmp_path / "x.txt", "Dr: é\n".encode("latin-1"), ReadOptions(encoding="ascii"))
    assert (error.line, "not valid ascii" in error.reason) == (1, True)
    error = _error(tmp_path / "y.txt", "Dr: x\n", ReadOptions(encoding="klingon"))
    assert "unknown encoding 'klingon'" in error.reason


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-16-be"])
def test_encodings_with_a_byte_order_mark_are_read(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "bom.txt"
    content = "Dr Lee: Grüß Gott.\n".encode(codec)
    path.write_bytes(content if codec != "utf-16-be" else b"\xfe\xff" + content)
    assert read(path).turns[0].text == "Grüß Gott."


def test_utf16_without_bom_is_named(tmp_path: Path) -> None:
    error = _error(tmp_path / "nobom.txt", "Dr Lee: Hello there.\n".encode("utf-16-le"))
    assert "UTF-16 without a byte-order mark" in error.reason
    assert "--encoding utf-16-le" in error.reason


def test_reversed_timestamps(tmp_path: Path) -> None:
    error = _error(tmp_path / "r.vtt", "WEBVTT\n\n00:05.000 --> 00:02.000\nDr Lee: Hi.\n")
    assert error.line == 3
    assert error.reason.startswith("reversed timestamps: ends at 2.000s before it starts at 5.000s")


def test_same_speaker_overlap_is_an_error(tmp_path: Path) -> None:
    error = _error(
        tmp_path / "o.csv", "speaker,text,start,end\nDr Lee,a,0,5\nMum,b,1,2\nDr Lee,c,4,6\n"
    )
    assert error.line == 4
    assert "overlapping timestamps: 'Dr Lee'" in error.reason
    assert "line 2" in error.reason


def test_crosstalk_between_speakers_is_allowed(tmp_path: Path) -> None:
    path = tmp_path / "crosstalk.csv"
    path.write_text("speaker,text,start,end\nDr Lee,a,0,5\nMum,b,1,2\nDr Lee,c,5,6\n")
    assert [t.start for t in read(path).turns] == [0.0, 1.0, 5.0]


def test_cues_going_back_in_time(tmp_path: Path) -> None:
    error = _error(
        tmp_path / "b.srt",
        "1\n00:00:05,000 --> 00:00:06,000\nA: x\n\n2\n00:00:01,000 --> 00:00:02,000\nB: y\n",
    )
    assert error.line == 6
    assert "timestamps go backwards" in error.reason


def test_unknown_speaker_with_roles_option(tmp_path: Path) -> None:
    error = _error(
        tmp_path / "u.txt",
        "Dr Lee: Hi.\nMum: Hello.\nDad: Hey.\n",
        ReadOptions(roles={"dr lee": "clinician", "Mum": "parent"}),
    )
    assert error.line == 3
    assert error.reason.startswith("unknown speaker 'Dad' at line 3; known speakers: Mum, dr lee")


def test_unknown_speaker_with_sidecar(tmp_path: Path) -> None:
    (tmp_path / "s.meta.yaml").write_text("roles:\n  Dr Lee: clinician\n")
    error = _error(tmp_path / "s.txt", "Dr Lee: Hi.\nMum: Hello.\n")
    assert error.line == 2
    assert "unknown speaker 'Mum'" in error.reason
    assert "sidecar s.meta.yaml" in error.reason


@pytest.mark.parametrize(
    ("name", "content", "line"),
    [
        ("t.txt", "Dr: hi\n[1:2:3:4] Mum: x\n", 2),
        ("t.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:61.000\nA: x\n", 3),
        ("t.vtt", "WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nA: x\n", None),
        ("t.csv", "speaker,text,end\nA,x,1e999\n", 2),
        ("t.TextGrid", 'File type = "ooTextFile"\nObject class = "TextGrid"\n0\n1e999\n', 4),
    ],
)
def test_malformed_timestamps(tmp_path: Path, name: str, content: str, line: int | None) -> None:
    error = _error(tmp_path / name, content)
    if line is not None:
        assert error.line == line
        assert "malformed timestamp" in error.reason
    else:
        assert error.line == 3
        assert "cue" in error.reason


def test_missing_csv_columns(tmp_path: Path) -> None:
    error = _error(tmp_path / "m.csv", "a,b\n1,2\n")
    assert error.reason.startswith("missing columns")


@pytest.mark.parametrize("suffix", [".pdf", ".doc", ".xlsx", ".mp3"])
def test_unknown_extension(tmp_path: Path, suffix: str) -> None:
    error = _error(tmp_path / f"file{suffix}", "Dr Lee: hi")
    assert error.line is None
    assert suffix in error.reason or "supported" in error.reason


def test_missing_file_and_folder(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        read(tmp_path / "absent.txt")
    with pytest.raises(IngestError, match="is a folder"):
        read(tmp_path)


@pytest.mark.parametrize(
    ("sidecar", "content", "line", "message"),
    [
        ("a.meta.yaml", "id: x\nsetting: home\n", 2, "unknown setting 'home'"),
        ("a.meta.yaml", "id: x\ndate: 2021-02-30\n", None, "invalid YAML"),
        ("a.meta.yaml", "id: x\ndate: tomorrow\n", 2, "not an ISO date"),
        ("a.meta.yaml", "id: [x\n", 2, "invalid YAML"),
        ("a.meta.yaml", "participants:\n  - name: A\n    role: boss\n", 3, "unknown role 'boss'"),
        ("a.meta.yaml", "colour: red\n", 1, "unknown key 'colour'"),
        ("a.meta.yml", "- just\n- a list\n", 1, "expected a mapping"),
        ("a.meta.json", '{"id": "x",\n "roles": {"A": 5}}', 2, "unknown role '5'"),
        ("a.meta.json", '{"id": "x",\n "roles": }', 2, "invalid JSON"),
    ],
)
def test_invalid_sidecar_names_file_and_line(
    tmp_path: Path, sidecar: str, content: str, line: int | None, message: str
) -> None:
    (tmp_path / sidecar).write_text(content)
    error = _error(tmp_path / "a.txt", "A: hi\n")
    assert error.path == str(tmp_path / sidecar)
    assert error.line == line
    assert message in error.reason


def test_one_sidecar_id_for_many_encounters(tmp_path: Path) -> None:
    (tmp_path / "many.meta.yaml").write_text("id: single\n")
    (tmp_path / "many.csv").write_text("encounter,speaker,text\n1,A,x\n2,B,y\n")
    with pytest.raises(IngestError, match="one id"):
        read_encounters(tmp_path / "many.csv")


@settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=300), st.sampled_from([*SUPPORTED_SUFFIXES, "", ".bin"]))
def test_any_bytes_with_any_name_give_encounters_or_ingest_error(
    tmp_path: Path, data: bytes, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    with contextlib.suppress(IngestError):
        read_encounters(path)
