"""Administration: accounts, roles, clinician names, membership and the audit log."""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from rapport import store
from rapport.errors import RapportError
from rapport.store.users import DEFAULT_PROJECT, ROLES
from rapport.web.auth import Principal, client_of, engine_of, require
from rapport.web.passwords import check_password_policy, hash_password
from rapport.web.views import audit, redirect, render

router = APIRouter(prefix="/admin")
Admin = Annotated[Principal, Depends(require("admin"))]
PAGE = 100


def _names(text: str) -> list[str]:
    return [n.strip() for n in text.replace("\n", ",").split(",") if n.strip()]


def _users(request: Request, error: str | None = None, status: int = 200) -> HTMLResponse:
    """The users page, with the error of a change that was refused."""
    with engine_of(request).connect() as conn:
        users = store.users.list_users(conn)
    context: dict[str, object] = {"users": users, "roles": ROLES, "project": DEFAULT_PROJECT}
    if error is not None:
        context["error"] = error
    return render(request, "admin_users.html.j2", context, status)


@router.get("/users", include_in_schema=False)
def users_page(request: Request, who: Admin) -> HTMLResponse:
    return _users(request)


@router.post("/users", include_in_schema=False)
def add_user(
    request: Request,
    who: Admin,
    username: Annotated[str, Form(max_length=64)],
    role: Annotated[str, Form(max_length=20)],
    password: Annotated[str, Form(max_length=1000)],
    display_name: Annotated[str, Form(max_length=200)] = "",
    clinician_names: Annotated[str, Form(max_length=2000)] = "",
    member: Annotated[bool, Form()] = False,
) -> Response:
    try:
        check_password_policy(password, username)
        with store.transaction(engine_of(request)) as conn:
            user = store.users.add_user(
                conn,
                username,
                password_hash=hash_password(password),
                role=role,
                display_name=display_name or None,
                clinician_names=_names(clinician_names),
                projects=(DEFAULT_PROJECT,) if member or role != "admin" else (),
            )
            store.audit.record(
                conn,
                "user_add",
                actor=who.name,
                object_type="user",
                object_id=user.username,
                detail={"role": role},
                client=client_of(request),
            )
    except RapportError as error:
        return _users(request, str(error), 400)
    return redirect("/admin/users")


@router.post("/users/{username}", include_in_schema=False)
def change_user(
    request: Request,
    who: Admin,
    username: str,
    action: Annotated[str, Form(max_length=20)],
    role: Annotated[str, Form(max_length=20)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    clinician_names: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    try:
        with store.transaction(engine_of(request)) as conn:
            detail: dict[str, object] = {}
            if action == "disable":
                if username == who.name:
                    raise RapportError("you cannot disable your own account")
                store.users.set_disabled(conn, username, True)
            elif action == "enable":
                store.users.set_disabled(conn, username, False)
            elif action == "role":
                store.users.set_role(conn, username, role)
                detail = {"role": role}
            elif action == "password":
                check_password_policy(password, username)
                store.users.set_password(conn, username, hash_password(password))
            elif action == "names":
                store.users.set_clinician_names(conn, username, _names(clinician_names))
                detail = {"clinician_names": _names(clinician_names)}
            elif action in ("join", "leave"):
                store.users.set_projects(
                    conn, username, [DEFAULT_PROJECT] if action == "join" else []
                )
            else:
                raise RapportError(f"unknown action {action!r}")
            store.audit.record(
                conn,
                f"user_{action}",
                actor=who.name,
                object_type="user",
                object_id=username,
                detail=detail or None,
                client=client_of(request),
            )
    except RapportError as error:
        return _users(request, str(error), 400)
    return redirect("/admin/users")


@router.get("/audit", include_in_schema=False)
def audit_page(
    request: Request,
    who: Admin,
    actor: str | None = None,
    action: str | None = None,
    page: Annotated[int, Query(ge=1, le=1000000)] = 1,
) -> HTMLResponse:
    with engine_of(request).connect() as conn:
        events = store.audit.list_events(
            conn, actor=actor or None, action=action or None, limit=PAGE, offset=(page - 1) * PAGE
        )
        total = store.audit.count_events(conn, actor=actor or None, action=action or None)
        actions = store.audit.actions(conn)
    return render(
        request,
        "audit.html.j2",
        {
            "events": events,
            "total": total,
            "page": page,
            "actions": actions,
            "actor": actor or "",
            "action": action or "",
            "pages": max(1, -(-total // PAGE)),
        },
    )


@router.get("/audit.csv", include_in_schema=False)
def audit_export(
    request: Request, who: Admin, actor: str | None = None, action: str | None = None
) -> Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(store.audit.COLUMNS)
    with engine_of(request).connect() as conn:
        for event in store.audit.iter_events(conn, actor=actor or None, action=action or None):
            writer.writerow(
                [
                    event.id,
                    event.at.isoformat(),
                    event.actor or "",
                    event.action,
                    event.object_type or "",
                    event.object_id or "",
                    json.dumps(event.detail, ensure_ascii=False) if event.detail else "",
                    event.client or "",
                ]
            )
    audit(request, "export_audit", who=who, detail={"actor": actor, "action": action})
    return Response(
        buffer.getvalue().encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="rapport-audit.csv"'},
    )
