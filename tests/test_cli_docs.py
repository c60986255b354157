"""Every command has help text, every option says what it does, and docs/cli.md covers them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer.main

from rapport.cli import app

DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def walk(command: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every command under ``command``; typer vendors click, so we go by attributes."""
    yield " ".join(("rapport", *path)), command
    if hasattr(command, "commands"):
        for name, sub in command.commands.items():
            yield from walk(sub, (*path, name))


COMMANDS = list(walk(typer.main.get_command(app)))


def test_there_are_commands_to_check() -> None:
    names = {name for name, _ in COMMANDS}
    assert {"rapport import", "rapport code", "rapport analyze", "rapport export",
            "rapport encounters list", "rapport codebook show"} <= names  # fmt: skip


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help(name: str, command: Any) -> None:
    assert (command.help or "").strip(), f"{name} has no help text"
    for param in command.params:
        if param.param_type_name == "option":
            assert (param.help or "").strip(), f"{name} {param.opts[0]} has no help text"


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_is_documented(name: str, command: Any) -> None:
    if hasattr(command, "commands"):
        return
    assert f"## `{name}" in DOCS.read_text(encoding="utf-8"), f"{name} is missing from docs/cli.md"
