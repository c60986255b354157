from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.errors import IngestError
from rapport.ingest import read, write_srt
from rapport.ingest.srt_format import read_srt
from rapport.model import Encounter, Role, Turn
from test_ingest_support import encounters, shape

SUBTITLES = """1
00:00:01,000 --> 00:00:03,500
Dr Lee: We got the results back.

2
00:00:04,000 --> 00:00:06,000
[Mum] What do they show?
Is it bad?

3
00:00:06,100 --> 00:00:08,000
<i>Dr Lee:</i> Let's look together.
"""


def test_name_and_bracket_prefixes(tmp_path: Path) -> None:
    path = tmp_path / "visit.srt"
    path.write_text(SUBTITLES)
    turns = read(path).turns
    assert [(t.speaker, t.text, t.start, t.end, t.line) for t in turns] == [
        ("Dr Lee", "We got the results back.", 1.0, 3.5, 2),
        ("Mum", "What do they show? Is it bad?", 4.0, 6.0, 6),
        ("Dr Lee", "Let's look together.", 6.1, 8.0, 11),
    ]


def test_srt_saved_as_txt_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "subtitles.txt"
    path.write_text(SUBTITLES)
    assert len(read(path).turns) == 3


def test_crlf_and_bom(tmp_path: Path) -> None:
    path = tmp_path / "windows.srt"
    path.write_bytes(b"\xef\xbb\xbf" + SUBTITLES.replace("\n", "\r\n").encode())
    assert [t.line for t in read(path).turns] == [2, 6, 11]


def test_cue_without_speaker(tmp_path: Path) -> None:
    path = tmp_path / "plain.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nJust words.\n")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert (caught.value.line, "no speaker" in caught.value.reason) == (3, True)


def test_malformed_timing(tmp_path: Path) -> None:
    path = tmp_path / "bad.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:0x,000\nDr Lee: Hi.\n")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 2
    assert "malformed timestamp" in caught.value.reason


@settings(max_examples=40, deadline=None)
@given(encounters())
def test_write_then_read_round_trips(encounter: Encounter) -> None:
    (again,) = read_srt(write_srt(encounter).encode(), Path("roundtrip.srt"))
    assert shape(again) == shape(encounter)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_encounters_or_ingest_error(data: bytes) -> None:
    with contextlib.suppress(IngestError):
        read_srt(data, Path("fuzz.srt"))


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_gives_encounters_or_ingest_error(text: str) -> None:
    with contextlib.suppress(IngestError):
        read_srt(text.encode(), Path("fuzz.srt"))


def test_entities_and_angle_brackets_in_a_turn_round_trip() -> None:
    encounter = Encounter(
        id="entities",
        turns=[
            Turn(
                index=0,
                speaker="Dr Lee",
                role=Role.OTHER,
                text="A&LT and <b> & co",
                start=0.0,
                end=1.0,
            )
        ],
    )
    (again,) = read_srt(write_srt(encounter).encode(), Path("entities.srt"))
    assert again.turns[0].text == "A&LT and <b> & co"
