"""Reading recordings: check a file, and decode it, frame by frame, to 16 kHz WAV.

PyAV (FFmpeg, a dependency of faster-whisper) decodes WAV, MP3, M4A/AAC, FLAC, OGG/Opus
and WebM. Decoding streams: one frame at a time is resampled to 16 kHz and appended to a
WAV file per channel (and one for the mix), so memory stays flat however long the
recording is. The WAV files go to a private temporary folder that the caller deletes.

While decoding, the channels are compared: two microphones each close to one speaker
differ (``channel_difference`` near 1), a mono recording saved as stereo does not (near 0).
"""

from __future__ import annotations

import wave
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rapport.errors import IngestError

SAMPLE_RATE = 16_000
AUDIO_SUFFIXES = (".wav", ".mp3", ".m4a", ".flac", ".ogg", ".oga", ".opus", ".aac", ".webm")
# Below this the channels are copies of one mix and are transcribed as one.
DISTINCT_CHANNELS = 0.2


@dataclass(slots=True)
class DecodedAudio:
    """A recording decoded to 16 kHz mono WAV files (paths), one per channel and the mix."""

    source: Path
    duration: float
    channels: int
    mix: Path
    channel_files: list[Path] = field(default_factory=list)
    channel_difference: float = 0.0

    @property
    def distinct_channels(self) -> bool:
        return len(self.channel_files) > 1 and self.channel_difference >= DISTINCT_CHANNELS


def _fail(path: Path, reason: str) -> IngestError:
    return IngestError(path, None, reason)


def check_audio_path(path: Path) -> None:
    """Raise ``IngestError`` for a missing file, a folder or an unsupported extension."""
    if path.is_dir():
        raise _fail(path, "is a folder, not an audio file")
    if not path.is_file():
        raise _fail(path, "no such file")
    if path.suffix.lower() not in AUDIO_SUFFIXES:
        supported = ", ".join(AUDIO_SUFFIXES)
        raise _fail(
            path, f"unsupported audio type {path.suffix or '(none)'!r}; supported: {supported}"
        )


def _open(path: Path) -> tuple[Any, Any]:
    import av

    try:
        container = av.open(str(path))
    except (av.error.FFmpegError, OSError) as exc:
        raise _fail(path, f"cannot decode audio ({_reason(exc)}); is the file damaged?") from None
    streams = list(container.streams.audio)
    if not streams:
        container.close()
        raise _fail(path, "holds no audio stream")
    return container, streams[0]


def _reason(exc: BaseException) -> str:
    text = getattr(exc, "strerror", None) or str(exc)
    return str(text).split(":")[0].strip() or type(exc).__name__


def probe_duration(path: Path) -> float:
    """The recording's length in seconds as its header states (0.0 when it does not)."""
    container, stream = _open(path)
    try:
        if stream.duration is not None and stream.time_base is not None:
            return float(stream.duration * stream.time_base)
        return float(container.duration or 0) / 1_000_000
    finally:
        container.close()


def _writer(path: Path) -> wave.Wave_write:
    handle = wave.open(str(path), "wb")  # noqa: SIM115 - closed by decode_to_wav
    handle.setnchannels(1)
    handle.setsampwidth(2)
    handle.setframerate(SAMPLE_RATE)
    return handle


def _pcm(samples: np.ndarray) -> bytes:
    return (np.clip(samples, -1.0, 1.0) * 32767.0).astype("<i2").tobytes()


def decode_to_wav(
    path: Path, folder: Path, *, progress: Callable[[float], None] | None = None
) -> DecodedAudio:
    """Decode ``path`` into 16 kHz mono WAV files in ``folder``, streaming.

    Writes ``mix.wav`` and, for several channels, ``channel-1.wav`` ... ``progress`` is called
    with the seconds decoded so far. Damaged or unsupported audio is an ``IngestError``.
    """
    import av

    check_audio_path(path)
    container, stream = _open(path)
    channels = int(stream.channels or 1)
    layout = stream.layout.name if stream.layout is not None else None
    resampler = av.AudioResampler(format="fltp", layout=layout, rate=SAMPLE_RATE)
    mix_path = folder / "mix.wav"
    channel_paths = (
        [folder / f"channel-{i + 1}.wav" for i in range(channels)] if channels > 1 else []
    )
    writers = [_writer(mix_path), *(_writer(p) for p in channel_paths)]
    samples = 0
    difference = 0.0
    energy = 0.0

    def write(frames: list[Any]) -> None:
        nonlocal samples, difference, energy
        for frame in frames:
            planes = frame.to_ndarray().reshape(-1, frame.samples)[:channels]
            writers[0].writeframes(_pcm(planes.mean(axis=0)))
            for writer, plane in zip(writers[1:], planes, strict=False):
                writer.writeframes(_pcm(plane))
            if channels > 1:
                first, second = planes[0], planes[1]
                difference += float(np.sum((first - second) ** 2))
                energy += float(np.sum(first**2 + second**2))
            samples += frame.samples
            if progress is not None:
                progress(samples / SAMPLE_RATE)

    try:
        for frame in container.decode(stream):
            write(resampler.resample(frame))
        write(resampler.resample(None))
    except (av.error.FFmpegError, OSError) as exc:
        raise _fail(path, f"cannot decode audio ({_reason(exc)}); is the file damaged?") from None
    finally:
        container.close()
        for writer in writers:
            writer.close()
    if samples == 0:
        raise _fail(path, "holds no audio (zero samples decoded)")
    return DecodedAudio(
        source=path,
        duration=samples / SAMPLE_RATE,
        channels=channels,
        mix=mix_path,
        channel_files=channel_paths,
        channel_difference=difference / energy if energy > 0 else 0.0,
    )


