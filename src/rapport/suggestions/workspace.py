"""Suggestions in a workspace: learn from its human codings, store suggestions, accept them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from rapport import store
from rapport.codebooks import load_codebook
from rapport.errors import RapportError
from rapport.model import Coding, Origin
from rapport.suggestions.similarity import SUGGESTER, Suggester, model_version


@dataclass(slots=True)
class SuggestedCoding:
    encounter_id: str
    turn_index: int
    code: str
    score: float
    text: str


def suggest_in_workspace(
    engine: Engine,
    codebook: str,
    *,
    coders: Sequence[str] = (),
    suggester: Suggester | None = None,
    limit: int = 2,
) -> tuple[list[SuggestedCoding], dict[str, int]]:
    """Suggestions for every turn or paragraph no person has coded, from the codes people
    applied at least ``min_examples`` times; also returns the examples per code."""
    book = load_codebook(codebook)
    with engine.connect() as connection:
        encounters = store.load_encounters(connection)
        codings = store.get_codings(connection)
    wanted = set(coders)
    human = [
        c
        for c in codings
        if c.code in book.code_ids
        and (
            c.origin == Origin.CONSENSUS
            or (c.origin == Origin.HUMAN and (not wanted or c.coder in wanted))
        )
    ]
    labels: dict[tuple[str, int], set[str]] = {}
    for coding in human:
        labels.setdefault((coding.encounter_id, coding.turn_index), set()).add(coding.code)
    coded_units = {(c.encounter_id, c.turn_index) for c in codings if c.origin != Origin.AUTO}
    turns = {(e.id, t.index): t for e in encounters for t in e.turns}
    keys = sorted(labels)
    suggester = (suggester or Suggester()).fit(
        [turns[k].text for k in keys], [labels[k] for k in keys]
    )
    if not suggester.codes_:
        raise RapportError(
            f"no code of {book.id} has {suggester.min_examples} human-coded examples yet; "
            "code more before asking for suggestions"
        )
    candidates = [k for k in sorted(turns) if k not in coded_units]
    found: list[SuggestedCoding] = []
    for key, suggestions in zip(
        candidates, suggester.suggest([turns[k].text for k in candidates], limit), strict=True
    ):
        for suggestion in suggestions:
            if turns[key].role in book.code(suggestion.code).applies_to:
                found.append(
                    SuggestedCoding(
                        key[0], key[1], suggestion.code, suggestion.score, turns[key].text
                    )
                )
    return found, dict(suggester.counts_)


def store_suggestions(engine: Engine, codebook: str, suggestions: Sequence[SuggestedCoding]) -> int:
    """Save suggestions as automatic codings (``suggest:<codebook>``); repeats are skipped."""
    version = model_version(codebook)
    book = load_codebook(codebook)
    with store.transaction(engine) as connection:
        store.save_codebook(connection, book)
        existing = {
            (c.encounter_id, c.turn_index, c.code)
            for c in store.get_codings(connection, origin=Origin.AUTO)
            if c.model_version == version
        }
        fresh = [
            Coding(
                s.encounter_id,
                s.turn_index,
                s.code,
                origin=Origin.AUTO,
                coder=SUGGESTER,
                score=s.score,
                model_version=version,
            )
            for s in suggestions
            if (s.encounter_id, s.turn_index, s.code) not in existing
        ]
        return store.add_codings(connection, fresh, book.id)


def accept_suggestion(
    engine: Engine, codebook: str, encounter_id: str, turn_index: int, code: str, coder: str
) -> Coding:
    """A person accepts a stored suggestion: a new human coding, the suggestion kept as is."""
    version = model_version(codebook)
    with store.transaction(engine) as connection:
        stored = [
            c
            for c in store.get_codings(connection, encounter_id=encounter_id, origin=Origin.AUTO)
            if c.model_version == version and c.turn_index == turn_index and c.code == code
        ]
        if not stored:
            raise RapportError(f"no suggestion of {code} on {encounter_id} turn {turn_index}")
        coding = Coding(
            encounter_id,
            turn_index,
            code,
            origin=Origin.HUMAN,
            coder=coder,
            memo=f"accepted suggestion ({version}, score {stored[-1].score})",
        )
        store.add_codings(connection, [coding], codebook)
    return coding
