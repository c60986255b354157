"""Where raters differ: the units to talk through when refining the codebook."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

import numpy as np
import pandas as pd

from rapport.model import Codebook, Coding, Encounter
from rapport.reliability.units import presence_cube


def _differs(present: np.ndarray) -> np.ndarray:
    """``present[turn, code, rater]`` → (turn, code) rated by 2+ raters who differ."""
    rated = (~np.isnan(present)).sum(axis=2)
    applied = np.nansum(present, axis=2)
    return (rated >= 2) & (applied > 0) & (applied < rated)


def disagreements(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Codebook,
    coders: Sequence[str] | None = None,
    *,
    coded_by: Mapping[str, Collection[str]] | None = None,
) -> pd.DataFrame:
    """One row per turn and code on which the raters who coded the turn differ.

    Columns: encounter, turn, role, text (of the turn), theme, code, applied_by (raters
    who applied the code, comma-separated), then one boolean column per rater, named after
    the rater (``<NA>`` where the rater did not code the encounter). Rows come in
    encounter, turn and codebook order.
    """
    cube = presence_cube(encounters, codings, codebook, coders, coded_by)
    turn_rows, code_columns = np.nonzero(_differs(cube.present))
    frame = cube.turns.iloc[turn_rows].reset_index(drop=True)
    frame["theme"] = [cube.themes[j] for j in code_columns]
    frame["code"] = [cube.codes[j] for j in code_columns]
    decisions = cube.present[turn_rows, code_columns, :]
    frame["applied_by"] = [
        ", ".join(r for r, v in zip(cube.raters, row, strict=True) if v == 1.0) for row in decisions
    ]
    for k, rater in enumerate(cube.raters):
        values = decisions[:, k]
        frame[rater] = pd.arrays.BooleanArray(values == 1.0, np.isnan(values))
    return frame


def disagreement_summary(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Codebook,
    coders: Sequence[str] | None = None,
    *,
    coded_by: Mapping[str, Collection[str]] | None = None,
) -> pd.DataFrame:
    """Codes ranked by how often the raters disagreed on them, most first.

    Columns: theme, code, n_units (turns rated by two raters or more), disagreements,
    disagreement_rate (disagreements / n_units), then ``applied_by_<rater>`` for each
    rater: in how many of the disagreements that rater applied the code (for two raters,
    the direction of the disagreement). Ties keep codebook order.
    """
    cube = presence_cube(encounters, codings, codebook, coders, coded_by)
    differs = _differs(cube.present)
    n_units = ((~np.isnan(cube.present)).sum(axis=2) >= 2).sum(axis=0)
    frame = pd.DataFrame(
        {
            "theme": cube.themes,
            "code": cube.codes,
            "n_units": n_units.astype("int64"),
            "disagreements": differs.sum(axis=0).astype("int64"),
        }
    )
    frame["disagreement_rate"] = frame["disagreements"] / frame["n_units"].where(
        frame["n_units"] > 0
    )
    for k, rater in enumerate(cube.raters):
        applied = (cube.present[:, :, k] == 1.0) & differs
        frame[f"applied_by_{rater}"] = applied.sum(axis=0).astype("int64")
    return frame.sort_values("disagreements", ascending=False, kind="stable").reset_index(drop=True)
