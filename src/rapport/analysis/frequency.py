"""How often each code was used, and for how long: the first two of Kaye 2021's descriptive
statistics ("code frequency, temporal duration, and distribution across discussion
subtype").

Both functions return one row per code (or theme) and group, zeros included, so that a
table of 28 codes always has 28 rows and groups compare side by side.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from rapport.analysis.corpus import Corpus
from rapport.model import Role

Grouping = Literal["encounter", "clinician", "setting", "subtype", "patient"]
GROUPINGS: tuple[str, ...] = ("encounter", "clinician", "setting", "subtype", "patient")
Level = Literal["code", "theme"]

#: The label of a group whose value is unknown (an encounter without a subtype, say).
UNSPECIFIED = "unspecified"


def check_grouping(by: str | None) -> None:
    if by is not None and by not in GROUPINGS:
        raise ValueError(f"cannot group by {by!r}; choose one of {', '.join(GROUPINGS)}")


def exposure(corpus: Corpus, by: str | None = None) -> pd.DataFrame:
    """Per group: encounters, hours of recording, clinician_seconds (clinician talk time)
    and estimated (whether any of those times comes from word counts).

    For ``clinician`` a clinician's group is every encounter they spoke in, and their
    clinician_seconds is their own talk time, not their colleagues'.
    """
    check_grouping(by)
    table = corpus.encounter_table
    if by is None:
        return pd.DataFrame(
            {
                "encounters": [len(table)],
                "hours": [float(table["hours"].sum())],
                "clinician_seconds": [float(table["clinician_seconds"].sum())],
                "estimated": [bool(table["estimated"].any())],
            }
        )
    if by == "clinician":
        turns = corpus.turns
        own = (
            turns[turns["role"] == str(Role.CLINICIAN)]
            .astype({"speaker": str, "encounter": str})
            .groupby("speaker")["seconds"]
            .sum()
        )
        spoke = table[["encounter", "clinicians", "hours", "estimated"]].explode("clinicians")
        spoke = spoke.dropna(subset=["clinicians"]).rename(columns={"clinicians": "clinician"})
        frame = spoke.groupby("clinician").agg(
            encounters=("encounter", "nunique"),
            hours=("hours", "sum"),
            estimated=("estimated", "any"),
        )
        frame["clinician_seconds"] = own.reindex(frame.index).fillna(0.0)
        return frame.reset_index()[
            ["clinician", "encounters", "hours", "clinician_seconds", "estimated"]
        ]
    keyed = table.assign(**{by: group_labels(table[by])})
    return (
        keyed.groupby(by)
        .agg(
            encounters=("encounter", "size"),
            hours=("hours", "sum"),
            clinician_seconds=("clinician_seconds", "sum"),
            estimated=("estimated", "any"),
        )
        .reset_index()
    )


def group_labels(values: pd.Series) -> pd.Series:
    """Group values as text, with unknown ones labelled ``unspecified``."""
    return values.map(lambda value: UNSPECIFIED if value is None or pd.isna(value) else str(value))


def grouped_codings(corpus: Corpus, by: str | None) -> pd.DataFrame:
    """The codings table with a group column named ``by``.

    Grouped by clinician, only codings on clinicians' own turns count, each for the
    clinician who spoke the turn (affection expressed by a parent is not the clinician's).
    """
    coded = corpus.coded
    if by is None:
        return coded
    if by == "clinician":
        own = coded[coded["role"] == str(Role.CLINICIAN)]
        return own.assign(clinician=own["speaker"].astype(str))
    return coded.assign(**{by: group_labels(coded[by])})


def _skeleton(corpus: Corpus, level: str, groups: pd.DataFrame, by: str | None) -> pd.DataFrame:
    """Every (group, code) or (group, theme) pair, in codebook order."""
    if level == "code":
        items = pd.DataFrame(
            {
                "theme": [code.theme for code in corpus.codebook.codes],
                "code": [code.id for code in corpus.codebook.codes],
            }
        )
    else:
        items = pd.DataFrame({"theme": [theme.id for theme in corpus.codebook.themes]})
    if by is None:
        return items.merge(groups, how="cross")
    return groups.merge(items, how="cross")


def check_level(level: str) -> None:
    if level not in ("code", "theme"):
        raise ValueError(f"level must be 'code' or 'theme', not {level!r}")


def frequency(corpus: Corpus, by: Grouping | None = None, level: Level = "code") -> pd.DataFrame:
    """How many times each code (or theme) was applied, per group.

    Columns: ``by`` (when grouping), theme, code (level ``code``), count (codings; for a
    theme, codings of any of its codes), encounters_with (encounters with at least one),
    encounters (in the group), hours (of recording in the group), per_hour (count / hours;
    NaN when hours is 0) and estimated (True when hours come partly from word counts).
    """
    check_grouping(by)
    check_level(level)
    groups = exposure(corpus, by)
    coded = grouped_codings(corpus, by)
    keys = ([by] if by else []) + (["theme", "code"] if level == "code" else ["theme"])
    counted = (
        coded.groupby(keys)
        .agg(count=("encounter", "size"), encounters_with=("encounter", "nunique"))
        .reset_index()
        if len(coded)
        else pd.DataFrame(columns=[*keys, "count", "encounters_with"])
    )
    frame = _skeleton(corpus, level, groups, by).merge(counted, on=keys, how="left")
    frame["count"] = frame["count"].fillna(0).astype("int64")
    frame["encounters_with"] = frame["encounters_with"].fillna(0).astype("int64")
    frame["per_hour"] = frame["count"] / frame["hours"].where(frame["hours"] > 0)
    columns = [*keys, "count", "encounters_with", "encounters", "hours", "per_hour", "estimated"]
    return frame[columns].reset_index(drop=True)


def duration(corpus: Corpus, by: Grouping | None = None, level: Level = "code") -> pd.DataFrame:
    """Seconds of talk coded with each code (or theme), and its share of clinician talk.

    A turn's seconds count once for each code it carries, and once per theme however
    many of the theme's codes it carries. A coding with a time span of its own (silence,
    whose span is the pause) counts the span instead of the turn. Turns without timestamps
    count ``words / WORDS_PER_SECOND`` seconds and mark the row ``estimated``.

    Columns: ``by`` (when grouping), theme, code (level ``code``), seconds, minutes,
    clinician_seconds (clinician talk time in the group), share (seconds /
    clinician_seconds; NaN when there is none) and estimated.
    """
    check_grouping(by)
    check_level(level)
    groups = exposure(corpus, by)
    coded = grouped_codings(corpus, by)
    keys = ([by] if by else []) + (["theme", "code"] if level == "code" else ["theme"])
    if level == "theme" and len(coded):
        coded = coded.drop_duplicates([*(keys), "encounter", "turn"])
    summed = (
        coded.groupby(keys)
        .agg(seconds=("seconds", "sum"), coded_estimated=("estimated", "any"))
        .reset_index()
        if len(coded)
        else pd.DataFrame(columns=[*keys, "seconds", "coded_estimated"])
    )
    frame = _skeleton(corpus, level, groups, by).merge(summed, on=keys, how="left")
    frame["seconds"] = frame["seconds"].fillna(0.0).astype("float64")
    frame["minutes"] = frame["seconds"] / 60.0
    frame["share"] = frame["seconds"] / frame["clinician_seconds"].where(
        frame["clinician_seconds"] > 0
    )
    coded_estimated = frame["coded_estimated"].astype("boolean").fillna(False).astype(bool)
    frame["estimated"] = frame["estimated"].astype(bool) | coded_estimated
    columns = [*keys, "seconds", "minutes", "clinician_seconds", "share", "estimated"]
    return frame[columns].reset_index(drop=True)
