"""The transparent cue coder: contract, context rules and known look-alikes."""

from __future__ import annotations

import numpy as np
import pytest

from rapport.coding import code_encounters, to_codings
from rapport.coding.context import turns_in_context
from rapport.coding.cues import CueCoder
from rapport.coding.emotion import emotion_cues, shows_emotion
from rapport.model import Encounter, Origin, Role, Turn


def default_coder() -> CueCoder:
    return CueCoder().fit()


def encounter(*turns: tuple[str, Role, str, float | None, float | None]) -> Encounter:
    return Encounter(
        "e1",
        [
            Turn(i, speaker, role, text, start, end)
            for i, (speaker, role, text, start, end) in enumerate(turns)
        ],
    )


def codes_of(enc: Encounter) -> list[list[str]]:
    return [[c for c, _ in item.codes] for item in code_encounters([enc], default_coder())]


def test_init_stores_parameters_only_and_fit_returns_self() -> None:
    coder = CueCoder(codebook="kaye2021", threshold=0.6)
    assert vars(coder) == {"codebook": "kaye2021", "threshold": 0.6}
    assert coder.fit() is coder
    assert len(coder.classes_) == 28
    with pytest.raises(RuntimeError):
        CueCoder().predict([])


def test_predict_proba_has_a_score_for_every_code_in_0_1() -> None:
    enc = encounter(("Dr Lee", Role.CLINICIAN, "I think we should wait.", None, None))
    coder = default_coder()
    scores = coder.predict_proba(turns_in_context([enc]))
    assert scores.shape == (1, 28)
    assert np.all((scores >= 0) & (scores <= 1))
    giving_opinion = list(coder.classes_).index("giving_opinion")
    assert coder.predict(turns_in_context([enc]))[0, giving_opinion] == 1


def test_ribbing_apology_is_not_saying_sorry() -> None:
    enc = encounter(
        (
            "Dr Lee",
            Role.CLINICIAN,
            "I'm sorry, every time I look at those pants I have to laugh.",
            None,
            None,
        ),
        ("Dr Lee", Role.CLINICIAN, "I'm so sorry. This is not the news we wanted.", None, None),
    )
    first, second = codes_of(enc)
    assert "ribbing" in first and "saying_sorry" not in first
    assert "saying_sorry" in second


def test_only_affection_is_coded_on_family_turns() -> None:
    enc = encounter(
        ("Mom", Role.PARENT, "I think we love you, Dr Lee, I'm sorry for crying.", None, None),
    )
    assert codes_of(enc) == [["affection"]]


def test_silence_needs_a_five_second_pause_after_family_emotion() -> None:
    enc = encounter(
        ("Mom", Role.PARENT, "I'm so scared. I can't do this again.", 10.0, 14.0),
        ("Dr Lee", Role.CLINICIAN, "Take your time.", 20.5, 22.0),
        ("Mom", Role.PARENT, "Okay.", 22.5, 23.0),
        ("Dr Lee", Role.CLINICIAN, "The scan is on Friday.", 30.0, 32.0),
    )
    coded = code_encounters([enc], default_coder())
    assert coded[1].spans == {"silence": (14.0, 20.5)}
    assert "silence" not in [c for c, _ in coded[3].codes]  # a long pause, but no emotion before it
    silence = [c for c in to_codings(coded, default_coder()) if c.code == "silence"]
    assert silence[0].time_span == (14.0, 20.5)
    assert silence[0].origin is Origin.AUTO


def test_silence_is_never_guessed_without_timestamps() -> None:
    enc = encounter(
        ("Mom", Role.PARENT, "I'm so scared.", None, None),
        ("Dr Lee", Role.CLINICIAN, "...", None, None),
    )
    assert codes_of(enc) == [[], []]


def test_explanations_name_the_words_that_matched() -> None:
    enc = encounter(
        ("Dr Lee", Role.CLINICIAN, "If it were my child, I would do the trial.", None, None)
    )
    (item,) = code_encounters([enc], default_coder(), explain=True)
    assert ("giving_opinion", "If it were my child") in [(e.code, e.matched) for e in item.evidence]


def test_emotion_detector_finds_kinds_and_spans() -> None:
    cues = emotion_cues("She's scared and I'm overwhelmed.")
    assert [(c.kind, c.phrase) for c in cues] == [("fear", "scared"), ("overwhelm", "overwhelmed")]
    assert not shows_emotion("The platelets are 140.")
