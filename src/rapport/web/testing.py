"""Helpers for tests and benchmarks of the web app: a seeded workspace and signed-in clients.

Not used by the app itself. Passwords here are for throwaway test workspaces only.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from rapport import pipeline, store
from rapport.store.users import DEFAULT_PROJECT

PASSWORD = "test-password-for-rapport"
EXAMPLES = Path(__file__).resolve().parents[3] / "examples"

#: username -> (role, clinician names, project member)
PEOPLE: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "ada": ("admin", (), False),
    "rita": ("researcher", (), True),
    "ned": ("researcher", (), False),  # not a member of the project
    "cole": ("coder", (), True),
    "cara": ("coder", (), True),
    "quarrie": ("clinician", ("Dr Quarrie",), True),
}


def add_people(
    engine: Engine,
    people: dict[str, tuple[str, tuple[str, ...], bool]] = PEOPLE,
    password: str = PASSWORD,
) -> None:
    from rapport.web.passwords import hash_password

    hashed = hash_password(password)
    with store.transaction(engine) as conn:
        for username, (role, names, member) in people.items():
            store.users.add_user(
                conn,
                username,
                password_hash=hashed,
                role=role,
                clinician_names=names,
                projects=(DEFAULT_PROJECT,) if member else (),
            )


def import_examples(engine: Engine, *, code: bool = True, model: str | None = "cues") -> list[str]:
    outcomes = pipeline.import_paths(engine, [EXAMPLES])
    ids = [i for o in outcomes for i in o.encounter_ids]
    if code:
        from rapport.coding import code_encounters

        coder = pipeline.build_coder("kaye2021", model)
        with engine.connect() as conn:
            encounters = store.load_encounters(conn, ids)
        pipeline.store_auto_codings(engine, code_encounters(encounters, coder), coder)
    return ids


_CSRF = re.compile(r'name="csrf-token" content="([^"]+)"')
_FORM_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _CSRF.search(html) or _FORM_TOKEN.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(client: Any, username: str, password: str = PASSWORD) -> str:
    """Sign ``client`` (a TestClient or httpx.Client) in; returns the session's CSRF token."""
    page = client.get("/login")
    token = csrf_of(page.text)
    response = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": token},
        follow_redirects=False,
    )
    assert response.status_code == 303, (response.status_code, response.text[:300])
    home = client.get("/account")
    return csrf_of(home.text)


def assign(engine: Engine, coder: str, ids: Sequence[str], see_auto: bool = False) -> None:
    pipeline.assign_encounters(engine, coder, ids, see_auto=see_auto)
