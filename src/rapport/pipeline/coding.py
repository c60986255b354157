"""Use cases for the coder: build it, store what it decides, train it and evaluate it."""

from __future__ import annotations

import csv
import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Engine

from rapport import store
from rapport.coding import CodedTurn, default_coder, to_codings
from rapport.coding.context import TurnInContext, turns_in_context
from rapport.errors import IngestError, RapportError
from rapport.model import Codebook, Coding, Encounter, Origin

if TYPE_CHECKING:
    from rapport.coding.cues import CueCoder
    from rapport.coding.learned import Coder

AnyCoder: TypeAlias = "Coder | CueCoder"


def build_coder(
    codebook: str, model: str | None = None, notify: Callable[[str], None] | None = None
) -> AnyCoder:
    """The coder ``rapport code`` and ``rapport analyze`` use, fitted and ready.

    ``model`` is a folder written by ``rapport train``, or ``cues`` for the transparent
    cue-phrase coder; by default the shipped learned coder.
    """
    if model == "cues":
        from rapport.coding.cues import CueCoder

        return CueCoder(codebook=codebook).fit()
    if model:
        from rapport.coding.model_files import load_coder

        return load_coder(model)
    return default_coder(codebook, notify)


def coded_turn_json(item: CodedTurn, codebook: Codebook) -> dict[str, Any]:
    """One line of ``rapport code --json`` (the contract in ARCHITECTURE.md)."""
    turn = item.turn
    codes: list[dict[str, Any]] = []
    for code_id, score in item.codes:
        entry: dict[str, Any] = {
            "code": code_id,
            "theme": codebook.code(code_id).theme,
            "score": score,
        }
        if code_id in item.spans:
            entry["span"] = [round(v, 3) for v in item.spans[code_id]]
        codes.append(entry)
    line: dict[str, Any] = {
        "encounter": item.encounter_id,
        "turn": turn.index,
        "speaker": turn.speaker,
        "role": str(turn.role),
        "text": turn.text,
    }
    if turn.start is not None:
        line["start"] = turn.start
    if turn.end is not None:
        line["end"] = turn.end
    line["codes"] = codes
    line["scores"] = item.scores
    if item.evidence or item.neighbours:
        line["explanation"] = {
            code_id: {
                "evidence": [
                    {"feature": e.cue, "matched": e.matched, "weight": round(e.weight, 3)}
                    for e in item.evidence
                    if e.code == code_id
                ],
                "nearest_examples": [
                    {"text": n.text, "codes": n.codes, "similarity": round(n.similarity, 3)}
                    for n in item.neighbours.get(code_id, [])
                ],
            }
            for code_id, _ in item.codes
        }
    return line


def stored_history(engine: Engine, encounters: Sequence[Encounter]) -> list[Encounter]:
    """The workspace's other encounters of the same patients, for remembering's history."""
    patients = sorted({e.patient for e in encounters if e.patient and e.date})
    if not patients:
        return []
    with engine.connect() as connection:
        return [
            e for patient in patients for e in store.iter_encounters(connection, patient=patient)
        ]


def store_auto_codings(engine: Engine, coded: Sequence[CodedTurn], coder: AnyCoder) -> int:
    """Save auto codings for encounters not yet coded by this model version."""
    by_encounter: dict[str, list[CodedTurn]] = {}
    for item in coded:
        by_encounter.setdefault(item.encounter_id, []).append(item)
    added = 0
    with store.transaction(engine) as connection:
        store.save_codebook(connection, coder.codebook_)
        for encounter_id, items in by_encounter.items():
            existing = store.get_codings(connection, encounter_id=encounter_id, origin=Origin.AUTO)
            if any(c.model_version == coder.model_version_ for c in existing):
                continue
            added += store.add_codings(connection, to_codings(items, coder), coder.codebook_.id)
    return added


