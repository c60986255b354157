"""Patient–clinician agreement on alliance questionnaires, pingouin-style.

Every function takes a tidy DataFrame and column names and returns a tidy DataFrame.
The questionnaire side comes as the **scores frame** of ``rapport.surveys``: one row per
response × scale with response_id, relationship, patient, clinician, respondent, role
(patient, parent or clinician), timepoint, date, group, instrument, scale, value, rule
and challenging. ``dyads`` pairs the family's score with the clinician's; the rest work
on that pairing (or on any frame with two numeric columns).

Reference implementations and the published values the tests pin:

- ``intraclass_corr``: pingouin ``intraclass_corr`` (same formulas, Shrout & Fleiss
  1979 and McGraw & Wong 1996, unrounded); Shrout & Fleiss' 6 targets × 4 judges give
  ICC1 .1657, ICC2 .2898, ICC3 .7148, ICC1k .4428, ICC2k .6201, ICC3k .9093.
- ``bland_altman``: Bland & Altman (1986) PEFR data, Wright vs mini Wright meter,
  17 subjects: bias −2.1176, SD 38.765, limits −79.7 / 75.5 (±2 SD, as in the paper).
- ``discordance_table``: Wilson score intervals from statsmodels
  ``proportion_confint(method="wilson")``, which reproduce Newcombe (1998), e.g. 81/263:
  0.2553 to 0.3662.
- ``weighted_kappa``: ``rapport.reliability.cohen_kappa`` (R ``irr::kappa2``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats

from rapport.reliability import cohen_kappa, reliability

FAMILY_ROLES: tuple[str, ...] = ("parent", "patient")
CLINICIAN_ROLE = "clinician"

#: The four ways a relationship × timepoint can be seen, in table order.
DISCORDANCE = ("both", "family_only", "clinician_only", "neither")

_ICC_TYPES = (
    ("ICC1", "Single rater, absolute agreement, one-way random effects"),
    ("ICC2", "Single random rater, absolute agreement, two-way random effects"),
    ("ICC3", "Single fixed rater, consistency, two-way mixed effects"),
    ("ICC1k", "Average of k raters, one-way random effects"),
    ("ICC2k", "Average of k random raters, absolute agreement, two-way random effects"),
    ("ICC3k", "Average of k fixed raters, consistency, two-way mixed effects"),
)


def intraclass_corr(
    data: pd.DataFrame,
    targets: str,
    raters: str,
    ratings: str,
    *,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Intraclass correlations in the six Shrout & Fleiss (1979) forms, with F tests.

    ``data`` is long: one row per target × rater. Targets missing any rater's rating are
    left out (the two-way ANOVA needs a complete table); ``n_targets`` says how many
    stayed. Formulas, F tests and intervals are pingouin's ``intraclass_corr`` (which
    follows Shrout & Fleiss 1979 and McGraw & Wong 1996), unrounded. For patient–clinician
    agreement the target is a relationship × timepoint and the raters are the two roles;
    ICC3/ICC3k ask about consistency, ICC2/ICC2k about absolute agreement.

    Test vector (Shrout & Fleiss 1979, 6 targets × 4 judges): ICC1 .1657, ICC2 .2898,
    ICC3 .7148, ICC1k .4428, ICC2k .6201, ICC3k .9093; pingouin gives the same to 1e-6.

    Columns: type, description, icc, f, df1, df2, p_value, ci_low, ci_high, n_targets,
    n_raters.
    """
    _check_confidence(confidence)
    wide = data.pivot_table(index=targets, columns=raters, values=ratings, aggfunc="mean")
    wide = wide.dropna(how="any").astype(float)
    n, k = wide.shape
    if n < 2 or k < 2:
        raise ValueError(f"need at least 2 complete targets and 2 raters, got {n} and {k}")
    values = wide.to_numpy()
    grand = values.mean()
    ss_total = float(((values - grand) ** 2).sum())
    ss_targets = float(k * ((values.mean(axis=1) - grand) ** 2).sum())
    ss_raters = float(n * ((values.mean(axis=0) - grand) ** 2).sum())
    ss_error = ss_total - ss_targets - ss_raters
    msb = ss_targets / (n - 1)
    msj = ss_raters / (k - 1)
    mse = ss_error / ((n - 1) * (k - 1))
    msw = (ss_raters + ss_error) / (n * (k - 1))

    icc1 = (msb - msw) / (msb + (k - 1) * msw)
    icc2 = (msb - mse) / (msb + (k - 1) * mse + k * (msj - mse) / n)
    icc3 = (msb - mse) / (msb + (k - 1) * mse)
    icc1k = (msb - msw) / msb
    icc2k = (msb - mse) / (msb + (msj - mse) / n)
    icc3k = (msb - mse) / msb

    df1, df_one_way, df_two_way = n - 1, n * (k - 1), (n - 1) * (k - 1)
    f1 = msb / msw
    f3 = msb / mse
    p1 = float(stats.f.sf(f1, df1, df_one_way))
    p3 = float(stats.f.sf(f3, df1, df_two_way))

    alpha = 1 - confidence
    f1_low = f1 / stats.f.ppf(1 - alpha / 2, df1, df_one_way)
    f1_high = f1 * stats.f.ppf(1 - alpha / 2, df_one_way, df1)
    f3_low = f3 / stats.f.ppf(1 - alpha / 2, df1, df_two_way)
    f3_high = f3 * stats.f.ppf(1 - alpha / 2, df_two_way, df1)
    # ICC2: Satterthwaite degrees of freedom (McGraw & Wong 1996, as pingouin and psych).
    fj = msj / mse
    vn = df_two_way * (k * icc2 * fj + n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    vd = df1 * k**2 * icc2**2 * fj**2 + (n * (1 + (k - 1) * icc2) - k * icc2) ** 2
    v = vn / vd
    f2_high = stats.f.ppf(1 - alpha / 2, n - 1, v)
    f2_low = stats.f.ppf(1 - alpha / 2, v, n - 1)
    low2 = n * (msb - f2_high * mse) / (f2_high * (k * msj + (k * n - k - n) * mse) + n * msb)
    high2 = n * (f2_low * msb - mse) / (k * msj + (k * n - k - n) * mse + n * f2_low * msb)
    intervals = [
        ((f1_low - 1) / (f1_low + k - 1), (f1_high - 1) / (f1_high + k - 1)),
        (low2, high2),
        ((f3_low - 1) / (f3_low + k - 1), (f3_high - 1) / (f3_high + k - 1)),
        (1 - 1 / f1_low, 1 - 1 / f1_high),
        (low2 * k / (1 + low2 * (k - 1)), high2 * k / (1 + high2 * (k - 1))),
        (1 - 1 / f3_low, 1 - 1 / f3_high),
    ]
    return pd.DataFrame(
        {
            "type": [name for name, _ in _ICC_TYPES],
            "description": [words for _, words in _ICC_TYPES],
            "icc": [icc1, icc2, icc3, icc1k, icc2k, icc3k],
            "f": [f1, f3, f3, f1, f3, f3],
            "df1": df1,
            "df2": [df_one_way, df_two_way, df_two_way, df_one_way, df_two_way, df_two_way],
            "p_value": [p1, p3, p3, p1, p3, p3],
            "ci_low": [float(low) for low, _ in intervals],
            "ci_high": [float(high) for _, high in intervals],
            "n_targets": n,
            "n_raters": k,
        }
    )


def weighted_kappa(
    data: pd.DataFrame,
    first: str,
    second: str,
    *,
    categories: Sequence[Hashable],
    weights: Literal["unweighted", "linear", "quadratic"] = "quadratic",
    n_boot: int = 1000,
    seed: int | None = 0,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Cohen's κ between two columns of ordinal answers, over the *full* response scale.

    ``categories`` is every answer the instrument allows, in order (1..5 for a five-point
    item), used or not. Weights are spaced over the whole scale, so two answers keep
    their real distance even when nobody chose an answer between them (over the answers
    seen, 2 and 5 of a 1..5 scale with no 3s or 4s would sit as close as 1 and 2).
    Unused answers at the ends of the scale leave a weighted κ unchanged. A value outside
    ``categories`` raises ``ValueError``. Rows missing either answer are left out.
    Computed by ``rapport.reliability.cohen_kappa`` (R ``irr::kappa2``: anxiety raters
    2 and 3 give 0.1459075 linear, 0.2520325 quadratic); the interval is a percentile
    bootstrap over rows (``n_boot`` resamples, ``seed``).

    Columns: statistic, weights, estimate, ci_low, ci_high, n, categories (the scale, as
    text).
    """
    pairs = data[[first, second]].dropna()
    scale = list(categories)
    estimate = cohen_kappa(pairs, weights=weights, categories=scale) if len(pairs) else np.nan
    name = {"unweighted": "cohen_kappa", "linear": "cohen_kappa_linear"}.get(
        weights, "cohen_kappa_quadratic"
    )
    low = high = float("nan")
    if len(pairs) and n_boot > 0:
        table = reliability(
            pairs,
            statistics=[name],
            categories=scale,
            n_boot=n_boot,
            seed=seed,
            confidence=confidence,
        )
        low, high = float(table["ci_low"].iloc[0]), float(table["ci_high"].iloc[0])
    return pd.DataFrame(
        {
            "statistic": ["cohen_kappa"],
            "weights": [weights],
            "estimate": [float(estimate)],
            "ci_low": [low],
            "ci_high": [high],
            "n": [len(pairs)],
            "categories": [", ".join(str(c) for c in scale)],
        }
    )


def bland_altman(
    data: pd.DataFrame,
    first: str,
    second: str,
    *,
    multiplier: float = 1.96,
    confidence: float = 0.95,
    limit_se: Literal["1999", "1986"] = "1999",
) -> pd.DataFrame:
    """Bias and limits of agreement between two measurements, with confidence intervals.

    The difference is ``first − second``. Bias is its mean d̄, SD its standard deviation
    s, and the limits d̄ ± ``multiplier`` · s (1.96 as usual now; the 1986 paper used 2).
    Intervals use t with n − 1 degrees of freedom: for the bias SE = s/√n; for each limit
    SE = s·√(1/n + z²/(2(n − 1))) (Bland & Altman 1999, ``limit_se="1999"``) or the
    1986 approximation √(3s²/n) (``"1986"``, as R ``BlandAltmanLeh``). SD's interval is the
    χ² interval. Rows missing either value are left out.

    Test vector: Bland & Altman (1986) PEFR data (Wright − mini Wright, 17 subjects):
    bias −2.1176, SD 38.765, limits −79.7 / 75.5 with ``multiplier=2``.

    Columns: statistic (bias, sd, lower_limit, upper_limit), estimate, ci_low, ci_high,
    se, n, multiplier, method.
    """
    _check_confidence(confidence)
    if limit_se not in ("1999", "1986"):
        raise ValueError(f"limit_se must be '1999' or '1986', not {limit_se!r}")
    pairs = data[[first, second]].dropna().astype(float)
    difference = (pairs[first] - pairs[second]).to_numpy()
    n = len(difference)
    if n < 2:
        raise ValueError(f"need at least 2 complete pairs, got {n}")
    bias = float(difference.mean())
    sd = float(difference.std(ddof=1))
    t = float(stats.t.ppf(1 - (1 - confidence) / 2, n - 1))
    se_bias = sd / np.sqrt(n)
    if limit_se == "1999":
        se_limit = sd * np.sqrt(1 / n + multiplier**2 / (2 * (n - 1)))
    else:
        se_limit = np.sqrt(3 * sd**2 / n)
    lower, upper = bias - multiplier * sd, bias + multiplier * sd
    chi_high = stats.chi2.ppf(1 - (1 - confidence) / 2, n - 1)
    chi_low = stats.chi2.ppf((1 - confidence) / 2, n - 1)
    method = (
        f"limits d̄ ± {multiplier:g}·SD; t({n - 1}) intervals; limit SE "
        + ("s·√(1/n + z²/(2(n−1))) (Bland & Altman 1999)" if limit_se == "1999" else "√(3s²/n)")
        + ("" if limit_se == "1999" else " (Bland & Altman 1986)")
    )
    return pd.DataFrame(
        {
            "statistic": ["bias", "sd", "lower_limit", "upper_limit"],
            "estimate": [bias, sd, lower, upper],
            "ci_low": [
                bias - t * se_bias,
                sd * np.sqrt((n - 1) / chi_high),
                lower - t * se_limit,
                upper - t * se_limit,
            ],
            "ci_high": [
                bias + t * se_bias,
                sd * np.sqrt((n - 1) / chi_low),
                lower + t * se_limit,
                upper + t * se_limit,
            ],
            "se": [se_bias, np.nan, se_limit, se_limit],
            "n": n,
            "multiplier": multiplier,
            "method": method,
        }
    )


def bland_altman_points(data: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """The points of a Bland–Altman plot: for each complete row, ``mean`` of the two
    measurements and their ``difference`` (first − second), index kept."""
    pairs = data[[first, second]].dropna().astype(float)
    return pd.DataFrame(
        {
            "mean": (pairs[first] + pairs[second]) / 2,
            "difference": pairs[first] - pairs[second],
        }
    )


_KEYS = ["relationship", "patient", "clinician", "timepoint"]


def _latest(frame: pd.DataFrame) -> pd.DataFrame:
    """One response per relationship × timepoint: the latest (by date, then id)."""
    ordered = frame.sort_values(["date", "response_id"], na_position="first", kind="stable")
    return ordered.drop_duplicates(_KEYS, keep="last")


def _challenging_by_response(frame: pd.DataFrame) -> pd.Series:
    flags = frame.dropna(subset=["challenging"])
    return flags.groupby("response_id")["challenging"].first().astype(bool)


def dyads(
    scores: pd.DataFrame,
    instrument_pair: tuple[str, str] | str,
    *,
    scale: str = "total",
    family_roles: Sequence[str] = FAMILY_ROLES,
) -> pd.DataFrame:
    """Pair the family's score with the clinician's, per relationship and timepoint.

    ``instrument_pair`` is (family instrument, clinician instrument), or one instrument
    answered by both. The family side is the first role of ``family_roles`` (by default
    the parent, else the patient) that answered at that timepoint; when a respondent
    answered twice, the latest response (by date) counts. ``challenging`` is taken from
    any row of the response that sets it. Only relationship × timepoints with both sides
    are kept.

    Columns: relationship, patient, clinician, timepoint, group, family_role,
    family_respondent, family_response, family_date, family_value, family_challenging,
    clinician_respondent, clinician_response, clinician_date, clinician_value,
    clinician_challenging, mean, difference (family − clinician).
    """
    family_instrument, clinician_instrument = (
        (instrument_pair, instrument_pair) if isinstance(instrument_pair, str) else instrument_pair
    )
    roles = list(family_roles)

    def side(instrument: str, wanted: list[str], prefix: str) -> pd.DataFrame:
        rows = scores[(scores["instrument"] == instrument) & scores["role"].isin(wanted)]
        flags = _challenging_by_response(rows)
        chosen = rows[rows["scale"] == scale].copy()
        chosen["_rank"] = chosen["role"].map({role: i for i, role in enumerate(wanted)})
        chosen = _latest(chosen[chosen["_rank"] == chosen.groupby(_KEYS)["_rank"].transform("min")])
        out = chosen[[*_KEYS, "group", "role", "respondent", "response_id", "date", "value"]]
        out = out.assign(challenging=out["response_id"].map(flags).astype("boolean"))
        return out.rename(
            columns={
                name: f"{prefix}_{name.replace('response_id', 'response')}"
                for name in ("role", "respondent", "response_id", "date", "value", "challenging")
            }
        )

    family = side(family_instrument, roles, "family")
    clinician = side(clinician_instrument, [CLINICIAN_ROLE], "clinician").drop(
        columns=["group", "clinician_role"]
    )
    paired = family.merge(clinician, on=_KEYS, how="inner")
    paired["family_value"] = paired["family_value"].astype(float)
    paired["clinician_value"] = paired["clinician_value"].astype(float)
    paired["mean"] = (paired["family_value"] + paired["clinician_value"]) / 2
    paired["difference"] = paired["family_value"] - paired["clinician_value"]
    columns = [
        *_KEYS,
        "group",
        "family_role",
        "family_respondent",
        "family_response",
        "family_date",
        "family_value",
        "family_challenging",
        "clinician_respondent",
        "clinician_response",
        "clinician_date",
        "clinician_value",
        "clinician_challenging",
        "mean",
        "difference",
    ]
    return paired[columns].sort_values(_KEYS, kind="stable").reset_index(drop=True)


def dyad_icc(pairs: pd.DataFrame, *, confidence: float = 0.95) -> pd.DataFrame:
    """``intraclass_corr`` on ``dyads`` output: each relationship at each timepoint is one
    target, rated by the family member and by the clinician."""
    long = pd.concat(
        [
            pairs.assign(rater="family", rating=pairs["family_value"]),
            pairs.assign(rater="clinician", rating=pairs["clinician_value"]),
        ]
    )
    long["target"] = long["relationship"].astype(str) + "@" + long["timepoint"].astype(str)
    return intraclass_corr(long, "target", "rater", "rating", confidence=confidence)


def discordance(pairs: pd.DataFrame) -> pd.DataFrame:
    """Classify each dyad as challenging by both, family only, clinician only or neither.

    ``pairs`` is the output of ``dyads`` for the Relationship Challenges instruments (it
    needs family_challenging and clinician_challenging); rows where either side is
    unknown are left out. Adds a ``discordance`` column with one of ``DISCORDANCE``.
    """
    known = pairs.dropna(subset=["family_challenging", "clinician_challenging"]).copy()
    family = known["family_challenging"].astype(bool)
    clinician = known["clinician_challenging"].astype(bool)
    known["discordance"] = np.select(
        [family & clinician, family & ~clinician, ~family & clinician],
        ["both", "family_only", "clinician_only"],
        default="neither",
    )
    return known.reset_index(drop=True)


def wilson_interval(count: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for count / n (statsmodels ``proportion_confint``; Newcombe
    1998: 81/263 gives 0.2553 to 0.3662). NaN for n = 0."""
    from statsmodels.stats.proportion import proportion_confint

    if n == 0:
        return float("nan"), float("nan")
    low, high = proportion_confint(count, n, alpha=1 - confidence, method="wilson")
    return float(low), float(high)


def discordance_table(
    classified: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """The cohort table of Mack et al. (2021): how many relationships each side found
    challenging, with Wilson score intervals.

    ``classified`` is the output of ``discordance``. Rows, per group of ``by`` (e.g.
    timepoint or group): family (challenging by the parent or patient, whatever the
    clinician said), clinician (likewise), both, family_only, clinician_only, neither.
    Mack's cohort of 338 relationships reads family 24.0%, clinician 37.6%, both 9.8%.

    Columns: ``by`` columns, category, label (in words, naming parent or patient as the
    data do), count, n, proportion, ci_low, ci_high.
    """
    _check_confidence(confidence)
    keys = [by] if isinstance(by, str) else list(by or [])
    roles = set(classified["family_role"].dropna()) if "family_role" in classified else set()
    family_word = (
        "Parent" if roles == {"parent"} else "Patient" if roles == {"patient"} else "Family"
    )
    labels = {
        "family": f"{family_word} found it challenging",
        "clinician": "Clinician found it challenging",
        "both": "Both found it challenging",
        "family_only": f"{family_word} only",
        "clinician_only": "Clinician only",
        "neither": "Neither",
    }
    groups = classified.groupby(keys, sort=True) if keys else [((), classified)]
    rows = []
    for key, frame in groups:
        values = key if isinstance(key, tuple) else (key,)
        n = len(frame)
        kinds = frame["discordance"]
        counts = {
            "family": int(kinds.isin(["both", "family_only"]).sum()),
            "clinician": int(kinds.isin(["both", "clinician_only"]).sum()),
            **{name: int((kinds == name).sum()) for name in DISCORDANCE},
        }
        for category, count in counts.items():
            low, high = wilson_interval(count, n, confidence)
            rows.append(
                {
                    **dict(zip(keys, values, strict=True)),
                    "category": category,
                    "label": labels[category],
                    "count": count,
                    "n": n,
                    "proportion": count / n if n else float("nan"),
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    columns = [*keys, "category", "label", "count", "n", "proportion", "ci_low", "ci_high"]
    return pd.DataFrame(rows, columns=columns)


def _check_confidence(confidence: float) -> None:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
