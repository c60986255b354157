"""Alerts when the family finds the relationship challenging and the clinician does not."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from rapport.analysis import Corpus
from rapport.codebooks import load_codebook
from rapport.model import Coding, Encounter, Role, Turn
from rapport.surveys.alerts import (
    AUDIENCE,
    MACK_STRATEGIES,
    Alert,
    alerts_frame,
    missed_challenges,
)

CODEBOOK = load_codebook("kaye2021")
DAY = dt.date(2025, 6, 1)

#: Words that blame, shame or judge; none may appear in what an alert says.
BLAMING = (
    "fail",
    "failed",
    "failure",
    "missed",
    "miss",
    "poor",
    "poorly",
    "bad",
    "wrong",
    "fault",
    "blame",
    "neglect",
    "neglected",
    "should have",
    "inadequate",
    "mistake",
    "ignored",
    "careless",
    "lacking",
    "deficient",
    "unacceptable",
)


def row(response: str, relationship: str, role: str, challenging: bool, value: float) -> dict:
    patient, clinician = relationship.split("-")
    return {
        "response_id": response,
        "relationship": relationship,
        "patient": patient,
        "clinician": clinician,
        "respondent": clinician if role == "clinician" else f"mum-of-{patient}",
        "role": role,
        "timepoint": "month_3",
        "date": pd.Timestamp(DAY),
        "group": "usual",
        "instrument": "RC-P" if role != "clinician" else "RC-C",
        "scale": "total",
        "value": value,
        "rule": "sum",
        "challenging": challenging,
    }


def scores() -> pd.DataFrame:
    return pd.DataFrame(
        [
            row("1", "p1-drA", "parent", True, 4.0),  # family only: an alert
            row("2", "p1-drA", "clinician", False, 1.0),
            row("3", "p2-drA", "parent", True, 4.0),  # both see it: no alert
            row("4", "p2-drA", "clinician", True, 4.0),
            row("5", "p3-drB", "patient", True, 3.0),  # family only, no conversations
            row("6", "p3-drB", "clinician", False, 1.0),
            row("7", "p4-drB", "parent", False, 1.0),  # clinician only: no alert
            row("8", "p4-drB", "clinician", True, 3.0),
        ]
    )


def corpus() -> Corpus:
    """p1 and drA: one 40-minute conversation with two moments of fear, the first met
    with naming, and, three clinician turns after the second, one moment of exploring."""
    encounter = Encounter(
        "e1",
        [
            Turn(0, "drA", Role.CLINICIAN, "The scan shows some growth.", 0, 300),
            Turn(1, "Mum", Role.PARENT, "I'm so scared.", 300, 600),
            Turn(2, "drA", Role.CLINICIAN, "You are scared. Of course.", 600, 900),
            Turn(3, "Mum", Role.PARENT, "I'm terrified of what comes next.", 900, 1200),
            Turn(4, "drA", Role.CLINICIAN, "Next we plan the treatment.", 1200, 1500),
            Turn(5, "drA", Role.CLINICIAN, "It starts next week.", 1500, 1800),
            Turn(6, "drA", Role.CLINICIAN, "What matters most to you now?", 1800, 2400),
        ],
        patient="p1",
        date=DAY - dt.timedelta(days=14),
    )
    codings = [Coding("e1", 2, "naming"), Coding("e1", 6, "exploring")]
    return Corpus([encounter], codings, CODEBOOK)


def words_of(alert: Alert) -> str:
    return " ".join([alert.reported, *alert.suggestions, alert.audience]).lower()


def test_alerts_only_where_the_family_alone_finds_it_challenging() -> None:
    alerts = missed_challenges(scores(), ("RC-P", "RC-C"))
    assert [a.relationship for a in alerts] == ["p1-drA", "p3-drB"]
    first = alerts[0]
    assert (first.patient, first.clinician, first.timepoint) == ("p1", "drA", "month_3")
    assert first.family_role == "parent" and first.date == pd.Timestamp(DAY)
    assert "At month 3, the parent's answers (score 4) describe the relationship" in (
        first.reported
    )
    assert "the patient's answers" in alerts[1].reported
    assert first.suggestions == MACK_STRATEGIES
    assert first.audience == AUDIENCE


def test_coded_conversations_add_rare_facilitators_and_the_response_rate() -> None:
    alerts = missed_challenges(scores(), ("RC-P", "RC-C"), corpus=corpus())
    first, second = alerts
    extra = first.suggestions[len(MACK_STRATEGIES) :]
    # exploring: 2 an hour, not rare; open door, understanding, nonabandonment come first.
    assert [s.split(" ")[0] for s in extra[:3]] == ["Open", "Understanding", "Nonabandonment"]
    assert "did not come up in the 1 conversation before this questionnaire" in extra[0]
    assert "open-ended language that prompts discussion" in extra[0]
    assert "do not code" not in extra[0]
    assert len(extra) == 3  # 1 of 2 moments met: not below the default 0.5
    assert "No coded conversations between drB" in second.suggestions[-1]
    high_bar = missed_challenges(scores(), ("RC-P", "RC-C"), corpus=corpus(), few_per_hour=3)
    assert (
        high_bar[0]
        .suggestions[len(MACK_STRATEGIES)]
        .startswith("Exploring came up 1 time (1.5 an hour) in the 1 conversation")
    )
    stricter = missed_challenges(scores(), ("RC-P", "RC-C"), corpus=corpus(), low_response_rate=0.6)
    assert (
        stricter[0]
        .suggestions[-1]
        .startswith("In those conversations 1 of 2 emotional moments from the family were followed")
    )


def test_wording_blames_no_one_and_speaks_to_the_care_team() -> None:
    alerts = missed_challenges(scores(), ("RC-P", "RC-C"), corpus=corpus())
    for alert in alerts:
        text = words_of(alert)
        for word in BLAMING:
            assert not re.search(rf"\b{re.escape(word)}\b", text), (word, text)
        # Addressed to the team, never to the family.
        assert not re.search(r"\b(dear|you told us|your child)\b", text)
        assert "care team only" in text


def test_alerts_frame_has_one_row_per_alert() -> None:
    frame = alerts_frame(missed_challenges(scores(), ("RC-P", "RC-C")))
    assert list(frame["relationship"]) == ["p1-drA", "p3-drB"]
    assert frame["suggestions"].iloc[0].count("\n") == len(MACK_STRATEGIES) - 1
    assert alerts_frame([]).empty
