"""Thematic analysis: themes files, n of N, extracts side by side, HTML and DOCX reports."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

import rapport.cli.documents
import rapport.cli.themes  # noqa: F401  (registers rapport themes)
from rapport import pipeline, store
from rapport.cli import app
from rapport.errors import IngestError
from rapport.model import Coding, Encounter, Origin, Role, Turn
from rapport.themes import (
    add_memo,
    prevalence_table,
    read_memos,
    read_theme_map,
    report_context,
    starter_theme_map,
    summarise_themes,
)
from rapport.themes.model import CandidateTheme, Memo, ThemeMap
from rapport.themes.report import render_theme_report_html, theme_report_docx
from rapport.themes.workspace import import_documents

ESSAYS = Path(__file__).resolve().parent.parent / "sample-essays"


def _doc(doc_id: str, *texts: str) -> Encounter:
    turns = [Turn(i, "A", Role.CLINICIAN, t) for i, t in enumerate(texts)]
    return Encounter(doc_id, turns, metadata={"kind": "document", "author": "A"})


def _human(doc: str, turn: int, code: str, coder: str) -> Coding:
    return Coding(doc, turn, code, origin=Origin.HUMAN, coder=coder)


def test_n_of_n_by_rule_and_auto_codings_never_count() -> None:
    docs = [_doc("d1", "a", "b"), _doc("d2", "c"), _doc("d3", "d")]
    codings = [
        _human("d1", 0, "compassion", "x"),
        _human("d1", 1, "compassion", "y"),
        _human("d2", 0, "compassion", "x"),
        Coding("d3", 0, "compassion", origin=Origin.AUTO, model_version="suggest:chung2024"),
    ]
    theme = CandidateTheme("care", "Care", "", ["compassion"])
    any_rule = summarise_themes(ThemeMap("t", "chung2024", [theme]), docs, codings)[0]
    assert (any_rule.n, any_rule.n_total, any_rule.n_by_coder) == (2, 3, {"x": 2, "y": 1})
    all_rule = summarise_themes(ThemeMap("t", "chung2024", [theme], count="all"), docs, codings)
    assert all_rule[0].n == 1
    assert [e.document for e in any_rule.representative] == ["d1", "d2"]


def test_span_is_quoted_and_pinned_extract_comes_first() -> None:
    docs = [_doc("d1", "Long text. The quote. More."), _doc("d2", "Other")]
    span = Coding("d1", 0, "resilience", origin=Origin.HUMAN, coder="x", char_span=(11, 21))
    codings = [span, _human("d2", 0, "resilience", "x"), _human("d2", 0, "resilience", "y")]
    theme = CandidateTheme("r", "R", "", ["resilience"], pinned=[("d1", 0)])
    summary = summarise_themes(ThemeMap("t", "chung2024", [theme]), docs, codings)[0]
    assert summary.representative[0].quote == "The quote."
    assert summary.extracts[1].agreement == 2


def test_themes_file_validation(tmp_path: Path) -> None:
    assert len(read_theme_map(ESSAYS / "themes.yaml").themes) == 7
    bad = tmp_path / "t.yaml"
    bad.write_text("codebook: chung2024\nthemes:\n  - id: x\n    codes: [naming]\n")
    with pytest.raises(IngestError, match="not a code of chung2024") as caught:
        read_theme_map(bad)
    assert caught.value.line == 4
    starter = tmp_path / "s.yaml"
    starter.write_text(starter_theme_map("chung2024"))
    assert len(read_theme_map(starter).themes) == 7


def test_memos_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "memos.yaml"
    add_memo(path, Memo("first thought"))
    assert add_memo(path, Memo("about p2", document="d1", paragraph=2, author="x")) == 2
    memos = read_memos(path)
    assert memos[1].paragraph == 2 and memos[0].date is not None


def test_end_to_end_on_the_sample_essays(tmp_path: Path) -> None:
    db = str(tmp_path / "w.db")
    engine = store.open_workspace(db)
    import_documents(engine, [ESSAYS])
    for coder in ("mira", "sol"):
        pipeline.import_codings_csv(engine, ESSAYS / "codings" / f"{coder}.csv", "chung2024")
    runner = CliRunner()
    themes = str(ESSAYS / "themes.yaml")
    table = runner.invoke(app, ["themes", "report", themes, "--db", db])
    assert table.exit_code == 0, table.output
    assert "solidarity" in table.output
    review = runner.invoke(app, ["themes", "review", themes, "--db", db, "--theme", "resilience"])
    assert review.exit_code == 0 and "essay-05" in review.output
    html = tmp_path / "r.html"
    done = runner.invoke(app, ["themes", "report", themes, "--db", db, "--out", str(html)])
    assert done.exit_code == 0, done.output
    page = html.read_text()
    assert "n = 15 of 22" in page and "Little means much" in page
    reliability = runner.invoke(
        app, ["reliability", "--codebook", "chung2024", "--db", db, "--boot", "0"]
    )
    assert reliability.exit_code == 0 and "resilience" in reliability.output


def test_docx_report_has_every_theme() -> None:
    import docx

    docs = [_doc("d1", "We were all in it together.")]
    theme = CandidateTheme("s", "Solidarity", "Together.", ["conveying_solidarity"])
    theme_map = ThemeMap("Title", "chung2024", [theme])
    summaries = summarise_themes(theme_map, docs, [_human("d1", 0, "conveying_solidarity", "x")])
    context = report_context(theme_map, summaries, [Memo("an analytic memo")])
    text = "\n".join(
        p.text for p in docx.Document(io.BytesIO(theme_report_docx(context))).paragraphs
    )
    assert "Solidarity (n = 1 of 1)" in text and "together" in text and "an analytic memo" in text
    assert "1 of 1" in render_theme_report_html(context)
    assert list(prevalence_table(summaries)["n"]) == [1]
