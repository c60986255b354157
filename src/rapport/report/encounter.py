"""The encounter report: one conversation, coded, with its wheel, timeline and missed moments."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapport.analysis import Corpus, duration, frequency, talk_balance
from rapport.analysis.corpus import encounter_talk
from rapport.analysis.opportunities import opportunity_records
from rapport.model import Encounter, Role
from rapport.report.charts import alliance_wheel, encounter_timeline
from rapport.report.common import (
    cue_highlights,
    data_basis,
    moments_in_context,
    names,
    quote,
    segments,
)
from rapport.report.tables import ReportTable, columns, integer, labelled, numeric, percent

#: (encounter id, turn index) -> [(start, end, code)] character spans to highlight.
Highlights = Mapping[tuple[str, int], Sequence[tuple[int, int, str]]]


@dataclass(slots=True)
class TranscriptRow:
    turn: Any
    codings: list[Any]
    segments: list[Any]
    pause: float | None
    missed: bool
    opportunity: bool


def timeline_svg(
    corpus: Corpus, encounter: Encounter, missed_turns: set[int], id_prefix: str
) -> str:
    """The encounter's timeline: in seconds when every turn is timed, else in turn order."""
    code_names = names(corpus.codebook)
    timed = encounter.has_timings
    origin = (
        min((t.start for t in encounter.turns if t.start is not None), default=0.0)
        if timed
        else 0.0
    )

    def place(position: int) -> tuple[float, float]:
        turn = encounter.turns[position]
        if timed and turn.start is not None and turn.end is not None:
            return turn.start - origin, turn.end - origin
        return float(position), float(position + 1)

    where = {turn.index: place(i) for i, turn in enumerate(encounter.turns)}
    talk = [(*where[turn.index], str(turn.role)) for turn in encounter.turns]
    events = []
    turn_by_index = {turn.index: turn for turn in encounter.turns}
    for coding in corpus.codings:
        if coding.encounter_id != encounter.id or coding.turn_index not in where:
            continue
        start, end = where[coding.turn_index]
        turn = turn_by_index[coding.turn_index]
        events.append(
            (
                (start + end) / 2 if not timed else start,
                coding.code,
                f"{code_names[coding.code]}: {turn.speaker}, “{quote(turn.text, 120)}”",
            )
        )
    missed = [
        (
            where[index][0] if timed else sum(where[index]) / 2,
            f"Missed moment: {turn_by_index[index].speaker}, "
            f"“{quote(turn_by_index[index].text, 120)}”",
        )
        for index in sorted(missed_turns)
    ]
    length = (encounter.duration_seconds or 0.0) if timed else float(len(encounter.turns))
    return encounter_timeline(
        corpus.codebook,
        length=max(length, 1.0),
        unit="seconds" if timed else "turns",
        talk=talk,
        events=events,
        missed=missed,
        axis_label=None if timed else "turn order (this transcript has no timestamps)",
        title=f"Timeline of {encounter.id}",
        id_prefix=id_prefix,
    )


def encounter_page_context(
    corpus: Corpus, encounter_id: str, *, highlights: Highlights | None = None
) -> dict[str, Any]:
    """What a page about one encounter of ``corpus`` shows (the transcript with highlights,
    codes, moments, wheel and timeline), computed in plain Python: no DataFrames, so that the
    web app's encounter page stays fast for long transcripts. ``encounter_context`` adds the
    report's tables."""
    encounter = next(e for e in corpus.encounters if e.id == encounter_id)
    single = Corpus(
        [encounter],
        [c for c in corpus.codings if c.encounter_id == encounter_id],
        corpus.codebook,
        basis=corpus.basis,
    )
    records = opportunity_records(single)
    missed_turns = {row["turn"] for row in records if not row["responded"]}
    opportunity_turns = {row["turn"] for row in records}
    moments = moments_in_context(single, records)
    marked = highlights if highlights is not None else cue_highlights(encounter, single.codings)
    by_turn: dict[int, list[Any]] = defaultdict(list)
    for coding in sorted(single.codings, key=lambda c: -(c.score or 0.0)):
        by_turn[coding.turn_index].append(coding)
    rows = []
    for turn in encounter.turns:
        turn_codings = by_turn.get(turn.index, [])
        silence = next((c for c in turn_codings if c.code == "silence" and c.time_span), None)
        spans = list(marked.get((encounter.id, turn.index), []))
        spans += [(c.char_span[0], c.char_span[1], c.code) for c in turn_codings if c.char_span]
        rows.append(
            TranscriptRow(
                turn=turn,
                codings=turn_codings,
                segments=segments(turn.text, spans),
                pause=(silence.time_span[1] - silence.time_span[0])
                if silence and silence.time_span
                else None,
                missed=turn.index in missed_turns,
                opportunity=turn.index in opportunity_turns,
            )
        )
    seconds, estimated = encounter_talk(encounter)
    used = Counter(coding.code for coding in single.codings)
    return {
        "kind": "encounter",
        "codebook": corpus.codebook,
        "title": f"Encounter {encounter.id}",
        "encounter": encounter,
        "basis": data_basis(single),
        "wheel": alliance_wheel(
            corpus.codebook,
            {code.id: float(used[code.id]) for code in corpus.codebook.codes},
            title=f"Alliance wheel of {encounter.id}",
            id_prefix="wheel-enc",
        ),
        "timeline": timeline_svg(single, encounter, missed_turns, "timeline-enc"),
        "moments": moments,
        "missed": [m for m in moments if not m.responded],
        "responded": [m for m in moments if m.responded],
        "transcript": rows,
        "n_codings": len(single.codings),
        "coded_turns": len({c.turn_index for c in single.codings}),
        "clinician_turns": sum(1 for t in encounter.turns if t.role == Role.CLINICIAN),
        "estimated": estimated,
        "seconds": seconds,
    }


def encounter_context(
    corpus: Corpus, encounter_id: str, *, highlights: Highlights | None = None
) -> dict[str, Any]:
    """Everything the encounter report shows, for one encounter of ``corpus``: the page's
    context (``encounter_page_context``) and the table of codes."""
    context = encounter_page_context(corpus, encounter_id, highlights=highlights)
    encounter = context["encounter"]
    single = Corpus(
        [encounter],
        [c for c in corpus.codings if c.encounter_id == encounter_id],
        corpus.codebook,
        basis=corpus.basis,
    )
    code_names = names(corpus.codebook)
    counts = frequency(single)
    seconds = duration(single)
    table = counts.merge(
        seconds[["code", "seconds", "share", "estimated"]], on="code", suffixes=("", "_time")
    )
    table = table[table["count"] > 0].sort_values(["count", "seconds"], ascending=False)
    estimated = context["estimated"]
    codes_table = ReportTable(
        id="codes",
        title=f"Codes in {encounter.id}",
        frame=table[["theme", "code", "count", "seconds", "share"]].reset_index(drop=True),
        columns=columns(
            ("code", "Code", labelled(code_names)),
            ("theme", "Theme", labelled(code_names)),
            numeric("count", "Codings", integer),
            numeric("seconds", "Seconds" + (" (est.)" if estimated else "")),
            numeric("share", "Share of clinician talk", percent),
        ),
        note="Seconds estimated from word counts." if estimated else "",
    )
    balance = talk_balance(single).iloc[0]
    return {
        **context,
        "tables": [codes_table],
        "codes_table": codes_table,
        "clinician_share": balance["clinician_share"],
    }
