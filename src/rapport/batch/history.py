"""Earlier encounters of the same patient, for the remembering code in a batch job.

``rapport analyze`` codes an encounter with what the family said in the patient's earlier
encounters, so that the coder can tell when a clinician brings a personal detail back
unprompted. A batch job fans files out to workers that never see each other's files or the
workspace, so the driver gathers that history before the job starts: it reads every
pending transcript once (cheap next to coding it), looks up the workspace's encounters of
the same patients, and gives each task the family talk of that patient's earlier
encounters, from other files of the job and from the workspace alike.

Only what ``family_history`` reads travels with a task: the family's turns of four words or
more, in encounters dated before the task's latest one. Recordings are left alone: who the
patient is is known only once the worker has transcribed them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence

from sqlalchemy import Engine

from rapport.batch.work import Task, read_transcript
from rapport.coding.context import HISTORY_MIN_WORDS
from rapport.ingest import ReadOptions
from rapport.model import FAMILY_ROLES, Encounter


def family_talk_only(encounter: Encounter) -> Encounter:
    """The encounter reduced to what counts as history: its family turns of 4+ words."""
    turns = [
        turn
        for turn in encounter.turns
        if turn.role in FAMILY_ROLES and turn.word_count >= HISTORY_MIN_WORDS
    ]
    return dataclasses.replace(encounter, turns=turns, participants=[], metadata={})


def _read_quietly(task: Task, options: ReadOptions | None) -> list[Encounter]:
    """The task's encounters, or none when it cannot be read (its worker reports why)."""
    try:
        return read_transcript(task, options)
    except Exception:  # the worker reads it again and records the one-line error
        return []


def _earlier(candidates: Iterable[Encounter], own: Sequence[Encounter]) -> tuple[Encounter, ...]:
    """The candidates of ``own``'s patients dated before the latest of ``own``."""
    latest: dict[str, dt.date] = {}
    for encounter in own:
        if encounter.patient and encounter.date:
            known = latest.get(encounter.patient, encounter.date)
            latest[encounter.patient] = max(known, encounter.date)
    own_ids = {encounter.id for encounter in own}
    return tuple(
        candidate
        for candidate in candidates
        if candidate.patient in latest
        and candidate.date is not None
        and candidate.id not in own_ids
        and candidate.date < latest[candidate.patient]
    )


def with_histories(
    tasks: Sequence[Task], options: ReadOptions | None, engine: Engine
) -> list[Task]:
    """``tasks`` with ``background`` set to their patients' earlier family talk."""
    from rapport.pipeline.coding import stored_history

    read = {task.key: _read_quietly(task, options) for task in tasks if task.kind == "transcript"}
    everything = [encounter for encounters in read.values() for encounter in encounters]
    dated = [e for e in everything if e.patient and e.date]
    if not dated:
        return list(tasks)
    in_job = {e.id for e in everything}
    stored = [e for e in stored_history(engine, dated) if e.id not in in_job]
    pool_by_patient: dict[str, list[tuple[int | None, Encounter]]] = {}
    for key, encounters in read.items():
        for encounter in encounters:
            if encounter.patient and encounter.date:
                pool_by_patient.setdefault(encounter.patient, []).append(
                    (key, family_talk_only(encounter))
                )
    for encounter in stored:
        if encounter.patient:
            pool_by_patient.setdefault(encounter.patient, []).append(
                (None, family_talk_only(encounter))
            )
    result = []
    for task in tasks:
        own = read.get(task.key, [])
        patients = {e.patient for e in own if e.patient and e.date}
        others = [
            encounter
            for patient in sorted(p for p in patients if p)
            for key, encounter in pool_by_patient.get(patient, [])
            if key != task.key
        ]
        background = _earlier(others, own)
        result.append(dataclasses.replace(task, background=background) if background else task)
    return result
