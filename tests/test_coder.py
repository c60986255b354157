"""The learned coder: estimator contract, codebook rules, context and the hard confusions."""

from __future__ import annotations

import numpy as np
import pytest

from rapport.coding import Coder, code_encounters, default_coder
from rapport.coding.context import turns_in_context
from rapport.coding.data import Example, split_of
from rapport.coding.model_files import load_coder, save_coder
from rapport.model import Encounter, Role, Turn


@pytest.fixture(scope="module")
def coder() -> Coder:
    return default_coder()


def one_turn(text: str, role: Role = Role.CLINICIAN, before: tuple[Role, str] | None = None):
    turns = [] if before is None else [Turn(0, str(before[0]), before[0], before[1])]
    turns.append(Turn(len(turns), str(role), role, text))
    return turns_in_context([Encounter("e", turns)])[-1:]


def codes_for(coder: Coder, text: str, **kwargs) -> set[str]:
    row = coder.predict(one_turn(text, **kwargs))[0]
    return {str(c) for c, decided in zip(coder.classes_, row, strict=True) if decided}


def test_init_stores_parameters_only() -> None:
    estimator = Coder(C=3.0, folds=3)
    assert vars(estimator) == {
        "codebook": "kaye2021", "C": 3.0, "folds": 3, "random_state": 0, "n_jobs": 2,
        "embeddings": "static",
    }  # fmt: skip
    with pytest.raises(ValueError, match="embeddings"):
        Coder(embeddings="bert").fit(one_turn("hello"), [set()])
    assert estimator.get_params()["C"] == 3.0
    with pytest.raises(RuntimeError):
        estimator.predict_proba(one_turn("hello"))


def test_fit_returns_self_with_learned_attributes_and_is_reproducible() -> None:
    examples = [
        Example(f"x{i}", text, Role.CLINICIAN, frozenset(codes))
        for i, (text, codes) in enumerate(
            [("I'm so sorry.", {"saying_sorry"}), ("I am sorry for this news.", {"saying_sorry"})]
            * 6
            + [("The platelets are fine.", set()), ("Take the pill at night.", set())] * 6
        )
    ]
    samples = [e.as_sample() for e in examples]
    labels = [e.codes for e in examples]
    first = Coder(n_jobs=1).fit(samples, labels)
    second = Coder(n_jobs=1).fit(samples, labels)
    assert first.coef_.shape[0] == 27 and len(first.classes_) == 28
    np.testing.assert_allclose(first.predict_proba(samples), second.predict_proba(samples))


def test_probabilities_cover_every_code_and_obey_the_codebook(coder: Coder) -> None:
    parent = one_turn("We love you, Dr Kim. I'm so sorry we were late.", role=Role.PARENT)
    probabilities = coder.predict_proba(parent)
    assert probabilities.shape == (1, 28)
    assert np.all((probabilities >= 0) & (probabilities <= 1))
    allowed = {"affection"}
    for code, p in zip(coder.classes_, probabilities[0], strict=True):
        if code not in allowed:
            assert p == 0.0, f"{code} is for clinicians only"
    assert codes_for(coder, "We love you, Dr Kim.", role=Role.PARENT) == {"affection"}


def test_silence_is_timed_never_read(coder: Coder) -> None:
    timed = Encounter(
        "t",
        [
            Turn(0, "Mom", Role.PARENT, "I can't do this again. She's so scared.", 0.0, 4.0),
            Turn(1, "Dr A", Role.CLINICIAN, "I know.", 10.0, 11.0),
        ],
    )
    untimed = Encounter(
        "u", [Turn(i, t.speaker, t.role, t.text) for i, t in enumerate(timed.turns)]
    )
    coded = code_encounters([timed, untimed], coder)
    assert dict(coded[1].codes).get("silence") and coded[1].spans["silence"] == (4.0, 10.0)
    assert "silence" not in dict(coded[3].codes)


def test_ribbing_apology_is_not_saying_sorry(coder: Coder) -> None:
    teasing = codes_for(
        coder, "I'm sorry, every time I look at those pants I can't take you seriously."
    )
    assert "saying_sorry" not in teasing
    assert "saying_sorry" in codes_for(
        coder, "I'm so sorry. I know this isn't what you hoped to hear."
    )


def test_we_in_logistics_is_not_team_mentality(coder: Coder) -> None:
    logistics = codes_for(
        coder, "We'll get the MRI done Tuesday at eight and we'll call you with the results."
    )
    assert "team_mentality" not in logistics
    assert "team_mentality" in codes_for(
        coder, "Whatever we decide, we'll figure this out together, as a team."
    )


def test_questions_about_wishes_open_the_door_and_about_feelings_explore(coder: Coder) -> None:
    wishes = codes_for(coder, "As we think about what comes next, what are you hoping for?")
    feelings = codes_for(
        coder, "How are you feeling about all of this? What's been the hardest part?"
    )
    assert "open_door" in wishes and "exploring" not in wishes
    assert "exploring" in feelings and "open_door" not in feelings


def test_naming_responds_to_emotion_in_the_turn_before(coder: Coder) -> None:
    before = (
        Role.PARENT,
        "I just keep thinking about what happens if it comes back. I can't sleep.",
    )
    assert "naming" in codes_for(coder, "You sound really scared.", before=before)


