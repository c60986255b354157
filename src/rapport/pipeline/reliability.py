"""Use cases for reliability: agreement tables and the reliability report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from rapport import store
from rapport.codebooks import load_codebook
from rapport.errors import RapportError
from rapport.model import Codebook, Coding, Encounter, Origin
from rapport.pipeline.coders import coded_by
from rapport.reliability import BY, agreement, rater_of


@dataclass(slots=True)
class ReliabilityData:
    """The encounters at least two raters coded, their codings and who coded what."""

    encounters: list[Encounter]
    codings: list[Coding]
    codebook: Codebook
    coded_by: dict[str, set[str]]
    raters: list[str]


def _auto_raters(codings: Sequence[Coding]) -> set[str]:
    return {rater_of(c) for c in codings if c.origin == Origin.AUTO}


def load_reliability_data(
    engine: Engine,
    codebook: str,
    *,
    coders: Sequence[str] | None = None,
    with_auto: bool = False,
) -> ReliabilityData:
    """Codings of human coders (and, with ``with_auto``, each model version as a rater)
    over the encounters that at least two of them coded."""
    with engine.connect() as connection:
        codings = store.get_codings(connection)
        assignments = store.get_assignments(connection)
    people = coded_by(codings, assignments)
    wanted = list(coders) if coders else sorted(people)
    unknown = [name for name in wanted if name not in people and not name.startswith("auto:")]
    if unknown:
        known = ", ".join(sorted(people)) or "none yet"
        raise RapportError(f"no codings by coder '{unknown[0]}' (coders: {known})")
    chosen: dict[str, set[str]] = {name: set(people.get(name, set())) for name in wanted}
    if with_auto:
        for coding in codings:
            if coding.origin == Origin.AUTO:
                chosen.setdefault(rater_of(coding), set()).add(coding.encounter_id)
    counts: dict[str, int] = {}
    for ids in chosen.values():
        for encounter_id in ids:
            counts[encounter_id] = counts.get(encounter_id, 0) + 1
    shared = sorted(e for e, n in counts.items() if n >= 2)
    if not shared:
        raise RapportError(
            "no encounter has been coded by two raters yet; import a second coder's codings "
            "(`rapport codings import`) or add --with-auto"
        )
    with engine.connect() as connection:
        encounters = store.load_encounters(connection, shared)
    keep = set(shared)
    raters = set(chosen)
    return ReliabilityData(
        encounters,
        [c for c in codings if c.encounter_id in keep and rater_of(c) in raters],
        load_codebook(codebook),
        chosen,
        sorted(chosen, key=lambda r: (r.startswith("consensus:"), r.startswith("auto:"), r)),
    )


def agreement_table(
    engine: Engine,
    codebook: str,
    *,
    coders: Sequence[str] | None = None,
    by: str = "code",
    exclude_uncoded: bool = False,
    with_auto: bool = False,
    n_boot: int = 1000,
) -> pd.DataFrame:
    """``reliability.agreement`` over the workspace (see its docstring for the columns)."""
    if by not in BY:
        raise RapportError(f"--by must be one of {', '.join(BY)}, not {by!r}")
    data = load_reliability_data(engine, codebook, coders=coders, with_auto=with_auto)
    return agreement(
        data.encounters,
        data.codings,
        data.codebook,
        coders=data.raters,
        by=by,  # type: ignore[arg-type]
        exclude_uncoded=exclude_uncoded,
        n_boot=n_boot,
        coded_by=data.coded_by,
    )


def reliability_report(
    engine: Engine,
    out: Path,
    *,
    codebook: str,
    coders: Sequence[str] | None = None,
    n_boot: int = 1000,
) -> Path:
    """The reliability report: people against each other, and against the automatic coder
    wherever it coded the same encounters."""
    from rapport.report.reliability import reliability_context
    from rapport.report.render import write_report_file

    people = load_reliability_data(engine, codebook, coders=coders)
    with engine.connect() as connection:
        auto = [
            c
            for c in store.get_codings(connection, origin=Origin.AUTO)
            if c.encounter_id in {e.id for e in people.encounters}
        ]
    context: dict[str, Any] = reliability_context(
        people.encounters,
        people.codings,
        people.codebook,
        raters=people.raters,
        coded_by=people.coded_by,
        auto_codings=auto,
        n_boot=n_boot,
    )
    return write_report_file(out, context)
