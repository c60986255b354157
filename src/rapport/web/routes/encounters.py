"""The encounter list, one encounter, and the review page with its in-place updates."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from markupsafe import Markup

from rapport import pipeline, store
from rapport.errors import NotFoundError, RapportError
from rapport.web import services
from rapport.web.auth import PROJECT_ROLES, Forbidden, Principal, engine_of, require, settings_of
from rapport.web.views import audit, environment, redirect, render

router = APIRouter()
Reader = Annotated[Principal, Depends(require(*PROJECT_ROLES))]
Coder = Annotated[Principal, Depends(require("researcher", "coder"))]
Researcher = Annotated[Principal, Depends(require("researcher"))]


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RapportError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def filters_from(
    patient: str | None,
    clinician: str | None,
    since: str | None,
    until: str | None,
    setting: str | None,
    subtype: str | None,
    sort: str,
) -> services.EncounterFilters:
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    return services.EncounterFilters(
        patient=patient or None,
        clinician=clinician or None,
        since=_date(since),
        until=_date(until),
        setting=setting or None,
        subtype=subtype or None,
        sort=key if key in services.SORTS else "date",
        descending=descending,
    )


def check_view(request: Request, who: Principal, encounter_id: str) -> None:
    """404 when the encounter does not exist, 403 when this user may not see it."""
    with engine_of(request).connect() as conn:
        if not services.encounter_exists(conn, encounter_id):
            raise NotFoundError(f"no encounter '{encounter_id}' in this workspace")
        if not services.can_view(conn, who.user, encounter_id):
            raise Forbidden("This encounter is not one of yours.")


def check_code(request: Request, who: Principal, encounter_id: str) -> None:
    check_view(request, who, encounter_id)
    with engine_of(request).connect() as conn:
        if not services.can_code(conn, who.user, encounter_id):
            raise Forbidden("You have submitted this encounter, or it is not assigned to you.")


@router.get("/encounters", include_in_schema=False)
def encounter_list(
    request: Request,
    who: Reader,
    patient: str | None = None,
    clinician: str | None = None,
    since: str | None = None,
    until: str | None = None,
    setting: str | None = None,
    subtype: str | None = None,
    sort: str = "-date",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
) -> HTMLResponse:
    filters = filters_from(patient, clinician, since, until, setting, subtype, sort)
    size = settings_of(request).page_size
    with engine_of(request).connect() as conn:
        rows, total = services.encounter_page(conn, who.user, filters, page=page, page_size=size)
        choices = services.filter_choices(conn) if who.role == "researcher" else None
    query = {
        k: v
        for k, v in {
            "patient": patient,
            "clinician": clinician,
            "since": since,
            "until": until,
            "setting": setting,
            "subtype": subtype,
        }.items()
        if v
    }
    return render(
        request,
        "encounters.html.j2",
        {
            "rows": rows,
            "total": total,
            "page": page,
            "pages": max(1, math.ceil(total / size)),
            "filters": query,
            "sort": sort,
            "choices": choices,
            "query": lambda **changes: "?" + urlencode({**query, "sort": sort, **changes}),
        },
    )


@router.get("/encounters/{encounter_id}", include_in_schema=False)
def encounter_page(request: Request, who: Reader, encounter_id: str) -> HTMLResponse:
    check_view(request, who, encounter_id)
    codebook = settings_of(request).codebook
    cache: services.RenderedCache = request.app.state.rendered
    with engine_of(request).connect() as conn:
        may_code = services.can_code(conn, who.user, encounter_id)
        codings = services.visible_codings(conn, who.user, encounter_id)
        key = services.view_key(conn, who.user, encounter_id, codebook, visible=codings)
        body = cache.get(key)
        encounter = store.get_encounter(conn, encounter_id) if body is not None else None
    if body is None or encounter is None:
        context = services.encounter_view(
            engine_of(request), who.user, encounter_id, codebook, codings=codings
        )
        body = environment().get_template("_encounter_body.html.j2").render(**context)
        cache.put(key, body)
        encounter = context["encounter"]
    audit(request, "view_transcript", who=who, object_type="encounter", object_id=encounter_id)
    return render(
        request,
        "encounter.html.j2",
        {"encounter": encounter, "body": Markup(body), "may_code": may_code},
    )


AUDIO_TYPES = {
    ".wav": "audio/wav",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".flac": "audio/flac",
    ".ogg": "audio/ogg",
}


@router.get("/encounters/{encounter_id}/audio", include_in_schema=False)
def encounter_audio(request: Request, who: Reader, encounter_id: str) -> Response:
    """The encounter's recording, for the player beside the transcript."""
    check_view(request, who, encounter_id)
    with engine_of(request).connect() as conn:
        encounter = store.get_encounter(conn, encounter_id)
    linked = encounter.metadata.get("audio") or {}
    path = Path(str(linked.get("path", ""))) if isinstance(linked, dict) else Path()
    # Only audio files are served: the path comes from stored metadata, which an imported
    # transcript could set to anything.
    media = AUDIO_TYPES.get(path.suffix.lower())
    if media is None or not path.is_file():
        raise NotFoundError(f"encounter '{encounter_id}' has no recording on this machine")
    audit(request, "play_audio", who=who, object_type="encounter", object_id=encounter_id)
    return FileResponse(path, media_type=media)


