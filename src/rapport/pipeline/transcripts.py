"""Use cases for transcripts: read files, import them, and find what a command should code."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from rapport import store
from rapport.errors import NotFoundError
from rapport.ingest import ReadOptions, find_sources, read_encounters, sidecar_for
from rapport.model import Encounter

Progress = Callable[[int, int, str], None]
"""Called as ``progress(done, total, label)`` while a long task runs."""


def _no_progress(done: int, total: int, label: str) -> None:
    return None


@dataclass(slots=True)
class ParsedSource:
    """One transcript source (a file, or the per-speaker files of one conversation)."""

    paths: list[Path]
    content_hash: str
    encounters: list[Encounter]

    @property
    def label(self) -> str:
        return (
            str(self.paths[0])
            if len(self.paths) == 1
            else f"{self.paths[0]} (+{len(self.paths) - 1})"
        )


@dataclass(slots=True)
class ImportOutcome:
    source: str
    status: str
    encounter_ids: list[str]
    n_turns: int


def source_hash(paths: Sequence[Path]) -> str:
    """Content hash of a source: its files and their sidecars, so edited metadata re-imports."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
        sidecar = sidecar_for(path)
        if sidecar is not None:
            digest.update(sidecar.read_bytes())
    return digest.hexdigest()


def parse_paths(
    paths: Iterable[str | Path],
    options: ReadOptions | None = None,
    progress: Progress = _no_progress,
) -> list[ParsedSource]:
    """Read every transcript under ``paths``; the first bad file raises ``IngestError``.

    Everything is parsed before anything is stored, so a typo in the tenth file never
    leaves the first nine half-imported.
    """
    groups = find_sources([Path(p) for p in paths])
    parsed: list[ParsedSource] = []
    for done, group in enumerate(groups):
        progress(done, len(groups), str(group[0].name))
        encounters = read_encounters(group if len(group) > 1 else group[0], options)
        parsed.append(ParsedSource(list(group), source_hash(group), encounters))
    progress(len(groups), len(groups), "read")
    return parsed


def import_parsed(
    engine: Engine, sources: Sequence[ParsedSource], progress: Progress = _no_progress
) -> list[ImportOutcome]:
    """Store parsed sources, one transaction per source; a repeated source is left alone."""
    outcomes: list[ImportOutcome] = []
    for done, source in enumerate(sources):
        progress(done, len(sources), source.label)
        with store.transaction(engine) as connection:
            result = store.import_encounters(
                connection,
                source.encounters,
                content_hash=source.content_hash,
                path=source.label,
            )
        outcomes.append(
            ImportOutcome(source.label, result.status, list(result.encounter_ids), result.n_turns)
        )
    progress(len(sources), len(sources), "stored")
    return outcomes


def import_paths(
    engine: Engine,
    paths: Iterable[str | Path],
    options: ReadOptions | None = None,
    progress: Progress = _no_progress,
) -> list[ImportOutcome]:
    return import_parsed(engine, parse_paths(paths, options, progress), progress)


def resolve_targets(
    targets: Iterable[str],
    engine_factory: Callable[[], Engine],
    options: ReadOptions | None = None,
    progress: Progress = _no_progress,
) -> list[Encounter]:
    """Encounters for a mix of transcript paths and ids of stored encounters."""
    encounters: list[Encounter] = []
    paths: list[str] = []
    stored_ids: list[str] = []
    for target in targets:
        (paths if Path(target).exists() else stored_ids).append(target)
    for source in parse_paths(paths, options, progress) if paths else []:
        encounters.extend(source.encounters)
    if stored_ids:
        engine = engine_factory()
        with engine.connect() as connection:
            for encounter_id in stored_ids:
                try:
                    encounters.append(store.get_encounter(connection, encounter_id))
                except NotFoundError:
                    raise NotFoundError(
                        f"{encounter_id}: no such file, and no stored encounter with that id"
                    ) from None
    return encounters
