"""Inter-coder reliability statistics for any number of coders, missing ratings allowed.

Every function takes a units × coders matrix (a DataFrame or an array; NaN or None where
a coder did not rate a unit) or, pingouin-style, a long DataFrame with ``unit``,
``coder`` and ``rating`` column names. ``reliability`` returns the tidy table: one row
per statistic with its estimate and a percentile bootstrap confidence interval.

Each statistic is a ratio of sums over units, so a bootstrap resample is a vector of
weights (how often each unit was drawn) and a thousand resamples are one matrix product
(``tally.py``). Resampling draws units, or clusters of units (``clusters``), with
replacement. Reference implementations and the published values the tests pin:

- Cohen's κ, unweighted, linear and quadratic: R ``irr::kappa2`` on the ``anxiety`` data,
  raters 2 and 3: −0.006289, 0.1459075, 0.2520325 (also scikit-learn's
  ``cohen_kappa_score``).
- Krippendorff's α: the ``krippendorff`` package, checked on Krippendorff (2011),
  "Computing Krippendorff's alpha-reliability", 4 coders × 12 units: nominal 0.743421,
  ordinal 0.815388, interval 0.849107, ratio 0.797403.
- Fleiss' κ: R ``irr::kappam.fleiss`` and statsmodels' ``fleiss_kappa`` on Fleiss'
  (1971) diagnoses data: 0.4302445. With missing ratings it is Fleiss' generalised κ of
  Gwet (2014), as R ``irrCAC::fleiss.kappa.raw``.
- Gwet's AC1: Gwet (2014), *Handbook of Inter-Rater Reliability*, 4th ed., as R
  ``irrCAC::gwet.ac1.raw``: 0.775 on Krippendorff's data, 0.661 on Ben and Gerry.
- Positive and negative agreement (Cicchetti & Feinstein 1990), prevalence and bias
  indices (Byrt, Bishop & Carlin 1993), for two coders and a binary rating.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from rapport.reliability.tally import (
    STATISTICS,
    Level,
    Ratings,
    bootstrap_weights,
    estimates,
    statistics_for,
)

Weights = Literal["unweighted", "linear", "quadratic"]

__all__ = [
    "STATISTICS",
    "Ratings",
    "bias_index",
    "bootstrap_weights",
    "cohen_kappa",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "negative_agreement",
    "percent_agreement",
    "positive_agreement",
    "prevalence_index",
    "ratings_matrix",
    "reliability",
]


def ratings_matrix(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    *,
    unit: str | None = None,
    coder: str | None = None,
    rating: str | None = None,
) -> pd.DataFrame:
    """``data`` as a units × coders DataFrame (NaN where a coder did not rate a unit).

    Give ``unit``, ``coder`` and ``rating`` to pivot a long table (one row per rating);
    a coder who rated a unit twice raises ``ValueError``.
    """
    named = [unit, coder, rating]
    if any(name is not None for name in named):
        if any(name is None for name in named) or not isinstance(data, pd.DataFrame):
            raise ValueError("give a DataFrame and all three of unit, coder and rating")
        if data.duplicated([unit, coder]).any():
            raise ValueError(f"a {coder} rated the same {unit} more than once")
        return data.pivot(index=unit, columns=coder, values=rating)
    if isinstance(data, pd.DataFrame):
        return data
    array = np.asarray(data, dtype=object)
    if array.ndim != 2:
        raise ValueError(f"expected a units × coders matrix, got {array.ndim} dimensions")
    return pd.DataFrame(array)


def _ratings(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    categories: Sequence[Hashable] | None,
) -> Ratings:
    return Ratings.from_matrix(ratings_matrix(data), categories)


def _one(
    name: str,
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    categories: Sequence[Hashable] | None,
) -> float:
    ratings = _ratings(data, categories)
    return float(estimates(ratings, [name])[name])


def cohen_kappa(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    weights: Weights = "unweighted",
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Cohen's κ of two coders over the units both rated.

    Weights (linear, quadratic) count categories as equally spaced in sorted order, as
    ``irr::kappa2(weight="equal"|"squared")`` and scikit-learn do. Matches irr's anxiety
    raters 2 and 3: −0.006289 unweighted, 0.1459075 linear, 0.2520325 quadratic.
    """
    names = {"unweighted": "cohen_kappa", "linear": "cohen_kappa_linear"}
    name = names.get(weights, "cohen_kappa_quadratic" if weights == "quadratic" else "")
    if not name:
        raise ValueError(f"weights must be unweighted, linear or quadratic, not {weights!r}")
    return _one(name, data, categories)


