"""What every report shares: its data basis, quotes, moments in context and the transcript."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from rapport import __version__
from rapport.analysis import Corpus
from rapport.model import FAMILY_ROLES, Codebook, Coding, Encounter, Role, Turn

QUOTE_LIMIT = 280


@dataclass(slots=True)
class DataBasis:
    """What a report stands on, stated on every report."""

    encounters: int
    minutes: float
    estimated: bool
    model_versions: list[str]
    auto_only: int
    human_reviewed: int
    uncoded: int
    codebook: str
    first_date: dt.date | None
    last_date: dt.date | None
    generated: str
    version: str = __version__

    @property
    def reviewed_share(self) -> float:
        coded = self.auto_only + self.human_reviewed
        return self.human_reviewed / coded if coded else 0.0

    def sentence(self) -> str:
        """The basis in one sentence, for the top of a report."""
        estimate = " (estimated from word counts)" if self.estimated else ""
        minutes = f"{self.minutes:,.0f} minutes{estimate}"
        period = ""
        if self.first_date and self.last_date:
            period = (
                f", {self.first_date:%d %b %Y}"
                if self.first_date == self.last_date
                else f", {self.first_date:%d %b %Y} to {self.last_date:%d %b %Y}"
            )
        coders = (
            f"coded automatically by model {', '.join(self.model_versions)}"
            if self.model_versions
            else "no automatic codings"
        )
        plural = "" if self.encounters == 1 else "s"
        return (
            f"{self.encounters} encounter{plural}{period}, {minutes} of talk; {coders}; "
            f"{self.human_reviewed} of {self.auto_only + self.human_reviewed} coded encounters "
            f"reviewed by human coders ({100 * self.reviewed_share:.0f}%)."
        )


def data_basis(corpus: Corpus) -> DataBasis:
    basis = corpus.basis_summary()
    seconds, estimated = corpus.talk_totals()
    dates = [e.date for e in corpus.encounters if e.date is not None and not pd.isna(e.date)]
    return DataBasis(
        encounters=len(corpus.encounters),
        minutes=seconds / 60.0,
        estimated=estimated,
        model_versions=corpus.model_versions(),
        auto_only=basis["auto_only"],
        human_reviewed=basis["human_reviewed"],
        uncoded=basis["uncoded"],
        codebook=f"{corpus.codebook.name} (version {corpus.codebook.version})",
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )


def quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The turn's words, cut at a word boundary with an ellipsis when long."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + " …"


@dataclass(slots=True)
class QuotedTurn:
    speaker: str
    role: str
    text: str
    start: float | None
    index: int
    focus: bool = False
    codes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Moment:
    """An empathic opportunity quoted with the turns around it."""

    encounter: str
    date: dt.date | None
    emotions: str
    responded: bool
    response_codes: str
    clinician: str | None
    turns: list[QuotedTurn]


def _codes_by_turn(codings: Sequence[Coding]) -> dict[tuple[str, int], list[str]]:
    found: dict[tuple[str, int], list[str]] = defaultdict(list)
    for coding in codings:
        found[(coding.encounter_id, coding.turn_index)].append(coding.code)
    return found


def moments_in_context(
    corpus: Corpus,
    opportunities: pd.DataFrame | Sequence[Mapping[str, Any]],
    *,
    before: int = 1,
    after: int = 2,
) -> list[Moment]:
    """Each opportunity (rows of ``empathic_opportunities``, as a DataFrame or as
    ``opportunity_records``) with ``before`` turns ahead of it and ``after`` turns behind."""
    encounters = {encounter.id: encounter for encounter in corpus.encounters}
    positions: dict[str, dict[int, int]] = {}  # encounter -> turn index -> position
    codes = _codes_by_turn(corpus.codings)
    rows = (
        opportunities.to_dict("records")
        if isinstance(opportunities, pd.DataFrame)
        else opportunities
    )
    moments = []
    for row in rows:
        encounter = encounters[row["encounter"]]
        focus = row["turn"]
        if encounter.id not in positions:
            positions[encounter.id] = {
                turn.index: i for i, turn in reversed(list(enumerate(encounter.turns)))
            }
        position = positions[encounter.id][focus]
        window = encounter.turns[max(0, position - before) : position + after + 1]
        moments.append(
            Moment(
                encounter=row["encounter"],
                date=encounter.date,
                emotions=row["emotions"],
                responded=bool(row["responded"]),
                response_codes=row["response_codes"],
                clinician=row["clinician"],
                turns=[
                    QuotedTurn(
                        turn.speaker,
                        str(turn.role),
                        quote(turn.text),
                        turn.start,
                        turn.index,
                        focus=turn.index == focus,
                        codes=sorted(codes.get((encounter.id, turn.index), [])),
                    )
                    for turn in window
                ],
            )
        )
    return moments


@dataclass(slots=True)
class Example:
    """A quote from a clinician's own talk that carries a code."""

    code: str
    text: str
    encounter: str
    date: dt.date | None
    score: float | None


