"""The survey report: agreement within dyads, trajectories by arm, discordance, alerts,
and the bridge from coded conversations to rated alliance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from rapport import __version__
from rapport.report.charts import bland_altman, scatter_with_fit, trajectories
from rapport.report.tables import (
    ReportTable,
    columns,
    integer,
    numeric,
    one_decimal,
    p_value,
    percent,
    text,
)


@dataclass(slots=True)
class SurveyBasis:
    responses: int
    relationships: int
    timepoints: list[str]
    instruments: list[str]
    groups: list[str]
    generated: str
    codebook: str = ""
    version: str = __version__

    def sentence(self) -> str:
        groups = f"; arms: {', '.join(self.groups)}" if self.groups else ""
        return (
            f"{self.responses:,} questionnaire responses from {self.relationships} relationships "
            f"at {', '.join(self.timepoints)} ({', '.join(self.instruments)}){groups}."
        )


def _two(value: Any) -> str:
    return "" if value is None or pd.isna(value) else f"{float(value):.2f}"


def _ordered_timepoints(values: pd.Series) -> list[str]:
    from rapport.surveys.models import timepoint_times

    labels = sorted({str(v) for v in values.dropna()})
    times = timepoint_times(labels)
    return sorted(labels, key=lambda label: (times.get(label, float("inf")), label))


def survey_context(
    scores: pd.DataFrame,
    *,
    corpus: Any = None,
    alliance: str = "wai_sr",
    challenges: tuple[str, str] = ("rc_parent", "rc_clinician"),
) -> dict[str, Any]:
    """Everything the survey template shows."""
    from rapport.surveys.agreement import (
        bland_altman as agreement_limits,
    )
    from rapport.surveys.agreement import (
        bland_altman_points,
        discordance,
        discordance_table,
        dyad_icc,
        dyads,
    )
    from rapport.surveys.alerts import missed_challenges
    from rapport.surveys.models import alliance_trajectories, trajectory_means

    timepoints = _ordered_timepoints(scores["timepoint"])
    basis = SurveyBasis(
        responses=int(scores["response_id"].nunique()),
        relationships=int(scores["relationship"].nunique()),
        timepoints=timepoints,
        instruments=sorted(scores["instrument"].unique()),
        groups=sorted({str(g) for g in scores["group"].dropna()}),
        generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
    )
    summary = (
        scores[scores["scale"] == "total"]
        .groupby(["instrument", "role"])
        .agg(
            responses=("response_id", "nunique"),
            scored=("value", "count"),
            mean=("value", "mean"),
            sd=("value", "std"),
            prorated=("rule", lambda r: int(r.str.startswith("prorated").sum())),
        )
        .reset_index()
    )
    summary["missing"] = summary["responses"] - summary["scored"]
    instruments_table = ReportTable(
        id="instruments",
        title="Instruments scored",
        frame=summary,
        columns=columns(
            ("instrument", "Instrument"),
            ("role", "Respondent", text),
            numeric("responses", "Responses", integer),
            numeric("scored", "Scored", integer),
            numeric("prorated", "Prorated", integer),
            numeric("missing", "Too incomplete", integer),
            numeric("mean", "Mean", one_decimal),
            numeric("sd", "SD", one_decimal),
        ),
        note="Each score records the rule that produced it: complete, prorated (few items "
        "missing) or missing (too many); REDCap missing-data codes count as missing items.",
    )
    tables = [instruments_table]
    context: dict[str, Any] = {
        "kind": "surveys",
        "title": "Alliance questionnaires and dyads",
        "basis": basis,
        "instruments_table": instruments_table,
        "alliance": alliance,
    }
    pairs = dyads(scores, alliance).dropna(subset=["family_value", "clinician_value"])
    context["n_pairs"] = len(pairs)
    if len(pairs) >= 3:
        icc = dyad_icc(pairs)
        icc_table = ReportTable(
            id="icc",
            title=f"Family–clinician agreement on {alliance} (intraclass correlation)",
            frame=icc,
            columns=columns(
                ("type", "Form"),
                ("description", "Meaning"),
                numeric("icc", "ICC", _two),
                numeric("ci_low", "95% CI low", _two),
                numeric("ci_high", "95% CI high", _two),
                numeric("p_value", "p", p_value),
            ),
            note="Shrout & Fleiss forms; each relationship at each timepoint is one target, "
            "rated by the family member and by the clinician.",
        )
        limits = agreement_limits(pairs, "family_value", "clinician_value").set_index("statistic")
        points = bland_altman_points(pairs, "family_value", "clinician_value")
        context["bland_altman"] = bland_altman(
            list(zip(points["mean"], points["difference"], strict=True)),
            bias=float(limits.loc["bias", "estimate"]),
            lower=float(limits.loc["lower_limit", "estimate"]),
            upper=float(limits.loc["upper_limit", "estimate"]),
            bias_ci=(float(limits.loc["bias", "ci_low"]), float(limits.loc["bias", "ci_high"])),
            lower_ci=(
                float(limits.loc["lower_limit", "ci_low"]),
                float(limits.loc["lower_limit", "ci_high"]),
            ),
            upper_ci=(
                float(limits.loc["upper_limit", "ci_low"]),
                float(limits.loc["upper_limit", "ci_high"]),
            ),
            title=f"Bland–Altman: family minus clinician {alliance}",
            x_label="Mean of family and clinician scores",
            y_label="Family − clinician",
            id_prefix="ba-alliance",
        )
        context["limits"] = limits.reset_index()
        context["icc_table"] = icc_table
        tables.append(icc_table)
    means = trajectory_means(scores, instrument=alliance)
    if not means.empty:
        series: dict[str, list[tuple[str, float, float, float]]] = {}
        for row in means.itertuples():
            series.setdefault(
                f"{row.group} ({row.role})" if "role" in means.columns else str(row.group), []
            ).append((str(row.timepoint), float(row.mean), float(row.ci_low), float(row.ci_high)))
        context["trajectories"] = trajectories(
            series,
            timepoints=[t for t in timepoints if t in set(means["timepoint"].astype(str))],
            y_label=f"{alliance} total",
            title=f"{alliance} over time by arm (family and clinician ratings)",
            id_prefix="traj-alliance",
        )
        try:
            model = alliance_trajectories(scores, instrument=alliance)
        except Exception as error:  # a model that cannot be fitted is reported, not fatal
            model = pd.DataFrame(
                [{"term": f"not fitted: {error}", "component": "", "estimate": None,
                  "ci_low": None, "ci_high": None, "p_value": None}]
            )  # fmt: skip
        model_table = ReportTable(
            id="mixed-model",
            title=f"Linear mixed model: {alliance} ~ time × arm, random intercept per patient",
            frame=model,
            columns=columns(
                ("term", "Term"),
                ("component", "Component", text),
                numeric("estimate", "Estimate", _two),
                numeric("ci_low", "95% CI low", _two),
                numeric("ci_high", "95% CI high", _two),
                numeric("p_value", "p", p_value),
            ),
            note="Time in months from baseline; REML. "
            + (str(model["method"].iloc[0]) if "method" in model.columns and len(model) else ""),
        )
        context["model_table"] = model_table
        tables.append(model_table)
    challenge_pairs = dyads(scores, challenges)
    if len(challenge_pairs):
        table = discordance_table(discordance(challenge_pairs))
        discordance_report = ReportTable(
            id="discordance",
            title="Challenging relationships, by whose report (as Mack et al. 2021)",
            frame=table,
            columns=columns(
                ("label", "Challenging to"),
                numeric("count", "n", integer),
                numeric("n", "of", integer),
                numeric("proportion", "%", lambda v: percent(v, 1)),
                numeric("ci_low", "95% CI low", lambda v: percent(v, 1)),
                numeric("ci_high", "95% CI high", lambda v: percent(v, 1)),
            ),
            note="Wilson intervals. Mack et al. 2021 found 24% (parents), 38% (clinicians) and "
            "10% (both) of 338 relationships challenging.",
        )
        context["discordance"] = discordance_report
        tables.append(discordance_report)
        context["alerts"] = _grouped(missed_challenges(scores, challenges, corpus=corpus))
    context["bridge"] = _bridge(scores, corpus, alliance, tables)
    context["tables"] = tables
    return context


def _grouped(alerts: list[Any]) -> list[dict[str, Any]]:
    """One card per relationship: the timepoints flagged, and the latest alert's words and
    suggestions (the same relationship flagged at four timepoints is one concern)."""
    from rapport.surveys.models import timepoint_times

    by_relationship: dict[str, list[Any]] = {}
    for alert in alerts:
        by_relationship.setdefault(str(alert.relationship), []).append(alert)
    times = timepoint_times(sorted({str(a.timepoint) for a in alerts}))
    cards = []
    for relationship, flagged in by_relationship.items():
        flagged.sort(key=lambda a: times.get(str(a.timepoint), 0.0))
        latest = flagged[-1]
        date = latest.date
        cards.append(
            {
                "relationship": relationship,
                "patient": latest.patient,
                "clinician": latest.clinician,
                "timepoints": [str(a.timepoint).replace("_", " ") for a in flagged],
                "date": date.strftime("%d %b %Y") if hasattr(date, "strftime") else date,
                "reported": latest.reported,
                "suggestions": latest.suggestions,
                "audience": latest.audience,
                "sort": (-len(flagged), -times.get(str(latest.timepoint), 0.0), relationship),
            }
        )
    return sorted(cards, key=lambda card: card["sort"])


def _bridge(
    scores: pd.DataFrame, corpus: Any, alliance: str, tables: list[ReportTable]
) -> dict[str, Any] | None:
    """The behaviour-to-alliance table and one scatter per theme, when conversations and
    questionnaires share relationships."""
    if corpus is None:
        return None
    from rapport.surveys.bridge import bridge

    result = bridge(scores, corpus, instrument=alliance)
    joined = result.joined.dropna(subset=["value"])
    if "encounters" in joined.columns:
        joined = joined[joined["encounters"] > 0]
    if joined.empty:
        return None
    table = ReportTable(
        id="bridge",
        title=f"Coded behaviour against {alliance}",
        frame=result.table,
        columns=columns(
            ("predictor", "Predictor"),
            ("analysis", "Analysis"),
            numeric("estimate", "Estimate", _two),
            numeric("ci_low", "95% CI low", _two),
            numeric("ci_high", "95% CI high", _two),
            numeric("p_adjusted", "p (BH)", p_value),
            numeric("n", "n", integer),
            ("warning", "Note", text),
        ),
        note="Each theme's codings per hour in the conversations in the 120 days before each "
        "questionnaire; Benjamini–Hochberg adjusted p-values.",
    )
    tables.append(table)
    colours = {theme.id: theme.colour for theme in corpus.codebook.themes}
    plots = []
    for theme in corpus.codebook.themes:
        column = f"{theme.id}_per_hour"
        if column not in joined.columns:
            continue
        frame = joined[[column, "value"]].dropna()
        if len(frame) < 3 or frame[column].nunique() < 2:
            continue
        slope, intercept = np.polyfit(frame[column], frame["value"], 1)
        plots.append(
            scatter_with_fit(
                list(zip(frame[column], frame["value"], strict=True)),
                (float(intercept), float(slope)),
                title=theme.name,
                x_label=f"{theme.name} per hour",
                y_label=alliance,
                colour=colours[theme.id],
                id_prefix=f"bridge-{theme.id}",
            )
        )
    return {"table": table, "plots": plots, "n": len(joined)}