@router.get("/encounters/{encounter_id}/review", include_in_schema=False)
def review_page(request: Request, who: Coder, encounter_id: str) -> HTMLResponse:
    check_code(request, who, encounter_id)
    codebook = settings_of(request).codebook
    encounter, rows = services.review_rows(engine_of(request), who.user, encounter_id, codebook)
    audit(
        request,
        "view_transcript",
        who=who,
        object_type="encounter",
        object_id=encounter_id,
        detail={"page": "review"},
    )
    with engine_of(request).connect() as conn:
        assignment = store.get_assignments(conn, coder=who.name, encounter_id=encounter_id)
    return render(
        request,
        "review.html.j2",
        {
            "encounter": encounter,
            "rows": rows,
            "codebook": services.codebook_named(codebook),
            "assignment": assignment[0] if assignment else None,
        },
    )


@router.post("/encounters/{encounter_id}/turns/{turn_index}", include_in_schema=False)
def review_turn(
    request: Request,
    who: Coder,
    encounter_id: str,
    turn_index: int,
    action: Annotated[Literal["accept", "reject", "change", "add"], Form()],
    code: Annotated[str, Form(max_length=100)],
    replacement: Annotated[str, Form(max_length=100)] = "",
    memo: Annotated[str, Form(max_length=5000)] = "",
    char_start: Annotated[str, Form(max_length=10)] = "",
    char_end: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    check_code(request, who, encounter_id)
    codebook = settings_of(request).codebook
    span = None
    if char_start.isdigit() and char_end.isdigit() and int(char_end) > int(char_start):
        span = (int(char_start), int(char_end))
    services.review(
        engine_of(request),
        who.user,
        encounter_id,
        turn_index,
        action,
        code=code,
        codebook=codebook,
        replacement=replacement or None,
        memo=memo,
        span=span,
        client=request.client.host if request.client else None,
    )
    if request.headers.get("hx-request") != "true":
        return redirect(f"/encounters/{encounter_id}/review#turn-{turn_index}")
    _, rows = services.review_rows(
        engine_of(request), who.user, encounter_id, codebook, turn_index=turn_index
    )
    return render(
        request,
        "_review_row.html.j2",
        {
            "row": rows[0],
            "encounter_id": encounter_id,
            "codebook": services.codebook_named(codebook),
            "saved": True,
        },
    )


@router.post("/encounters/{encounter_id}/submit", include_in_schema=False)
def submit(request: Request, who: Coder, encounter_id: str) -> Response:
    check_code(request, who, encounter_id)
    if who.role != "coder":
        raise Forbidden("Only an assigned coder submits an encounter.")
    pipeline.submit_encounters(engine_of(request), who.name, [encounter_id])
    audit(request, "submit", who=who, object_type="encounter", object_id=encounter_id)
    return redirect(f"/encounters/{encounter_id}")


@router.post("/assignments", include_in_schema=False)
def assign(
    request: Request,
    who: Researcher,
    coder: Annotated[str, Form(max_length=64)],
    encounter_ids: Annotated[list[str], Form()],
    see_auto: Annotated[bool, Form()] = False,
) -> Response:
    with engine_of(request).connect() as conn:
        user = store.users.get_user(conn, coder)
    if user.role != "coder":
        raise RapportError(f"{coder} is not a coder")
    added = pipeline.assign_encounters(
        engine_of(request), coder, encounter_ids, see_auto=see_auto, assigned_by=who.name
    )
    audit(
        request,
        "assign",
        who=who,
        object_type="coder",
        object_id=coder,
        detail={"encounters": encounter_ids, "new": added, "see_auto": see_auto},
    )
    return redirect("/reliability")
