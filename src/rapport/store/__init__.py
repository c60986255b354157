"""The workspace store: a database of encounters, codebooks and codings.

Open it with ``open_workspace``, write inside ``transaction(engine)`` (the only place that
commits), and read or write with the repository functions, which all take a
``Connection``::

    engine = open_workspace()                      # rapport.db, $RAPPORT_DB, or a URL
    with transaction(engine) as conn:
        import_encounters(conn, encounters, content_hash=content_hash(data), path=path)
    with engine.connect() as conn:
        summaries = list_encounters(conn, patient="p07")
"""

from __future__ import annotations

from rapport.store.coders import (
    Adjudication,
    Assignment,
    add_adjudications,
    assign,
    get_adjudications,
    get_assignments,
    submit,
    visible_codings,
)
from rapport.store.codings import add_codings, get_codebook, get_codings, save_codebook
from rapport.store.engine import (
    DEFAULT_URL,
    ENV_VAR,
    Migration,
    current_revision,
    head_revision,
    open_workspace,
    resolve_url,
    transaction,
    upgrade,
)
from rapport.store.repository import (
    EncounterSummary,
    ImportResult,
    content_hash,
    counts,
    get_encounter,
    import_encounters,
    iter_encounters,
    list_encounters,
    load_encounters,
    remove_encounter,
    select_encounter_ids,
)
from rapport.store.surveys import SurveyImportResult, get_responses, import_responses

__all__ = [
    "DEFAULT_URL",
    "ENV_VAR",
    "Adjudication",
    "Assignment",
    "EncounterSummary",
    "ImportResult",
    "Migration",
    "SurveyImportResult",
    "add_adjudications",
    "add_codings",
    "assign",
    "content_hash",
    "counts",
    "current_revision",
    "get_adjudications",
    "get_assignments",
    "get_codebook",
    "get_codings",
    "get_encounter",
    "get_responses",
    "head_revision",
    "import_encounters",
    "import_responses",
    "iter_encounters",
    "list_encounters",
    "load_encounters",
    "open_workspace",
    "remove_encounter",
    "resolve_url",
    "save_codebook",
    "select_encounter_ids",
    "submit",
    "transaction",
    "upgrade",
    "visible_codings",
]

# The web app's accounts, audit log and review decisions (``rapport serve``), used as
# namespaces: ``store.users.add_user``, ``store.audit.record``, ``store.reviews.add_review``.
from rapport.store import audit, reviews, users

__all__ += ["audit", "reviews", "users"]
