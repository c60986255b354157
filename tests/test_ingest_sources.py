from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rapport.errors import IngestError
from rapport.ingest import (
    SUPPORTED_SUFFIXES,
    ReadOptions,
    find_sources,
    read,
    read_encounters,
    sidecar_for,
)
from rapport.model import Setting
from test_ingest_support import DATASETS


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("A: hi\n")


def test_folders_are_expanded_sorted_and_filtered(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.txt", "a.vtt", "sub/c.csv", "README.md", "README.txt", "LICENSE.txt", "SOURCE.txt",
        "a.meta.yaml", "a.meta.json", "notes.pdf", ".hidden.txt", ".git/x.txt", "~$lock.docx",
        "train_metadata.csv",
    )  # fmt: skip
    sources = find_sources([tmp_path])
    assert [[p.relative_to(tmp_path).as_posix() for p in group] for group in sources] == [
        ["a.vtt"], ["b.txt"], ["sub/c.csv"]
    ]  # fmt: skip


def test_named_files_are_kept_and_missing_ones_are_errors(tmp_path: Path) -> None:
    _touch(tmp_path, "notes.pdf")
    assert find_sources([tmp_path / "notes.pdf"]) == [[tmp_path / "notes.pdf"]]
    with pytest.raises(IngestError, match="no such file or folder"):
        find_sources([tmp_path / "absent"])


def test_supported_suffixes() -> None:
    assert {".vtt", ".srt", ".txt", ".textgrid", ".docx", ".json", ".csv"} <= set(
        SUPPORTED_SUFFIXES
    )


def test_multi_tier_textgrids_are_not_grouped(tmp_path: Path) -> None:
    grid = (
        'File type = "ooTextFile"\nObject class = "TextGrid"\n0\n1\n<exists>\n2\n'
        '"IntervalTier"\n"A"\n0\n1\n1\n0\n1\n"hi"\n'
        '"IntervalTier"\n"B"\n0\n1\n1\n0\n1\n"ho"\n'
    )
    (tmp_path / "s1_part1.TextGrid").write_text(grid)
    (tmp_path / "s1_part2.TextGrid").write_text(grid)
    assert len(find_sources([tmp_path])) == 2


def test_sidecar_fields_and_free_metadata(tmp_path: Path) -> None:
    (tmp_path / "v.txt").write_text("Dr Lee: Hello.\n")
    (tmp_path / "v.meta.yaml").write_text(
        "id: p07-2021-03-04\npatient: p07\ndate: 2021-03-04\nsetting: Telephone\n"
        "subtype: disease_reevaluation\nmetadata:\n  site: Memphis\n"
    )
    assert sidecar_for(tmp_path / "v.txt") == tmp_path / "v.meta.yaml"
    encounter = read(tmp_path / "v.txt")
    assert (encounter.id, encounter.patient, encounter.date) == (
        "p07-2021-03-04", "p07", dt.date(2021, 3, 4)
    )  # fmt: skip
    assert (encounter.setting, encounter.subtype) == (Setting.TELEPHONE, "disease_reevaluation")
    assert encounter.metadata == {"site": "Memphis"}
    assert encounter.source == str(tmp_path / "v.txt")


def test_metadata_option_overrides_sidecar(tmp_path: Path) -> None:
    (tmp_path / "v.txt").write_text("Dr Lee: Hello.\n")
    (tmp_path / "v.meta.json").write_text('{"id": "from-sidecar", "setting": "clinic"}')
    options = ReadOptions(metadata={"id": "from-option", "cohort": 2})
    encounter = read(tmp_path / "v.txt", options)
    assert (encounter.id, encounter.setting) == ("from-option", Setting.CLINIC)
    assert encounter.metadata == {"cohort": 2}
    with pytest.raises(IngestError, match="metadata option: unknown setting"):
        read(tmp_path / "v.txt", ReadOptions(metadata={"setting": "moon"}))


def test_group_sidecar_applies_to_each_speaker_file(tmp_path: Path) -> None:
    (tmp_path / "c1.meta.yaml").write_text("setting: clinic\n")
    assert sidecar_for(tmp_path / "c1_doctor.TextGrid") == tmp_path / "c1.meta.yaml"
    assert sidecar_for([tmp_path / "c1_doctor.TextGrid", tmp_path / "c1_patient.TextGrid"]) == (
        tmp_path / "c1.meta.yaml"
    )
    assert sidecar_for(tmp_path / "other.txt") is None


def test_merging_needs_timed_single_encounter_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A: hi\n")
    (tmp_path / "b.txt").write_text("[00:01] B: ho\n")
    with pytest.raises(IngestError) as caught:
        read_encounters([tmp_path / "a.txt", tmp_path / "b.txt"])
    assert caught.value.path == str(tmp_path / "a.txt")
    assert "no start time" in caught.value.reason


def test_whole_shared_folder_is_found() -> None:
    sources = find_sources([DATASETS])
    names = {files[0].name for files in sources}
    assert "train.csv" in names
    assert "train_metadata.csv" not in names
    assert sum(1 for files in sources if len(files) == 2) == 57
