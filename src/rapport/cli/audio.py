"""``rapport transcribe``: recordings to Rapport transcripts, on this machine."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

from rapport.cli.shared import RolesOption, _table, app, err, friendly_errors, out
from rapport.errors import IngestError
from rapport.ingest import parse_roles_option
from rapport.ingest.json_format import encounter_to_dict, write_json


class Device(StrEnum):
    CPU = "cpu"
    CUDA = "cuda"


class ChannelMode(StrEnum):
    AUTO = "auto"
    SPLIT = "split"
    MIX = "mix"


def audio_files(paths: Sequence[Path]) -> list[Path]:
    """The recordings named, folders expanded to the audio files inside them (sorted)."""
    from rapport.audio import AUDIO_SUFFIXES

    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in AUDIO_SUFFIXES
            )
            if not inside:
                raise IngestError(path, None, "holds no audio files")
            found += inside
        else:
            found.append(path)
    if not found:
        raise IngestError("-", None, "no audio files given")
    return found


def parse_speakers(text: str | None) -> int | list[str] | None:
    """``"2"`` is a count; ``"Dr Lee,Mum"`` names the speakers (by channel or first speech)."""
    if text is None or not text.strip():
        return None
    if text.strip().isdigit():
        return int(text.strip())
    names = [" ".join(name.split()) for name in text.split(",") if name.strip()]
    if not names:
        raise IngestError("--speakers", None, "expected a number or a list of names")
    return names


@contextmanager
def audio_progress(name: str) -> Iterator[Callable[[float, float], None] | None]:
    """A progress bar in seconds of audio with the time remaining, when stderr is a terminal."""
    if not err.is_terminal:
        yield None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed:.0f}/{task.total:.0f} s of audio"),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(name[-40:], total=None)

        def update(done: float, total: float) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@app.command("transcribe")
@friendly_errors
def transcribe_command(
    audio: Annotated[
        list[Path],
        typer.Argument(help="Recordings (WAV, MP3, M4A, FLAC, OGG) or folders of them."),
    ],
    language: Annotated[
        str, typer.Option(help="Spoken language as an ISO code (en, es...), or 'auto' to detect.")
    ] = "en",
    model: Annotated[
        str,
        typer.Option(
            help="'base' (Whisper base, assembled from PyPI packages on first use) or the "
            "folder of any faster-whisper model. Nothing is downloaded."
        ),
    ] = "base",
    device: Annotated[Device, typer.Option(help="Run the model on the CPU or a CUDA GPU.")] = (
        Device.CPU
    ),
    compute_type: Annotated[
        str, typer.Option(help="CTranslate2 compute type: int8 (CPU), float16 (GPU), ...")
    ] = "int8",
    beam_size: Annotated[int, typer.Option(help="Beam search width.", min=1)] = 5,
    speakers: Annotated[
        str | None,
        typer.Option(
            help="How many speakers to find (a number), or their names in order of channel "
            "or of first speech: 'Dr Lee,Mum'. 1 turns diarisation off. Default: estimated."
        ),
    ] = None,
    align: Annotated[
        Path | None,
        typer.Option(
            help="A diarised WebVTT transcript of the same recording (Zoom, Teams): each word "
            "takes the speaker of the cue it overlaps most. One recording only."
        ),
    ] = None,
    channels: Annotated[
        ChannelMode,
        typer.Option(
            help="Multi-channel audio: 'split' transcribes each channel as one speaker, 'mix' "
            "never does, 'auto' splits when the channels differ."
        ),
    ] = ChannelMode.AUTO,
    roles: RolesOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json", help="Print each transcript as one Rapport transcript JSON object per line."
        ),
    ] = False,
    out_folder: Annotated[
        Path, typer.Option("--out", help="Folder to write NAME.json transcripts into.")
    ] = Path("."),
) -> None:
    """Transcribe recordings locally (faster-whisper) into Rapport transcripts.

    Turns carry start and end times from word timestamps, so pauses (and the silence
    code) work on recordings. Speakers come from separate channels, an aligned WebVTT
    file, or voice-based diarisation. Nothing leaves this machine.
    """
    from rapport.audio import measure_pauses, transcribe

    files = audio_files(audio)
    if align is not None and len(files) > 1:
        raise IngestError(align, None, "--align needs exactly one recording")
    role_map = parse_roles_option(roles) if roles else None
    wanted = parse_speakers(speakers)
    if not as_json:
        out_folder.mkdir(parents=True, exist_ok=True)
    table = _table("transcript", "speakers", "turns", "pauses ≥5 s", "RTF", title="Transcribed")
    for path in files:
        with audio_progress(path.name) as progress:
            encounter = transcribe(
                path,
                language=None if language == "auto" else language,
                model=model,
                device=device.value,
                compute_type=compute_type,
                beam_size=beam_size,
                speakers=wanted,
                align=align,
                channels=channels.value,
                roles=role_map,
                progress=progress,
            )
        if as_json:
            document = encounter_to_dict(encounter)
            sys.stdout.write(json.dumps(document, ensure_ascii=False, default=str) + "\n")
            sys.stdout.flush()
            continue
        target = out_folder / f"{path.stem}.json"
        target.write_text(write_json(encounter), encoding="utf-8")
        info = encounter.metadata["audio"]
        names = ", ".join(f"{p.name} ({p.role.value})" for p in encounter.participants)
        table.add_row(
            str(target),
            f"{names} (from {info['speakers_from']})",
            str(len(encounter.turns)),
            str(len(measure_pauses(encounter, 5.0))),
            f"{info['realtime_factor']:.2f}",
        )
    if not as_json:
        out.print(table)
