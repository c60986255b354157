"""The command line end to end: the main job, the JSON contract and one-line errors."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rapport.cli import app
from rapport.codebooks import load_codebook
from test_ingest_support import DATASETS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
PRIMOCK = DATASETS / "primock57" / "transcripts"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def table_dump(db: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(db) as connection:
        names = [
            r[0] for r in connection.execute("select name from sqlite_master where type='table'")
        ]
        return {
            n: sorted(map(tuple, connection.execute(f'select * from "{n}"')), key=repr)
            for n in names
        }


def test_analyze_examples_imports_codes_and_writes_a_report(tmp_path: Path) -> None:
    db, report = tmp_path / "w.db", tmp_path / "report.html"
    code, out, err = run("analyze", str(EXAMPLES), "--db", str(db), "--out", str(report))
    assert code == 0, err
    assert "8 encounters" in out and "Report:" in out
    html = report.read_text(encoding="utf-8")
    encounter_reports = sorted((tmp_path / "report-encounters").glob("*.html"))
    assert len(encounter_reports) == 8
    for page in encounter_reports:
        assert f'href="report-encounters/{page.name}"' in html
    assert "<script" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//|url\(|@import""", html)
    code, out, _ = run("encounters", "list", "--db", str(db), "--json")
    listed = json.loads(out)
    assert {e["setting"] for e in listed} == {"clinic", "telephone", "inpatient", "video"}
    assert all(e["n_codings"] > 0 for e in listed)
    before = table_dump(db)
    code, out, _ = run("analyze", str(EXAMPLES), "--db", str(db), "--out", str(report))
    assert code == 0 and "8 already in" in out
    assert table_dump(db) == before, "re-running the main job must not duplicate anything"


def test_analyze_codes_with_the_model_it_is_given(tmp_path: Path) -> None:
    db, report = tmp_path / "w.db", tmp_path / "report.html"
    source = str(EXAMPLES / "p01-2024-09-16.json")
    code, _, err = run("analyze", source, "--db", str(db), "--out", str(report), "--model", "cues")
    assert code == 0, err
    with sqlite3.connect(db) as connection:
        versions = {row[0] for row in connection.execute("select model_version from codings")}
    assert versions and all(v.startswith("cues-") for v in versions)


def test_code_json_follows_the_contract() -> None:
    code, out, err = run("code", str(EXAMPLES / "p01-2024-09-16.json"), "--json")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    codebook = load_codebook()
    assert [line["turn"] for line in lines] == list(range(len(lines)))
    for line in lines:
        assert {"encounter", "turn", "speaker", "role", "text", "codes", "scores"} <= set(line)
        assert set(line["scores"]) == set(codebook.code_ids)
        assert all(0.0 <= s <= 1.0 for s in line["scores"].values())
        for decided in line["codes"]:
            assert decided["theme"] == codebook.code(decided["code"]).theme
            assert decided["score"] == line["scores"][decided["code"]]
    silence = [c for line in lines for c in line["codes"] if c["code"] == "silence"]
    assert silence and silence[0]["span"][1] - silence[0]["span"][0] >= 5.0


