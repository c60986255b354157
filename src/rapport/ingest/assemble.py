"""From what a reader found (drafts of utterances) to checked ``Encounter`` objects.

Every reader produces ``Draft`` objects; this module applies the rules that hold for all
formats, so they are written once:

* Timing: an utterance may not end before it starts ("reversed timestamps"). One speaker's
  utterances may not overlap each other. Different speakers may overlap: that is real
  crosstalk. In a single-stream file (one list of cues or lines, as in VTT, SRT, text, DOCX,
  CSV and JSON) start times may not go backwards.
* End times are never invented: a format that gives only start times leaves ``end`` as
  ``None``, so that gaps (next start - previous end) are only measured where both are known.
* Caption merging: in VTT and SRT, consecutive cues by one speaker with a gap of at most
  ``MERGE_GAP_SECONDS`` become one turn (start of the first, end of the last), because caption
  tools cut one utterance into screen-sized cues. Longer gaps are pauses and are kept.
* Several files of one conversation (per-speaker TextGrids) are merged by start time.
* Encounter fields: the file's own < the sidecar's < ``ReadOptions.metadata``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from rapport.errors import IngestError
from rapport.ingest.fields import EncounterFields, FieldReader
from rapport.ingest.options import ReadOptions
from rapport.ingest.roles import (
    RoleMapping,
    SpeakerSeen,
    assign_roles,
    mapping_from_option,
    name_key,
)
from rapport.ingest.sidecar import load_sidecar, sidecar_for
from rapport.model import Encounter, Role, Setting, Turn

MERGE_GAP_SECONDS = 1.0
# Praat and captioning tools write times as decimals; allow rounding noise at boundaries.
_TOLERANCE = 1e-6


@dataclass(slots=True)
class Utterance:
    """One stretch of talk as a reader found it, before roles and checks."""

    speaker: str
    text: str
    line: int | None
    start: float | None = None
    end: float | None = None
    role: Role | None = None
    path: Path | None = None


@dataclass(slots=True)
class Draft:
    """The utterances of one encounter from one file, plus what the file says about it.

    ``id_suffix`` distinguishes encounters of a file that holds several (CSV): the id becomes
    ``STEM-SUFFIX``. ``unit`` is how a location in this file is named ("line", "paragraph").
    """

    path: Path
    utterances: list[Utterance]
    fields: EncounterFields = field(default_factory=EncounterFields)
    id_suffix: str | None = None
    single_stream: bool = True
    merge_cues: bool = False
    unit: str = "line"


def _clock(seconds: float) -> str:
    return f"{seconds:.3f}s"


def _where(draft: Draft, utterance: Utterance) -> str:
    return f"{draft.unit} {utterance.line}" if utterance.line is not None else "an earlier turn"


def _fail(draft: Draft, utterance: Utterance, reason: str) -> IngestError:
    """An error at ``utterance``; where locations are not lines the reason says which."""
    if draft.unit != "line" and utterance.line is not None:
        reason = f"{draft.unit} {utterance.line}: {reason}"
    return IngestError(utterance.path or draft.path, utterance.line, reason)


def check_timings(draft: Draft) -> None:
    """Raise ``IngestError`` for reversed, backwards or same-speaker overlapping times."""
    previous: Utterance | None = None
    for utterance in draft.utterances:
        start, end = utterance.start, utterance.end
        if start is not None and end is not None and end < start - _TOLERANCE:
            reason = (
                f"reversed timestamps: ends at {_clock(end)} before it starts at {_clock(start)}"
            )
            raise _fail(draft, utterance, reason)
        if start is None:
            continue
        if (
            draft.single_stream
            and previous is not None
            and previous.start is not None
            and start < previous.start - _TOLERANCE
        ):
            reason = (
                f"timestamps go backwards: starts at {_clock(start)}, before the turn at "
                f"{_where(draft, previous)} which starts at {_clock(previous.start)}"
            )
            raise _fail(draft, utterance, reason)
        previous = utterance
    _check_same_speaker_overlap(draft)


def _check_same_speaker_overlap(draft: Draft) -> None:
    by_speaker: dict[str, list[Utterance]] = {}
    for utterance in draft.utterances:
        if utterance.start is not None:
            by_speaker.setdefault(name_key(utterance.speaker), []).append(utterance)
    for utterances in by_speaker.values():
        ordered = sorted(utterances, key=lambda u: u.start or 0.0)
        for earlier, later in itertools.pairwise(ordered):
            if earlier.end is None or later.start is None:
                continue
            if later.start < earlier.end - _TOLERANCE:
                reason = (
                    f"overlapping timestamps: {later.speaker!r} starts a turn at "
                    f"{_clock(later.start)} while their turn at {_where(draft, earlier)} runs "
                    f"until {_clock(earlier.end)} (one speaker cannot overlap themselves)"
                )
                raise _fail(draft, later, reason)


def merge_cues(utterances: Sequence[Utterance]) -> list[Utterance]:
    """Join consecutive utterances of one speaker separated by at most ``MERGE_GAP_SECONDS``."""
    merged: list[Utterance] = []
    for utterance in utterances:
        last = merged[-1] if merged else None
        if (
            last is not None
            and name_key(last.speaker) == name_key(utterance.speaker)
            and last.end is not None
            and utterance.start is not None
            and utterance.start - last.end <= MERGE_GAP_SECONDS
        ):
            last.text = f"{last.text} {utterance.text}".strip()
            last.end = utterance.end
            continue
        merged.append(
            Utterance(
                utterance.speaker, utterance.text, utterance.line, utterance.start,
                utterance.end, utterance.role, utterance.path,
            )
        )  # fmt: skip
    return merged


def combine_drafts(drafts: Sequence[Draft]) -> Draft:
    """One draft from several files of one conversation, ordered by start time.

    Each file's own timings are checked first, so errors name the file that holds them.
    """
    for draft in drafts:
        check_timings(draft)
    keyed = []
    for file_order, draft in enumerate(drafts):
        for order, utterance in enumerate(draft.utterances):
            if utterance.start is None:
                reason = (
                    "cannot merge this file with the other files of its conversation: the turn "
                    "has no start time"
                )
                raise IngestError(draft.path, utterance.line, reason)
            utterance.path = draft.path
            keyed.append(((utterance.start, file_order, order), utterance))
    keyed.sort(key=lambda pair: pair[0])
    fields = EncounterFields()
    for draft in drafts:
        fields = fields.overridden_by(draft.fields)
    first = drafts[0]
    return Draft(first.path, [u for _, u in keyed], fields, single_stream=False, unit=first.unit)


def build_encounters(
    drafts: Sequence[Draft], paths: Sequence[Path], stem: str, options: ReadOptions
) -> list[Encounter]:
    """Check the drafts of one source (a file or a group of files) and make encounters.

    ``stem`` names the source: the default id, and the sidecar looked for beside it.
    """
    main_path = paths[0]
    if not drafts:
        raise IngestError(main_path, None, "no turns found: the file holds no conversation")
    for draft in drafts:
        check_timings(draft)

    mappings: list[RoleMapping] = []
    if options.roles:
        mappings.append(mapping_from_option(options.roles))
    overrides = EncounterFields()
    sidecar_path = sidecar_for(paths)
    if sidecar_path is not None:
        overrides = load_sidecar(sidecar_path)
        if overrides.roles:
            mappings.append(RoleMapping.build(f"sidecar {sidecar_path.name}", overrides.roles))
    if options.metadata:
        reader = FieldReader(main_path, None, "metadata option")
        overrides = overrides.overridden_by(reader.read(options.metadata, extra_to_metadata=True))
    if overrides.id is not None and len(drafts) > 1:
        reason = f"one id ({overrides.id!r}) given for a file that holds {len(drafts)} encounters"
        raise IngestError(sidecar_path or main_path, None, reason)

    source = " + ".join(str(path) for path in paths)
    encounters = []
    for draft in drafts:
        utterances = merge_cues(draft.utterances) if draft.merge_cues else draft.utterances
        if not utterances:
            raise IngestError(draft.path, None, "no turns found: the file holds no conversation")
        fields = draft.fields.overridden_by(overrides)
        default_id = f"{stem}-{draft.id_suffix}" if draft.id_suffix else stem
        participants = assign_roles(_speakers(draft, utterances), mappings, draft.unit)
        role_of = {name_key(p.name): p.role for p in participants}
        turns = [
            Turn(index, u.speaker, role_of[name_key(u.speaker)], u.text, u.start, u.end, u.line)
            for index, u in enumerate(utterances)
        ]
        encounters.append(
            Encounter(
                id=fields.id or default_id,
                turns=turns,
                patient=fields.patient,
                date=fields.date,
                setting=fields.setting or Setting.OTHER,
                subtype=fields.subtype,
                participants=participants,
                metadata=fields.metadata,
                source=source,
            )
        )
    return encounters


def _speakers(draft: Draft, utterances: Sequence[Utterance]) -> list[SpeakerSeen]:
    """Speakers in order of first appearance, each with the role the file states, if any."""
    stated = {name_key(name): role for name, role in draft.fields.roles.items()}
    seen: dict[str, SpeakerSeen] = {}
    for utterance in utterances:
        key = name_key(utterance.speaker)
        speaker = seen.get(key)
        if speaker is None:
            speaker = SpeakerSeen(
                utterance.speaker, utterance.path or draft.path, utterance.line, stated.get(key)
            )
            seen[key] = speaker
        if utterance.role is None:
            continue
        if speaker.file_role is not None and speaker.file_role != utterance.role:
            reason = (
                f"speaker {utterance.speaker!r} has role {utterance.role.value} here but "
                f"{speaker.file_role.value} earlier in the file (one speaker, one role)"
            )
            raise IngestError(utterance.path or draft.path, utterance.line, reason)
        speaker.file_role = utterance.role
    return list(seen.values())
