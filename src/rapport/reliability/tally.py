"""The arithmetic behind ``statistics``: each statistic as a function of sums over units.

A unit contributes a short vector of numbers (its cell of the two-coder table, its
coincidences, its share of agreeing pairs and of each category). Every statistic is a
function of the sums of these vectors. Summing with the weights of a bootstrap resample
(how many times each unit was drawn) gives that resample's sums, so ``n_boot`` resamples
cost one ``(n_boot × units) @ (units × features)`` product.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast

import numpy as np
import pandas as pd

Level = Literal["nominal", "ordinal", "interval", "ratio"]

#: Statistics for two coders only; the binary ones need exactly two categories.
TWO_CODER = (
    "percent_agreement",
    "cohen_kappa",
    "cohen_kappa_linear",
    "cohen_kappa_quadratic",
    "positive_agreement",
    "negative_agreement",
    "prevalence_index",
    "bias_index",
)
BINARY = ("positive_agreement", "negative_agreement", "prevalence_index", "bias_index")
ALPHAS = (
    "krippendorff_alpha_nominal",
    "krippendorff_alpha_ordinal",
    "krippendorff_alpha_interval",
    "krippendorff_alpha_ratio",
)
#: Every statistic ``reliability`` knows, by name.
STATISTICS: tuple[str, ...] = (*TWO_CODER, *ALPHAS, "fleiss_kappa", "gwet_ac1")


@dataclass(slots=True, frozen=True)
class Ratings:
    """Ratings as category numbers: ``codes[unit, coder]`` indexes ``categories``, -1 is
    missing. Units no coder rated are kept (they count for nothing)."""

    codes: np.ndarray
    categories: tuple[Hashable, ...]
    coders: tuple[Hashable, ...]

    @classmethod
    def from_matrix(
        cls, matrix: pd.DataFrame, categories: Sequence[Hashable] | None = None
    ) -> Ratings:
        values = matrix.to_numpy(dtype=object)
        flat = values.ravel()
        missing = pd.isna(flat)
        seen = pd.unique(flat[~missing])
        if categories is None:
            try:
                ordered: list[Any] = sorted(seen)
            except TypeError:
                ordered = sorted(seen, key=str)
        else:
            ordered = list(categories)
            if len(set(ordered)) != len(ordered):
                raise ValueError("categories repeat a value")
        index = {value: i for i, value in enumerate(ordered)}
        try:
            codes = np.array([-1 if m else index[v] for v, m in zip(flat, missing, strict=True)])
        except KeyError as error:
            raise ValueError(f"rating {error.args[0]!r} is not one of the categories") from None
        shape = values.shape
        return cls(codes.reshape(shape).astype(np.int64), tuple(ordered), tuple(matrix.columns))

    @property
    def n_units(self) -> int:
        return int(self.codes.shape[0])

    @property
    def n_coders(self) -> int:
        return int(self.codes.shape[1])

    @property
    def q(self) -> int:
        return len(self.categories)

    @property
    def n_pairable(self) -> int:
        return int(((self.codes >= 0).sum(axis=1) >= 2).sum())

    def counts(self) -> np.ndarray:
        """``counts[unit, category]``: how many coders gave the unit that category."""
        n, q = self.n_units, self.q
        rows, coders = np.nonzero(self.codes >= 0)
        flat = rows * q + self.codes[rows, coders]
        return np.bincount(flat, minlength=n * q).reshape(n, q).astype(np.float64)

    def values(self) -> np.ndarray:
        """Category values as numbers (for interval and ratio α)."""
        try:
            return np.array(self.categories, dtype=np.float64)
        except (TypeError, ValueError):
            raise ValueError("interval, ratio and ordinal α need numeric ratings") from None


def statistics_for(ratings: Ratings) -> list[str]:
    """The default statistics for these ratings."""
    names = ["percent_agreement"]
    if ratings.n_coders == 2:
        names += ["cohen_kappa", "cohen_kappa_linear", "cohen_kappa_quadratic"]
        if ratings.q == 2:
            names += list(BINARY)
    return [*names, "krippendorff_alpha_nominal", "fleiss_kappa", "gwet_ac1"]


def bootstrap_weights(labels: np.ndarray, n_boot: int, seed: int | None) -> np.ndarray:
    """``weights[b, cluster]``: how often resample ``b`` drew each cluster (labels 0..k-1)."""
    k = int(labels.max()) + 1 if len(labels) else 0
    rng = np.random.default_rng(seed)
    drawn = rng.integers(0, k, size=(n_boot, k)) + (np.arange(n_boot) * k)[:, None]
    return np.bincount(drawn.ravel(), minlength=n_boot * k).reshape(n_boot, k).astype(np.float64)


# --- features per unit ------------------------------------------------------------------


def _table_features(ratings: Ratings) -> np.ndarray:
    """One-hot cell of the two-coder q × q table, zero where either rating is missing."""
    if ratings.n_coders != 2:
        raise ValueError(f"this statistic needs exactly two coders, not {ratings.n_coders}")
    q = ratings.q
    first, second = ratings.codes[:, 0], ratings.codes[:, 1]
    both = np.nonzero((first >= 0) & (second >= 0))[0]
    features = np.zeros((ratings.n_units, q * q))
    features[both, first[both] * q + second[both]] = 1.0
    return features


def _pooled_features(counts: np.ndarray) -> np.ndarray:
    """agreeing-pair share (units with 2+ ratings), pairable, rated, category shares."""
    m = counts.sum(axis=1)
    pairable = m >= 2
    agree = np.zeros(len(m))
    pairs = (counts * (counts - 1)).sum(axis=1)
    agree[pairable] = pairs[pairable] / (m[pairable] * (m[pairable] - 1))
    shares = np.divide(counts, m[:, None], out=np.zeros_like(counts), where=m[:, None] > 0)
    return np.column_stack([agree, pairable, m >= 1, shares]).astype(np.float64)


def _coincidence_features(counts: np.ndarray) -> np.ndarray:
    """Krippendorff's coincidences of each unit with 2+ ratings, flattened q × q."""
    m = counts.sum(axis=1)
    q = counts.shape[1]
    products = counts[:, :, None] * counts[:, None, :]
    products[:, np.arange(q), np.arange(q)] -= counts
    scale = np.divide(1.0, m - 1, out=np.zeros_like(m), where=m >= 2)
    return (products * scale[:, None, None]).reshape(len(m), q * q)


