"""REFI-QDA exchange: .qdpx projects and .qdc codebooks (rapport.interop).

Exports are validated against the REFI-QDA 1.5 schemas (Project.xsd, Codebook.xsd) with lxml;
round trips are checked on the bundled examples and on Hypothesis-generated projects; the
QualCoder checklist follows QualCoder's importer (ccbogel/QualCoder, src/qualcoder/refi.py).
"""

from __future__ import annotations

import csv
import datetime as dt
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from rapport.codebooks import load_codebook
from rapport.errors import CodebookError, IngestError
from rapport.ingest import find_sources, read_encounters
from rapport.interop import (
    QdpxProject,
    export_qdc,
    export_qdpx,
    import_qdc,
    import_qdpx,
    read_qdc,
)
from rapport.model import (
    Code,
    Codebook,
    Coding,
    Encounter,
    Origin,
    Participant,
    Role,
    Setting,
    Theme,
    Turn,
)

ROOT = Path(__file__).resolve().parents[1]
# The REFI-QDA 1.5 schemas (MIT licence), copied from the standard: see data/refi-qda/SOURCE.md
SCHEMAS = Path(__file__).parent / "data" / "refi-qda"
DATA = Path(__file__).parent / "data"
NS = {"q": "urn:QDA-XML:project:1.0"}
WHEN = dt.datetime(2025, 1, 6, 9, 30, tzinfo=dt.UTC)


def _schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


@pytest.fixture(scope="module")
def project_schema() -> etree.XMLSchema:
    return _schema("Project.xsd")


@pytest.fixture(scope="module")
def codebook_schema() -> etree.XMLSchema:
    return _schema("Codebook.xsd")


@pytest.fixture(scope="module")
def kaye() -> Codebook:
    return load_codebook()


@pytest.fixture(scope="module")
def examples() -> tuple[list[Encounter], list[Coding]]:
    encounters = [e for files in find_sources([ROOT / "examples"]) for e in read_encounters(files)]
    with (DATA / "examples_intended_codes.csv").open(encoding="utf-8") as handle:
        codings = [
            Coding(
                row["encounter"],
                int(row["turn"]),
                row["code"],
                Origin.HUMAN,
                "ana",
                created_at=WHEN,
            )
            for row in csv.DictReader(handle)
        ]
    # Provenance REFI-QDA has no place for, on a few codings of the first encounter.
    first = encounters[0].id
    codings += [
        Coding(
            first,
            1,
            "naming",
            Origin.AUTO,
            score=0.81,
            model_version="cues-2",
            created_at=WHEN,
            char_span=(0, 4),
            memo="Short, but it names the feeling.",
        ),
        Coding(first, 2, "comedy", Origin.CONSENSUS, "ana+ben", memo="", created_at=WHEN),
        Coding(
            first,
            0,
            "silence",
            Origin.AUTO,
            coder="pause-detector",
            model_version=None,
            time_span=(1.5, 7.25),
            created_at=WHEN,
        ),
    ]
    return encounters, codings


def _qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as archive:
        return archive.read("project.qde")


def _sorted(codings: Sequence[Coding]) -> list[Coding]:
    """Codings in a stable order (exports group them by source and position)."""
    return sorted(codings, key=lambda c: repr(replace(c, created_at=c.created_at.replace(fold=0))))


def _round_trip(tmp_path: Path, project: QdpxProject, name: str = "again.qdpx") -> Path:
    return export_qdpx(
        tmp_path / name,
        encounters=project.encounters,
        codings=project.codings,
        codebook=project.codebook,
        project_name=project.name,
        memos=project.memos,
    )


# --- schemas ----------------------------------------------------------------------------


def test_exported_project_validates_against_project_xsd(tmp_path, examples, kaye, project_schema):
    encounters, codings = examples
    path = export_qdpx(
        tmp_path / "study.qdpx",
        encounters=encounters,
        codings=codings,
        codebook=kaye,
        project_name="Examples",
        memos={encounters[0].id: "First visit of the p01 series."},
    )
    document = etree.fromstring(_qde(path))
    assert project_schema.validate(document), project_schema.error_log


