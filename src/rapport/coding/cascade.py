"""The shipped coder: a fast screen, then the transformer coder where a code is possible.

Most clinical talk carries no code. The screen (a ``Coder`` over static embeddings, a few
thousand turns a second) scores every turn; only turns where some code reaches ``gate``
go on to the full coder, whose turn embedding comes from the MiniLM transformer (several
hundred turns a second). With the default gate of 0.05, 19.5% of the turns of the 57
PriMock57 consultations pass the screen; on the development split, where most turns carry a
code, 71% do (docs/coder.md has the trade-off between gate, speed and quality).

Both coders are fitted on the same data, with the same settings and folds. A turn that
passes the screen gets the mean of the two coders' calibrated probabilities: they read the
turn differently (static word vectors against the transformer), and their mean errs less
than either. The cascade's thresholds are chosen, as each coder's are, on out-of-fold
probabilities of the training data, blended the same way. A screened-out turn keeps the
screen's probabilities: all of them are below ``gate``, far below any decision threshold,
so such a turn carries no code.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from sklearn.base import BaseEstimator

from rapport.coding.context import TurnInContext
from rapport.coding.cues import Evidence
from rapport.coding.learned import Coder, Decisions, Neighbour, binarize, choose_threshold

DEFAULT_GATE = 0.05
FULL_WEIGHT = 0.5
"""The full coder's share of a passing turn's probability; the screen has the rest."""


class CascadeCoder(Decisions, BaseEstimator):
    """Codes turns in context: a static-embedding screen, then the transformer coder.

    Parameters are those of ``Coder`` (shared by both stages), and
    gate: the screen probability, for any code, at which a turn goes to the full coder.
    """

    def __init__(
        self,
        codebook: str = "kaye2021",
        C: float = 10.0,
        folds: int = 4,
        random_state: int = 0,
        n_jobs: int = 2,
        gate: float = DEFAULT_GATE,
    ) -> None:
        self.codebook = codebook
        self.C = C
        self.folds = folds
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.gate = gate

    def _stage(self, embeddings: str) -> Coder:
        return Coder(
            codebook=self.codebook,
            C=self.C,
            folds=self.folds,
            random_state=self.random_state,
            n_jobs=self.n_jobs,
            embeddings=embeddings,
        )

    def fit(self, X: Sequence[TurnInContext], y: Any) -> CascadeCoder:
        if not 0.0 <= self.gate < 1.0:
            raise ValueError(f"gate must be in [0, 1), not {self.gate!r}")
        self.screen_ = self._stage("static").fit(X, y)
        self.full_ = self._stage("minilm").fit(X, y)
        self.adopt_stages()
        columns = [list(self.classes_).index(code) for code in self.text_codes_]
        labels = binarize(y, list(self.classes_))[:, columns]
        screened = self.screen_.out_of_fold_
        blended = self._blend(screened, self.full_.out_of_fold_, screened.max(axis=1) >= self.gate)
        chosen = [
            choose_threshold(labels[:, j], blended[:, j])
            if self.screen_.thresholds_[j] < 1.0 and self.full_.thresholds_[j] < 1.0
            else (1.0, 0.0)  # too few examples to learn the code: never decided
            for j in range(len(columns))
        ]
        self.thresholds_ = np.array([t for t, _ in chosen], np.float32)
        self.training_f1_ = np.array([f for _, f in chosen], np.float32)
        return self

    @staticmethod
    def _blend(screened: np.ndarray, full: np.ndarray, passes: np.ndarray) -> np.ndarray:
        mean = FULL_WEIGHT * full + (1.0 - FULL_WEIGHT) * screened
        return np.where(passes[:, None], mean, screened).astype(np.float32)

    def adopt_stages(self) -> CascadeCoder:
        """Take the full coder's codebook, classes and data sizes as the cascade's own
        (after fitting, or after a model file has set both stages)."""
        self.codebook_ = self.full_.codebook_
        self.classes_ = self.full_.classes_
        self.text_codes_ = self.full_.text_codes_
        self.positives_ = self.full_.positives_
        self.n_training_ = self.full_.n_training_
        return self

    def passes_screen(self, screened: np.ndarray) -> np.ndarray:
        """Which rows of screen probabilities go on to the full coder."""
        column = {code: i for i, code in enumerate(self.classes_)}
        text_columns = [column[code] for code in self.text_codes_]
        return np.asarray(screened[:, text_columns].max(axis=1) >= self.gate)

    def predict_proba(self, X: Sequence[TurnInContext]) -> np.ndarray:
        """A calibrated probability for every code, one row per turn, columns ``classes_``."""
        if not hasattr(self, "full_"):
            raise RuntimeError("this CascadeCoder is not fitted: call fit() or load a model")
        probabilities = self.screen_.predict_proba(X)
        passes = self.passes_screen(probabilities)
        rows = np.flatnonzero(passes)
        if rows.size:
            full = self.full_.predict_proba([X[int(i)] for i in rows])
            probabilities[rows] = self._blend(probabilities[rows], full, passes[rows])
        return probabilities

    def explain(
        self, sample: TurnInContext, decided: Sequence[str] | None = None, top: int = 4
    ) -> list[Evidence]:
        if decided is None:
            decided = self.decided(sample)
        return self.full_.explain(sample, decided, top)

    def neighbours(self, sample: TurnInContext, code: str, k: int = 2) -> list[Neighbour]:
        return self.full_.neighbours(sample, code, k)
