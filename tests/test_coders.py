"""Human coders: blind assignments, CSV import, the disagreement queue and adjudication."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import Engine

from rapport import pipeline, store
from rapport.analysis import choose_codings
from rapport.codebooks import load_codebook
from rapport.errors import IngestError, NotFoundError, RapportError
from rapport.model import Coding, Origin

CODEBOOK = load_codebook()


@pytest.fixture
def workspace(tmp_path: Path, make_encounter) -> Engine:  # type: ignore[no-untyped-def]
    engine = store.open_workspace(tmp_path / "w.db")
    with store.transaction(engine) as connection:
        store.import_encounters(
            connection,
            [make_encounter("a", 6), make_encounter("b", 4)],
            content_hash=store.content_hash(b"ab"),
            path="ab",
        )
        store.save_codebook(connection, CODEBOOK)
    return engine


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _codes(engine: Engine, origin: Origin | None = None) -> set[tuple[str, int, str, str]]:
    with engine.connect() as connection:
        return {
            (c.encounter_id, c.turn_index, c.code, c.coder)
            for c in store.get_codings(connection, origin=origin)
        }


def test_blind_coder_sees_only_their_own_codings_until_they_submit(workspace: Engine) -> None:
    with store.transaction(workspace) as connection:
        store.add_codings(
            connection,
            [
                Coding("a", 0, "naming", Origin.HUMAN, coder="ana"),
                Coding("a", 0, "understanding", Origin.HUMAN, coder="ben"),
                Coding("a", 2, "comedy", Origin.AUTO, model_version="m1"),
            ],
            "kaye2021",
        )
    assert pipeline.assign_encounters(workspace, "ben", ["a", "b"]) == 2
    assert pipeline.assign_encounters(workspace, "ben", ["a"]) == 0
    with workspace.connect() as connection:
        seen = {c.coder for c in store.visible_codings(connection, "ben", "a")}
        assert seen == {"ben"}  # neither ana's nor the automatic coder's
        assert len(store.visible_codings(connection, "ana", "a")) == 3  # ana is not blinded
    pipeline.assign_encounters(workspace, "cy", ["a"], see_auto=True)
    with workspace.connect() as connection:
        assert {c.origin for c in store.visible_codings(connection, "cy", "a")} == {Origin.AUTO}
    pipeline.submit_encounters(workspace, "ben", ["a"])
    with workspace.connect() as connection:
        assert len(store.visible_codings(connection, "ben", "a")) == 3
        (status,) = store.get_assignments(connection, coder="ben", encounter_id="a")
        assert status.submitted
    with pytest.raises(NotFoundError, match="no assignment"):
        pipeline.submit_encounters(workspace, "dee", ["a"])
    with pytest.raises(NotFoundError, match="'zzz'"):
        pipeline.assign_encounters(workspace, "ben", ["zzz"])


def test_codings_csv_import_is_checked_all_or_nothing_and_idempotent(
    workspace: Engine, tmp_path: Path
) -> None:
    good = _write(
        tmp_path / "ana.csv",
        "encounter,turn,code,coder,start,end,memo\n"
        "a,0,naming,ana,0,4,borderline\n"
        "a,1,affection,ana,,,\n"
        "b,3,comedy,ana,,,parent laughs\n",
    )
    result = pipeline.import_codings_csv(workspace, good, "kaye2021")
    assert (result.added, result.unchanged, result.coders) == (3, 0, ["ana"])
    assert pipeline.import_codings_csv(workspace, good, "kaye2021").added == 0
    with workspace.connect() as connection:
        (naming,) = [c for c in store.get_codings(connection) if c.code == "naming"]
    assert naming.char_span == (0, 4) and naming.memo == "borderline"
    before = _codes(workspace)
    cases = {
        "encounter,turn,code\na,0,naming\n": (1, "missing column(s): coder"),
        "encounter,turn,code,coder\na,0,naming,ben\nq,0,naming,ben\n": (3, "no encounter 'q'"),
        "encounter,turn,code,coder\na,99,naming,ben\n": (2, "has no turn 99"),
        "encounter,turn,code,coder\na,x,naming,ben\n": (2, "turn 'x' is not a whole number"),
        "encounter,turn,code,coder\na,0,hugging,ben\n": (2, "'hugging' is not a code"),
        "encounter,turn,code,coder,start,end\na,0,naming,ben,3,999\n": (2, "is outside the turn"),
        "encounter,turn,code,coder\na,0,naming,\n": (2, "the coder is empty"),
    }
    for text, (line, reason) in cases.items():
        bad = _write(tmp_path / "bad.csv", text)
        with pytest.raises(IngestError) as caught:
            pipeline.import_codings_csv(workspace, bad, "kaye2021")
        assert caught.value.line == line and reason in str(caught.value), text
    assert _codes(workspace) == before, "a bad file must store nothing"


def _two_coders(workspace: Engine) -> None:
    human = Origin.HUMAN
    with store.transaction(workspace) as connection:
        store.add_codings(
            connection,
            [
                Coding("a", 0, "naming", human, coder="ana"),
                Coding("a", 0, "naming", human, coder="ben"),  # agreed
                Coding("a", 2, "understanding", human, coder="ana"),
                Coding("a", 2, "naming", human, coder="ben"),  # disputed
                Coding("a", 4, "comedy", human, coder="ben"),  # ana saw nothing here
                Coding("b", 1, "supporting", human, coder="ana"),  # ben never coded b
            ],
            "kaye2021",
        )


def test_queue_lists_turns_where_coders_of_the_same_encounter_differ(workspace: Engine) -> None:
    _two_coders(workspace)
    queue = pipeline.disagreement_queue(workspace)
    assert [(d.encounter_id, d.turn_index) for d in queue] == [("a", 2), ("a", 4)]
    assert queue[0].codes == {"ana": ["understanding"], "ben": ["naming"]}
    assert queue[0].disputed == ["naming", "understanding"]
    assert queue[0].before and queue[0].after  # the turn in context
    summary = pipeline.coders.disagreement_summary(queue)
    assert summary[0][:2] in {("naming", 1), ("comedy", 1), ("understanding", 1)}


def test_adjudication_round_trip_through_the_sheet(workspace: Engine, tmp_path: Path) -> None:
    _two_coders(workspace)
    sheet = tmp_path / "meeting.xlsx"
    sheet.write_bytes(pipeline.coders.adjudication_sheet(pipeline.disagreement_queue(workspace)))
    workbook = openpyxl.load_workbook(sheet)
    rows = workbook["Disagreements"]
    header = [cell.value for cell in rows[1]]
    assert {"codes: ana", "codes: ben", "consensus", "reason", "adjudicator"} <= set(header)
    consensus, reason = header.index("consensus") + 1, header.index("reason") + 1
    rows.cell(row=2, column=consensus, value="naming")  # turn a/2
    rows.cell(row=2, column=reason, value="she names the fear")
    rows.cell(row=3, column=consensus, value="none")  # turn a/4: not humour
    workbook.save(sheet)
    human_before = _codes(workspace, Origin.HUMAN)
    decided, written = pipeline.import_adjudications(
        workspace, sheet, codebook="kaye2021", adjudicator="kim"
    )
    assert decided == 2
    assert _codes(workspace, Origin.HUMAN) == human_before, "originals are kept"
    consensus_codes = {(e, t, c) for e, t, c, _ in _codes(workspace, Origin.CONSENSUS)}
    # the agreed turn a/0 and the decision on a/2; a/4 decided as no code
    assert consensus_codes == {("a", 0, "naming"), ("a", 2, "naming")}
    assert written == 2
    assert pipeline.disagreement_queue(workspace) == []
    with workspace.connect() as connection:
        chosen = choose_codings(store.get_codings(connection))
        (decision,) = [d for d in store.get_adjudications(connection) if d.turn_index == 2]
    assert decision.reason == "she names the fear" and decision.adjudicator == "kim"
    assert {(c.encounter_id, c.code, c.origin) for c in chosen} == {
        ("a", "naming", Origin.CONSENSUS),
        ("b", "supporting", Origin.HUMAN),
    }


def test_adjudication_rejects_unknown_codes_and_missing_adjudicator(
    workspace: Engine, tmp_path: Path
) -> None:
    _two_coders(workspace)
    sheet = tmp_path / "meeting.xlsx"
    sheet.write_bytes(pipeline.coders.adjudication_sheet(pipeline.disagreement_queue(workspace)))
    workbook = openpyxl.load_workbook(sheet)
    rows = workbook["Disagreements"]
    header = [cell.value for cell in rows[1]]
    rows.cell(row=2, column=header.index("consensus") + 1, value="hugging")
    workbook.save(sheet)
    with pytest.raises(IngestError, match="'hugging' is not a code") as caught:
        pipeline.import_adjudications(workspace, sheet, codebook="kaye2021", adjudicator="kim")
    assert caught.value.line == 2
    rows.cell(row=2, column=header.index("consensus") + 1, value="naming")
    workbook.save(sheet)
    with pytest.raises(IngestError, match="no adjudicator"):
        pipeline.import_adjudications(workspace, sheet, codebook="kaye2021")
    with pytest.raises(RapportError, match="not a code"):
        pipeline.adjudicate(
            workspace,
            [store.Adjudication("a", 2, "kim", ("hugging",), None, store.rows.utc_now())],
            codebook="kaye2021",
        )
