"""REDCap, FHIR and CSV import: events, arms, repeating forms, checkboxes, and errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rapport.errors import IngestError
from rapport.surveys import (
    FormSpec,
    load_instrument,
    read_csv_responses,
    read_redcap,
    read_responses,
    score,
    write_data_dictionary,
)
from rapport.surveys.model import Instrument
from rapport.surveys.redcap_dictionary import DICTIONARY_COLUMNS

HEADER = ",".join(f'"{name}"' for name in DICTIONARY_COLUMNS)


@pytest.fixture
def instruments() -> dict[str, Instrument]:
    return {name: load_instrument(name) for name in ("wai_sr", "vas_satisfaction", "rc_parent")}


def dictionary(tmp_path: Path, instruments: dict[str, Instrument]) -> Path:
    path = tmp_path / "dictionary.csv"
    write_data_dictionary(
        path,
        [FormSpec(instruments["wai_sr"]), FormSpec(instruments["vas_satisfaction"])],
        extra_fields=[("patient_id", "Patient"), ("clinician_id", "Clinician")],
    )
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text.lstrip("\n"), encoding="utf-8")
    return path


WAI = ",".join(f"wai_sr_{i}" for i in range(1, 13))


def test_events_arms_and_default_field_names(
    tmp_path: Path, instruments: dict[str, Instrument]
) -> None:
    export = write(
        tmp_path / "export.csv",
        f"""
record_id,redcap_event_name,patient_id,clinician_id,wai_sr_date,{WAI},vas_satisfaction_date,vas_satisfaction_1
r1,baseline_arm_1,p1,c9,2025-01-06,4,4,4,4,4,4,4,4,4,4,4,4,,
r1,month_3_arm_1,,,2025-04-06,5,5,5,5,-999,5,5,5,5,5,5,5,2025-04-06,8
r2,baseline_arm_2,p2,c9,,,,,,,,,,,,,,2025-01-10,NA
""",
    )
    responses = read_redcap(export, dictionary(tmp_path, instruments), instruments)
    assert [r.id for r in responses] == [
        "r1:baseline_arm_1:wai_sr",
        "r1:month_3_arm_1:wai_sr",
        "r1:month_3_arm_1:vas_satisfaction",
        "r2:baseline_arm_2:vas_satisfaction",
    ]
    first, later = responses[0], responses[1]
    assert (later.timepoint, later.group, later.patient, later.clinician) == (
        "month_3", "arm_1", "p1", "c9",
    )  # fmt: skip
    assert str(later.date) == "2025-04-06"
    assert later.answers["5"] is None  # -999
    assert (first.role.value, first.respondent, first.relationship) == (
        "patient",
        "r1:patient",
        "r1",
    )
    assert responses[3].answers == {"1": None} and responses[3].group == "arm_2"
    assert str(first.source) == f"{export}:2"


def test_mapping_yaml_arms_roles_and_prefixes(
    tmp_path: Path, instruments: dict[str, Instrument]
) -> None:
    wai = instruments["wai_sr"]
    dictionary_path = tmp_path / "dictionary.csv"
    write_data_dictionary(
        dictionary_path,
        [FormSpec(wai, "wai_parent"), FormSpec(wai, "wai_clin", prefix="wc")],
    )
    mapping = write(
        tmp_path / "mapping.yaml",
        """
arms: {"1": digital, "2": usual_care}
forms:
  - {instrument: wai_sr, form: wai_parent, role: parent}
  - {instrument: wai_sr, form: wai_clin, prefix: wc, role: clinician}
""",
    )
    parent = ",".join(f"wai_parent_{i}" for i in range(1, 13))
    clin = ",".join(f"wc{i}" for i in range(1, 13))
    export = write(
        tmp_path / "export.csv",
        f"record_id,redcap_event_name,{parent},{clin}\n"
        f"r1,month_12_arm_2,{','.join(['3'] * 12)},{','.join(['2'] * 12)}\n",
    )
    responses = read_redcap(export, dictionary_path, instruments, mapping=mapping)
    assert [(r.role.value, r.group, r.timepoint) for r in responses] == [
        ("parent", "usual_care", "month_12"),
        ("clinician", "usual_care", "month_12"),
    ]
    assert score(wai, responses[1])[0].value == 24.0


def test_repeating_instruments_and_checkboxes(
    tmp_path: Path, instruments: dict[str, Instrument]
) -> None:
    dictionary_path = write(
        tmp_path / "dictionary.csv",
        f"""
{HEADER}
record_id,diary,,text,Record,,,,,,,,,,,,,
sat,diary,,checkbox,Satisfaction,"0, 0 | 5, 5 | 10, 10",,,,,,,,,,,,
""",
    )
    mapping = write(
        tmp_path / "mapping.yaml",
        "forms:\n  - {instrument: vas_satisfaction, form: diary, fields: {'1': sat}}\n",
    )
    export = write(
        tmp_path / "export.csv",
        """
