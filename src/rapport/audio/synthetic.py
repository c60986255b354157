"""Synthetic clinical conversations with known words, speakers and pauses.

The benchmark, the integration test and the bundled demo recording are made here with
Debian's ``espeak-ng`` (one voice per speaker) and ``sox`` (compression). Each line is
spoken to a WAV file, trimmed to its speech, and placed on a timeline after the pause the
script asks for, so every reference turn's start and end and every pause is known exactly.
The result is written as one channel per speaker and as a mono mix.

Synthetic speech is not clinical speech: these recordings measure the pipeline (timing,
speaker attribution, speed), not how well Whisper hears a real clinic.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import wave
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

TOOLS = ("espeak-ng", "sox")
DEBIAN_PACKAGES = ("espeak-ng", "sox", "libsox-fmt-all")
SAMPLE_RATE = 22_050  # espeak-ng's own rate
LEAD_SECONDS = 0.6
SPEECH_THRESHOLD = 0.01


@dataclass(slots=True, frozen=True)
class Voice:
    """An espeak-ng voice: ``voice`` (with an optional ``+variant``), pitch 0-99, words/min."""

    voice: str
    pitch: int = 50
    speed: int = 150


@dataclass(slots=True, frozen=True)
class Line:
    """One scripted turn; ``pause`` is the silence after it, before the next line."""

    speaker: str
    text: str
    pause: float = 0.8


@dataclass(slots=True)
class ReferenceTurn:
    speaker: str
    text: str
    start: float
    end: float


@dataclass(slots=True)
class Reference:
    """What was really said, by whom and when, in a synthetic recording."""

    speakers: list[str]
    turns: list[ReferenceTurn] = field(default_factory=list)
    duration: float = 0.0

    @property
    def pauses(self) -> list[tuple[int, float]]:
        """``(index of the turn before, seconds)`` for every gap between turns."""
        return [
            (i, round(self.turns[i + 1].start - turn.end, 3))
            for i, turn in enumerate(self.turns[:-1])
        ]

    def to_vtt(self, jitter: float = 0.25) -> str:
        """Captions as a video platform writes them: padded, with times off by up to
        ``jitter`` seconds (deterministic), and long turns cut into several cues."""
        rng = np.random.default_rng(7)
        lines = ["WEBVTT", ""]
        for turn in self.turns:
            words = turn.text.split()
            pieces = [words[i : i + 12] for i in range(0, len(words), 12)]
            span = (turn.end - turn.start) / len(pieces)
            for k, piece in enumerate(pieces):
                start = max(0.0, turn.start + k * span + rng.uniform(-jitter, jitter))
                end = max(start + 0.2, turn.start + (k + 1) * span + rng.uniform(-jitter, jitter))
                lines += [
                    f"{_clock(start)} --> {_clock(end)}",
                    f"<v {turn.speaker}>{' '.join(piece)}",
                    "",
                ]
        return "\n".join(lines)


def _clock(seconds: float) -> str:
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{int(hours):02d}:{int(minutes):02d}:{secs:06.3f}"


def require_tools(install: bool | None = None) -> None:
    """Make sure espeak-ng and sox are on PATH, installing them with apt-get if allowed.

    ``install`` defaults to True when running as root (as on the project's machines and
    CI). Raises ``RuntimeError`` saying what to install when they are still missing.
    """
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not missing:
        return
    if install is None:
        install = (
            hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get") is not None
        )
    if install:
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "check": False}
        subprocess.run(["apt-get", "update", "-qq"], **quiet)  # type: ignore[call-overload]
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *DEBIAN_PACKAGES],
            **quiet,  # type: ignore[call-overload]
        )
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if missing:
        raise RuntimeError(
            f"synthetic audio needs {' and '.join(missing)}: "
            f"apt-get install {' '.join(DEBIAN_PACKAGES)} (Debian/Ubuntu)"
        )


def speak(text: str, voice: Voice, folder: Path, name: str) -> np.ndarray:
    """``text`` spoken by ``voice``, trimmed to its speech, as float32 samples at 22.05 kHz."""
    out = folder / f"{name}.wav"
    subprocess.run(
        ["espeak-ng", "-v", voice.voice, "-p", str(voice.pitch), "-s", str(voice.speed),
         "-w", str(out), text],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    with wave.open(str(out), "rb") as handle:
        if handle.getframerate() != SAMPLE_RATE or handle.getnchannels() != 1:
            raise RuntimeError(f"espeak-ng wrote an unexpected format to {out}")
        samples = np.frombuffer(handle.readframes(handle.getnframes()), "<i2") / 32768.0
    loud = np.flatnonzero(np.abs(samples) > SPEECH_THRESHOLD)
    if len(loud) == 0:
        raise RuntimeError(f"espeak-ng produced silence for {text!r}")
    return samples[loud[0] : loud[-1] + 1].astype(np.float32)


def render(
    lines: Sequence[Line], voices: dict[str, Voice], folder: Path
) -> tuple[np.ndarray, Reference]:
    """Speak ``lines`` onto a timeline: samples of shape (speakers, n) and the reference."""
    folder.mkdir(parents=True, exist_ok=True)
    speakers = list(dict.fromkeys(line.speaker for line in lines))
    reference = Reference(speakers)
    pieces: list[tuple[int, int, np.ndarray]] = []
    cursor = round(LEAD_SECONDS * SAMPLE_RATE)
    for i, line in enumerate(lines):
        samples = speak(line.text, voices[line.speaker], folder, f"line-{i:03d}")
        channel = speakers.index(line.speaker)
        pieces.append((channel, cursor, samples))
        start = cursor / SAMPLE_RATE
        end = (cursor + len(samples)) / SAMPLE_RATE
        reference.turns.append(
            ReferenceTurn(line.speaker, line.text, round(start, 3), round(end, 3))
        )
        cursor += len(samples) + round(line.pause * SAMPLE_RATE)
    total = cursor + round(LEAD_SECONDS * SAMPLE_RATE)
    tracks = np.zeros((len(speakers), total), dtype=np.float32)
    for channel, offset, samples in pieces:
        tracks[channel, offset : offset + len(samples)] += samples
    reference.duration = total / SAMPLE_RATE
    return tracks, reference


def write_wav(path: Path, tracks: np.ndarray) -> Path:
    """Write ``tracks`` (channels, n) as a 16-bit WAV file with one channel per row."""
    pcm = (np.clip(tracks, -1.0, 1.0) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(pcm.shape[0])
        handle.setsampwidth(2)
        handle.setframerate(SAMPLE_RATE)
        handle.writeframes(pcm.T.tobytes())
    return path


def mix_down(tracks: np.ndarray) -> np.ndarray:
    """One channel holding every speaker (as a single room microphone would)."""
    mixed = tracks.sum(axis=0, keepdims=True)
    peak = float(np.abs(mixed).max()) or 1.0
    return mixed / max(1.0, peak)


def convert(source: Path, target: Path, *extra: str) -> Path:
    """Convert with sox by the target's extension (``.ogg``, ``.flac``, ``.mp3``...)."""
    subprocess.run(["sox", str(source), *extra, str(target)], check=True, stderr=subprocess.PIPE)
    return target


