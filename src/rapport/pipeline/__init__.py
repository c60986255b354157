"""Use cases that compose the library: import, code, analyze, report, list and export.

The CLI and the web app both call these; neither holds business logic of its own.
Every write goes through ``store.transaction``, one transaction per imported file.
"""

from __future__ import annotations

from rapport.coding import code_encounters
from rapport.pipeline.coders import (
    CodingImport,
    Disagreement,
    adjudicate,
    assign_encounters,
    disagreement_queue,
    import_adjudications,
    import_codings_csv,
    submit_encounters,
    write_consensus,
)
from rapport.pipeline.coding import (
    AnyCoder,
    build_coder,
    coded_turn_json,
    evaluate,
    gold_from_csv,
    store_auto_codings,
    stored_history,
    train,
)
from rapport.pipeline.exports import EXPORT_COLUMNS, export_rows, format_rows
from rapport.pipeline.projects import (
    ProjectImport,
    export_codebook,
    export_project,
    import_codebook,
    import_project,
)
from rapport.pipeline.reliability import agreement_table, load_reliability_data, reliability_report
from rapport.pipeline.reports import (
    STATISTICS,
    AnalyzeResult,
    Selection,
    analyze,
    load_corpus,
    report_clinician,
    report_cohort,
    report_encounter,
    statistics,
    summary_rows,
)
from rapport.pipeline.surveys import (
    bridge,
    dyad_agreement,
    dyad_discordance,
    export_instrument,
    import_surveys,
    logit,
    missed_challenge_alerts,
    mixed,
    survey_report,
    survey_scores,
)
from rapport.pipeline.transcripts import (
    ImportOutcome,
    ParsedSource,
    Progress,
    import_parsed,
    import_paths,
    parse_paths,
    resolve_targets,
    source_hash,
)

__all__ = [
    "EXPORT_COLUMNS",
    "STATISTICS",
    "AnalyzeResult",
    "AnyCoder",
    "CodingImport",
    "Disagreement",
    "ImportOutcome",
    "ParsedSource",
    "Progress",
    "ProjectImport",
    "Selection",
    "adjudicate",
    "agreement_table",
    "analyze",
    "assign_encounters",
    "bridge",
    "build_coder",
    "code_encounters",
    "coded_turn_json",
    "disagreement_queue",
    "dyad_agreement",
    "dyad_discordance",
    "evaluate",
    "export_codebook",
    "export_instrument",
    "export_project",
    "export_rows",
    "format_rows",
    "gold_from_csv",
    "import_adjudications",
    "import_codebook",
    "import_codings_csv",
    "import_parsed",
    "import_paths",
    "import_project",
    "import_surveys",
    "load_corpus",
    "load_reliability_data",
    "logit",
    "missed_challenge_alerts",
    "mixed",
    "parse_paths",
    "reliability_report",
    "report_clinician",
    "report_cohort",
    "report_encounter",
    "resolve_targets",
    "source_hash",
    "statistics",
    "store_auto_codings",
    "stored_history",
    "submit_encounters",
    "summary_rows",
    "survey_report",
    "survey_scores",
    "train",
    "write_consensus",
]
