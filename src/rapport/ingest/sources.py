"""Which files to read: folders expanded, non-transcripts skipped, per-speaker files grouped."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.sidecar import is_sidecar
from rapport.ingest.textgrid import tier_count

SUPPORTED_SUFFIXES = (".csv", ".docx", ".json", ".srt", ".textgrid", ".tsv", ".txt", ".vtt")
_DOCUMENTATION_STEMS = ("readme", "source", "license", "licence")
_METADATA_ENDINGS = ("_metadata", "-metadata", ".metadata")


def is_transcript_candidate(path: Path) -> bool:
    """Whether a file met inside a folder should be read as a transcript."""
    name = path.name
    stem = path.stem.lower()
    return (
        path.suffix.lower() in SUPPORTED_SUFFIXES
        and not name.startswith((".", "~$"))
        and not is_sidecar(path)
        and not stem.startswith(_DOCUMENTATION_STEMS)
        # ACI-Bench style "train_metadata.csv" describes "train.csv"; it is not a transcript.
        and not stem.endswith(_METADATA_ENDINGS)
    )


def _expand(path: Path) -> list[Path]:
    if path.is_dir():
        found = []
        for folder, folders, files in os.walk(path):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            found += [Path(folder) / name for name in sorted(files)]
        return sorted(p for p in found if is_transcript_candidate(p))
    if path.exists():
        return [path]
    raise IngestError(path, None, "no such file or folder")


def speaker_group_key(path: Path) -> tuple[Path, str] | None:
    """``(folder, common stem)`` for a single-tier TextGrid named ``STEM_speaker``, else None."""
    if path.suffix.lower() != ".textgrid":
        return None
    stem, underscore, speaker = path.stem.rpartition("_")
    if not (underscore and stem and speaker):
        return None
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError:
        return None
    return (path.parent, stem) if tier_count(head) == 1 else None


def find_sources(paths: Iterable[str | Path]) -> list[list[Path]]:
    """The transcripts under ``paths``, each as the list of files of one conversation.

    Folders are searched recursively in sorted order, skipping hidden files, sidecars
    (``*.meta.yaml``...), README/SOURCE/LICENSE files and ``*_metadata`` tables; files named
    directly are kept as given. Single-tier TextGrids named ``STEM_speaker`` in one folder
    form one group per ``STEM`` (one file per speaker, as in PriMock57).
    """
    expanded: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        for path in _expand(Path(given)):
            if path not in seen:
                seen.add(path)
                expanded.append(path)
    groups: dict[tuple[Path, str], list[Path]] = {}
    ordered: list[tuple[Path, str] | Path] = []
    for path in expanded:
        key = speaker_group_key(path)
        if key is None:
            ordered.append(path)
            continue
        if key not in groups:
            groups[key] = []
            ordered.append(key)
        groups[key].append(path)
    sources: list[list[Path]] = []
    for item in ordered:
        if isinstance(item, Path):
            sources.append([item])
        elif len(groups[item]) > 1:
            sources.append(sorted(groups[item]))
        else:
            sources += [[path] for path in groups[item]]
    return sources
