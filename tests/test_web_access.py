"""Every route against every role (and anonymous): who gets in, who gets 403, and the
per-encounter rules (coders see their assignments, clinicians their own encounters)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from rapport import store
from rapport.web import create_app
from rapport.web import testing as seed
from rapport.web.config import WebSettings

OWN = "p01-2024-03-04"  # Dr Quarrie's; assigned to coder cole
OTHER = "p05-2024-08-19"  # Dr Marchbanks's; assigned to nobody
SUBMITTED = "p02-2024-04-22"  # assigned to cole; the matrix submits it
ROLES = ("anonymous", "ada", "rita", "ned", "cole", "quarrie")
#  ada: admin · rita: researcher · ned: researcher outside the project · cole: coder ·
#  quarrie: clinician ("Dr Quarrie")


def routes(app: Any) -> Iterator[tuple[str, str]]:
    def walk(items: Any) -> Iterator[Any]:
        for route in items:
            if hasattr(route, "original_router"):
                yield from walk(route.original_router.routes)
            else:
                yield route

    for route in walk(app.routes):
        for method in sorted(getattr(route, "methods", None) or ()):
            if method != "HEAD":
                yield method, route.path


@pytest.fixture(scope="module")
def engine() -> Iterator[Engine]:
    engine = store.open_workspace("sqlite:///:memory:")
    seed.add_people(engine)
    seed.import_examples(engine)
    seed.assign(engine, "cole", [OWN, SUBMITTED], see_auto=True)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def clients(engine: Engine) -> dict[str, tuple[TestClient, str]]:
    app = create_app(WebSettings(model="cues", reliability_boot=20), engine=engine)
    found = {}
    for role in ROLES:
        client = TestClient(app, base_url="http://testserver")
        csrf = "" if role == "anonymous" else seed.sign_in(client, role)
        found[role] = (client, csrf)
    return found


P, R, C, K, A = "page", "researcher", "coder", "clinician", "admin"
# Route -> the roles let in (everyone else signed in gets 403; anonymous is sent to sign in,
# or gets 401 from the API). "public" routes answer everyone.
ALLOWED: dict[tuple[str, str], tuple[str, ...]] = {
    ("GET", "/"): ("public",),
    ("GET", "/login"): ("public",),
    ("POST", "/login"): ("public",),
    ("GET", "/setup"): ("public",),
    ("POST", "/setup"): ("public",),
    ("POST", "/logout"): (A, R, C, K),
    ("GET", "/account"): (A, R, C, K),
    ("POST", "/account/password"): (A, R, C, K),
    ("GET", "/encounters"): (R, C, K),
    ("GET", "/encounters/{encounter_id}"): (R, C, K),
    ("GET", "/encounters/{encounter_id}/audio"): (R, C, K),
    ("GET", "/encounters/{encounter_id}/review"): (R, C),
    ("POST", "/encounters/{encounter_id}/turns/{turn_index}"): (R, C),
    ("POST", "/encounters/{encounter_id}/submit"): (C,),
    ("POST", "/assignments"): (R,),
    ("GET", "/import"): (R,),
    ("POST", "/import"): (R,),
    ("GET", "/reliability"): (R,),
    ("POST", "/reliability/adjudicate"): (R,),
    ("GET", "/codebook"): (A, R, C, K),
    ("GET", "/surveys"): (R,),
    ("GET", "/surveys/report"): (R,),
    ("GET", "/reports"): (R, K),
    ("GET", "/reports/encounter"): (R, K),
    ("GET", "/reports/encounter/{encounter_id}"): (R, K),
    ("GET", "/reports/clinician"): (R, K),
    ("GET", "/reports/cohort"): (R,),
    ("GET", "/admin/users"): (A,),
    ("POST", "/admin/users"): (A,),
    ("POST", "/admin/users/{username}"): (A,),
    ("GET", "/admin/audit"): (A,),
    ("GET", "/admin/audit.csv"): (A,),
    ("GET", "/api/openapi.json"): (A, R, C, K),
    ("GET", "/api/encounters"): (R, C, K),
    ("GET", "/api/encounters/{encounter_id}"): (R, C, K),
    ("GET", "/api/encounters/{encounter_id}/codings"): (R, C, K),
    ("POST", "/api/encounters/{encounter_id}/codings"): (R, C),
    ("GET", "/api/reports/encounter/{encounter_id}"): (R, K),
    ("GET", "/api/reports/clinician"): (R, K),
    ("GET", "/api/reports/cohort"): (R,),
    ("GET", "/theme.css"): ("public",),
}
ROLE_OF = {"ada": A, "rita": R, "ned": R, "cole": C, "quarrie": K}
# Query strings that make an allowed request complete (reports are made for real).
QUERY = {
    "/reports/encounter": f"?id={OWN}",
    "/reports/clinician": "?name=Dr%20Quarrie",
    "/api/reports/clinician": "?name=Dr%20Quarrie",
}


def test_every_route_is_in_the_matrix(clients: dict[str, Any]) -> None:
    app = clients["rita"][0].app
    found = set(routes(app))
    assert found == set(ALLOWED), (
        f"routes missing from the matrix: {sorted(found - set(ALLOWED))}; "
        f"in the matrix but gone: {sorted(set(ALLOWED) - found)}"
    )


def _url(path: str) -> str:
    encounter = SUBMITTED if path.endswith("/submit") else OWN
    url = path.replace("{encounter_id}", encounter).replace("{turn_index}", "1")
    url = url.replace("{username}", "nobody-at-all")
    return url + QUERY.get(path, "")


def _call(client: TestClient, csrf: str, method: str, path: str) -> Any:
    url = _url(path)
    if method == "GET":
        return client.get(url, follow_redirects=False)
    # An empty form: whoever is let in gets 422 (or 400) for the missing fields, which
    # shows that authorisation ran first and nothing changed.
    headers = {"x-csrf-token": csrf} if csrf else {}
    if path.startswith("/api/"):
        return client.post(url, json={}, headers=headers, follow_redirects=False)
    return client.post(url, data={}, headers=headers, follow_redirects=False)


CASES = [(m, p, role) for (m, p) in ALLOWED for role in ROLES if p != "/logout"]


@pytest.mark.parametrize(
    ("method", "path", "role"), CASES, ids=[f"{m} {p} {r}" for m, p, r in CASES]
)
def test_route_by_role(clients: dict[str, Any], method: str, path: str, role: str) -> None:
    client, csrf = clients[role]
    response = _call(client, csrf, method, path)
    allowed = ALLOWED[(method, path)]
    status = response.status_code
    if "public" in allowed:
        assert status < 500
        return
    if role == "anonymous":
        if path.startswith("/api/"):
            assert status == 401
        else:
            assert status == 303
            assert response.headers["location"].startswith("/login?next=")
        return
    member = role != "ned" or ROLE_OF[role] == A
    if ROLE_OF[role] in allowed and member:
        # 404 only for the recording of an encounter that has none, after authorisation
        expected = (200, 303, 400, 422) + ((404,) if path.endswith("/audio") else ())
        assert status in expected, (status, response.text[:300])
        assert status != 403
    else:
        assert status == 403, (status, response.text[:300])


SCOPED = [
    ("GET", "/encounters/{id}"),
    ("GET", "/encounters/{id}/review"),
    ("GET", "/api/encounters/{id}"),
    ("GET", "/api/encounters/{id}/codings"),
    ("GET", "/reports/encounter/{id}"),
]


@pytest.mark.parametrize(("method", "path"), SCOPED)
def test_encounter_scope(clients: dict[str, Any], method: str, path: str) -> None:
    """Coders reach only their assignments, clinicians only their own encounters."""
    expect = {
        "rita": (200, 200),
        "cole": (200, 403) if "reports" not in path else (403, 403),
        "quarrie": (200, 403) if "review" not in path else (403, 403),
    }
    for role, (own, other) in expect.items():
        client, _ = clients[role]
        got = tuple(
            client.get(path.replace("{id}", e), follow_redirects=False).status_code
            for e in (OWN, OTHER)
        )
        assert got == (own, other), (role, path, got)


def test_lists_show_only_what_each_role_may_see(clients: dict[str, Any]) -> None:
    def ids(role: str) -> set[str]:
        client, _ = clients[role]
        return {item["id"] for item in client.get("/api/encounters?per_page=500").json()["items"]}

    assert len(ids("rita")) == 8
    assert ids("cole") == {OWN, SUBMITTED}
    assert ids("quarrie") == {
        "p01-2024-03-04",
        "p01-2024-06-10",
        "p01-2024-09-16",
        "p01-2024-12-09",
    }


def test_clinician_gets_only_their_own_feedback(clients: dict[str, Any]) -> None:
    client, _ = clients["quarrie"]
    assert client.get("/reports/clinician?name=Dr%20Quarrie").status_code == 200
    assert client.get("/reports/clinician?name=Dr%20Ferrow").status_code == 403
    assert client.get("/reports/cohort").status_code == 403


def test_api_token_carries_the_role(engine: Engine, clients: dict[str, Any]) -> None:
    from rapport.web.passwords import TOKEN_PREFIX, new_token, token_digest

    token = new_token(TOKEN_PREFIX)
    with store.transaction(engine) as conn:
        store.users.add_token(conn, "quarrie", "test", token_digest(token))
    client = TestClient(clients["rita"][0].app)
    auth = {"authorization": f"Bearer {token}"}
    assert client.get(f"/api/encounters/{OWN}", headers=auth).status_code == 200
    assert client.get(f"/api/encounters/{OTHER}", headers=auth).status_code == 403
    assert (
        client.get("/api/encounters", headers={"authorization": "Bearer rpt_wrong"}).status_code
        == 401
    )
    with store.transaction(engine) as conn:
        stored = [t for t in store.users.list_tokens(conn, "quarrie")]
    assert stored and all(token not in str(t) for t in stored)
