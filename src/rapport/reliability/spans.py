"""Agreement on coded segments, as MAXQDA's "code intersection at segment level".

Two codings of the same code on the same turn by two raters agree when their character
spans overlap by at least ``threshold`` of their union (intersection over union). A
coding without a span covers its whole turn. Each segment of each rater is checked
against the other's: it is matched when some segment of the other rater fits it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from itertools import combinations

import pandas as pd

from rapport.model import Codebook, Coding, Encounter
from rapport.reliability.units import rater_of, rater_sort_key

SPAN_COLUMNS: tuple[str, ...] = (
    "coder_a",
    "coder_b",
    "theme",
    "code",
    "segments",
    "matched",
    "unmatched",
    "percent_agreement",
)

Span = tuple[int, int]


def overlap(first: Span, second: Span) -> float:
    """Intersection over union of two half-open character spans (1.0 for two equal
    empty spans)."""
    inside = max(0, min(first[1], second[1]) - max(first[0], second[0]))
    union = (first[1] - first[0]) + (second[1] - second[0]) - inside
    if union <= 0:
        return 1.0 if first == second else 0.0
    return inside / union


def span_agreement(
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
    codebook: Codebook | None = None,
    *,
    coders: Sequence[str] | None = None,
    threshold: float = 0.9,
    coded_by: Mapping[str, Collection[str]] | None = None,
) -> pd.DataFrame:
    """Per pair of raters and code: how many of their segments the other rater matched.

    Only encounters both raters coded count (see ``units`` for what "coded" means).
    Columns: coder_a, coder_b, theme (empty without ``codebook``), code, segments (of
    both raters), matched, unmatched, percent_agreement (matched / segments; NaN with no
    segments). With ``codebook``, every code has a row, in codebook order; without, the
    codes found, sorted. A span outside its turn raises ``ValueError``.
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    lengths = {(e.id, t.index): len(t.text) for e in encounters for t in e.turns}
    known = {e.id for e in encounters}
    segments: dict[str, dict[tuple[str, int, str], list[Span]]] = defaultdict(
        lambda: defaultdict(list)
    )
    coded: dict[str, set[str]] = defaultdict(set)
    for coding in codings:
        if coding.encounter_id not in known:
            continue
        rater = rater_of(coding)
        coded[rater].add(coding.encounter_id)
        if codebook is not None and coding.code not in codebook.code_ids:
            continue
        length = lengths.get((coding.encounter_id, coding.turn_index))
        if length is None:
            raise ValueError(
                f"a coding points at turn {coding.turn_index} of encounter "
                f"{coding.encounter_id!r}, which has no such turn"
            )
        span = coding.char_span or (0, length)
        if not 0 <= span[0] <= span[1] <= length:
            raise ValueError(
                f"span {span} of {coding.code!r} lies outside turn {coding.turn_index} of "
                f"{coding.encounter_id!r} ({length} characters)"
            )
        key = (coding.encounter_id, coding.turn_index, coding.code)
        segments[rater][key].append(span)
    for rater, ids in (coded_by or {}).items():
        coded[rater].update(ids)
    raters = list(coders) if coders is not None else sorted(coded, key=rater_sort_key)
    if codebook is not None:
        code_ids = codebook.code_ids
        theme_of = {code.id: code.theme for code in codebook.codes}
    else:
        code_ids = sorted({key[2] for by_key in segments.values() for key in by_key})
        theme_of = {}
    rows = []
    for rater_a, rater_b in combinations(raters, 2):
        shared = coded[rater_a] & coded[rater_b]
        total: dict[str, int] = defaultdict(int)
        matched: dict[str, int] = defaultdict(int)
        for mine, theirs in ((rater_a, rater_b), (rater_b, rater_a)):
            for key, spans in segments[mine].items():
                if key[0] not in shared:
                    continue
                others = segments[theirs].get(key, [])
                for span in spans:
                    total[key[2]] += 1
                    if any(overlap(span, other) >= threshold for other in others):
                        matched[key[2]] += 1
        for code in code_ids:
            count, hits = total[code], matched[code]
            rows.append(
                {
                    "coder_a": rater_a,
                    "coder_b": rater_b,
                    "theme": theme_of.get(code, ""),
                    "code": code,
                    "segments": count,
                    "matched": hits,
                    "unmatched": count - hits,
                    "percent_agreement": hits / count if count else float("nan"),
                }
            )
    return pd.DataFrame(rows, columns=list(SPAN_COLUMNS))