def test_code_accepts_stored_encounter_ids(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    assert run("import", str(EXAMPLES / "p05-2024-08-19.csv"), "--db", str(db))[0] == 0
    code, out, _ = run("code", "p05-2024-08-19", "--db", str(db), "--json")
    assert code == 0 and json.loads(out.splitlines()[0])["encounter"] == "p05-2024-08-19"
    code, _, err = run("code", "no-such-encounter", "--db", str(db))
    assert code == 2 and "no stored encounter" in err


def test_export_writes_csv_and_jsonl(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    run(
        "analyze",
        str(EXAMPLES / "p01-2024-09-16.json"),
        "--db",
        str(db),
        "--out",
        str(tmp_path / "r.html"),
    )
    code, out, _ = run("export", "--db", str(db), "--format", "csv")
    header = "encounter,turn,speaker,role,start,end,text,codes,model_version,human_codes"
    assert code == 0 and out.splitlines()[0] == header
    assert len(out.splitlines()) == 1 + 55
    # exports are de-identified unless asked otherwise: no names, no dated encounter ids
    assert "Maya" not in out and "Quarrie" not in out and "p01-2024-09-16" not in out
    assert "[CLINICIAN-1]" in out
    code, identified, _ = run("export", "--db", str(db), "--format", "csv", "--identified")
    assert code == 0 and "Dr Quarrie" in identified
    code, out, _ = run("export", "--db", str(db), "--format", "jsonl", "--what", "codings")
    rows = [json.loads(line) for line in out.splitlines()]
    assert rows and all(r["origin"] == "auto" and r["model_version"] for r in rows)


BAD_INPUTS = {
    "empty.txt": (b"", "empty"),
    "binary.vtt": (b"WEBVTT\n\x00\x01\x02\x00", "binary"),
    "latin1.txt": ("Dr Lee: Ça va?\n".encode("latin-1"), "encoding"),
    "reversed.srt": (b"1\n00:00:05,000 --> 00:00:02,000\nDr Lee: Hello\n", "reversed"),
    "unknown.txt": (b"Dr Lee: Hello\nStranger: Hi\n", "unknown speaker"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_exit_2_and_leaves_the_workspace_unchanged(
    tmp_path: Path, name: str
) -> None:
    db = tmp_path / "w.db"
    assert run("import", str(EXAMPLES / "p05-2024-08-19.csv"), "--db", str(db))[0] == 0
    before = table_dump(db)
    data, reason = BAD_INPUTS[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    args = ["import", str(EXAMPLES / "p03-2024-05-14.txt"), str(bad), "--db", str(db)]
    if name == "unknown.txt":
        args += ["--roles", "Dr Lee=clinician"]
    code, out, err = run(*args)
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert str(bad) in err and reason in err.lower()
    assert "Traceback" not in err + out
    assert table_dump(db) == before, "a failed import must leave the workspace exactly as it was"


def test_codebook_show_json_lists_28_codes() -> None:
    code, out, _ = run("codebook", "show", "--json")
    assert code == 0
    assert sum(len(t["codes"]) for t in json.loads(out)["themes"]) == 28


def test_bad_codebook_file_is_one_line_with_its_line_number(tmp_path: Path) -> None:
    bad = tmp_path / "book.yaml"
    bad.write_text("id: x\nthemes:\n  - id: Bad Theme\n    colour: '#000000'\n    codes: []\n")
    code, _, err = run("codebook", "show", "--codebook", str(bad))
    assert code == 2 and f"{bad}:3:" in err


def test_analyze_all_of_primock57(tmp_path: Path) -> None:
    db, report = tmp_path / "w.db", tmp_path / "report.html"
    code, out, err = run("analyze", str(PRIMOCK), "--db", str(db), "--out", str(report))
    assert code == 0, err
    assert "57 encounters" in out
    html = report.read_text(encoding="utf-8")
    assert html.count('href="report-encounters/') == 57
    assert len(list((tmp_path / "report-encounters").glob("*.html"))) == 57


def test_evaluate_reports_every_text_code_on_the_dev_split() -> None:
    code, out, err = run("evaluate", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert len(result["codes"]) == 27 and "silence" not in {c["code"] for c in result["codes"]}
    assert 0.0 <= result["macro_f1_95ci"][0] <= result["macro_f1"] <= result["macro_f1_95ci"][1]


def test_evaluate_against_a_csv_of_codes_over_transcripts() -> None:
    gold = ROOT / "tests" / "data" / "examples_intended_codes.csv"
    code, out, err = run("evaluate", str(EXAMPLES), "--gold", str(gold), "--json")
    assert code == 0, err
    by_code = {c["code"]: c for c in json.loads(out)["codes"]}
    assert by_code["silence"]["support"] == 2 and by_code["silence"]["recall"] == 1.0


def test_train_from_human_codings_writes_a_model_that_codes(tmp_path: Path) -> None:
    from rapport import store
    from rapport.model import Coding, Origin

    db = tmp_path / "w.db"
    assert run("import", str(EXAMPLES), "--db", str(db))[0] == 0
    gold = ROOT / "tests" / "data" / "examples_intended_codes.csv"
    rows = [line.split(",") for line in gold.read_text().splitlines()[1:]]
    engine = store.open_workspace(str(db))
    with store.transaction(engine) as connection:
        from rapport.codebooks import load_codebook

        store.save_codebook(connection, load_codebook())
        store.add_codings(
            connection,
            [Coding(e, int(t), c.strip(), Origin.HUMAN, coder="ann") for e, t, c in rows],
            "kaye2021",
        )
    model = tmp_path / "model"
    code, out, err = run(
        "train", "--db", str(db), "--workspace-only", "--name", "test", "--out", str(model)
    )
    assert code == 0, err
    assert (model / "MODEL_CARD.md").is_file() and "test-" in out
    card = json.loads((model / "model.json").read_text())["card"]
    assert card["data"]["workspace_encounters"] == 8 and card["training_turns"] == 399
    code, out, err = run(
        "code", str(EXAMPLES / "p03-2024-05-14.txt"), "--model", str(model), "--json"
    )
    assert code == 0, err
    assert json.loads(out.splitlines()[0])["scores"]


def test_code_explain_shows_words_and_similar_examples() -> None:
    code, out, err = run("code", str(EXAMPLES / "p01-2024-09-16.json"), "--explain")
    assert code == 0, err
    assert "because:" in out and "like:" in out


def test_code_a_whole_folder_gives_every_turn_in_order() -> None:
    code, out, err = run("code", str(EXAMPLES), "--json")
    assert code == 0, err
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 399 and len({line["encounter"] for line in lines}) == 8
    for encounter in {line["encounter"] for line in lines}:
        turns = [line["turn"] for line in lines if line["encounter"] == encounter]
        assert turns == list(range(len(turns)))


def test_code_json_explain_carries_evidence_for_each_decision() -> None:
    code, out, err = run("code", str(EXAMPLES / "p01-2024-09-16.json"), "--json", "--explain")
    assert code == 0, err
    coded = [json.loads(line) for line in out.splitlines() if json.loads(line)["codes"]]
    for line in coded:
        assert set(line["explanation"]) == {c["code"] for c in line["codes"]}


def test_export_shows_the_newest_models_codes_not_the_union(tmp_path: Path) -> None:
    db, report = tmp_path / "w.db", str(tmp_path / "r.html")
    source = str(EXAMPLES / "p01-2024-09-16.json")
    assert run("analyze", source, "--db", str(db), "--out", report, "--model", "cues")[0] == 0
    assert run("analyze", source, "--db", str(db), "--out", report)[0] == 0
    _, out, _ = run("code", source, "--json")
    newest = {
        (d["turn"]): {c["code"] for c in d["codes"]} for d in map(json.loads, out.splitlines())
    }
    _, out, _ = run("export", "--db", str(db), "--format", "jsonl", "--identified")
    rows = [json.loads(line) for line in out.splitlines()]
    assert {r["model_version"] for r in rows} == {json.loads(out.splitlines()[0])["model_version"]}
    assert not rows[0]["model_version"].startswith("cues")
    for row in rows:
        assert set(filter(None, row["codes"].split(";"))) == newest[row["turn"]]


def test_stored_earlier_visits_give_history_for_remembering(tmp_path: Path) -> None:
    db = tmp_path / "w.db"
    june = EXAMPLES / "p01-2024-06-10.vtt"  # Mom and Maya mention the camp
    september = EXAMPLES / "p01-2024-09-16.json"  # turn 3: "How was camp?"
    assert run("import", str(june), "--db", str(db))[0] == 0
    assert (
        run("analyze", str(september), "--db", str(db), "--out", str(tmp_path / "r.html"))[0] == 0
    )
    _, out, _ = run("export", "--db", str(db), "--format", "jsonl", "--identified")
    turn3 = next(
        json.loads(line)
        for line in out.splitlines()
        if json.loads(line)["encounter"] == "p01-2024-09-16" and json.loads(line)["turn"] == 3
    )
    assert "remembering" in turn3["codes"].split(";")
    _, alone, _ = run("code", str(september), "--json")
    assert "remembering" not in {c["code"] for c in json.loads(alone.splitlines()[3])["codes"]}


def test_serve_builds_the_shipped_coder_and_the_tagger_before_listening(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A first import or export would otherwise train them inside a web request."""
    from rapport.cli import web
    from rapport.coding import model_files
    from rapport.privacy import tagger

    built: list[str] = []
    monkeypatch.setattr(model_files, "ensure_shipped_model", lambda notify: built.append("coder"))
    monkeypatch.setattr(tagger, "prepare", lambda notify: built.append("tagger"))
    web._build_models_once("kaye2021", None)
    web._build_models_once("kaye2021", "cues")
    web._build_models_once("nurse", None)
    assert built == ["coder", "tagger", "tagger", "tagger"]
