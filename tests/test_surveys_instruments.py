"""Instruments as data: shipped ones, licensed text, user-defined ones, and exports."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from rapport.errors import IngestError
from rapport.surveys import add_text, list_instruments, load_instrument, write_questionnaire
from rapport.surveys.instruments import SHIPPED_DIR, load_instrument_files
from rapport.surveys.redcap_dictionary import DICTIONARY_COLUMNS, write_data_dictionary

SHIPPED = {
    "human_connection": (16, 1, 4, False),
    "rc_clinician": (4, 1, 6, True),
    "rc_parent": (6, 1, 4, True),
    "sus": (10, 1, 5, True),
    "vas_satisfaction": (1, 0, 10, True),
    "wai_s_patient": (12, 1, 7, False),
    "wai_s_therapist": (12, 1, 7, False),
    "wai_sr": (12, 1, 5, False),
}


def test_shipped_instruments(tmp_path: Path) -> None:
    found = {
        i.id: (len(i.items), i.scale_min, i.scale_max, i.text_included)
        for i in list_instruments(tmp_path)
    }
    assert found == SHIPPED
    for instrument in list_instruments(tmp_path):
        assert all((item.text is None) != instrument.text_included for item in instrument.items)
    assert load_instrument("wai_sr", folder=tmp_path).subscales == {
        "task": ["1", "2", "10", "12"],
        "bond": ["3", "5", "7", "9"],
        "goal": ["4", "6", "8", "11"],
    }


def test_add_text_goes_to_the_user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAPPORT_INSTRUMENTS", str(tmp_path / "mine"))
    wording = tmp_path / "licensed.csv"
    wording.write_text(
        "link_id,text\n" + "".join(f'{i},"Licensed item {i}, as printed"\n' for i in range(1, 13))
    )
    stored = add_text("wai_sr", wording)
    assert stored == tmp_path / "mine" / "text" / "wai_sr.csv"
    instrument = load_instrument("wai_sr")
    assert instrument.text_included and instrument.item("3").text == "Licensed item 3, as printed"
    assert not list(SHIPPED_DIR.glob("text*"))
    wording.write_text("1\tfine\n13\tno such item\n")
    with pytest.raises(IngestError) as caught:
        add_text("wai_sr", wording)
    assert str(caught.value) == f"{wording}:2: wai_sr has no item '13'"


def test_user_defined_instrument_and_line_numbered_errors(tmp_path: Path) -> None:
    shutil.copy(SHIPPED_DIR / "rc_parent.questionnaire.json", tmp_path / "my_rc.questionnaire.json")
    document = json.loads((tmp_path / "my_rc.questionnaire.json").read_text())
    document["id"] = "my_rc"
    (tmp_path / "my_rc.questionnaire.json").write_text(json.dumps(document, indent=2))
    key = (SHIPPED_DIR / "rc_parent.scoring.yaml").read_text().replace("id: rc_parent", "id: my_rc")
    (tmp_path / "my_rc.scoring.yaml").write_text(key)
    assert load_instrument("my_rc", folder=tmp_path).subscales["trust"] == ["3", "4"]
    assert "my_rc" in [i.id for i in list_instruments(tmp_path)]

    bad = key.replace('trust: ["3", "4"]', 'trust: ["3", "44"]')
    (tmp_path / "my_rc.scoring.yaml").write_text(bad)
    line = bad.splitlines().index('  trust: ["3", "44"]') + 1
    with pytest.raises(IngestError) as caught:
        load_instrument("my_rc", folder=tmp_path)
    assert (caught.value.line, caught.value.reason) == (
        line,
        "subscales: no items 44 in the Questionnaire",
    )
    (tmp_path / "my_rc.scoring.yaml").write_text(key.replace("total: mean", "total: median"))
    with pytest.raises(IngestError, match="total: expected one of sum, mean, sus"):
        load_instrument("my_rc", folder=tmp_path)
    (tmp_path / "my_rc.questionnaire.json").write_text(
        '{"resourceType": "Questionnaire",\n "item": [}'
    )
    with pytest.raises(IngestError) as caught:
        load_instrument("my_rc", folder=tmp_path)
    assert caught.value.line == 2
    with pytest.raises(IngestError, match="no instrument 'phq9'"):
        load_instrument("phq9", folder=tmp_path)


def test_exports_round_trip(tmp_path: Path) -> None:
    for instrument in list_instruments(tmp_path):
        q = write_questionnaire(tmp_path / f"{instrument.id}.questionnaire.json", instrument)
        again = load_instrument_files(q, SHIPPED_DIR / f"{instrument.id}.scoring.yaml")
        assert again.items == instrument.items
        assert json.loads(q.read_text()).get("copyright") == instrument.licence
    path = write_data_dictionary(tmp_path / "dd.csv", list_instruments(tmp_path))
    rows = list(csv.reader(path.open()))
    assert rows[0] == DICTIONARY_COLUMNS and len(rows[0]) == 18
    assert all(len(row) == 18 for row in rows)
    assert rows[1][:4] == ["record_id", "human_connection", "", "text"]
    sus_1 = next(row for row in rows if row[0] == "sus_1")
    assert sus_1[3:6] == [
        "radio",
        "I think that I would like to use this system frequently.",
        "1, Strongly disagree | 2, 2 | 3, 3 | 4, 4 | 5, Strongly agree",
    ]
    wai_1 = next(row for row in rows if row[0] == "wai_sr_1")
    assert "add from your licensed copy" in wai_1[4]
    vas = next(row for row in rows if row[0] == "vas_satisfaction_1")
    assert vas[3] == "text" and vas[7:10] == ["number", "0", "10"]