def code_examples(
    corpus: Corpus, code: str, *, speaker: str | None = None, limit: int = 2
) -> list[Example]:
    """The clearest examples of ``code``: human codings first, then the highest scores,
    at most one per encounter, so examples show range rather than one conversation."""
    encounters = {encounter.id: encounter for encounter in corpus.encounters}
    candidates = []
    for coding in corpus.codings:
        if coding.code != code:
            continue
        encounter = encounters[coding.encounter_id]
        turn = _turn(encounter, coding.turn_index)
        if turn is None or not turn.text.strip() or (speaker and turn.speaker != speaker):
            continue
        human = coding.origin != "auto"
        candidates.append((not human, -(coding.score or 0.0), coding, encounter, turn))
    candidates.sort(key=lambda item: (item[0], item[1], item[2].encounter_id, item[2].turn_index))
    examples: list[Example] = []
    seen: set[str] = set()
    for _, _, coding, encounter, turn in candidates:
        if encounter.id in seen:
            continue
        seen.add(encounter.id)
        examples.append(Example(code, quote(turn.text), encounter.id, encounter.date, coding.score))
        if len(examples) == limit:
            break
    return examples


def _turn(encounter: Encounter, index: int) -> Turn | None:
    if 0 <= index < len(encounter.turns) and encounter.turns[index].index == index:
        return encounter.turns[index]
    return next((turn for turn in encounter.turns if turn.index == index), None)


def code_counts(frame: pd.DataFrame) -> dict[str, float]:
    """A frequency table's counts as {code: count} for the wheel."""
    return {
        str(code): float(count) for code, count in zip(frame["code"], frame["count"], strict=True)
    }


def is_family(role: str | Role) -> bool:
    return Role(role) in FAMILY_ROLES


def names(codebook: Codebook) -> dict[str, str]:
    """Human names of every code and theme, by id."""
    found = {code.id: code.name for code in codebook.codes}
    found.update({theme.id: theme.name for theme in codebook.themes})
    return found


def theme_colours(codebook: Codebook) -> Mapping[str, str]:
    colours = {theme.id: theme.colour for theme in codebook.themes}
    colours.update({code.id: colours[code.theme] for code in codebook.codes})
    return colours


def cue_highlights(
    encounter: Encounter, codings: Sequence[Coding]
) -> dict[tuple[str, int], list[tuple[int, int, str]]]:
    """Where each coded turn's cue phrases (``coding/cues.yaml``) occur, to highlight.

    Stored codings keep no explanation, so a report made later shows the transparent cue
    phrases for the codes the turn carries; ``rapport analyze`` passes the coder's own
    evidence instead.
    """
    from rapport.coding.cues import load_cues

    _, cues = load_cues()
    by_code: dict[str, list[Any]] = defaultdict(list)
    for cue in cues:
        by_code[cue.code].append(cue)
    turns = {turn.index: turn for turn in encounter.turns}
    found: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)
    for coding in codings:
        turn = turns.get(coding.turn_index)
        if coding.encounter_id != encounter.id or turn is None:
            continue
        for cue in by_code.get(coding.code, []):
            match = cue.match(turn.text)
            if match is not None and match.end() > match.start():
                found[(encounter.id, turn.index)].append((match.start(), match.end(), coding.code))
                break
    return found


@dataclass(slots=True)
class Segment:
    text: str
    code: str | None = None


def clock(seconds: float | None) -> str:
    """Seconds as m:ss or h:mm:ss; empty when unknown."""
    if seconds is None:
        return ""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def segments(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Segment]:
    """Split ``text`` into plain and highlighted pieces; overlapping spans keep the first."""
    pieces: list[Segment] = []
    cursor = 0
    for start, end, code in sorted(spans):
        if start < cursor or start >= end or end > len(text):
            continue
        if start > cursor:
            pieces.append(Segment(text[cursor:start]))
        pieces.append(Segment(text[start:end], code))
        cursor = end
    if cursor < len(text):
        pieces.append(Segment(text[cursor:]))
    return pieces
