"""The errors Rapport raises on purpose.

Front ends turn every ``RapportError`` into one line on stderr and exit code 2;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path


class RapportError(Exception):
    """Base class: a problem the user can fix, described in one line."""

    def one_line(self) -> str:
        return str(self)


class IngestError(RapportError):
    """A transcript or metadata file that cannot be read.

    ``line`` is 1-based, or ``None`` when the problem concerns the whole file.
    """

    def __init__(self, path: str | Path, line: int | None, reason: str) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        super().__init__(self.one_line())

    def one_line(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.reason}"


class CodebookError(IngestError):
    """A codebook file that is not valid; same shape as ``IngestError``."""


class StoreError(RapportError):
    """The workspace database cannot be opened, migrated or written."""


class NotFoundError(RapportError):
    """A stored encounter, codebook or coder that does not exist."""
