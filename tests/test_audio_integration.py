"""The real thing: Whisper base (assembled from its PyPI packages) transcribes generated speech.

Needs the ``audio`` extra and Debian's espeak-ng and sox; ``require_tools`` installs them
with apt-get when running as root and otherwise fails saying what to install. Nothing is
skipped.
"""

from __future__ import annotations

import itertools
import subprocess
from pathlib import Path

from rapport.audio import measure_pauses, transcribe
from rapport.audio.synthetic import Line, make_conversation, require_tools
from rapport.audio.whisper_model import MODEL_SHA256, ensure_model, verify_model
from rapport.coding.context import silence_span, turns_in_context
from rapport.model import Role

SCRIPT = [
    Line("Dr Lee", "I have the results of the scan.", 0.8),
    Line("Mum", "Oh no. I am so scared.", 5.5),
    Line("Dr Lee", "I am so sorry.", 0.5),
]


def test_two_channel_recording_becomes_timed_turns_with_a_codable_silence(
    tmp_path: Path,
) -> None:
    require_tools()
    manifest = verify_model(ensure_model())
    assert manifest["files"]["model.bin"] == MODEL_SHA256["model.bin"]
    multi, _, reference = make_conversation("short", tmp_path, SCRIPT)
    audio = tmp_path / "visit.flac"
    subprocess.run(["sox", str(multi), str(audio)], check=True)
    seen: list[tuple[float, float]] = []
    encounter = transcribe(
        audio,
        speakers=["Dr Lee", "Mum"],
        roles={"Dr Lee": "clinician", "Mum": "parent"},
        progress=lambda done, total: seen.append((done, total)),
    )
    assert encounter.metadata["audio"]["speakers_from"] == "channels"
    assert [(t.speaker, t.role) for t in encounter.turns] == [
        ("Dr Lee", Role.CLINICIAN),
        ("Mum", Role.PARENT),
        ("Dr Lee", Role.CLINICIAN),
    ]
    text = " ".join(t.text for t in encounter.turns).lower()
    assert "scared" in text and "sorry" in text
    # Each turn spans its words; words are kept with their turn.
    words = encounter.metadata["words"]
    for turn in encounter.turns:
        own = [w for w in words if w["turn"] == turn.index]
        assert own and own[0]["start"] == turn.start and own[-1]["end"] == turn.end
    # The 5.5 s pause after the mother's emotion is measured within 0.3 s and coded.
    (pause,) = measure_pauses(encounter, minimum=3.0)
    assert abs(pause.duration - reference.pauses[1][1]) <= 0.3
    spans = [silence_span(sample) for sample in turns_in_context([encounter])]
    assert spans[2] is not None and spans[2] == (pause.start, pause.end)
    # Progress went up to the whole audio of both channels.
    assert seen and seen[-1][0] == seen[-1][1] > 2 * 9.0
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(seen))
