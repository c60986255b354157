from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.errors import IngestError
from rapport.ingest import find_sources, read, read_encounters, write_textgrid
from rapport.ingest.textgrid import read_textgrid
from rapport.model import Encounter, Role
from test_ingest_support import DATASETS, encounters, shape

PRIMOCK = DATASETS / "primock57" / "transcripts"

LONG = """File type = "ooTextFile"
Object class = "TextGrid"

xmin = 0
xmax = 10
tiers? <exists>
size = 2
item []:
    item [1]:
        class = "IntervalTier"
        name = "Dr Lee"
        xmin = 0
        xmax = 10
        intervals: size = 3
        intervals [1]:
            xmin = 0
            xmax = 1.5
            text = "Hello, <UNSURE>Mrs</UNSURE> Khan."
        intervals [2]:
            xmin = 1.5
            xmax = 4
            text = ""
        intervals [3]:
            xmin = 4
            xmax = 10
            text = "She said ""fine"" <UNIN/> today."
    item [2]:
        class = "IntervalTier"
        name = "Mum"
        xmin = 0
        xmax = 10
        intervals: size = 2
        intervals [1]:
            xmin = 0
            xmax = 2
            text = ""
        intervals [2]:
            xmin = 2
            xmax = 5
            text = "<UNIN/>"
"""

SHORT = """File type = "ooTextFile"
Object class = "TextGrid"

0
10
<exists>
1
"IntervalTier"
"Dr Lee"
0
10
2
0
3
"Hi there."
3
10
""
"""


def test_long_format_tiers_are_speakers_merged_by_time(tmp_path: Path) -> None:
    path = tmp_path / "visit.TextGrid"
    path.write_text(LONG)
    turns = read(path).turns
    assert [(t.index, t.speaker, t.text, t.start, t.end, t.line) for t in turns] == [
        (0, "Dr Lee", "Hello, Mrs Khan.", 0.0, 1.5, 16),
        # An interval holding only <UNIN/> is talk nobody could make out: a turn, no words.
        (1, "Mum", "", 2.0, 5.0, 38),
        (2, "Dr Lee", 'She said "fine" today.', 4.0, 10.0, 24),
    ]


def test_short_format(tmp_path: Path) -> None:
    path = tmp_path / "short.TextGrid"
    path.write_text(SHORT)
    (turn,) = read(path).turns
    assert (turn.speaker, turn.text, turn.start, turn.end, turn.line) == (
        "Dr Lee", "Hi there.", 0.0, 3.0, 13
    )  # fmt: skip


def test_utf16_textgrid_as_praat_writes_it(tmp_path: Path) -> None:
    path = tmp_path / "unicode.TextGrid"
    path.write_bytes(SHORT.replace("Hi there.", "Grüß Gott.").encode("utf-16"))
    assert read(path).turns[0].text == "Grüß Gott."


def test_generic_tier_name_takes_speaker_from_file_name(tmp_path: Path) -> None:
    path = tmp_path / "visit3_nurse.TextGrid"
    path.write_text(SHORT.replace('"Dr Lee"', '"Speaker"'))
    turn = read(path).turns[0]
    assert (turn.speaker, turn.role) == ("Nurse", Role.CLINICIAN)


def test_per_speaker_files_are_grouped_and_merged(tmp_path: Path) -> None:
    (tmp_path / "c1_doctor.TextGrid").write_text(SHORT.replace('"Dr Lee"', '"Speaker"'))
    patient = SHORT.replace('"Dr Lee"', '"Speaker"').replace("0\n3\n", "0\n1\n")
    (tmp_path / "c1_patient.TextGrid").write_text(patient.replace("Hi there.", "Hello."))
    (tmp_path / "c1.meta.yaml").write_text("date: 2024-05-01\nsetting: video\n")
    (sources,) = find_sources([tmp_path])
    assert [p.name for p in sources] == ["c1_doctor.TextGrid", "c1_patient.TextGrid"]
    (encounter,) = read_encounters(sources)
    assert encounter.id == "c1"
    assert encounter.setting.value == "video"
    assert [(t.speaker, t.start) for t in encounter.turns] == [("Doctor", 0.0), ("Patient", 0.0)]


