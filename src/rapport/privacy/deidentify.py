"""De-identify encounters: new encounters whose text, speakers, ids and dates carry no PHI.

The input is never changed. Encounters are grouped by patient (an encounter without a
patient is its own group) and each group is processed in date order, so replacements are
consistent within an encounter and across a patient's encounters in one call; with the
same ``key`` they are the same in every call.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from rapport.errors import RapportError
from rapport.model import Encounter, Participant, Turn
from rapport.privacy.detect import Finding, PatientDetector
from rapport.privacy.replace import Pseudonyms, pseudonym
from rapport.privacy.review import Residual, residuals

Mode = Literal["tags", "surrogates"]
MODES: tuple[str, ...] = ("tags", "surrogates")


@dataclass(slots=True)
class TextMap:
    """Where the characters of an original text went in its de-identified text.

    ``segments`` holds ``(old_start, old_end, new_start, new_end)`` for each replacement,
    in order; text between replacements moves by the change in length so far.
    """

    segments: list[tuple[int, int, int, int]] = field(default_factory=list)
    old_length: int = 0
    new_length: int = 0

    def offset(self, position: int, *, end: bool = False) -> int:
        """The new position of old ``position``; inside a replacement, its start (or its
        end, for the end of a span)."""
        starts = [s[0] for s in self.segments]
        i = bisect.bisect_right(starts, position) - 1
        if i < 0:
            return position
        old_start, old_end, new_start, new_end = self.segments[i]
        if position == old_start:
            return new_start
        if position < old_end:
            return new_end if end else new_start
        return new_end + (position - old_end)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """A half-open span of the old text mapped onto the new text; a span touching a
        replacement grows to cover all of it."""
        new_start = self.offset(start)
        new_end = self.offset(end, end=True)
        for old_start, old_end, seg_start, seg_end in self.segments:
            if old_start < end <= old_end:
                new_end = max(new_end, seg_end)
            if old_start <= start < old_end:
                new_start = min(new_start, seg_start)
        return new_start, max(new_start, new_end)


@dataclass(slots=True)
class DeidentificationReport:
    """What was replaced: counts only, never the values."""

    mode: str
    encounters: int = 0
    turns: int = 0
    speakers: int = 0
    counts: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode,
            "encounters": self.encounters,
            "turns": self.turns,
            "speakers_replaced": self.speakers,
            "replaced": dict(sorted(self.counts.items())),
        }

    def summary(self) -> str:
        parts = ", ".join(f"{n} {c.lower()}" for c, n in sorted(self.counts.items())) or "nothing"
        return (
            f"de-identified {self.encounters} encounter(s), {self.turns} turn(s) ({self.mode}): "
            f"replaced {parts}; {self.speakers} speaker name(s)"
        )


@dataclass(slots=True)
class Deidentified:
    """The result of ``deidentify_encounters``.

    ``ids`` maps each original encounter id to its new id; ``maps`` maps (original id,
    turn index) to the turn's ``TextMap``; ``scrub(original_id, text)`` de-identifies any
    other text of that encounter (a memo) with the same replacements.
    """

    encounters: list[Encounter]
    report: DeidentificationReport
    ids: dict[str, str]
    maps: dict[tuple[str, int], TextMap]
    _contexts: dict[str, tuple[PatientDetector, Pseudonyms, dt.date | None]] = field(
        default_factory=dict, repr=False
    )
    review: dict[tuple[str, int], list[Residual]] = field(default_factory=dict)
    """With ``review=True``: per (original id, turn index), the words left in the turn
    that may still identify someone (``privacy.review``), for a person to check."""

    def scrub(self, encounter_id: str, text: str) -> str:
        detector, names, reference = self._contexts[encounter_id]
        new, _ = replace_findings(text, detector.find(text), names, reference, Counter())
        return new


def _key_bytes(key: str | bytes | None) -> bytes:
    if key is None:
        return secrets.token_bytes(32)
    return key.encode("utf-8") if isinstance(key, str) else bytes(key)


def replace_findings(
    text: str,
    findings: Sequence[Finding],
    names: Pseudonyms,
    reference: dt.date | None,
    counts: Counter[str],
) -> tuple[str, TextMap]:
    """``text`` with every finding replaced, and where its characters went."""
    parts: list[str] = []
    text_map = TextMap(old_length=len(text))
    position = 0
    length = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < position:
            continue
        before = text[position : finding.start]
        parts.append(before)
        length += len(before)
        replacement = names.replace(text[finding.start : finding.end], finding, reference)
        text_map.segments.append((finding.start, finding.end, length, length + len(replacement)))
        parts.append(replacement)
        length += len(replacement)
        position = finding.end
        counts[str(finding.category)] += 1
    parts.append(text[position:])
    new = "".join(parts)
    text_map.new_length = len(new)
    return new, text_map


def _scrub_metadata(
    value: Any, detector: PatientDetector, names: Pseudonyms, reference: dt.date | None
) -> Any:
    if isinstance(value, str):
        return replace_findings(value, detector.find(value), names, reference, Counter())[0]
    if isinstance(value, dict):
        return {
            k: _scrub_metadata(v, detector, names, reference)
            for k, v in value.items()
            if k not in ("source", "path", "file")
        }
    if isinstance(value, list):
        return [_scrub_metadata(v, detector, names, reference) for v in value]
    if isinstance(value, int | float) and not isinstance(value, bool) and value > 89:
        return value  # numbers are not ages unless a key says so; see _ages
    return value


def _ages(metadata: dict[str, Any]) -> dict[str, Any]:
    out = dict(metadata)
    for k, v in metadata.items():
        if "age" in k.lower() and isinstance(v, int | float) and v > 89:
            out[k] = "90+"
    return out


def deidentify_encounters(
    encounters: Sequence[Encounter],
    *,
    mode: str = "tags",
    key: str | bytes | None = None,
    pseudonymize_ids: bool = True,
    review: bool = False,
) -> Deidentified:
    """De-identify ``encounters``; see ``deidentify``. Also returns the id and offset maps
    that keep codings aligned, the report and, with ``review``, the words left for a
    person to check."""
    if mode not in MODES:
        raise RapportError(f"mode must be tags or surrogates, not {mode!r}")
    secret = _key_bytes(key)
    report = DeidentificationReport(mode)
    groups: dict[str, list[Encounter]] = {}
    for encounter in encounters:
        group = f"patient:{encounter.patient}" if encounter.patient else f"encounter:{encounter.id}"
        groups.setdefault(group, []).append(encounter)
    new_by_id: dict[str, Encounter] = {}
    ids: dict[str, str] = {}
    maps: dict[tuple[str, int], TextMap] = {}
    contexts: dict[str, tuple[PatientDetector, Pseudonyms, dt.date | None]] = {}
    left: dict[tuple[str, int], list[Residual]] = {}
    if review:
        from rapport.privacy.engine import common_words

        vocabulary = common_words()
    used_ids: set[str] = set()
    for group, members in groups.items():
        members = sorted(members, key=lambda e: (e.date or dt.date.min, e.id))
        participants: list[Participant] = []
        seen: set[str] = set()
        for encounter in members:
            speakers = list(encounter.participants) + [
                Participant(t.speaker, t.role) for t in encounter.turns
            ]
            for participant in speakers:
                if participant.name not in seen:
                    seen.add(participant.name)
                    participants.append(participant)
        detector = PatientDetector(participants)
        detector.learn(t.text for e in members for t in e.turns)
        names = Pseudonyms(patient=group, key=secret, mode=mode, participants=participants)
        patient_id = (
            f"pt-{pseudonym(secret, 'patient', members[0].patient)}"
            if members[0].patient and pseudonymize_ids
            else members[0].patient
        )
        for encounter in members:
            reference = encounter.date
            turns: list[Turn] = []
            previous: str | None = None
            for turn in encounter.turns:
                findings = detector.find(turn.text, previous)
                text, text_map = replace_findings(
                    turn.text, findings, names, reference, report.counts
                )
                if review:
                    leftover = residuals(turn.text, findings, vocabulary)
                    if leftover:
                        left[(encounter.id, turn.index)] = leftover
                previous = turn.text
                maps[(encounter.id, turn.index)] = text_map
                turns.append(
                    dataclasses.replace(
                        turn, speaker=names.speaker(turn.speaker, turn.role), text=text
                    )
                )
            new_date = names.shift_date(encounter.date)
            if pseudonymize_ids:
                stem = patient_id or f"enc-{pseudonym(secret, 'encounter', encounter.id)}"
                new_id = f"{stem}-{new_date.isoformat()}" if new_date else stem
                if not new_date and patient_id:
                    new_id = f"{stem}-{pseudonym(secret, 'encounter', encounter.id, 6)}"
                base, n = new_id, 2
                while new_id in used_ids:
                    new_id, n = f"{base}-{n}", n + 1
            else:
                new_id = encounter.id
            used_ids.add(new_id)
            ids[encounter.id] = new_id
            contexts[encounter.id] = (detector, names, reference)
            new_by_id[encounter.id] = dataclasses.replace(
                encounter,
                id=new_id,
                turns=turns,
                patient=patient_id,
                date=new_date,
                participants=[
                    # the rule's name only: "sidecar p01-2024-03-04.meta.yaml" names a file
                    # after the encounter, and so carries the patient's id and visit date
                    Participant(names.speaker(p.name, p.role), p.role, p.role_source.split()[0])
                    for p in encounter.participants
                ],
                metadata=_ages(
                    _scrub_metadata(dict(encounter.metadata), detector, names, reference)
                ),
                source=None,
            )
            report.encounters += 1
            report.turns += len(turns)
        report.speakers += sum(1 for p in participants if names.speaker(p.name, p.role) != p.name)
    ordered = [new_by_id[e.id] for e in encounters]
    return Deidentified(ordered, report, ids, maps, contexts, left)


def deidentify(
    encounters: Sequence[Encounter],
    *,
    mode: str = "tags",
    key: str | bytes | None = None,
) -> list[Encounter]:
    """New encounters with PHI replaced; the input is left as it was.

    ``mode="tags"`` writes ``[CHILD-1]``, ``[PARENT-1]``, ``[CLINICIAN-1]``, ``[DATE-3]``, ...;
    ``mode="surrogates"`` writes realistic stand-ins and shifts dates by a per-patient
    number of days. ``key`` seeds pseudonyms, surrogates and date shifts: keep it secret,
    and pass the same key to get the same replacements in every run (without one, a random
    key is used and replacements are consistent only within the call). Turn order,
    indexes and timings are unchanged; speaker names, participants, encounter and patient
    ids, the encounter date (shifted) and metadata strings are replaced too.
    """
    return deidentify_encounters(encounters, mode=mode, key=key).encounters
