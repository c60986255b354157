"""Empathic opportunities: moments when a patient or family member shows emotion, and
whether a clinician responds with empathy or presence.

An opportunity is a patient, parent or family turn that shows fear, sadness, anger, worry
or overwhelm, found by the same detector the coder uses (``rapport.coding.emotion``) so
that both agree on what an emotional moment is. It is *responded to* when an empathy or
presence code (silence included) is on one of the next two clinician turns, and *missed*
otherwise, including when no clinician speaks again.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from rapport.analysis.corpus import Corpus
from rapport.coding.emotion import emotion_cues, shows_emotion
from rapport.model import FAMILY_ROLES, Role

RESPONDING_THEMES = ("empathy", "presence")
WINDOW = 2

_COLUMNS = [
    "encounter",
    "turn",
    "speaker",
    "role",
    "emotions",
    "cue",
    "text",
    "start",
    "responded",
    "response_turn",
    "response_codes",
    "clinician",
    "patient",
    "date",
    "setting",
    "subtype",
]


def empathic_opportunities(
    corpus: Corpus,
    *,
    window: int = WINDOW,
    themes: Sequence[str] = RESPONDING_THEMES,
) -> pd.DataFrame:
    """One row per empathic opportunity, in transcript order (computed once per corpus).

    Columns: encounter, turn, speaker, role, emotions (the kinds shown, comma-separated),
    cue (the first emotion phrase), text, start (seconds, when timed), responded,
    response_turn and response_codes (the first clinician turn within ``window`` that
    carries a code of ``themes``, and those codes), clinician (who spoke the first
    clinician turn after the moment: the one who responded or missed it; empty if no
    clinician spoke again), and the encounter's patient, date, setting and subtype.
    """
    key = ("empathic_opportunities", window, tuple(themes))
    if key in corpus.results:
        return corpus.results[key].copy()
    frame = pd.DataFrame(
        opportunity_records(corpus, window=window, themes=themes), columns=_COLUMNS
    )
    frame["responded"] = frame["responded"].astype(bool)
    frame["response_turn"] = frame["response_turn"].astype("Int64")
    corpus.results[key] = frame
    return frame.copy()


def opportunity_records(
    corpus: Corpus,
    *,
    window: int = WINDOW,
    themes: Sequence[str] = RESPONDING_THEMES,
) -> list[dict[str, Any]]:
    """The rows of ``empathic_opportunities`` as plain dicts, without building a DataFrame
    (cheaper for one encounter's page)."""
    responding = {code.id for code in corpus.codebook.codes if code.theme in set(themes)}
    codes_on: dict[tuple[str, int], list[str]] = {}
    for coding in corpus.codings:
        if coding.code in responding:
            codes_on.setdefault((coding.encounter_id, coding.turn_index), []).append(coding.code)
    rows: list[dict[str, Any]] = []
    for encounter in corpus.encounters:
        turns = encounter.turns
        for position, turn in enumerate(turns):
            if turn.role not in FAMILY_ROLES or not shows_emotion(turn.text):
                continue
            cues = emotion_cues(turn.text)
            following = []
            for later in turns[position + 1 :]:
                if later.role == Role.CLINICIAN:
                    following.append(later)
                    if len(following) == window:
                        break
            response = next((t for t in following if (encounter.id, t.index) in codes_on), None)
            rows.append(
                {
                    "encounter": encounter.id,
                    "turn": turn.index,
                    "speaker": turn.speaker,
                    "role": str(turn.role),
                    "emotions": ", ".join(dict.fromkeys(cue.kind for cue in cues)),
                    "cue": cues[0].phrase if cues else "",
                    "text": turn.text,
                    "start": turn.start,
                    "responded": response is not None,
                    "response_turn": response.index if response else None,
                    "response_codes": ", ".join(sorted(codes_on[(encounter.id, response.index)]))
                    if response
                    else "",
                    "clinician": following[0].speaker if following else None,
                    "patient": encounter.patient,
                    "date": encounter.date,
                    "setting": str(encounter.setting),
                    "subtype": encounter.subtype,
                }
            )
    return rows


def opportunity_summary(opportunities: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Opportunities, responded, missed and response_rate (responded / opportunities),
    overall or per ``by`` (clinician, encounter, patient, setting, subtype or emotions).
    Grouped by clinician, a moment belongs to the clinician who spoke next."""
    if by is not None and by not in opportunities.columns:
        raise ValueError(f"cannot summarise opportunities by {by!r}")
    if by is None:
        grouped = opportunities.assign(_all="all").groupby("_all")
    else:
        grouped = opportunities.assign(**{by: opportunities[by].fillna("unspecified")}).groupby(by)
    frame = grouped.agg(
        opportunities=("turn", "size"), responded=("responded", "sum")
    ).reset_index()
    if by is None:
        frame = frame.drop(columns="_all")
        if frame.empty:
            frame = pd.DataFrame({"opportunities": [0], "responded": [0]})
    frame["responded"] = frame["responded"].astype("int64")
    frame["missed"] = frame["opportunities"] - frame["responded"]
    frame["response_rate"] = frame["responded"] / frame["opportunities"].where(
        frame["opportunities"] > 0
    )
    return frame
