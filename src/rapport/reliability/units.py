"""Units of analysis for agreement: did each rater apply each code to each turn?

A rater is a human coder (by name), a consensus (``consensus:<coder>``) or a version of
the automatic coder (``auto:<model_version>``), so one report compares the automatic
coder with people, model by model. A rater who coded an encounter decided every turn of
it that the code can apply to (see ``Code.applies_to``): a code they did not apply there
is absent. A rater who did not code an encounter is missing
for all of its turns. A rater coded an encounter when they have a coding in it, or when
``coded_by`` says so (a coder who read an encounter and found nothing to code).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from rapport.model import Codebook, Coding, Encounter, Origin

#: The rater name of auto codings without a model version.
UNKNOWN_MODEL = "unknown"


def rater_of(coding: Coding) -> str:
    """Who made ``coding``, as one rater: ``auto:<model_version>`` for the automatic coder,
    ``consensus:<coder>`` for consensus codings, else the human coder's name."""
    if coding.origin == Origin.AUTO:
        return f"auto:{coding.model_version or UNKNOWN_MODEL}"
    if coding.origin == Origin.CONSENSUS:
        return f"consensus:{coding.coder}"
    return coding.coder


def rater_sort_key(rater: str) -> tuple[int, str]:
    """Sort raters people first, then consensus, then model versions."""
    kind = 2 if rater.startswith("auto:") else 1 if rater.startswith("consensus:") else 0
    return kind, rater


@dataclass(slots=True)
class PresenceCube:
    """``present[turn, code, rater]``: 1.0 applied, 0.0 not applied, NaN not coded.

    ``turns`` has one row per turn of every encounter some rater coded: encounter, turn,
    role and text.
    """

    turns: pd.DataFrame
    codes: list[str]
    themes: list[str]
    raters: list[str]
    present: np.ndarray

    @property
    def theme_ids(self) -> list[str]:
        return list(dict.fromkeys(self.themes))


def presence_cube(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Codebook,
    coders: Sequence[str] | None = None,
    coded_by: Mapping[str, Collection[str]] | None = None,
) -> PresenceCube:
    """Build the cube. Codings of encounters not in ``encounters``, of raters not in
    ``coders`` or of codes not in ``codebook`` are left out; a coding of a turn its
    encounter does not have raises ``ValueError``."""
    known = {encounter.id for encounter in encounters}
    mine = [(rater_of(coding), coding) for coding in codings if coding.encounter_id in known]
    if coders is None:
        found = {rater for rater, _ in mine} | set(coded_by or {})
        raters = sorted(found, key=rater_sort_key)
    else:
        raters = list(dict.fromkeys(coders))
    rater_index = {rater: i for i, rater in enumerate(raters)}
    coded: dict[str, set[str]] = {rater: set() for rater in raters}
    for rater, coding in mine:
        if rater in coded:
            coded[rater].add(coding.encounter_id)
    for rater, ids in (coded_by or {}).items():
        if rater in coded:
            coded[rater].update(ids)
    kept = [e for e in encounters if any(e.id in ids for ids in coded.values())]
    rows: dict[tuple[str, int], int] = {}
    records: list[tuple[str, int, str, str]] = []
    starts: dict[str, tuple[int, int]] = {}
    for encounter in kept:
        first = len(records)
        for turn in encounter.turns:
            rows[(encounter.id, turn.index)] = len(records)
            records.append((encounter.id, turn.index, str(turn.role), turn.text))
        starts[encounter.id] = (first, len(records))
    codes = codebook.code_ids
    code_index = {code: i for i, code in enumerate(codes)}
    present = np.full((len(records), len(codes), len(raters)), np.nan)
    for rater, ids in coded.items():
        for encounter_id in ids:
            if encounter_id in starts:
                first, last = starts[encounter_id]
                present[first:last, :, rater_index[rater]] = 0.0
    for rater, coding in mine:
        if rater not in rater_index or coding.code not in code_index:
            continue
        row = rows.get((coding.encounter_id, coding.turn_index))
        if row is None:
            raise ValueError(
                f"a coding of {coding.code!r} points at turn {coding.turn_index} of encounter "
                f"{coding.encounter_id!r}, which has no such turn"
            )
        present[row, code_index[coding.code], rater_index[rater]] = 1.0
    # A code is judged only on the turns it can apply to (clinicians' turns; affection also
    # the family's): a parent's turn is not a unit of agreement on warning_shot, and
    # counting it would inflate agreement with easy "both absent" units. Where some rater
    # did apply the code to such a turn anyway, the unit stays, as a disagreement.
    roles = np.array([record[2] for record in records], dtype=object)
    for j, code in enumerate(codes):
        allowed = [str(role) for role in codebook.code(code).applies_to]
        outside = ~np.isin(roles, allowed) if len(roles) else np.zeros(0, dtype=bool)
        unused = outside & ~(present[:, j, :] == 1.0).any(axis=1)
        present[unused, j, :] = np.nan
    turns = pd.DataFrame.from_records(records, columns=["encounter", "turn", "role", "text"])
    themes = [codebook.code(code).theme for code in codes]
    return PresenceCube(turns.astype({"turn": "int64"}), codes, themes, raters, present)


def presence(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Codebook,
    coders: Sequence[str] | None = None,
    *,
    coded_by: Mapping[str, Collection[str]] | None = None,
) -> pd.DataFrame:
    """One row per turn, code and rater: did the rater apply the code to the turn?

    Columns: encounter, turn, role (of the turn's speaker), theme, code, coder (the
    rater, see ``rater_of``), present (boolean; ``<NA>`` where the rater did not code the
    encounter). Turns come in encounter and turn order, codes in codebook order.
    """
    cube = presence_cube(encounters, codings, codebook, coders, coded_by)
    n_turns, n_codes, n_raters = cube.present.shape
    turn_rows = np.repeat(np.arange(n_turns), n_codes * n_raters)
    frame = cube.turns.drop(columns="text").iloc[turn_rows].reset_index(drop=True)
    frame["theme"] = np.tile(np.repeat(cube.themes, n_raters), n_turns)
    frame["code"] = np.tile(np.repeat(cube.codes, n_raters), n_turns)
    frame["coder"] = np.tile(np.asarray(cube.raters, dtype=object), n_turns * n_codes)
    flat = cube.present.reshape(-1)
    frame["present"] = pd.arrays.BooleanArray(flat == 1.0, np.isnan(flat))
    return frame