record_id,redcap_repeat_instrument,redcap_repeat_instance,sat___0,sat___5,sat___10
r1,,,0,0,0
r1,diary,1,0,1,0
r1,diary,2,0,0,1
r1,diary,3,0,0,0
""",
    )
    responses = read_redcap(export, dictionary_path, instruments, mapping=mapping)
    assert [(r.id, r.timepoint, r.answers["1"]) for r in responses] == [
        ("r1:diary:1", "instance_1", 5.0),
        ("r1:diary:2", "instance_2", 10.0),
    ]
    export.write_text(export.read_text() + "r1,diary,4,0,1,1\n")
    with pytest.raises(IngestError) as caught:
        read_redcap(export, dictionary_path, instruments, mapping=mapping)
    assert str(caught.value) == f"{export}:6: field sat: 2 boxes ticked; an item takes one"


def test_redcap_errors_name_row_and_field(
    tmp_path: Path, instruments: dict[str, Instrument]
) -> None:
    dictionary_path = dictionary(tmp_path, instruments)
    good = ",".join(["4"] * 12)
    cases = {
        f"r1,baseline_arm_1,{good}\nr2,baseline_arm_1,4,4,9,{','.join(['4'] * 9)}\n": (
            3, "field wai_sr_3: '9' is not a choice (1, 2, 3, 4, 5)",
        ),
        f"r1,baseline_arm_1,{good}\nr1,baseline_arm_1,{good}\n": (
            3, "response r1:baseline_arm_1:wai_sr also on line 2",
        ),
        f"r1,baseline_arm_1,{good},9\n": (2, "5 cells"),
    }  # fmt: skip
    for body, (line, reason) in cases.items():
        export = write(tmp_path / "export.csv", f"record_id,redcap_event_name,{WAI}\n{body}")
        with pytest.raises(IngestError) as caught:
            read_redcap(export, dictionary_path, instruments)
        assert caught.value.line == line
        assert reason in caught.value.reason
    missing_column = write(tmp_path / "export.csv", "record_id,wai_sr_1\nr1,4\n")
    with pytest.raises(IngestError, match="no column wai_sr_2 in the export"):
        read_redcap(missing_column, dictionary_path, instruments)


def questionnaire_response(ident: str, **extra: object) -> dict[str, object]:
    resource: dict[str, object] = {
        "resourceType": "QuestionnaireResponse",
        "id": ident,
        "questionnaire": "urn:rapport:questionnaire:wai_sr|2006",
        "status": "completed",
        "subject": {"reference": "Patient/p7"},
        "author": {"reference": "RelatedPerson/mother-p7"},
        "authored": "2025-03-04T10:00:00Z",
        "extension": [
            {"url": "urn:rapport:relationship", "valueString": "p7-drlee"},
            {"url": "urn:rapport:timepoint", "valueString": "month_3"},
            {"url": "urn:rapport:group", "valueString": "digital"},
        ],
        "item": [
            {"linkId": str(i), "answer": [{"valueCoding": {"code": "4"}}]} for i in range(1, 12)
        ]
        + [{"linkId": "12", "answer": [{"valueInteger": 2}]}],
    }
    resource.update(extra)
    return resource


def test_fhir_single_and_bundle(tmp_path: Path, instruments: dict[str, Instrument]) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps(questionnaire_response("qr1"), indent=2))
    [response] = read_responses(single, instruments)
    assert (response.role.value, response.relationship, response.timepoint) == (
        "parent", "p7-drlee", "month_3",
    )  # fmt: skip
    assert (response.patient, response.group, str(response.date)) == ("p7", "digital", "2025-03-04")
    assert score(instruments["wai_sr"], response)[0].value == 46.0
    clinician = questionnaire_response("qr2", author={"reference": "Practitioner/drlee"})
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": questionnaire_response("qr1")}, {"resource": clinician}],
    }
    path = tmp_path / "bundle.json"
    path.write_text(json.dumps(bundle, indent=2))
    responses = read_responses(path, instruments)
    assert [(r.id, r.role.value, r.respondent) for r in responses] == [
        ("qr1", "parent", "mother-p7"),
        ("qr2", "clinician", "drlee"),
    ]
    bad = questionnaire_response("qr3")
    bad["item"] = [{"linkId": "3", "answer": [{"valueInteger": 6}]}]
    bundle["entry"].append({"resource": bad})  # type: ignore[attr-defined]
    path.write_text(json.dumps(bundle, indent=2))
    with pytest.raises(IngestError) as caught:
        read_responses(path, instruments)
    text = path.read_text().splitlines()
    assert '"QuestionnaireResponse"' in text[caught.value.line - 1]  # type: ignore[operator]
    assert caught.value.reason == "field item 3: 6 is outside wai_sr's range 1–5"
    path.write_text(json.dumps(questionnaire_response("x", questionnaire="Questionnaire/phq9")))
    with pytest.raises(IngestError, match="unknown questionnaire 'Questionnaire/phq9'"):
        read_responses(path, instruments)


def test_generic_csv(tmp_path: Path, instruments: dict[str, Instrument]) -> None:
    items = ",".join(str(i) for i in range(1, 7))
    path = write(
        tmp_path / "rc.csv",
        f"""
respondent,role,relationship,timepoint,date,group,{items}
mother-p1,parent,p1-c1,baseline,2025-01-02,digital,4,4,2,4,NA,4
mother-p2,parent,p2-c1,baseline,,usual_care,4,4,4,4,4,4
""",
    )
    responses = read_csv_responses(path, instruments, instrument="rc_parent")
    assert [r.id for r in responses] == [
        "p1-c1:baseline:rc_parent:parent",
        "p2-c1:baseline:rc_parent:parent",
    ]
    assert responses[0].answers["5"] is None
    assert score(instruments["rc_parent"], responses[0])[0].challenging is True
    path.write_text(path.read_text() + "dad,grandparent,p3,baseline,,,4,4,4,4,4,4\n")
    with pytest.raises(IngestError) as caught:
        read_csv_responses(path, instruments, instrument="rc_parent")
    assert (caught.value.line, caught.value.reason) == (
        4, "column role: 'grandparent' is not patient, parent or clinician",
    )  # fmt: skip
    path.write_text(f"respondent,role,relationship,{items}\nm,parent,p1,4,4,0,4,4,4\n")
    with pytest.raises(IngestError) as caught:
        read_csv_responses(path, instruments, instrument="rc_parent")
    assert str(caught.value) == f"{path}:2: field 3: 0 is outside rc_parent's range 1–4"
