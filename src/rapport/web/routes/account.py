"""Signing in and out, and the first-run setup page that creates the first admin."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from rapport import store
from rapport.errors import RapportError
from rapport.web.auth import (
    ANY_ROLE,
    PRE_SESSION_COOKIE,
    SESSION_COOKIE,
    Principal,
    client_of,
    engine_of,
    is_https,
    principal,
    require,
    settings_of,
)
from rapport.web.passwords import (
    check_password_policy,
    hash_password,
    new_token,
    token_digest,
    verify_password,
)
from rapport.web.security import safe_next
from rapport.web.views import audit, redirect, render

router = APIRouter()


def _no_users(request: Request) -> bool:
    with engine_of(request).connect() as conn:
        return store.users.count_users(conn) == 0


def _pre_session(request: Request) -> str:
    return request.cookies.get(PRE_SESSION_COOKIE) or new_token()


def _with_pre_session(request: Request, response: Response, token: str) -> Response:
    if request.cookies.get(PRE_SESSION_COOKIE) != token:
        response.set_cookie(
            PRE_SESSION_COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=is_https(request),
            max_age=3600,
        )
    return response


def _check_pre_session(request: Request, sent: str) -> bool:
    cookie = request.cookies.get(PRE_SESSION_COOKIE)
    return bool(cookie) and secrets.compare_digest(cookie or "", sent or "")


def home_of(who: Principal) -> str:
    return "/admin/users" if who.role == "admin" else "/encounters"


def _sign_in(request: Request, user_id: int, target: str) -> Response:
    settings = settings_of(request)
    token = new_token()
    with store.transaction(engine_of(request)) as conn:
        old = request.cookies.get(SESSION_COOKIE)
        if old:
            store.users.end_session(conn, token_digest(old))
        store.users.create_session(
            conn,
            user_id,
            token_hash=token_digest(token),
            csrf_token=new_token(),
            lifetime=settings.session_lifetime,
        )
    response = redirect(target)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=is_https(request),
        max_age=int(settings.session_lifetime.total_seconds()),
        path="/",
    )
    response.delete_cookie(PRE_SESSION_COOKIE)
    return response


@router.get("/", include_in_schema=False)
def home(request: Request) -> Response:
    who = principal(request)
    if who is None:
        return redirect("/setup" if _no_users(request) else "/login")
    return redirect(home_of(who))


@router.get("/login", include_in_schema=False)
def login_page(request: Request, next: str | None = None) -> Response:
    if _no_users(request):
        return redirect("/setup")
    token = _pre_session(request)
    page = render(request, "login.html.j2", {"form_token": token, "next": safe_next(next, "")})
    return _with_pre_session(request, page, token)


@router.post("/login", include_in_schema=False)
def login(
    request: Request,
    username: Annotated[str, Form(max_length=200)],
    password: Annotated[str, Form(max_length=1000)],
    csrf_token: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    token = _pre_session(request)

    def again(message: str, status: int) -> Response:
        page = render(
            request,
            "login.html.j2",
            {
                "form_token": token,
                "next": safe_next(next, ""),
                "error": message,
                "username": username,
            },
            status,
        )
        return _with_pre_session(request, page, token)

    if not _check_pre_session(request, csrf_token):
        return again("Your sign-in form had expired. Please try again.", 403)
    limiter = request.app.state.limiter
    keys = (f"user:{username.lower()}", f"client:{client_of(request)}")
    if limiter.blocked(*keys):
        audit(request, "login_blocked", actor=None, object_type="user", object_id=username)
        return again("Too many failed attempts. Wait 15 minutes, then try again.", 429)
    with engine_of(request).connect() as conn:
        stored = store.users.password_hash_of(conn, username)
        user = store.users.get_user(conn, username) if stored else None
    if not verify_password(stored, password) or user is None or user.disabled:
        limiter.fail(*keys)
        audit(request, "login_failed", actor=None, object_type="user", object_id=username)
        return again("That username and password do not match an active account.", 401)
    limiter.clear(f"user:{username.lower()}")
    audit(request, "login", actor=user.username, object_type="user", object_id=user.username)
    default = "/admin/users" if user.role == "admin" else "/encounters"
    return _sign_in(request, user.id, safe_next(next, default))


@router.post("/logout", include_in_schema=False)
def logout(request: Request, who: Annotated[Principal, Depends(require(*ANY_ROLE))]) -> Response:
    cookie = request.cookies.get(SESSION_COOKIE)
    with store.transaction(engine_of(request)) as conn:
        if cookie:
            store.users.end_session(conn, token_digest(cookie))
        store.audit.record(conn, "logout", actor=who.name, client=client_of(request))
    response = redirect("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/setup", include_in_schema=False)
def setup_page(request: Request) -> Response:
    if not _no_users(request):
        return render(request, "error.html.j2", {"status": 404, "message": "Not found."}, 404)
    token = _pre_session(request)
    return _with_pre_session(
        request, render(request, "setup.html.j2", {"form_token": token}), token
    )


@router.post("/setup", include_in_schema=False)
def setup(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1000)],
    confirm: Annotated[str, Form(max_length=1000)],
    display_name: Annotated[str, Form(max_length=200)] = "",
    csrf_token: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    token = _pre_session(request)
    if not _check_pre_session(request, csrf_token):
        return render(request, "error.html.j2", {"status": 403, "message": "Form expired."}, 403)
    try:
        if password != confirm:
            raise RapportError("the two passwords differ")
        check_password_policy(password, username)
        with store.transaction(engine_of(request)) as conn:
            # Checked inside the transaction: only the very first account can be made here.
            if store.users.count_users(conn) != 0:
                return render(
                    request, "error.html.j2", {"status": 404, "message": "Not found."}, 404
                )
            user = store.users.add_user(
                conn,
                username,
                password_hash=hash_password(password),
                role="admin",
                display_name=display_name or None,
                projects=(),
            )
            store.audit.record(
                conn,
                "user_add",
                actor=user.username,
                object_type="user",
                object_id=user.username,
                detail={"role": "admin", "via": "setup page"},
                client=client_of(request),
            )
    except RapportError as error:
        page = render(
            request,
            "setup.html.j2",
            {"form_token": token, "error": str(error), "username": username},
            400,
        )
        return _with_pre_session(request, page, token)
    return _sign_in(request, user.id, "/admin/users")


@router.get("/account", include_in_schema=False)
def account_page(
    request: Request, who: Annotated[Principal, Depends(require(*ANY_ROLE))]
) -> HTMLResponse:
    return render(request, "account.html.j2", {})


@router.post("/account/password", include_in_schema=False)
def change_password(
    request: Request,
    who: Annotated[Principal, Depends(require(*ANY_ROLE))],
    current: Annotated[str, Form(max_length=1000)],
    password: Annotated[str, Form(max_length=1000)],
    confirm: Annotated[str, Form(max_length=1000)],
) -> Response:
    try:
        with engine_of(request).connect() as conn:
            stored = store.users.password_hash_of(conn, who.name)
        if not verify_password(stored, current):
            raise RapportError("your current password is not right")
        if password != confirm:
            raise RapportError("the two new passwords differ")
        check_password_policy(password, who.name)
    except RapportError as error:
        return render(request, "account.html.j2", {"error": str(error)}, 400)
    with store.transaction(engine_of(request)) as conn:
        store.users.set_password(conn, who.name, hash_password(password))
        store.audit.record(
            conn,
            "password_change",
            actor=who.name,
            object_type="user",
            object_id=who.name,
            client=client_of(request),
        )
    return _sign_in(request, who.user.id, "/account?changed=1")
