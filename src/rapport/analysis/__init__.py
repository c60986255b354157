"""Analyses of coded encounters, each returning a tidy pandas DataFrame.

Start from a ``Corpus`` (encounters, codings and the codebook)::

    corpus = Corpus(encounters, codings, codebook)
    frequency(corpus, by="subtype")          # codes per subtype, per hour of talk
    duration(corpus, level="theme")          # seconds of coded talk per theme
    distribution_tests(corpus, by="setting") # chi-square or Fisher per code
    empathic_opportunities(corpus)           # emotional moments and the response

Each function's docstring says exactly what it counts.
"""

from __future__ import annotations

from rapport.analysis.clinicians import clinician_profile, talk_balance
from rapport.analysis.corpus import (
    BASES,
    WORDS_PER_SECOND,
    Basis,
    Corpus,
    choose_codings,
    lead_clinician,
)
from rapport.analysis.distribution import (
    IndependenceTest,
    distribution,
    distribution_tests,
    independence_test,
    mix_test,
)
from rapport.analysis.frequency import GROUPINGS, UNSPECIFIED, duration, exposure, frequency
from rapport.analysis.longitudinal import encounters_per_patient, patient_summary, theme_trends
from rapport.analysis.opportunities import empathic_opportunities, opportunity_summary

__all__ = [
    "BASES",
    "GROUPINGS",
    "UNSPECIFIED",
    "WORDS_PER_SECOND",
    "Basis",
    "Corpus",
    "IndependenceTest",
    "choose_codings",
    "clinician_profile",
    "distribution",
    "distribution_tests",
    "duration",
    "empathic_opportunities",
    "encounters_per_patient",
    "exposure",
    "frequency",
    "independence_test",
    "lead_clinician",
    "mix_test",
    "opportunity_summary",
    "patient_summary",
    "talk_balance",
    "theme_trends",
]
