"""Build the FastAPI app: routes, error pages, static files and security headers."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from starlette.exceptions import HTTPException

from rapport import __version__, store
from rapport.errors import NotFoundError, RapportError
from rapport.web import services
from rapport.web.auth import ANY_ROLE, CsrfFailed, Forbidden, NotSignedIn, require
from rapport.web.config import WebSettings
from rapport.web.routes import account, admin, api, encounters, reports, work
from rapport.web.security import RateLimiter, SecurityHeaders
from rapport.web.views import redirect, render

STATIC = Path(__file__).with_name("static")


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _error(request: Request, status: int, message: str) -> Response:
    if _is_api(request):
        return JSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html.j2", {"status": status, "message": message}, status)


def _methods_of(app: FastAPI, request: Request) -> list[str]:
    from starlette.routing import Match

    def walk(routes: Any) -> Any:
        for route in routes:
            if hasattr(route, "original_router"):
                yield from walk(route.original_router.routes)
            else:
                yield route

    methods: set[str] = set()
    for route in walk(app.routes):
        if getattr(route, "methods", None) and route.matches(request.scope)[0] != Match.NONE:
            methods |= set(route.methods)
    return sorted(methods)


def _install_errors(app: FastAPI) -> None:
    @app.exception_handler(NotSignedIn)
    async def not_signed_in(request: Request, _: Exception) -> Response:
        if _is_api(request):
            return JSONResponse(
                {"detail": "Sign in, or send an API token."},
                status_code=401,
                headers={"www-authenticate": "Bearer"},
            )
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        login = "/login?next=" + quote(target, safe="")
        if request.headers.get("hx-request") == "true":
            return Response(status_code=401, headers={"hx-redirect": login})
        return redirect(login)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, error: Exception) -> Response:
        reason = error.reason if isinstance(error, Forbidden) else "Not allowed."
        return _error(request, 403, reason)

    @app.exception_handler(CsrfFailed)
    async def csrf_failed(request: Request, _: Exception) -> Response:
        return _error(
            request,
            403,
            "This form had expired or did not come from Rapport. Reload the page and try again.",
        )

    @app.exception_handler(NotFoundError)
    async def not_found(request: Request, error: Exception) -> Response:
        return _error(request, 404, str(error))

    @app.exception_handler(RapportError)
    async def rapport_error(request: Request, error: Exception) -> Response:
        message = error.one_line() if isinstance(error, RapportError) else str(error)
        return _error(request, 400, message)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: Exception) -> Response:
        status = error.status_code if isinstance(error, HTTPException) else 500
        detail = error.detail if isinstance(error, HTTPException) else "Error"
        response = _error(request, status, str(detail))
        for name, value in (getattr(error, "headers", None) or {}).items():
            response.headers[name] = value
        if status == 405:  # every method of the path, not just those of the first route
            response.headers["allow"] = ", ".join(_methods_of(app, request))
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: Exception) -> Response:
        if _is_api(request):
            errors = error.errors() if isinstance(error, RequestValidationError) else []
            return JSONResponse(
                {
                    "detail": [
                        {
                            "loc": list(e.get("loc", ())),
                            "msg": e.get("msg", ""),
                            "type": e.get("type", "value_error"),
                        }
                        for e in errors
                    ]
                },
                status_code=422,
            )
        return _error(request, 422, "Some of what the form sent is missing or not valid.")


def create_app(
    settings: WebSettings | None = None,
    *,
    engine: Engine | None = None,
) -> FastAPI:
    """The app over the workspace named by ``settings.db`` (or an open ``engine``)."""
    settings = settings or WebSettings()
    app = FastAPI(
        title="Rapport",
        version=__version__,
        description="Rapport's JSON API. Authenticate with `Authorization: Bearer <token>` "
        "(`rapport users token NAME`). Every transcript view is audited.",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,  # served below, to signed-in users only
    )
    app.state.settings = settings
    app.state.engine = engine if engine is not None else store.open_workspace(settings.db)
    app.state.limiter = RateLimiter(settings.login_attempts, settings.login_window.total_seconds())
    lock = threading.Lock()
    built: dict[str, Any] = {}

    def coder() -> Any:
        with lock:
            if "coder" not in built:
                from rapport import pipeline

                built["coder"] = pipeline.build_coder(settings.codebook, settings.model)
            return built["coder"]

    app.state.coder = coder
    app.state.rendered = services.RenderedCache()
    _install_errors(app)
    for module in (account, encounters, work, reports, admin, api):
        app.include_router(module.router)

    @app.get("/api/openapi.json", include_in_schema=False)
    def openapi(_: Any = Depends(require(*ANY_ROLE))) -> JSONResponse:
        return JSONResponse(app.openapi())

    @app.get("/theme.css", include_in_schema=False)
    def theme_css() -> Response:
        """One class per theme and code, so highlights need no inline styles (CSP)."""
        from rapport.report.charts import readable_ink

        book = services.codebook_named(settings.codebook)
        lines = []
        for theme in book.themes:
            ink = readable_ink(theme.colour)
            names = ", ".join(
                [f".chip.t-{theme.id}"] + [f".chip.c-{code.id}" for code in theme.codes]
            )
            lines.append(f"{names} {{ background: {theme.colour}; color: {ink}; }}")
            marks = ", ".join(
                [f"mark.t-{theme.id}"] + [f"mark.c-{code.id}" for code in theme.codes]
            )
            lines.append(f"{marks} {{ background: {theme.colour}55; }}")
            bars = ", ".join(f"tr.bar-{code.id} td.text" for code in theme.codes)
            lines.append(f"{bars} {{ border-left: 4px solid {theme.colour}; }}")
            lines.append(f".swatch.t-{theme.id} {{ background: {theme.colour}; }}")
        return PlainTextResponse(
            "\n".join(lines) + "\n",
            media_type="text/css",
            headers={"cache-control": "private, max-age=300"},
        )

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_middleware(SecurityHeaders, force_https=settings.force_https)
    return app