# --- scripts ---------------------------------------------------------------------------

VOICES = {
    # Chosen to sound apart to a voice encoder (espeak-ng voices are all one synthesiser).
    "Dr Lee": Voice("en-us+m3", pitch=20, speed=140),
    "Mum": Voice("en+f4", pitch=80, speed=145),
    "Sam": Voice("en-gb-x-rp+m7", pitch=30, speed=150),
}
EMOTIONAL_PAUSE = 6.0

CLINIC_VISIT = [
    Line("Dr Lee", "Good morning. Thank you both for coming in today. How has the week been?"),
    Line("Mum", "It has been a hard week. She was tired every day and stopped eating breakfast."),
    Line(
        "Dr Lee", "I have the results of the scan, and I am afraid it is not the news we hoped for."
    ),
    Line("Mum", "Oh no. I am so scared. I do not know how to tell her.", EMOTIONAL_PAUSE),
    Line(
        "Dr Lee", "I am so sorry. This is a lot to take in, and we will work through it together."
    ),
    Line("Mum", "What happens next?"),
    Line(
        "Dr Lee", "We will start a new treatment next week, and the nurse will call you tomorrow."
    ),
]

SCRIPTS: dict[str, list[Line]] = {
    "clinic-visit": CLINIC_VISIT,
    "ward-round": [
        Line("Dr Lee", "Hello Sam. I heard you had a rough night. How are you feeling now?"),
        Line("Sam", "My tummy hurts and I could not sleep at all."),
        Line("Mum", "She cried for most of the night. I felt so helpless.", EMOTIONAL_PAUSE),
        Line("Dr Lee", "That sounds really hard for both of you. Thank you for telling me."),
        Line(
            "Dr Lee",
            "We can give a different medicine for the pain, and it should help tonight.",
            1.5,
        ),
        Line("Sam", "Will it taste bad?"),
        Line("Dr Lee", "It tastes a bit like strawberries. Shall we try it after lunch?"),
        Line("Sam", "Okay."),
        Line(
            "Mum",
            "Thank you. I am worried that the pain means the cancer is growing.",
            EMOTIONAL_PAUSE,
        ),
        Line(
            "Dr Lee",
            "That is a fair worry. The pain is most likely from the treatment, "
            "and we will check tomorrow.",
        ),
    ],
    "phone-call": [
        Line("Dr Lee", "Hi, this is Doctor Lee calling with the blood results from Monday."),
        Line("Mum", "Hello. Yes, we have been waiting all morning for your call."),
        Line(
            "Dr Lee",
            "The counts have come back up, so the next cycle can start on Thursday.",
            1.2,
        ),
        Line(
            "Mum",
            "That is such a relief. I have been crying with worry all weekend.",
            EMOTIONAL_PAUSE,
        ),
        Line("Dr Lee", "I can hear how much this means to you. You have both been so strong."),
        Line("Mum", "Should we still come in early on Thursday?"),
        Line(
            "Dr Lee",
            "Yes, please come at eight, and bring her favourite blanket for the long day.",
        ),
        Line("Mum", "We will. Thank you so much for calling."),
    ],
}


def make_conversation(
    name: str, folder: Path, lines: Sequence[Line] | None = None
) -> tuple[Path, Path, Reference]:
    """Render script ``name`` into ``folder``: (multi-channel WAV, mono WAV, reference)."""
    require_tools()
    tracks, reference = render(lines or SCRIPTS[name], VOICES, folder / f"{name}-lines")
    multi = write_wav(folder / f"{name}-channels.wav", tracks)
    mono = write_wav(folder / f"{name}-mono.wav", mix_down(tracks))
    return multi, mono, reference


def make_demo(target: Path) -> Reference:
    """The bundled demo recording: ``CLINIC_VISIT`` as 2-channel OGG Vorbis (one voice each).

    ``python -c "from rapport.audio.synthetic import make_demo; from pathlib import Path;
    make_demo(Path('examples-audio/clinic-visit.ogg'))"`` rebuilds it.
    """
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        multi, _, reference = make_conversation("clinic-visit", Path(scratch))
        convert(multi, target, "-C", "2")
    return reference
