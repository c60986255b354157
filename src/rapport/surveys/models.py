"""Models of alliance scores: logistic regression, longitudinal mixed models, correlations.

Each function takes a DataFrame and returns a tidy DataFrame, one row per term or pair,
with the method in words. statsmodels fits the models (imported inside the functions).
Reference implementations and the published values the tests pin:

- ``logistic_regression``: statsmodels ``Logit`` on its Spector & Mazzeo (1980) data,
  ``GRADE ~ GPA + TUCE + PSI``: GPA 2.826113, TUCE 0.0951577, PSI 2.378688, intercept
  −13.02135 (logit scale), as Greene's *Econometric Analysis* and R ``glm``.
- ``mixed_model``: statsmodels ``MixedLM``; R ``lme4::lmer(Weight ~ Time + (1 | Pig))``
  on geepack's dietox data, REML: intercept 15.723523, Time 6.942505, pig variance
  40.39395.
- ``correlations``: scipy ``pearsonr``/``spearmanr`` with Fisher z intervals, as
  pingouin ``corr``; Anscombe's (1973) first data set: r 0.816421, 95% CI 0.4244 to
  0.9507, p 0.00217.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from scipy import stats

_TIMEPOINT = re.compile(r"^(?:month|m)[_ -]?(\d+(?:\.\d+)?)$", re.IGNORECASE)
_WEEK = re.compile(r"^(?:week|w)[_ -]?(\d+(?:\.\d+)?)$", re.IGNORECASE)


def _outcome_as_number(data: pd.DataFrame, formula: str) -> pd.DataFrame:
    """A bool (or nullable boolean) outcome becomes 0/1 with NaN for unknown."""
    outcome = formula.split("~", 1)[0].strip()
    if outcome in data.columns:
        column = data[outcome]
        if column.dtype == bool or str(column.dtype) == "boolean":
            return data.assign(**{outcome: column.astype("Float64").astype(float)})
    return data


def _plain_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns as plain objects: patsy turns pandas' string dtype into a design matrix
    MixedLM cannot invert (a singular-matrix error on data that fit as objects)."""
    text = [name for name in frame.columns if pd.api.types.is_string_dtype(frame[name])]
    return frame.astype({name: object for name in text}) if text else frame