def test_remembering_uses_earlier_encounters(coder: Coder) -> None:
    import datetime as dt

    said = "Her brother Jacob has his piano recital on Saturday, she's so excited."
    asked = "Before we start, how did Jacob's piano recital go?"
    earlier = Encounter(
        "a", [Turn(0, "Mom", Role.PARENT, said)], patient="p1", date=dt.date(2024, 1, 1)
    )
    later = Encounter(
        "b", [Turn(0, "Dr A", Role.CLINICIAN, asked)], patient="p1", date=dt.date(2024, 3, 1)
    )
    coded = code_encounters([earlier, later], coder)
    assert "remembering" in dict(coded[1].codes)


def test_explanations_give_words_and_nearest_examples(coder: Coder) -> None:
    enc = Encounter(
        "e", [Turn(0, "Dr A", Role.CLINICIAN, "If it were my child, I would do the trial.")]
    )
    (item,) = code_encounters([enc], coder, explain=True)
    assert "giving_opinion" in dict(item.codes)
    assert item.neighbours["giving_opinion"]
    assert all("giving_opinion" in n.codes for n in item.neighbours["giving_opinion"])


def test_saved_model_predicts_exactly_as_the_original(coder: Coder, tmp_path) -> None:
    samples = one_turn("I think we should stop the chemo and focus on comfort.")
    save_coder(coder, tmp_path / "m", {"name": "copy"})
    copy = load_coder(tmp_path / "m")
    np.testing.assert_allclose(copy.predict_proba(samples), coder.predict_proba(samples), rtol=1e-5)
    assert copy.model_version_ == coder.model_version_


def test_dev_split_is_fixed_by_id_and_about_a_fifth() -> None:
    ids = [f"team-code-{i:03d}" for i in range(2000)]
    share = sum(split_of(i) == "dev" for i in ids) / len(ids)
    assert 0.17 < share < 0.23
    assert split_of("team-code-001") == split_of("team-code-001")


def test_thresholds_come_from_a_plateau_of_the_f1_curve_not_a_lone_spike() -> None:
    from rapport.coding.learned import smoothed

    curve = np.array([0.50, 0.52, 0.51, 0.50, 0.49, 0.30, 0.62, 0.30, 0.20])
    assert int(np.argmax(curve)) == 6
    assert int(np.argmax(smoothed(curve, 5))) < 5
    np.testing.assert_allclose(smoothed(curve, 1), curve)
    assert smoothed(curve, 5).shape == curve.shape


def test_the_shipped_coder_screens_then_codes_with_the_transformer(coder) -> None:
    from rapport.coding.cascade import CascadeCoder

    assert isinstance(coder, CascadeCoder)
    assert coder.screen_.embeddings == "static" and coder.full_.embeddings == "minilm"
    samples = [
        *one_turn("The potassium came back at 4.1."),
        *one_turn("I wish I had better news. I'm so sorry."),
    ]
    screened = coder.screen_.predict_proba(samples)
    passes = coder.passes_screen(screened)
    assert passes.tolist() == [False, True]
    probabilities = coder.predict_proba(samples)
    # A screened-out turn keeps the screen's (tiny) probabilities and carries no code; a turn
    # that passes gets the mean of the screen's and the transformer coder's.
    np.testing.assert_allclose(probabilities[0], screened[0])
    assert probabilities[0].max() < coder.gate < coder.threshold.min()
    full = coder.full_.predict_proba(samples[1:])[0]
    np.testing.assert_allclose(probabilities[1], (screened[1] + full) / 2, rtol=1e-5)
    assert "saying_sorry" in codes_for(coder, "I wish I had better news. I'm so sorry.")


def test_the_onnx_encoder_matches_the_transformer_it_came_from() -> None:
    import torch
    from transformers import AutoModel, AutoTokenizer

    from rapport.coding.embeddings import source_model_dir
    from rapport.coding.transformer import load_encoder

    texts = [
        "I'm so sorry, this is not the news we were hoping for.",
        "Okay.",
        "If it were my child, I would want to know every option, and I'd pick the trial.",
    ]
    source = str(source_model_dir())
    tokenizer, model = AutoTokenizer.from_pretrained(source), AutoModel.from_pretrained(source)
    batch = tokenizer(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).float()
    expected = torch.nn.functional.normalize((hidden * mask).sum(1) / mask.sum(1), dim=1).numpy()
    encoded = load_encoder().encode([*texts, texts[1]])
    assert encoded.shape == (4, 384)
    # int8 weights move each embedding a little; the meaning must stay.
    assert ((encoded[:3] * expected).sum(axis=1) > 0.95).all()
    np.testing.assert_allclose(encoded[3], encoded[1])


def test_token_states_pool_to_the_embedding_and_map_to_characters() -> None:
    from rapport.coding.transformer import load_encoder

    texts = ["We saw Dr Okafor at St Jude on March 3rd.", "ok"]
    encoder = load_encoder()
    found = encoder.token_states(texts)
    assert [len(f.tokens) for f in found] == [len(f.offsets) for f in found]
    first = found[0]
    assert first.states.shape == (len(first.tokens), 384)
    words = [texts[0][a:b] for a, b in first.offsets if b > a]
    assert "Ok" in "".join(words) and "March" in words
    assert first.offsets[0] == (0, 0) and first.tokens[0] == "[CLS]"
    pooled = first.states.mean(axis=0)
    pooled /= np.linalg.norm(pooled)
    # Same batch, so the same int8 activation scales: the states are what was pooled.
    assert float(pooled @ encoder.encode(texts)[0]) > 0.9999
