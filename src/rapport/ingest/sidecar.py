"""Sidecar metadata: ``NAME.meta.yaml`` (or ``.meta.yml``, ``.meta.json``) beside ``NAME.ext``.

A sidecar says what a transcript cannot: ``id``, ``patient``, ``date`` (ISO), ``setting``,
``subtype``, the speakers' roles (``participants: [{name, role}]`` or ``roles: {name: role}``)
and free ``metadata``. Its roles count as an explicit mapping (see ``roles.py``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.decoding import decode_transcript
from rapport.ingest.fields import EncounterFields, FieldReader
from rapport.ingest.located import load_json, load_yaml

SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml", ".meta.json")


def is_sidecar(path: Path) -> bool:
    return path.name.lower().endswith(SIDECAR_SUFFIXES)


def find_sidecar(folder: Path, stem: str) -> Path | None:
    """The sidecar for transcripts called ``stem`` in ``folder``, if there is one."""
    for suffix in SIDECAR_SUFFIXES:
        candidate = folder / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def group_stem(paths: Iterable[Path]) -> str:
    """The name shared by the files of one conversation (its default id and sidecar name)."""
    stems = [path.stem for path in paths]
    bases = {stem.rpartition("_")[0] for stem in stems}
    if len(bases) == 1 and "" not in bases:
        return bases.pop()
    # Stems are names, not paths: a character-wise common prefix is what is wanted.
    common = os.path.commonprefix(stems).rstrip("_-. ")  # noqa: RUF071
    return common or stems[0]


def sidecar_for(source: Path | Sequence[Path]) -> Path | None:
    """The sidecar that applies to a transcript file, or to the files of one conversation.

    For one file that is ``NAME.meta.*``; a per-speaker TextGrid (``STEM_speaker.TextGrid``)
    without one of its own uses its conversation's ``STEM.meta.*``. For several files it is
    the sidecar of their shared stem (``group_stem``).
    """
    paths = [Path(source)] if isinstance(source, str | Path) else [Path(p) for p in source]
    if len(paths) > 1:
        return find_sidecar(paths[0].parent, group_stem(paths))
    path = paths[0]
    own = find_sidecar(path.parent, path.stem)
    stem, underscore, _ = path.stem.rpartition("_")
    if own is None and underscore and stem and path.suffix.lower() == ".textgrid":
        return find_sidecar(path.parent, stem)
    return own


def load_sidecar(path: Path) -> EncounterFields:
    """Read and validate a sidecar; any problem is an ``IngestError`` naming it and a line."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(path, None, f"cannot read sidecar: {error.strerror or error}") from None
    text = decode_transcript(data, path)
    located = load_json(text, path) if path.suffix.lower() == ".json" else load_yaml(text, path)
    return FieldReader(path, located, "sidecar").read(located.value)
