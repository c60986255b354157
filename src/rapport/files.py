"""Writing files so that a failed run never leaves a half-written one behind."""

from __future__ import annotations

import os
from pathlib import Path


def write_atomically(path: str | Path, data: bytes | str) -> Path:
    """Write ``data`` beside ``path`` and rename it into place, so a failed run never
    leaves a half-written file where a good one was."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    if isinstance(data, str):
        temporary.write_text(data, encoding="utf-8")
    else:
        temporary.write_bytes(data)
    temporary.replace(target)
    return target
