"""The cohort report: the paper-style table, the wheel, charts and a methods paragraph."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from rapport.analysis import (
    WORDS_PER_SECOND,
    Corpus,
    distribution,
    distribution_tests,
    duration,
    empathic_opportunities,
    frequency,
    opportunity_summary,
    patient_summary,
    talk_balance,
    theme_trends,
)
from rapport.analysis.frequency import UNSPECIFIED
from rapport.report.charts import alliance_wheel, grouped_bars, horizontal_bars
from rapport.report.charts import theme_trends as trends_chart
from rapport.report.common import DataBasis, code_counts, data_basis, names, theme_colours
from rapport.report.tables import (
    Column,
    ReportTable,
    columns,
    integer,
    labelled,
    numeric,
    one_decimal,
    p_value,
    percent,
    text,
)

#: The encounter list shows this many rows; its CSV and XLSX downloads hold them all.
ENCOUNTERS_LISTED = 200


def paper_table(corpus: Corpus) -> pd.DataFrame:
    """Codes grouped by theme: frequency, duration and distribution across subtypes.

    One row per code: theme, code, codings, encounters_with, encounters_pct, per_hour,
    minutes, talk_share, one ``subtype:NAME`` column of counts per discussion subtype, and
    the p_value and test of the code's distribution across subtypes.
    """
    counts = frequency(corpus)
    times = duration(corpus)
    frame = counts[["theme", "code", "count", "encounters_with", "encounters", "per_hour"]].copy()
    frame["encounters_pct"] = frame["encounters_with"] / frame["encounters"].where(
        frame["encounters"] > 0
    )
    frame["minutes"] = times["minutes"].to_numpy()
    frame["talk_share"] = times["share"].to_numpy()
    by_subtype = distribution(corpus, by="subtype")
    wide = by_subtype.pivot_table(
        index="code", columns="subtype", values="count", aggfunc="sum", fill_value=0
    )
    for subtype in wide.columns:
        frame[f"subtype:{subtype}"] = frame["code"].map(wide[subtype]).fillna(0).astype("int64")
    if wide.shape[1] >= 2:
        tests = distribution_tests(corpus, by="subtype").set_index("code")
        frame["p_value"] = frame["code"].map(tests["p_value"])
        frame["test"] = frame["code"].map(tests["test"])
    return frame.rename(columns={"count": "codings"}).drop(columns="encounters")


def methods_paragraph(corpus: Corpus, basis: DataBasis, summary: pd.Series, filters: str) -> str:
    """A methods paragraph written from the data, ready to adapt for a paper."""
    clinicians = {name for names_ in corpus.encounter_table["clinicians"] for name in names_}
    subtypes = sorted({s for s in corpus.encounter_table["subtype"].dropna()})
    settings = sorted(set(corpus.encounter_table["setting"]))
    period = (
        f" between {basis.first_date:%B %Y} and {basis.last_date:%B %Y}"
        if basis.first_date and basis.last_date
        else ""
    )
    timing = (
        "Durations come from transcript timestamps"
        if not basis.estimated
        else "Durations come from transcript timestamps where present and are otherwise "
        f"estimated at {WORDS_PER_SECOND} words a second"
    )
    coders = (
        f"Clinician turns were coded against {basis.codebook} by Rapport's automatic coder "
        f"(model {', '.join(basis.model_versions)})"
        if basis.model_versions
        else f"Clinician turns were coded against {basis.codebook}"
    )
    reviewed = (
        f"; {basis.human_reviewed} of {basis.auto_only + basis.human_reviewed} encounters were "
        "coded or reviewed by human coders, whose codings take precedence"
        if basis.human_reviewed
        else "; no encounter has yet been reviewed by a human coder"
    )
    encounters_per_patient = (
        f" A median of {summary['median_per_patient']:g} encounters per patient (range, "
        f"{summary['min_per_patient']}-{summary['max_per_patient']}) were recorded."
        if summary["patients"] and summary["max_per_patient"] > 1
        else ""
    )
    patients = int(summary["patients"])
    people = _count(len(clinicians), "clinician") + (
        f" and {_count(patients, 'patient')} and their families"
        if patients
        else " and their patients (no patient identifiers recorded)"
    )
    return " ".join(
        [
            f"{_count(basis.encounters, 'conversation')}{period} ({basis.minutes:,.0f} minutes "
            f"of dialogue) between {people} were analysed{filters}.{encounters_per_patient}",
            f"Settings: {', '.join(settings)}; discussion subtypes: "
            f"{', '.join(subtypes) if subtypes else 'not recorded'}.",
            f"{coders}{reviewed}.",
            "Code frequency, temporal duration and distribution across discussion subtypes "
            "were calculated as descriptive statistics; distributions were compared with "
            "chi-square tests, or Fisher's exact test where expected cell counts were below 5.",
            f"{timing}.",
            "Empathic opportunities were turns in which a patient or family member expressed "
            "fear, sadness, anger, worry or overwhelm; an opportunity counted as responded to "
            "when an empathy or presence code occurred within the next two clinician turns.",
        ]
    )


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _trend_chart(corpus: Corpus) -> tuple[str | None, str]:
    trends = theme_trends(corpus)
    if trends.empty:
        return None, ""
    patients = trends["patient"].nunique()
    if patients == 1:
        labels = {
            row.visit: f"{row.visit}: {row.date:%d %b %Y}"
            if row.date is not None and not pd.isna(row.date)
            else str(row.visit)
            for row in trends.drop_duplicates("visit").itertuples()
        }
        values = {
            (labels[row.visit], row.theme): row.per_hour
            for row in trends.itertuples()
            if not pd.isna(row.per_hour)
        }
        patient = trends["patient"].iloc[0]
        caption = f"Codings per hour in each theme across patient {patient}'s encounters."
    else:
        serial = trends[trends.groupby("patient")["visit"].transform("max") >= 2]
        if serial.empty:
            return None, ""
        means = serial.groupby(["visit", "theme"])["per_hour"].mean().reset_index()
        per_visit = serial.groupby("visit")["patient"].nunique()
        labels = {visit: f"visit {visit} (n={n})" for visit, n in per_visit.items()}
        values = {
            (labels[row.visit], row.theme): row.per_hour
            for row in means.itertuples()
            if not pd.isna(row.per_hour)
        }
        caption = (
            "Mean codings per hour in each theme by visit number, over the "
            f"{serial['patient'].nunique()} "
            "patients with two or more encounters (n = patients with that many visits)."
        )
    order = [labels[visit] for visit in sorted(labels)]
    svg = trends_chart(
        corpus.codebook,
        encounters=order,
        values=values,
        y_label="codings per hour",
        title="Themes across serial encounters",
        id_prefix="trends-cohort",
    )
    return svg, caption


def cohort_context(
    corpus: Corpus,
    *,
    title: str = "Therapeutic alliance: cohort report",
    filters: str = "",
    encounter_links: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Everything the cohort template shows."""
    codebook = corpus.codebook
    code_names = names(codebook)
    basis = data_basis(corpus)
    summary = patient_summary(corpus).iloc[0]
    table = paper_table(corpus)
    subtype_columns = [name for name in table.columns if name.startswith("subtype:")]
    paper = ReportTable(
        id="codes",
        title="Codes by theme",
        frame=table,
        columns=columns(
            ("code", "Code", labelled(code_names)),
            numeric("codings", "n", integer),
            numeric("encounters_pct", "Encounters", percent),
            numeric("per_hour", "Per hour", one_decimal),
            numeric("minutes", "Minutes" + (" (est.)" if basis.estimated else ""), one_decimal),
            numeric("talk_share", "% clinician talk", lambda v: percent(v, 1)),
            *[
                numeric(name, name.split(":", 1)[1].replace("_", " "), integer)
                for name in subtype_columns
            ],
            *([numeric("p_value", "p", p_value)] if "p_value" in table.columns else []),
        ),
        note=(
            "n: codings; Encounters: share of encounters with the code; Per hour: codings per "
            "hour of recorded talk; "
            "subtype columns count codings in each discussion subtype; p: chi-square test (or "
            "Fisher's exact test where "
            "cells are sparse) of whether the share of clinician turns carrying the code differs "
            "between subtypes."
        ),
    )
    theme_frequency = frequency(corpus, by="subtype", level="theme")
    subtypes = sorted(set(theme_frequency["subtype"]))
    bars = (
        grouped_bars(
            codebook,
            groups=subtypes,
            values={
                (row.subtype, row.theme): row.per_hour
                for row in theme_frequency.itertuples()
                if not pd.isna(row.per_hour)
            },
            y_label="codings per hour",
            title="Themes by discussion subtype",
            id_prefix="bars-subtype",
        )
        if len(subtypes) >= 1 and len(corpus.encounters)
        else None
    )
    trend_svg, trend_caption = _trend_chart(corpus)
    colours = theme_colours(codebook)
    top = table[table["codings"] > 0].sort_values("codings", ascending=False).head(12)
    settings = _setting_table(corpus, code_names)
    clinicians = _clinician_table(corpus)
    opportunities = empathic_opportunities(corpus)
    overall = opportunity_summary(opportunities).iloc[0]
    by_subtype = opportunity_summary(opportunities, by="subtype")
    opportunity_table = ReportTable(
        id="opportunities",
        title="Empathic opportunities by discussion subtype",
        frame=by_subtype,
        columns=columns(
            ("subtype", "Subtype", lambda v: text(v).replace("_", " ")),
            numeric("opportunities", "Opportunities", integer),
            numeric("responded", "Responded", integer),
            numeric("missed", "Missed", integer),
            numeric("response_rate", "Response rate", percent),
        ),
    )
    encounters = corpus.encounter_table.sort_values(["date", "encounter"], na_position="last")
    encounter_table = ReportTable(
        id="encounters",
        title="Encounters",
        frame=encounters[
            [
                "encounter",
                "patient",
                "date",
                "setting",
                "subtype",
                "clinician",
                "turns",
                "seconds",
                "estimated",
            ]
        ]
        .assign(minutes=encounters["seconds"] / 60.0)
        .drop(columns="seconds"),
        columns=columns(
            ("encounter", "Encounter"),
            ("patient", "Patient", text),
            ("date", "Date", text),
            ("setting", "Setting"),
            ("subtype", "Subtype", lambda v: text(v).replace("_", " ") or UNSPECIFIED),
            ("clinician", "Lead clinician", text),
            numeric("turns", "Turns", integer),
            numeric("minutes", "Minutes", one_decimal),
        ),
    )
    tables = [paper, settings, clinicians, opportunity_table, encounter_table]
    return {
        "kind": "cohort",
        "codebook": corpus.codebook,
        "title": title,
        "filters": filters,
        "basis": basis,
        "summary": summary,
        "methods": methods_paragraph(corpus, basis, summary, filters),
        "wheel": alliance_wheel(
            codebook,
            code_counts(frequency(corpus)),
            title="Alliance wheel of the cohort",
            size=520,
            id_prefix="wheel-cohort",
        ),
        "paper": paper,
        "bars": bars,
        "bars_unspecified": subtypes == [UNSPECIFIED],
        "top_codes": horizontal_bars(
            [
                (code_names[row.code], float(row.codings), colours[row.code])
                for row in top.itertuples()
            ],
            value_format="{:,.0f}",
            title="Most frequent codes",
            id_prefix="top-codes",
        ),
        "top_count": len(top),
        "trends": trend_svg,
        "trend_caption": trend_caption,
        "settings": settings,
        "clinicians": clinicians,
        "opportunities": opportunity_table,
        "opportunity_overall": overall,
        "encounter_table": encounter_table,
        "encounter_rows": encounter_table.rows()[:ENCOUNTERS_LISTED],
        "encounters_listed": min(len(encounter_table.frame), ENCOUNTERS_LISTED),
        "encounter_links": dict(encounter_links or {}),
        "tables": tables,
        "n_codings": len(corpus.codings),
        "n_clinicians": len(
            {name for names_ in corpus.encounter_table["clinicians"] for name in names_}
        ),
    }


