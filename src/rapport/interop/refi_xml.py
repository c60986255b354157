"""The small XML toolkit behind the REFI-QDA readers and writers.

Writing: ``Element`` trees are serialised by hand so that output is byte-for-byte stable
(attribute order as given, two-space indent, LF) and every character survives (``\\r`` and
tabs are written as character references; characters XML 1.0 forbids become U+FFFD).

Reading: ``parse_xml`` builds ``Node`` trees with expat, keeping each element's line so
that errors can point at it, matching elements by local name whatever the namespace
version, and refusing DTDs (entity tricks in untrusted files).

Also here: deterministic GUIDs, timestamps, snake_case ids, and the ``rapport:`` line, the
convention that carries what REFI-QDA has no place for inside a description or note.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
# All Rapport GUIDs are uuid5 names in this namespace, so re-exports give the same GUIDs.
GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://rapport.invalid/refi-qda")
EXTRAS_MARK = "rapport: "

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def guid(kind: str, *key: object) -> str:
    """A stable GUID for a thing of ``kind`` identified by ``key``."""
    name = "\x1f".join([kind, *(str(part) for part in key)])
    return str(uuid.uuid5(GUID_NAMESPACE, name))


def xml_safe(text: str) -> str:
    """``text`` with the characters XML 1.0 cannot hold replaced by U+FFFD."""
    return _ILLEGAL.sub("\ufffd", text)


# --- writing ----------------------------------------------------------------------------


@dataclass(slots=True)
class Element:
    """An element to write: a leaf holds ``text``, a branch holds ``children``."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element] = field(default_factory=list)
    text: str | None = None

    def add(
        self, tag: str, attrs: dict[str, str | None] | None = None, text: str | None = None
    ) -> Element:
        child = Element(tag, {k: v for k, v in (attrs or {}).items() if v is not None}, text=text)
        self.children.append(child)
        return child


def _escape_text(text: str) -> str:
    text = xml_safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("\r", "&#13;")


def _escape_attr(text: str) -> str:
    text = _escape_text(text).replace('"', "&quot;")
    return text.replace("\n", "&#10;").replace("\t", "&#9;")


def _write(element: Element, depth: int, out: list[str]) -> None:
    pad = "  " * depth
    attrs = "".join(f' {k}="{_escape_attr(v)}"' for k, v in element.attrs.items())
    if element.children:
        out.append(f"{pad}<{element.tag}{attrs}>\n")
        for child in element.children:
            _write(child, depth + 1, out)
        out.append(f"{pad}</{element.tag}>\n")
    elif element.text:
        out.append(f"{pad}<{element.tag}{attrs}>{_escape_text(element.text)}</{element.tag}>\n")
    else:
        out.append(f"{pad}<{element.tag}{attrs}/>\n")


def to_xml(root: Element, namespace: str) -> bytes:
    """The UTF-8 document for ``root``, declaring ``namespace`` as the default namespace."""
    root = Element(root.tag, {"xmlns": namespace, **root.attrs}, root.children, root.text)
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n']
    _write(root, 0, out)
    return "".join(out).encode("utf-8")


# --- reading ----------------------------------------------------------------------------


class XmlProblem(Exception):
    """Malformed XML; ``line`` is 1-based or ``None``."""

    def __init__(self, line: int | None, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


@dataclass(slots=True)
class Node:
    """A parsed element: ``tag`` is the local name, ``namespace`` the URI (or "")."""

    tag: str
    namespace: str
    attrs: dict[str, str]
    line: int
    children: list[Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def all(self, tag: str) -> list[Node]:
        return [child for child in self.children if child.tag == tag]

    def first(self, tag: str) -> Node | None:
        return next((child for child in self.children if child.tag == tag), None)

    def child_text(self, tag: str) -> str:
        child = self.first(tag)
        return child.text if child is not None else ""

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


def parse_xml(data: bytes) -> Node:
    """The root ``Node`` of ``data``; ``XmlProblem`` for anything that is not well-formed."""
    parser = expat.ParserCreate(namespace_separator="}")
    stack: list[Node] = []
    roots: list[Node] = []

    def refuse_doctype(*_: Any) -> None:
        raise XmlProblem(parser.CurrentLineNumber, "DOCTYPE declarations are not allowed")

    def start(name: str, attrs: dict[str, str]) -> None:
        namespace, _, local = name.rpartition("}")
        node = Node(local, namespace, attrs, parser.CurrentLineNumber)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)

    def end(_: str) -> None:
        stack.pop()

    def characters(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    parser.buffer_text = True
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise XmlProblem(
            error.lineno, f"not well-formed XML: {expat.ErrorString(error.code)}"
        ) from None
    if not roots:
        raise XmlProblem(None, "no root element")
    return roots[0]


# --- values -----------------------------------------------------------------------------


def format_datetime(value: dt.datetime) -> str:
    """``xsd:dateTime`` in UTC with a ``Z``; naive datetimes are taken as UTC."""
    value = value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += f".{value.microsecond:06d}"
    return text + "Z"


def parse_datetime(text: str | None) -> dt.datetime | None:
    """An aware UTC datetime from ``xsd:dateTime`` text; ``None`` if absent or unreadable."""
    if not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def snake_case(name: str) -> str:
    """A snake_case id from a display name: ``Standing in another's shoes`` ->
    ``standing_in_anothers_shoes``."""
    text = re.sub(r"['’`]", "", name.lower())
    text = re.sub(r"[^a-z0-9]+", "_", text).strip("_")
    if not text:
        return "code"
    return text if text[0].isalpha() else f"c_{text}"


def unique_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base_2``, ``base_3``... whichever is not in ``taken`` (then taken)."""
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}_{number}"
    taken.add(candidate)
    return candidate


def with_extras(text: str, extras: dict[str, Any]) -> str:
    """``text`` followed by a ``rapport: {json}`` line holding ``extras`` (if any)."""
    if not extras:
        return text
    line = EXTRAS_MARK + json.dumps(extras, sort_keys=True, ensure_ascii=True)
    return f"{text}\n\n{line}" if text else line


def split_extras(description: str) -> tuple[str, dict[str, Any]]:
    """The human text of a description and the ``rapport:`` extras on its last line."""
    head, newline, last = description.rpartition("\n")
    if not last.startswith(EXTRAS_MARK):
        return description, {}
    try:
        extras = json.loads(last[len(EXTRAS_MARK) :])
    except ValueError:
        return description, {}
    if not isinstance(extras, dict):
        return description, {}
    text = head[:-1] if newline and head.endswith("\n") else head
    return text, extras
