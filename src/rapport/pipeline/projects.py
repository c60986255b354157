"""Use cases for exchanging whole projects and codebooks with other QDA tools (REFI-QDA)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml
from sqlalchemy import Engine

from rapport import store
from rapport.codebooks import codebook_to_dict, load_codebook
from rapport.errors import RapportError
from rapport.interop import export_qdc, export_qdpx, import_qdc, import_qdpx
from rapport.model import Codebook
from rapport.pipeline.exports import Privacy, protected


@dataclass(slots=True)
class ProjectImport:
    """What ``import_project`` did with one ``.qdpx`` file."""

    path: str
    status: str
    encounters: int
    turns: int
    codings: int
    codebook: str
    unmapped: list[str] = field(default_factory=list)


def export_project(
    engine: Engine,
    out: Path,
    *,
    codebook: str,
    project_name: str | None = None,
    privacy: Privacy | None = None,
) -> tuple[Path, int, int]:
    """The whole workspace as a REFI-QDA project: every encounter and every coding (human,
    consensus and auto, each under its coder or model version), de-identified unless
    ``privacy.identified``. Returns the path and the numbers of encounters and codings."""
    book = load_codebook(codebook)
    with engine.connect() as connection:
        encounters, codings = protected(
            store.load_encounters(connection),
            [c for c in store.get_codings(connection) if c.code in set(book.code_ids)],
            privacy or Privacy(),
        )
    if not encounters:
        raise RapportError("the workspace holds no encounters to export")
    try:
        export_qdpx(
            out,
            encounters=encounters,
            codings=codings,
            codebook=book,
            project_name=project_name or f"Rapport project ({out.stem})",
        )
    except ValueError as error:
        raise RapportError(f"cannot export {out}: {error}") from None
    return out, len(encounters), len(codings)


def _same_codes(imported: Codebook, workspace: Codebook) -> bool:
    return set(imported.code_ids) <= set(workspace.code_ids)


def import_project(engine: Engine, path: Path, *, codebook: str) -> ProjectImport:
    """Import a REFI-QDA project's text sources, codes and codings, all in one transaction.

    Codings keep their coders (auto codings exported by Rapport come back as auto, with
    their model version). When the project's codes are codes of the workspace codebook,
    the codings are stored against it; otherwise the project's own codebook is saved to
    the workspace and used. What could not be brought over is listed in ``unmapped``.
    Importing the same file again changes nothing.
    """
    project = import_qdpx(path)
    workspace_book = load_codebook(codebook)
    book = workspace_book if _same_codes(project.codebook, workspace_book) else project.codebook
    data = path.read_bytes()
    with store.transaction(engine) as connection:
        result = store.import_encounters(
            connection,
            project.encounters,
            content_hash=store.content_hash(data),
            path=str(path),
        )
        added = 0
        if result.status == "imported":
            store.save_codebook(connection, book)
            added = store.add_codings(connection, project.codings, book.id)
    return ProjectImport(
        str(path),
        result.status,
        len(result.encounter_ids),
        result.n_turns,
        added,
        book.id,
        list(project.unmapped),
    )


def export_codebook(out: Path, *, codebook: str) -> Path:
    """The codebook as a REFI-QDA ``.qdc`` file."""
    return export_qdc(out, load_codebook(codebook))


def import_codebook(
    engine: Engine | None, path: Path, out: Path | None = None
) -> tuple[Codebook, Path]:
    """Read a ``.qdc`` codebook, write it as a Rapport codebook YAML (usable with
    ``--codebook``) and, given a workspace, save it there."""
    book = import_qdc(path)
    target = out or path.with_suffix(".yaml")
    text = yaml.safe_dump(codebook_to_dict(book), sort_keys=False, allow_unicode=True)
    target.write_text(text, encoding="utf-8")
    load_codebook(target)  # what we wrote must load, or the user gets the error now
    if engine is not None:
        with store.transaction(engine) as connection:
            store.save_codebook(connection, book)
    return book, target
