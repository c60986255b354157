"""The reliability report: agreement per code with a forest plot, where coders disagree,
and how the automatic coder agrees with people."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from rapport import __version__
from rapport.model import Codebook, Coding, Encounter
from rapport.reliability import agreement, disagreement_summary, pairwise, span_agreement
from rapport.report.charts import forest_plot
from rapport.report.common import names, theme_colours
from rapport.report.tables import (
    Column,
    ReportTable,
    columns,
    integer,
    labelled,
    numeric,
    percent,
    text,
)


@dataclass(slots=True)
class ReliabilityBasis:
    encounters: int
    turns: int
    raters: list[str]
    codebook: str
    n_boot: int
    generated: str
    version: str = __version__

    def sentence(self) -> str:
        return (
            f"{self.encounters} encounters coded by {' and '.join(self.raters)}; "
            f"{self.turns:,} turns, each judged for each code (turn × code presence); "
            f"95% intervals from {self.n_boot:,} bootstrap resamples of turns."
        )


def _two_decimals(value: Any) -> str:
    # + 0.0 turns -0.00 into 0.00
    return "" if value is None or pd.isna(value) else f"{round(float(value), 2) + 0.0:.2f}"


def _interval(frame: pd.DataFrame, stem: str) -> pd.Series:
    low, high = frame[f"{stem}_low"], frame[f"{stem}_high"]
    return pd.Series(
        [
            "" if pd.isna(a) or pd.isna(b) else f"{a:.2f} to {b:.2f}"
            for a, b in zip(low, high, strict=True)
        ],
        index=frame.index,
    )


def _agreement_columns(two: bool, key: Column) -> list[Column]:
    shown = [key, numeric("n_present", "Coded by anyone", integer)]
    if two:
        shown += [
            numeric("kappa", "Cohen's κ", _two_decimals),
            Column("kappa_ci", "95% CI", text, numeric=True),
            numeric("percent_agreement", "Agreement", percent),
            numeric("positive_agreement", "Positive agreement", _two_decimals),
        ]
    shown += [
        numeric("alpha", "Krippendorff's α", _two_decimals),
        numeric("ac1", "Gwet's AC1", _two_decimals),
    ]
    if not two:
        shown.insert(2, numeric("fleiss_kappa", "Fleiss' κ", _two_decimals))
    return shown


def reliability_context(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Codebook,
    *,
    raters: Sequence[str],
    coded_by: Mapping[str, Collection[str]],
    auto_codings: Sequence[Coding] = (),
    n_boot: int = 1000,
) -> dict[str, Any]:
    """Everything the reliability template shows."""
    code_names = names(codebook)
    colours = theme_colours(codebook)
    two = len(raters) == 2
    coders = list(raters)
    by_code = agreement(
        encounters, codings, codebook, by="code", n_boot=n_boot, coders=coders, coded_by=coded_by
    )
    by_code["kappa_ci"] = _interval(by_code, "kappa")
    overall = agreement(
        encounters, codings, codebook, by="overall", n_boot=n_boot, coders=coders, coded_by=coded_by
    )
    overall_coded = agreement(
        encounters,
        codings,
        codebook,
        by="overall",
        exclude_uncoded=True,
        n_boot=n_boot,
        coders=coders,
        coded_by=coded_by,
    )
    by_theme = agreement(
        encounters, codings, codebook, by="theme", n_boot=n_boot, coders=coders, coded_by=coded_by
    )
    by_theme["kappa_ci"] = _interval(by_theme, "kappa")
    by_role = agreement(
        encounters, codings, codebook, by="role", n_boot=n_boot, coders=coders, coded_by=coded_by
    )
    by_role["kappa_ci"] = _interval(by_role, "kappa")
    statistic = "kappa" if two else "alpha"
    forest = forest_plot(
        [
            (
                code_names[row.code],
                float(getattr(row, statistic)),
                float(getattr(row, f"{statistic}_low")),
                float(getattr(row, f"{statistic}_high")),
                colours[row.code],
            )
            for row in by_code.itertuples()
        ],
        x_label="Cohen's κ" if two else "Krippendorff's α",
        title=f"Agreement per code ({' and '.join(raters)})",
        id_prefix="forest-codes",
    )
    code_table = ReportTable(
        id="agreement-codes",
        title="Agreement per code",
        frame=by_code,
        columns=_agreement_columns(two, Column("code", "Code", labelled(code_names))),
        note="Unit: one turn and one code; a coder who coded an encounter decided every turn "
        "of it. Coded by anyone: turns at least one coder gave the code. κ is undefined (blank) "
        "where neither coder used the code.",
    )
    theme_table = ReportTable(
        id="agreement-themes",
        title="Agreement per theme",
        frame=by_theme,
        columns=_agreement_columns(two, Column("theme", "Theme", labelled(code_names))),
        note="A turn carries a theme when it carries any of the theme's codes.",
    )
    role_table = ReportTable(
        id="agreement-roles",
        title="Agreement per speaker role",
        frame=by_role,
        columns=_agreement_columns(two, Column("role", "Speaker role")),
    )
    summary = disagreement_summary(encounters, codings, codebook, list(raters), coded_by=coded_by)
    summary = summary[summary["disagreements"] > 0].head(12)
    direction = [name for name in summary.columns if name.startswith("applied_by_")]
    disagreement_table = ReportTable(
        id="disagreements",
        title="Codes with the most disagreement",
        frame=summary,
        columns=columns(
            ("code", "Code", labelled(code_names)),
            ("theme", "Theme", labelled(code_names)),
            numeric("disagreements", "Turns in dispute", integer),
            numeric("disagreement_rate", "Of turns", lambda v: percent(v, 1)),
            *[numeric(name, f"Applied by {name[11:]}", integer) for name in direction],
        ),
        note="For each disputed turn, who applied the code; discuss these codes first when "
        "refining the codebook.",
    )
    spans = span_agreement(encounters, codings, codebook, coders=list(raters), coded_by=coded_by)
    spans = spans[spans["segments"] > 0]
    span_table = ReportTable(
        id="segments",
        title="Segment agreement (character spans overlapping ≥ 90%)",
        frame=spans,
        columns=columns(
            ("coder_a", "Coder"),
            ("coder_b", "Coder"),
            ("code", "Code", labelled(code_names)),
            numeric("segments", "Segments", integer),
            numeric("matched", "Matched", integer),
            numeric("percent_agreement", "Agreement", percent),
        ),
        note="As MAXQDA's code intersection at segment level: a segment is matched when the "
        "other coder gave the same code to a span overlapping it by 90% or more (a coding "
        "without a span covers its whole turn).",
    )
    tables = [code_table, theme_table, role_table, disagreement_table, span_table]
    matrix = None
    if len(raters) > 2:
        pairs = pairwise(encounters, codings, codebook, coders=coders, coded_by=coded_by)
        matrix = ReportTable(
            id="pairwise",
            title="Agreement for each pair of coders",
            frame=pairs,
            columns=columns(
                ("coder_a", "Coder"),
                ("coder_b", "Coder"),
                numeric("n_units", "Units", integer),
                numeric("kappa", "Cohen's κ", _two_decimals),
                numeric("percent_agreement", "Agreement", percent),
            ),
        )
        tables.append(matrix)
    auto_sections = _auto_sections(encounters, codings, codebook, raters, coded_by, auto_codings)
    tables += [section["table"] for section in auto_sections]
    turns = sum(len(e.turns) for e in encounters)
    return {
        "kind": "reliability",
        "title": "Inter-coder reliability",
        "codebook": codebook,
        "basis": ReliabilityBasis(
            len(encounters),
            turns,
            list(raters),
            f"{codebook.name} (version {codebook.version})",
            n_boot,
            dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        ),
        "two": two,
        "overall": overall.iloc[0],
        "overall_coded": overall_coded.iloc[0],
        "forest": forest,
        "codes_table": code_table,
        "themes_table": theme_table,
        "roles_table": role_table,
        "disagreements": disagreement_table,
        "segments": span_table,
        "pairwise": matrix,
        "auto_sections": auto_sections,
        "tables": tables,
    }


def _auto_sections(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Codebook,
    raters: Sequence[str],
    coded_by: Mapping[str, Collection[str]],
    auto_codings: Sequence[Coding],
) -> list[dict[str, Any]]:
    """For each model version that coded these encounters: κ of each person with it, per
    code, beside the people's κ with each other."""
    versions = sorted({c.model_version or "unknown" for c in auto_codings})
    code_names = names(codebook)
    sections = []
    for version in versions:
        rater = f"auto:{version}"
        mine = [c for c in auto_codings if (c.model_version or "unknown") == version]
        coded = dict(coded_by)
        # an encounter the model coded without deciding any code looks uncoded; counting
        # only encounters with its codings errs towards leaving units out, not towards
        # counting them as disagreements
        coded[rater] = {c.encounter_id for c in mine}
        pairs = pairwise(
            encounters,
            [*codings, *mine],
            codebook,
            coders=[*raters, rater],
            by="code",
            coded_by=coded,
        )
        overall = pairwise(
            encounters, [*codings, *mine], codebook, coders=[*raters, rater], coded_by=coded
        )
        pairs["pair"] = pairs["coder_a"] + " · " + pairs["coder_b"].str.replace(rater, "auto")
        wide = pairs.pivot_table(index="code", columns="pair", values="kappa", sort=False)
        wide = wide.reindex(codebook.code_ids).reset_index()
        pair_names = [name for name in wide.columns if name != "code"]
        table = ReportTable(
            id=f"auto-{version}",
            title=f"Automatic coder {version} against people: Cohen's κ per code",
            frame=wide,
            columns=[
                Column("code", "Code", labelled(code_names)),
                *[numeric(name, name, _two_decimals) for name in pair_names],
            ],
            note="Over the encounters the model coded. A blank κ means neither rater of the "
            "pair used the code.",
        )
        overall["pair"] = overall["coder_a"] + " · " + overall["coder_b"].str.replace(rater, "auto")
        sections.append(
            {
                "version": version,
                "table": table,
                "overall": [
                    (row.pair, row.kappa, row.percent_agreement) for row in overall.itertuples()
                ],
            }
        )
    return sections
