"""Alliance questionnaires: instruments, scoring, import and their statistics.

Instruments are data (``rapport.surveys.instruments``); responses come from REDCap
(``redcap``), FHIR (``fhir``) or a plain CSV (``csv_import``); ``scoring`` turns them into
scores and ``scores_frame`` into the tidy table the statistics read. ``synthetic`` makes a
seeded demonstration cohort that is never real data.
"""

from __future__ import annotations

from rapport.surveys.csv_import import read_csv_responses
from rapport.surveys.fhir import questionnaire_resource, read_responses, write_questionnaire
from rapport.surveys.instruments import add_text, list_instruments, load_instrument
from rapport.surveys.model import (
    AnswerOption,
    ChallengeRule,
    Instrument,
    Item,
    MissingRule,
    RespondentRole,
    Response,
    Score,
    Source,
)
from rapport.surveys.redcap import RedcapMapping, load_mapping, read_redcap
from rapport.surveys.redcap_dictionary import FormSpec, write_data_dictionary
from rapport.surveys.scoring import (
    DEFAULT_MISSING_CODES,
    SCORES_COLUMNS,
    ScoringError,
    score,
    score_all,
    scores_frame,
)

__all__ = [
    "DEFAULT_MISSING_CODES",
    "SCORES_COLUMNS",
    "AnswerOption",
    "ChallengeRule",
    "FormSpec",
    "Instrument",
    "Item",
    "MissingRule",
    "RedcapMapping",
    "RespondentRole",
    "Response",
    "Score",
    "ScoringError",
    "Source",
    "add_text",
    "list_instruments",
    "load_instrument",
    "load_mapping",
    "questionnaire_resource",
    "read_csv_responses",
    "read_redcap",
    "read_responses",
    "score",
    "score_all",
    "scores_frame",
    "write_data_dictionary",
    "write_questionnaire",
]
