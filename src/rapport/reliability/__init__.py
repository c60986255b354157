"""Inter-coder reliability: how far coders, and the automatic coder, agree.

``statistics`` holds the coefficients for a units × coders matrix (Cohen's κ, Krippendorff's
α, Fleiss' κ, Gwet's AC1 and friends, with bootstrap intervals); the other modules apply
them to codings, one unit per turn and code::

    agreement(encounters, codings, codebook, by="code")      # κ, α, AC1 per code
    pairwise(encounters, codings, codebook)                  # κ for each pair of coders
    span_agreement(encounters, codings, codebook)            # MAXQDA-style segment overlap
    disagreement_summary(encounters, codings, codebook)      # codes to discuss first

Automatic codings count as one rater per model version (``auto:<model_version>``).
"""

from __future__ import annotations

from rapport.reliability.agreement import AGREEMENT_COLUMNS, BY, agreement, pairwise
from rapport.reliability.disagreements import disagreement_summary, disagreements
from rapport.reliability.spans import SPAN_COLUMNS, overlap, span_agreement
from rapport.reliability.statistics import (
    STATISTICS,
    bias_index,
    cohen_kappa,
    fleiss_kappa,
    gwet_ac1,
    krippendorff_alpha,
    negative_agreement,
    percent_agreement,
    positive_agreement,
    prevalence_index,
    ratings_matrix,
    reliability,
)
from rapport.reliability.units import PresenceCube, presence, presence_cube, rater_of

__all__ = [
    "AGREEMENT_COLUMNS",
    "BY",
    "SPAN_COLUMNS",
    "STATISTICS",
    "PresenceCube",
    "agreement",
    "bias_index",
    "cohen_kappa",
    "disagreement_summary",
    "disagreements",
    "fleiss_kappa",
    "gwet_ac1",
    "krippendorff_alpha",
    "negative_agreement",
    "overlap",
    "pairwise",
    "percent_agreement",
    "positive_agreement",
    "presence",
    "presence_cube",
    "prevalence_index",
    "rater_of",
    "ratings_matrix",
    "reliability",
    "span_agreement",
]