def _workspace_training_data(
    engine: Engine,
) -> tuple[list[TurnInContext], list[set[str]], int]:
    """Every turn of every encounter that people coded, with the codes they gave it.

    Consensus codings, where an encounter has any, are the labels; otherwise the human
    codings of all its coders together. Returns samples, labels and the encounter count.
    """
    with engine.connect() as connection:
        codings = [c for c in store.get_codings(connection) if c.origin != Origin.AUTO]
        by_encounter: dict[str, list[Coding]] = {}
        for coding in codings:
            by_encounter.setdefault(coding.encounter_id, []).append(coding)
        encounters = [store.get_encounter(connection, eid) for eid in sorted(by_encounter)]
    samples = turns_in_context(encounters)
    labels: list[set[str]] = []
    for sample in samples:
        own = by_encounter[sample.encounter.id]
        consensus = [c for c in own if c.origin == Origin.CONSENSUS]
        chosen = consensus or own
        labels.append({c.code for c in chosen if c.turn_index == sample.index})
    return samples, labels, len(encounters)


def train(
    engine: Engine,
    *,
    out: Path | None,
    name: str,
    with_shipped: bool,
    notify: Callable[[str], None] | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Train a coder from the workspace's human/consensus codings (and the shipped data)."""
    import datetime as dt

    from rapport.coding import model_files
    from rapport.coding.evaluation import evaluate_examples

    samples, labels, n_encounters = _workspace_training_data(engine)
    if not samples and not with_shipped:
        raise RapportError(
            "the workspace holds no human or consensus codings to learn from; "
            "import some, or add --with-shipped to train on the shipped data too"
        )
    shipped = model_files.shipped_training_examples() if with_shipped else []
    all_samples = samples + [e.as_sample() for e in shipped]
    all_labels = labels + [set(e.codes) for e in shipped]
    digest = hashlib.sha256()
    for sample, codes in zip(all_samples, all_labels, strict=True):
        digest.update(json.dumps([sample.turn.text, sorted(codes)]).encode("utf-8"))
    version = f"{name}-{dt.date.today():%Y%m%d}-{digest.hexdigest()[:8]}"
    if notify:
        notify(f"Training {version} on {len(all_samples)} turns…")
    coder = model_files.train_coder(all_samples, all_labels, version=version)
    development = (
        evaluate_examples(coder, model_files.development_examples(), n_bootstrap=200).as_dict()
        if with_shipped
        else None
    )
    card = model_files.model_card(
        coder,
        name=name,
        data={
            "workspace_encounters": n_encounters,
            "workspace_turns": len(samples),
            "shipped_turns": len(shipped),
        },
        metrics=development,
    )
    folder = out or Path("rapport-models") / version
    model_files.save_coder(coder, folder, card)
    return folder, card


def gold_from_csv(
    path: Path, encounters: Sequence[Encounter]
) -> tuple[list[TurnInContext], list[set[str]]]:
    """Samples and gold codes from a CSV of ``encounter,turn,code`` rows over ``encounters``."""
    wanted: dict[tuple[str, int], set[str]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = {"encounter", "turn", "code"} - set(reader.fieldnames or [])
        if missing:
            raise IngestError(path, 1, f"missing column(s): {', '.join(sorted(missing))}")
        for number, row in enumerate(reader, start=2):
            try:
                key = (row["encounter"], int(row["turn"]))
            except ValueError:
                raise IngestError(path, number, f"turn {row['turn']!r} is not a number") from None
            wanted.setdefault(key, set()).add(row["code"])
    samples = turns_in_context(encounters)
    known = {(s.encounter.id, s.index) for s in samples}
    unknown = sorted(set(wanted) - known)
    if unknown:
        raise IngestError(path, None, f"no such turn in the transcripts given: {unknown[0]}")
    return samples, [wanted.get((s.encounter.id, s.index), set()) for s in samples]


def evaluate(
    coder: AnyCoder,
    gold: Path | None,
    encounters: Sequence[Encounter] = (),
) -> Any:
    """Score a coder on the shipped development split, a JSONL gold file, or a CSV of codes."""
    from rapport.coding import model_files
    from rapport.coding.data import read_examples
    from rapport.coding.evaluation import evaluate_examples, evaluate_samples

    if gold is None:
        return evaluate_examples(coder, model_files.development_examples())
    if gold.suffix.lower() == ".jsonl":
        return evaluate_examples(coder, read_examples([gold], coder.codebook_.code_ids))
    samples, labels = gold_from_csv(gold, encounters)
    return evaluate_samples(coder, samples, labels)
