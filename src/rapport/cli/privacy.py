"""``rapport deidentify`` and ``rapport privacy evaluate``: PHI removal from the terminal.

Importing this module registers the commands on ``rapport.cli.shared.app``.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from rapport import pipeline
from rapport.cli.shared import (
    DbOption,
    EncodingOption,
    JsonOption,
    RolesOption,
    _engine,
    _notify,
    _read_options,
    _table,
    app,
    err,
    friendly_errors,
    out,
    progress_bar,
)
from rapport.errors import RapportError
from rapport.settings import setting

privacy_app = typer.Typer(
    help="Check how well de-identification finds protected health information.",
    no_args_is_help=True,
)
app.add_typer(privacy_app, name="privacy")

KEY_ENV = "RAPPORT_PRIVACY_KEY"
ModeOption = Annotated[
    str,
    typer.Option(
        "--mode",
        help="tags: [CHILD-1], [DATE-3], ...; surrogates: realistic stand-ins, dates shifted "
        "per patient.",
    ),
]
KeyOption = Annotated[
    str | None,
    typer.Option(
        "--key",
        envvar=KEY_ENV,
        help="Secret that makes pseudonyms, surrogates and date shifts the same in every run. "
        "Without one they are consistent only within this run.",
        show_envvar=True,
    ),
]


@app.command("deidentify")
@friendly_errors
def deidentify_command(
    targets: Annotated[
        list[str], typer.Argument(help="Transcript files or folders, or stored encounter ids.")
    ],
    mode: ModeOption = "tags",
    key: KeyOption = None,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print each de-identified encounter as one Rapport transcript JSON object "
            "per line.",
        ),
    ] = False,
    out_folder: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Write each de-identified encounter here as Rapport JSON."
        ),
    ] = None,
    review_file: Annotated[
        Path | None,
        typer.Option(
            "--review",
            help="Also write a CSV of the words left in each turn that may still identify "
            "someone (uncommon words, numbers, months), for a person to check before the "
            "text is shared. It quotes the original words: keep it with the originals.",
        ),
    ] = None,
    roles: RolesOption = None,
    encoding: EncodingOption = None,
    db: DbOption = setting("db"),
) -> None:
    """Remove protected health information (names, dates, places, numbers, ...) from
    transcripts or stored encounters. Turn order and timings are kept; speakers, ids and
    dates are replaced too. Prints only counts, never what was removed."""
    from rapport.ingest import write_json
    from rapport.ingest.json_format import encounter_to_dict
    from rapport.privacy import deidentify_encounters

    if mode not in ("tags", "surrogates"):
        raise RapportError(f"--mode must be tags or surrogates, not {mode!r}")
    options = _read_options(roles, encoding, None, None, None, None)
    with progress_bar("Reading") as progress:
        encounters = pipeline.resolve_targets(targets, lambda: _engine(db), options, progress)
    _prepare_tagger()
    result = deidentify_encounters(encounters, mode=mode, key=key, review=review_file is not None)
    if out_folder is not None:
        out_folder.mkdir(parents=True, exist_ok=True)
        for encounter in result.encounters:
            (out_folder / f"{encounter.id}.json").write_text(
                write_json(encounter), encoding="utf-8"
            )
    if as_json:
        for encounter in result.encounters:
            line = json.dumps(encounter_to_dict(encounter), ensure_ascii=False, default=str)
            sys.stdout.write(line + "\n")
    elif out_folder is None:
        for encounter in result.encounters:
            out.print(f"[bold]{encounter.id}[/]", markup=True)
            for turn in encounter.turns:
                out.print(f"{turn.speaker}: {turn.text}", markup=False, soft_wrap=True)
    err.print(result.report.summary() + (f"; written to {out_folder}" if out_folder else ""))
    if review_file is not None:
        texts = {(e.id, t.index): t.text for e in result.encounters for t in e.turns}
        rows = [
            [result.ids[old_id], index, item.text, item.reason, texts[result.ids[old_id], index]]
            for (old_id, index), items in result.review.items()
            for item in items
        ]
        with review_file.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["encounter", "turn", "word", "why", "de-identified turn"])
            writer.writerows(rows)
        err.print(f"{len(rows)} word(s) left for a person to check: {review_file}")


def _prepare_tagger() -> None:
    """Say so before the learned tagger's one-off training, instead of sitting silent."""
    from rapport.privacy.tagger import prepare

    prepare(_notify)


@privacy_app.command("evaluate")
@friendly_errors
def evaluate_command(
    split: Annotated[
        str,
        typer.Option(
            "--split",
            help=(
                "heldout46 (the last unseen split, scored once), heldout45 to heldout2, "
                "heldout or dev (tuned on), or all (every split but sealed ones: a split "
                "written for the next round, to be scored once at its end)."
            ),
        ),
    ] = "heldout",
    as_json: JsonOption = False,
) -> None:
    """Recall and precision of PHI detection per category on the shipped, labelled,
    synthetic test set (see docs/privacy.md for the overlap rule)."""
    from rapport.privacy import evaluate
    from rapport.privacy.testset import ALL_SPLITS, SEALED

    choices = (*reversed(ALL_SPLITS), "all")
    if split not in choices:
        raise RapportError(f"--split must be one of {', '.join(choices)}, not {split!r}")
    if split in SEALED:
        # a sealed split is scored once, on purpose, at the end of its round; a look now
        # would spend it (docs/privacy.md)
        raise RapportError(
            f"{split} is sealed: it is scored once, at the end of the round it was written "
            "for; take it out of rapport.privacy.testset.SEALED to score it"
        )
    _prepare_tagger()
    result = evaluate(None if split == "all" else split)
    if as_json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2) + "\n")
        return
    table = _table(
        "category",
        "labelled",
        "found",
        "recall",
        "detected",
        "correct",
        "precision",
        title=f"PHI detection, {result.split} ({result.sentences} sentences)",
    )
    for score in result.scores:
        row = score.as_dict()
        table.add_row(*("—" if v is None else str(v) for v in row.values()))
    out.print(table)
