from __future__ import annotations

import contextlib
import io
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.errors import IngestError
from rapport.ingest import ReadOptions, read, write_docx
from rapport.ingest.docx_format import read_docx
from rapport.model import Encounter, Role, Turn
from test_ingest_support import encounters, shape


def _save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_paragraphs_with_labels_and_timestamps(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("[00:01] Dr Lee: Hello there.")
    document.add_paragraph("")
    document.add_paragraph("Mum: Hi.")
    document.add_paragraph("We came as soon as we could.")
    turns = read(_save(document, tmp_path / "visit.docx")).turns
    assert [(t.speaker, t.text, t.start, t.line) for t in turns] == [
        ("Dr Lee", "Hello there.", 1.0, 1),
        ("Mum", "Hi. We came as soon as we could.", None, 3),
    ]


def test_table_with_time_column_and_title_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Consultation 12 (title paragraphs are ignored beside a table)")
    table = document.add_table(rows=0, cols=3)
    for cells in [("Time", "Speaker", "Text"), ("00:05", "Dr Lee", "Good morning."),
                  ("00:09", "Mum", "Morning."), ("", "", "Sorry, we're late.")]:  # fmt: skip
        row = table.add_row().cells
        for cell, value in zip(row, cells, strict=True):
            cell.text = value
    turns = read(_save(document, tmp_path / "table.docx")).turns
    assert [(t.speaker, t.text, t.start, t.line) for t in turns] == [
        ("Dr Lee", "Good morning.", 5.0, 3),
        ("Mum", "Morning.", 9.0, 4),
        ("Mum", "Sorry, we're late.", None, 5),
    ]


def test_unknown_speaker_says_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Dr Lee: Hello.")
    document.add_paragraph("Dad: Hi.")
    path = _save(document, tmp_path / "roles.docx")
    with pytest.raises(IngestError) as caught:
        read(path, ReadOptions(roles={"Dr Lee": "clinician"}))
    assert caught.value.line == 2
    assert "unknown speaker 'Dad' at paragraph 2" in caught.value.reason


def test_malformed_timestamp_says_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("[00:99] Dr Lee: Hello.")
    with pytest.raises(IngestError, match=r"paragraph 1: malformed timestamp"):
        read(_save(document, tmp_path / "clock.docx"))


def test_corrupt_docx(tmp_path: Path) -> None:
    good = write_docx(_one_turn())
    path = tmp_path / "corrupt.docx"
    path.write_bytes(good[: len(good) // 2])
    with pytest.raises(IngestError, match=r"corrupt or unreadable \.docx"):
        read(path)


def test_zip_that_is_not_a_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    path = tmp_path / "other.docx"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(IngestError, match=r"corrupt or unreadable \.docx"):
        read(path)


def test_text_renamed_to_docx(tmp_path: Path) -> None:
    path = tmp_path / "renamed.docx"
    path.write_text("Dr Lee: Hello.")
    with pytest.raises(IngestError, match=r"not a Word \.docx file"):
        read(path)


def test_empty_document(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no turns"):
        read(_save(docx.Document(), tmp_path / "blank.docx"))


def test_docx_without_extension_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "transcript"
    path.write_bytes(write_docx(_one_turn()))
    assert read(path).turns[0].speaker == "Dr Lee"


def _one_turn() -> Encounter:
    return Encounter("one", [Turn(0, "Dr Lee", Role.CLINICIAN, "Hello.", 1.0, 2.0)])


@settings(max_examples=20, deadline=None)
@given(encounters())
def test_write_then_read_round_trips_starts(encounter: Encounter) -> None:
    (again,) = read_docx(write_docx(encounter), Path("roundtrip.docx"))
    expected = [(speaker, text, start, None) for speaker, text, start, _ in shape(encounter)]
    assert shape(again) == expected


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_give_encounters_or_ingest_error(data: bytes) -> None:
    with contextlib.suppress(IngestError):
        read_docx(data, Path("fuzz.docx"))


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_damaged_docx_gives_encounters_or_ingest_error(data: st.DataObject) -> None:
    good = bytearray(write_docx(_one_turn()))
    for _ in range(data.draw(st.integers(1, 5))):
        good[data.draw(st.integers(0, len(good) - 1))] = data.draw(st.integers(0, 255))
    with contextlib.suppress(IngestError):
        read_docx(bytes(good), Path("fuzz.docx"))
