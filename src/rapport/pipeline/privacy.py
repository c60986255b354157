"""De-identified views for everything that leaves the machine (exports, projects, reports).

``deidentified_view`` de-identifies encounters and carries their codings along: encounter
ids are re-mapped, each coding's character span is moved through its turn's offset map
(a span that touched a replaced name grows to cover the whole replacement), and memos are
de-identified with the same replacements. Time spans are unchanged, as timings are.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from rapport.model import Coding, Encounter


def deidentified_view(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    *,
    mode: str = "tags",
    key: str | bytes | None = None,
) -> tuple[list[Encounter], list[Coding]]:
    """New de-identified encounters, and new codings aligned with them.

    Codings of encounters not in ``encounters`` are dropped. Neither input is changed.
    Needs the ``privacy`` extra; see ``rapport.privacy.deidentify`` for ``mode`` and ``key``.
    """
    from rapport.privacy import deidentify_encounters

    result = deidentify_encounters(encounters, mode=mode, key=key)
    aligned: list[Coding] = []
    for coding in codings:
        new_id = result.ids.get(coding.encounter_id)
        if new_id is None:
            continue
        span = coding.char_span
        text_map = result.maps.get((coding.encounter_id, coding.turn_index))
        if span is not None and text_map is not None:
            span = text_map.span(*span)
        memo = result.scrub(coding.encounter_id, coding.memo) if coding.memo else coding.memo
        aligned.append(dataclasses.replace(coding, encounter_id=new_id, char_span=span, memo=memo))
    return result.encounters, aligned
