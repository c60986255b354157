"""Automatic diarisation: who spoke which words, from voice embeddings alone.

The voice encoder is Resemblyzer's (GE2E, 256-dimensional embeddings), whose weights ship
inside the PyPI package ``resemblyzer`` (extra ``audio``; it needs torch, pinned to the
CPU build). The words are cut into chunks at short pauses (``CHUNK_GAP_SECONDS``) and at
``CHUNK_MAX_SECONDS``; each chunk of at least ``MIN_EMBED_SECONDS`` is embedded, and the
embeddings are clustered agglomeratively (average linkage, cosine distance) into the
number of speakers given, or, when none is given, cut at ``DISTANCE_THRESHOLD``. Shorter
chunks join the nearest cluster centre. Speakers are numbered in order of first speech.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from rapport.audio.media import read_span
from rapport.audio.whisper_model import EXTRA_HINT, TranscriptionError
from rapport.audio.words import Word
from rapport.coding.embeddings import file_sha256

CHUNK_GAP_SECONDS = 0.3
WINDOW_SECONDS = 1.6
HOP_SECONDS = 0.4
MIN_EMBED_SECONDS = 0.8
# Tuned on the synthetic benchmark (docs/audio.md); average cosine distance between clusters.
DISTANCE_THRESHOLD = 0.35
MAX_SPEAKERS = 8
ENCODER_SHA256 = "39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e"


def speech_windows(
    words: Sequence[Word], length: float = WINDOW_SECONDS, hop: float = HOP_SECONDS
) -> list[tuple[float, float]]:
    """Windows of ``length`` seconds every ``hop`` seconds over the stretches of speech.

    A stretch is a run of words without a pause of ``CHUNK_GAP_SECONDS``; one shorter than
    ``length`` gets a single window.
    """
    windows: list[tuple[float, float]] = []
    stretch_start: float | None = None
    stretch_end = 0.0
    for word in [*words, None]:
        if (
            word is not None
            and stretch_start is not None
            and word.start - stretch_end < CHUNK_GAP_SECONDS
        ):
            stretch_end = max(stretch_end, word.end)
            continue
        if stretch_start is not None:
            if stretch_end - stretch_start <= length:
                windows.append((stretch_start, stretch_end))
            else:
                start = stretch_start
                while start + length < stretch_end + hop:
                    windows.append((start, min(start + length, stretch_end)))
                    start += hop
        if word is not None:
            stretch_start, stretch_end = word.start, word.end
    return windows


@cache
def voice_encoder() -> Any:
    """Resemblyzer's voice encoder, loaded once, after checking its packaged weights."""
    try:
        with warnings.catch_warnings():
            # resemblyzer's webrtcvad imports the deprecated pkg_resources.
            warnings.simplefilter("ignore")
            import resemblyzer
    except ImportError as exc:
        raise TranscriptionError(
            f"automatic diarisation needs the 'audio' extra ({exc.name} is missing): "
            f"{EXTRA_HINT}; or give --speakers 1, a multi-channel recording, or --align FILE.vtt"
        ) from None
    weights = Path(resemblyzer.__file__).parent / "pretrained.pt"
    if not weights.is_file() or file_sha256(weights) != ENCODER_SHA256:
        raise TranscriptionError(
            f"{weights}: does not match the pinned checksum; reinstall resemblyzer==0.1.4"
        )
    return resemblyzer.VoiceEncoder("cpu", verbose=False)


def embed_windows(wav_path: Path, windows: Sequence[tuple[float, float]]) -> np.ndarray:
    """One L2-normalised voice embedding per window, from a 16 kHz mono WAV."""
    encoder = voice_encoder()  # first: it imports resemblyzer with its warnings silenced
    from resemblyzer import normalize_volume

    vectors = []
    for start, end in windows:
        samples = read_span(wav_path, start, end)
        samples = normalize_volume(samples, -30, increase_only=True)
        vectors.append(encoder.embed_utterance(samples))
    return np.asarray(vectors, dtype=np.float32).reshape(len(vectors), -1)


def cluster(vectors: np.ndarray, speakers: int | None) -> np.ndarray:
    """Cluster labels 0..k-1 for unit vectors: ``speakers`` clusters, or by threshold."""
    from scipy.cluster.hierarchy import fcluster, linkage

    if len(vectors) == 0:
        return np.zeros(0, dtype=int)
    if len(vectors) == 1 or speakers == 1:
        return np.zeros(len(vectors), dtype=int)
    tree = linkage(vectors, method="average", metric="cosine")
    if speakers is not None:
        labels = fcluster(tree, t=min(speakers, len(vectors)), criterion="maxclust")
    else:
        labels = fcluster(tree, t=DISTANCE_THRESHOLD, criterion="distance")
        if labels.max() > MAX_SPEAKERS:
            labels = fcluster(tree, t=MAX_SPEAKERS, criterion="maxclust")
    return np.asarray(labels, dtype=int) - 1


def label_chunks(
    vectors: np.ndarray, durations: Sequence[float], speakers: int | None
) -> list[int]:
    """A speaker number per chunk, numbered by first appearance.

    Chunks shorter than ``MIN_EMBED_SECONDS`` give unreliable embeddings: they are left out
    of the clustering and join the nearest cluster centre.
    """
    if len(vectors) == 0:
        return []
    long_enough = np.flatnonzero(np.asarray(durations, dtype=float) >= MIN_EMBED_SECONDS)
    if len(long_enough) == 0:
        long_enough = np.arange(len(vectors))
    labels = cluster(vectors[long_enough], speakers)
    centres = np.stack(
        [vectors[long_enough][labels == k].mean(axis=0) for k in range(int(labels.max()) + 1)]
    )
    centres /= np.linalg.norm(centres, axis=1, keepdims=True) + 1e-9
    raw = np.argmax(vectors @ centres.T, axis=1)
    raw[long_enough] = labels
    order: dict[int, int] = {}
    for label in raw:
        order.setdefault(int(label), len(order))
    return [order[int(label)] for label in raw]


def diarise_words(
    words: Sequence[Word], wav_path: Path, names: Sequence[str], speakers: int | None = None
) -> list[Word]:
    """``words`` (new objects) with speakers found from their voices in ``wav_path``.

    Each word takes the label of the window centred nearest to its middle. Speaker *k* in
    order of first speech is named ``names[k]``, or "Speaker k+1" beyond them.
    """
    windows = speech_windows(words)
    if not windows:
        return []
    vectors = embed_windows(wav_path, windows)
    labels = label_chunks(vectors, [end - start for start, end in windows], speakers)
    centres = np.array([(start + end) / 2 for start, end in windows])

    def name(k: int) -> str:
        return names[k] if k < len(names) else f"Speaker {k + 1}"

    attributed = []
    for word in words:
        nearest = int(np.argmin(np.abs(centres - (word.start + word.end) / 2)))
        attributed.append(word.with_speaker(name(labels[nearest])))
    return attributed
