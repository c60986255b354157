"""Features of a turn in context, for the learned coder.

Four kinds, each there for a reason the codebook gives:
- words and character n-grams of the turn (TF-IDF): most codes have typical phrasings;
- sentence embeddings of the turn and of the turn before (static MiniLM): meaning beyond the
  exact words, and what the clinician is responding to;
- context: who speaks, who spoke before and whether they showed emotion (naming,
  understanding), and how much the turn echoes personal things the family said in earlier
  encounters (remembering);
- the cue phrases of ``cues.yaml``: transparent evidence that a person can read and edit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from rapport.coding.context import TurnInContext
from rapport.coding.cues import load_cues
from rapport.coding.emotion import EMOTION_KINDS, emotion_cues
from rapport.model import Role

ROLES = [role for role in Role]
WORD_NGRAMS = {"ngram_range": (1, 3), "min_df": 2, "sublinear_tf": True, "dtype": np.float32}
CHAR_NGRAMS = {
    "analyzer": "char_wb",
    "ngram_range": (2, 5),
    "min_df": 3,
    "sublinear_tf": True,
    "max_features": 60000,
    "dtype": np.float32,
}
PREVIOUS_NGRAMS = {"ngram_range": (1, 2), "min_df": 2, "sublinear_tf": True, "dtype": np.float32}
PREVIOUS_WEIGHT = 0.5
"""The turn before matters, but less than the turn itself."""

# Words that say nothing personal: a clinician repeating "scan" is not remembering.
_CLINICAL = frozenset(
    [
        "scan",
        "scans",
        "chemo",
        "counts",
        "count",
        "tumor",
        "tumour",
        "cancer",
        "pain",
        "doctor",
        "doctors",
        "hospital",
        "clinic",
        "medicine",
        "medicines",
        "results",
        "treatment",
        "treatments",
        "therapy",
        "blood",
        "platelets",
        "fever",
        "week",
        "weeks",
        "month",
        "months",
        "today",
        "tomorrow",
        "time",
        "things",
        "thing",
        "really",
        "going",
        "know",
        "think",
        "okay",
        "yeah",
        "right",
        "good",
        "well",
        "little",
        "back",
        "said",
        "told",
        "mentioned",
        "remember",
        "last",
        "next",
        "gonna",
        "want",
        "wanted",
        "feel",
        "feeling",
        "mean",
        "come",
        "came",
        "mom",
        "dad",
    ]
)
_WORD = re.compile(r"[a-z][a-z']{3,}")


def content_words(text: str) -> set[str]:
    return {
        w for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS and w not in _CLINICAL
    }


def history_overlap(text: str, history: Sequence[str]) -> float:
    """How many personal words the turn shares with one earlier family statement (0–1)."""
    if not history:
        return 0.0
    words = content_words(text)
    if not words:
        return 0.0
    best = max(len(words & content_words(item)) for item in history)
    return min(best, 3) / 3.0


def _fit_vectorizer(params: dict[str, Any], texts: Sequence[str]) -> TfidfVectorizer:
    """Fit TF-IDF; a tiny corpus (or one with no turn before any turn) still gets a vocabulary."""
    try:
        return TfidfVectorizer(**params).fit(texts)
    except ValueError:
        return TfidfVectorizer(**{**params, "min_df": 1}).fit([*texts, "no words"])


class TurnFeaturizer:
    """Turns samples into one sparse feature matrix; fitted vocabularies end in ``_``."""

    def __init__(self, embed: Any, turn_embed: Any = None) -> None:
        self.embed = embed
        self.turn_embed = turn_embed

    @property
    def turn_encoder(self) -> Any:
        """The turn's own encoder: the transformer when given, else the static model.

        The turn before always goes through the static model: it is context, and embedding
        it with the transformer too would double the cost for no measured gain.
        """
        return self.turn_embed if self.turn_embed is not None else self.embed

    def fit(self, samples: Sequence[TurnInContext]) -> TurnFeaturizer:
        texts = [s.turn.text for s in samples]
        previous = [self._previous_text(s) for s in samples]
        self.words_ = _fit_vectorizer(WORD_NGRAMS, texts)
        self.chars_ = _fit_vectorizer(CHAR_NGRAMS, texts)
        self.previous_ = _fit_vectorizer(PREVIOUS_NGRAMS, previous)
        _, cues = load_cues()
        self.cue_codes_ = sorted({cue.code for cue in cues})
        return self

    @staticmethod
    def _previous_text(sample: TurnInContext) -> str:
        previous = sample.previous
        return previous.text if previous is not None else ""

    def dense_names(self) -> list[str]:
        return (
            [f"embedding:{i}" for i in range(self.turn_encoder.dim)]
            + [f"previous embedding:{i}" for i in range(self.embed.dim)]
            + [f"role:{r}" for r in ROLES]
            + [f"previous role:{r}" for r in ROLES]
            + [f"previous emotion:{k}" for k in EMOTION_KINDS]
            + ["question", "length", "history overlap"]
            + [f"cue:{c}" for c in self.cue_codes_]
        )

    def feature_names(self) -> list[str]:
        return (
            [f"words:{w}" for w in self.words_.get_feature_names_out()]
            + [f"characters:{c}" for c in self.chars_.get_feature_names_out()]
            + [f"previous words:{w}" for w in self.previous_.get_feature_names_out()]
            + self.dense_names()
        )

    def embeddings(self, samples: Sequence[TurnInContext]) -> np.ndarray:
        texts = [s.turn.text for s in samples]
        return np.asarray(self.turn_encoder.encode(texts), dtype=np.float32)

    def transform(
        self, samples: Sequence[TurnInContext], text_embeddings: np.ndarray | None = None
    ) -> sparse.csr_matrix:
        texts = [s.turn.text for s in samples]
        previous_texts = [self._previous_text(s) for s in samples]
        if text_embeddings is None:
            text_embeddings = self.embeddings(samples)
        previous_embeddings = np.asarray(self.embed.encode(previous_texts), dtype=np.float32)
        dense = np.zeros((len(samples), 2 * len(ROLES) + len(EMOTION_KINDS) + 3), np.float32)
        cue_matrix = np.zeros((len(samples), len(self.cue_codes_)), np.float32)
        cue_column = {code: i for i, code in enumerate(self.cue_codes_)}
        _, cues = load_cues()
        for row, sample in enumerate(samples):
            turn, previous = sample.turn, sample.previous
            dense[row, ROLES.index(turn.role)] = 1.0
            if previous is not None:
                dense[row, len(ROLES) + ROLES.index(previous.role)] = 1.0
                if previous.role in (Role.PATIENT, Role.PARENT, Role.FAMILY):
                    for emotion in emotion_cues(previous.text):
                        dense[row, 2 * len(ROLES) + EMOTION_KINDS.index(emotion.kind)] = 1.0
            base = 2 * len(ROLES) + len(EMOTION_KINDS)
            dense[row, base] = 1.0 if "?" in turn.text else 0.0
            dense[row, base + 1] = math.log1p(turn.word_count) / 5.0
            dense[row, base + 2] = history_overlap(turn.text, sample.history)
            for cue in cues:
                if cue.code in cue_column and cue.match(turn.text):
                    col = cue_column[cue.code]
                    cue_matrix[row, col] = max(cue_matrix[row, col], cue.weight)
        blocks = [
            self.words_.transform(texts),
            self.chars_.transform(texts),
            PREVIOUS_WEIGHT * self.previous_.transform(previous_texts),
            sparse.csr_matrix(text_embeddings),
            sparse.csr_matrix(PREVIOUS_WEIGHT * previous_embeddings),
            sparse.csr_matrix(dense),
            sparse.csr_matrix(cue_matrix),
        ]
        return sparse.hstack(blocks, format="csr", dtype=np.float32)
