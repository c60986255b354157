"""``rapport batch code|analyze|transcribe``: whole folders on Ray (or local processes)."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from rapport.batch import BatchOptions, BatchProgress, BatchResult
from rapport.cli.shared import CodebookOption, DbOption, ModelOption, app, err, friendly_errors, out
from rapport.errors import RapportError
from rapport.settings import setting

batch_app = typer.Typer(
    help="Transcribe, code and analyze whole folders in parallel, on Ray (local by default, "
    "or a cluster) or on local processes; resumable, one writer to the workspace.",
    no_args_is_help=True,
)
app.add_typer(batch_app, name="batch")

InputDir = Annotated[
    Path, typer.Argument(help="A folder of transcripts (or of recordings, for transcribe).")
]
RayAddress = Annotated[
    str | None,
    typer.Option(
        "--ray-address",
        help="A running Ray cluster: 'auto' (the one this machine belongs to) or HOST:PORT. "
        "Default: start Ray on this machine for the job. Workers must see INPUT_DIR at the "
        "same path.",
    ),
]
Workers = Annotated[int, typer.Option("--workers", help="Worker processes (one coder each).")]
Executor = Annotated[
    str,
    typer.Option(
        "--executor",
        help="ray, processes (concurrent.futures on this machine), or auto: Ray when it is "
        "installed (rapport[scale]).",
    ),
]
CommitEvery = Annotated[
    int, typer.Option("--commit-every", help="Files stored per database transaction.")
]
Manifest = Annotated[
    Path | None,
    typer.Option(
        "--manifest",
        help="Where to write the job manifest (JSON). Default: beside an SQLite workspace, "
        "else in the current folder.",
    ),
]


def _options(
    codebook: str,
    model: str | None,
    executor: str,
    workers: int,
    ray_address: str | None,
    commit_every: int,
    manifest: Path | None,
) -> BatchOptions:
    if executor not in ("auto", "ray", "processes"):
        raise RapportError(f"--executor is ray, processes or auto, not {executor!r}")
    if commit_every < 1:
        raise RapportError("--commit-every must be at least 1")
    return BatchOptions(
        codebook=codebook,
        model=model,
        executor=executor,  # type: ignore[arg-type]
        workers=workers,
        ray_address=ray_address,
        commit_every=commit_every,
        manifest=manifest,
    )


@contextmanager
def _progress() -> Iterator[Callable[[BatchProgress], None]]:
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[rate]}"),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("coding", total=None, rate="")

        def update(state: BatchProgress) -> None:
            rate = (
                f"{state.files_per_second:.1f} files/s · {state.turns_per_second:,.0f} turns/s"
                + (f" · {state.failed} failed" if state.failed else "")
            )
            bar.update(task, completed=state.done, total=state.total, rate=rate)

        yield update


def _report(result: BatchResult) -> None:
    coded = result.count("coded")
    out.print(
        f"{coded:,} files coded ({result.n_turns:,} turns, {result.n_codings:,} codings) on "
        f"{result.pool}: {result.files_per_second:.1f} files/s, "
        f"{result.turns_per_second:,.0f} turns/s once the workers were ready "
        f"({result.seconds:.1f} s in all)"
    )
    skipped = result.count("skipped")
    if skipped:
        out.print(f"{skipped:,} already done, skipped")
    out.print(f"model {result.model_version}, codebook {result.codebook}")
    for failure in result.failures:
        err.print(f"[bold red]failed:[/] {failure.path}: {failure.error}", soft_wrap=True)
    out.print(f"manifest: {result.manifest}")


def _finish(result: BatchResult) -> None:
    _report(result)
    if result.failures:
        err.print(f"{len(result.failures)} file(s) failed; the others were stored")
        raise typer.Exit(1)


@batch_app.command("code")
@friendly_errors
def batch_code(
    input_dir: InputDir,
    db: DbOption = setting("db"),
    ray_address: RayAddress = None,
    workers: Workers = 2,
    executor: Executor = "auto",
    codebook: CodebookOption = setting("codebook"),
    model: ModelOption = None,
    commit_every: CommitEvery = 50,
    manifest: Manifest = None,
) -> None:
    """Import and code every transcript under INPUT_DIR; files already done are skipped.

    Exit code 1 when some files failed (each is named, and recorded in the manifest).
    """
    from rapport.batch import run_batch

    options = _options(codebook, model, executor, workers, ray_address, commit_every, manifest)
    with _progress() as update:
        result = run_batch(db, input_dir, options=options, progress=update)
    _finish(result)


@batch_app.command("analyze")
@friendly_errors
def batch_analyze(
    input_dir: InputDir,
    db: DbOption = setting("db"),
    report: Annotated[
        Path, typer.Option("--out", help="The cohort report to write (HTML, or .pdf).")
    ] = Path("rapport-report.html"),
    ray_address: RayAddress = None,
    workers: Workers = 2,
    executor: Executor = "auto",
    codebook: CodebookOption = setting("codebook"),
    model: ModelOption = None,
    commit_every: CommitEvery = 50,
    manifest: Manifest = None,
) -> None:
    """``batch code``, then the cohort report over the whole workspace."""
    from rapport.batch import analyze_batch

    options = _options(codebook, model, executor, workers, ray_address, commit_every, manifest)
    with _progress() as update:
        result, written = analyze_batch(
            db, input_dir, report_path=report, options=options, progress=update
        )
    for path in written:
        out.print(f"Report: {path}")
    _finish(result)


@batch_app.command("transcribe")
@friendly_errors
def batch_transcribe(
    input_dir: InputDir,
    db: DbOption = setting("db"),
    ray_address: RayAddress = None,
    workers: Workers = 2,
    executor: Executor = "auto",
    codebook: CodebookOption = setting("codebook"),
    model: ModelOption = None,
    language: Annotated[
        str, typer.Option("--language", help="ISO code of the spoken language.")
    ] = "en",
    commit_every: CommitEvery = 10,
    manifest: Manifest = None,
) -> None:
    """Transcribe every recording under INPUT_DIR (Whisper base, on the workers), then code
    and store it; recordings already done are skipped. Needs rapport[audio]."""
    if importlib.util.find_spec("rapport.audio.transcribe") is None:
        raise RapportError("rapport.audio is not available in this version: cannot transcribe")
    from dataclasses import replace

    from rapport.batch import run_batch

    options = replace(
        _options(codebook, model, executor, workers, ray_address, commit_every, manifest),
        transcribe_options={"language": language},
    )
    with _progress() as update:
        result = run_batch(db, input_dir, kind="audio", options=options, progress=update)
    _finish(result)
