"""Use cases that connect documents and themes to the workspace (the CLI and web call these)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import Engine

from rapport import store
from rapport.errors import IngestError
from rapport.ingest.documents import find_documents, is_document_encounter, read_document
from rapport.model import Coding, Encounter
from rapport.pipeline.transcripts import ImportOutcome, ParsedSource, import_parsed, source_hash


def import_documents(engine: Engine, paths: Sequence[str | Path]) -> list[ImportOutcome]:
    """Read every document under ``paths`` (all before storing any), then store each in its
    own transaction; an unchanged document is left alone."""
    sources = [
        ParsedSource([path], source_hash([path]), [read_document(path)])
        for path in find_documents(paths)
    ]
    ids: dict[str, str] = {}
    for source in sources:
        for encounter in source.encounters:
            if encounter.id in ids:
                raise IngestError(
                    source.label, None, f"id {encounter.id!r} is also used by {ids[encounter.id]}"
                )
            ids[encounter.id] = source.label
    return import_parsed(engine, sources)


def load_documents(engine: Engine, ids: Sequence[str] = ()) -> tuple[list[Encounter], list[Coding]]:
    """The workspace's documents (or those named) and every coding on them."""
    with engine.connect() as connection:
        encounters = [
            e
            for e in store.load_encounters(connection, list(ids) if ids else None)
            if is_document_encounter(e)
        ]
        wanted = {e.id for e in encounters}
        codings = [c for c in store.get_codings(connection) if c.encounter_id in wanted]
    return encounters, codings
