"""Use cases for getting data out: every stored turn or coding as CSV or JSON Lines."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine

from rapport import store
from rapport.analysis.corpus import choose_codings
from rapport.errors import RapportError
from rapport.model import Codebook, Coding, Encounter, Origin

EXPORT_COLUMNS = {
    "turns": [
        "encounter",
        "turn",
        "speaker",
        "role",
        "start",
        "end",
        "text",
        "codes",
        "model_version",
        "human_codes",
    ],
    "codings": [
        "encounter",
        "turn",
        "code",
        "theme",
        "origin",
        "coder",
        "score",
        "model_version",
        "char_start",
        "char_end",
        "time_start",
        "time_end",
        "memo",
        "created_at",
    ],
}


@dataclass(frozen=True, slots=True)
class Privacy:
    """How exported text is protected: de-identified (the default) unless ``identified``."""

    identified: bool = False
    mode: str = "tags"
    key: str | None = None
    #: Hears, before de-identifying, that a one-off model build is about to start.
    notify: Callable[[str], None] | None = None


def protected(
    encounters: Sequence[Encounter], codings: Sequence[Coding], privacy: Privacy
) -> tuple[list[Encounter], list[Coding]]:
    """The encounters and codings as an export should show them: de-identified (names,
    dates, places and numbers replaced, spans re-mapped) unless the user asked for the
    identified text."""
    if privacy.identified:
        return list(encounters), list(codings)
    from rapport.pipeline.privacy import deidentified_view

    try:
        if privacy.notify is not None:
            from rapport.privacy.tagger import prepare

            prepare(privacy.notify)
        return deidentified_view(encounters, codings, mode=privacy.mode, key=privacy.key)
    except ImportError:
        raise RapportError(
            "exports are de-identified by default, which needs `pip install 'rapport[privacy]'`; "
            "pass --identified to export the identified text"
        ) from None


def export_rows(
    engine: Engine, what: str, codebook: Codebook, privacy: Privacy | None = None
) -> list[dict[str, Any]]:
    """Rows of every stored turn (with its codes) or every stored coding, de-identified
    unless ``privacy.identified``."""
    rows: list[dict[str, Any]] = []
    with engine.connect() as connection:
        encounters, codings = protected(
            store.load_encounters(connection), store.get_codings(connection), privacy or Privacy()
        )
    if what == "codings":
        for c in codings:
            rows.append(
                {
                    "encounter": c.encounter_id,
                    "turn": c.turn_index,
                    "code": c.code,
                    "theme": codebook.code(c.code).theme if c.code in codebook.code_ids else None,
                    "origin": str(c.origin),
                    "coder": c.coder,
                    "score": c.score,
                    "model_version": c.model_version,
                    "char_start": c.char_span[0] if c.char_span else None,
                    "char_end": c.char_span[1] if c.char_span else None,
                    "time_start": c.time_span[0] if c.time_span else None,
                    "time_end": c.time_span[1] if c.time_span else None,
                    "memo": c.memo,
                    "created_at": c.created_at.isoformat(),
                }
            )
        return rows
    # Retraining adds a new set of auto codings beside the old ones; a per-turn export
    # shows the newest model's codes, not the union of every model's.
    newest = choose_codings(codings, "auto")
    latest = {c.encounter_id: c.model_version for c in newest if c.model_version}
    auto_codes: dict[tuple[str, int], set[str]] = {}
    human_codes: dict[tuple[str, int], set[str]] = {}
    for c in newest:
        auto_codes.setdefault((c.encounter_id, c.turn_index), set()).add(c.code)
    for c in codings:
        if c.origin != Origin.AUTO:
            human_codes.setdefault((c.encounter_id, c.turn_index), set()).add(c.code)
    for encounter in encounters:
        for turn in encounter.turns:
            key = (encounter.id, turn.index)
            rows.append(
                {
                    "encounter": encounter.id,
                    "turn": turn.index,
                    "speaker": turn.speaker,
                    "role": str(turn.role),
                    "start": turn.start,
                    "end": turn.end,
                    "text": turn.text,
                    "codes": ";".join(sorted(auto_codes.get(key, ()))),
                    "model_version": latest.get(encounter.id),
                    "human_codes": ";".join(sorted(human_codes.get(key, ()))),
                }
            )
    return rows


def format_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str]) -> str:
    if fmt == "jsonl":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()
