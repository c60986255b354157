"""Distribution of codes across discussion subtypes and settings, with tests of independence.

Kaye 2021 reported each code's "distribution across discussion subtype". ``distribution``
gives the cross-table with row and column percentages; ``distribution_tests`` asks, per
code, whether the share of turns carrying it differs between groups; ``mix_test`` asks
whether the mix of codes differs between groups.

The tests follow R: ``chisq.test`` where Cochran's rule allows (no expected count below
1 and at most 20% below 5), otherwise Fisher's exact test (``fisher.test``; for tables
larger than 2×2 with a Monte Carlo p-value, as ``fisher.test(simulate.p.value = TRUE)``).
Turns within one encounter are not independent, so read the p-values as descriptive.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from rapport.analysis.corpus import Corpus
from rapport.analysis.frequency import (
    Grouping,
    Level,
    check_grouping,
    check_level,
    group_labels,
    grouped_codings,
)
from rapport.model import Role

MONTE_CARLO_TABLES = 9_999
_SEED = 20210401  # fixed, so that a report's p-values do not change between runs


@dataclass(slots=True, frozen=True)
class IndependenceTest:
    """The outcome of one test of independence on a contingency table."""

    test: str
    statistic: float
    dof: int | None
    p_value: float
    sparse_cells: int
    cells: int
    warning: str


def independence_test(table: np.ndarray) -> IndependenceTest:
    """Chi-square test of independence, or Fisher's exact test when cells are too sparse.

    Checked against R: ``chisq.test`` on Agresti's party-by-gender table (X² = 30.07,
    df = 2, p = 2.954e-07) and ``fisher.test`` on the tea-tasting table (p = 0.4857).
    Empty rows and columns are dropped first; a table left with fewer than two rows or
    columns cannot be tested.
    """
    from scipy import stats

    observed = np.asarray(table, dtype=np.int64)
    observed = observed[observed.sum(axis=1) > 0][:, observed.sum(axis=0) > 0]
    if observed.ndim != 2 or min(observed.shape, default=0) < 2:
        return IndependenceTest(
            "none", float("nan"), None, float("nan"), 0, int(observed.size), _untestable(observed)
        )
    expected = stats.contingency.expected_freq(observed)
    sparse = int((expected < 5).sum())
    cells = int(expected.size)
    if expected.min() >= 1 and sparse <= 0.2 * cells:
        chi2 = stats.chi2_contingency(observed, correction=False)
        return IndependenceTest(
            "chi-square",
            float(chi2.statistic),
            int(chi2.dof),
            float(chi2.pvalue),
            sparse,
            cells,
            "",
        )
    warning = (
        f"{sparse} of {cells} cells expect fewer than 5; chi-square is unreliable, "
        "so Fisher's exact test is used"
    )
    if observed.shape == (2, 2):
        fisher = stats.fisher_exact(observed)
        return IndependenceTest(
            "Fisher exact",
            float(fisher.statistic),
            None,
            float(fisher.pvalue),
            sparse,
            cells,
            warning,
        )
    method = stats.MonteCarloMethod(
        n_resamples=MONTE_CARLO_TABLES, rng=np.random.default_rng(_SEED)
    )
    fisher = stats.fisher_exact(observed, method=method)
    return IndependenceTest(
        "Fisher exact (Monte Carlo p)",
        # scipy returns shape-(1,) arrays for some table shapes
        float(np.asarray(fisher.statistic).item()),
        None,
        float(np.asarray(fisher.pvalue).item()),
        sparse,
        cells,
        warning + f" (p from {MONTE_CARLO_TABLES:,} simulated tables)",
    )


def _untestable(observed: np.ndarray) -> str:
    if observed.size == 0 or observed.sum() == 0:
        return "nothing observed, so nothing to test"
    if observed.shape[1] < 2:
        return "only one group has data, so there is nothing to compare"
    return "observed in every group alike (one row), so there is nothing to test"


def distribution(corpus: Corpus, by: Grouping = "subtype", level: Level = "code") -> pd.DataFrame:
    """The cross-table of codings by code (or theme) and group, in long form.

    Columns: theme, code (level ``code``), ``by``, count, row_pct (of the code's codings,
    the percentage in this group; rows sum to 100) and col_pct (of the group's codings,
    the percentage that are this code; columns sum to 100). Percentages are NaN where the
    row or column total is 0. Every code and every group appears, zeros included.
    """
    check_grouping(by)
    check_level(level)
    if by == "encounter":
        groups = corpus.encounter_table["encounter"].astype(str).tolist()
    elif by == "clinician":
        groups = sorted({name for names in corpus.encounter_table["clinicians"] for name in names})
    else:
        groups = sorted(set(group_labels(corpus.encounter_table[by])))
    keys = ["theme", "code"] if level == "code" else ["theme"]
    coded = grouped_codings(corpus, by)
    counts = coded.groupby([*keys, by]).size().rename("count").reset_index()
    if level == "code":
        items = pd.DataFrame(
            {"theme": [c.theme for c in corpus.codebook.codes], "code": corpus.codebook.code_ids}
        )
    else:
        items = pd.DataFrame({"theme": [t.id for t in corpus.codebook.themes]})
    frame = items.merge(pd.DataFrame({by: groups}), how="cross")
    frame = frame.merge(counts, on=[*keys, by], how="left")
    frame["count"] = frame["count"].fillna(0).astype("int64")
    row_totals = frame.groupby(keys, sort=False)["count"].transform("sum")
    col_totals = frame.groupby(by)["count"].transform("sum")
    frame["row_pct"] = 100.0 * frame["count"] / row_totals.where(row_totals > 0)
    frame["col_pct"] = 100.0 * frame["count"] / col_totals.where(col_totals > 0)
    return frame.reset_index(drop=True)


def _unit_turns(corpus: Corpus, by: str, roles: frozenset[str]) -> pd.DataFrame:
    """The turns a code can apply to, each with its group."""
    turns = corpus.turns
    units = turns[turns["role"].astype(str).isin(roles)][["encounter", "turn", "speaker"]]
    units = units.astype({"encounter": str, "speaker": str})
    if by == "clinician":
        return units.assign(clinician=units["speaker"])
    if by == "encounter":
        return units
    attributes = corpus.encounter_table[["encounter", by]].astype({"encounter": str})
    attributes = attributes.assign(**{by: group_labels(attributes[by])})
    return units.merge(attributes, on="encounter", how="left")


def distribution_tests(
    corpus: Corpus, by: Grouping = "subtype", level: Level = "code"
) -> pd.DataFrame:
    """Per code (or theme): does the share of turns carrying it differ between groups?

    The unit is a turn the code can apply to (clinician turns; for affection also
    patients' and families' turns), coded or not, so the table is 2 × groups. Columns:
    theme, code (level ``code``), test, statistic, dof, p_value, sparse_cells, cells and
    warning (empty when the chi-square test is reliable).
    """
    check_grouping(by)
    check_level(level)
    codebook = corpus.codebook
    if level == "code":
        members = {code.id: [code] for code in codebook.codes}
        theme_of = {code.id: code.theme for code in codebook.codes}
    else:
        members = {theme.id: list(theme.codes) for theme in codebook.themes}
        theme_of = {theme.id: theme.id for theme in codebook.themes}
    item_of = {code.id: (code.id if level == "code" else code.theme) for code in codebook.codes}
    coded = corpus.coded
    hits = (
        coded[["encounter", "turn"]]
        .assign(item=coded["code"].map(item_of))
        .drop_duplicates(["encounter", "turn", "item"])
    )
    # Items whose codes apply to the same roles share one table of unit turns, so a
    # million-turn cohort is merged twice, not 28 times.
    by_roles: dict[frozenset[str], list[str]] = {}
    for item, codes in members.items():
        roles = frozenset(str(role) for code in codes for role in code.applies_to)
        by_roles.setdefault(roles or frozenset({str(Role.CLINICIAN)}), []).append(item)
    results: dict[str, IndependenceTest] = {}
    for roles, items in by_roles.items():
        units = _unit_turns(corpus, by, roles)
        totals = units.groupby(by).size()
        found = hits[hits["item"].isin(items)].merge(
            units[["encounter", "turn", by]], on=["encounter", "turn"]
        )
        counts = found.groupby(["item", by]).size()
        for item in items:
            coded_units = (
                counts.loc[item].reindex(totals.index, fill_value=0)
                if item in counts.index.get_level_values(0)
                else totals * 0
            )
            table = np.vstack([coded_units.to_numpy(), (totals - coded_units).to_numpy()])
            results[item] = independence_test(table)
    rows = []
    for item in members:
        result = results[item]
        row: dict[str, object] = {"theme": theme_of[item]}
        if level == "code":
            row["code"] = item
        row.update(
            test=result.test,
            statistic=result.statistic,
            dof=result.dof,
            p_value=result.p_value,
            sparse_cells=result.sparse_cells,
            cells=result.cells,
            warning=result.warning,
        )
        rows.append(row)
    return pd.DataFrame(rows)


def mix_test(corpus: Corpus, by: Grouping = "subtype", level: Level = "theme") -> pd.DataFrame:
    """Does the mix of codes (or themes) among the codings differ between groups?

    One row: test, statistic, dof, p_value, sparse_cells, cells, warning, computed on the
    codes × groups table of ``distribution``.
    """
    frame = distribution(corpus, by, level)
    key = "code" if level == "code" else "theme"
    table = frame.pivot_table(index=key, columns=by, values="count", aggfunc="sum", fill_value=0)
    result = independence_test(table.to_numpy())
    return pd.DataFrame(
        [
            {
                "test": result.test,
                "statistic": result.statistic,
                "dof": result.dof,
                "p_value": result.p_value,
                "sparse_cells": result.sparse_cells,
                "cells": result.cells,
                "warning": result.warning,
            }
        ]
    )
