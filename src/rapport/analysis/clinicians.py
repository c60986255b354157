"""Per clinician: the profile across themes and codes, and who does the talking."""

from __future__ import annotations

from typing import Literal

import pandas as pd

from rapport.analysis.corpus import Corpus
from rapport.analysis.frequency import Level, frequency
from rapport.model import Role


def clinician_profile(corpus: Corpus, level: Level = "code") -> pd.DataFrame:
    """Each clinician's use of every code (or theme), from codings on their own turns.

    The columns of ``frequency(corpus, by="clinician")``, plus share: of the clinician's
    codings, the fraction that are this code (or theme); NaN for a clinician with none.
    """
    frame = frequency(corpus, by="clinician", level=level)
    totals = frame.groupby("clinician")["count"].transform("sum")
    frame["share"] = frame["count"] / totals.where(totals > 0)
    return frame


def talk_balance(
    corpus: Corpus, by: Literal["encounter", "clinician"] = "encounter"
) -> pd.DataFrame:
    """Talk time of clinicians and of the patient and family.

    By ``encounter``: encounter, clinician (the lead), clinician_seconds, family_seconds,
    other_seconds, clinician_share (clinician / (clinician + family)) and estimated.
    By ``clinician``: clinician, encounters, clinician_seconds (their own talk),
    family_seconds (in the encounters they spoke in), clinician_share and estimated.
    """
    turns = corpus.turns
    if by == "encounter":
        table = corpus.encounter_table
        other = (
            turns[~turns["family"] & (turns["role"] != str(Role.CLINICIAN))]
            .astype({"encounter": str})
            .groupby("encounter")["seconds"]
            .sum()
        )
        frame = table[
            ["encounter", "clinician", "clinician_seconds", "family_seconds", "estimated"]
        ].copy()
        frame["other_seconds"] = frame["encounter"].map(other).fillna(0.0)
    elif by == "clinician":
        own = (
            turns[turns["role"] == str(Role.CLINICIAN)]
            .astype({"speaker": str, "encounter": str})
            .groupby("speaker")
            .agg(clinician_seconds=("seconds", "sum"), estimated=("estimated", "any"))
        )
        spoke = corpus.encounter_table[["encounter", "clinicians", "family_seconds"]]
        spoke = spoke.explode("clinicians").dropna(subset=["clinicians"])
        family = spoke.groupby("clinicians").agg(
            encounters=("encounter", "nunique"), family_seconds=("family_seconds", "sum")
        )
        frame = (
            family.join(own, how="left")
            .rename_axis("clinician")
            .reset_index()
            .fillna({"clinician_seconds": 0.0, "estimated": False})
        )
        frame = frame[
            ["clinician", "encounters", "clinician_seconds", "family_seconds", "estimated"]
        ]
    else:
        raise ValueError(f"talk balance is by 'encounter' or 'clinician', not {by!r}")
    spoken = frame["clinician_seconds"] + frame["family_seconds"]
    frame["clinician_share"] = frame["clinician_seconds"] / spoken.where(spoken > 0)
    frame["estimated"] = frame["estimated"].astype(bool)
    return frame.reset_index(drop=True)
