"""End to end in Chromium: the server runs in a thread on a free loopback port.

Set RAPPORT_SCREENSHOTS=folder to keep a screenshot of every page visited.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api
import pytest
import uvicorn

from rapport import store
from rapport.web import create_app
from rapport.web import testing as seed
from rapport.web.config import WebSettings

CHROMIUM = shutil.which("chromium")
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TRANSCRIPTS = sorted(
    p
    for p in EXAMPLES.iterdir()
    if p.suffix.lower() in {".vtt", ".srt", ".txt", ".textgrid", ".docx", ".json", ".csv", ".yaml"}
)
SHOTS = os.environ.get("RAPPORT_SCREENSHOTS")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    db = tmp_path_factory.mktemp("web") / "rapport.db"
    engine = store.open_workspace(db)
    app = create_app(WebSettings(db=str(db), model="cues", reliability_boot=20), engine=engine)
    port = free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    uvicorn_server = uvicorn.Server(config)
    thread = threading.Thread(target=uvicorn_server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not uvicorn_server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", engine
    uvicorn_server.should_exit = True
    thread.join(5)
    engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert CHROMIUM, "the end-to-end tests need Chromium: `make test` installs it (apt chromium)"
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


def shot(page: Any, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def sign_in(browser: Any, base: str, username: str, password: str = seed.PASSWORD) -> Any:
    page = browser.new_page(base_url=base, viewport={"width": 1360, "height": 900})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.csp_errors = errors
    page.goto("/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button.primary")
    page.wait_for_load_state()
    return page


def test_the_whole_flow(server: tuple[str, Any], browser: Any) -> None:
    base, engine = server
    # 1. First run: the setup page creates the admin, who creates a coder.
    page = browser.new_page(base_url=base, viewport={"width": 1360, "height": 900})
    page.goto("/")
    assert page.url.endswith("/setup")
    shot(page, "01-setup")
    page.fill("input[name=username]", "ada")
    page.fill("input[name=password]", seed.PASSWORD)
    page.fill("input[name=confirm]", seed.PASSWORD)
    page.click("button.primary")
    page.wait_for_url("**/admin/users")
    page.fill("#add-user input[name=username]", "cole")
    page.select_option("#add-user select[name=role]", "coder")
    page.fill("#add-user input[name=password]", seed.PASSWORD)
    page.click("#add-user button.primary")
    page.wait_for_url("**/admin/users")
    assert "cole" in page.inner_text("table.users")
    shot(page, "02-admin-users")
    others = {k: v for k, v in seed.PEOPLE.items() if k in {"rita", "cara", "quarrie"}}
    seed.add_people(engine, others)
    page.goto("/admin/audit")
    assert "user_add" in page.inner_text("table")
    shot(page, "03-audit")
    page.close()

    # 2. A researcher imports the examples and corrects an automatic code.
    page = sign_in(browser, base, "rita")
    page.goto("/import")
    page.set_input_files("input[type=file]", [str(p) for p in TRANSCRIPTS])
    page.click("button.primary")
    page.wait_for_selector("tr.outcome")
    assert page.locator("tr.outcome.imported").count() == 8
    shot(page, "04-import")
    page.goto("/encounters")
    assert "8 encounters" in page.inner_text("main")
    shot(page, "05-encounters")
    page.goto("/encounters/p01-2024-09-16")
    assert page.locator("svg").count() >= 2  # wheel and timeline
    shot(page, "06-encounter")
    page.goto("/encounters/p01-2024-09-16/review")
    row = page.locator("tr.review-row:has(.auto.pending)").first
    turn = row.get_attribute("data-turn")
    wrong = row.locator(".auto.pending .chip").first.inner_text().split("\n")[0]
    row.locator("button[data-action=reject]").first.click()
    fresh = page.locator(f"#turn-{turn}")
    fresh.locator(".auto.rejected").first.wait_for()
    fresh.locator("form.add input[name=code]").fill("understanding")
    fresh.locator("form.add button").click()
    page.locator(f"#turn-{turn} .mine").first.wait_for()
    shot(page, "07-review")
    with engine.connect() as conn:
        mine = store.get_codings(conn, encounter_id="p01-2024-09-16", coder="rita")
        reviews = store.reviews.latest_reviews(conn, "p01-2024-09-16", reviewer="rita")
    assert [(c.turn_index, c.code) for c in mine] == [(int(turn or 0), "understanding")]
    rejected = [r for r in reviews.values() if r.decision == "reject"]
    assert [r.turn_index for r in rejected] == [int(turn or 0)]
    assert wrong.startswith(rejected[0].code.replace("_", " "))
    # assign two coders to the same encounter, blind
    page.goto("/reliability")
    assert "no encounter has been coded by two raters" in page.inner_text("main")
    for coder in ("cole", "cara"):
        page.select_option("select[name=coder]", coder)
        page.select_option("select[name=encounter_ids]", ["p02-2024-04-22"])
        page.click("form[action='/assignments'] button.primary")
        page.wait_for_url("**/reliability")
    shot(page, "08-reliability-before")

    # 3. Two coders code blind; the reliability page updates.
    for coder, code in (("cole", "sharing"), ("cara", "supporting")):
        coder_page = sign_in(browser, base, coder)
        assert "p02-2024-04-22" in coder_page.inner_text("table")
        coder_page.goto("/encounters/p02-2024-04-22/review")
        assert coder_page.locator(".auto").count() == 0  # no suggestions, no other coder
        assert coder_page.locator(".other").count() == 0
        for index in ("0", "2"):
            target = coder_page.locator(f"#turn-{index}")
            target.locator("form.add input[name=code]").fill(
                code if index == "0" else "friendly_conversation"
            )
            target.locator("form.add button").click()
            coder_page.locator(f"#turn-{index} .mine").first.wait_for()
        shot(coder_page, f"09-blind-{coder}")
        coder_page.on("dialog", lambda dialog: dialog.accept())
        coder_page.click("text=Submit my coding")
        coder_page.wait_for_url("**/encounters/p02-2024-04-22")
        coder_page.close()
    page.goto("/reliability")
    assert page.locator("#agreement").count() == 1
    assert "Disagreements to decide (1)" in page.inner_text("main")
    shot(page, "10-reliability-after")
    page.check("article.disagreement input[value=supporting]")
    page.fill("article.disagreement input[name=reason]", "reassurance, not disclosure")
    page.click("article.disagreement button")
    page.wait_for_url("**/reliability#queue")
    assert "Disagreements to decide (0)" in page.inner_text("main")
    page.goto("/reports")
    shot(page, "11-reports")
    page.goto("/codebook")
    shot(page, "12-codebook")
    page.goto("/surveys")
    shot(page, "13-surveys")
    assert page.csp_errors == [], page.csp_errors
    page.close()

    # 4. A clinician sees only their own encounters and feedback.
    page = sign_in(browser, base, "quarrie")
    page.goto("/encounters")
    listed = page.locator("table.list tbody tr").count()
    assert listed == 4
    shot(page, "14-clinician-encounters")
    page.goto("/reports")
    page.click("text=feedback report")
    page.wait_for_load_state()
    assert "Dr Quarrie" in page.content()
    shot(page, "15-clinician-report")
    for url in (
        "/encounters/p05-2024-08-19",
        "/reports/clinician?name=Dr%20Ferrow",
        "/reports/cohort",
        "/reliability",
        "/import",
    ):
        response = page.goto(url)
        assert response is not None and response.status == 403, url
    shot(page, "16-forbidden")
    page.close()
