"""Rapport check-ins: scheduled short questionnaires per dyad, and which are due."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from rapport.errors import RapportError
from rapport.surveys import checkins
from rapport.surveys.model import RespondentRole, Response


def _answer(relationship: str, day: dt.date) -> Response:
    return Response(
        f"{relationship}-{day}", "rc_parent", "mum", RespondentRole.PARENT, relationship,
        {"1": 4.0}, date=day,
    )  # fmt: skip


def test_checkins_fall_due_every_period_until_answered(tmp_path: Path) -> None:
    path = checkins.checkins_file(tmp_path / "rapport.db")
    start = dt.date(2026, 1, 1)
    checkins.schedule(path, relationship="r1", every_days=30, start=start)
    checkins.schedule(path, relationship="r2", every_days=30, start=start)
    checkins.schedule(path, relationship="r2", every_days=14, start=start)  # reschedules r2
    schedule = checkins.load(path)
    assert [(c.relationship, c.every_days) for c in schedule] == [("r1", 30), ("r2", 14)]
    on = dt.date(2026, 2, 10)  # r1 fell due on 31 Jan; r2 on 29 Jan
    responses = [_answer("r1", dt.date(2026, 2, 1))]  # r1 answered after it fell due
    found = checkins.due(schedule, responses, on=on)
    assert [(d.checkin.relationship, d.due, d.overdue_days) for d in found] == [
        ("r2", dt.date(2026, 1, 29), 12)
    ]
    assert checkins.due(schedule, [], on=dt.date(2025, 12, 1)) == []
    with pytest.raises(RapportError, match="every 1 day"):
        checkins.schedule(path, relationship="r3", every_days=0, start=start)
    with pytest.raises(RapportError):
        checkins.schedule(path, relationship="r3", instrument="nope", start=start)


def test_bad_dates_are_one_line_errors(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from rapport.cli import app

    db = str(tmp_path / "w.db")
    for args in (
        ["surveys", "checkin", "r1", "--start", "2026-13-01"],
        ["surveys", "due", "--on", "nope"],
        ["milestones", "add", "p1", "--date", "2026-02-30", "--title", "x"],
    ):
        result = CliRunner().invoke(app, [*args, "--db", db])
        assert result.exit_code == 2, args
        assert "is not a date (use YYYY-MM-DD)" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
