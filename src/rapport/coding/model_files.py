"""Saving and loading learned coders, and the shipped model built on first use.

A model is a folder: ``model.json`` (parameters, vocabularies, thresholds and the model
card), ``arrays.npz`` (weights and the example embeddings behind explanations) and
``examples.json`` (the training texts quoted in explanations). No pickle: a model file
passed between sites cannot run code when it is opened.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from rapport import __version__
from rapport.codebooks import load_codebook
from rapport.coding.cascade import CascadeCoder
from rapport.coding.context import TurnInContext
from rapport.coding.data import (
    Example,
    data_fingerprint,
    shipped_examples,
    with_decoy_histories,
)
from rapport.coding.embeddings import (
    ARTIFACT,
    build_lock,
    cache_root,
    load_static_model,
    staged_folder,
)
from rapport.coding.features import TurnFeaturizer
from rapport.coding.learned import Coder, turn_encoder
from rapport.coding.transformer import ARTIFACT as TRANSFORMER_ARTIFACT
from rapport.coding.transformer import ensure_encoder
from rapport.errors import RapportError

FORMAT = 2
FEATURES_VERSION = "f4"
TRAINING_VERSION = "t4"
"""Bumped when how a model is fitted changes (not its features or file format), so that the
cached shipped model is retrained; t2: thresholds from the smoothed out-of-fold F1 curve;
t3: a passing turn's probability is the mean of the two stages'; t4: gate 0.05."""


class ModelFileError(RapportError):
    """A model folder that is missing, incomplete or from an incompatible version."""


def _vectorizer_state(vectorizer: TfidfVectorizer) -> dict[str, Any]:
    params = {
        k: v
        for k, v in vectorizer.get_params().items()
        if k in {"analyzer", "ngram_range", "min_df", "sublinear_tf", "max_features"}
    }
    return {"params": params, "vocabulary": {k: int(v) for k, v in vectorizer.vocabulary_.items()}}


def _vectorizer_from(state: dict[str, Any], idf: np.ndarray) -> TfidfVectorizer:
    params = dict(state["params"])
    params["ngram_range"] = tuple(params["ngram_range"])
    vectorizer = TfidfVectorizer(**params, dtype=np.float32)
    vectorizer.vocabulary_ = state["vocabulary"]
    vectorizer.idf_ = idf
    return vectorizer


def model_card(
    coder: Coder | CascadeCoder, *, name: str, data: dict[str, Any], metrics: dict[str, Any] | None
) -> dict[str, Any]:
    """What a reader needs to trust (or distrust) a model: data, metrics, date, versions."""
    return {
        "name": name,
        "version": coder.model_version_,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "rapport": __version__,
        "codebook": f"{coder.codebook_.id} {coder.codebook_.version}",
        "embeddings": (
            f"{ARTIFACT} (screen), {TRANSFORMER_ARTIFACT} (turns that pass the screen)"
            if isinstance(coder, CascadeCoder)
            else ARTIFACT
        ),
        "training_turns": int(coder.n_training_),
        "data": data,
        "positives_per_code": {
            c: int(n) for c, n in zip(coder.text_codes_, coder.positives_, strict=True)
        },
        "out_of_fold_f1_per_code": {
            c: round(float(f), 3)
            for c, f in zip(coder.text_codes_, coder.training_f1_, strict=True)
        },
        "thresholds": {
            c: float(t) for c, t in zip(coder.text_codes_, coder.thresholds_, strict=True)
        },
        "development_metrics": metrics,
    }


def _write_stage(coder: Coder, folder: Path, card: dict[str, Any] | None) -> None:
    """One ``Coder``'s vocabularies, weights and examples into an existing folder."""
    featurizer = coder.featurizer_
    document = {
        "format": FORMAT,
        "features": FEATURES_VERSION,
        "kind": "coder",
        "params": coder.get_params(),
        "codebook": coder.codebook_.id,
        "codebook_version": coder.codebook_.version,
        "model_version": getattr(coder, "model_version_", ""),
        "text_codes": coder.text_codes_,
        "classes": [str(c) for c in coder.classes_],
        "cue_codes": featurizer.cue_codes_,
        "vectorizers": {
            "words": _vectorizer_state(featurizer.words_),
            "chars": _vectorizer_state(featurizer.chars_),
            "previous": _vectorizer_state(featurizer.previous_),
        },
        "card": card,
    }
    (folder / "model.json").write_text(json.dumps(document), encoding="utf-8")
    np.savez_compressed(
        folder / "arrays.npz",
        coef=coder.coef_,
        intercept=coder.intercept_,
        platt=coder.platt_,
        thresholds=coder.thresholds_,
        training_f1=coder.training_f1_,
        positives=coder.positives_,
        example_embeddings=coder.example_embeddings_,
        idf_words=featurizer.words_.idf_,
        idf_chars=featurizer.chars_.idf_,
        idf_previous=featurizer.previous_.idf_,
    )
    examples = {"texts": coder.example_texts_, "codes": coder.example_codes_}
    (folder / "examples.json").write_text(json.dumps(examples), encoding="utf-8")


