"""Helpers the route modules share: templates, responses and audit records."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from rapport import __version__, store
from rapport.report.charts import readable_ink
from rapport.report.common import clock
from rapport.web.auth import CSRF_FIELD, Principal, client_of, engine_of, principal
from rapport.web.transcript import code_items, transcript_rows

TEMPLATES = Path(__file__).with_name("templates")


def _json_for_html(value: Any) -> Markup:
    """JSON safe inside an HTML attribute or element: <, >, & and quotes escaped."""
    text = json.dumps(value, ensure_ascii=True)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(raw, escaped)
    return Markup(text.replace('"', "&quot;"))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # transcript text is attacker-controlled: escape everything
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clock"] = clock
    env.filters["ink"] = readable_ink
    env.filters["svg"] = lambda markup: Markup(markup or "")  # our own charts, escaped inside
    env.filters["label"] = lambda value: str(value or "").replace("_", " ")
    env.filters["json_attr"] = _json_for_html
    env.globals["version"] = __version__
    env.globals["csrf_field"] = CSRF_FIELD
    env.globals["transcript_rows"] = transcript_rows
    env.globals["code_items"] = code_items
    return env


def render(
    request: Request, template: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    who = principal(request)
    html = (
        environment()
        .get_template(template)
        .render(
            request=request,
            me=who,
            csrf=who.csrf_token if who else None,
            path=request.url.path,
            **(context or {}),
        )
    )
    return HTMLResponse(html, status_code=status)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def audit(
    request: Request,
    action: str,
    *,
    who: Principal | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    detail: dict[str, Any] | None = None,
    actor: str | None = None,
) -> None:
    """Append one event to the audit log, in its own transaction."""
    with store.transaction(engine_of(request)) as conn:
        store.audit.record(
            conn,
            action,
            actor=actor if actor is not None else (who.name if who else None),
            object_type=object_type,
            object_id=object_id,
            detail=detail,
            client=client_of(request),
        )
