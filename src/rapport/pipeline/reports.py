"""Use cases for analysis: the main job (analyze), reports and statistics."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from rapport import store
from rapport.analysis import (
    Basis,
    Corpus,
    distribution,
    distribution_tests,
    duration,
    empathic_opportunities,
    frequency,
    opportunity_summary,
)
from rapport.codebooks import load_codebook
from rapport.coding import code_encounters
from rapport.errors import NotFoundError, RapportError
from rapport.ingest import ReadOptions
from rapport.model import Codebook, Coding, Encounter, Origin
from rapport.pipeline.coding import build_coder, store_auto_codings, stored_history
from rapport.pipeline.exports import Privacy, protected
from rapport.pipeline.transcripts import (
    ImportOutcome,
    Progress,
    _no_progress,
    import_parsed,
    parse_paths,
)
from rapport.report.clinician import clinician_context, spoke_in
from rapport.report.cohort import cohort_context
from rapport.report.encounter import encounter_context
from rapport.report.render import write_report_file
from rapport.report.tables import ReportTable, write_tables


@dataclass(slots=True)
class AnalyzeResult:
    report: Path
    imports: list[ImportOutcome]
    encounters: list[Encounter]
    codings: list[Coding]
    model_version: str
    new_codings: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    encounter_reports: int = 0


def analyze(
    engine: Engine,
    paths: Iterable[str | Path],
    *,
    report_path: str | Path,
    codebook: str,
    model: str | None = None,
    options: ReadOptions | None = None,
    progress: Progress = _no_progress,
    notify: Callable[[str], None] | None = None,
    encounter_reports: bool = True,
) -> AnalyzeResult:
    """The main job: import transcripts, code them, store the codings, write the reports.

    The cohort report goes to ``report_path``; each encounter's report goes into the
    folder ``NAME-encounters`` beside it, linked from the cohort report's encounter list.
    The reports count the best codings stored for each encounter: a human's or a
    consensus where there is one, otherwise this coder's.
    """
    sources = parse_paths(paths, options, progress)
    outcomes = import_parsed(engine, sources, progress)
    coder = build_coder(codebook, model, notify)
    ids = [encounter_id for outcome in outcomes for encounter_id in outcome.encounter_ids]
    with engine.connect() as connection:
        encounters = store.load_encounters(connection, ids)
    order = {encounter_id: position for position, encounter_id in enumerate(ids)}
    encounters.sort(key=lambda encounter: order[encounter.id])
    coded = code_encounters(
        encounters, coder, explain=True, background=stored_history(engine, encounters)
    )
    new_codings = store_auto_codings(engine, coded, coder)
    with engine.connect() as connection:
        stored = [c for c in store.get_codings(connection) if c.encounter_id in order]
    # this coder's codings and people's, not those of models that coded earlier
    codings = [
        c for c in stored if c.origin != Origin.AUTO or c.model_version == coder.model_version_
    ]
    highlights = {
        (item.encounter_id, item.turn.index): [
            (e.span[0], e.span[1], e.code)
            for e in item.evidence
            if e.span and e.code in dict(item.codes)
        ]
        for item in coded
    }
    corpus = Corpus(encounters, codings, coder.codebook_)
    report = Path(report_path)
    links: dict[str, str] = {}
    if encounter_reports:
        folder = report.with_name(f"{report.stem}-encounters")
        for done, encounter in enumerate(encounters):
            progress(done, len(encounters), f"report {encounter.id}")
            target = folder / f"{_file_safe(encounter.id)}.html"
            write_report_file(
                target, encounter_context(corpus, encounter.id, highlights=highlights)
            )
            links[encounter.id] = f"{folder.name}/{target.name}"
    write_report_file(report, cohort_context(corpus, encounter_links=links))
    return AnalyzeResult(
        report=report,
        imports=outcomes,
        encounters=encounters,
        codings=corpus.codings,
        model_version=coder.model_version_,
        new_codings=new_codings,
        rows=summary_rows(encounters, corpus.codings, coder.codebook_),
        encounter_reports=len(links),
    )


def _file_safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in name) or "encounter"


def summary_rows(
    encounters: Sequence[Encounter], codings: Sequence[Coding], codebook: Codebook
) -> list[dict[str, Any]]:
    """One row per encounter: its size, its codings and its most frequent themes."""
    per_encounter: dict[str, Counter[str]] = {}
    for coding in codings:
        theme = codebook.code(coding.code).theme
        per_encounter.setdefault(coding.encounter_id, Counter())[theme] += 1
    names = {theme.id: theme.name for theme in codebook.themes}
    rows = []
    for encounter in encounters:
        themes = per_encounter.get(encounter.id, Counter())
        rows.append(
            {
                "encounter": encounter.id,
                "patient": encounter.patient,
                "setting": str(encounter.setting),
                "subtype": encounter.subtype,
                "turns": len(encounter.turns),
                "minutes": round(encounter.duration_seconds / 60, 1)
                if encounter.duration_seconds
                else None,
                "codings": sum(themes.values()),
                "top_themes": ", ".join(f"{names[t]} {n}" for t, n in themes.most_common(3)),
            }
        )
    return rows


@dataclass(slots=True)
class Selection:
    """Which encounters a report or statistic covers; empty lists and None mean all."""

    since: dt.date | None = None
    until: dt.date | None = None
    patients: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    subtypes: list[str] = field(default_factory=list)
    clinicians: list[str] = field(default_factory=list)

    def describe(self) -> str:
        """The filters in words, for a report's title line and methods paragraph."""
        parts = []
        if self.subtypes:
            parts.append("discussion subtype " + " or ".join(self.subtypes))
        if self.settings:
            parts.append("setting " + " or ".join(self.settings))
        if self.patients:
            parts.append("patient " + " or ".join(self.patients))
        if self.clinicians:
            parts.append("clinician " + " or ".join(self.clinicians))
        if self.since or self.until:
            parts.append(f"dated {self.since or '…'} to {self.until or '…'}")
        return (", limited to " + "; ".join(parts)) if parts else ""