def save_coder(coder: Coder | CascadeCoder, folder: Path, card: dict[str, Any]) -> Path:
    """Write ``coder`` to ``folder`` atomically; an existing folder is replaced.

    A cascade is a folder with its own ``model.json`` and one sub-folder per stage.
    """
    with staged_folder(folder) as staging:
        if isinstance(coder, CascadeCoder):
            document = {
                "format": FORMAT,
                "features": FEATURES_VERSION,
                "kind": "cascade",
                "params": coder.get_params(),
                "model_version": coder.model_version_,
                "thresholds": [float(t) for t in coder.thresholds_],
                "training_f1": [float(f) for f in coder.training_f1_],
                "card": card,
            }
            (staging / "model.json").write_text(json.dumps(document), encoding="utf-8")
            for name, stage in (("screen", coder.screen_), ("full", coder.full_)):
                (staging / name).mkdir()
                _write_stage(stage, staging / name, None)
        else:
            _write_stage(coder, staging, card)
        if "positives_per_code" in card:
            write_card_markdown(staging, card)
    return folder


def _read_document(folder: Path) -> dict[str, Any]:
    try:
        document: dict[str, Any] = json.loads((folder / "model.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{folder}: not a readable Rapport model ({exc})") from None
    if document.get("format") != FORMAT or document.get("features") != FEATURES_VERSION:
        raise ModelFileError(
            f"{folder}: made by another Rapport version; retrain it with rapport train"
        )
    return document


def _read_stage(folder: Path, document: dict[str, Any]) -> Coder:
    try:
        arrays = np.load(folder / "arrays.npz")
        examples = json.loads((folder / "examples.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"{folder}: not a readable Rapport model ({exc})") from None
    coder = Coder(**document["params"])
    coder.codebook_ = load_codebook(document["codebook"])
    coder.classes_ = np.array(document["classes"])
    coder.text_codes_ = list(document["text_codes"])
    featurizer = TurnFeaturizer(load_static_model(), turn_encoder(coder.embeddings))
    vectorizers = document["vectorizers"]
    featurizer.words_ = _vectorizer_from(vectorizers["words"], arrays["idf_words"])
    featurizer.chars_ = _vectorizer_from(vectorizers["chars"], arrays["idf_chars"])
    featurizer.previous_ = _vectorizer_from(vectorizers["previous"], arrays["idf_previous"])
    featurizer.cue_codes_ = list(document["cue_codes"])
    coder.featurizer_ = featurizer
    coder.coef_ = arrays["coef"]
    coder.intercept_ = arrays["intercept"]
    coder.platt_ = arrays["platt"]
    coder.thresholds_ = arrays["thresholds"]
    coder.training_f1_ = arrays["training_f1"]
    coder.positives_ = arrays["positives"]
    coder.example_embeddings_ = arrays["example_embeddings"]
    coder.example_texts_ = examples["texts"]
    coder.example_codes_ = examples["codes"]
    coder.n_training_ = len(coder.example_texts_)
    coder.model_version_ = document["model_version"]
    coder.card_ = document["card"]
    return coder


def load_coder(folder: Path | str) -> Coder | CascadeCoder:
    """A fitted coder from a model folder written by ``save_coder``."""
    folder = Path(folder)
    document = _read_document(folder)
    if document.get("kind") != "cascade":
        return _read_stage(folder, document)
    cascade = CascadeCoder(**document["params"])
    cascade.screen_ = _read_stage(folder / "screen", _read_document(folder / "screen"))
    cascade.full_ = _read_stage(folder / "full", _read_document(folder / "full"))
    cascade.adopt_stages()
    cascade.thresholds_ = np.array(document["thresholds"], np.float32)
    cascade.training_f1_ = np.array(document["training_f1"], np.float32)
    cascade.model_version_ = document["model_version"]
    cascade.card_ = document["card"]
    return cascade


def train_coder(
    samples: Sequence[TurnInContext],
    labels: Sequence[Iterable[str]],
    *,
    codebook: str = "kaye2021",
    version: str,
    **params: Any,
) -> CascadeCoder:
    coder = CascadeCoder(codebook=codebook, **params).fit(samples, labels)
    coder.model_version_ = version
    return coder


def development_examples() -> list[Example]:
    codebook = load_codebook("kaye2021")
    examples = with_decoy_histories(shipped_examples(codebook.code_ids))
    return [e for e in examples if e.split == "dev"]


def write_card_markdown(folder: Path, card: dict[str, Any]) -> None:
    """A human-readable model card beside the machine-readable one."""
    lines = [
        f"# {card['name']}",
        "",
        f"- version: `{card['version']}`",
        f"- created: {card['created']} by Rapport {card['rapport']}",
        f"- codebook: {card['codebook']}; embeddings: {card['embeddings']}",
        f"- training turns: {card['training_turns']}",
        f"- data: {json.dumps(card['data'])}",
        "",
        "| code | training positives | out-of-fold F1 | threshold | dev F1 | dev kappa |",
        "|---|---|---|---|---|---|",
    ]
    dev = {c["code"]: c for c in (card.get("development_metrics") or {}).get("codes", [])}
    for code, positives in card["positives_per_code"].items():
        d = dev.get(code, {})
        lines.append(
            f"| {code} | {positives} | {card['out_of_fold_f1_per_code'][code]:.2f} | "
            f"{card['thresholds'][code]:.3f} | {d.get('f1', '')} | {d.get('kappa', '')} |"
        )
    metrics = card.get("development_metrics")
    if metrics:
        lines += [
            "",
            f"Development split ({metrics['turns']} turns): macro-F1 {metrics['macro_f1']} "
            f"(95% CI {metrics['macro_f1_95ci']}), top-1 {metrics['top1']}, "
            f"top-3 {metrics['top3']}.",
        ]
    (folder / "MODEL_CARD.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


def shipped_training_examples() -> list[Example]:
    codebook = load_codebook("kaye2021")
    examples = with_decoy_histories(shipped_examples(codebook.code_ids))
    return [e for e in examples if e.split == "train"]


def shipped_model_version(examples: Sequence[Example] | None = None) -> str:
    """Names the data, the cue and emotion lists and the feature code the model came from."""
    examples = shipped_training_examples() if examples is None else examples
    digest = hashlib.sha256(data_fingerprint(examples).encode())
    digest.update(TRAINING_VERSION.encode())
    for name in ("cues.yaml", "emotion.yaml"):
        digest.update(resources.files("rapport.coding").joinpath(name).read_bytes())
    return f"rapport-{FEATURES_VERSION}-{digest.hexdigest()[:12]}"


def ensure_shipped_model(notify: Callable[[str], None] | None = None) -> Path:
    """The folder of the shipped coder, trained from the shipped data on first use.

    It learns from the training split only, so that the development split can measure it.
    """
    examples = shipped_training_examples()
    version = shipped_model_version(examples)
    folder = cache_root() / "models" / version
    if (folder / "model.json").is_file():
        return folder
    if notify:
        notify(
            "Building the coder's embedding models and training it from its shipped data, "
            f"once (a few minutes); it is cached in {folder.parent}"
        )
    # Built (each under its own lock) before the coder's lock is taken.
    load_static_model()
    ensure_encoder()
    with build_lock(folder.parent, "coder"):
        if not (folder / "model.json").is_file():
            coder = train_coder(
                [e.as_sample() for e in examples], [e.codes for e in examples], version=version
            )
            from rapport.coding.evaluation import evaluate_examples

            development = evaluate_examples(coder, development_examples(), n_bootstrap=200)
            card = model_card(
                coder,
                name="Rapport shipped coder",
                data={
                    "turns": len(examples),
                    "sources": sorted({e.source for e in examples}),
                    "split": "train (the dev split is held out)",
                },
                metrics=development.as_dict(),
            )
            save_coder(coder, folder, card)
    return folder


def load_shipped_coder(notify: Callable[[str], None] | None = None) -> Coder | CascadeCoder:
    return load_coder(ensure_shipped_model(notify))
