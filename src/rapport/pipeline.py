"""Use cases that compose the library: import, code, analyze, list and export.

The CLI and the web app both call these; neither holds business logic of its own.
Every write goes through ``store.transaction``, one transaction per imported file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Engine

from rapport import store
from rapport.coding import CodedTurn, code_encounters, default_coder, to_codings
from rapport.coding.context import TurnInContext, turns_in_context
from rapport.errors import IngestError, NotFoundError, RapportError
from rapport.ingest import ReadOptions, find_sources, read_encounters, sidecar_for
from rapport.model import Codebook, Coding, Encounter, Origin
from rapport.report import render_report, write_report

if TYPE_CHECKING:
    from rapport.coding.cues import CueCoder
    from rapport.coding.learned import Coder

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


@dataclass(slots=True)
class AnalyzeResult:
    report: Path
    imports: list[ImportOutcome]
    encounters: list[Encounter]
    codings: list[Coding]
    model_version: str
    new_codings: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)


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


def analyze(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    report_path: str | Path,
    codebook: str,
    model: str | None = None,
    options: ReadOptions | None = None,
    progress: Progress = _no_progress,
    notify: Callable[[str], None] | None = None,
) -> AnalyzeResult:
    """The main job: import transcripts, code them, store the codings, write the report."""
    sources = parse_paths(paths, options, progress)
    outcomes = import_parsed(engine, sources, progress)
    coder = build_coder(codebook, model, notify)
    with engine.connect() as connection:
        encounters = [
            store.get_encounter(connection, encounter_id)
            for outcome in outcomes
            for encounter_id in outcome.encounter_ids
        ]
    coded = code_encounters(
        encounters, coder, explain=True, background=stored_history(engine, encounters)
    )
    new_codings = store_auto_codings(engine, coded, coder)
    codings = to_codings(coded, coder)
    highlights = {
        (item.encounter_id, item.turn.index): [
            (e.span[0], e.span[1], e.code)
            for e in item.evidence
            if e.span and e.code in dict(item.codes)
        ]
        for item in coded
    }
    html = render_report(
        encounters,
        codings,
        coder.codebook_,
        highlights=highlights,
        model_version=coder.model_version_,
    )
    report = write_report(report_path, html)
    return AnalyzeResult(
        report=report,
        imports=outcomes,
        encounters=encounters,
        codings=codings,
        model_version=coder.model_version_,
        new_codings=new_codings,
        rows=summary_rows(encounters, codings, coder.codebook_),
    )


def summary_rows(
    encounters: Sequence[Encounter], codings: Sequence[Coding], codebook: Codebook
) -> list[dict[str, Any]]:
    """One row per encounter: its size, its codings and its most frequent themes."""
    per_encounter: dict[str, Counter[str]] = {}
    for coding in codings:
        theme = codebook.code(coding.code).theme
        per_encounter.setdefault(coding.encounter_id, Counter())[theme] += 1
    names = {theme.id: theme.name for theme in codebook.themes}
    rows = []
    for encounter in encounters:
        themes = per_encounter.get(encounter.id, Counter())
        rows.append(
            {
                "encounter": encounter.id,
                "patient": encounter.patient,
                "setting": str(encounter.setting),
                "subtype": encounter.subtype,
                "turns": len(encounter.turns),
                "minutes": round(encounter.duration_seconds / 60, 1)
                if encounter.duration_seconds
                else None,
                "codings": sum(themes.values()),
                "top_themes": ", ".join(f"{names[t]} {n}" for t, n in themes.most_common(3)),
            }
        )
    return rows


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


def _latest_auto_versions(codings: Sequence[Coding]) -> dict[str, str]:
    """Per encounter, the model version of its most recent auto codings.

    Retraining adds a new set of auto codings beside the old ones (nothing is overwritten);
    a per-turn export shows the newest model's codes, not the union of every model's.
    """
    newest: dict[str, tuple[Any, str]] = {}
    for coding in codings:
        if coding.origin == Origin.AUTO and coding.model_version:
            seen = newest.get(coding.encounter_id)
            if seen is None or coding.created_at > seen[0]:
                newest[coding.encounter_id] = (coding.created_at, coding.model_version)
    return {encounter: version for encounter, (_, version) in newest.items()}


def export_rows(engine: Engine, what: str, codebook: Codebook) -> list[dict[str, Any]]:
    """Rows of every stored turn (with its codes) or every stored coding."""
    rows: list[dict[str, Any]] = []
    with engine.connect() as connection:
        codings = store.get_codings(connection)
        if what == "codings":
            for c in codings:
                rows.append(
                    {
                        "encounter": c.encounter_id,
                        "turn": c.turn_index,
                        "code": c.code,
                        "theme": codebook.code(c.code).theme
                        if c.code in codebook.code_ids
                        else None,
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
        latest = _latest_auto_versions(codings)
        auto_codes: dict[tuple[str, int], set[str]] = {}
        human_codes: dict[tuple[str, int], set[str]] = {}
        for c in codings:
            key = (c.encounter_id, c.turn_index)
            if c.origin != Origin.AUTO:
                human_codes.setdefault(key, set()).add(c.code)
            elif c.model_version == latest.get(c.encounter_id):
                auto_codes.setdefault(key, set()).add(c.code)
        for encounter in store.iter_encounters(connection):
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