def test_same_speaker_overlap_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "overlap.TextGrid"
    path.write_text(SHORT.replace("3\n10\n", "2\n10\n").replace('""', '"Still me."'))
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 16
    assert "overlapping timestamps" in caught.value.reason


def test_reversed_interval_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "reversed.TextGrid"
    path.write_text(SHORT.replace("0\n3\n", "3\n0\n"))
    with pytest.raises(IngestError) as caught:
        read(path)
    assert (caught.value.line, "reversed" in caught.value.reason) == (13, True)


def test_truncated_file_names_the_last_line(tmp_path: Path) -> None:
    path = tmp_path / "cut.TextGrid"
    path.write_text(SHORT[: SHORT.index('"Hi there."')])
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 14
    assert "file ends early" in caught.value.reason


def test_bad_value_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.TextGrid"
    path.write_text(LONG.replace("xmax = 4\n", "xmax = four\n"))
    with pytest.raises(IngestError) as caught:
        read(path)
    assert caught.value.line == 21


def test_all_empty_intervals_have_no_turns(tmp_path: Path) -> None:
    path = tmp_path / "silent.TextGrid"
    path.write_text(SHORT.replace('"Hi there."', '""'))
    with pytest.raises(IngestError, match="no turns"):
        read(path)


def test_primock57_all_consultations() -> None:
    began = time.perf_counter()
    sources = find_sources([PRIMOCK])
    encounters_read = [e for files in sources for e in read_encounters(files)]
    elapsed = time.perf_counter() - began
    assert len(sources) == 57
    assert all(len(files) == 2 for files in sources)
    assert len(encounters_read) == 57
    total = sum(len(e.turns) for e in encounters_read)
    assert 7000 <= total <= 7200
    for encounter in encounters_read:
        roles = {p.name: p.role for p in encounter.participants}
        assert roles == {"Doctor": Role.CLINICIAN, "Patient": Role.PATIENT}
        starts = [t.start or 0.0 for t in encounter.turns]
        assert encounter.has_timings
        assert starts == sorted(starts)
        assert [t.index for t in encounter.turns] == list(range(len(encounter.turns)))
    assert not any(
        "<UNSURE>" in t.text or "<UNIN/>" in t.text for e in encounters_read for t in e.turns
    )
    assert encounters_read[0].id == "day1_consultation01"
    assert elapsed < 10


@settings(max_examples=40, deadline=None)
@given(encounters())
def test_write_then_read_round_trips(encounter: Encounter) -> None:
    (again,) = read_textgrid(write_textgrid(encounter).encode(), Path("roundtrip.TextGrid"))
    expected = sorted(shape(encounter), key=lambda turn: turn[2] or 0.0)
    assert shape(again) == expected


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=400))
def test_arbitrary_bytes_give_encounters_or_ingest_error(data: bytes) -> None:
    with contextlib.suppress(IngestError):
        read_textgrid(data, Path("fuzz.TextGrid"))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_damaged_textgrids_give_encounters_or_ingest_error(data: st.DataObject) -> None:
    lines = LONG.split("\n")
    for _ in range(data.draw(st.integers(1, 4))):
        index = data.draw(st.integers(0, len(lines) - 1))
        replacement = data.draw(
            st.sampled_from(["", '"', "size = 99", "xmin = -1", "xmax = 1e999", "<absent>",
                             'class = "TextTier"', "x", "12", lines[index][::-1]])
        )  # fmt: skip
        lines[index] = replacement
    with contextlib.suppress(IngestError):
        read_textgrid("\n".join(lines).encode(), Path("fuzz.TextGrid"))