def test_exported_codebook_validates_and_round_trips(tmp_path, kaye, codebook_schema):
    path = export_qdc(tmp_path / "kaye.qdc", kaye)
    assert codebook_schema.validate(etree.parse(str(path))), codebook_schema.error_log
    assert import_qdc(path) == kaye
    document = etree.parse(str(path))
    themes = document.findall("{urn:QDA-XML:codebook:1.0}Codes/{urn:QDA-XML:codebook:1.0}Code")
    assert len(themes) == 7 and all(t.get("isCodable") == "false" for t in themes)
    codes = [c for t in themes for c in t.findall("{urn:QDA-XML:codebook:1.0}Code")]
    assert len(codes) == 28 and all(c.get("isCodable") == "true" and c.get("color") for c in codes)


def test_qdc_from_another_tool_gets_snake_case_ids(tmp_path):
    (tmp_path / "theirs.qdc").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA 24">\n'
        " <Codes>\n"
        '  <Code guid="11111111-1111-4111-8111-111111111111" name="Feelings" isCodable="false">\n'
        '   <Code guid="11111111-1111-4111-8111-111111111112" name="Standing in another\'s shoes"'
        ' isCodable="true" color="#aabbcc"><Description>Empathic words</Description></Code>\n'
        "  </Code>\n"
        '  <Code guid="11111111-1111-4111-8111-111111111113" name="Feelings!" isCodable="true"/>\n'
        " </Codes>\n"
        "</CodeBook>\n",
        encoding="utf-8",
    )
    read = read_qdc(tmp_path / "theirs.qdc")
    codebook = read.codebook
    assert [t.name for t in codebook.themes] == ["Feelings", "Codes"]
    assert codebook.themes[0].id == "feelings"
    assert codebook.code_ids == ["standing_in_anothers_shoes", "feelings_2"]
    assert codebook.code("standing_in_anothers_shoes").definition == "Empathic words"
    assert read.code_ids["11111111-1111-4111-8111-111111111113"] == "feelings_2"
    assert any("without a category" in m for m in read.unmapped)


def test_malformed_qdc_is_a_codebook_error(tmp_path):
    bad = tmp_path / "bad.qdc"
    bad.write_text('<?xml version="1.0"?>\n<CodeBook>\n  <Codes>\n</CodeBook>\n')
    with pytest.raises(CodebookError) as caught:
        import_qdc(bad)
    assert caught.value.line == 4 and "not well-formed" in caught.value.reason


# --- round trips ----------------------------------------------------------------------


def test_examples_round_trip_losslessly(tmp_path, examples, kaye):
    encounters, codings = examples
    memos = {encounters[1].id: "Telephone call; Mom on speaker.\r\nLine two."}
    first = export_qdpx(
        tmp_path / "first.qdpx",
        encounters=encounters,
        codings=codings,
        codebook=kaye,
        project_name="Examples",
        memos=memos,
    )
    project = import_qdpx(first)
    assert project.unmapped == []
    assert project.name == "Examples"
    assert project.encounters == encounters
    assert project.codebook == kaye
    assert _sorted(project.codings) == _sorted(codings)
    assert project.memos == memos
    again = _round_trip(tmp_path, project)
    assert again.read_bytes() == first.read_bytes()


def test_auto_codings_come_back_as_auto_with_their_model_version(tmp_path, examples, kaye):
    encounters, codings = examples
    path = export_qdpx(
        tmp_path / "p.qdpx",
        encounters=encounters,
        codings=codings,
        codebook=kaye,
        project_name="Examples",
    )
    users = {u.get("name") for u in etree.fromstring(_qde(path)).iterfind("q:Users/q:User", NS)}
    assert users == {"ana", "ana+ben", "rapport-auto", "rapport-auto:cues-2"}
    auto = [c for c in import_qdpx(path).codings if c.origin == Origin.AUTO]
    assert {(c.coder, c.model_version, c.score) for c in auto} == {
        ("rapport", "cues-2", 0.81),
        ("pause-detector", None, None),
    }