def percent_agreement(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Share of agreeing coder pairs within units rated by two or more coders (0..1).

    For two coders: the share of units both rated on which they agree.
    """
    return _one("percent_agreement", data, categories)


def positive_agreement(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Two coders, binary rating: 2a / (2a + b + c), a = both rated the second category
    (True, 1, "present"). Cicchetti & Feinstein (1990)."""
    return _one("positive_agreement", data, categories)


def negative_agreement(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Two coders, binary rating: 2d / (2d + b + c), d = both rated the first category."""
    return _one("negative_agreement", data, categories)


def prevalence_index(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Two coders, binary rating: |a − d| / n (Byrt, Bishop & Carlin 1993)."""
    return _one("prevalence_index", data, categories)


def bias_index(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Two coders, binary rating: |b − c| / n (Byrt, Bishop & Carlin 1993)."""
    return _one("bias_index", data, categories)


def krippendorff_alpha(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    level: Level = "nominal",
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Krippendorff's α, computed by the ``krippendorff`` package.

    Ordinal, interval and ratio levels need numeric ratings. Krippendorff (2011), 4 coders
    × 12 units: nominal 0.743421, ordinal 0.815388, interval 0.849107, ratio 0.797403.
    """
    if level not in ("nominal", "ordinal", "interval", "ratio"):
        raise ValueError(f"level must be nominal, ordinal, interval or ratio, not {level!r}")
    return _one(f"krippendorff_alpha_{level}", data, categories)


def fleiss_kappa(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Fleiss' κ; with missing ratings, Fleiss' generalised κ (Gwet 2014, irrCAC).

    Fleiss (1971) diagnoses, 6 raters × 30 patients: 0.4302445, as irr and statsmodels.
    """
    return _one("fleiss_kappa", data, categories)


def gwet_ac1(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    categories: Sequence[Hashable] | None = None,
) -> float:
    """Gwet's AC1 for any number of coders, missing ratings allowed (Gwet 2014, irrCAC).

    Chance agreement counts every category of ``categories`` (by default those seen).
    Krippendorff's 4 × 12 data: 0.775; Gwet's Ben and Gerry: 0.661.
    """
    return _one("gwet_ac1", data, categories)


def reliability(
    data: pd.DataFrame | np.ndarray | Sequence[Sequence[Any]],
    *,
    statistics: Sequence[str] | None = None,
    categories: Sequence[Hashable] | None = None,
    n_boot: int = 1000,
    seed: int | None = 0,
    confidence: float = 0.95,
    clusters: Sequence[Hashable] | np.ndarray | None = None,
    unit: str | None = None,
    coder: str | None = None,
    rating: str | None = None,
) -> pd.DataFrame:
    """Reliability statistics with percentile bootstrap confidence intervals.

    ``statistics`` are names from ``STATISTICS``; by default, for two coders every
    two-coder statistic (the binary ones only when there are two categories) and, for
    any number, percent agreement, nominal Krippendorff's α, Fleiss' κ and Gwet's AC1.
    The bootstrap draws ``n_boot`` resamples of the units (or of ``clusters``, one label
    per unit, drawn whole) with a ``numpy`` generator seeded by ``seed``; ``n_boot=0``
    leaves the intervals NaN. Resamples where a statistic is undefined are left out of
    its interval.

    Columns: statistic, estimate, ci_low, ci_high, n_units (units rated by two coders or
    more), n_coders, n_boot.
    """
    matrix = ratings_matrix(data, unit=unit, coder=coder, rating=rating)
    ratings = Ratings.from_matrix(matrix, categories)
    names = list(statistics) if statistics is not None else statistics_for(ratings)
    for name in names:
        if name not in STATISTICS:
            raise ValueError(f"unknown statistic {name!r}; choose from {', '.join(STATISTICS)}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")
    point = estimates(ratings, names)
    low = dict.fromkeys(names, float("nan"))
    high = dict.fromkeys(names, float("nan"))
    if n_boot > 0 and ratings.n_units:
        if clusters is None:
            labels = np.arange(ratings.n_units)
        else:
            labels = pd.factorize(pd.Series(list(clusters)))[0]
            if len(labels) != ratings.n_units:
                raise ValueError("clusters needs one label per unit")
        weights = bootstrap_weights(labels, n_boot, seed)
        draws = estimates(ratings, names, weights=weights, clusters=labels)
        tail = (1 - confidence) / 2
        for name in names:
            values = np.asarray(draws[name], dtype=float)
            values = values[np.isfinite(values)]
            if len(values):
                low[name], high[name] = (float(v) for v in np.quantile(values, [tail, 1 - tail]))
    return pd.DataFrame(
        {
            "statistic": names,
            "estimate": [float(point[name]) for name in names],
            "ci_low": [low[name] for name in names],
            "ci_high": [high[name] for name in names],
            "n_units": ratings.n_pairable,
            "n_coders": ratings.n_coders,
            "n_boot": n_boot,
        }
    )