# --- statistics from summed features ----------------------------------------------------


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(bottom != 0, top / np.where(bottom != 0, bottom, 1.0), np.nan)


def _kappa(table: np.ndarray, agreement: np.ndarray) -> np.ndarray:
    total = table.sum(axis=(-2, -1))
    observed = _ratio((table * agreement).sum(axis=(-2, -1)), total)
    rows = _ratio(table.sum(axis=-1), total[..., None])
    columns = _ratio(table.sum(axis=-2), total[..., None])
    chance = np.einsum("...i,ij,...j->...", rows, agreement, columns)
    return _ratio(observed - chance, 1.0 - chance)


def _agreement_weights(q: int, power: int) -> np.ndarray:
    if power == 0:
        return np.eye(q)
    index = np.arange(q, dtype=np.float64)
    distance = np.abs(index[:, None] - index[None, :]) / max(q - 1, 1)
    return 1.0 - distance**power


def _binary(name: str, table: np.ndarray) -> np.ndarray:
    if table.shape[-1] != 2:
        return np.full(table.shape[:-2], np.nan)
    d, c, b, a = (table[..., i, j] for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)))
    n = a + b + c + d
    if name == "positive_agreement":
        return _ratio(2 * a, 2 * a + b + c)
    if name == "negative_agreement":
        return _ratio(2 * d, 2 * d + b + c)
    if name == "prevalence_index":
        return _ratio(np.abs(a - d), n)
    return _ratio(np.abs(b - c), n)


def _alpha(coincidence: np.ndarray, level: str, values: Callable[[], np.ndarray]) -> np.ndarray:
    q = coincidence.shape[-1]
    marginals = coincidence.sum(axis=-1)
    n = marginals.sum(axis=-1)
    index = np.arange(q)
    if level == "nominal":
        delta: np.ndarray = 1.0 - np.eye(q)
    elif level == "ordinal":
        low = np.minimum(index[:, None], index[None, :])
        high = np.maximum(index[:, None], index[None, :])
        cumulative = np.cumsum(marginals, axis=-1)
        between = cumulative[..., high] - cumulative[..., low] + marginals[..., low]
        delta = (between - (marginals[..., low] + marginals[..., high]) / 2) ** 2
    else:
        v = values()
        if level == "interval":
            delta = (v[:, None] - v[None, :]) ** 2
        else:
            total = v[:, None] + v[None, :]
            delta = _ratio(v[:, None] - v[None, :], total) ** 2
            delta = np.nan_to_num(delta)
    observed = (coincidence * delta).sum(axis=(-2, -1))
    pairs = marginals[..., :, None] * marginals[..., None, :]
    expected = (pairs * delta).sum(axis=(-2, -1))
    return 1.0 - (n - 1) * _ratio(observed, expected)


