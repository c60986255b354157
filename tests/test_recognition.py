"""Milestones, team messages and award certificates; the patient's name is never stored."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from rapport import recognition
from rapport.errors import RapportError


def test_milestones_messages_upcoming_and_certificate(tmp_path: Path) -> None:
    path = recognition.milestones_file(tmp_path / "rapport.db")
    today = dt.date(2026, 11, 22)
    soon = recognition.add(
        path, patient="p01", kind="end_of_treatment", date=today + dt.timedelta(days=9),
        title="Three years of chemotherapy, finished",
    )  # fmt: skip
    recognition.add(
        path, patient="p02", kind="birthday", date=today + dt.timedelta(days=60), title="Sweet 16"
    )
    with pytest.raises(RapportError, match="already recorded"):
        recognition.add(
            path, patient="p01", kind="end_of_treatment", date=today + dt.timedelta(days=9),
            title="Three years of chemotherapy, finished",
        )  # fmt: skip
    recognition.add_message(path, soon.id, author="Nurse Kim", text="Ring that bell loud!")
    coming = recognition.upcoming(path, days=30, today=today)
    assert [m.patient for m in coming] == ["p01"]
    assert coming[0].messages[0].author == "Nurse Kim"
    pdf = recognition.certificate_pdf(coming[0], name="Maya Example", style="sunshine")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    assert "SUNSHINE AWARD" in text.upper() and "Maya Example" in text
    assert "Ring that bell loud!" in text
    assert "Maya" not in path.read_text(encoding="utf-8"), "the name is printed, never stored"
    with pytest.raises(RapportError, match="style must be"):
        recognition.certificate_html(coming[0], name="Maya", style="confetti")
    with pytest.raises(RapportError, match="kind must be"):
        recognition.add(path, patient="p03", kind="party", date=today, title="x")
