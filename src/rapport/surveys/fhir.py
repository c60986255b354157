"""FHIR R4: read QuestionnaireResponse resources, write Questionnaire resources.

A response file holds one ``QuestionnaireResponse`` or a ``Bundle`` of them (JSON). Each
is matched to an instrument by its ``questionnaire`` canonical (``urn:rapport:
questionnaire:wai_sr``, any URL ending in ``/wai_sr``, optionally ``|version``). The
respondent is ``author``; its resource type gives the role (Patient → patient,
RelatedPerson → parent, Practitioner/PractitionerRole → clinician) unless the
``urn:rapport:role`` extension says otherwise. ``subject`` is the patient. Rapport
extensions on the resource carry what FHIR has no element for: ``urn:rapport:relationship``
(the dyad key; default: the patient), ``urn:rapport:timepoint``, ``urn:rapport:group``,
``urn:rapport:clinician``. ``authored`` gives the date.

Reading is all-or-nothing: the first bad resource raises ``IngestError`` naming its line.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rapport.errors import IngestError
from rapport.surveys.instruments import ITEM_WEIGHT_URL
from rapport.surveys.model import Instrument, Item, RespondentRole, Response, Source
from rapport.surveys.scoring import DEFAULT_MISSING_CODES, ScoringError, check_answers

EXTENSION = "urn:rapport:"
AUTHOR_ROLES = {
    "Patient": RespondentRole.PATIENT,
    "RelatedPerson": RespondentRole.PARENT,
    "Practitioner": RespondentRole.CLINICIAN,
    "PractitionerRole": RespondentRole.CLINICIAN,
}


def _line(text: str, needle: str, start: int = 0) -> int | None:
    at = text.find(needle, start)
    return None if at < 0 else text.count("\n", 0, at) + 1


def _instrument_for(canonical: str, instruments: Mapping[str, Instrument]) -> Instrument | None:
    bare = canonical.split("|", 1)[0]
    for instrument in instruments.values():
        if bare and bare == instrument.url:
            return instrument
    tail = bare.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    return instruments.get(tail)


def _extensions(resource: Mapping[str, Any]) -> dict[str, str]:
    found = {}
    for ext in resource.get("extension", []) or []:
        url = str(ext.get("url", ""))
        if url.startswith(EXTENSION):
            value = next((v for k, v in ext.items() if k.startswith("value")), None)
            if value is not None:
                found[url[len(EXTENSION) :]] = str(value)
    return found


def _reference_id(reference: Mapping[str, Any] | None) -> tuple[str | None, str | None]:
    """(resource type, id) of a Reference such as ``{"reference": "Patient/p07"}``."""
    if not reference:
        return None, None
    ref = str(reference.get("reference", ""))
    if "/" in ref:
        prefix, _, tail = ref.rpartition("/")
        return prefix.rsplit("/", 1)[-1], tail
    ident = reference.get("identifier", {}).get("value") or reference.get("display")
    kind = reference.get("type")
    return (str(kind) if kind else None), (str(ident) if ident else None)


def _answer_value(item: Item | None, answer: Mapping[str, Any]) -> object:
    if "valueCoding" in answer:
        coding = answer["valueCoding"]
        for ext in coding.get("extension", []) + answer.get("extension", []):
            if ext.get("url") == ITEM_WEIGHT_URL:
                return ext.get("valueDecimal")
        code = str(coding.get("code"))
        if item is not None and item.options:
            weight = item.option_score(code)
            return weight if weight is not None else code
        return code
    for key in ("valueDecimal", "valueInteger", "valueString"):
        if key in answer:
            return answer[key]
    return None


def read_responses(
    path: str | Path,
    instruments: Mapping[str, Instrument],
    *,
    missing_codes: Sequence[str] | frozenset[str] = DEFAULT_MISSING_CODES,
) -> list[Response]:
    """Every QuestionnaireResponse in a JSON file (one resource or a Bundle)."""
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise IngestError(path, error.lineno, f"not valid JSON: {error.msg}") from None
    kind = document.get("resourceType") if isinstance(document, dict) else None
    if kind == "Bundle":
        resources = [entry.get("resource", {}) for entry in document.get("entry", []) or []]
    elif kind == "QuestionnaireResponse":
        resources = [document]
    else:
        raise IngestError(path, 1, "expected a QuestionnaireResponse or a Bundle of them")
    responses: list[Response] = []
    cursor = 0
    seen: set[str] = set()
    for number, resource in enumerate(resources, start=1):
        at = text.find('"QuestionnaireResponse"', cursor)
        cursor = at + 1 if at >= 0 else cursor
        line = _line(text, '"QuestionnaireResponse"', max(at, 0)) if at >= 0 else None
        response = _response(path, line, number, resource, instruments, text, max(at, 0))
        if response.id in seen:
            raise IngestError(path, line, f"two responses with id '{response.id}'")
        seen.add(response.id)
        try:
            response.answers = check_answers(
                instruments[response.instrument_id], response, missing_codes
            )
        except ScoringError as error:
            raise IngestError(path, error.line, error.reason) from None
        responses.append(response)
    return responses


def _response(
    path: Path,
    line: int | None,
    number: int,
    resource: Mapping[str, Any],
    instruments: Mapping[str, Instrument],
    text: str,
    start: int,
) -> Response:
    def fail(reason: str) -> IngestError:
        return IngestError(path, line, f"QuestionnaireResponse {number}: {reason}")

    if resource.get("resourceType") != "QuestionnaireResponse":
        raise fail(f"expected a QuestionnaireResponse, found {resource.get('resourceType')}")
    instrument = _instrument_for(str(resource.get("questionnaire", "")), instruments)
    if instrument is None:
        raise fail(f"unknown questionnaire '{resource.get('questionnaire', '')}'")
    extra = _extensions(resource)
    _, patient = _reference_id(resource.get("subject"))
    author_kind, author = _reference_id(resource.get("author"))
    role_text = extra.get("role") or (
        AUTHOR_ROLES[author_kind].value if author_kind in AUTHOR_ROLES else None
    )
    role_text = role_text or (instrument.default_role.value if instrument.default_role else None)
    if role_text not in {role.value for role in RespondentRole}:
        raise fail("cannot tell the respondent's role (author type or urn:rapport:role)")
    relationship = extra.get("relationship") or patient
    if not relationship:
        raise fail("no relationship (urn:rapport:relationship extension) and no subject")
    authored = resource.get("authored")
    try:
        date = dt.date.fromisoformat(str(authored)[:10]) if authored else None
    except ValueError:
        raise fail(f"authored '{authored}' is not a date") from None
    answers: dict[str, object] = {}
    fields = []
    for entry in _flatten(resource.get("item", []) or []):
        link_id = str(entry.get("linkId", ""))
        if link_id not in instrument.link_ids:
            where = _line(text, f'"linkId": "{link_id}"', start) or line
            raise IngestError(path, where, f"item {link_id}: {instrument.id} has no such item")
        values = entry.get("answer") or []
        if len(values) > 1:
            raise fail(f"item {link_id} has {len(values)} answers; it takes one")
        answers[link_id] = _answer_value(instrument.item(link_id), values[0]) if values else None
        fields.append((link_id, f"item {link_id}"))
    identifier = resource.get("id") or f"{path.stem}-{number}"
    return Response(
        id=str(identifier),
        instrument_id=instrument.id,
        instrument_version=instrument.version,
        respondent=author or f"{relationship}:{role_text}",
        role=RespondentRole(role_text),
        relationship=str(relationship),
        answers=answers,  # type: ignore[arg-type]  # checked by the caller
        patient=patient,
        clinician=extra.get("clinician") or (author if role_text == "clinician" else None),
        timepoint=extra.get("timepoint"),
        date=date,
        group=extra.get("group"),
        source=Source(str(path), line, tuple(fields)),
    )


def _flatten(items: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Answer items, descending into groups."""
    flat: list[Mapping[str, Any]] = []
    for item in items:
        if item.get("item") and not item.get("answer"):
            flat.extend(_flatten(item["item"]))
        else:
            flat.append(item)
    return flat


