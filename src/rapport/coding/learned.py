"""Rapport's learned coder: one calibrated linear model per code over turn-in-context features.

It follows the scikit-learn estimator contract (``__init__`` stores parameters, ``fit``
returns ``self``, learned attributes end in ``_``), is multi-label (a turn carries any
number of codes, usually none), and explains each decision by the words, cues and nearest
training examples behind it.

How a code is decided:
1. a logistic regression (class-balanced) scores every turn;
2. Platt scaling, fitted on out-of-fold scores of the training data, turns the score into a
   probability;
3. a per-code threshold, also chosen on out-of-fold training predictions (so the development
   split stays untouched for reporting), makes the decision;
4. codebook rules gate it: only ``affection`` applies to patient and family turns, and
   ``silence`` comes from timestamps (a pause of 5 s or more after emotion), never from words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from joblib import Parallel, delayed
from scipy import sparse
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from rapport.codebooks import load_codebook
from rapport.coding.context import TurnInContext, silence_span
from rapport.coding.cues import Evidence, load_cues, silence_evidence
from rapport.coding.embeddings import load_static_model
from rapport.coding.features import TurnFeaturizer
from rapport.model import Codebook

SILENCE_PROBABILITY = 0.97
"""The rule for silence is measured, not guessed; the small doubt is in the emotion detector."""
THRESHOLD_GRID = np.round(np.arange(0.05, 0.851, 0.025), 3)
THRESHOLD_SMOOTHING = 5
"""The out-of-fold F1 curve is averaged over this many neighbouring grid points before its
peak is taken: a single lucky grid point on a few hundred positives is noise, a broad plateau
is not, so the chosen thresholds vary less from one training run to the next."""


NEIGHBOUR_BATCH = 2048
PREDICT_BATCH = 4096
NEIGHBOUR_WEIGHT = 1.0


def _normalise(vectors: np.ndarray) -> np.ndarray:
    return vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def smoothed(values: np.ndarray, width: int) -> np.ndarray:
    """A centred moving average of ``values``; the ends repeat the edge values."""
    if width <= 1:
        return values
    padded = np.pad(values, width // 2, mode="edge")
    return np.convolve(padded, np.ones(width) / width, mode="valid")


def _span_of(phrase: str, text: str) -> tuple[int, int] | None:
    """Where a word n-gram feature occurs in the turn, for highlighting."""
    if phrase.startswith(("embedding", "previous")):
        return None
    pattern = r"\b" + r"\W+".join(re.escape(word) for word in phrase.split()) + r"\b"
    match = re.search(pattern, text, re.IGNORECASE)
    return match.span() if match else None


@dataclass(slots=True)
class Neighbour:
    text: str
    codes: list[str]
    similarity: float


def _fit_one_code(
    features: Any, labels: np.ndarray, c: float, folds: int, seed: int
) -> tuple[np.ndarray, float, tuple[float, float], float, float, np.ndarray]:
    """Fit one code: weights, intercept, Platt (a, b), threshold, out-of-fold F1 and the
    out-of-fold probabilities behind them."""
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    positives = int(labels.sum())
    if positives < folds:
        never = np.zeros(len(labels), np.float32)
        return np.zeros(features.shape[1], np.float32), -10.0, (1.0, 0.0), 1.0, 0.0, never
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    scores = cross_val_predict(model, features, labels, cv=splitter, method="decision_function")
    platt = LogisticRegression(C=1e4).fit(scores.reshape(-1, 1), labels)
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    probabilities = _sigmoid(a * scores + b)
    threshold, f1 = choose_threshold(labels, probabilities)
    model.fit(features, labels)
    return (
        model.coef_[0].astype(np.float32),
        float(model.intercept_[0]),
        (a, b),
        threshold,
        f1,
        probabilities.astype(np.float32),
    )


def choose_threshold(labels: np.ndarray, probabilities: np.ndarray) -> tuple[float, float]:
    """The peak of the smoothed F1 curve of out-of-fold probabilities, and the F1 there."""
    f1s = np.array([f1_score(labels, probabilities >= t, zero_division=0) for t in THRESHOLD_GRID])
    best = int(np.argmax(smoothed(f1s, THRESHOLD_SMOOTHING)))
    return float(THRESHOLD_GRID[best]), float(f1s[best])


EMBEDDINGS = ("static", "minilm")


def turn_encoder(embeddings: str) -> Any:
    """The transformer for ``"minilm"``; None lets the featurizer use the static model."""
    if embeddings not in EMBEDDINGS:
        raise ValueError(f"embeddings must be one of {EMBEDDINGS}, not {embeddings!r}")
    if embeddings == "static":
        return None
    from rapport.coding.transformer import load_encoder

    return load_encoder()


def binarize(y: Any, classes: Sequence[str]) -> np.ndarray:
    """Labels as a 0/1 matrix in ``classes`` order, from sets of code ids or a matrix."""
    if isinstance(y, np.ndarray) and y.ndim == 2:
        return y.astype(np.int8)
    column = {code: i for i, code in enumerate(classes)}
    matrix = np.zeros((len(y), len(classes)), np.int8)
    for row, codes in enumerate(y):
        for code in codes:
            matrix[row, column[code]] = 1
    return matrix


class Decisions:
    """Decisions from per-code thresholds, shared by ``Coder`` and the cascade: a fitted
    estimator has ``classes_``, ``text_codes_``, ``thresholds_`` (one per text code) and
    ``predict_proba``; codes read from timings, not text, decide at 0.5."""

    classes_: np.ndarray
    text_codes_: list[str]
    thresholds_: np.ndarray

    def predict_proba(self, X: Sequence[TurnInContext]) -> np.ndarray:
        raise NotImplementedError

    @property
    def threshold_by_code_(self) -> dict[str, float]:
        thresholds = dict(zip(self.text_codes_, map(float, self.thresholds_), strict=True))
        for code in self.classes_:
            thresholds.setdefault(str(code), 0.5)
        return thresholds

    @property
    def threshold(self) -> np.ndarray:
        """Per-code decision thresholds in ``classes_`` order."""
        by_code = self.threshold_by_code_
        return np.array([by_code[str(c)] for c in self.classes_], np.float32)

    def predict(self, X: Sequence[TurnInContext]) -> np.ndarray:
        """A 0/1 matrix: which codes each turn carries."""
        return (self.predict_proba(X) >= self.threshold).astype(np.int8)

    def decided(self, sample: TurnInContext) -> list[str]:
        """The codes this turn carries."""
        row = self.predict([sample])[0]
        return [str(code) for code, chosen in zip(self.classes_, row, strict=True) if chosen]


class Coder(Decisions, BaseEstimator):
    """Codes turns in context against a codebook.

    Parameters
    ----------
    codebook: a shipped codebook id or a codebook file.
    C: inverse regularisation strength of each code's logistic regression.
    folds: folds for the out-of-fold scores behind calibration and thresholds.
    random_state: seed for the folds, so that training is reproducible.
    n_jobs: codes are fitted in parallel on this many processes.
    embeddings: how the turn itself is embedded: ``"static"`` (the distilled MiniLM,
        tens of thousands of turns a second) or ``"minilm"`` (the transformer through ONNX
        Runtime, several hundred a second, better at meaning). The turn before is always
        embedded with the static model.
    """

    def __init__(
        self,
        codebook: str = "kaye2021",
        C: float = 10.0,
        folds: int = 4,
        random_state: int = 0,
        n_jobs: int = 2,
        embeddings: str = "static",
    ) -> None:
        self.codebook = codebook
        self.C = C
        self.folds = folds
        self.random_state = random_state
        self.n_jobs = n_jobs
        self.embeddings = embeddings

    # -- training -----------------------------------------------------------------------
    def fit(self, X: Sequence[TurnInContext], y: Any) -> Coder:
        """Learn from turns in context and their codes (sets of ids or a 0/1 matrix)."""
        self.codebook_: Codebook = load_codebook(self.codebook)
        self.classes_ = np.array(self.codebook_.code_ids)
        labels = binarize(y, list(self.classes_))
        self.text_codes_ = [c.id for c in self.codebook_.codes if not c.requires_timings]
        columns = [list(self.classes_).index(c) for c in self.text_codes_]
        self.featurizer_ = TurnFeaturizer(load_static_model(), turn_encoder(self.embeddings)).fit(X)
        embeddings = self.featurizer_.embeddings(X)
        self.example_embeddings_ = _normalise(embeddings).astype(np.float16)
        self.example_texts_ = [sample.turn.text for sample in X]
        self.example_codes_ = [[self.classes_[j] for j in np.flatnonzero(row)] for row in labels]
        self.__dict__.pop("_exemplar_cache", None)  # the exemplars just changed
        features = sparse.hstack(
            [
                self.featurizer_.transform(X, embeddings),
                self._neighbour_features(embeddings, exclude_self=True),
            ],
            format="csr",
        )
        fitted = Parallel(n_jobs=self.n_jobs)(
            delayed(_fit_one_code)(features, labels[:, col], self.C, self.folds, self.random_state)
            for col in columns
        )
        self.coef_ = np.vstack([f[0] for f in fitted])
        self.intercept_ = np.array([f[1] for f in fitted], np.float32)
        self.platt_ = np.array([f[2] for f in fitted], np.float32)
        self.thresholds_ = np.array([f[3] for f in fitted], np.float32)
        self.training_f1_ = np.array([f[4] for f in fitted], np.float32)
        # Kept in memory only (not saved): a cascade chooses its blend's thresholds on them.
        self.out_of_fold_ = np.column_stack([f[5] for f in fitted])
        self.positives_ = labels[:, columns].sum(axis=0)
        self.n_training_ = len(X)
        return self

    def _neighbour_features(
        self, embeddings: np.ndarray, *, exclude_self: bool
    ) -> sparse.csr_matrix:
        """Per code, how close the turn is to the nearest training example carrying it.

        Exemplars let a linear model say "this sounds like that", which phrasing features
        alone cannot. While fitting, each example's own row is left out.
        """
        examples, rows_by_code = self._exemplars()
        positives = [rows_by_code.get(code) for code in self.text_codes_]
        out = np.zeros((len(embeddings), len(self.text_codes_)), np.float32)
        normalised = _normalise(embeddings)
        for start in range(0, len(embeddings), NEIGHBOUR_BATCH):
            similarity = normalised[start : start + NEIGHBOUR_BATCH] @ examples.T
            if exclude_self:
                rows = np.arange(similarity.shape[0])
                similarity[rows, rows + start] = -1.0
            for j, columns in enumerate(positives):
                if columns is not None:
                    out[start : start + NEIGHBOUR_BATCH, j] = similarity[:, columns].max(axis=1)
        return sparse.csr_matrix(NEIGHBOUR_WEIGHT * out)

    # -- prediction ---------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise RuntimeError("this Coder is not fitted: call fit() or load a model")

    def _text_probabilities(
        self,
        X: Sequence[TurnInContext],
        embeddings: np.ndarray | None = None,
    ) -> np.ndarray:
        if embeddings is None:
            embeddings = self.featurizer_.embeddings(X)
        features = sparse.hstack(
            [
                self.featurizer_.transform(X, embeddings),
                self._neighbour_features(embeddings, exclude_self=False),
            ],
            format="csr",
        )
        scores = features @ self.coef_.T + self.intercept_
        return _sigmoid(self.platt_[:, 0] * np.asarray(scores) + self.platt_[:, 1])

    def predict_proba(self, X: Sequence[TurnInContext]) -> np.ndarray:
        """A calibrated probability for every code, one row per turn, columns ``classes_``."""
        self._check_fitted()
        probabilities = np.zeros((len(X), len(self.classes_)), np.float32)
        if not X:
            return probabilities
        column = {code: i for i, code in enumerate(self.classes_)}
        text_columns = [column[c] for c in self.text_codes_]
        # Batches keep memory flat: a 100,000-turn study never builds one huge matrix.
        for start in range(0, len(X), PREDICT_BATCH):
            batch = X[start : start + PREDICT_BATCH]
            probabilities[start : start + len(batch), text_columns] = self._text_probabilities(
                batch
            )
        for code in self.codebook_.codes:
            allowed = np.array([s.turn.role in code.applies_to for s in X])
            probabilities[~allowed, column[code.id]] = 0.0
        if "silence" in column:
            silence_allowed = self.codebook_.code("silence").applies_to
            for row, sample in enumerate(X):
                if sample.turn.role in silence_allowed and silence_span(sample):
                    probabilities[row, column["silence"]] = SILENCE_PROBABILITY
        return probabilities

    # -- explanation --------------------------------------------------------------------
    def _exemplars(self) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The training embeddings as float32 and, per code, the rows that carry it (cached)."""
        if not hasattr(self, "_exemplar_cache"):
            by_code: dict[str, list[int]] = {}
            for i, codes in enumerate(self.example_codes_):
                for code in codes:
                    by_code.setdefault(str(code), []).append(i)
            self._exemplar_cache = (
                self.example_embeddings_.astype(np.float32),
                {code: np.array(rows) for code, rows in by_code.items()},
            )
        return self._exemplar_cache

    def neighbours(self, sample: TurnInContext, code: str, k: int = 2) -> list[Neighbour]:
        """The training examples most like this turn that carry ``code``."""
        matrix, by_code = self._exemplars()
        rows = by_code.get(code)
        if rows is None:
            return []
        vector = _normalise(self.featurizer_.embeddings([sample]))[0]
        similarity = matrix[rows] @ vector
        best = np.argsort(-similarity)[:k]
        return [
            Neighbour(
                self.example_texts_[rows[i]],
                list(self.example_codes_[rows[i]]),
                float(similarity[i]),
            )
            for i in best
        ]

    def explain(
        self, sample: TurnInContext, decided: Sequence[str] | None = None, top: int = 4
    ) -> list[Evidence]:
        """For each code decided on this turn: its strongest words and the cues that fired.

        ``decided`` saves predicting again when the caller already knows the decisions.
        """
        self._check_fitted()
        if decided is None:
            decided = self.decided(sample)
        if not decided:
            return []
        features = self.featurizer_.transform([sample]).tocsr()
        names = self._feature_names()
        evidence: list[Evidence] = []
        _, cues = load_cues()
        for code in decided:
            if code == "silence":
                found = silence_evidence(sample, weight=1.0)
                if found is not None:
                    evidence.append(found)
                continue
            row = self.text_codes_.index(code)
            contributions = features.data * self.coef_[row, features.indices]
            order = np.argsort(-contributions)
            for position in order[:top]:
                name = names[features.indices[position]]
                if contributions[position] <= 0 or not name.startswith("words:"):
                    continue
                phrase = name.split(":", 1)[1]
                evidence.append(
                    Evidence(
                        code,
                        name,
                        phrase,
                        _span_of(phrase, sample.turn.text),
                        float(contributions[position]),
                    )
                )
            for cue in cues:
                match = cue.match(sample.turn.text) if cue.code == code else None
                if match:
                    evidence.append(
                        Evidence(
                            code,
                            f"cue {cue.pattern.pattern}",
                            match.group(0),
                            match.span(),
                            cue.weight,
                        )
                    )
        return evidence

    def _feature_names(self) -> list[str]:
        if not hasattr(self, "_names"):
            self._names = self.featurizer_.feature_names()
        return self._names
