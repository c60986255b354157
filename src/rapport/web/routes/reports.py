"""Report downloads: encounter, clinician and cohort reports as HTML or PDF, and their
tables as CSV or XLSX, made by the same ``pipeline.report_*`` as the CLI."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from rapport import pipeline
from rapport.web import services
from rapport.web.auth import Forbidden, Principal, engine_of, require, settings_of
from rapport.web.routes.encounters import _date, check_view
from rapport.web.security import REPORT_CONTENT_SECURITY_POLICY
from rapport.web.views import audit, render

router = APIRouter()
Reader = Annotated[Principal, Depends(require("researcher", "clinician"))]
Researcher = Annotated[Principal, Depends(require("researcher"))]
Format = Literal["html", "pdf", "xlsx", "csv"]


def file_response(data: bytes, filename: str, fmt: str) -> Response:
    headers = {"content-security-policy": REPORT_CONTENT_SECURITY_POLICY}
    disposition = "inline" if fmt == "html" else "attachment"
    headers["content-disposition"] = f'{disposition}; filename="{filename}"'
    return Response(data, media_type=services.REPORT_FORMATS[fmt], headers=headers)


def check_clinician(who: Principal, name: str) -> None:
    if who.role == "clinician" and name not in who.user.clinician_names:
        raise Forbidden("You can open only your own feedback report.")


@router.get("/reports", include_in_schema=False)
def reports_page(request: Request, who: Reader) -> HTMLResponse:
    choices = None
    if who.role == "researcher":
        with engine_of(request).connect() as conn:
            choices = services.filter_choices(conn)
            rows, _ = services.encounter_page(
                conn,
                who.user,
                services.EncounterFilters(sort="id", descending=False),
                page=1,
                page_size=500,
            )
    else:
        with engine_of(request).connect() as conn:
            rows, _ = services.encounter_page(
                conn, who.user, services.EncounterFilters(), page=1, page_size=500
            )
    return render(request, "reports.html.j2", {"choices": choices, "rows": rows})


def _send(
    request: Request,
    who: Principal,
    kind: str,
    target: str | None,
    fmt: str,
    table: str | None,
    selection: pipeline.Selection | None = None,
) -> Response:
    data, filename = services.report_file(
        engine_of(request),
        kind,
        codebook=settings_of(request).codebook,
        fmt=fmt,
        target=target,
        table=table,
        selection=selection,
    )
    audit(
        request,
        "export_report",
        who=who,
        object_type=f"{kind}_report",
        object_id=target,
        detail={
            "format": fmt,
            "table": table,
            "filters": selection.describe() if selection else None,
        },
    )
    return file_response(data, filename, fmt)


@router.get("/reports/encounter", include_in_schema=False)
def encounter_report_form(
    request: Request, who: Reader, id: str, format: Format = "html", table: str = "codes"
) -> Response:
    """The reports page's form names the encounter in the query."""
    return encounter_report(request, who, id, format, table)


@router.get("/reports/encounter/{encounter_id}", include_in_schema=False)
def encounter_report(
    request: Request, who: Reader, encounter_id: str, format: Format = "html", table: str = "codes"
) -> Response:
    check_view(request, who, encounter_id)
    return _send(request, who, "encounter", encounter_id, format, table)


@router.get("/reports/clinician", include_in_schema=False)
def clinician_report(
    request: Request, who: Reader, name: str, format: Format = "html", table: str | None = None
) -> Response:
    check_clinician(who, name)
    return _send(request, who, "clinician", name, format, table)


@router.get("/reports/cohort", include_in_schema=False)
def cohort_report(
    request: Request,
    who: Researcher,
    format: Format = "html",
    table: str | None = None,
    subtype: str | None = None,
    setting: str | None = None,
    patient: str | None = None,
    clinician: str | None = None,
    since: str | None = None,
    until: str | None = None,
) -> Response:
    selection = pipeline.Selection(
        since=_date(since),
        until=_date(until),
        patients=[patient] if patient else [],
        settings=[setting] if setting else [],
        subtypes=[subtype] if subtype else [],
        clinicians=[clinician] if clinician else [],
    )
    return _send(request, who, "cohort", None, format, table, selection)
