"""Suggested codings for any codebook, from a few human-coded examples per code.

Once people have coded at least ``MIN_EXAMPLES`` turns or paragraphs with a code, the
suggester proposes that code for uncoded ones that read like those examples: cosine
similarity of the coder's static MiniLM embeddings (``coding.embeddings``), averaged over
the ``TOP_K`` most similar examples. Suggestions are automatic codings (origin ``auto``,
coder ``suggest``, model version ``suggest:<codebook>``) with their score; they never
count as human codings, nor in reliability or themes, until a person accepts one, which
adds a new human coding.

How quality grows with the number of examples is measured by ``learning_curve`` (see
``docs/suggestions.md``).
"""

from rapport.suggestions.similarity import (
    MIN_EXAMPLES,
    SUGGESTER,
    Suggester,
    Suggestion,
    learning_curve,
    learning_curve_svg,
    model_version,
)

__all__ = [
    "MIN_EXAMPLES",
    "SUGGESTER",
    "Suggester",
    "Suggestion",
    "learning_curve",
    "learning_curve_svg",
    "model_version",
]
