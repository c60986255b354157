"""Instruments as data: a FHIR R4 Questionnaire plus a scoring-key YAML per instrument.

Shipped instruments live next to this module as ``<id>.questionnaire.json`` and
``<id>.scoring.yaml``. Teams add their own in the user folder (``$RAPPORT_INSTRUMENTS``,
else ``$XDG_DATA_HOME/rapport/instruments``, else ``~/.local/share/rapport/instruments``)
in the same two-file format. Item wording of copyrighted instruments never ships: a team
with a licensed copy adds it with ``add_text``, which writes ``text/<id>.csv`` in the user
folder, never in the package.

Reading never writes a file; only ``add_text`` does.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from rapport.errors import IngestError
from rapport.surveys.model import (
    AnswerOption,
    ChallengeRule,
    Instrument,
    Item,
    MissingRule,
    RespondentRole,
)

SHIPPED_DIR = Path(__file__).parent
ENV_VAR = "RAPPORT_INSTRUMENTS"
ITEM_WEIGHT_URL = "http://hl7.org/fhir/StructureDefinition/itemWeight"
QUESTIONNAIRE_SUFFIX = ".questionnaire.json"
SCORING_SUFFIX = ".scoring.yaml"
TOTAL_RULES = ("sum", "mean", "sus")


def user_folder() -> Path:
    """Where user-defined instruments and licensed item text live (not created here)."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "rapport" / "instruments"


