"""Projects through the command line: REFI-QDA export, import and codebooks."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree
from typer.testing import CliRunner

from rapport import store
from rapport.cli import app
from rapport.codebooks import load_codebook

ROOT = Path(__file__).resolve().parents[1]
SCHEMAS = Path(__file__).parent / "data" / "refi-qda"
runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    # rich wraps long lines at the terminal width; the words are what matter
    return result.exit_code, " ".join(result.stdout.split()), result.stderr


def _codings(db: Path) -> list[tuple[object, ...]]:
    engine = store.open_workspace(db)
    with engine.connect() as connection:
        rows = sorted(
            (c.encounter_id, c.turn_index, c.code, c.coder, str(c.origin), c.char_span, c.memo)
            for c in store.get_codings(connection)
        )
    engine.dispose()
    return rows


def test_workspace_round_trips_through_qdpx(tmp_path: Path) -> None:
    first, second = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    assert run("import", str(ROOT / "examples"), "--db", first)[0] == 0
    for coder in ("ana", "ben"):
        code, _, err = run("codings", "import", str(ROOT / "sample-codings" / f"{coder}.csv"),
                           "--db", first)  # fmt: skip
        assert code == 0, err
    project = tmp_path / "study.qdpx"
    code, out, err = run("export", "qdpx", str(project), "--db", first, "--identified")
    assert code == 0, err
    assert "8 encounters" in out
    with zipfile.ZipFile(project) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    assert etree.XMLSchema(etree.parse(str(SCHEMAS / "Project.xsd"))).validate(document)
    code, out, err = run("import", "qdpx", str(project), "--db", second)
    assert code == 0, err
    assert "imported, 8 encounters" in out
    assert _codings(Path(second)) == _codings(Path(first))
    code, out, _ = run("import", str(project), "--db", second)
    assert code == 0 and "unchanged" in out


def test_qdpx_export_is_deidentified_by_default(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    assert run("import", str(ROOT / "examples" / "p01-2024-09-16.json"), "--db", db)[0] == 0
    project = tmp_path / "shared.qdpx"
    code, _, err = run("export", "qdpx", str(project), "--db", db)
    assert code == 0, err
    with zipfile.ZipFile(project) as archive:
        text = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    assert "Maya" not in text and "Quarrie" not in text
    assert "[CHILD-1]" in text or "[PATIENT-1]" in text


def test_codebook_round_trips_through_qdc(tmp_path: Path) -> None:
    qdc = tmp_path / "kaye.qdc"
    assert run("codebook", "export", str(qdc))[0] == 0
    assert etree.XMLSchema(etree.parse(str(SCHEMAS / "Codebook.xsd"))).validate(
        etree.parse(str(qdc))
    )
    code, out, err = run("codebook", "import", str(qdc), "--out", str(tmp_path / "k.yaml"))
    assert code == 0, err
    assert "28 codes" in out
    assert load_codebook(tmp_path / "k.yaml").code_ids == load_codebook().code_ids


def test_bad_project_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "broken.qdpx"
    bad.write_bytes(b"not a zip at all")
    code, _, err = run("import", str(bad), "--db", str(tmp_path / "w.db"))
    assert code == 2 and "broken.qdpx" in err and len(err.strip().splitlines()) == 1
