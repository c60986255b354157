"""Accounts of the web app, as functions of a ``Connection``: users, the clinician names
they answer to, project membership, browser sessions and API tokens.

Passwords and tokens never reach this module in clear: callers pass argon2 hashes for
passwords and SHA-256 digests for session and API tokens (see ``rapport.web.passwords``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from rapport.errors import NotFoundError, StoreError
from rapport.store import schema as db
from rapport.store.rows import utc_now

ROLES = ("admin", "researcher", "coder", "clinician")
#: A workspace is one project for now; membership still decides who may see it.
DEFAULT_PROJECT = "default"


@dataclass(frozen=True, slots=True)
class User:
    id: int
    username: str
    display_name: str | None
    role: str
    disabled: bool
    created_at: dt.datetime
    password_changed_at: dt.datetime
    clinician_names: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.display_name or self.username


@dataclass(frozen=True, slots=True)
class Session:
    token_hash: str
    user_id: int
    csrf_token: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class ApiToken:
    id: int
    username: str
    name: str
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    revoked_at: dt.datetime | None


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StoreError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")


def _check_username(username: str) -> str:
    name = username.strip()
    if not name or len(name) > 64 or any(c.isspace() or not c.isprintable() for c in name):
        raise StoreError("a username is 1 to 64 characters, without spaces")
    return name


def count_users(conn: Connection) -> int:
    return int(conn.execute(select(func.count()).select_from(db.users)).scalar_one())


def add_user(
    conn: Connection,
    username: str,
    *,
    password_hash: str,
    role: str,
    display_name: str | None = None,
    clinician_names: Sequence[str] = (),
    projects: Sequence[str] = (DEFAULT_PROJECT,),
) -> User:
    """Create an account; raises ``StoreError`` if the username is taken."""
    name = _check_username(username)
    _check_role(role)
    if conn.execute(select(db.users.c.id).where(db.users.c.username == name)).first():
        raise StoreError(f"there is already a user '{name}'")
    now = utc_now()
    conn.execute(
        db.users.insert().values(
            username=name,
            display_name=display_name or None,
            role=role,
            password_hash=password_hash,
            disabled=False,
            created_at=now,
            password_changed_at=now,
        )
    )
    set_clinician_names(conn, name, clinician_names)
    set_projects(conn, name, projects)
    return get_user(conn, name)


def _users(conn: Connection, where: object | None = None) -> list[User]:
    query = select(db.users).order_by(db.users.c.username)
    if where is not None:
        query = query.where(where)  # type: ignore[arg-type]
    rows = conn.execute(query).all()
    ids = [row.id for row in rows]
    names: dict[int, list[str]] = {}
    projects: dict[int, list[str]] = {}
    if ids:
        for user_id, name in conn.execute(
            select(db.user_clinicians.c.user_id, db.user_clinicians.c.name)
            .where(db.user_clinicians.c.user_id.in_(ids))
            .order_by(db.user_clinicians.c.name)
        ):
            names.setdefault(user_id, []).append(name)
        for user_id, project in conn.execute(
            select(db.project_members.c.user_id, db.project_members.c.project)
            .where(db.project_members.c.user_id.in_(ids))
            .order_by(db.project_members.c.project)
        ):
            projects.setdefault(user_id, []).append(project)
    return [
        User(
            row.id,
            row.username,
            row.display_name,
            row.role,
            bool(row.disabled),
            row.created_at,
            row.password_changed_at,
            tuple(names.get(row.id, ())),
            tuple(projects.get(row.id, ())),
        )
        for row in rows
    ]


def list_users(conn: Connection) -> list[User]:
    """Every account, by username."""
    return _users(conn)


def get_user(conn: Connection, username: str) -> User:
    found = _users(conn, db.users.c.username == username)
    if not found:
        raise NotFoundError(f"no user '{username}'")
    return found[0]


def get_user_by_id(conn: Connection, user_id: int) -> User:
    found = _users(conn, db.users.c.id == user_id)
    if not found:
        raise NotFoundError(f"no user with id {user_id}")
    return found[0]


def password_hash_of(conn: Connection, username: str) -> str | None:
    """The stored hash, or None if there is no such user."""
    return conn.execute(
        select(db.users.c.password_hash).where(db.users.c.username == username)
    ).scalar_one_or_none()


def _user_id(conn: Connection, username: str) -> int:
    user_id = conn.execute(
        select(db.users.c.id).where(db.users.c.username == username)
    ).scalar_one_or_none()
    if user_id is None:
        raise NotFoundError(f"no user '{username}'")
    return int(user_id)


def set_password(conn: Connection, username: str, password_hash: str) -> None:
    """Replace a password hash and end every session of the user."""
    user_id = _user_id(conn, username)
    conn.execute(
        db.users.update()
        .where(db.users.c.id == user_id)
        .values(password_hash=password_hash, password_changed_at=utc_now())
    )
    end_sessions(conn, user_id)


def set_disabled(conn: Connection, username: str, disabled: bool) -> None:
    """Disable (or enable) an account; disabling ends its sessions and revokes its tokens."""
    user_id = _user_id(conn, username)
    conn.execute(db.users.update().where(db.users.c.id == user_id).values(disabled=disabled))
    if disabled:
        end_sessions(conn, user_id)
        conn.execute(
            db.api_tokens.update()
            .where(db.api_tokens.c.user_id == user_id, db.api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=utc_now())
        )


def set_role(conn: Connection, username: str, role: str) -> None:
    _check_role(role)
    user_id = _user_id(conn, username)
    conn.execute(db.users.update().where(db.users.c.id == user_id).values(role=role))
    end_sessions(conn, user_id)


def set_clinician_names(conn: Connection, username: str, names: Iterable[str]) -> None:
    """The transcript speaker names this user answers to as a clinician."""
    user_id = _user_id(conn, username)
    conn.execute(db.user_clinicians.delete().where(db.user_clinicians.c.user_id == user_id))
    clean = sorted({n.strip() for n in names if n.strip()})
    if clean:
        conn.execute(db.user_clinicians.insert(), [{"user_id": user_id, "name": n} for n in clean])


def set_projects(conn: Connection, username: str, projects: Iterable[str]) -> None:
    """The projects this user is a member of (replacing the previous list)."""
    user_id = _user_id(conn, username)
    conn.execute(db.project_members.delete().where(db.project_members.c.user_id == user_id))
    clean = sorted({p.strip() for p in projects if p.strip()})
    if clean:
        conn.execute(
            db.project_members.insert(), [{"project": p, "user_id": user_id} for p in clean]
        )


# --- sessions ---------------------------------------------------------------------------


def create_session(
    conn: Connection, user_id: int, *, token_hash: str, csrf_token: str, lifetime: dt.timedelta
) -> Session:
    now = utc_now()
    conn.execute(
        db.web_sessions.insert().values(
            token_hash=token_hash,
            user_id=user_id,
            csrf_token=csrf_token,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
        )
    )
    return Session(token_hash, user_id, csrf_token, now, now, now + lifetime)


def get_session(conn: Connection, token_hash: str) -> Session | None:
    row = conn.execute(
        select(db.web_sessions).where(db.web_sessions.c.token_hash == token_hash)
    ).first()
    if row is None:
        return None
    return Session(
        row.token_hash,
        row.user_id,
        row.csrf_token,
        row.created_at,
        row.last_seen_at,
        row.expires_at,
    )


def touch_session(conn: Connection, token_hash: str) -> None:
    conn.execute(
        db.web_sessions.update()
        .where(db.web_sessions.c.token_hash == token_hash)
        .values(last_seen_at=utc_now())
    )


def end_session(conn: Connection, token_hash: str) -> None:
    conn.execute(db.web_sessions.delete().where(db.web_sessions.c.token_hash == token_hash))


def end_sessions(conn: Connection, user_id: int) -> None:
    conn.execute(db.web_sessions.delete().where(db.web_sessions.c.user_id == user_id))


def purge_sessions(conn: Connection, *, idle_before: dt.datetime) -> int:
    """Delete sessions that expired or were idle since before ``idle_before``."""
    result = conn.execute(
        db.web_sessions.delete().where(
            (db.web_sessions.c.expires_at < utc_now())
            | (db.web_sessions.c.last_seen_at < idle_before)
        )
    )
    return int(result.rowcount or 0)


# --- API tokens -------------------------------------------------------------------------


def add_token(conn: Connection, username: str, name: str, token_hash: str) -> ApiToken:
    user_id = _user_id(conn, username)
    now = utc_now()
    token_id = conn.execute(
        db.api_tokens.insert().values(
            user_id=user_id, name=name, token_hash=token_hash, created_at=now
        )
    ).inserted_primary_key[0]  # type: ignore[index]
    return ApiToken(int(token_id), username, name, now, None, None)


def user_for_token(conn: Connection, token_hash: str) -> User | None:
    """The enabled user holding this unrevoked token (and note that it was used)."""
    row = conn.execute(
        select(db.api_tokens.c.id, db.api_tokens.c.user_id).where(
            db.api_tokens.c.token_hash == token_hash, db.api_tokens.c.revoked_at.is_(None)
        )
    ).first()
    if row is None:
        return None
    user = get_user_by_id(conn, row.user_id)
    if user.disabled:
        return None
    conn.execute(
        db.api_tokens.update().where(db.api_tokens.c.id == row.id).values(last_used_at=utc_now())
    )
    return user


def list_tokens(conn: Connection, username: str | None = None) -> list[ApiToken]:
    query = select(db.api_tokens, db.users.c.username).join(
        db.users, db.users.c.id == db.api_tokens.c.user_id
    )
    if username is not None:
        query = query.where(db.users.c.username == username)
    return [
        ApiToken(row.id, row.username, row.name, row.created_at, row.last_used_at, row.revoked_at)
        for row in conn.execute(query.order_by(db.api_tokens.c.id))
    ]


def revoke_token(conn: Connection, token_id: int) -> None:
    conn.execute(
        db.api_tokens.update()
        .where(db.api_tokens.c.id == token_id, db.api_tokens.c.revoked_at.is_(None))
        .values(revoked_at=utc_now())
    )
