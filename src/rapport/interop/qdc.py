"""REFI-QDA codebook exchange (``.qdc``, Codebook.xsd) and the codebook part of ``.qdpx``.

Rapport's two levels map onto REFI-QDA's code tree: each theme is a non-codable code
(``isCodable="false"``, the theme colour) and its codes are codable children (in the theme
colour; Rapport codes have no colour of their own). Definitions are the ``Description``.
Names are unique across the whole tree, as MAXQDA and QualCoder require.

What REFI-QDA has no place for rides on a last ``rapport: {json}`` line of a description
(see ``refi_xml.with_extras``), written only when needed: a code's ``id`` when it is not
the snake_case of its name, ``applies_to`` when it is not ``["clinician"]``,
``requires_timings`` when true, and the real ``name`` when a clash forced a new one. The
codebook's own id, name, version, licence and citation travel as a ``Set`` of all codes.

Reading another tool's tree: every non-codable code becomes a theme (nested categories are
flattened), every codable code a code of its nearest non-codable ancestor (codes under
codes are flattened into that theme), codes with no category go to a theme "Codes". Ids
are the snake_case of names, made unique. Each flattening is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from rapport import __version__
from rapport.errors import CodebookError
from rapport.interop.refi_xml import (
    CODEBOOK_NS,
    Element,
    Node,
    XmlProblem,
    guid,
    parse_xml,
    snake_case,
    split_extras,
    to_xml,
    unique_id,
    with_extras,
)
from rapport.model import Code, Codebook, Role, Theme

ORIGIN = f"Rapport {__version__}"
DEFAULT_ROLES = frozenset({Role.CLINICIAN})
FALLBACK_THEME_NAME = "Codes"
# Okabe-Ito, for categories that come without a colour.
_PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
_RGB6 = re.compile(r"^#[0-9A-Fa-f]{6}$")
_RGB3 = re.compile(r"^#[0-9A-Fa-f]{3}$")


@dataclass(slots=True)
class QdcCodebook:
    """A codebook read from REFI-QDA, with how it was mapped.

    ``code_ids`` maps each REFI-QDA code GUID (lower case) to the Rapport code id;
    ``theme_ids`` does the same for categories. ``unmapped`` says what was flattened or lost.
    """

    codebook: Codebook
    code_ids: dict[str, str] = field(default_factory=dict)
    theme_ids: dict[str, str] = field(default_factory=dict)
    unmapped: list[str] = field(default_factory=list)


def guid_key(value: str | None) -> str:
    """GUIDs compare case-insensitively and with or without braces."""
    return (value or "").strip().strip("{}").lower()


def theme_guid(codebook: Codebook, theme: Theme) -> str:
    return guid("theme", codebook.id, theme.id)


def code_guid(codebook: Codebook, code: Code) -> str:
    return guid("code", codebook.id, code.id)


# --- writing ----------------------------------------------------------------------------


def _unique_name(name: str, qualifier: str, taken: set[str]) -> str:
    if name not in taken:
        taken.add(name)
        return name
    candidate, number = f"{name} ({qualifier})", 1
    while candidate in taken:
        number += 1
        candidate = f"{name} ({qualifier} {number})"
    taken.add(candidate)
    return candidate


def code_tree(codebook: Codebook) -> list[Element]:
    """One non-codable ``Code`` per theme, holding one codable ``Code`` per code."""
    if not codebook.themes:
        raise ValueError(f"codebook {codebook.id!r} has no themes; REFI-QDA needs at least one")
    names: set[str] = set()
    elements = []
    for theme in codebook.themes:
        name = _unique_name(theme.name, "theme", names)
        extras: dict[str, object] = {}
        if theme.id != snake_case(theme.name):
            extras["id"] = theme.id
        if name != theme.name:
            extras["name"] = theme.name
        element = Element(
            "Code",
            {
                "guid": theme_guid(codebook, theme),
                "name": name,
                "isCodable": "false",
                "color": theme.colour,
            },
        )
        description = with_extras(theme.description, extras)
        if description:
            element.add("Description", text=description)
        for code in theme.codes:
            element.children.append(_code_element(codebook, theme, code, names))
        elements.append(element)
    return elements


def _code_element(codebook: Codebook, theme: Theme, code: Code, names: set[str]) -> Element:
    name = _unique_name(code.name, theme.name, names)
    extras: dict[str, object] = {}
    if code.id != snake_case(code.name):
        extras["id"] = code.id
    if code.applies_to != DEFAULT_ROLES:
        extras["applies_to"] = sorted(role.value for role in code.applies_to)
    if code.requires_timings:
        extras["requires_timings"] = True
    if name != code.name:
        extras["name"] = code.name
    element = Element(
        "Code",
        {
            "guid": code_guid(codebook, code),
            "name": name,
            "isCodable": "true",
            "color": theme.colour,
        },
    )
    description = with_extras(code.definition, extras)
    if description:
        element.add("Description", text=description)
    return element


def codebook_set(codebook: Codebook, member_attribute: str = "targetGUID") -> Element:
    """A ``Set`` of all codes that carries the codebook's id, name, version and licence.

    Project.xsd names the member's GUID ``targetGUID``, Codebook.xsd ``guid``.
    """
    extras = {"codebook": codebook.id, "version": codebook.version, "licence": codebook.licence}
    element = Element("Set", {"guid": guid("codebook", codebook.id), "name": codebook.name})
    element.add("Description", text=with_extras(codebook.citation, extras))
    for code in codebook.codes:
        element.add("MemberCode", {member_attribute: code_guid(codebook, code)})
    return element


def export_qdc(path: str | Path, codebook: Codebook) -> Path:
    """Write ``codebook`` as a REFI-QDA codebook file (``.qdc``) and return its path."""
    root = Element("CodeBook", {"origin": ORIGIN})
    root.add("Codes").children.extend(code_tree(codebook))
    root.add("Sets").children.append(codebook_set(codebook, "guid"))
    target = Path(path)
    target.write_bytes(to_xml(root, CODEBOOK_NS))
    return target


# --- reading ----------------------------------------------------------------------------


def _colour(value: str | None, index: int) -> str:
    if value and _RGB6.match(value):
        return value
    if value and _RGB3.match(value):
        return "#" + "".join(ch * 2 for ch in value[1:]).upper()
    return _PALETTE[index % len(_PALETTE)]


def _roles(value: object) -> frozenset[Role]:
    if not isinstance(value, list):
        return DEFAULT_ROLES
    try:
        return frozenset(Role(str(v)) for v in value) or DEFAULT_ROLES
    except ValueError:
        return DEFAULT_ROLES


def _is_codable(node: Node) -> bool:
    return (node.get("isCodable") or "true").strip().lower() not in {"false", "0"}


class _TreeReader:
    """Walks a REFI-QDA code tree into Rapport themes and codes."""

    def __init__(self) -> None:
        self.themes: list[Theme] = []
        self.result = QdcCodebook(Codebook("imported", "Imported codebook", "1", []))
        self.taken: set[str] = set()
        self.fallback: Theme | None = None
        self.orphans: list[str] = []

    def reserve_ids(self, codes: list[Node]) -> None:
        """Ids a Rapport export wrote explicitly are kept; derived ids never take them."""
        for root in codes:
            for node in root.walk():
                if node.tag == "Code":
                    given = split_extras(node.child_text("Description"))[1].get("id")
                    if isinstance(given, str) and given:
                        self.taken.add(given)

    def _new_id(self, extras: dict[str, object], name: str) -> str:
        given = extras.get("id")
        if isinstance(given, str) and given:
            return given
        return unique_id(snake_case(name), self.taken)

    def visit(self, node: Node, theme: Theme | None, parent_code: str | None) -> None:
        name = node.get("name") or "(unnamed)"
        text, extras = split_extras(node.child_text("Description"))
        real_name = str(extras.get("name", name))
        if not _is_codable(node):
            if theme is not None:
                self.result.unmapped.append(
                    f"category '{name}' inside '{theme.name}' became a theme of its own "
                    "(Rapport themes are not nested)"
                )
            theme = Theme(
                id=self._new_id(extras, real_name),
                name=real_name,
                colour=_colour(node.get("color"), len(self.themes)),
                description=text,
            )
            self.themes.append(theme)
            self.result.theme_ids[guid_key(node.get("guid"))] = theme.id
            for child in node.all("Code"):
                self.visit(child, theme, None)
            return
        if theme is None:
            theme = self._fallback_theme()
            self.orphans.append(name)
        if parent_code is not None:
            self.result.unmapped.append(
                f"code '{name}' nested under code '{parent_code}' became a code of theme "
                f"'{theme.name}' (Rapport codes are not nested)"
            )
        code = Code(
            id=self._new_id(extras, real_name),
            name=real_name,
            theme=theme.id,
            definition=text,
            applies_to=_roles(extras.get("applies_to")),
            requires_timings=extras.get("requires_timings") is True,
        )
        theme.codes.append(code)
        self.result.code_ids[guid_key(node.get("guid"))] = code.id
        for child in node.all("Code"):
            self.visit(child, theme, name)

    def _fallback_theme(self) -> Theme:
        if self.fallback is None:
            self.fallback = Theme(
                id=unique_id("codes", self.taken),
                name=FALLBACK_THEME_NAME,
                colour=_PALETTE[len(self.themes) % len(_PALETTE)],
            )
            self.themes.append(self.fallback)
        return self.fallback


def read_code_tree(
    codes: Node | None, sets: Node | None, fallback_id: str, fallback_name: str
) -> QdcCodebook:
    """Map a REFI-QDA ``Codes`` element (and the ``Sets`` beside it) to a Rapport codebook."""
    reader = _TreeReader()
    roots = codes.all("Code") if codes is not None else []
    reader.reserve_ids(roots)
    for node in roots:
        reader.visit(node, None, None)
    result = reader.result
    if reader.orphans:
        shown = ", ".join(f"'{n}'" for n in reader.orphans[:5])
        more = f" and {len(reader.orphans) - 5} more" if len(reader.orphans) > 5 else ""
        result.unmapped.append(
            f"{len(reader.orphans)} code(s) without a category ({shown}{more}) were put in "
            f"theme '{FALLBACK_THEME_NAME}'"
        )
    codebook = Codebook(
        id=snake_case(fallback_id) if fallback_id else "imported",
        name=fallback_name or "Imported codebook",
        version="1",
        themes=reader.themes,
    )
    for set_node in sets.all("Set") if sets is not None else []:
        citation, extras = split_extras(set_node.child_text("Description"))
        if isinstance(extras.get("codebook"), str):
            codebook.id = str(extras["codebook"])
            codebook.name = set_node.get("name") or codebook.name
            codebook.version = str(extras.get("version", codebook.version))
            codebook.licence = str(extras.get("licence", ""))
            codebook.citation = citation
        else:
            members = len(set_node.all("MemberCode")) + len(set_node.all("MemberSource"))
            result.unmapped.append(
                f"set '{set_node.get('name') or '(unnamed)'}' ({members} member(s)) was not "
                "imported: Rapport has no sets"
            )
    result.codebook = codebook
    return result


def read_qdc(path: str | Path) -> QdcCodebook:
    """Read a ``.qdc`` codebook with its mapping report; ``CodebookError`` if malformed."""
    source = Path(path)
    try:
        data = source.read_bytes()
    except FileNotFoundError:
        raise CodebookError(source, None, "no such file") from None
    except OSError as error:
        raise CodebookError(source, None, f"cannot read file: {error.strerror or error}") from None
    try:
        root = parse_xml(data)
    except XmlProblem as problem:
        raise CodebookError(source, problem.line, problem.reason) from None
    if root.tag != "CodeBook":
        reason = f"root element is <{root.tag}>, not <CodeBook>: not a REFI-QDA codebook"
        raise CodebookError(source, root.line, reason)
    codes = root.first("Codes")
    if codes is None or not codes.all("Code"):
        raise CodebookError(source, root.line, "the codebook has no <Codes>")
    return read_code_tree(codes, root.first("Sets"), source.stem, source.stem)


def import_qdc(path: str | Path) -> Codebook:
    """The Rapport ``Codebook`` in a ``.qdc`` file (see ``read_qdc`` for the mapping)."""
    return read_qdc(path).codebook
