"""The clinician feedback report: private, supportive, and specific to their own conversations.

The framework describes *potential* facilitators of alliance. The report shows which of
them appear in a clinician's talk, quotes them back, and points to emotional moments that
went unanswered; it never scores the clinician.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from rapport.analysis import (
    Corpus,
    clinician_profile,
    empathic_opportunities,
    frequency,
    talk_balance,
)
from rapport.errors import NotFoundError
from rapport.model import Coding, Encounter, Role
from rapport.report.charts import alliance_wheel
from rapport.report.common import code_examples, data_basis, moments_in_context, names
from rapport.report.tables import (
    ReportTable,
    columns,
    labelled,
    numeric,
    one_decimal,
)

STRENGTHS = 3
MOMENTS_SHOWN = 5


def spoke_in(encounter: Encounter, clinician: str) -> bool:
    return any(t.speaker == clinician and t.role == Role.CLINICIAN for t in encounter.turns)


def _within(encounter: Encounter, since: dt.date | None, until: dt.date | None) -> bool:
    if since is None and until is None:
        return True
    if encounter.date is None:
        return False
    return (since is None or encounter.date >= since) and (until is None or encounter.date <= until)


def _theme_rates(corpus: Corpus, clinician: str) -> pd.Series:
    profile = clinician_profile(corpus, level="theme")
    mine = profile[profile["clinician"] == clinician]
    return mine.set_index("theme")["per_hour"]


def clinician_context(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Any,
    clinician: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    compare_team: bool = False,
) -> dict[str, Any]:
    """Everything the clinician template shows.

    ``encounters`` may hold the whole workspace: the report uses the encounters this
    clinician spoke in within [since, until]; the period of equal length before ``since``
    is the previous period; the team comparison (off by default) uses every clinician's
    encounters in the same period.
    """
    theirs = [e for e in encounters if spoke_in(e, clinician)]
    if not theirs:
        known = sorted({t.speaker for e in encounters for t in e.turns if t.role == Role.CLINICIAN})
        hint = f"; clinicians in this workspace: {', '.join(known)}" if known else ""
        raise NotFoundError(f"no encounters with a clinician named {clinician!r}{hint}")
    dated = [e.date for e in theirs if e.date is not None]
    until = until or (max(dated) if dated else None)
    current = [e for e in theirs if _within(e, since, until)]
    if not current:
        raise NotFoundError(
            f"{clinician} has no encounters between {since or 'the start'} and {until or 'now'}"
        )
    corpus = Corpus(current, codings, codebook)
    code_names = names(codebook)
    profile = clinician_profile(corpus)
    mine = profile[profile["clinician"] == clinician].reset_index(drop=True)
    strengths = []
    used = mine[mine["count"] > 0].sort_values(["count", "code"], ascending=[False, True])
    for row in used.head(STRENGTHS).to_dict("records"):
        strengths.append(
            {
                "code": codebook.code(row["code"]),
                "theme": codebook.theme(row["theme"]),
                "count": int(row["count"]),
                "per_hour": row["per_hour"],
                "examples": code_examples(corpus, row["code"], speaker=clinician),
            }
        )
    opportunities = empathic_opportunities(corpus)
    opportunities = opportunities[opportunities["clinician"] == clinician]
    opportunities = opportunities.sort_values(
        ["date", "encounter", "turn"], ascending=[False, True, True], na_position="last"
    )
    moments = moments_in_context(corpus, opportunities)
    missed = [m for m in moments if not m.responded]
    met = [m for m in moments if m.responded]
    previous = None
    if since is not None:
        span = (until - since) if until else dt.timedelta(days=365)
        before = [
            e
            for e in theirs
            if _within(e, since - span - dt.timedelta(days=1), since - dt.timedelta(days=1))
        ]
        if before:
            previous = Corpus(before, codings, codebook)
    change = _change_table(corpus, previous, clinician, codebook)
    team = (
        _team_table(encounters, codings, codebook, clinician, since, until)
        if compare_team
        else None
    )
    balance = talk_balance(corpus, by="clinician").set_index("clinician").loc[clinician]
    counts = dict(zip(mine["code"], mine["count"].astype(float), strict=True))
    profile_table = ReportTable(
        id="profile",
        title=f"Codes in {clinician}'s talk",
        frame=mine[["theme", "code", "count", "per_hour", "share"]],
        columns=columns(
            ("code", "Code", labelled(code_names)),
            ("theme", "Theme", labelled(code_names)),
            numeric("count", "Codings", lambda v: f"{int(v):,}"),
            numeric("per_hour", "Per hour", one_decimal),
            numeric("share", "Share of codings", lambda v: "" if pd.isna(v) else f"{100 * v:.0f}%"),
        ),
    )
    tables = (
        [profile_table]
        + ([change] if change is not None else [])
        + ([team] if team is not None else [])
    )
    return {
        "kind": "clinician",
        "codebook": codebook,
        "title": f"Alliance feedback for {clinician}",
        "clinician": clinician,
        "since": since,
        "until": until,
        "basis": data_basis(corpus),
        "wheel": alliance_wheel(
            codebook, counts, title=f"Alliance wheel of {clinician}", id_prefix="wheel-clin"
        ),
        "strengths": strengths,
        "opportunities": len(moments),
        "met": met[:2],
        "missed": missed[:MOMENTS_SHOWN],
        "missed_total": len(missed),
        "responded_total": len(met),
        "change": change,
        "previous_basis": data_basis(previous) if previous else None,
        "team": team,
        "compare_team": compare_team,
        "talk_share": balance["clinician_share"],
        "estimated": bool(corpus.estimated),
        "tables": tables,
        "profile_table": profile_table,
        "total_codings": int(mine["count"].sum()),
    }


def _change_table(
    corpus: Corpus, previous: Corpus | None, clinician: str, codebook: Any
) -> ReportTable | None:
    if previous is None:
        return None
    now = _theme_rates(corpus, clinician)
    before = _theme_rates(previous, clinician)
    frame = pd.DataFrame(
        {
            "theme": [theme.id for theme in codebook.themes],
            "previous_per_hour": [before.get(theme.id) for theme in codebook.themes],
            "per_hour": [now.get(theme.id) for theme in codebook.themes],
        }
    )
    frame["change"] = frame["per_hour"] - frame["previous_per_hour"]
    code_names = names(codebook)
    return ReportTable(
        id="change",
        title="Codings per hour in each theme, before and now",
        frame=frame,
        columns=columns(
            ("theme", "Theme", labelled(code_names)),
            numeric("previous_per_hour", "Before (per hour)"),
            numeric("per_hour", "This period (per hour)"),
            numeric("change", "Change", lambda v: "" if pd.isna(v) else f"{v:+.1f}"),
        ),
        note=f"Previous period: {len(previous.encounters)} encounters before this one.",
    )


def _team_table(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Any,
    clinician: str,
    since: dt.date | None,
    until: dt.date | None,
) -> ReportTable:
    period = [e for e in encounters if _within(e, since, until)]
    team = Corpus(period, codings, codebook)
    rates = frequency(team, by="clinician", level="theme")
    median = rates.groupby("theme")["per_hour"].median()
    mine = rates[rates["clinician"] == clinician].set_index("theme")["per_hour"]
    frame = pd.DataFrame(
        {
            "theme": [theme.id for theme in codebook.themes],
            "per_hour": [mine.get(theme.id) for theme in codebook.themes],
            "team_median_per_hour": [median.get(theme.id) for theme in codebook.themes],
        }
    )
    return ReportTable(
        id="team",
        title="Codings per hour in each theme: yours and the team median",
        frame=frame,
        columns=columns(
            ("theme", "Theme", labelled(names(codebook))),
            numeric("per_hour", "You (per hour)"),
            numeric("team_median_per_hour", "Team median (per hour)"),
        ),
        note=f"Median over the {rates['clinician'].nunique()} clinicians with encounters in the "
        "same period.",
    )
