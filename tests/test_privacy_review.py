"""The review list: words de-identification left that a person should check."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from rapport.cli import app
from rapport.privacy.detect import Finding
from rapport.privacy.engine import common_words
from rapport.privacy.review import residuals

ROOT = Path(__file__).resolve().parents[1]


def listed(text: str, findings: list[Finding] | None = None) -> dict[str, str]:
    return {r.text: r.reason for r in residuals(text, findings or [], common_words())}


def test_words_outside_everyday_english_numbers_and_months_are_listed() -> None:
    found = listed("we flew out of napakiak on the fourth of march, call nine oh seven five five")
    assert found["napakiak"] == "uncommon word"
    assert found["march"] == "month"
    assert found["nine oh seven five five"] == "number in words"
    assert listed("her chart number is 300 714 92")["300 714 92"] == "number"
    assert listed("El 6 de enero del 2018")["enero"] == "month"


def test_everyday_talk_contractions_fillers_and_may_the_verb_are_not_listed() -> None:
    text = "Mm-hmm, I didn't know that. You may feel tired, it's the chemo; we'll keep going."
    assert listed(text) == {}
    assert listed("She goes back on May 3rd")["May"] == "month"


def test_what_the_detector_removed_is_not_listed_again() -> None:
    text = "We live in Napakiak now."
    start = text.index("Napakiak")
    removed = [Finding(start, start + len("Napakiak"), "ADDRESS")]  # type: ignore[arg-type]
    assert "Napakiak" in listed(text)
    assert "Napakiak" not in listed(text, removed)


def test_deidentify_writes_a_review_sheet_of_what_is_left(tmp_path: Path) -> None:
    sheet = tmp_path / "review.csv"
    result = CliRunner().invoke(
        app,
        [
            "deidentify",
            str(ROOT / "examples" / "p01-2024-03-04.srt"),
            "--out",
            str(tmp_path / "out"),
            "--review",
            str(sheet),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "left for a person to check" in result.stderr
    with sheet.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["word"] in row["de-identified turn"]
        assert row["why"] in {"uncommon word", "number", "number in words", "month"}
        assert row["encounter"].startswith("pt-")
