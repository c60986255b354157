"""The bridge from what clinicians do in conversations to the alliance families rate.

``join_conversations`` sets each questionnaire score beside the coded conversations of
the same relationship (the patient, with the clinician taking part) in the ``window_days``
before the questionnaire date: how often each Kaye (2021) theme was used per hour of
recording, and how often an emotional moment from the family was met with empathy or
presence (``rapport.analysis.empathic_opportunities``). ``bridge_table`` then relates
each of those rates to the score: a correlation and a simple regression per rate, with
Benjamini–Hochberg adjusted p-values across rates and a warning where n is small.

These are associations across dyad × timepoints, not effects: a clinician may use more
empathy *because* a relationship is hard. Repeated timepoints of one relationship are
treated as independent observations.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from rapport.analysis import Corpus, empathic_opportunities, frequency
from rapport.surveys.models import correlations

#: Encounters in this many days up to the questionnaire date count towards it.
WINDOW_DAYS = 120
#: Fewer observations than this get a warning in ``bridge_table``.
SMALL_N = 20
RATE_SUFFIX = "_per_hour"

_SCORE_KEYS = [
    "relationship",
    "patient",
    "clinician",
    "respondent",
    "role",
    "timepoint",
    "date",
    "group",
    "instrument",
    "scale",
    "value",
]


@dataclass(slots=True)
class Bridge:
    """The joined frame (one row per score, with its conversation rates) and the table."""

    joined: pd.DataFrame
    table: pd.DataFrame


def join_conversations(
    scores: pd.DataFrame,
    corpus: Corpus,
    *,
    instrument: str,
    scale: str = "total",
    roles: Sequence[str] | None = None,
    window_days: int = WINDOW_DAYS,
    match_clinician: bool = True,
) -> pd.DataFrame:
    """Each ``instrument`` score beside the coded conversations that came before it.

    An encounter counts for a score when it is the same patient's, the score's clinician
    spoke in it or is listed as a participant (unless ``match_clinician`` is False), and
    its date is within ``window_days`` up to and including the questionnaire date.
    Encounters or scores without a date never match. Patient and clinician must be
    written the same way in the scores and the transcripts.

    Columns: the score's relationship, patient, clinician, respondent, role, timepoint,
    date, group, instrument, scale, value; then encounters, hours, estimated (talk time
    partly from word counts), one ``<theme>_per_hour`` per codebook theme (codings of
    the theme per hour of recording in the window; NaN without recorded hours),
    opportunities, responded and response_rate (NaN without opportunities).
    """
    chosen = scores[(scores["instrument"] == instrument) & (scores["scale"] == scale)]
    if roles is not None:
        chosen = chosen[chosen["role"].isin(list(roles))]
    chosen = chosen[_SCORE_KEYS].reset_index(drop=True)
    chosen = chosen.assign(date=pd.to_datetime(chosen["date"]), value=chosen["value"].astype(float))
    themes = [theme.id for theme in corpus.codebook.themes]
    rate_columns = [f"{theme}{RATE_SUFFIX}" for theme in themes]

    table = corpus.encounter_table[["encounter", "patient", "date", "clinicians", "hours"]]
    table = table.assign(
        encounter_date=pd.to_datetime(table["date"]),
        estimated=corpus.encounter_table["estimated"].astype(bool),
    ).drop(columns="date")
    counts = frequency(corpus, by="encounter", level="theme")
    counts = counts.pivot_table(
        index="encounter", columns="theme", values="count", aggfunc="sum", observed=True
    ).reindex(columns=themes, fill_value=0)
    opportunities = empathic_opportunities(corpus)
    moments = opportunities.groupby("encounter").agg(
        opportunities=("turn", "size"), responded=("responded", "sum")
    )

    candidates = chosen.reset_index(names="_row").merge(table, on="patient", how="inner")
    start = candidates["date"] - pd.Timedelta(days=window_days)
    keep = (
        candidates["encounter_date"].notna()
        & candidates["date"].notna()
        & (candidates["encounter_date"] <= candidates["date"])
        & (candidates["encounter_date"] >= start)
    )
    if match_clinician:
        keep &= pd.Series(
            [
                clinician in (present or [])
                for clinician, present in zip(
                    candidates["clinician"], candidates["clinicians"], strict=True
                )
            ],
            index=candidates.index,
            dtype=bool,
        )
    matched = candidates[keep]
    matched = matched.join(counts, on="encounter").join(moments, on="encounter")
    summed = matched.groupby("_row").agg(
        encounters=("encounter", "nunique"),
        hours=("hours", "sum"),
        estimated=("estimated", "any"),
        opportunities=("opportunities", "sum"),
        responded=("responded", "sum"),
        **{theme: (theme, "sum") for theme in themes},
    )
    joined = chosen.join(summed)
    joined["encounters"] = joined["encounters"].fillna(0).astype("int64")
    joined["hours"] = joined["hours"].fillna(0.0).astype(float)
    joined["estimated"] = joined["estimated"].astype("boolean").fillna(False).astype(bool)
    hours = joined["hours"].where(joined["hours"] > 0)
    for theme, column in zip(themes, rate_columns, strict=True):
        joined[column] = joined[theme].fillna(0).astype(float) / hours
    joined["opportunities"] = joined["opportunities"].fillna(0).astype("int64")
    joined["responded"] = joined["responded"].fillna(0).astype("int64")
    joined["response_rate"] = joined["responded"] / joined["opportunities"].where(
        joined["opportunities"] > 0
    )
    columns = [
        *_SCORE_KEYS,
        "encounters",
        "hours",
        "estimated",
        *rate_columns,
        "opportunities",
        "responded",
        "response_rate",
    ]
    return joined[columns]


def bridge_table(
    joined: pd.DataFrame,
    *,
    predictors: Sequence[str] | None = None,
    outcome: str = "value",
    method: Literal["pearson", "spearman"] = "pearson",
    small_n: int = SMALL_N,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Each conversation rate against the alliance score: correlation and regression.

    ``predictors`` default to every ``<theme>_per_hour`` column and ``response_rate``.
    Per predictor, over rows where both are known: the correlation (``method``, Fisher z
    interval, as ``rapport.surveys.models.correlations``) and the least-squares slope of
    the score on the rate (scipy ``linregress``, t interval with n − 2 df: the change in
    score per one more coded moment an hour). ``p_adjusted`` is Benjamini–Hochberg
    (statsmodels ``multipletests(method="fdr_bh")``) across the predictors, separately
    for correlations and slopes. ``warning`` says when n < ``small_n`` or a rate never
    varies; such rows are for exploring, not concluding.

    Columns: analysis (correlation or regression), predictor, theme (the theme id, or
    empty for response_rate), estimate (r or slope), ci_low, ci_high, p_value,
    p_adjusted, n, warning, method.
    """
    from statsmodels.stats.multitest import multipletests

    if predictors is None:
        predictors = [c for c in joined.columns if c.endswith(RATE_SUFFIX)] + ["response_rate"]
    predictors = [p for p in predictors if p in joined.columns]
    correlation = correlations(
        joined, outcome, predictors, method=method, confidence=confidence
    ).set_index("variable")
    t_level = 1 - (1 - confidence) / 2
    rows = []
    for predictor in predictors:
        pairs = joined[[predictor, outcome]].astype(float).dropna()
        n = len(pairs)
        constant = n > 0 and pairs[predictor].nunique() < 2
        notes = []
        if n < small_n:
            notes.append(f"small sample: n = {n} (< {small_n}); exploratory only")
        if constant:
            notes.append(f"{predictor} does not vary")
        warning = "; ".join(notes)
        theme = predictor[: -len(RATE_SUFFIX)] if predictor.endswith(RATE_SUFFIX) else ""
        found = correlation.loc[predictor]
        rows.append(
            {
                "analysis": "correlation",
                "predictor": predictor,
                "theme": theme,
                "estimate": found["r"],
                "ci_low": found["ci_low"],
                "ci_high": found["ci_high"],
                "p_value": found["p_value"],
                "n": n,
                "warning": warning,
                "method": found["method"],
            }
        )
        slope = low = high = p = float("nan")
        if n >= 3 and not constant and pairs[outcome].nunique() > 1:
            fit = stats.linregress(pairs[predictor], pairs[outcome])
            slope, p = float(fit.slope), float(fit.pvalue)
            half = float(stats.t.ppf(t_level, n - 2)) * float(fit.stderr)
            low, high = slope - half, slope + half
        rows.append(
            {
                "analysis": "regression",
                "predictor": predictor,
                "theme": theme,
                "estimate": slope,
                "ci_low": low,
                "ci_high": high,
                "p_value": p,
                "n": n,
                "warning": warning,
                "method": f"least-squares slope of {outcome} on the rate; t {confidence:.0%} "
                "interval",
            }
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "analysis",
            "predictor",
            "theme",
            "estimate",
            "ci_low",
            "ci_high",
            "p_value",
            "n",
            "warning",
            "method",
        ],
    )
    table["p_adjusted"] = np.nan
    for _, part in table.groupby("analysis"):
        known = part["p_value"].notna()
        if known.any():
            adjusted = multipletests(part.loc[known, "p_value"], method="fdr_bh")[1]
            table.loc[part.index[known], "p_adjusted"] = adjusted
    order = [
        "analysis",
        "predictor",
        "theme",
        "estimate",
        "ci_low",
        "ci_high",
        "p_value",
        "p_adjusted",
        "n",
        "warning",
        "method",
    ]
    return table.sort_values("analysis", kind="stable")[order].reset_index(drop=True)


def bridge(
    scores: pd.DataFrame,
    corpus: Corpus,
    *,
    instrument: str,
    scale: str = "total",
    roles: Sequence[str] | None = None,
    window_days: int = WINDOW_DAYS,
    method: Literal["pearson", "spearman"] = "pearson",
) -> Bridge:
    """``join_conversations`` then ``bridge_table``: the joined frame (for plotting, one
    scatter per theme) and the table."""
    joined = join_conversations(
        scores,
        corpus,
        instrument=instrument,
        scale=scale,
        roles=roles,
        window_days=window_days,
    )
    return Bridge(joined=joined, table=bridge_table(joined, method=method))
