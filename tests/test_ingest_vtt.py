from __future__ import annotations

import contextlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.errors import IngestError
from rapport.ingest import read, write_vtt
from rapport.ingest.assemble import MERGE_GAP_SECONDS
from rapport.ingest.vtt import read_vtt
from rapport.model import Encounter, Role
from test_ingest_support import encounters, shape

TEAMS = """WEBVTT

0a1b-0
00:00:01.000 --> 00:00:04.500
<v Dr Lee>Good morning. How are you feeling today?</v>

0a1b-1
00:00:05.000 --> 00:00:07.000
<v Mum>Tired, &amp; worried.</v>
"""

ZOOM = """WEBVTT

1
00:00:01.000 --> 00:00:03.000
Dr Lee: I have the scan results.

2
00:00:03.200 --> 00:00:06.000
Dr Lee: I'm afraid it's not the news we hoped for.

3
00:00:12.000 --> 00:00:14.000
Mum: Okay.
"""


def test_teams_voice_tags(tmp_path: Path) -> None:
    path = tmp_path / "visit.vtt"
    path.write_text(TEAMS)
    encounter = read(path)
    assert encounter.id == "visit"
    assert [(t.speaker, t.text, t.start, t.end) for t in encounter.turns] == [
        ("Dr Lee", "Good morning. How are you feeling today?", 1.0, 4.5),
        ("Mum", "Tired, & worried.", 5.0, 7.0),
    ]
    assert [t.role for t in encounter.turns] == [Role.CLINICIAN, Role.PARENT]
    assert encounter.turns[1].line == 8


def test_zoom_name_prefix_and_merging_of_close_cues(tmp_path: Path) -> None:
    path = tmp_path / "zoom.vtt"
    path.write_text(ZOOM)
    turns = read(path).turns
    # Cues 1 and 2 are 0.2 s apart, within MERGE_GAP_SECONDS: one turn, first start, last end.
    assert MERGE_GAP_SECONDS >= 0.2
    assert [(t.index, t.speaker, t.start, t.end) for t in turns] == [
        (0, "Dr Lee", 1.0, 6.0),
        (1, "Mum", 12.0, 14.0),
    ]
    assert turns[0].text == "I have the scan results. I'm afraid it's not the news we hoped for."
    assert turns[0].line == 4


def test_same_speaker_pause_is_kept_as_two_turns(tmp_path: Path) -> None:
    path = tmp_path / "pause.vtt"
    path.write_text(
        "WEBVTT\n\n00:00.000 --> 00:02.000\nDr Lee: I'm sorry.\n\n"
        "00:08.000 --> 00:10.000\nDr Lee: Take your time.\n"
    )
    turns = read(path).turns
    assert [(t.start, t.end) for t in turns] == [(0.0, 2.0), (8.0, 10.0)]


def test_notes_styles_and_formatting_tags_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "styled.vtt"
    path.write_text(
        "WEBVTT - consultation\nKind: captions\n\nNOTE recorded in clinic\n\n"
        "STYLE\n::cue { color: red }\n\n"
        "00:00:01.000 --> 00:00:02.000 align:start position:10%\n"
        "<v.loud Dr Lee><i>Hello</i> <00:00:01.500>there\n"
    )
    turns = read(path).turns
    assert [(t.speaker, t.text) for t in turns] == [("Dr Lee", "Hello there")]


def test_two_voices_in_one_cue_are_two_turns(tmp_path: Path) -> None:
    path = tmp_path / "two.vtt"
    path.write_text("WEBVTT\n\n00:01.000 --> 00:03.000\n<v Dr Lee>Hi.</v>\n<v Mum>Hello.</v>\n")
    turns = read(path).turns
    assert [(t.speaker, t.start) for t in turns] == [("Dr Lee", 1.0), ("Mum", 1.0)]


def test_cue_without_speaker_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "anonymous.vtt"
    path.write_text(
        "WEBVTT\n\n00:01.000 --> 00:03.000\nDr Lee: Hi.\n\n00:04.000 --> 00:05.000\nHello.\n"
    )
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 7
    assert "no speaker" in caught.value.reason


def test_missing_header_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "header.vtt"
    path.write_text("00:01.000 --> 00:03.000\nDr Lee: Hi.\n")
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 1
    assert "WEBVTT" in caught.value.reason


def test_header_only_has_no_turns(tmp_path: Path) -> None:
    path = tmp_path / "empty.vtt"
    path.write_text("WEBVTT\n\nNOTE nothing said\n")
    with pytest.raises(IngestError, match="no turns"):
        read(path)


def test_vtt_in_a_txt_file_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "captions.txt"
    path.write_text(TEAMS)
    assert [t.speaker for t in read(path).turns] == ["Dr Lee", "Mum"]


@settings(max_examples=40, deadline=None)
@given(encounters())
def test_write_then_read_round_trips(encounter: Encounter) -> None:
    text = write_vtt(encounter)
    (again,) = read_vtt(text.encode(), Path("roundtrip.vtt"))
    assert shape(again) == shape(encounter)


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_encounters_or_ingest_error(data: bytes) -> None:
    with contextlib.suppress(IngestError):
        read_vtt(data, Path("fuzz.vtt"))


cue_lines = st.sampled_from(
    ["", "1", "00:00:01.000 --> 00:00:02.000", "00:03.000 --> 00:01.000", "99:99 --> x",
     "<v Dr Lee>Hi", "Mum: hello", "[Dad] hi", "NOTE x", "plain words", "<v>", "</v>", "-->"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(cue_lines, max_size=25))
def test_arbitrary_cue_lines_give_encounters_or_ingest_error(lines: list[str]) -> None:
    with contextlib.suppress(IngestError):
        read_vtt(("WEBVTT\n\n" + "\n".join(lines)).encode(), Path("fuzz.vtt"))
