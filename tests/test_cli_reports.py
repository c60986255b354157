"""`rapport report` and `rapport stats` on a workspace holding the examples and human codings."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from rapport import pipeline, store
from rapport.cli import app
from rapport.codebooks import load_codebook
from rapport.model import Coding, Origin

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("reports") / "w.db"
    engine = store.open_workspace(db)
    pipeline.import_paths(engine, [ROOT / "examples"])
    with (ROOT / "tests" / "data" / "examples_intended_codes.csv").open(encoding="utf-8") as f:
        codings = [
            Coding(row["encounter"], int(row["turn"]), row["code"], Origin.HUMAN, coder="ana")
            for row in csv.DictReader(f)
        ]
    with store.transaction(engine) as connection:
        store.save_codebook(connection, load_codebook())
        store.add_codings(connection, codings, "kaye2021")
    engine.dispose()
    return db


def test_report_commands_write_html_pdf_and_tables(workspace: Path, tmp_path: Path) -> None:
    db = str(workspace)
    code, _, err = run(
        "report", "encounter", "p01-2024-12-09", "--db", db, "--out", str(tmp_path / "e.html")
    )
    assert code == 0, err
    assert "Encounter p01-2024-12-09" in (tmp_path / "e.html").read_text(encoding="utf-8")
    code, _, err = run(
        "report", "clinician", "Dr Quarrie", "--since", "2024-09-01", "--db", db,
        "--out", str(tmp_path / "q.pdf"),
    )  # fmt: skip
    assert code == 0, err
    assert (tmp_path / "q.pdf").read_bytes().startswith(b"%PDF")
    code, _, err = run(
        "report", "cohort", "--subtype", "bad_news", "--tables", "--db", db,
        "--out", str(tmp_path / "c.html"),
    )  # fmt: skip
    assert code == 0, err
    html = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert "limited to discussion subtype bad_news" in html
    assert "3 conversations" in html
    workbook = openpyxl.load_workbook(tmp_path / "c-tables.xlsx")
    assert "Codes by theme" in workbook.sheetnames
    assert (tmp_path / "c-codes.csv").exists()


def test_stats_frequency_as_csv_json_and_xlsx(workspace: Path, tmp_path: Path) -> None:
    db = str(workspace)
    code, out, err = run(
        "stats", "frequency", "--by", "subtype", "--level", "theme", "--csv", "--db", db,
        "--xlsx", str(tmp_path / "f.xlsx"),
    )  # fmt: skip
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 3 * 7
    with (ROOT / "tests" / "data" / "examples_intended_codes.csv").open(encoding="utf-8") as f:
        intended = sum(1 for _ in csv.DictReader(f))
    assert sum(int(row["count"]) for row in rows) == intended
    assert openpyxl.load_workbook(tmp_path / "f.xlsx").active.max_row == 22  # type: ignore[union-attr]
    code, out, err = run("stats", "opportunities", "--by", "clinician", "--json", "--db", db)
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert {line["clinician"] for line in lines} == {"Dr Quarrie", "Dr Ferrow"}
    assert sum(line["opportunities"] for line in lines) == 7
    code, out, err = run(
        "stats", "distribution", "--by", "setting", "--level", "theme", "--csv", "--db", db
    )
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 7 * 4  # themes by clinic, inpatient, telephone, video
    assert {row["test"] for row in rows} <= {
        "chi-square",
        "Fisher exact",
        "Fisher exact (Monte Carlo p)",
    }
    assert all(0 <= float(row["p_value"]) <= 1 for row in rows)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "clinician", "Dr Nobody"], "no encounters with a clinician named 'Dr Nobody'"),
        (["report", "encounter", "nope"], "no encounter 'nope'"),
        (["report", "cohort", "--since", "2024-13-01"], "--since: '2024-13-01' is not a date"),
        (["report", "cohort", "--subtype", "picnic"], "no stored encounters match"),
        (["stats", "frequency", "--by", "weather"], "cannot group by 'weather'"),
        (["stats", "mood"], "unknown statistic 'mood'"),
        (["stats", "frequency", "--basis", "guess"], "--basis must be one of"),
    ],
)
def test_bad_requests_get_one_line_and_exit_code_2(
    workspace: Path, args: list[str], message: str
) -> None:
    code, _, err = run(*args, "--db", str(workspace))
    assert code == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_reports_offer_deidentified_text(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "shared.html"
    code, _, err = run(
        "report", "encounter", "p01-2024-12-09", "--deidentify", "--db", str(workspace),
        "--out", str(out),
    )  # fmt: skip
    assert code == 0, err
    html = out.read_text(encoding="utf-8")
    assert "Maya" not in html and "Quarrie" not in html and "p01-2024-12-09" not in html
    assert "[CLINICIAN-1]" in html
