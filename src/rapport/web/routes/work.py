"""Research work: importing transcripts, reliability and adjudication, the codebook."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response

from rapport import pipeline, store
from rapport.errors import RapportError
from rapport.store.rows import utc_now
from rapport.web import services
from rapport.web.auth import ANY_ROLE, Principal, engine_of, require, settings_of
from rapport.web.views import audit, redirect, render

router = APIRouter()
Researcher = Annotated[Principal, Depends(require("researcher"))]
MAX_FILES = 200


@router.get("/import", include_in_schema=False)
def import_page(request: Request, who: Researcher) -> HTMLResponse:
    return render(
        request,
        "import.html.j2",
        {"outcomes": None, "limit_mb": settings_of(request).max_upload_bytes // 2**20},
    )


@router.post("/import", include_in_schema=False)
async def import_files(
    request: Request,
    who: Researcher,
    files: list[UploadFile],
    code: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    settings = settings_of(request)
    limit = settings.max_upload_bytes
    received: list[tuple[str, bytes]] = []
    rejected: list[services.FileOutcome] = []
    total = 0
    for upload in files[:MAX_FILES]:
        name = upload.filename or "unnamed"
        data = await upload.read(limit + 1)
        total += len(data)
        if len(data) > limit or total > limit * 5:
            rejected.append(services.FileOutcome(name, "error", "the file is too large"))
        elif services.safe_filename(name) is None:
            rejected.append(
                services.FileOutcome(
                    name,
                    "error",
                    "not a transcript type Rapport reads "
                    "(.vtt .srt .txt .TextGrid .docx .json .csv, with .meta.yaml)",
                )
            )
        else:
            received.append((name, data))
    if len(files) > MAX_FILES:
        rejected.append(
            services.FileOutcome(
                f"{len(files) - MAX_FILES} more files",
                "error",
                f"at most {MAX_FILES} files at a time",
            )
        )
    coder = request.app.state.coder() if code else None
    outcomes = rejected + services.import_uploads(engine_of(request), received, code_with=coder)
    audit(
        request,
        "import",
        who=who,
        object_type="upload",
        detail={
            "files": len(files),
            "imported": sum(o.status == "imported" for o in outcomes),
            "errors": sum(o.status == "error" for o in outcomes),
            "coded": bool(code),
        },
    )
    status = 200 if not any(o.status == "error" for o in outcomes) else 422
    return render(
        request, "import.html.j2", {"outcomes": outcomes, "limit_mb": limit // 2**20}, status
    )


def _frame_rows(frame: Any, columns: list[str]) -> list[dict[str, Any]]:
    present = [c for c in columns if c in frame.columns]
    return [dict(zip(present, row, strict=True)) for row in frame[present].itertuples(index=False)]


AGREEMENT_COLUMNS = [
    "n_units",
    "n_present",
    "n_coders",
    "percent_agreement",
    "kappa",
    "kappa_low",
    "kappa_high",
    "alpha",
    "ac1",
]


@router.get("/reliability", include_in_schema=False)
def reliability_page(request: Request, who: Researcher) -> HTMLResponse:
    settings = settings_of(request)
    engine = engine_of(request)
    overall = themes = None
    problem = None
    try:
        overall = _frame_rows(
            pipeline.agreement_table(
                engine, settings.codebook, by="overall", n_boot=settings.reliability_boot
            ),
            AGREEMENT_COLUMNS,
        )
        themes = _frame_rows(
            pipeline.agreement_table(
                engine, settings.codebook, by="theme", n_boot=settings.reliability_boot
            ),
            ["theme", *AGREEMENT_COLUMNS],
        )
    except RapportError as error:
        problem = str(error)
    queue = pipeline.disagreement_queue(engine)
    with engine.connect() as conn:
        assignments = store.get_assignments(conn)
        coders = [u for u in store.users.list_users(conn) if u.role == "coder" and not u.disabled]
        encounter_ids = store.select_encounter_ids(conn)
    return render(
        request,
        "reliability.html.j2",
        {
            "overall": overall,
            "themes": themes,
            "problem": problem,
            "queue": queue[:100],
            "queue_total": len(queue),
            "assignments": assignments,
            "coders": coders,
            "encounter_ids": encounter_ids,
            "codebook": services.codebook_named(settings.codebook),
            "columns": AGREEMENT_COLUMNS,
        },
    )


@router.post("/reliability/adjudicate", include_in_schema=False)
def adjudicate(
    request: Request,
    who: Researcher,
    encounter_id: Annotated[str, Form(max_length=200)],
    turn_index: Annotated[int, Form()],
    codes: Annotated[list[str] | None, Form()] = None,
    reason: Annotated[str, Form(max_length=5000)] = "",
) -> Response:
    decision = store.Adjudication(
        encounter_id, turn_index, who.name, tuple(codes or ()), reason.strip() or None, utc_now()
    )
    written = pipeline.adjudicate(
        engine_of(request), [decision], codebook=settings_of(request).codebook
    )
    audit(
        request,
        "adjudicate",
        who=who,
        object_type="encounter",
        object_id=encounter_id,
        detail={"turn": turn_index, "codes": list(codes or ()), "consensus_codings": written},
    )
    return redirect("/reliability#queue")


@router.get("/codebook", include_in_schema=False)
def codebook_page(
    request: Request, who: Annotated[Principal, Depends(require(*ANY_ROLE))]
) -> HTMLResponse:
    return render(
        request,
        "codebook.html.j2",
        {"codebook": services.codebook_named(settings_of(request).codebook)},
    )


def surveys_available() -> bool:
    """Whether the questionnaire use cases (``pipeline.survey_scores``) are installed."""
    return hasattr(pipeline, "survey_scores") and hasattr(pipeline, "survey_report")


@router.get("/surveys", include_in_schema=False)
def surveys_page(request: Request, who: Researcher) -> HTMLResponse:
    rows: list[dict[str, Any]] = []
    columns: list[str] = []
    problem = None
    if surveys_available():
        try:
            frame = pipeline.survey_scores(engine_of(request))
            columns = [str(c) for c in frame.columns]
            rows = [
                dict(zip(columns, r, strict=True)) for r in frame.head(500).itertuples(index=False)
            ]
        except RapportError as error:
            problem = str(error)
    return render(
        request,
        "surveys.html.j2",
        {"available": surveys_available(), "rows": rows, "columns": columns, "problem": problem},
    )


@router.get("/surveys/report", include_in_schema=False)
def surveys_report(request: Request, who: Researcher) -> Response:
    """The questionnaire report (``pipeline.survey_report``), as a self-contained page."""
    import tempfile
    from pathlib import Path

    from rapport.web.routes.reports import file_response

    if not surveys_available():
        raise RapportError("questionnaires are not available in this version")
    with tempfile.TemporaryDirectory(prefix="rapport-report-") as folder:
        out = pipeline.survey_report(
            engine_of(request),
            Path(folder) / "surveys.html",
            codebook=settings_of(request).codebook,
        )
        data = Path(out).read_bytes()
    audit(request, "export_report", who=who, object_type="survey_report", detail={"format": "html"})
    return file_response(data, "surveys.html", "html")
