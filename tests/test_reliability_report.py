"""The reliability report and `rapport reliability` on the two-coder sample (Ana and Ben)."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from typer.testing import CliRunner

from rapport import pipeline, store
from rapport.cli import app
from rapport.reliability import agreement

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
runner = CliRunner()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("reliability") / "w.db"
    engine = store.open_workspace(db)
    pipeline.import_paths(engine, [ROOT / "examples"])
    for coder in ("ana", "ben"):
        pipeline.import_codings_csv(engine, ROOT / "sample-codings" / f"{coder}.csv", "kaye2021")
    engine.dispose()
    return db


def test_cli_agreement_matches_the_library(workspace: Path) -> None:
    result = runner.invoke(
        app, ["reliability", "--by", "overall", "--csv", "--boot", "0", "--db", str(workspace)]
    )
    assert result.exit_code == 0, result.stderr
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    data = pipeline.load_reliability_data(store.open_workspace(workspace), "kaye2021")
    expected = agreement(
        data.encounters,
        data.codings,
        data.codebook,
        coders=data.raters,
        by="overall",
        n_boot=0,
        coded_by=data.coded_by,
    ).iloc[0]
    assert data.raters == ["ana", "ben"] and len(data.encounters) == 8
    assert float(row["kappa"]) == pytest.approx(expected["kappa"])
    assert 0.6 < float(row["kappa"]) < 0.8  # the sample was written to agree "substantially"


def test_unknown_coder_is_one_line(workspace: Path) -> None:
    result = runner.invoke(app, ["reliability", "--coders", "ana,zed", "--db", str(workspace)])
    assert result.exit_code == 2
    assert "no codings by coder 'zed' (coders: ana, ben)" in result.stderr


def test_reliability_report_in_chromium(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "reliability.html"
    result = runner.invoke(
        app, ["reliability", "--out", str(out), "--boot", "200", "--db", str(workspace)]
    )
    assert result.exit_code == 0, result.stderr
    assert CHROMIUM, "the report tests need Chromium: `make test` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(out.as_uri())
        forest = page.locator("svg.rapport-forest")
        assert forest.locator("g.forest-row").count() == 28
        estimated = forest.locator("rect.forest-point").count()
        assert estimated + forest.locator(".forest-not-estimable").count() == 28
        codes = page.locator("table[data-table='agreement-codes'] tbody tr")
        assert codes.count() == 28
        disputed = page.locator("table[data-table='disagreements'] tbody tr")
        assert disputed.count() >= 5
        assert "Comedy" in page.locator("table[data-table='disagreements']").inner_text()
        assert page.locator("table[data-table='agreement-roles'] tbody tr").count() >= 2
        text = page.locator("main").inner_text()
        assert "has not coded these encounters" in text  # no auto codings in this workspace
        browser.close()
