"""Themes over coded documents: extracts side by side, "n of N documents", representatives.

Pure functions of encounters and codings; nothing here reads a database or a file.
Automatic codings (the coder's, and suggestions not yet accepted) never count: a theme is
what people found in the data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import pandas as pd

from rapport.model import Coding, Encounter, Origin
from rapport.themes.model import CandidateTheme, Extract, ThemeMap, ThemeSummary

CONSENSUS = "consensus"


def human_codings(codings: Sequence[Coding], coders: Sequence[str] = ()) -> list[Coding]:
    """Human and consensus codings, of ``coders`` only when given (consensus always kept)."""
    wanted = set(coders)
    return [
        c
        for c in codings
        if c.origin == Origin.CONSENSUS
        or (c.origin == Origin.HUMAN and (not wanted or c.coder in wanted))
    ]


def theme_extracts(
    theme: CandidateTheme, encounters: Sequence[Encounter], codings: Sequence[Coding]
) -> list[Extract]:
    """Every paragraph coded with one of the theme's codes, in document order."""
    by_id = {e.id: e for e in encounters}
    codes = set(theme.codes)
    grouped: dict[tuple[str, int], list[Coding]] = defaultdict(list)
    for coding in codings:
        if coding.code in codes and coding.encounter_id in by_id:
            grouped[(coding.encounter_id, coding.turn_index)].append(coding)
    order = {e.id: i for i, e in enumerate(encounters)}
    extracts = []
    for (document, paragraph), found in sorted(
        grouped.items(), key=lambda item: (order[item[0][0]], item[0][1])
    ):
        encounter = by_id[document]
        turn = next(t for t in encounter.turns if t.index == paragraph)
        by_coder: dict[str, list[str]] = defaultdict(list)
        for coding in found:
            who = CONSENSUS if coding.origin == Origin.CONSENSUS else coding.coder
            if coding.code not in by_coder[who]:
                by_coder[who].append(coding.code)
        spans = [c.char_span for c in found if c.char_span]
        quote = turn.text[spans[0][0] : spans[0][1]] if spans else turn.text
        extracts.append(
            Extract(
                document=document,
                paragraph=paragraph,
                text=turn.text,
                quote=quote,
                codes_by_coder=dict(by_coder),
                consensus=CONSENSUS in by_coder,
                author=str(encounter.metadata.get("author") or turn.speaker),
                author_role=str(encounter.metadata.get("author_role") or turn.role),
            )
        )
    return extracts


def _documents_counted(
    extracts: Sequence[Extract], rule: str, coders: Sequence[str]
) -> tuple[list[str], dict[str, int]]:
    per_coder: dict[str, set[str]] = defaultdict(set)
    for extract in extracts:
        for coder, codes in extract.codes_by_coder.items():
            if codes:
                per_coder[coder].add(extract.document)
    people = [c for c in coders if c != CONSENSUS]
    everyone = set().union(*per_coder.values()) if per_coder else set()
    if rule == "consensus":
        counted = per_coder.get(CONSENSUS, set())
    elif rule == "all":
        sets = [per_coder.get(c, set()) for c in people]
        counted = set.intersection(*sets) if sets else set()
        counted |= per_coder.get(CONSENSUS, set())
    else:
        counted = everyone
    order = {e.document: i for i, e in enumerate(extracts)}
    return sorted(counted, key=order.__getitem__), {c: len(per_coder.get(c, ())) for c in coders}


def representative_extracts(
    theme: CandidateTheme, extracts: Sequence[Extract], k: int
) -> list[Extract]:
    """The analyst's pinned extracts first, then those most coders agree on, one per
    document, shortest quote first among equals (a report quotes, it does not reprint)."""
    chosen: list[Extract] = []
    by_key = {(e.document, e.paragraph): e for e in extracts}
    for key in theme.pinned:
        if key in by_key and by_key[key] not in chosen:
            chosen.append(by_key[key])
    ranked = sorted(extracts, key=lambda e: (-e.consensus, -e.agreement, len(e.quote)))
    documents = {e.document for e in chosen}
    for extract in ranked:
        if len(chosen) >= k:
            break
        if extract.document not in documents:
            chosen.append(extract)
            documents.add(extract.document)
    return chosen[: max(k, len(theme.pinned))]


def summarise_themes(
    theme_map: ThemeMap,
    encounters: Sequence[Encounter],
    codings: Sequence[Coding],
) -> list[ThemeSummary]:
    """Each theme with "n of N documents", per-coder counts, extracts and representatives.

    N is the number of documents analysed (``theme_map.documents`` or all given).
    """
    if theme_map.documents:
        wanted = set(theme_map.documents)
        encounters = [e for e in encounters if e.id in wanted]
    people = human_codings(codings, theme_map.coders)
    coders = theme_map.coders or sorted({c.coder for c in people if c.origin == Origin.HUMAN})
    if any(c.origin == Origin.CONSENSUS for c in people):
        coders = [*coders, CONSENSUS]
    summaries = []
    for theme in theme_map.themes:
        extracts = theme_extracts(theme, encounters, people)
        documents, n_by_coder = _documents_counted(extracts, theme_map.count, coders)
        summaries.append(
            ThemeSummary(
                theme=theme,
                n=len(documents),
                n_total=len(encounters),
                n_by_coder=n_by_coder,
                documents=documents,
                extracts=extracts,
                representative=representative_extracts(
                    theme, extracts, theme_map.extracts_per_theme
                ),
            )
        )
    return summaries


def prevalence_table(summaries: Sequence[ThemeSummary]) -> pd.DataFrame:
    """One row per theme: n, N, percent and each coder's n, largest first (a tidy frame)."""
    rows = []
    for s in summaries:
        row: dict[str, object] = {
            "theme": s.theme.id,
            "name": s.theme.name,
            "n": s.n,
            "N": s.n_total,
            "percent": round(100 * s.share, 1),
        }
        row.update({f"n_{coder}": n for coder, n in s.n_by_coder.items()})
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    return frame.sort_values(["n", "theme"], ascending=[False, True], ignore_index=True)