def _setting_table(corpus: Corpus, code_names: Mapping[str, str]) -> ReportTable:
    frame = distribution(corpus, by="setting", level="theme")
    wide = frame.pivot_table(
        index="theme", columns="setting", values="count", aggfunc="sum", fill_value=0
    )
    pct = frame.pivot_table(index="theme", columns="setting", values="col_pct", aggfunc="sum")
    order = [theme.id for theme in corpus.codebook.themes]
    out = pd.DataFrame({"theme": order})
    shown: list[Column] = [Column("theme", "Theme", labelled(code_names))]
    for setting in wide.columns:
        out[f"{setting}"] = out["theme"].map(wide[setting]).fillna(0).astype("int64")
        out[f"{setting}_pct"] = out["theme"].map(pct[setting])
        shown.append(numeric(setting, setting.capitalize(), integer))
        shown.append(numeric(f"{setting}_pct", "%", lambda v: percent(v / 100)))
    if wide.shape[1] >= 2:
        tests = distribution_tests(corpus, by="setting", level="theme").set_index("theme")
        out["p_value"] = out["theme"].map(tests["p_value"])
        out["warning"] = out["theme"].map(tests["warning"])
        shown.append(numeric("p_value", "p", p_value))
    return ReportTable(
        id="settings",
        title="Themes by setting",
        frame=out,
        columns=shown,
        note="%: share of the setting's codings in the theme (column percentages). p: chi-square "
        "or Fisher's exact test of whether the share of clinician turns in the theme differs "
        "between settings.",
    )