def test_export_is_deterministic_and_guids_are_uuid5(tmp_path, examples, kaye):
    encounters, codings = examples
    kwargs = {"encounters": encounters, "codebook": kaye, "project_name": "Examples"}
    one = export_qdpx(tmp_path / "one.qdpx", codings=codings, **kwargs)
    two = export_qdpx(tmp_path / "two.qdpx", codings=list(reversed(codings)), **kwargs)
    assert one.read_bytes() == two.read_bytes()
    document = etree.fromstring(_qde(one))
    guids = [e.get("guid") for e in document.iter() if e.get("guid")]
    assert len(guids) == len(set(guids))
    assert all(uuid.UUID(g).version == 5 for g in guids)
    assert document.get("creationDateTime") == "2025-01-06T09:30:00Z"


# Small generated projects: any text, names, roles, timings, provenance and memos.
_text = st.text(
    st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t\r"), max_size=12
)
_name = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=8)
_ids = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
_seconds = st.none() | st.floats(0, 1e5, allow_nan=False)
_colour = st.from_regex(r"#[0-9A-Fa-f]{6}", fullmatch=True)


@st.composite
def _codebooks(draw: st.DrawFn) -> Codebook:
    ids = draw(st.lists(_ids, min_size=2, max_size=7, unique=True))
    cut = draw(st.integers(1, max(1, len(ids) // 2)))
    themes = []
    theme_ids, code_ids = ids[:cut], ids[cut:]
    for number, theme_id in enumerate(theme_ids):
        mine = code_ids[number :: len(theme_ids)]
        codes = [
            Code(
                code_id,
                draw(_name),
                theme_id,
                draw(_text),
                draw(st.frozensets(st.sampled_from(list(Role)), min_size=1)),
                draw(st.booleans()),
            )
            for code_id in mine
        ]
        themes.append(Theme(theme_id, draw(_name), draw(_colour), codes, draw(_text)))
    return Codebook(draw(_ids), draw(_name), draw(_text), themes, draw(_text), draw(_text))


@st.composite
def _encounters(draw: st.DrawFn, encounter_id: str) -> Encounter:
    speakers = draw(st.lists(_text, min_size=1, max_size=3))
    turns = []
    for index in range(draw(st.integers(0, 4))):
        turn = Turn(
            index, draw(st.sampled_from(speakers)), draw(st.sampled_from(list(Role))), draw(_text)
        )
        turn.start, turn.end = draw(_seconds), draw(_seconds)
        turn.line = draw(st.none() | st.integers(1, 500))
        turns.append(turn)
    scalars = (
        st.none() | st.booleans() | st.integers(-(10**6), 10**6) | _text | st.floats(-1e6, 1e6)
    )
    return Encounter(
        id=encounter_id,
        turns=turns,
        patient=draw(st.none() | _text),
        date=draw(st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1))),
        setting=draw(st.sampled_from(list(Setting))),
        subtype=draw(st.none() | _text),
        participants=[
            Participant(s, draw(st.sampled_from(list(Role))), draw(_text)) for s in speakers
        ],
        metadata=draw(st.dictionaries(_text, scalars, max_size=3)),
        source=draw(st.none() | _text),
    )


@st.composite
def _projects(draw: st.DrawFn) -> tuple[list[Encounter], list[Coding], Codebook, dict[str, str]]:
    codebook = draw(_codebooks())
    ids = draw(st.lists(_name, min_size=1, max_size=3, unique=True))
    encounters = [draw(_encounters(i)) for i in ids]
    codings = []
    coded = [e for e in encounters if e.turns]
    for _ in range(draw(st.integers(0, 6)) if coded and codebook.codes else 0):
        encounter = draw(st.sampled_from(coded))
        turn = draw(st.sampled_from(encounter.turns))
        start = draw(st.integers(0, len(turn.text)))
        span = draw(st.none() | st.just((start, draw(st.integers(start, len(turn.text))))))
        origin = draw(st.sampled_from(list(Origin)))
        coder = draw(_name.filter(lambda n: not n.startswith("rapport-auto")))
        codings.append(
            Coding(
                encounter.id,
                turn.index,
                draw(st.sampled_from(codebook.code_ids)),
                origin,
                coder,
                score=draw(st.none() | st.floats(0, 1)),
                model_version=draw(st.none() | _text),
                memo=draw(st.none() | _text),
                char_span=span,
                time_span=draw(st.none() | st.tuples(st.floats(0, 99), st.floats(0, 99))),
                created_at=draw(
                    st.datetimes(
                        dt.datetime(2000, 1, 1), dt.datetime(2040, 1, 1), timezones=st.just(dt.UTC)
                    )
                ),
            )
        )
    memos = draw(st.dictionaries(st.sampled_from(ids), _text, max_size=2))
    return encounters, codings, codebook, memos


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(project=_projects())
def test_generated_projects_round_trip_losslessly(tmp_path, project_schema, project):
    encounters, codings, codebook, memos = project
    first = export_qdpx(
        tmp_path / "gen.qdpx",
        encounters=encounters,
        codings=codings,
        codebook=codebook,
        project_name="Generated",
        memos=memos,
    )
    assert project_schema.validate(etree.fromstring(_qde(first))), project_schema.error_log
    back = import_qdpx(first)
    assert back.unmapped == []
    assert back.encounters == encounters
    assert back.codebook == codebook
    assert back.memos == memos
    assert _sorted(back.codings) == _sorted(codings)
    assert _round_trip(tmp_path, back).read_bytes() == first.read_bytes()


# --- QualCoder checklist ----------------------------------------------------------------


def test_qualcoder_checklist(tmp_path, examples, kaye):
    encounters, codings = examples
    accented = Encounter(
        "accents",
        [
            Turn(0, "Dr Ñoño", Role.CLINICIAN, "Café 😊 crème — naïve"),
            Turn(1, "Mum", Role.PARENT, "Ça va"),
        ],
        participants=[Participant("Dr Ñoño", Role.CLINICIAN), Participant("Mum", Role.PARENT)],
    )
    extra = [
        Coding("accents", 0, "sharing", Origin.HUMAN, "zoë", char_span=(5, 6), created_at=WHEN),
        Coding("accents", 1, "affection", Origin.HUMAN, "zoë", created_at=WHEN),
    ]
    path = export_qdpx(
        tmp_path / "qc.qdpx",
        encounters=[*encounters, accented],
        codings=[*codings, *extra],
        codebook=kaye,
        project_name="QualCoder check",
    )
    archive = zipfile.ZipFile(path)
    root = etree.fromstring(archive.read("project.qde"))
    # Project/@origin is set (QualCoder reads it unconditionally).
    assert root.get("origin") == "Rapport 0.1.0"
    # Every text source is a file in sources/, referenced as internal://<guid>.txt.
    sources = root.findall("q:Sources/q:TextSource", NS)
    assert len(sources) == len(encounters) + 1
    texts = {}
    for source in sources:
        assert source.find("q:PlainTextContent", NS) is None
        path_attr = source.get("plainTextPath")
        assert path_attr == f"internal://{source.get('guid')}.txt"
        data = archive.read(f"sources/{source.get('guid')}.txt")
        # UTF-8 and LF only.
        text = data.decode("utf-8")
        assert "\r" not in text and not data.startswith(b"\xef\xbb\xbf")
        texts[source.get("guid")] = text
    # Code names unique across the codebook; themes are non-codable parents.
    codes = root.findall(".//q:CodeBook//q:Code", NS)
    names = [c.get("name") for c in codes]
    assert len(names) == len(set(names)) == 35
    # Each selection: one coder listed in Users, name = selected text in code points.
    users = {u.get("guid") for u in root.findall("q:Users/q:User", NS)}
    selections = 0
    for source in sources:
        text = texts[source.get("guid")]
        for selection in source.findall("q:PlainTextSelection", NS):
            selections += 1
            start, end = int(selection.get("startPosition")), int(selection.get("endPosition"))
            assert selection.get("name") == text[start:end]
            assert selection.get("creatingUser") in users
            marks = selection.findall("q:Coding", NS)
            assert len(marks) == 1 and marks[0].get("creatingUser") == selection.get("creatingUser")
    assert selections == len(codings) + 2
    accented_source = next(s for s in sources if s.get("name") == "accents")
    spans = [
        (int(s.get("startPosition")), s.get("name"))
        for s in accented_source.findall("q:PlainTextSelection", NS)
    ]
    # Code points, not bytes or UTF-16 units: "😊" is one position.
    assert spans == [
        (len("Dr Ñoño: Café "), "😊"),
        (len("Dr Ñoño: Café 😊 crème — naïve\nMum: "), "Ça va"),
    ]
    # Notes carry a creation date (QualCoder needs one) and memos are linked by NoteRef.
    notes = root.findall("q:Notes/q:Note", NS)
    assert notes and all(n.get("creationDateTime") for n in notes)
    note_guids = {n.get("guid") for n in notes}
    refs = {r.get("targetGUID") for r in root.iterfind(".//q:PlainTextSelection/q:NoteRef", NS)}
    assert refs and refs <= note_guids


# --- other tools' projects ------------------------------------------------------------


def _zip_folder(folder: Path, target: Path) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                archive.write(file, file.relative_to(folder).as_posix())
    return target


def test_import_of_an_nvivo_style_project_reports_what_it_cannot_map(tmp_path, project_schema):
    folder = DATA / "qdpx" / "nvivo_style"
    assert project_schema.validate(etree.parse(str(folder / "project.qde")))
    project = import_qdpx(_zip_folder(folder, tmp_path / "nvivo.qdpx"))

    interview, notes = project.encounters
    assert interview.id == "Interview 1" and interview.date == dt.date(2024, 5, 12)
    assert interview.metadata == {"Site": "North"}
    assert [(t.speaker, t.role) for t in interview.turns] == [
        ("Unknown", Role.OTHER),
        ("Dr Lee", Role.CLINICIAN),  # from the case's Role variable
        ("Anna", Role.OTHER),
        ("Dr Lee", Role.CLINICIAN),
    ]
    assert interview.turns[2].text == "Tired. The nights are hard.\nIt is hard to sleep."
    assert [t.text for t in notes.turns] == [
        "Patient seemed calm.",
        "Mother asked about school – and the café.",
    ]

    assert [(t.name, [c.id for c in t.codes]) for t in project.codebook.themes] == [
        ("Communication", ["empathy", "naming_emotions"]),
        ("Codes", ["humour"]),
    ]
    got = {
        (c.encounter_id, c.turn_index, c.code, c.char_span, c.coder, c.memo)
        for c in project.codings
    }
    assert got == {
        ("Interview 1", 3, "naming_emotions", (24, 34), "Kim", "Good moment"),
        ("Interview 1", 2, "empathy", (7, 48), "Kim", "check this"),  # one selection, two turns
        ("Interview 1", 3, "empathy", (0, 23), "Kim", "check this"),
        ("Field notes", 1, "humour", None, "Kim", None),  # the whole turn
    }
    assert all(c.origin == Origin.HUMAN for c in project.codings)

    report = "\n".join(project.unmapped)
    for expected in (
        "PDF source 'Consent form' was not imported",
        "picture source 'Drawing' was not imported",
        "audio source 'Recording' was not imported",
        "code 'Naming emotions' nested under code 'Empathy'",
        "('Humour') were put in theme 'Codes'",
        "set 'Interviews'",
        "case 'Anna' was not imported",
        "1 link(s) were not imported",
        "note 'Project journal'",
        "no role given for 'Anna'",
        "1 selection(s) spanning several turns became one coding per turn",
        "1 selection(s) without a code (comments) were not imported",
        "1 coding(s) with a category were not imported",
        "1 whole-source coding(s) were not imported",
        "text source 'Field notes' has no 'Name:' speaker labels",
        "text before the first speaker label",
    ):
        assert expected in report, expected
    # What was imported exports again as a valid project.
    again = _round_trip(tmp_path, project)
    assert project_schema.validate(etree.fromstring(_qde(again)))


def test_edited_text_falls_back_to_speaker_lines(tmp_path, examples, kaye):
    encounters, _ = examples
    path = export_qdpx(
        tmp_path / "e.qdpx",
        encounters=encounters[:1],
        codings=[],
        codebook=kaye,
        project_name="Edited",
    )
    edited = tmp_path / "edited.qdpx"
    with zipfile.ZipFile(path) as old, zipfile.ZipFile(edited, "w") as new:
        for info in old.infolist():
            data = old.read(info)
            if info.filename.startswith("sources/"):
                data = data.replace(b"\n", b"\nDr Who: An extra line.\n", 1)
            new.writestr(info, data)
    project = import_qdpx(edited)
    assert any("turn table no longer fits" in m for m in project.unmapped)
    assert project.encounters[0].turns[1].speaker == "Dr Who"


# --- errors ---------------------------------------------------------------------------


def _zip(target: Path, members: dict[str, str]) -> Path:
    with zipfile.ZipFile(target, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return target


@pytest.mark.parametrize(
    ("members", "line", "reason"),
    [
        (None, None, "not a zip archive"),
        ({"readme.txt": "hi"}, None, "no project.qde"),
        ({"project.qde": "<Project name='x'>\n<Sources>\n</Project>"}, 3, "not well-formed XML"),
        ({"project.qde": "<?xml version='1.0'?>\n<CodeBook/>"}, 2, "not <Project>"),
        ({"project.qde": "<!DOCTYPE x [<!ENTITY a 'b'>]><Project name='x'/>"}, 1, "DOCTYPE"),
        (
            {
                "project.qde": "<Project xmlns='urn:QDA-XML:project:1.0' name='x'><Sources>\n"
                "<TextSource guid='00000000-0000-4000-8000-000000000001' name='t'>"
                "<PlainTextContent>A: hi</PlainTextContent>\n"
                "<PlainTextSelection guid='00000000-0000-4000-8000-000000000002' "
                "startPosition='zero' endPosition='2'/></TextSource></Sources></Project>"
            },
            3,
            "startPosition 'zero' is not a whole number",
        ),
    ],
)
def test_malformed_projects_are_ingest_errors(tmp_path, members, line, reason):
    path = tmp_path / "bad.qdpx"
    if members is None:
        path.write_text("this is not a zip")
    else:
        _zip(path, members)
    with pytest.raises(IngestError) as caught:
        import_qdpx(path)
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert caught.value.path == str(path)


def test_missing_file_is_an_ingest_error(tmp_path):
    with pytest.raises(IngestError, match="no such file"):
        import_qdpx(tmp_path / "nothing.qdpx")


@pytest.mark.parametrize(
    ("coding", "message"),
    [
        (Coding("nope", 0, "naming"), "no such encounter"),
        (Coding("e", 5, "naming"), "has 1 turns"),
        (Coding("e", 0, "not_a_code"), "not in codebook"),
        (Coding("e", 0, "naming", char_span=(2, 99)), "outside the turn"),
    ],
)
def test_export_refuses_codings_it_cannot_place(tmp_path, kaye, coding, message):
    encounter = Encounter("e", [Turn(0, "Dr A", Role.CLINICIAN, "Hello")])
    with pytest.raises(ValueError, match=message):
        export_qdpx(
            tmp_path / "x.qdpx",
            encounters=[encounter],
            codings=[coding],
            codebook=kaye,
            project_name="x",
        )