def _library_alpha(ratings: Ratings, counts: np.ndarray, level: str) -> float:
    """Krippendorff's α by the ``krippendorff`` package (NaN where it is undefined)."""
    import krippendorff

    pairable = counts[counts.sum(axis=1) >= 2]
    seen = pairable.sum(axis=0) > 0
    if ratings.q < 2 or seen.sum() < 2:
        return float("nan")
    domain = ratings.values() if level != "nominal" else np.arange(ratings.q, dtype=np.float64)
    return float(
        krippendorff.alpha(
            value_counts=pairable, value_domain=domain, level_of_measurement=cast(Level, level)
        )
    )


def estimates(
    ratings: Ratings,
    names: Sequence[str],
    *,
    weights: np.ndarray | None = None,
    clusters: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Each named statistic: a 0-d array, or one value per row of bootstrap ``weights``
    (``weights[b, cluster]``, ``clusters`` giving each unit's cluster, default itself)."""
    counts = ratings.counts()
    families: dict[str, Callable[[], np.ndarray]] = {
        "table": lambda: _table_features(ratings),
        "pooled": lambda: _pooled_features(counts),
        "coincidence": lambda: _coincidence_features(counts),
    }
    needed: list[str] = []
    for name in names:
        if name.startswith("cohen_kappa") or name in BINARY:
            family = "table"
        elif name in ALPHAS:
            family = "coincidence" if weights is not None else ""
        else:
            family = "pooled"
        if family and family not in needed:
            needed.append(family)
    blocks = [families[family]() for family in needed]
    features = np.hstack(blocks) if blocks else np.zeros((ratings.n_units, 0))
    if weights is None:
        total = features.sum(axis=0)
    else:
        if clusters is not None:
            features = _by_cluster(features, clusters, weights.shape[1])
        total = weights @ features
    edges = np.cumsum([0, *(block.shape[1] for block in blocks)])
    sums = {f: total[..., edges[i] : edges[i + 1]] for i, f in enumerate(needed)}

    def summed(family: str) -> np.ndarray:
        return sums[family]

    q = ratings.q
    result: dict[str, np.ndarray] = {}
    for name in names:
        if name.startswith("cohen_kappa"):
            power = {"cohen_kappa": 0, "cohen_kappa_linear": 1, "cohen_kappa_quadratic": 2}[name]
            table = summed("table").reshape(*summed("table").shape[:-1], q, q)
            result[name] = _kappa(table, _agreement_weights(q, power))
        elif name in BINARY:
            table = summed("table").reshape(*summed("table").shape[:-1], q, q)
            result[name] = _binary(name, table)
        elif name in ALPHAS:
            level = name.removeprefix("krippendorff_alpha_")
            if weights is None:
                result[name] = np.asarray(_library_alpha(ratings, counts, level))
            else:
                coincidence = summed("coincidence")
                coincidence = coincidence.reshape(*coincidence.shape[:-1], q, q)
                result[name] = _alpha(coincidence, level, ratings.values)
        else:
            result[name] = _pooled(name, summed("pooled"), q)
    return result


def _pooled(name: str, sums: np.ndarray, q: int) -> np.ndarray:
    observed = _ratio(sums[..., 0], sums[..., 1])
    if name == "percent_agreement":
        return observed
    shares = _ratio(sums[..., 3:], sums[..., 2:3])
    if name == "fleiss_kappa":
        chance = (shares**2).sum(axis=-1)
    elif name == "gwet_ac1":
        chance = (shares * (1 - shares)).sum(axis=-1) / max(q - 1, 1)
    else:
        raise ValueError(f"unknown statistic {name!r}")
    return _ratio(observed - chance, 1.0 - chance)


def _by_cluster(features: np.ndarray, clusters: np.ndarray, k: int) -> np.ndarray:
    """Feature sums per cluster."""
    if len(clusters) == k and np.array_equal(clusters, np.arange(k)):
        return features
    return np.column_stack(
        [
            np.bincount(clusters, weights=features[:, j], minlength=k)
            for j in range(features.shape[1])
        ]
    ).reshape(k, features.shape[1])