def _ids_in(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted(p.name[: -len(SCORING_SUFFIX)] for p in folder.glob(f"*{SCORING_SUFFIX}"))


def shipped_ids() -> list[str]:
    return _ids_in(SHIPPED_DIR)


def list_instruments(folder: Path | None = None) -> list[Instrument]:
    """Every shipped instrument, then every user-defined one, sorted by id within each."""
    user = folder if folder is not None else user_folder()
    shipped = shipped_ids()
    ids = shipped + [i for i in _ids_in(user) if i not in shipped]
    return [load_instrument(instrument_id, folder=user) for instrument_id in ids]


def load_instrument(
    instrument_id: str,
    *,
    folder: Path | None = None,
    reverse_items: Sequence[str] | None = None,
) -> Instrument:
    """A shipped or user-defined instrument, with licensed item text where the user added it.

    ``reverse_items`` (link ids) replaces the key's reverse-keyed items and marks them
    verified: use it for an instrument whose key could not be checked (WAI-S therapist).
    """
    user = folder if folder is not None else user_folder()
    if (SHIPPED_DIR / f"{instrument_id}{SCORING_SUFFIX}").is_file():
        base = SHIPPED_DIR
    elif (user / f"{instrument_id}{SCORING_SUFFIX}").is_file():
        base = user
    else:
        known = ", ".join(shipped_ids() + _ids_in(user))
        raise IngestError(instrument_id, None, f"no instrument '{instrument_id}' (known: {known})")
    instrument = load_instrument_files(
        base / f"{instrument_id}{QUESTIONNAIRE_SUFFIX}", base / f"{instrument_id}{SCORING_SUFFIX}"
    )
    if base == SHIPPED_DIR and user != SHIPPED_DIR:
        _merge_user_text(instrument, user)
    if reverse_items is not None:
        wanted = {str(link_id) for link_id in reverse_items}
        unknown = wanted - set(instrument.link_ids)
        if unknown:
            raise IngestError(instrument_id, None, f"no items {sorted(unknown)} to reverse")
        for item in instrument.items:
            item.reverse = item.link_id in wanted
        instrument.reverse_items_verified = True
    return instrument


def _merge_user_text(instrument: Instrument, user: Path) -> None:
    path = user / "text" / f"{instrument.id}.csv"
    if not path.is_file():
        return
    texts = _read_text_file(path, instrument)
    for item in instrument.items:
        if item.link_id in texts:
            item.text = texts[item.link_id]
    instrument.text_included = all(item.text for item in instrument.items)


def _read_text_file(path: Path, instrument: Instrument) -> dict[str, str]:
    """``link_id,text`` rows (CSV, or TXT with a tab or comma); a header row is optional."""
    raw = path.read_text(encoding="utf-8-sig")
    delimiter = "\t" if raw and "\t" in raw.splitlines()[0] else ","
    known = set(instrument.link_ids)
    texts: dict[str, str] = {}
    for number, row in enumerate(csv.reader(io.StringIO(raw), delimiter=delimiter), start=1):
        if not row or not "".join(row).strip():
            continue
        if number == 1 and row[0].strip().lower() in {"link_id", "linkid", "item"}:
            continue
        if len(row) < 2 or not row[1].strip():
            raise IngestError(path, number, "expected 'link_id,text'")
        link_id = row[0].strip()
        if link_id not in known:
            raise IngestError(path, number, f"{instrument.id} has no item '{link_id}'")
        if link_id in texts:
            raise IngestError(path, number, f"item '{link_id}' is given twice")
        texts[link_id] = delimiter.join(row[1:]).strip()
    return texts


def add_text(instrument_id: str, file: str | Path, *, folder: Path | None = None) -> Path:
    """Store item wording from the user's licensed copy in the user folder; return its path."""
    user = folder if folder is not None else user_folder()
    instrument = load_instrument(instrument_id, folder=user)
    texts = _read_text_file(Path(file), instrument)
    target = user / "text" / f"{instrument_id}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["link_id", "text"])
    for link_id in instrument.link_ids:
        if link_id in texts:
            writer.writerow([link_id, texts[link_id]])
    target.write_text(buffer.getvalue(), encoding="utf-8")
    return target


# --- reading the two files ---------------------------------------------------------------


def _json_line(text: str, needle: str) -> int | None:
    at = text.find(needle)
    return None if at < 0 else text.count("\n", 0, at) + 1


def _yaml_line(node: yaml.Node | None, *path: str) -> int | None:
    """1-based line of the value at ``path`` in a composed YAML document, as near as known."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            return line
        for key_node, value_node in node.value:
            if key_node.value == key:
                node, line = value_node, value_node.start_mark.line + 1
                break
        else:
            return line
    return line


def load_instrument_files(questionnaire: Path, scoring: Path) -> Instrument:
    """Build an instrument from a FHIR Questionnaire JSON and a scoring-key YAML."""
    q_text = _read(questionnaire)
    try:
        resource = json.loads(q_text)
    except json.JSONDecodeError as error:
        raise IngestError(questionnaire, error.lineno, f"not valid JSON: {error.msg}") from None
    if not isinstance(resource, dict) or resource.get("resourceType") != "Questionnaire":
        raise IngestError(questionnaire, 1, "expected a FHIR Questionnaire resource")
    items = _items(questionnaire, q_text, resource.get("item"))

    s_text = _read(scoring)
    try:
        node = yaml.compose(s_text)
        key = yaml.safe_load(s_text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise IngestError(
            scoring, mark.line + 1 if mark else None, f"not valid YAML: {error}"
        ) from None
    if not isinstance(key, dict):
        raise IngestError(scoring, 1, "expected a mapping of scoring-key fields")
    return _instrument(scoring, node, key, resource, items)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise IngestError(path, None, "file not found") from None


def _items(path: Path, text: str, raw: Any) -> list[Item]:
    if not isinstance(raw, list) or not raw:
        raise IngestError(path, _json_line(text, '"item"'), "the Questionnaire has no items")
    items: list[Item] = []
    for position, entry in enumerate(raw, start=1):
        link_id = str(entry.get("linkId", "")) if isinstance(entry, dict) else ""
        line = _json_line(text, f'"linkId": "{link_id}"') if link_id else None
        if not link_id:
            raise IngestError(path, line, f"item {position} has no linkId")
        if any(item.link_id == link_id for item in items):
            raise IngestError(path, line, f"linkId '{link_id}' is used twice")
        options = []
        for option in entry.get("answerOption", []):
            coding = option.get("valueCoding") or {}
            code = coding.get("code", option.get("valueInteger", option.get("valueString")))
            weights = [
                ext.get("valueDecimal")
                for ext in option.get("extension", [])
                if ext.get("url") == ITEM_WEIGHT_URL
            ]
            if code is None or not weights or not isinstance(weights[0], int | float):
                raise IngestError(
                    path,
                    line,
                    f"item '{link_id}': every answerOption needs a code and an "
                    "itemWeight extension with a valueDecimal",
                )
            options.append(AnswerOption(str(code), str(coding.get("display", code)), weights[0]))
        items.append(Item(link_id, entry.get("text"), options))
    return items


def _instrument(
    path: Path,
    node: yaml.Node | None,
    key: dict[str, Any],
    resource: dict[str, Any],
    items: list[Item],
) -> Instrument:
    def fail(field: str, reason: str, *where: str) -> IngestError:
        return IngestError(path, _yaml_line(node, *(where or (field,))), f"{field}: {reason}")

    for field in ("id", "name", "range", "total"):
        if field not in key:
            raise IngestError(path, 1, f"missing field '{field}'")
    if str(key["id"]) != str(resource.get("id", key["id"])):
        raise fail("id", f"'{key['id']}' differs from the Questionnaire id '{resource.get('id')}'")
    link_ids = [item.link_id for item in items]
    scale = key["range"]
    if not (isinstance(scale, list) and len(scale) == 2 and all(_number(v) for v in scale)):
        raise fail("range", "expected [lowest, highest] item score")
    if key["total"] not in TOTAL_RULES:
        raise fail("total", f"expected one of {', '.join(TOTAL_RULES)}")

    def known(field: str, ids: Any, *where: str) -> list[str]:
        if not isinstance(ids, list):
            raise fail(field, "expected a list of item link ids", *where)
        unknown = [str(i) for i in ids if str(i) not in link_ids]
        if unknown:
            raise fail(field, f"no items {', '.join(unknown)} in the Questionnaire", *where)
        return [str(i) for i in ids]

    subscales_raw = key.get("subscales") or {}
    if not isinstance(subscales_raw, dict):
        raise fail("subscales", "expected a mapping of subscale name to item link ids")
    subscales = {
        str(name): known("subscales", ids, "subscales", str(name))
        for name, ids in subscales_raw.items()
    }
    reverse_raw = key.get("reverse_items", [])
    verified = reverse_raw is not None
    reverse = set(known("reverse_items", reverse_raw or []))
    for item in items:
        item.reverse = item.link_id in reverse
    missing = key.get("missing") or {}
    percent: Any = missing.get("max_missing_percent", 20) if isinstance(missing, dict) else None
    if not _number(percent) or not 0 <= float(percent) <= 100:
        raise fail("missing", "expected max_missing_percent between 0 and 100")
    challenge = None
    if key.get("challenge"):
        raw = key["challenge"]
        if not isinstance(raw, dict) or not (
            _number(raw.get("at_or_below")) or _number(raw.get("at_or_above"))
        ):
            raise fail("challenge", "expected at_or_below or at_or_above, and a description")
        challenge = ChallengeRule(
            description=str(raw.get("description", "")),
            items=tuple(known("challenge", raw.get("items", []))),
            at_or_below=raw.get("at_or_below"),
            at_or_above=raw.get("at_or_above"),
        )
    role = key.get("default_role")
    if role is not None and role not in {r.value for r in RespondentRole}:
        raise fail("default_role", "expected patient, parent or clinician")
    subscale_rule = key.get("subscale_rule", "sum")
    if subscale_rule not in ("sum", "mean"):
        raise fail("subscale_rule", "expected sum or mean")
    return Instrument(
        id=str(key["id"]),
        name=str(key["name"]),
        version=str(key.get("version", resource.get("version", ""))),
        citation=str(key.get("citation", "")),
        licence=str(key.get("licence", "")),
        text_included=all(item.text for item in items),
        items=items,
        scale_min=float(scale[0]),
        scale_max=float(scale[1]),
        subscales=subscales,
        total=key["total"],
        subscale_rule=subscale_rule,
        missing=MissingRule(float(percent)),
        challenge=challenge,
        default_role=RespondentRole(role) if role else None,
        reverse_items_verified=verified,
        url=str(resource.get("url", "")),
        notes=str(key.get("notes", "")),
    )


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


__all__ = [
    "ENV_VAR",
    "SHIPPED_DIR",
    "add_text",
    "list_instruments",
    "load_instrument",
    "load_instrument_files",
    "shipped_ids",
    "user_folder",
]