def load_corpus(
    engine: Engine,
    codebook: str,
    selection: Selection | None = None,
    *,
    basis: Basis = "best",
) -> Corpus:
    """The stored encounters matching ``selection``, with their codings, as a Corpus."""
    selection = selection or Selection()
    with engine.connect() as connection:
        ids = store.select_encounter_ids(
            connection,
            since=selection.since,
            until=selection.until,
            patients=selection.patients,
            settings=selection.settings,
            subtypes=selection.subtypes,
        )
        encounters = store.load_encounters(connection, ids)
        wanted = set(ids)
        codings = [c for c in store.get_codings(connection) if c.encounter_id in wanted]
    if selection.clinicians:
        names = set(selection.clinicians)
        encounters = [e for e in encounters if any(spoke_in(e, name) for name in names)]
    if not encounters:
        raise NotFoundError(
            "no stored encounters match"
            + (selection.describe().replace(", limited to", "") or "")
            + "; import some with `rapport import`"
        )
    return Corpus(encounters, codings, load_codebook(codebook), basis=basis)


def _tables_beside(path: Path, tables: Sequence[ReportTable]) -> list[Path]:
    return write_tables(tables, path.parent, path.stem)


def report_encounter(
    engine: Engine,
    encounter_id: str,
    out: Path,
    *,
    codebook: str,
    basis: Basis = "best",
    tables: bool = False,
    privacy: Privacy | None = None,
) -> list[Path]:
    """The encounter report (HTML, or PDF when ``out`` ends in .pdf); with ``tables``,
    its tables as CSV and XLSX beside it; de-identified when ``privacy`` asks for it
    (reports are identified by default: they stay with the care team). Returns the files
    written."""
    with engine.connect() as connection:
        encounter = store.get_encounter(connection, encounter_id)
        codings = store.get_codings(connection, encounter_id=encounter_id)
    encounters, codings = protected([encounter], codings, privacy or Privacy(identified=True))
    corpus = Corpus(encounters, codings, load_codebook(codebook), basis=basis)
    context = encounter_context(corpus, encounters[0].id)
    written = [write_report_file(out, context)]
    return written + (_tables_beside(out, context["tables"]) if tables else [])


def report_clinician(
    engine: Engine,
    clinician: str,
    out: Path,
    *,
    codebook: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    compare_team: bool = False,
    basis: Basis = "best",
    tables: bool = False,
) -> list[Path]:
    """The clinician feedback report; see ``report.clinician.clinician_context``."""
    corpus = load_corpus(engine, codebook, basis=basis)
    context = clinician_context(
        corpus.encounters,
        corpus.codings,
        corpus.codebook,
        clinician,
        since=since,
        until=until,
        compare_team=compare_team,
    )
    written = [write_report_file(out, context)]
    return written + (_tables_beside(out, context["tables"]) if tables else [])


def report_cohort(
    engine: Engine,
    out: Path,
    *,
    codebook: str,
    selection: Selection | None = None,
    basis: Basis = "best",
    tables: bool = False,
    privacy: Privacy | None = None,
) -> list[Path]:
    """The cohort report over the stored encounters matching ``selection``, de-identified
    when ``privacy`` asks for it."""
    selection = selection or Selection()
    corpus = load_corpus(engine, codebook, selection, basis=basis)
    if privacy is not None and not privacy.identified:
        encounters, codings = protected(corpus.encounters, corpus.codings, privacy)
        corpus = Corpus(encounters, codings, corpus.codebook, basis=basis)
    context = cohort_context(corpus, filters=selection.describe())
    written = [write_report_file(out, context)]
    return written + (_tables_beside(out, context["tables"]) if tables else [])


STATISTICS = ("frequency", "duration", "distribution", "opportunities")


def statistics(
    engine: Engine,
    kind: str,
    *,
    codebook: str,
    by: str | None = None,
    level: str = "code",
    selection: Selection | None = None,
    basis: Basis = "best",
) -> pd.DataFrame:
    """One of the analyses as a DataFrame, over the stored encounters matching ``selection``.

    ``distribution`` needs ``by`` (subtype by default) and adds each code's test of
    independence; ``opportunities`` summarises empathic opportunities (per ``by`` if given).
    """
    if kind not in STATISTICS:
        raise RapportError(f"unknown statistic {kind!r}; choose one of {', '.join(STATISTICS)}")
    if level not in ("code", "theme"):
        raise RapportError(f"--level must be code or theme, not {level!r}")
    corpus = load_corpus(engine, codebook, selection, basis=basis)
    try:
        if kind == "frequency":
            return frequency(corpus, by=by, level=level)  # type: ignore[arg-type]
        if kind == "duration":
            return duration(corpus, by=by, level=level)  # type: ignore[arg-type]
        if kind == "distribution":
            group = by or "subtype"
            table = distribution(corpus, by=group, level=level)  # type: ignore[arg-type]
            tests = distribution_tests(corpus, by=group, level=level)  # type: ignore[arg-type]
            keys = ["theme", "code"] if level == "code" else ["theme"]
            return table.merge(tests[[*keys, "test", "p_value", "warning"]], on=keys)
        found = empathic_opportunities(corpus)
        return opportunity_summary(found, by=by)
    except ValueError as error:
        raise RapportError(str(error)) from None
