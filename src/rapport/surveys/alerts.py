"""Alerts for the care team when a family finds the relationship hard and it may not show.

Mack et al. (2021) found that a quarter of parents in pediatric oncology described a
challenging relationship with their child's clinician, and that clinicians' strategies
(regular family meetings, extra time and attention, advice from a colleague) went to the
relationships *clinicians* saw as challenging, rarely to those only parents did. An
``Alert`` marks exactly those: the family's Relationship Challenges answers say
challenging and the clinician's, at the same timepoint, do not.

Alerts are for the care team only, never for the family. Their wording is supportive and
blames no one: a family's experience can differ from what anyone could see in the room.
Suggestions name what clinicians already do for challenges they recognise and, where the
dyad's conversations were coded, Kaye et al. (2021) facilitators that came up rarely,
with the framework's own definitions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from rapport.analysis import Corpus, empathic_opportunities
from rapport.surveys.agreement import FAMILY_ROLES, discordance, dyads

#: Facilitators worth emphasising when a family finds the relationship hard, in the order
#: suggested: making room for the family's view and feelings, and staying with them.
FOCUS_CODES: tuple[str, ...] = (
    "exploring",
    "open_door",
    "naming",
    "understanding",
    "nonabandonment",
    "affirming",
)
#: A focus code used less often than this per hour of recording counts as rare.
FEW_PER_HOUR = 1.0
#: Below this share of emotional moments met with empathy or presence, say so.
LOW_RESPONSE_RATE = 0.5
#: At most this many codes are suggested per alert.
MAX_CODES = 3
AUDIENCE = "For the care team only; not for sharing with the family."

MACK_STRATEGIES: tuple[str, ...] = (
    "Consider a family meeting to hear how the family is experiencing care; clinicians "
    "in Mack et al. (2021) held regular family meetings for relationships they "
    "recognised as challenging.",
    "Consider setting aside extra time and attention at the next visit, another "
    "strategy clinicians used (Mack et al. 2021).",
    "Talking it through with a trusted colleague can bring a fresh view; clinicians "
    "often asked another clinician for advice (Mack et al. 2021).",
)


@dataclass(slots=True, frozen=True)
class Alert:
    """A relationship × timepoint the family described as challenging and the clinician
    did not; ``reported`` says what the family reported, in words."""

    relationship: str
    patient: str
    clinician: str
    timepoint: str
    date: pd.Timestamp | None
    family_role: str
    reported: str
    suggestions: tuple[str, ...]
    audience: str = AUDIENCE


def _timepoint_words(timepoint: str) -> str:
    return "baseline" if timepoint == "baseline" else str(timepoint).replace("_", " ")


def _value_words(value: object) -> str:
    if value is None or pd.isna(value):
        return ""
    number = float(value)  # type: ignore[arg-type]
    return f" (score {round(number, 2):g})"


def _definition(text: str) -> str:
    """A Kaye definition without coding instructions such as "(do not code ...)"."""
    text = re.sub(r"\s*\([^)]*\bcode\b[^)]*\)", "", text)
    return text.rstrip(" ;.")


def _conversation_suggestions(
    corpus: Corpus,
    patient: str,
    clinician: str,
    date: pd.Timestamp | None,
    window_days: int,
    few_per_hour: float,
    low_response_rate: float,
) -> list[str]:
    table = corpus.encounter_table
    if date is None or pd.isna(date):
        return []
    dates = pd.to_datetime(table["date"])
    inside = (
        (table["patient"] == patient)
        & dates.notna()
        & (dates <= date)
        & (dates >= date - pd.Timedelta(days=window_days))
        & table["clinicians"].map(lambda present: clinician in (present or []))
    )
    encounters = set(table.loc[inside, "encounter"])
    hours = float(table.loc[inside, "hours"].sum())
    if not encounters or hours <= 0:
        return [
            f"No coded conversations between {clinician} and this family fall in the "
            f"{window_days} days before the questionnaire; coding the next one could show "
            "which facilitators of the Kaye et al. (2021) framework to emphasise."
        ]
    coded = corpus.coded
    coded = coded[coded["encounter"].isin(encounters)]
    counts = coded["code"].value_counts()
    visits = f"{len(encounters)} conversation{'s' if len(encounters) != 1 else ''}"
    rare = [
        (code_id, float(counts.get(code_id, 0)) / hours)
        for code_id in FOCUS_CODES
        if code_id in corpus.codebook.code_ids
    ]
    rare = [(code_id, rate) for code_id, rate in rare if rate < few_per_hour][:MAX_CODES]
    suggestions = []
    for code_id, rate in rare:
        code = corpus.codebook.code(code_id)
        count = int(counts.get(code_id, 0))
        seen = (
            "did not come up"
            if count == 0
            else f"came up {count} time{'s' if count != 1 else ''} ({rate:.1f} an hour)"
        )
        suggestions.append(
            f"{code.name} {seen} in the {visits} before this questionnaire ({hours:.1f} "
            f"hours recorded). Kaye et al. (2021) describe it as: "
            f"“{_definition(code.definition)}”. It may be worth making room for it."
        )
    moments = empathic_opportunities(corpus)
    moments = moments[moments["encounter"].isin(encounters)]
    if len(moments):
        responded = int(moments["responded"].sum())
        if responded / len(moments) < low_response_rate:
            suggestions.append(
                f"In those conversations {responded} of {len(moments)} emotional moments "
                "from the family were followed within two clinician turns by an empathic "
                "or present response. Naming the feeling, acknowledging it, or a pause "
                "can turn such a moment into connection (Kaye et al. 2021)."
            )
    return suggestions


def missed_challenges(
    scores: pd.DataFrame,
    instrument_pair: tuple[str, str] | str,
    *,
    corpus: Corpus | None = None,
    scale: str = "total",
    family_roles: Sequence[str] = FAMILY_ROLES,
    window_days: int = 120,
    few_per_hour: float = FEW_PER_HOUR,
    low_response_rate: float = LOW_RESPONSE_RATE,
) -> list[Alert]:
    """One ``Alert`` per relationship × timepoint challenging to the family only.

    ``instrument_pair`` names the Relationship Challenges instruments (family version,
    clinician version), paired by ``rapport.surveys.agreement.dyads``. With a
    ``corpus``, the dyad's coded conversations in the ``window_days`` before the
    questionnaire add suggestions: up to three ``FOCUS_CODES`` used fewer than
    ``few_per_hour`` times an hour, with their Kaye definitions, and the empathic
    response rate when under ``low_response_rate``. Alerts come in relationship and
    timepoint order.
    """
    classified = discordance(dyads(scores, instrument_pair, scale=scale, family_roles=family_roles))
    alerts = []
    for row in classified[classified["discordance"] == "family_only"].itertuples(index=False):
        role_word = "parent" if row.family_role == "parent" else "patient"
        when = _timepoint_words(str(row.timepoint))
        reported = (
            f"At {when}, the {role_word}'s answers{_value_words(row.family_value)} describe "
            f"the relationship with {row.clinician} as challenging. {row.clinician}'s own "
            "answers at the same timepoint did not describe it that way, so this may not "
            "have been visible in the room."
        )
        date = pd.Timestamp(row.family_date) if pd.notna(row.family_date) else None
        suggestions = list(MACK_STRATEGIES)
        if corpus is not None:
            suggestions += _conversation_suggestions(
                corpus,
                str(row.patient),
                str(row.clinician),
                date,
                window_days,
                few_per_hour,
                low_response_rate,
            )
        alerts.append(
            Alert(
                relationship=str(row.relationship),
                patient=str(row.patient),
                clinician=str(row.clinician),
                timepoint=str(row.timepoint),
                date=date,
                family_role=str(row.family_role),
                reported=reported,
                suggestions=tuple(suggestions),
            )
        )
    return alerts


def alerts_frame(alerts: Sequence[Alert]) -> pd.DataFrame:
    """Alerts as a table: relationship, patient, clinician, timepoint, date, family_role,
    reported, suggestions (one per line), audience."""
    columns = [
        "relationship",
        "patient",
        "clinician",
        "timepoint",
        "date",
        "family_role",
        "reported",
        "suggestions",
        "audience",
    ]
    return pd.DataFrame(
        [
            {
                "relationship": alert.relationship,
                "patient": alert.patient,
                "clinician": alert.clinician,
                "timepoint": alert.timepoint,
                "date": alert.date,
                "family_role": alert.family_role,
                "reported": alert.reported,
                "suggestions": "\n".join(alert.suggestions),
                "audience": alert.audience,
            }
            for alert in alerts
        ],
        columns=columns,
    )
