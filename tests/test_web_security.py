"""The web app's security model: headers, escaping, CSRF, cookies, sign-in limits, setup,
open redirects, sessions, uploads, the vendored htmx and the append-only audit log."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from rapport import pipeline, store
from rapport.web import create_app
from rapport.web import testing as seed
from rapport.web.config import WebSettings
from rapport.web.security import safe_next

EVIL = '</script><script>alert(1)</script><img src=x onerror="alert(2)">'


@pytest.fixture
def engine(tmp_path: Path) -> Any:
    engine = store.open_workspace("sqlite:///:memory:")
    seed.add_people(engine)
    transcript = {
        "id": "evil-1",
        "patient": "p<b>9",
        "date": "2024-01-02",
        "setting": "clinic",
        "turns": [
            {"speaker": "Dr Quarrie", "role": "clinician", "text": EVIL},
            {"speaker": "Mum", "role": "parent", "text": "I'm scared </textarea>"},
        ],
    }
    path = tmp_path / "evil-1.json"
    path.write_text(json.dumps(transcript), encoding="utf-8")
    pipeline.import_paths(engine, [path])
    yield engine
    engine.dispose()


def app_for(engine: Engine, **settings: Any) -> Any:
    return create_app(WebSettings(model="cues", **settings), engine=engine)


def test_headers_on_every_page(engine: Engine) -> None:
    client = TestClient(app_for(engine))
    seed.sign_in(client, "rita")
    response = client.get("/encounters/evil-1")
    policy = response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in response.headers
    assert "<script>" not in re.sub(
        r'<script src="/static/[a-z.]+" defer></script>', "", response.text
    )
    assert 'style="' not in response.text  # no inline styles either


def test_hsts_and_secure_cookies_over_tls(engine: Engine) -> None:
    client = TestClient(app_for(engine), base_url="https://testserver")
    page = client.get("/login")
    assert page.headers["strict-transport-security"].startswith("max-age=")
    response = client.post(
        "/login",
        data={"username": "rita", "password": seed.PASSWORD, "csrf_token": seed.csrf_of(page.text)},
        follow_redirects=False,
    )
    cookie = response.headers["set-cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=strict" in cookie


def test_session_cookie_flags_over_http(engine: Engine) -> None:
    client = TestClient(app_for(engine))
    page = client.get("/login")
    response = client.post(
        "/login",
        data={"username": "rita", "password": seed.PASSWORD, "csrf_token": seed.csrf_of(page.text)},
        follow_redirects=False,
    )
    cookies = [v for k, v in response.headers.multi_items() if k == "set-cookie"]
    session = next(c for c in cookies if c.startswith("rapport_session="))
    assert "HttpOnly" in session and "SameSite=strict" in session and "Secure" not in session


def test_transcript_text_is_escaped(engine: Engine) -> None:
    client = TestClient(app_for(engine))
    seed.sign_in(client, "rita")
    for url in ("/encounters/evil-1", "/encounters/evil-1/review", "/encounters"):
        html = client.get(url).text
        assert "<script>alert(1)" not in html
        assert 'onerror="alert(2)"' not in html
        assert "<b>9" not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in client.get("/encounters/evil-1").text


def test_csrf_is_required(engine: Engine) -> None:
    client = TestClient(app_for(engine))
    csrf = seed.sign_in(client, "rita")
    form = {"action": "add", "code": "sharing"}
    assert client.post("/encounters/evil-1/turns/0", data=form).status_code == 403
    wrong = {**form, "csrf_token": "x" * 43}
    assert client.post("/encounters/evil-1/turns/0", data=wrong).status_code == 403
    ok = client.post("/encounters/evil-1/turns/0", data=form, headers={"x-csrf-token": csrf})
    assert ok.status_code == 200
    # the sign-in form has its own token, tied to a cookie
    fresh = TestClient(app_for(engine))
    forged = fresh.post(
        "/login",
        data={"username": "rita", "password": seed.PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert forged.status_code == 403


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/encounters?page=2", "/encounters?page=2"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/ok\r\nSet-Cookie: x", "/"),
        ("", "/"),
        (None, "/"),
    ],
)
def test_next_is_never_an_open_redirect(value: str | None, expected: str) -> None:
    assert safe_next(value) == expected


def test_login_redirects_only_within_the_site(engine: Engine) -> None:
    client = TestClient(app_for(engine))
    page = client.get("/login?next=//evil.example/x")
    assert "evil.example" not in page.text
    response = client.post(
        "/login",
        data={
            "username": "rita",
            "password": seed.PASSWORD,
            "csrf_token": seed.csrf_of(page.text),
            "next": "https://evil.example/",
        },
        follow_redirects=False,
    )
    assert response.headers["location"] == "/encounters"


def test_login_is_rate_limited_and_audited(engine: Engine) -> None:
    client = TestClient(app_for(engine))
    token = seed.csrf_of(client.get("/login").text)
    statuses = [
        client.post(
            "/login", data={"username": "rita", "password": "wrong password!!", "csrf_token": token}
        ).status_code
        for _ in range(6)
    ]
    assert statuses == [401] * 5 + [429]
    right = client.post(
        "/login",
        data={"username": "rita", "password": seed.PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    assert right.status_code == 429  # still blocked, even with the right password
    with engine.connect() as conn:
        actions = [e.action for e in store.audit.list_events(conn, limit=20)]
    assert actions.count("login_failed") == 5 and "login_blocked" in actions


def test_setup_works_only_while_no_user_exists() -> None:
    engine = store.open_workspace("sqlite:///:memory:")
    client = TestClient(app_for(engine))
    assert client.get("/", follow_redirects=False).headers["location"] == "/setup"
    page = client.get("/setup")
    weak = client.post(
        "/setup",
        data={
            "username": "ada",
            "password": "short",
            "confirm": "short",
            "csrf_token": seed.csrf_of(page.text),
        },
    )
    assert weak.status_code == 400 and "12 characters" in weak.text
    page = client.get("/setup")
    made = client.post(
        "/setup",
        data={
            "username": "ada",
            "password": seed.PASSWORD,
            "confirm": seed.PASSWORD,
            "csrf_token": seed.csrf_of(page.text),
        },
        follow_redirects=False,
    )
    assert made.status_code == 303 and made.headers["location"] == "/admin/users"
    other = TestClient(app_for(engine))
    assert other.get("/setup").status_code == 404
    with engine.connect() as conn:
        assert [(u.username, u.role) for u in store.users.list_users(conn)] == [("ada", "admin")]
        assert store.users.password_hash_of(conn, "ada").startswith("$argon2")  # type: ignore[union-attr]


def test_idle_sessions_end(engine: Engine) -> None:
    app = app_for(engine, idle_timeout=dt.timedelta(seconds=0))
    client = TestClient(app)
    page = client.get("/login")
    client.post(
        "/login",
        data={"username": "rita", "password": seed.PASSWORD, "csrf_token": seed.csrf_of(page.text)},
    )
    assert client.get("/encounters", follow_redirects=False).status_code == 303


def test_disabling_a_user_ends_their_session(engine: Engine) -> None:
    client = TestClient(app_for(engine))
    seed.sign_in(client, "rita")
    with store.transaction(engine) as conn:
        store.users.set_disabled(conn, "rita", True)
    assert client.get("/encounters", follow_redirects=False).status_code == 303
    page = client.get("/login")
    again = client.post(
        "/login",
        data={"username": "rita", "password": seed.PASSWORD, "csrf_token": seed.csrf_of(page.text)},
    )
    assert again.status_code == 401


def test_uploads_are_checked(engine: Engine) -> None:
    client = TestClient(app_for(engine, max_upload_bytes=2000))
    csrf = seed.sign_in(client, "rita")
    good = ("ok.txt", b"Dr Lee: Hello there.\nMum: Hi.\n", "text/plain")
    files = [
        ("files", good),
        ("files", ("tool.exe", b"MZ...", "application/octet-stream")),
        ("files", ("big.txt", b"Dr Lee: " + b"a" * 3000, "text/plain")),
        ("files", ("broken.json", b"{not json", "application/json")),
    ]
    response = client.post("/import", files=files, data={"csrf_token": csrf})
    assert response.status_code == 422
    assert "not a transcript type" in response.text
    assert "too large" in response.text
    assert "broken.json" in response.text
    assert "imported" in response.text
    with engine.connect() as conn:
        assert "ok" in store.select_encounter_ids(conn)


def test_audit_log_records_views_and_cannot_be_changed(engine: Engine) -> None:
    client = TestClient(app_for(engine))
    seed.sign_in(client, "rita")
    client.get("/encounters/evil-1")
    client.get("/api/encounters/evil-1")
    with engine.connect() as conn:
        views = [e for e in store.audit.list_events(conn, action="view_transcript")]
    assert [(e.actor, e.object_id) for e in views] == [("rita", "evil-1")] * 2
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))
    with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = 'someone else'"))
    admin = TestClient(app_for(engine))
    seed.sign_in(admin, "ada")
    exported = admin.get("/admin/audit.csv")
    assert exported.status_code == 200 and "view_transcript" in exported.text
    assert "attachment" in exported.headers["content-disposition"]
    assert "evil-1" in admin.get("/admin/audit").text


def test_vendored_htmx_matches_its_readme() -> None:
    static = Path(__file__).resolve().parents[1] / "src" / "rapport" / "web" / "static"
    digest = hashlib.sha256((static / "htmx.min.js").read_bytes()).hexdigest()
    assert digest in (static / "README.md").read_text(encoding="utf-8")


def test_review_adds_and_never_overwrites(engine: Engine) -> None:
    book = "kaye2021"
    coder = pipeline.build_coder(book, "cues")
    with store.transaction(engine) as conn:
        store.save_codebook(conn, coder.codebook_)
        store.add_codings(conn, [store_coding("evil-1", 0, "naming")], book)
    client = TestClient(app_for(engine))
    csrf = seed.sign_in(client, "rita")
    post = lambda **form: client.post(  # noqa: E731
        "/encounters/evil-1/turns/0",
        data={**form, "csrf_token": csrf},
        headers={"hx-request": "true"},
    )
    assert post(action="change", code="naming", replacement="understanding").status_code == 200
    assert post(action="reject", code="naming").status_code == 200
    row = post(action="add", code="supporting", memo="reassures", char_start="0", char_end="9")
    assert row.status_code == 200 and "reassures" in row.text
    with engine.connect() as conn:
        codings = store.get_codings(conn, encounter_id="evil-1")
        reviews = store.reviews.latest_reviews(conn, "evil-1")
    assert [(c.code, str(c.origin), c.coder) for c in codings] == [
        ("naming", "auto", "rapport"),
        ("understanding", "human", "rita"),
        ("supporting", "human", "rita"),
    ]
    assert codings[2].char_span == (0, 9)
    assert reviews[(0, "naming")].decision == "reject"
    assert post(action="add", code="not_a_code").status_code == 400


def store_coding(encounter_id: str, turn: int, code: str) -> Any:
    from rapport.model import Coding

    return Coding(encounter_id, turn, code, score=0.9, model_version="test-model")


def test_recording_plays_beside_the_transcript(engine: Engine, tmp_path: Path) -> None:
    recording = Path(__file__).resolve().parents[1] / "examples-audio" / "clinic-visit.ogg"
    transcript = {
        "id": "heard-1",
        "setting": "clinic",
        "metadata": {"audio": {"path": str(recording)}},
        "turns": [
            {"speaker": "Dr Quarrie", "role": "clinician", "text": "Good morning.",
             "start": 0.6, "end": 5.8},
            {"speaker": "Mum", "role": "parent", "text": "It has been a hard week.",
             "start": 6.6, "end": 11.6},
        ],
    }  # fmt: skip
    path = tmp_path / "heard-1.json"
    path.write_text(json.dumps(transcript), encoding="utf-8")
    pipeline.import_paths(engine, [path])
    client = TestClient(app_for(engine))
    seed.sign_in(client, "rita")
    page = client.get("/encounters/heard-1")
    assert '<audio id="player"' in page.text and 'data-start="6.6"' in page.text
    audio = client.get("/encounters/heard-1/audio")
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/ogg"
    assert audio.content == recording.read_bytes()
    assert client.get("/encounters/evil-1/audio").status_code == 404  # no recording
    with engine.connect() as conn:
        actions = set(store.audit.actions(conn))
    assert "play_audio" in actions
