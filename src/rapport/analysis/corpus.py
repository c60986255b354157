"""The tables every analysis starts from: encounters, turns and codings as DataFrames.

A ``Corpus`` holds encounters, the codings chosen for analysis and the codebook, and
builds three tidy tables once, column by column (a million turns take a few seconds):

- ``encounters``: one row per encounter, with its lead clinician, talk time and hours;
- ``turns``: one row per turn, with its speaker, role, words and seconds;
- ``codings``: one row per coding, joined with its turn and encounter.

Talk time comes from timestamps where a turn has them. Where it has none, it is estimated
from the words spoken at ``WORDS_PER_SECOND``, and every table carries an ``estimated``
column so that reports can say so wherever the number is shown.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import cached_property
from typing import Literal

import pandas as pd

from rapport.model import FAMILY_ROLES, Codebook, Coding, Encounter, Origin, Role

#: Speaking rate used to estimate talk time when a transcript has no timestamps.
#: Measured on the 57 timed PriMock57 consultations in ``shared/datasets``: 85,918 words in
#: 30,279 seconds of timed turns, 2.84 words a second (170 a minute), rounded down to 2.8.
WORDS_PER_SECOND = 2.8

Basis = Literal["best", "auto", "human", "consensus"]
BASES: tuple[str, ...] = ("best", "auto", "human", "consensus")

_ORIGIN_PREFERENCE = {Origin.CONSENSUS: 0, Origin.HUMAN: 1, Origin.AUTO: 2}


def choose_codings(codings: Iterable[Coding], basis: Basis = "best") -> list[Coding]:
    """The codings an analysis should count, one per (encounter, turn, code).

    ``best`` takes, for each encounter, its consensus codings if it has any, otherwise its
    human codings (all human coders together), otherwise the auto codings of the newest
    model version that coded it. Retraining adds new auto codings beside the old ones, so
    counting every stored coding would count an encounter once per model; likewise each
    adjudication round writes an encounter's whole consensus anew, and only the newest
    round counts. ``auto``, ``human`` and ``consensus`` take only that origin.
    """
    if basis not in BASES:
        raise ValueError(f"basis must be one of {', '.join(BASES)}, not {basis!r}")
    codings = list(codings)
    newest_model: dict[str, tuple[dt.datetime, str]] = {}
    newest_round: dict[str, dt.datetime] = {}
    origins: dict[str, set[Origin]] = {}
    for coding in codings:
        origins.setdefault(coding.encounter_id, set()).add(coding.origin)
        if coding.origin == Origin.AUTO:
            seen = newest_model.get(coding.encounter_id)
            if seen is None or coding.created_at > seen[0]:
                newest_model[coding.encounter_id] = (coding.created_at, coding.model_version or "")
        elif coding.origin == Origin.CONSENSUS:
            round_at = newest_round.get(coding.encounter_id)
            if round_at is None or coding.created_at > round_at:
                newest_round[coding.encounter_id] = coding.created_at

    def wanted_origin(encounter_id: str) -> Origin:
        if basis != "best":
            return Origin(basis)
        return min(origins[encounter_id], key=_ORIGIN_PREFERENCE.__getitem__)

    chosen: dict[tuple[str, int, str], Coding] = {}
    for coding in codings:
        origin = wanted_origin(coding.encounter_id)
        if coding.origin != origin:
            continue
        if (
            origin == Origin.AUTO
            and (coding.model_version or "") != newest_model[coding.encounter_id][1]
        ):
            continue
        if origin == Origin.CONSENSUS and coding.created_at != newest_round[coding.encounter_id]:
            continue
        chosen.setdefault((coding.encounter_id, coding.turn_index, coding.code), coding)
    return list(chosen.values())


def lead_clinician(encounter: Encounter) -> str | None:
    """The clinician who spoke the most words in the encounter (None if no clinician spoke)."""
    words: Counter[str] = Counter()
    for turn in encounter.turns:
        if turn.role == Role.CLINICIAN:
            words[turn.speaker] += turn.word_count
    return words.most_common(1)[0][0] if words else None


def _turn_seconds(start: float | None, end: float | None, words: int) -> tuple[float, bool]:
    if start is not None and end is not None and end > start:
        return end - start, False
    return words / WORDS_PER_SECOND, True


def encounter_talk(encounter: Encounter) -> tuple[float, bool]:
    """One encounter's talk time in seconds and whether any of it is estimated, by the rule
    of ``Corpus.encounter_table`` (the recording's span when every turn is timed, otherwise
    the sum of turn times), in plain Python: cheaper than the tables for one encounter."""
    talk = 0.0
    estimated = False
    for turn in encounter.turns:
        seconds, guessed = _turn_seconds(turn.start, turn.end, turn.word_count)
        talk += seconds
        estimated = estimated or guessed
    span = encounter.duration_seconds
    return (float(span) if span is not None else talk), estimated


class Corpus:
    """Encounters, the codings to count and the codebook, with tidy tables built on demand."""

    def __init__(
        self,
        encounters: Sequence[Encounter],
        codings: Iterable[Coding],
        codebook: Codebook,
        *,
        basis: Basis = "best",
    ) -> None:
        self.encounters = list(encounters)
        self.codebook = codebook
        self.basis = basis
        known = {encounter.id for encounter in self.encounters}
        valid = set(codebook.code_ids)
        self.codings = [
            coding
            for coding in choose_codings(codings, basis)
            if coding.encounter_id in known and coding.code in valid
        ]
        #: Results of costly analyses, kept so that a report asking twice computes once.
        self.results: dict[tuple[object, ...], pd.DataFrame] = {}

    @cached_property
    def theme_of(self) -> dict[str, str]:
        return {code.id: code.theme for code in self.codebook.codes}

    @cached_property
    def turns(self) -> pd.DataFrame:
        """One row per turn: encounter, turn, speaker, role, words, start, end, seconds,
        estimated (seconds from the word count), family (spoken by patient, parent or
        family)."""
        columns: dict[str, list[object]] = {
            name: []
            for name in (
                "encounter",
                "turn",
                "speaker",
                "role",
                "words",
                "start",
                "end",
                "seconds",
                "estimated",
            )
        }
        for encounter in self.encounters:
            for turn in encounter.turns:
                words = turn.word_count
                seconds, estimated = _turn_seconds(turn.start, turn.end, words)
                columns["encounter"].append(encounter.id)
                columns["turn"].append(turn.index)
                columns["speaker"].append(turn.speaker)
                columns["role"].append(str(turn.role))
                columns["words"].append(words)
                columns["start"].append(turn.start)
                columns["end"].append(turn.end)
                columns["seconds"].append(seconds)
                columns["estimated"].append(estimated)
        frame = pd.DataFrame(columns)
        frame["turn"] = frame["turn"].astype("int64")
        frame["words"] = frame["words"].astype("int64")
        frame["seconds"] = frame["seconds"].astype("float64")
        frame["estimated"] = frame["estimated"].astype(bool)
        frame["start"] = pd.to_numeric(frame["start"])
        frame["end"] = pd.to_numeric(frame["end"])
        frame["family"] = frame["role"].isin([str(role) for role in FAMILY_ROLES])
        for name in ("encounter", "speaker", "role"):
            frame[name] = frame[name].astype("category")
        return frame

    @cached_property
    def encounter_table(self) -> pd.DataFrame:
        """One row per encounter: patient, date, setting, subtype, clinician (the lead),
        clinicians (everyone in the clinician role), turns, words, seconds (the recording's
        span when every turn is timed, otherwise the sum of turn times), hours, estimated,
        clinician_seconds and family_seconds (talk time by role)."""
        turns = self.turns
        by_role = (
            turns.assign(
                clinician_seconds=turns["seconds"].where(turns["role"] == str(Role.CLINICIAN), 0.0),
                family_seconds=turns["seconds"].where(turns["family"], 0.0),
            )
            .groupby("encounter", observed=True)
            .agg(
                turns=("turn", "size"),
                words=("words", "sum"),
                talk_seconds=("seconds", "sum"),
                estimated=("estimated", "any"),
                clinician_seconds=("clinician_seconds", "sum"),
                family_seconds=("family_seconds", "sum"),
            )
        )
        rows = []
        for encounter in self.encounters:
            clinicians = sorted(
                {t.speaker for t in encounter.turns if t.role == Role.CLINICIAN}
                | {p.name for p in encounter.participants if p.role == Role.CLINICIAN}
            )
            rows.append(
                {
                    "encounter": encounter.id,
                    "patient": encounter.patient,
                    "date": encounter.date,
                    "setting": str(encounter.setting),
                    "subtype": encounter.subtype,
                    "clinician": lead_clinician(encounter),
                    "clinicians": clinicians,
                    "span_seconds": encounter.duration_seconds,
                }
            )
        frame = pd.DataFrame(
            rows,
            columns=[
                "encounter",
                "patient",
                "date",
                "setting",
                "subtype",
                "clinician",
                "clinicians",
                "span_seconds",
            ],
        )
        frame = frame.join(by_role, on="encounter")
        for name in ("turns", "words"):
            frame[name] = frame[name].fillna(0).astype("int64")
        for name in ("talk_seconds", "clinician_seconds", "family_seconds"):
            frame[name] = frame[name].fillna(0.0).astype("float64")
        frame["estimated"] = frame["estimated"].fillna(False).astype(bool)
        frame["seconds"] = frame["span_seconds"].astype("float64").fillna(frame["talk_seconds"])
        frame["hours"] = frame["seconds"] / 3600.0
        return frame.drop(columns=["span_seconds"])

    @cached_property
    def coded(self) -> pd.DataFrame:
        """One row per coding: encounter, turn, code, theme, origin, coder, model_version,
        speaker, role, seconds (the turn's talk time, or the pause itself for a coding with
        a time span such as silence), estimated, and the encounter's patient, date, setting,
        subtype and lead clinician."""
        columns: dict[str, list[object]] = {
            name: []
            for name in (
                "encounter",
                "turn",
                "code",
                "origin",
                "coder",
                "model_version",
                "span_seconds",
            )
        }
        for coding in self.codings:
            columns["encounter"].append(coding.encounter_id)
            columns["turn"].append(coding.turn_index)
            columns["code"].append(coding.code)
            columns["origin"].append(str(coding.origin))
            columns["coder"].append(coding.coder)
            columns["model_version"].append(coding.model_version)
            span = coding.time_span
            columns["span_seconds"].append(span[1] - span[0] if span else None)
        frame = pd.DataFrame(columns)
        frame["turn"] = frame["turn"].astype("int64")
        frame["encounter"] = frame["encounter"].astype(str)
        frame["theme"] = frame["code"].map(self.theme_of)
        turns = self.turns[["encounter", "turn", "speaker", "role", "seconds", "estimated"]]
        turns = turns.astype({"encounter": str, "speaker": str, "role": str})
        frame = frame.merge(turns, on=["encounter", "turn"], how="left")
        has_span = frame["span_seconds"].notna()
        frame.loc[has_span, "seconds"] = frame.loc[has_span, "span_seconds"].astype(float)
        frame.loc[has_span, "estimated"] = False
        frame["estimated"] = frame["estimated"].fillna(False).astype(bool)
        encounters = self.encounter_table[
            ["encounter", "patient", "date", "setting", "subtype", "clinician"]
        ]
        frame = frame.merge(encounters, on="encounter", how="left")
        return frame.drop(columns=["span_seconds"])

    def talk_totals(self) -> tuple[float, bool]:
        """Seconds of talk over every encounter and whether any of it is estimated: from the
        encounter table once it is built (or for a large corpus, whose reports build it
        anyway), else encounter by encounter, so that a page about one encounter needs no
        tables."""
        if "encounter_table" in self.__dict__ or len(self.encounters) > 50:
            table = self.encounter_table
            estimated = bool(table["estimated"].any()) if len(table) else False
            return float(table["seconds"].sum()), estimated
        totals = [encounter_talk(encounter) for encounter in self.encounters]
        return sum(seconds for seconds, _ in totals), any(guessed for _, guessed in totals)

    @property
    def estimated(self) -> bool:
        """True when any talk time in the corpus comes from the word-count estimate."""
        return bool(self.turns["estimated"].any()) if len(self.turns) else False

    def basis_summary(self) -> dict[str, int]:
        """How many encounters are counted from auto codings only, and how many from human
        or consensus codings (human-reviewed)."""
        reviewed = {c.encounter_id for c in self.codings if c.origin != Origin.AUTO}
        coded = {c.encounter_id for c in self.codings}
        return {
            "encounters": len(self.encounters),
            "auto_only": len(coded - reviewed),
            "human_reviewed": len(reviewed),
            "uncoded": len(self.encounters) - len(coded),
        }

    def model_versions(self) -> list[str]:
        """The model versions behind the auto codings counted here."""
        return sorted(
            {c.model_version for c in self.codings if c.origin == Origin.AUTO and c.model_version}
        )
