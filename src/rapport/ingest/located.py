"""JSON and YAML loading that remembers where each object and key began.

Error messages for sidecars and transcript JSON should name a line, and ``Turn.line``
should point into the file, so loaders record the line of every mapping and list.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rapport.errors import IngestError


@dataclass(slots=True)
class Located:
    """A loaded document plus the lines where its mappings, lists and keys start."""

    value: Any
    container_lines: dict[int, int] = field(default_factory=dict)
    key_lines: dict[tuple[int, str], int] = field(default_factory=dict)
    key_finder: Callable[[Any, str], int | None] | None = None

    def line_of(self, container: Any, key: str | None = None) -> int | None:
        """Line of ``container[key]`` (or of ``container`` itself); ``None`` if unknown."""
        if key is not None:
            line = self.key_lines.get((id(container), key))
            if line is None and self.key_finder is not None:
                line = self.key_finder(container, key)
            if line is not None:
                return line
        return self.container_lines.get(id(container))


def load_json(text: str, path: str | Path) -> Located:
    """Parse JSON, raising ``IngestError`` with the line of a syntax error."""
    offsets: dict[int, int] = {}

    def parse_object(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        value, end = json.decoder.JSONObject(s_and_end, *args)  # type: ignore[attr-defined]
        offsets[id(value)] = s_and_end[1] - 1
        return value, end

    def parse_array(s_and_end: tuple[str, int], *args: Any) -> tuple[Any, int]:
        value, end = json.decoder.JSONArray(s_and_end, *args)  # type: ignore[attr-defined]
        offsets[id(value)] = s_and_end[1] - 1
        return value, end

    def reject_constant(name: str) -> Any:
        raise ValueError(f"{name} is not valid JSON")

    decoder = json.JSONDecoder(parse_constant=reject_constant)
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.parse_array = parse_array  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    try:
        value = decoder.decode(text)
    except json.JSONDecodeError as error:
        raise IngestError(path, error.lineno, f"invalid JSON: {error.msg}") from None
    except RecursionError:
        raise IngestError(path, None, "invalid JSON: nested too deeply") from None
    except ValueError as error:  # NaN, Infinity, or a number too long to convert
        raise IngestError(path, None, f"invalid JSON: {error}") from None

    def line_at(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    def find_key(container: Any, key: str) -> int | None:
        start = offsets.get(id(container))
        if start is None:
            return None
        found = text.find(json.dumps(key), start)
        return line_at(found) if found >= 0 else None

    lines = {ident: line_at(offset) for ident, offset in offsets.items()}
    return Located(value, lines, key_finder=find_key)


class _LineLoader(yaml.SafeLoader):
    """A safe YAML loader that notes the line of each mapping, list and key."""

    container_lines: dict[int, int]
    key_lines: dict[tuple[int, str], int]


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    loader.container_lines[id(mapping)] = node.start_mark.line + 1
    for key_node, _ in node.value:
        if isinstance(key_node, yaml.ScalarNode):
            loader.key_lines[(id(mapping), str(key_node.value))] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> list[Any]:
    sequence = loader.construct_sequence(node, deep=True)
    loader.container_lines[id(sequence)] = node.start_mark.line + 1
    return sequence


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_sequence)


def load_yaml(text: str, path: str | Path) -> Located:
    """Parse YAML safely, raising ``IngestError`` with the line of a syntax error."""
    loader = _LineLoader(text)
    loader.container_lines = {}
    loader.key_lines = {}
    try:
        value = loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "syntax error"
        raise IngestError(path, line, f"invalid YAML: {problem}") from None
    except (yaml.YAMLError, RecursionError, TypeError, ValueError) as error:
        raise IngestError(path, None, f"invalid YAML: {error}") from None
    finally:
        loader.dispose()
    return Located(value, loader.container_lines, loader.key_lines)
