"""The ``rapport`` command line: parse arguments, call ``pipeline``, format the result.

Commands live in ``commands`` (transcripts, coding, export) and ``reports`` (reports
and statistics); importing them registers them on ``app``.
"""

from __future__ import annotations

from rapport.cli import (
    audio,
    batch,
    coders,
    commands,
    documents,
    milestones,
    privacy,
    reports,
    surveys,
    themes,
    workspace,
)
from rapport.cli import web as web  # rapport serve, rapport users
from rapport.cli.shared import app

__all__ = [
    "app",
    "audio",
    "batch",
    "coders",
    "commands",
    "documents",
    "main",
    "milestones",
    "privacy",
    "reports",
    "surveys",
    "themes",
    "workspace",
]


def main() -> None:
    app()
