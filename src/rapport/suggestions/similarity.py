"""Nearest-example suggestions over static sentence embeddings, and their learning curve."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import average_precision_score

MIN_EXAMPLES = 5
"""A code is suggested only once people have coded it this many times."""
TOP_K = 3
"""A code's score is the mean similarity to its this-many nearest examples."""
DEFAULT_THRESHOLD = 0.6
SLOPE = 25.0
"""Logistic slope on the centred similarity: a code 0.016 above the mean scores 0.6."""
SUGGESTER = "suggest"


def model_version(codebook_id: str) -> str:
    return f"{SUGGESTER}:{codebook_id}"


@dataclass(slots=True, frozen=True)
class Suggestion:
    code: str
    score: float


def _normalise(vectors: np.ndarray) -> np.ndarray:
    return vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9)


def _default_embed(texts: Sequence[str]) -> np.ndarray:
    from rapport.coding.embeddings import load_static_model

    return np.asarray(load_static_model().encode(list(texts)), dtype=np.float32)


class Suggester:
    """Scores codes for new text by similarity to human-coded examples.

    Parameters
    ----------
    min_examples: codes with fewer examples are not suggested.
    top_k: how many nearest examples of a code are averaged.
    threshold: a code is suggested when its score reaches this.
    embed: texts -> vectors; the coder's static MiniLM model by default.
    """

    def __init__(
        self,
        min_examples: int = MIN_EXAMPLES,
        top_k: int = TOP_K,
        threshold: float = DEFAULT_THRESHOLD,
        embed: Callable[[Sequence[str]], np.ndarray] | None = None,
    ) -> None:
        self.min_examples = min_examples
        self.top_k = top_k
        self.threshold = threshold
        self.embed = embed

    def fit(self, texts: Sequence[str], labels: Sequence[Iterable[str]]) -> Suggester:
        embed = self.embed or _default_embed
        sets = [set(codes) for codes in labels]
        counts: dict[str, int] = {}
        for codes in sets:
            for code in codes:
                counts[code] = counts.get(code, 0) + 1
        self.counts_ = counts
        self.codes_ = sorted(c for c, n in counts.items() if n >= self.min_examples)
        vectors = _normalise(embed(list(texts))) if texts else np.zeros((0, 1), np.float32)
        self.examples_ = {
            code: vectors[[i for i, codes in enumerate(sets) if code in codes]]
            for code in self.codes_
        }
        return self

    def similarities(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, one column per code in ``codes_``: mean top-k similarity."""
        if not texts or not self.codes_:
            return np.zeros((len(texts), len(self.codes_)), np.float32)
        vectors = _normalise((self.embed or _default_embed)(list(texts)))
        out = np.zeros((len(texts), len(self.codes_)), np.float32)
        for j, code in enumerate(self.codes_):
            similarity = vectors @ self.examples_[code].T
            k = min(self.top_k, similarity.shape[1])
            out[:, j] = np.sort(similarity, axis=1)[:, -k:].mean(axis=1)
        return out

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """Similarities made comparable across texts: each code's similarity relative to the
        text's mean over codes (all clinical talk is alike; what matters is which code it is
        nearest), mapped to 0-1 by a logistic of fixed slope."""
        similarity = self.similarities(texts)
        if similarity.shape[1] == 0:
            return similarity
        centred = similarity - similarity.mean(axis=1, keepdims=True)
        return (1.0 / (1.0 + np.exp(-SLOPE * centred))).astype(np.float32)

    def suggest(self, texts: Sequence[str], limit: int = 3) -> list[list[Suggestion]]:
        """Per text, the codes scoring at least ``threshold``, best first (at most ``limit``)."""
        result = []
        for row in self.scores(texts):
            order = np.argsort(-row)[:limit]
            result.append(
                [
                    Suggestion(self.codes_[j], round(float(row[j]), 3))
                    for j in order
                    if row[j] >= self.threshold
                ]
            )
        return result


def learning_curve(
    train_texts: Sequence[str],
    train_labels: Sequence[Iterable[str]],
    test_texts: Sequence[str],
    test_labels: Sequence[Iterable[str]],
    codes: Sequence[str],
    *,
    sizes: Sequence[int] = (1, 3, 5, 10, 20),
    repeats: int = 10,
    seed: int = 0,
    embed: Callable[[Sequence[str]], np.ndarray] | None = None,
) -> pd.DataFrame:
    """Suggestion quality against examples per code, on held-out text (a tidy frame).

    For each size, ``repeats`` random draws of that many examples per code (from the
    training texts that carry it) fit a suggester (``min_examples`` = size); it is scored
    on the test texts by top-1 (is the best code a gold code, over coded texts), macro
    average precision (ranking quality per code, threshold-free) and macro F1 at the
    default threshold. Rows: size, repeat, top1, macro_ap, macro_f1.
    """
    embed = embed or _default_embed
    train_sets = [set(c) for c in train_labels]
    test_sets = [set(c) for c in test_labels]
    cache = dict(zip(train_texts, _normalise(embed(list(train_texts))), strict=True))
    cached_embed = _CachedEmbed(cache, embed)
    gold = np.array([[code in s for code in codes] for s in test_sets], dtype=np.int8)
    coded = gold.any(axis=1)
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    for size in sizes:
        for repeat in range(repeats):
            chosen: dict[int, set[str]] = {}
            for code in codes:
                pool = [i for i, s in enumerate(train_sets) if code in s]
                for i in rng.choice(pool, size=min(size, len(pool)), replace=False):
                    chosen.setdefault(int(i), set()).add(code)
            indices = sorted(chosen)
            suggester = Suggester(min_examples=1, embed=cached_embed).fit(
                [train_texts[i] for i in indices], [chosen[i] for i in indices]
            )
            column = {c: j for j, c in enumerate(suggester.codes_)}
            raw = suggester.scores(list(test_texts))
            scores = np.zeros((len(test_texts), len(codes)), np.float32)
            for j, code in enumerate(codes):
                if code in column:
                    scores[:, j] = raw[:, column[code]]
            best = scores.argmax(axis=1)
            top1 = float(gold[coded, best[coded]].mean()) if coded.any() else 0.0
            aps = [average_precision_score(gold[:, j], scores[:, j]) for j in range(len(codes))]
            decided = scores >= suggester.threshold
            f1s = []
            for j in range(len(codes)):
                tp = int((decided[:, j] & (gold[:, j] == 1)).sum())
                fp = int((decided[:, j] & (gold[:, j] == 0)).sum())
                fn = int((~decided[:, j] & (gold[:, j] == 1)).sum())
                f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
            rows.append(
                {
                    "size": size,
                    "repeat": repeat,
                    "top1": top1,
                    "macro_ap": float(np.mean(aps)),
                    "macro_f1": float(np.mean(f1s)),
                }
            )
    return pd.DataFrame(rows)


class _CachedEmbed:
    """Reuses the training embeddings so a learning curve embeds each text once."""

    def __init__(self, cache: dict[str, np.ndarray], embed: Callable[[Sequence[str]], Any]):
        self.cache = cache
        self.embed = embed

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, _normalise(self.embed(missing)), strict=True))
        return np.array([self.cache[t] for t in texts], dtype=np.float32)


def learning_curve_svg(curves: dict[str, pd.DataFrame], metric: str = "top1") -> str:
    """A line chart of ``metric`` (mean and min-max band over repeats) by examples per code,
    one line per labelled set, drawn with the report charts' conventions."""
    from rapport.report.charts.drawing import document, text

    width, height = 560.0, 300.0
    left, right, top, bottom = 56.0, 150.0, 34.0, 46.0
    sizes = sorted({int(s) for frame in curves.values() for s in frame["size"]})
    plot_w, plot_h = width - left - right, height - top - bottom

    def x_of(size: int) -> float:
        return left + plot_w * sizes.index(size) / max(len(sizes) - 1, 1)

    def y_of(value: float) -> float:
        return top + plot_h * (1 - value)

    body = [
        text(left, 20, f"Suggestion quality ({metric}) by examples per code", size=13, bold=True)
    ]
    for tick in (0.0, 0.25, 0.5, 0.75, 1.0):
        y = y_of(tick)
        body.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{y:.1f}" y2="{y:.1f}" '
            'stroke="#e3e6ea" stroke-width="1"/>'
        )
        body.append(text(left - 6, y + 4, f"{tick:.2f}", size=10, anchor="end", fill="#5b6573"))
    for size in sizes:
        body.append(text(x_of(size), top + plot_h + 16, str(size), size=10, anchor="middle"))
    body.append(
        text(
            left + plot_w / 2,
            height - 8,
            "human-coded examples per code",
            size=11,
            anchor="middle",
            fill="#5b6573",
        )
    )
    colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7"]
    ends = {
        name: y_of(float(frame.groupby("size")[metric].mean().iloc[-1]))
        for name, frame in curves.items()
    }
    placed: dict[str, float] = {}
    for name in sorted(ends, key=ends.__getitem__):  # keep end labels 13 px apart
        y = ends[name]
        if placed:
            y = max(y, max(placed.values()) + 13)
        placed[name] = y
    for n, (name, frame) in enumerate(curves.items()):
        colour = colours[n % len(colours)]
        stats = frame.groupby("size")[metric].agg(["mean", "min", "max"]).reindex(sizes)
        band = [f"{x_of(s):.1f},{y_of(r['max']):.1f}" for s, r in stats.iterrows()]
        band += [f"{x_of(s):.1f},{y_of(r['min']):.1f}" for s, r in reversed(list(stats.iterrows()))]
        body.append(f'<polygon points="{" ".join(band)}" fill="{colour}" fill-opacity="0.12"/>')
        points = " ".join(f"{x_of(s):.1f},{y_of(r['mean']):.1f}" for s, r in stats.iterrows())
        body.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for s, r in stats.iterrows():
            cx, cy = x_of(int(s)), y_of(r["mean"])
            body.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="3" fill="{colour}"/>')
        body.append(
            text(left + plot_w + 10, placed[name] + 4, name, size=11, fill=colour, bold=True)
        )
    description = "; ".join(
        f"{name}: "
        + ", ".join(
            f"{int(s)} examples {v:.2f}" for s, v in frame.groupby("size")[metric].mean().items()
        )
        for name, frame in curves.items()
    )
    return document(
        kind="learning-curve",
        width=width,
        height=height,
        title=f"Suggestion {metric} by number of examples per code",
        description=description,
        id_prefix="learning-curve",
        body=body,
    )