def _clinician_table(corpus: Corpus) -> ReportTable:
    rates = frequency(corpus, by="clinician", level="theme")
    totals = rates.groupby("clinician").agg(
        codings=("count", "sum"), encounters=("encounters", "first"), hours=("hours", "first")
    )
    totals["per_hour"] = totals["codings"] / totals["hours"].where(totals["hours"] > 0)
    balance = talk_balance(corpus, by="clinician").set_index("clinician")
    totals["talk_share"] = balance["clinician_share"]
    opportunities = opportunity_summary(empathic_opportunities(corpus), by="clinician").set_index(
        "clinician"
    )
    totals["opportunities"] = (
        opportunities["opportunities"].reindex(totals.index).fillna(0).astype("int64")
    )
    totals["response_rate"] = opportunities["response_rate"].reindex(totals.index)
    frame = totals.reset_index()[
        [
            "clinician",
            "encounters",
            "codings",
            "per_hour",
            "talk_share",
            "opportunities",
            "response_rate",
        ]
    ]
    return ReportTable(
        id="clinicians",
        title="Clinicians",
        frame=frame,
        columns=columns(
            ("clinician", "Clinician"),
            numeric("encounters", "Encounters", integer),
            numeric("codings", "Codings", integer),
            numeric("per_hour", "Per hour", one_decimal),
            numeric("talk_share", "Clinician talk share", percent),
            numeric("opportunities", "Empathic opportunities", integer),
            numeric("response_rate", "Responded", percent),
        ),
        note="Codings on each clinician's own turns, per hour of the encounters they took part "
        "in. Talk share: their talk against the family's.",
    )
