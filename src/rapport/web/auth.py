"""Who is asking, and may they: sessions, API tokens, CSRF and role checks.

Roles (see docs/web.md):

- ``admin`` manages accounts and reads the audit log; sees no transcripts.
- ``researcher`` does everything in the projects they belong to.
- ``coder`` codes the encounters assigned to them, blind to others until they submit.
- ``clinician`` sees the encounters they spoke in (by the names on their account) and
  their own feedback reports.

Every role but admin must belong to the workspace's project (``users.DEFAULT_PROJECT``).
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from sqlalchemy import Engine

from rapport import store
from rapport.store.rows import utc_now
from rapport.store.users import DEFAULT_PROJECT, User
from rapport.web.config import WebSettings
from rapport.web.passwords import TOKEN_PREFIX, token_digest

SESSION_COOKIE = "rapport_session"
PRE_SESSION_COOKIE = "rapport_presession"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
_TOUCH_EVERY = dt.timedelta(seconds=60)
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class NotSignedIn(Exception):
    """No valid session or token: pages redirect to the sign-in page, the API says 401."""


class Forbidden(Exception):
    """Signed in, but this role (or this user) may not do that: 403."""

    def __init__(self, reason: str = "You do not have access to this page.") -> None:
        super().__init__(reason)
        self.reason = reason


class CsrfFailed(Exception):
    """A state-changing request without the right CSRF token: 403."""


@dataclass(frozen=True, slots=True)
class Principal:
    user: User
    csrf_token: str | None
    via_token: bool = False

    @property
    def name(self) -> str:
        return self.user.username

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def member(self) -> bool:
        return DEFAULT_PROJECT in self.user.projects


def engine_of(request: Request) -> Engine:
    return request.app.state.engine


def settings_of(request: Request) -> WebSettings:
    return request.app.state.settings


def client_of(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def is_https(request: Request) -> bool:
    return settings_of(request).force_https or request.url.scheme == "https"


def _from_token(request: Request, token: str) -> Principal | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    with store.transaction(engine_of(request)) as conn:
        user = store.users.user_for_token(conn, token_digest(token))
    return Principal(user, None, via_token=True) if user else None


def _from_session(request: Request, token: str) -> Principal | None:
    settings = settings_of(request)
    digest = token_digest(token)
    engine = engine_of(request)
    with engine.connect() as conn:
        session = store.users.get_session(conn, digest)
        user = store.users.get_user_by_id(conn, session.user_id) if session else None
    if session is None or user is None:
        return None
    now = utc_now()
    if (
        user.disabled
        or session.expires_at < now
        or now - session.last_seen_at > settings.idle_timeout
    ):
        with store.transaction(engine) as conn:
            store.users.end_session(conn, digest)
        return None
    if now - session.last_seen_at > _TOUCH_EVERY:
        with store.transaction(engine) as conn:
            store.users.touch_session(conn, digest)
    return Principal(user, session.csrf_token)


def principal(request: Request) -> Principal | None:
    """The signed-in user of this request, or None; looked up once per request."""
    if hasattr(request.state, "principal"):
        return request.state.principal
    found: Principal | None = None
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        found = _from_token(request, header[7:].strip())
    else:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            found = _from_session(request, cookie)
    request.state.principal = found
    return found


async def check_csrf(request: Request) -> None:
    """Refuse a state-changing request signed in by cookie without its CSRF token.

    The token comes in the form field ``csrf_token`` or the ``X-CSRF-Token`` header
    (htmx sends the header, see static/app.js). Scripts using an API token need none:
    a browser never sends that header on its own.
    """
    if request.method not in UNSAFE_METHODS:
        return
    who = principal(request)
    if who is None or who.via_token:
        return
    sent = request.headers.get(CSRF_HEADER)
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or who.csrf_token is None or not secrets.compare_digest(sent, who.csrf_token):
        raise CsrfFailed()


def require(*roles: str) -> Any:
    """A dependency: the request's principal, who must hold one of ``roles``."""

    async def dependency(request: Request) -> Principal:
        who = principal(request)
        if who is None:
            raise NotSignedIn()
        await check_csrf(request)
        if who.role not in roles:
            raise Forbidden()
        if who.role != "admin" and not who.member:
            raise Forbidden("Your account is not a member of this project; ask an administrator.")
        return who

    return dependency


ANY_ROLE = ("admin", "researcher", "coder", "clinician")
PROJECT_ROLES = ("researcher", "coder", "clinician")
