"""The shipped codebook and the loader that validates codebook files."""

from __future__ import annotations

import pytest

from rapport.codebooks import codebook_to_dict, load_codebook, parse_codebook, shipped_codebooks
from rapport.errors import CodebookError
from rapport.model import Role

ARCHITECTURE_IDS = {
    "human_connection": ["remembering", "sharing", "friendly_conversation", "affection"],
    "empathy": [
        "standing_in_anothers_shoes", "naming", "understanding", "respecting", "supporting",
        "exploring", "saying_sorry",
    ],
    "presence": ["being_in_the_moment", "silence"],
    "partnering": ["nonabandonment", "team_mentality", "accommodating"],
    "inclusivity": [
        "open_door", "affirming", "connecting_symptoms", "using_analogy", "showing_images",
    ],
    "humor": ["comedy", "ribbing", "matching_maturity_level"],
    "honesty": ["warning_shot", "transparency", "giving_opinion", "summarizing"],
}  # fmt: skip


def test_kaye2021_has_the_seven_themes_and_28_codes_with_stable_ids() -> None:
    codebook = load_codebook("kaye2021")
    assert "kaye2021" in shipped_codebooks()
    assert {t.id: [c.id for c in t.codes] for t in codebook.themes} == ARCHITECTURE_IDS
    assert len(codebook.codes) == 28
    assert "10.1001/jamanetworkopen.2021.20925" in codebook.citation


def test_definitions_are_quoted_from_table_2() -> None:
    codebook = load_codebook()
    assert codebook.code("silence").definition.startswith(
        "Code for any uninterrupted pause, in response to an emotion, that is 5 s or longer"
    )
    assert codebook.code("saying_sorry").definition == (
        'Oncologist uses the phrase "I am sorry" or synonymous sentiments'
    )
    assert codebook.code("silence").requires_timings


def test_affection_applies_to_every_speaker_and_other_codes_to_clinicians() -> None:
    codebook = load_codebook()
    assert codebook.code("affection").applies_to >= {Role.CLINICIAN, Role.PARENT, Role.PATIENT}
    others = [c for c in codebook.codes if c.id != "affection"]
    assert all(c.applies_to == frozenset({Role.CLINICIAN}) for c in others)


def test_every_theme_has_a_distinct_hex_colour() -> None:
    colours = [t.colour for t in load_codebook().themes]
    assert len(set(colours)) == 7
    assert all(c.startswith("#") and len(c) == 7 for c in colours)


VALID = """\
id: tiny
name: Tiny
themes:
  - id: warmth
    colour: "#112233"
    codes:
      - id: greeting
        definition: Says hello
      - id: thanks
        definition: Says thank you
"""


def test_a_valid_codebook_round_trips_to_a_dict() -> None:
    codebook = parse_codebook(VALID)
    assert codebook.code_ids == ["greeting", "thanks"]
    assert codebook_to_dict(codebook)["themes"][0]["codes"][1]["id"] == "thanks"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        (VALID.replace("id: thanks", "id: greeting"), 9, "used twice (first on line 7)"),
        (VALID.replace("id: thanks", "id: Thanks"), 9, "must be snake_case"),
        (VALID.replace('"#112233"', "blue"), 4, "is not #RRGGBB"),
        (VALID.replace("        definition: Says thank you\n", ""), 9, "has no 'definition'"),
        (VALID.replace("    codes:\n", "    codes: []\n    x:\n"), 4, "has no 'codes'"),
        ("id: tiny\nthemes: [\n", 3, "invalid YAML"),
        ("- just\n- a list\n", 1, "a codebook is a mapping"),
    ],
)
def test_invalid_codebooks_name_the_line_and_the_reason(text: str, line: int, reason: str) -> None:
    with pytest.raises(CodebookError) as caught:
        parse_codebook(text, "mine.yaml")
    assert caught.value.line == line
    assert reason in caught.value.reason
    assert caught.value.one_line().startswith(f"mine.yaml:{line}: ")


def test_unknown_codebook_name_lists_the_shipped_ones() -> None:
    with pytest.raises(CodebookError, match=r"shipped codebooks are: .*kaye2021"):
        load_codebook("nope")
