"""Documents (TXT, Markdown, DOCX) as encounters of paragraphs, imported and coded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport import pipeline, store
from rapport.errors import IngestError
from rapport.ingest.documents import find_documents, read_document, read_documents, role_for
from rapport.model import Role
from rapport.themes.workspace import import_documents, load_documents

ESSAYS = Path(__file__).resolve().parent.parent / "sample-essays"


def test_markdown_paragraphs_become_turns_by_the_author(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# My title\n\nFirst paragraph\ncontinues here.\n\n- an item\n- another\n")
    (tmp_path / "note.meta.yaml").write_text(
        "id: n1\ndate: 2024-02-03\nauthor: RN Kim\nauthor_role: nurse\nprogram: onc\n"
    )
    encounter = read_document(path)
    assert encounter.id == "n1"
    assert encounter.date == dt.date(2024, 2, 3)
    assert [t.text for t in encounter.turns] == [
        "First paragraph continues here.",
        "an item",
        "another",
    ]
    assert [t.line for t in encounter.turns] == [3, 6, 7]
    assert {t.speaker for t in encounter.turns} == {"RN Kim"}
    assert {t.role for t in encounter.turns} == {Role.CLINICIAN}
    assert encounter.metadata["kind"] == "document"
    assert encounter.metadata["title"] == "My title"
    assert encounter.metadata["program"] == "onc"


def test_front_matter_and_explicit_role(tmp_path: Path) -> None:
    path = tmp_path / "answer.md"
    path.write_text("---\nauthor: Parent 3\nrole: parent\n---\nThe nurses were kind.\n")
    encounter = read_document(path)
    assert encounter.turns[0].role == Role.PARENT
    assert encounter.turns[0].line == 5


def test_txt_without_metadata_is_by_other(tmp_path: Path) -> None:
    path = tmp_path / "open.txt"
    path.write_text("One.\n\n\nTwo.\n")
    encounter = read_document(path)
    assert encounter.id == "open"
    assert [t.role for t in encounter.turns] == [Role.OTHER, Role.OTHER]


def test_docx_paragraphs_skip_headings(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Reflection", level=1)
    document.add_paragraph("She asked me to stay.")
    document.add_paragraph("")
    document.add_paragraph("So I stayed.")
    path = tmp_path / "r.docx"
    document.save(str(path))
    encounter = read_document(path)
    assert [t.text for t in encounter.turns] == ["She asked me to stay.", "So I stayed."]
    assert encounter.metadata["title"] == "Reflection"


def test_errors_name_the_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_text("# Only a title\n")
    with pytest.raises(IngestError, match="no paragraphs"):
        read_document(empty)
    caption = tmp_path / "x.vtt"
    caption.write_text("WEBVTT\n")
    with pytest.raises(IngestError, match="not a document"):
        find_documents([caption])
    bad = tmp_path / "bad.md"
    bad.write_text("---\nauthor: [unclosed\n---\ntext\n")
    with pytest.raises(IngestError):
        read_document(bad)


def test_role_for() -> None:
    assert role_for("Nurse") == Role.CLINICIAN
    assert role_for("volunteer") == Role.OTHER
    assert role_for(None, "patient") == Role.PATIENT
    with pytest.raises(ValueError):
        role_for(None, "boss")


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.text(st.characters(categories=["L", "N", "Zs", "P"]), min_size=1, max_size=40),
        min_size=1,
        max_size=6,
    )
)
def test_any_paragraphs_round_trip(paragraphs: list[str]) -> None:
    import tempfile

    cleaned = [" ".join(p.replace("#", "").replace("-", "").split()) for p in paragraphs]
    cleaned = [p for p in cleaned if p and not p[0].isdigit()]
    if not cleaned:
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.txt"
        path.write_text("\n\n".join(cleaned), encoding="utf-8")
        assert [t.text for t in read_document(path).turns] == cleaned


def test_sample_essays_import_and_codings_import(tmp_path: Path) -> None:
    engine = store.open_workspace(tmp_path / "w.db")
    assert len(read_documents([ESSAYS])) == 22
    outcomes = import_documents(engine, [ESSAYS])
    assert {o.status for o in outcomes} == {"imported"}
    assert {o.status for o in import_documents(engine, [ESSAYS])} == {"unchanged"}
    done = pipeline.import_codings_csv(engine, ESSAYS / "codings" / "mira.csv", "chung2024")
    assert done.encounters == 22 and done.added > 90
    encounters, codings = load_documents(engine)
    assert len(encounters) == 22
    assert any(c.char_span for c in codings)


def test_folder_search_leaves_out_readmes_and_sidecars(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("About this folder.\n")
    (tmp_path / "a.md").write_text("Text.\n")
    (tmp_path / "a.meta.yaml").write_text("author: X\n")
    (tmp_path / "~$a.docx").write_bytes(b"")
    assert find_documents([tmp_path]) == [tmp_path / "a.md"]
    assert find_documents([tmp_path / "README.md"]) == [tmp_path / "README.md"]