def read_span(wav_path: Path, start: float, end: float) -> np.ndarray:
    """Samples (float32, -1..1) of a 16 kHz mono WAV between ``start`` and ``end`` seconds."""
    with wave.open(str(wav_path), "rb") as handle:
        total = handle.getnframes()
        first = max(0, min(total, round(start * SAMPLE_RATE)))
        last = max(first, min(total, round(end * SAMPLE_RATE)))
        handle.setpos(first)
        data = handle.readframes(last - first)
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768.0


FRAME_SECONDS = 0.02
# A frame is speech when its RMS reaches this share of the word's loud frames.
SPEECH_SHARE = 0.1
QUIET_FLOOR = 0.003
# How far an edge may move past the recogniser's, and the silence that ends speech.
REACH_SECONDS = 0.5
QUIET_RUN_FRAMES = 5


def speech_edges(
    wav_path: Path, start: float, end: float, low: float = 0.0, high: float = float("inf")
) -> tuple[float, float]:
    """``(start, end)`` of a stretch of speech moved to where the signal starts and stops.

    Whisper's word timestamps are often a little off at the edges of a turn: its first word
    starts late or early, its last word ends early or stretches into the silence after it.
    Each edge moves (by at most ``REACH_SECONDS``, never past ``low`` or ``high``, the
    neighbouring speech) to the audible edge: outwards while the signal stays loud (gaps
    shorter than ``QUIET_RUN_FRAMES`` frames are bridged), or inwards over silence. A span
    with nothing audible is returned as it was.
    """
    begin = max(low, start - REACH_SECONDS, 0.0)
    finish = min(high, end + REACH_SECONDS)
    samples = read_span(wav_path, begin, finish)
    size = round(FRAME_SECONDS * SAMPLE_RATE)
    count = len(samples) // size
    if count == 0 or end <= start:
        return start, end
    frames = samples[: count * size].reshape(count, size).astype(np.float64)
    rms = np.sqrt(np.mean(frames**2, axis=1))
    first = max(0, min(count - 1, int((start - begin) / FRAME_SECONDS)))
    last = max(first, min(count - 1, int((end - begin) / FRAME_SECONDS) - 1))
    inside = rms[first : last + 1]
    threshold = max(QUIET_FLOOR, SPEECH_SHARE * float(np.percentile(inside, 95)))
    loud = rms >= threshold
    if not loud[first : last + 1].any():
        return start, end
    new_first = _edge(loud, first, last, step=-1)
    new_last = _edge(loud, last, first, step=1)
    new_start = begin + new_first * FRAME_SECONDS
    new_end = begin + (new_last + 1) * FRAME_SECONDS
    return round(max(begin, new_start), 3), round(min(finish, max(new_end, new_start)), 3)


def _edge(loud: np.ndarray, at: int, other: int, step: int) -> int:
    """The frame where speech stops, going outwards (``step``) from frame ``at``.

    If frame ``at`` is quiet, speech stopped earlier: the loud frame nearest to it towards
    ``other``. If it is loud, speech goes on outwards until ``QUIET_RUN_FRAMES`` quiet frames.
    """
    if not loud[at]:
        inward = range(at, other - step, -step)
        return next((k for k in inward if loud[k]), at)
    edge, quiet, k = at, 0, at + step
    while 0 <= k < len(loud) and quiet < QUIET_RUN_FRAMES:
        if loud[k]:
            edge, quiet = k, 0
        else:
            quiet += 1
        k += step
    return edge
