from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.errors import IngestError
from rapport.ingest import read, write_text
from rapport.ingest.text import read_text
from rapport.model import Encounter
from test_ingest_support import encounters, shape

TRANSCRIPT = """[00:00:05] Dr Lee: Hello, I'm Dr Lee.
Mum (00:12): Hi. We've been
waiting a while.

Dr Lee: [01:02] I'm sorry about that.
(1:00:03.5) Grandma: Thank you.
Dr Lee: No timestamp here.
"""


def test_labels_timestamps_and_continuations(tmp_path: Path) -> None:
    path = tmp_path / "clinic.txt"
    path.write_text(TRANSCRIPT)
    encounter = read(path)
    assert [(t.speaker, t.text, t.start, t.end, t.line) for t in encounter.turns] == [
        ("Dr Lee", "Hello, I'm Dr Lee.", 5.0, None, 1),
        ("Mum", "Hi. We've been waiting a while.", 12.0, None, 2),
        ("Dr Lee", "I'm sorry about that.", 62.0, None, 5),
        ("Grandma", "Thank you.", 3603.5, None, 6),
        ("Dr Lee", "No timestamp here.", None, None, 7),
    ]
    assert encounter.id == "clinic"
    assert encounter.setting.value == "other"


def test_bracket_tags_and_annotations(tmp_path: Path) -> None:
    path = tmp_path / "tags.txt"
    path.write_text("[doctor] how are you ?\n[laughs] fine, really\n[patient] okay .\n")
    turns = read(path).turns
    assert [(t.speaker, t.text) for t in turns] == [
        ("doctor", "how are you ? [laughs] fine, really"),
        ("patient", "okay ."),
    ]


def test_rev_style_label_line_then_text(tmp_path: Path) -> None:
    path = tmp_path / "rev.txt"
    path.write_text("Dr Lee (00:00:05):\nGood morning.\n\nMum (00:00:09):\nMorning.\n")
    turns = read(path).turns
    assert [(t.speaker, t.text, t.start) for t in turns] == [
        ("Dr Lee", "Good morning.", 5.0),
        ("Mum", "Morning.", 9.0),
    ]


def test_urls_and_clock_times_are_not_labels(tmp_path: Path) -> None:
    path = tmp_path / "colons.txt"
    path.write_text("Dr Lee: see https://example.org\nat 10:30 we meet again\n")
    (turn,) = read(path).turns
    assert turn.text == "see https://example.org at 10:30 we meet again"


def test_text_before_first_label(tmp_path: Path) -> None:
    path = tmp_path / "title.txt"
    path.write_text("\nConsultation transcript\nDr Lee: Hello.\n")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 2
    assert "before the first speaker label" in caught.value.reason


def test_malformed_timestamp(tmp_path: Path) -> None:
    path = tmp_path / "clock.txt"
    path.write_text("Dr Lee: Hello.\n[00:75] Mum: Hi.\n")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 2
    assert "malformed timestamp '00:75'" in caught.value.reason


def test_backwards_timestamps(tmp_path: Path) -> None:
    path = tmp_path / "backwards.txt"
    path.write_text("[00:10] Dr Lee: Hello.\n[00:05] Mum: Hi.\n")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 2
    assert "go backwards" in caught.value.reason


def test_no_extension_is_read_as_text(tmp_path: Path) -> None:
    path = tmp_path / "transcript"
    path.write_text("Dr Lee: Hello.\n")
    assert read(path).turns[0].speaker == "Dr Lee"


@settings(max_examples=40, deadline=None)
@given(encounters())
def test_write_then_read_round_trips_starts(encounter: Encounter) -> None:
    (again,) = read_text(write_text(encounter).encode(), Path("roundtrip.txt"))
    expected = [(speaker, text, start, None) for speaker, text, start, _ in shape(encounter)]
    assert shape(again) == expected


@settings(max_examples=40, deadline=None)
@given(encounters(timed=False))
def test_untimed_round_trip(encounter: Encounter) -> None:
    (again,) = read_text(write_text(encounter).encode(), Path("roundtrip.txt"))
    assert shape(again) == shape(encounter)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_encounters_or_ingest_error(data: bytes) -> None:
    with contextlib.suppress(IngestError):
        read_text(data, Path("fuzz.txt"))


line_pieces = st.sampled_from(
    ["Dr Lee:", "[00:01]", "(1:02:03)", "[99:99]", "(12)", "[Mum]", "hello", ":", "[", "(",
     "Patient (00:05):", "\n", " ", "[00:00:01.5]", "Nurse:", "é"]
)  # fmt: skip


@settings(max_examples=200, deadline=None)
@given(st.lists(line_pieces, max_size=30))
def test_arbitrary_label_soup_gives_encounters_or_ingest_error(pieces: list[str]) -> None:
    with contextlib.suppress(IngestError):
        read_text(" ".join(pieces).encode(), Path("fuzz.txt"))
