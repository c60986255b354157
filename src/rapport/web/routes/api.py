"""The JSON API under /api, for scripts: same roles and rules as the pages.

Authenticate with ``Authorization: Bearer <token>`` (``rapport users token NAME``), or
with the browser session plus the ``X-CSRF-Token`` header for writes.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field

from rapport import store
from rapport.model import Coding, Origin
from rapport.web import services
from rapport.web.auth import PROJECT_ROLES, Principal, engine_of, require, settings_of
from rapport.web.routes import reports
from rapport.web.routes.encounters import check_code, check_view, filters_from
from rapport.web.views import audit

router = APIRouter(prefix="/api", tags=["api"])
Reader = Annotated[Principal, Depends(require(*PROJECT_ROLES))]
Coder = Annotated[Principal, Depends(require("researcher", "coder"))]
ReportReader = Annotated[Principal, Depends(require("researcher", "clinician"))]
Researcher = Annotated[Principal, Depends(require("researcher"))]


class EncounterSummaryOut(BaseModel):
    id: str
    patient: str | None
    date: dt.date | None
    setting: str
    subtype: str | None
    n_turns: int
    clinicians: list[str]
    n_auto_codings: int
    n_human_codings: int
    assignment: str | None


class EncounterPage(BaseModel):
    items: list[EncounterSummaryOut]
    total: int
    page: int
    per_page: int


class TurnOut(BaseModel):
    index: int
    speaker: str
    role: str
    text: str
    start: float | None
    end: float | None


class ParticipantOut(BaseModel):
    name: str
    role: str


class EncounterOut(BaseModel):
    id: str
    patient: str | None
    date: dt.date | None
    setting: str
    subtype: str | None
    participants: list[ParticipantOut]
    turns: list[TurnOut]


class CodingOut(BaseModel):
    turn: int
    code: str
    origin: str
    coder: str
    score: float | None
    model_version: str | None
    memo: str | None
    char_span: list[int] | None
    created_at: dt.datetime

    @classmethod
    def of(cls, coding: Coding) -> CodingOut:
        return cls(
            turn=coding.turn_index,
            code=coding.code,
            origin=str(coding.origin),
            coder=coding.coder,
            score=coding.score,
            model_version=coding.model_version,
            memo=coding.memo,
            char_span=list(coding.char_span) if coding.char_span else None,
            created_at=coding.created_at,
        )


class CodingIn(BaseModel):
    turn: int = Field(ge=0)
    code: str = Field(min_length=1, max_length=100)
    memo: str | None = Field(default=None, max_length=5000)
    char_start: int | None = Field(default=None, ge=0)
    char_end: int | None = Field(default=None, ge=0)


class Problem(BaseModel):
    detail: str


ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Problem, "description": "Not signed in"},
    403: {"model": Problem, "description": "Not allowed"},
    404: {"model": Problem, "description": "Not found"},
}


@router.get("/encounters", response_model=EncounterPage, responses=ERRORS)
def list_encounters(
    request: Request,
    who: Reader,
    patient: str | None = None,
    clinician: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    setting: str | None = None,
    subtype: str | None = None,
    sort: Literal[
        "id",
        "-id",
        "date",
        "-date",
        "patient",
        "-patient",
        "setting",
        "-setting",
        "subtype",
        "-subtype",
    ] = "-date",
    page: Annotated[int, Query(ge=1, le=100000)] = 1,
    per_page: Annotated[int, Query(ge=1, le=500)] = 50,
) -> EncounterPage:
    """The encounters you may see, filtered, sorted and paginated."""
    filters = filters_from(
        patient,
        clinician,
        since.isoformat() if since else None,
        until.isoformat() if until else None,
        setting,
        subtype,
        sort,
    )
    with engine_of(request).connect() as conn:
        rows, total = services.encounter_page(
            conn, who.user, filters, page=page, page_size=per_page
        )
    return EncounterPage(
        items=[EncounterSummaryOut(**row.as_dict()) for row in rows],
        total=total,
        page=page,
        per_page=per_page,
    )


@router.get("/encounters/{encounter_id}", response_model=EncounterOut, responses=ERRORS)
def get_encounter(request: Request, who: Reader, encounter_id: str) -> EncounterOut:
    """One encounter with its transcript (the view is recorded in the audit log)."""
    check_view(request, who, encounter_id)
    with engine_of(request).connect() as conn:
        encounter = store.get_encounter(conn, encounter_id)
    audit(
        request,
        "view_transcript",
        who=who,
        object_type="encounter",
        object_id=encounter_id,
        detail={"via": "api"},
    )
    return EncounterOut(
        id=encounter.id,
        patient=encounter.patient,
        date=encounter.date,
        setting=str(encounter.setting),
        subtype=encounter.subtype,
        participants=[
            ParticipantOut(name=p.name, role=str(p.role)) for p in encounter.participants
        ],
        turns=[
            TurnOut(
                index=t.index,
                speaker=t.speaker,
                role=str(t.role),
                text=t.text,
                start=t.start,
                end=t.end,
            )
            for t in encounter.turns
        ],
    )


@router.get("/encounters/{encounter_id}/codings", response_model=list[CodingOut], responses=ERRORS)
def get_codings(request: Request, who: Reader, encounter_id: str) -> list[CodingOut]:
    """The codings you may see (a coder sees only their own until they submit)."""
    check_view(request, who, encounter_id)
    with engine_of(request).connect() as conn:
        codings = services.visible_codings(conn, who.user, encounter_id)
    audit(
        request,
        "view_codings",
        who=who,
        object_type="encounter",
        object_id=encounter_id,
        detail={"via": "api"},
    )
    return [CodingOut.of(c) for c in codings]


@router.post(
    "/encounters/{encounter_id}/codings",
    response_model=CodingOut,
    status_code=201,
    responses={**ERRORS, 400: {"model": Problem, "description": "Bad coding"}},
)
def add_coding(request: Request, who: Coder, encounter_id: str, coding: CodingIn) -> CodingOut:
    """Add a human coding by you (nothing stored is ever changed)."""
    check_code(request, who, encounter_id)
    span = None
    if coding.char_start is not None and coding.char_end is not None:
        span = (coding.char_start, coding.char_end)
    services.review(
        engine_of(request),
        who.user,
        encounter_id,
        coding.turn,
        "add",
        code=coding.code,
        codebook=settings_of(request).codebook,
        memo=coding.memo,
        span=span,
        client=request.client.host if request.client else None,
    )
    with engine_of(request).connect() as conn:
        mine = store.get_codings(
            conn, encounter_id=encounter_id, origin=Origin.HUMAN, coder=who.name
        )
    # the coding just added: the newest of this coder's on the encounter
    return CodingOut.of(max(mine, key=lambda coding: coding.created_at))


REPORT_RESPONSES: dict[int | str, dict[str, object]] = {
    **ERRORS,
    200: {
        "content": {media: {} for media in services.REPORT_FORMATS.values()},
        "description": "The report or its tables",
    },
}


@router.get(
    "/reports/encounter/{encounter_id}", responses=REPORT_RESPONSES, response_class=Response
)
def encounter_report(
    request: Request,
    who: ReportReader,
    encounter_id: str,
    format: reports.Format = "html",
    table: str = "codes",
) -> Response:
    """An encounter report (HTML/PDF) or its table (CSV/XLSX)."""
    return reports.encounter_report(request, who, encounter_id, format, table)


@router.get("/reports/clinician", responses=REPORT_RESPONSES, response_class=Response)
def clinician_report(
    request: Request,
    who: ReportReader,
    name: str,
    format: reports.Format = "html",
    table: str | None = None,
) -> Response:
    """A clinician's feedback report; a clinician may ask only for their own."""
    return reports.clinician_report(request, who, name, format, table)


@router.get("/reports/cohort", responses=REPORT_RESPONSES, response_class=Response)
def cohort_report(
    request: Request,
    who: Researcher,
    format: reports.Format = "html",
    table: str | None = None,
    subtype: str | None = None,
    setting: str | None = None,
) -> Response:
    """The cohort report over the encounters matching the filters."""
    return reports.cohort_report(request, who, format, table, subtype, setting)