def logistic_regression(
    data: pd.DataFrame,
    formula: str,
    *,
    cluster: str | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Multivariable logistic regression with odds ratios (statsmodels ``Logit``).

    ``formula`` is a model formula, e.g. ``"challenging ~ anxiety + C(education)"``; a
    bool outcome counts True as 1. Rows with a missing value in the model are left out.
    Intervals are **Wald** intervals (estimate ± z·SE, exponentiated): statsmodels has no
    profile-likelihood intervals, so with few events or near-separation they can be
    too narrow; say so when you report them. With ``cluster`` (e.g. ``"clinician"``) the
    standard errors are cluster-robust (sandwich, clustered by that column), for
    relationships that share a clinician.

    Spector data, ``GRADE ~ GPA + TUCE + PSI``: GPA 2.826113, TUCE 0.0951577, PSI
    2.378688, intercept −13.02135.

    Columns: term, estimate (log odds), std_error, odds_ratio, ci_low, ci_high (of the
    odds ratio), p_value, n, method.
    """
    import statsmodels.formula.api as smf

    _check_confidence(confidence)
    frame = _outcome_as_number(data, formula)
    if cluster is not None:
        frame = frame[frame[cluster].notna()]
    model = smf.logit(formula, frame)
    if cluster is None:
        result = model.fit(disp=0)
        errors = "model-based standard errors"
    else:
        groups = pd.factorize(frame.loc[model.data.row_labels, cluster])[0]
        result = model.fit(disp=0, cov_type="cluster", cov_kwds={"groups": groups})
        errors = f"cluster-robust standard errors by {cluster} ({len(set(groups))} clusters)"
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    estimate = result.params.astype(float)
    error = result.bse.astype(float)
    return pd.DataFrame(
        {
            "term": list(estimate.index),
            "estimate": estimate.to_numpy(),
            "std_error": error.to_numpy(),
            "odds_ratio": np.exp(estimate.to_numpy()),
            "ci_low": np.exp((estimate - z * error).to_numpy()),
            "ci_high": np.exp((estimate + z * error).to_numpy()),
            "p_value": result.pvalues.astype(float).to_numpy(),
            "n": int(result.nobs),
            "method": (
                f"logistic regression (maximum likelihood); Wald {confidence:.0%} intervals "
                f"(profile likelihood not available in statsmodels); {errors}"
            ),
        }
    )


def mixed_model(
    data: pd.DataFrame,
    formula: str,
    *,
    groups: str,
    re_formula: str | None = None,
    reml: bool = True,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Linear mixed model (statsmodels ``MixedLM``), random effects per ``groups``.

    ``re_formula`` None gives a random intercept per group; ``"~time"`` adds a random
    slope on time. Fixed effects have Wald z tests and intervals. Variance components
    (the group variances and covariances, and the residual variance) are reported
    without intervals or p-values: Wald intervals on variances are unreliable, and
    statsmodels offers no profile intervals for them. statsmodels' convergence warnings
    (a variance on the boundary at zero, say) are caught and returned in ``warning``,
    with ``converged`` False, rather than printed.

    dietox, ``Weight ~ Time`` with a random intercept per Pig, REML: intercept 15.723523,
    Time 6.942505, Pig variance 40.39395 (R ``lme4``).

    Columns: term, component (fixed, random or residual), estimate, std_error, ci_low,
    ci_high, p_value, n (observations), n_groups, converged, warning, method.
    """
    import statsmodels.formula.api as smf

    _check_confidence(confidence)
    frame = _plain_strings(data[data[groups].notna()])
    model = smf.mixedlm(formula, frame, groups=groups, re_formula=re_formula)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = model.fit(reml=reml, method=["lbfgs", "cg"] if re_formula else "lbfgs")
        except np.linalg.LinAlgError:
            # L-BFGS can step onto a singular point; statsmodels' default optimisers
            # (BFGS, then L-BFGS, then CG) find the same optimum on such data
            result = model.fit(reml=reml)
    notes = list(
        dict.fromkeys(str(w.message) for w in caught if "Convergence" in w.category.__name__)
    )
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    fixed = result.fe_params.astype(float)
    errors = result.bse_fe.astype(float)
    rows: list[dict[str, Any]] = [
        {
            "term": term,
            "component": "fixed",
            "estimate": float(fixed[term]),
            "std_error": float(errors[term]),
            "ci_low": float(fixed[term] - z * errors[term]),
            "ci_high": float(fixed[term] + z * errors[term]),
            "p_value": float(2 * stats.norm.sf(abs(fixed[term] / errors[term]))),
        }
        for term in fixed.index
    ]
    covariance = result.cov_re
    names = list(covariance.index)
    shown = {
        name: "intercept" if name in (groups, "Group", "Intercept") else str(name) for name in names
    }
    for i, first in enumerate(names):
        for second in names[: i + 1]:
            label = (
                f"{groups}: {shown[first]} variance"
                if first == second
                else f"{groups}: {shown[second]} × {shown[first]} covariance"
            )
            rows.append(
                {
                    "term": label,
                    "component": "random",
                    "estimate": float(covariance.loc[first, second]),
                }
            )
    rows.append({"term": "residual", "component": "residual", "estimate": float(result.scale)})
    table = pd.DataFrame(
        rows,
        columns=[
            "term",
            "component",
            "estimate",
            "std_error",
            "ci_low",
            "ci_high",
            "p_value",
        ],
    )
    slope = "random intercept" + (f" and slopes ({re_formula})" if re_formula else "")
    table["n"] = int(result.nobs)
    table["n_groups"] = len(result.model.group_labels)
    table["converged"] = bool(result.converged) and not notes
    table["warning"] = "; ".join(notes)
    table["method"] = (
        f"linear mixed model, {'REML' if reml else 'ML'}, {slope} per {groups}; "
        f"Wald {confidence:.0%} intervals for fixed effects; variances without intervals"
    )
    return table


def timepoint_times(timepoints: Sequence[str]) -> dict[str, float]:
    """Months since baseline for timepoint labels: baseline 0, month_3 3, week_6 6/4.345
    (weeks as months), a bare number as itself. Others raise ``ValueError``."""
    times: dict[str, float] = {}
    for label in timepoints:
        text = str(label).strip()
        month, week = _TIMEPOINT.match(text), _WEEK.match(text)
        if text.lower() in ("baseline", "base", "enrolment", "enrollment"):
            times[label] = 0.0
        elif month:
            times[label] = float(month.group(1))
        elif week:
            times[label] = float(week.group(1)) / 4.345
        else:
            try:
                times[label] = float(text)
            except ValueError:
                raise ValueError(
                    f"cannot tell the time of timepoint {label!r}; pass times={{...}}"
                ) from None
    return times


def _alliance(
    scores: pd.DataFrame,
    instrument: str,
    scale: str,
    roles: Sequence[str] | None,
    times: Mapping[str, float] | None,
) -> pd.DataFrame:
    chosen = scores[(scores["instrument"] == instrument) & (scores["scale"] == scale)]
    if roles is not None:
        chosen = chosen[chosen["role"].isin(list(roles))]
    chosen = chosen[chosen["value"].notna()].copy()
    labels = list(dict.fromkeys(chosen["timepoint"]))
    known = dict(times) if times is not None else timepoint_times(labels)
    missing = [label for label in labels if label not in known]
    if missing:
        raise ValueError(f"times has no entry for timepoints {missing}")
    chosen["time"] = chosen["timepoint"].map(known).astype(float)
    chosen["value"] = chosen["value"].astype(float)
    chosen["group"] = chosen["group"].fillna("all").astype(str)
    return chosen


def alliance_trajectories(
    scores: pd.DataFrame,
    *,
    instrument: str,
    scale: str = "total",
    roles: Sequence[str] | None = None,
    random_slope: bool = False,
    times: Mapping[str, float] | None = None,
    reml: bool = True,
) -> pd.DataFrame:
    """How alliance develops over time, per trial arm: ``mixed_model`` on the scores frame.

    Takes ``instrument``'s ``scale`` scores (of ``roles``, e.g. ``["patient"]``), time
    in months from the timepoint labels (``timepoint_times``, or ``times``), and fits
    ``value ~ time * C(group)`` (``value ~ time`` with one arm) with a random intercept
    per patient, and a random slope on time with ``random_slope``. The ``time:C(group)``
    terms test whether the arms develop differently (Flix-Valle et al. 2025).

    Columns: as ``mixed_model``.
    """
    chosen = _alliance(scores, instrument, scale, roles, times)
    formula = "value ~ time * C(group)" if chosen["group"].nunique() > 1 else "value ~ time"
    return mixed_model(
        chosen,
        formula,
        groups="patient",
        re_formula="~time" if random_slope else None,
        reml=reml,
    )


def trajectory_means(
    scores: pd.DataFrame,
    *,
    instrument: str,
    scale: str = "total",
    roles: Sequence[str] | None = None,
    times: Mapping[str, float] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Mean score per trial arm and timepoint with a t interval, for a trajectory chart.

    Columns: group, timepoint, time, n, mean, sd, ci_low, ci_high (NaN with one score).
    """
    _check_confidence(confidence)
    chosen = _alliance(scores, instrument, scale, roles, times)
    summary = (
        chosen.groupby(["group", "timepoint", "time"], sort=False)["value"]
        .agg(n="count", mean="mean", sd="std")
        .reset_index()
        .sort_values(["group", "time"], kind="stable")
        .reset_index(drop=True)
    )
    n = summary["n"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = stats.t.ppf(1 - (1 - confidence) / 2, np.where(n > 1, n - 1, np.nan))
        half = t * summary["sd"].to_numpy(dtype=float) / np.sqrt(n)
    summary["ci_low"] = summary["mean"] - half
    summary["ci_high"] = summary["mean"] + half
    return summary


def correlations(
    data: pd.DataFrame,
    outcome: str,
    variables: Sequence[str],
    *,
    method: Literal["pearson", "spearman"] = "pearson",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Correlation of ``outcome`` with each of ``variables``, pairwise complete.

    Pearson's r (scipy ``pearsonr``) or Spearman's ρ (``spearmanr``), with Fisher z
    intervals (tanh(atanh r ± z/√(n − 3)), as pingouin ``corr``); NaN with fewer than
    4 pairs. Anscombe's first data set: r 0.816421, CI 0.4244 to 0.9507, p 0.00217.

    Columns: outcome, variable, n, r, ci_low, ci_high, p_value, method.
    """
    _check_confidence(confidence)
    if method not in ("pearson", "spearman"):
        raise ValueError(f"method must be 'pearson' or 'spearman', not {method!r}")
    z = float(stats.norm.ppf(1 - (1 - confidence) / 2))
    rows = []
    for variable in variables:
        pairs = data[[outcome, variable]].apply(pd.to_numeric, errors="coerce").dropna()
        n = len(pairs)
        r = p = low = high = float("nan")
        constant = n and (pairs[outcome].nunique() < 2 or pairs[variable].nunique() < 2)
        if n >= 3 and not constant:
            test = stats.pearsonr if method == "pearson" else stats.spearmanr
            result = test(pairs[outcome], pairs[variable])
            r, p = float(result.statistic), float(result.pvalue)
            if n > 3 and abs(r) < 1:
                centre, spread = np.arctanh(r), z / np.sqrt(n - 3)
                low, high = float(np.tanh(centre - spread)), float(np.tanh(centre + spread))
        rows.append(
            {
                "outcome": outcome,
                "variable": variable,
                "n": n,
                "r": r,
                "ci_low": low,
                "ci_high": high,
                "p_value": p,
                "method": f"{method}; Fisher z {confidence:.0%} interval",
            }
        )
    return pd.DataFrame(
        rows, columns=["outcome", "variable", "n", "r", "ci_low", "ci_high", "p_value", "method"]
    )


def associations(
    scores: pd.DataFrame,
    *,
    alliance: str,
    measures: Sequence[str],
    scale: str = "total",
    extra: pd.DataFrame | None = None,
    method: Literal["pearson", "spearman"] = "spearman",
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Alliance against usability, satisfaction and communication, per role.

    Each respondent's ``alliance`` score is set beside their own ``measures`` scores
    (e.g. ``["SUS", "VAS-app"]``, same ``scale``) at the same timepoint, as Flix-Valle
    et al. (2025) related patients' alliance to app usability and therapists' to their
    platform satisfaction. ``extra`` adds numeric columns per relationship × timepoint
    (say, messages exchanged: the amount of communication), joined on ``relationship``
    and ``timepoint``. Observations are respondent × timepoint and are treated as
    independent; with repeated timepoints, read the intervals as approximate.

    Columns: role, outcome, variable, n, r, ci_low, ci_high, p_value, method.
    """
    chosen = scores[(scores["scale"] == scale) & scores["instrument"].isin([alliance, *measures])]
    keys = ["relationship", "timepoint", "respondent", "role"]
    wide = chosen.pivot_table(index=keys, columns="instrument", values="value", aggfunc="mean")
    wide = wide.reset_index()
    if alliance not in wide.columns:
        raise ValueError(f"no {alliance!r} scores with scale {scale!r}")
    variables = [m for m in measures if m in wide.columns]
    if extra is not None:
        numeric = [
            c
            for c in extra.columns
            if c not in ("relationship", "timepoint") and pd.api.types.is_numeric_dtype(extra[c])
        ]
        wide = wide.merge(
            extra[["relationship", "timepoint", *numeric]],
            on=["relationship", "timepoint"],
            how="left",
        )
        variables += numeric
    tables = [
        correlations(frame, alliance, variables, method=method, confidence=confidence).assign(
            role=role
        )
        for role, frame in wide.groupby("role", sort=True)
    ]
    columns = ["role", "outcome", "variable", "n", "r", "ci_low", "ci_high", "p_value", "method"]
    if not tables:
        return pd.DataFrame(columns=columns)
    return pd.concat(tables, ignore_index=True)[columns]


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
