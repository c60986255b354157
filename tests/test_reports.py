"""The three reports, rendered in headless Chromium and as PDF, checked for their structure.

The encounters are the bundled examples; their codings are the writers' intended codes
(``tests/data/examples_intended_codes.csv``) entered as a human coder's, so the reports
are built without the learned coder and every number is fixed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, sync_playwright
from pypdf import PdfReader

from rapport.analysis import Corpus
from rapport.codebooks import load_codebook
from rapport.ingest import find_sources, read_encounters
from rapport.model import Coding, Encounter, Origin
from rapport.report import (
    clinician_context,
    cohort_context,
    encounter_context,
    pdf_bytes,
    render_html,
)
from rapport.report.tables import xlsx_bytes

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = load_codebook("kaye2021")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _examples() -> list[Encounter]:
    encounters = []
    for group in find_sources([ROOT / "examples"]):
        encounters.extend(read_encounters(group if len(group) > 1 else group[0]))
    return sorted(encounters, key=lambda e: e.id)


def _intended_codings() -> list[Coding]:
    with (ROOT / "tests" / "data" / "examples_intended_codes.csv").open(encoding="utf-8") as f:
        return [
            Coding(row["encounter"], int(row["turn"]), row["code"], Origin.HUMAN, coder="writers")
            for row in csv.DictReader(f)
        ]


ENCOUNTERS = _examples()
CODINGS = _intended_codings()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM, "the report tests need Chromium: `make test` installs it (apt chromium)"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        launched.close()


def _open(browser: Browser, html: str, tmp_path: Path) -> Page:
    """Open the page from a file, as a user would, with every network request refused."""
    path = tmp_path / "report.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(path.as_uri())
    assert all(url.startswith(("file:", "data:")) for url in requests), requests
    return page


def _wheel_structure(page: Page, selector: str) -> tuple[int, int]:
    return (
        page.locator(f"{selector} g.theme-sector").count(),
        page.locator(f"{selector} path.code-segment").count(),
    )


def _quotes(page: Page) -> list[str]:
    return [q.strip() for q in page.locator("q.quote").all_inner_texts()]


def _said(encounters: list[Encounter]) -> str:
    return "\n".join(" ".join(turn.text.split()) for e in encounters for turn in e.turns)


def _in_transcript(quote: str, said: str) -> bool:
    return quote.removesuffix(" …") in said


def test_encounter_report_structure(browser: Browser, tmp_path: Path) -> None:
    corpus = Corpus(ENCOUNTERS, CODINGS, CODEBOOK)
    encounter = next(e for e in ENCOUNTERS if e.id == "p01-2024-12-09")
    page = _open(browser, render_html(encounter_context(corpus, encounter.id)), tmp_path)
    assert page.title() == "Encounter p01-2024-12-09"
    assert _wheel_structure(page, "svg.rapport-wheel") == (7, 28)
    assert page.locator("svg.rapport-timeline").count() == 1
    transcript_rows = page.locator("table.transcript tr.turn")
    assert transcript_rows.count() == len(encounter.turns)
    intended = [c for c in CODINGS if c.encounter_id == encounter.id]
    assert page.locator("table.transcript .chip").count() == len(intended)
    assert page.locator("svg.rapport-timeline circle.timeline-event").count() == len(intended)
    # a sad turn met with naming and a pause (turn 24), and one that went unanswered (40)
    assert page.locator("div.moment.met").count() == 1
    assert page.locator("div.moment.missed").count() == 1
    assert page.locator("table.transcript tr.missed").get_attribute("data-turn") == "40"
    assert page.locator("svg.rapport-timeline path.timeline-missed").count() == 1
    quotes = _quotes(page)
    assert quotes and all(_in_transcript(q, _said([encounter])) for q in quotes)
    assert page.locator("a[download$='.csv']").count() == 1
    assert "Confidential" in page.locator("p.notice").inner_text()


def test_clinician_report_is_supportive_and_quotes_their_own_words(
    browser: Browser, tmp_path: Path
) -> None:
    context = clinician_context(
        ENCOUNTERS, CODINGS, CODEBOOK, "Dr Quarrie", since=dt.date(2024, 9, 1)
    )
    page = _open(browser, render_html(context), tmp_path)
    assert _wheel_structure(page, "svg.rapport-wheel") == (7, 28)
    strengths = page.locator("div.strength")
    assert strengths.count() == 3
    theirs = [e for e in ENCOUNTERS if any(t.speaker == "Dr Quarrie" for t in e.turns)]
    own_words = "\n".join(
        " ".join(t.text.split()) for e in theirs for t in e.turns if t.speaker == "Dr Quarrie"
    )
    for quote in strengths.locator("q.quote").all_inner_texts():
        assert _in_transcript(quote.strip(), own_words)
    assert all(_in_transcript(q, _said(ENCOUNTERS)) for q in _quotes(page))
    text = page.locator("main").inner_text()
    assert "Nothing here is a score" in text
    assert re.search(r"\b(grade|poor|bad clinician|fail)", text, re.IGNORECASE) is None
    assert "Data basis" in text and "2 encounters" in text
    # the previous period (the same length before 1 Sept 2024) holds the two earlier visits
    assert page.locator("table[data-table='change'] tbody tr").count() == 7
    assert page.locator("table[data-table='team']").count() == 0  # off by default


def test_clinician_report_can_add_the_team_median(browser: Browser, tmp_path: Path) -> None:
    context = clinician_context(ENCOUNTERS, CODINGS, CODEBOOK, "Dr Ferrow", compare_team=True)
    page = _open(browser, render_html(context), tmp_path)
    assert page.locator("table[data-table='team'] tbody tr").count() == 7


def test_cohort_report_structure(browser: Browser, tmp_path: Path) -> None:
    corpus = Corpus(ENCOUNTERS, CODINGS, CODEBOOK)
    links = {e.id: f"report-encounters/{e.id}.html" for e in ENCOUNTERS}
    page = _open(browser, render_html(cohort_context(corpus, encounter_links=links)), tmp_path)
    assert _wheel_structure(page, "svg.rapport-wheel") == (7, 28)
    paper = page.locator("table[data-table='codes']")
    assert paper.locator("tr.theme-row").count() == 7
    assert paper.locator("tbody tr:not(.theme-row)").count() == 28
    headings = paper.locator("thead th").all_inner_texts()
    assert {"BAD NEWS", "GOOD NEWS", "STABLE"} <= {h.strip().upper() for h in headings}
    bars = page.locator("svg.rapport-bars rect.bar")
    assert bars.count() == 3 * 7  # three subtypes by seven themes
    assert page.locator("svg.rapport-trends").count() == 1  # p01 has four visits
    methods = page.locator("#methods").inner_text()
    assert "8 conversations" in methods and "5 patients" in methods
    assert "range, 1-4" in methods
    assert page.locator("table[data-table='encounters'] a").count() == 8
    total = sum(
        int(cell.replace(",", ""))
        for cell in paper.locator("tbody tr:not(.theme-row) td:nth-child(2)").all_inner_texts()
    )
    assert total == len(CODINGS)


def test_table_downloads_hold_the_same_numbers(browser: Browser, tmp_path: Path) -> None:
    corpus = Corpus(ENCOUNTERS, CODINGS, CODEBOOK)
    context = cohort_context(corpus)
    paper = context["paper"]
    rows = list(csv.DictReader(io.StringIO(paper.frame.to_csv(index=False))))
    assert len(rows) == 28
    assert sum(int(row["codings"]) for row in rows) == len(CODINGS)
    workbook = openpyxl.load_workbook(io.BytesIO(xlsx_bytes({paper.title: paper.frame})))
    sheet = workbook.active
    assert sheet is not None and sheet.max_row == 29
    page = _open(browser, render_html(context), tmp_path)
    links = page.locator("a[download]")
    assert links.count() == 2 * len(context["tables"])
    href = page.locator("a[download='codes.csv']").get_attribute("href") or ""
    assert href.startswith("data:text/csv;charset=utf-8;base64,")


def test_reports_render_as_pdf() -> None:
    corpus = Corpus(ENCOUNTERS, CODINGS, CODEBOOK)
    pdf = pdf_bytes(render_html(cohort_context(corpus)))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Therapeutic alliance: cohort report" in text
    assert "Codes by theme" in text
    assert "page 1 of" in text