def response_resource(response: Response, instrument: Instrument) -> dict[str, Any]:
    """A QuestionnaireResponse for one response (the inverse of ``read_responses``)."""
    extension = [
        {"url": f"{EXTENSION}{name}", "valueString": value}
        for name, value in (
            ("relationship", response.relationship),
            ("role", response.role.value),
            ("timepoint", response.timepoint),
            ("group", response.group),
            ("clinician", response.clinician),
        )
        if value is not None
    ]
    author_type = {"patient": "Patient", "parent": "RelatedPerson", "clinician": "Practitioner"}
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": response.id,
        "extension": extension,
        "questionnaire": instrument.url or instrument.id,
        "status": "completed",
        "author": {"reference": f"{author_type[response.role.value]}/{response.respondent}"},
    }
    if response.patient:
        resource["subject"] = {"reference": f"Patient/{response.patient}"}
    if response.date:
        resource["authored"] = response.date.isoformat()
    resource["item"] = [
        {"linkId": link_id, "answer": [] if value is None else [{"valueDecimal": value}]}
        for link_id, value in response.answers.items()
    ]
    return resource


def questionnaire_resource(instrument: Instrument) -> dict[str, Any]:
    """The instrument as a FHIR R4 Questionnaire with SDC itemWeight answer scores.

    Item text appears only where it is included (shipped, or added from a licensed copy).
    """
    items = []
    for position, item in enumerate(instrument.items, start=1):
        entry: dict[str, Any] = {"linkId": item.link_id, "prefix": f"{position}."}
        if item.text:
            entry["text"] = item.text
        entry["type"] = "choice" if item.options else "decimal"
        entry["required"] = False
        if item.options:
            entry["answerOption"] = [
                {
                    "valueCoding": {
                        "system": "urn:rapport:answers",
                        "code": option.code,
                        "display": option.label,
                    },
                    "extension": [{"url": ITEM_WEIGHT_URL, "valueDecimal": option.score}],
                }
                for option in item.options
            ]
        items.append(entry)
    return {
        "resourceType": "Questionnaire",
        "id": instrument.id,
        "url": instrument.url or f"urn:rapport:questionnaire:{instrument.id}",
        "version": instrument.version,
        "title": instrument.name,
        "status": "active",
        "copyright": instrument.licence,
        "item": items,
    }


def write_questionnaire(path: str | Path, instrument: Instrument) -> Path:
    path = Path(path)
    path.write_text(json.dumps(questionnaire_resource(instrument), indent=2) + "\n", "utf-8")
    return path
