"""Agreement between coders (and the automatic coder) over coded encounters.

The unit is a turn and a code: each rater either applied the code to the turn or did not
(``units.presence``). ``agreement`` pools these per code, theme, speaker role or overall
and reports, for two raters, Cohen's κ, percent, positive and negative agreement and the
prevalence and bias indices, and for any number Krippendorff's α (nominal), Fleiss' κ and
Gwet's AC1 (``statistics`` says which reference each matches). Confidence intervals come
from a bootstrap over turns: a resampled turn brings all its codes along, since the codes
of one turn are not independent of each other.

``exclude_uncoded`` drops units no rater applied a code to: most turns carry most codes
by nobody, and that mass of easy agreement swamps κ and percent agreement alike
(QualCoder #667). ``pairwise`` gives κ for every pair of raters (QualCoder #479).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from itertools import combinations
from typing import Any, Literal

import numpy as np
import pandas as pd

from rapport.model import Codebook, Coding, Encounter
from rapport.reliability.tally import Ratings, bootstrap_weights, estimates
from rapport.reliability.units import PresenceCube, presence_cube

By = Literal["code", "theme", "role", "overall"]
BY: tuple[str, ...] = ("code", "theme", "role", "overall")

#: Columns of ``agreement`` after the grouping columns.
AGREEMENT_COLUMNS: tuple[str, ...] = (
    "n_units",
    "n_present",
    "n_coders",
    "kappa",
    "kappa_low",
    "kappa_high",
    "percent_agreement",
    "positive_agreement",
    "negative_agreement",
    "prevalence_index",
    "bias_index",
    "alpha",
    "alpha_low",
    "alpha_high",
    "fleiss_kappa",
    "ac1",
    "ac1_low",
    "ac1_high",
)
_NAMES = {
    "kappa": "cohen_kappa",
    "percent_agreement": "percent_agreement",
    "positive_agreement": "positive_agreement",
    "negative_agreement": "negative_agreement",
    "prevalence_index": "prevalence_index",
    "bias_index": "bias_index",
    "alpha": "krippendorff_alpha_nominal",
    "fleiss_kappa": "fleiss_kappa",
    "ac1": "gwet_ac1",
}
_TWO_ONLY = ("kappa", "positive_agreement", "negative_agreement", "prevalence_index", "bias_index")
_WITH_INTERVAL = ("kappa", "alpha", "ac1")


def _groups(cube: PresenceCube, by: str) -> list[tuple[dict[str, Any], np.ndarray, np.ndarray]]:
    """(key columns, units × raters presence, each unit's turn within the group)."""
    present = cube.present
    n_turns, n_codes, _ = present.shape
    everywhere = np.arange(n_turns)
    if by == "code":
        return [
            ({"theme": theme, "code": code}, present[:, j, :], everywhere)
            for j, (code, theme) in enumerate(zip(cube.codes, cube.themes, strict=True))
        ]
    if by == "theme":
        themes = np.asarray(cube.themes)
        return [
            # fmax skips codes that are no unit on a turn (NaN) unless all of them are
            ({"theme": theme}, np.fmax.reduce(present[:, themes == theme, :], axis=1), everywhere)
            for theme in cube.theme_ids
        ]
    if by == "role":
        roles = cube.turns["role"].to_numpy()
        groups = []
        for role in pd.unique(roles):
            chosen = present[roles == role]
            turns = np.repeat(np.arange(len(chosen)), n_codes)
            groups.append(({"role": role}, chosen.reshape(-1, chosen.shape[2]), turns))
        return groups
    if by == "overall":
        turns = np.repeat(everywhere, n_codes)
        return [({}, present.reshape(-1, present.shape[2]), turns)]
    raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")


def _row(
    matrix: np.ndarray,
    turns: np.ndarray,
    raters: Sequence[str],
    *,
    exclude_uncoded: bool,
    n_boot: int,
    seed: int | None,
    confidence: float,
    columns: Sequence[str],
    resamples: dict[int, np.ndarray],
) -> dict[str, Any]:
    pairable = (~np.isnan(matrix)).sum(axis=1) >= 2
    applied = np.nansum(matrix, axis=1) > 0
    n_turns = int(turns.max()) + 1 if len(turns) else 0
    if exclude_uncoded:
        matrix, turns = matrix[applied], turns[applied]
    codes = np.where(np.isnan(matrix), -1, matrix).astype(np.int64)
    ratings = Ratings(codes, (False, True), tuple(raters))
    two = len(raters) == 2
    wanted = [c for c in columns if c in _NAMES and (two or c not in _TWO_ONLY)]
    names = [_NAMES[c] for c in wanted]
    point = estimates(ratings, names)
    row: dict[str, Any] = {
        "n_units": ratings.n_pairable,
        "n_present": int((applied & pairable).sum()),
        "n_coders": len(raters),
    }
    row.update({column: float("nan") for column in columns if column not in row})
    row.update({column: float(point[_NAMES[column]]) for column in wanted})
    boot = [c for c in wanted if c in _WITH_INTERVAL]
    if n_boot > 0 and boot and n_turns:
        if n_turns not in resamples:
            resamples[n_turns] = bootstrap_weights(np.arange(n_turns), n_boot, seed)
        weights = resamples[n_turns]
        draws = estimates(ratings, [_NAMES[c] for c in boot], weights=weights, clusters=turns)
        tail = (1 - confidence) / 2
        for column in boot:
            values = draws[_NAMES[column]]
            values = values[np.isfinite(values)]
            if len(values):
                low, high = np.quantile(values, [tail, 1 - tail])
                row[f"{column}_low"], row[f"{column}_high"] = float(low), float(high)
    return row


def _table(
    cube: PresenceCube,
    rater_columns: Sequence[int],
    by: str,
    *,
    exclude_uncoded: bool,
    n_boot: int,
    seed: int | None,
    confidence: float,
    columns: Sequence[str] = AGREEMENT_COLUMNS,
) -> list[dict[str, Any]]:
    raters = [cube.raters[i] for i in rater_columns]
    rows = []
    resamples: dict[int, np.ndarray] = {}
    for keys, matrix, turns in _groups(cube, by):
        chosen = matrix[:, list(rater_columns)]
        rated = (~np.isnan(chosen)).any(axis=1)
        row = _row(
            chosen[rated],
            np.unique(turns[rated], return_inverse=True)[1],
            raters,
            exclude_uncoded=exclude_uncoded,
            n_boot=n_boot,
            seed=seed,
            confidence=confidence,
            columns=columns,
            resamples=resamples,
        )
        rows.append({**keys, **row})
    return rows


def _check(by: str, n_boot: int, confidence: float) -> None:
    if by not in BY:
        raise ValueError(f"by must be one of {', '.join(BY)}, not {by!r}")
    if n_boot < 0:
        raise ValueError(f"n_boot must be 0 or more, not {n_boot}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, not {confidence}")


def agreement(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Codebook,
    *,
    coders: Sequence[str] | None = None,
    by: By = "code",
    exclude_uncoded: bool = False,
    n_boot: int = 1000,
    seed: int | None = 0,
    confidence: float = 0.95,
    coded_by: Mapping[str, Collection[str]] | None = None,
) -> pd.DataFrame:
    """Agreement among ``coders`` (default: every rater found, see ``rater_of``).

    One row per code (theme, code; in codebook order), per theme (a unit is present when
    any code of the theme was applied to the turn), per speaker role (every turn × code
    unit of turns of that role) or one ``overall`` row (every turn × code unit). Units are
    the turns of encounters at least one of the coders coded; ``exclude_uncoded`` keeps
    only units at least one coder applied the code to.

    Columns: the grouping columns, n_units (units rated by two coders or more), n_present
    (units someone applied the code to), n_coders, kappa (Cohen's, unweighted) with
    kappa_low and kappa_high, percent_agreement (0..1), positive_agreement,
    negative_agreement, prevalence_index, bias_index (these five and kappa for two coders
    only; NaN otherwise), alpha (Krippendorff's, nominal) with alpha_low, alpha_high,
    fleiss_kappa, ac1 (Gwet's) with ac1_low, ac1_high. Intervals are percentile bootstrap
    intervals over ``n_boot`` resamples of turns (NaN when ``n_boot`` is 0); a statistic
    is NaN where it is undefined (κ when every unit is absent for both coders, say).
    """
    _check(by, n_boot, confidence)
    cube = presence_cube(encounters, codings, codebook, coders, coded_by)
    rows = _table(
        cube,
        range(len(cube.raters)),
        by,
        exclude_uncoded=exclude_uncoded,
        n_boot=n_boot,
        seed=seed,
        confidence=confidence,
    )
    keys = {"code": ["theme", "code"], "theme": ["theme"], "role": ["role"], "overall": []}[by]
    return pd.DataFrame(rows, columns=[*keys, *AGREEMENT_COLUMNS])


def pairwise(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Codebook,
    *,
    coders: Sequence[str] | None = None,
    by: By = "overall",
    exclude_uncoded: bool = False,
    n_boot: int = 0,
    seed: int | None = 0,
    confidence: float = 0.95,
    coded_by: Mapping[str, Collection[str]] | None = None,
) -> pd.DataFrame:
    """Cohen's κ and percent agreement for every pair of raters, over the units both
    coded (the turns of encounters both coded).

    Columns: coder_a, coder_b (in rater order: people, consensus, auto), the grouping
    columns of ``by`` (none for ``overall``), n_units, kappa, kappa_low, kappa_high (NaN
    unless ``n_boot`` > 0), percent_agreement. Pivot on coder_a and coder_b for a matrix.
    """
    _check(by, n_boot, confidence)
    cube = presence_cube(encounters, codings, codebook, coders, coded_by)
    columns = ("n_units", "kappa", "kappa_low", "kappa_high", "percent_agreement")
    rows = []
    for first, second in combinations(range(len(cube.raters)), 2):
        pair = {"coder_a": cube.raters[first], "coder_b": cube.raters[second]}
        for row in _table(
            cube,
            (first, second),
            by,
            exclude_uncoded=exclude_uncoded,
            n_boot=n_boot,
            seed=seed,
            confidence=confidence,
            columns=columns,
        ):
            rows.append({**pair, **row})
    keys = {"code": ["theme", "code"], "theme": ["theme"], "role": ["role"], "overall": []}[by]
    return pd.DataFrame(rows, columns=["coder_a", "coder_b", *keys, *columns])
