"""Questionnaires end to end through the command line, on the synthetic trial cohort."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from typer.testing import CliRunner

from rapport.cli import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("surveys")
    code, _, err = run("surveys", "demo", str(folder / "demo"), "--relationships", "40")
    assert code == 0, err
    db = folder / "w.db"
    demo = folder / "demo"
    code, out, err = run(
        "surveys", "import", str(demo / "export.csv"), "--dictionary", str(demo / "dictionary.csv"),
        "--mapping", str(demo / "mapping.yaml"), "--db", str(db),
    )  # fmt: skip
    assert code == 0, err
    assert "imported" in out
    return db


def test_scores_discordance_and_alerts(workspace: Path) -> None:
    code, out, err = run(
        "surveys", "score", "--instrument", "wai_sr", "--csv", "--db", str(workspace)
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    totals = [r for r in rows if r["scale"] == "total" and r["value"]]
    assert totals and all(12 <= float(r["value"]) <= 60 for r in totals)
    assert {r["scale"] for r in rows} == {"total", "task", "bond", "goal"}
    code, out, err = run("dyads", "discordance", "--json", "--db", str(workspace))
    assert code == 0, err
    table = {row["category"]: row for row in map(json.loads, out.splitlines())}
    assert table["both"]["count"] + table["family_only"]["count"] == table["family"]["count"]
    assert 0 <= table["both"]["ci_low"] <= table["both"]["proportion"] <= table["both"]["ci_high"]
    code, out, err = run("dyads", "alerts", "--json", "--db", str(workspace))
    assert code == 0, err
    alerts = [json.loads(line) for line in out.splitlines()]
    assert len(alerts) >= table["family_only"]["count"] > 0
    assert all("care team" in alert["audience"] for alert in alerts)


def test_survey_report_in_chromium(workspace: Path, tmp_path: Path) -> None:
    report = tmp_path / "surveys.html"
    code, _, err = run("surveys", "report", "--out", str(report), "--db", str(workspace))
    assert code == 0, err
    assert CHROMIUM, "the report tests need Chromium: `make test` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(report.as_uri())
        assert page.locator("svg.rapport-bland-altman .ba-point").count() > 20
        assert page.locator("svg.rapport-trajectories .traj-series").count() == 2
        assert page.locator("table[data-table='discordance'] tbody tr").count() == 6
        assert page.locator("table[data-table='icc'] tbody tr").count() == 6
        assert page.locator("div.moment.missed").count() > 0
        browser.close()


def test_instrument_export_and_bad_import(tmp_path: Path) -> None:
    dictionary = tmp_path / "wai.csv"
    code, _, err = run("surveys", "export", "wai_sr", str(dictionary))
    assert code == 0, err
    header = next(csv.reader(dictionary.open(encoding="utf-8")))
    assert len(header) == 18 and header[0].startswith("Variable")
    bad = tmp_path / "bad.csv"
    bad.write_text("respondent,role\nx,parent\n", encoding="utf-8")
    code, _, err = run("surveys", "import", str(bad), "--db", str(tmp_path / "w.db"))
    assert code == 2 and "bad.csv" in err and len(err.strip().splitlines()) == 1
