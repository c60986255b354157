"""How well a coder agrees with gold labels: per-code precision, recall, F1 and kappa,
macro-F1, and passage-level top-1/top-3, each with a bootstrap 95% confidence interval.

F1 and kappa are computed with scikit-learn's ``f1_score`` and ``cohen_kappa_score``; the
tests pin them against hand-computed values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

from rapport.coding import decision_thresholds
from rapport.coding.context import TurnInContext
from rapport.coding.data import Example
from rapport.coding.learned import binarize


@dataclass(slots=True)
class CodeScore:
    code: str
    support: int
    predicted: int
    precision: float
    recall: float
    f1: float
    kappa: float
    f1_interval: tuple[float, float]


@dataclass(slots=True)
class Evaluation:
    n_turns: int
    n_passages: int
    codes: list[CodeScore]
    macro_f1: float
    macro_f1_interval: tuple[float, float]
    top1: float
    top1_interval: tuple[float, float]
    top3: float
    top3_interval: tuple[float, float]
    model_version: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "model_version": self.model_version,
            "turns": self.n_turns,
            "passages": self.n_passages,
            "macro_f1": round(self.macro_f1, 3),
            "macro_f1_95ci": [round(v, 3) for v in self.macro_f1_interval],
            "top1": round(self.top1, 3),
            "top1_95ci": [round(v, 3) for v in self.top1_interval],
            "top3": round(self.top3, 3),
            "top3_95ci": [round(v, 3) for v in self.top3_interval],
            "codes": [
                {
                    "code": c.code,
                    "support": c.support,
                    "predicted": c.predicted,
                    "precision": round(c.precision, 3),
                    "recall": round(c.recall, 3),
                    "f1": round(c.f1, 3),
                    "f1_95ci": [round(v, 3) for v in c.f1_interval],
                    "kappa": round(c.kappa, 3),
                }
                for c in self.codes
            ],
            "notes": self.notes,
        }


def _kappa(gold: np.ndarray, decided: np.ndarray) -> float:
    if gold.min() == gold.max() and decided.min() == decided.max():
        return 1.0 if gold[0] == decided[0] else 0.0
    return float(cohen_kappa_score(gold, decided))


def _f1_per_code(gold: np.ndarray, decided: np.ndarray) -> np.ndarray:
    _, _, f1, _ = precision_recall_fscore_support(gold, decided, average=None, zero_division=0)
    return np.asarray(f1)


def _top_k(gold: np.ndarray, probabilities: np.ndarray, k: int) -> np.ndarray:
    """Per passage (a turn with at least one gold code): is a gold code among the top k?"""
    order = np.argsort(-probabilities, axis=1)[:, :k]
    return np.array([gold[i, order[i]].any() for i in range(len(gold))])


def _interval(values: np.ndarray) -> tuple[float, float]:
    return float(np.percentile(values, 2.5)), float(np.percentile(values, 97.5))


def score(
    gold: np.ndarray,
    probabilities: np.ndarray,
    thresholds: np.ndarray,
    codes: Sequence[str],
    *,
    n_bootstrap: int = 1000,
    seed: int = 0,
) -> Evaluation:
    """Compare gold 0/1 labels with a coder's probabilities and thresholds (columns ``codes``)."""
    decided = (probabilities >= thresholds).astype(np.int8)
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, decided, average=None, zero_division=0
    )
    passages = np.flatnonzero(gold.any(axis=1))
    top1 = _top_k(gold[passages], probabilities[passages], 1)
    top3 = _top_k(gold[passages], probabilities[passages], 3)
    rng = np.random.default_rng(seed)
    macro_samples, f1_samples, top1_samples, top3_samples = [], [], [], []
    for _ in range(n_bootstrap):
        rows = rng.integers(0, len(gold), len(gold))
        per_code = _f1_per_code(gold[rows], decided[rows])
        f1_samples.append(per_code)
        macro_samples.append(per_code.mean())
        picks = rng.integers(0, len(passages), len(passages))
        top1_samples.append(top1[picks].mean())
        top3_samples.append(top3[picks].mean())
    f1_matrix = np.array(f1_samples)
    scores = [
        CodeScore(
            code=code,
            support=int(support[j]),
            predicted=int(decided[:, j].sum()),
            precision=float(precision[j]),
            recall=float(recall[j]),
            f1=float(f1[j]),
            kappa=_kappa(gold[:, j], decided[:, j]),
            f1_interval=_interval(f1_matrix[:, j]),
        )
        for j, code in enumerate(codes)
    ]
    return Evaluation(
        n_turns=len(gold),
        n_passages=len(passages),
        codes=scores,
        macro_f1=float(np.mean(f1)),
        macro_f1_interval=_interval(np.array(macro_samples)),
        top1=float(top1.mean()) if len(passages) else 0.0,
        top1_interval=_interval(np.array(top1_samples)) if len(passages) else (0.0, 0.0),
        top3=float(top3.mean()) if len(passages) else 0.0,
        top3_interval=_interval(np.array(top3_samples)) if len(passages) else (0.0, 0.0),
    )


def evaluate_samples(
    coder: Any,
    samples: Sequence[TurnInContext],
    labels: Sequence[Iterable[str]],
    *,
    text_codes_only: bool = False,
    **kwargs: Any,
) -> Evaluation:
    """Score ``coder`` on turns in context against their gold codes."""
    classes = [str(c) for c in coder.classes_]
    keep = [j for j, code in enumerate(classes) if not (text_codes_only and code == "silence")]
    result = score(
        binarize(labels, classes)[:, keep],
        coder.predict_proba(samples)[:, keep],
        decision_thresholds(coder)[keep],
        [classes[j] for j in keep],
        **kwargs,
    )
    result.model_version = str(getattr(coder, "model_version_", ""))
    return result


def evaluate_examples(coder: Any, examples: Sequence[Example], **kwargs: Any) -> Evaluation:
    """Score ``coder`` on labelled examples over the codes it codes from text.

    ``silence`` is left out: it is a timing, which text examples do not have.
    """
    return evaluate_samples(
        coder,
        [example.as_sample() for example in examples],
        [example.codes for example in examples],
        text_codes_only=True,
        **kwargs,
    )
