"""Two writers on one workspace at once: a batch job in another process importing and
coding encounters, and web reviewers in threads of this one, each writing through
``rapport.store``. Nothing fails with "database is locked" (SQLite) and no update is lost
(PostgreSQL): every write lands, and read-then-write transactions never interleave.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from rapport import store
from rapport.codebooks import load_codebook
from rapport.model import Coding, Origin
from rapport.store import schema as db

N_BATCH = 40  # encounters the batch process imports and codes, one transaction each
TURNS = 25
REVIEWERS = 3
MIN_REVIEWS = 15  # per reviewer thread; they go on while the batch job runs

# The batch job: import an encounter (one transaction), then its automatic codings (a
# second transaction), as ``rapport batch`` does, one writer in its own process.
BATCH_JOB = textwrap.dedent(
    """
    import sys
    from conftest import build_encounter
    from rapport import store
    from rapport.model import Coding, Origin

    url, n, turns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    engine = store.open_workspace(url)
    print("started", flush=True)
    for i in range(n):
        encounter = build_encounter(f"batch-{i:03d}", turns, patient=f"b{i:03d}")
        with store.transaction(engine) as conn:
            store.import_encounters(
                conn, [encounter], content_hash=store.content_hash(encounter.id.encode()),
                path=encounter.id,
            )
        with store.transaction(engine) as conn:
            store.add_codings(
                conn,
                [
                    Coding(encounter.id, t, "naming", Origin.AUTO, coder="batch", score=0.9,
                           model_version="batch-v1")
                    for t in range(turns)
                ],
                "kaye2021",
            )
    engine.dispose()
    print("done", n, flush=True)
    """
)


def review(engine: Any, reviewer: str, turn: int) -> int:
    """A web review decision as the web app writes it: read what this reviewer decided so
    far, then write the next decision numbered after it, its human coding and an audit row,
    all in one transaction. Returns the number the decision got."""
    with store.transaction(engine) as conn:
        done = conn.execute(
            select(func.count())
            .select_from(db.code_reviews)
            .where(db.code_reviews.c.reviewer == reviewer)
        ).scalar_one()
        store.reviews.add_review(
            conn, "review-me", turn, "naming", reviewer=reviewer, decision="accept", memo=str(done)
        )
        store.add_codings(
            conn, [Coding("review-me", turn, "naming", Origin.HUMAN, coder=reviewer)], "kaye2021"
        )
        store.audit.record(conn, "review", actor=reviewer, object_id="review-me")
    return done


def test_batch_job_and_web_reviews_write_at_once(
    workspace_url: str, make_encounter: Any, tmp_path: Path
) -> None:
    engine = store.open_workspace(workspace_url)
    with store.transaction(engine) as conn:
        store.save_codebook(conn, load_codebook())
        store.import_encounters(
            conn, [make_encounter("review-me", TURNS)], content_hash="review", path="review"
        )

    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(Path(__file__).parent), *sys.path]))
    batch = subprocess.Popen(
        [sys.executable, "-c", BATCH_JOB, workspace_url, str(N_BATCH), str(TURNS)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert batch.stdout is not None
    assert batch.stdout.readline().strip() == "started", batch.stderr.read() if batch.stderr else ""

    errors: list[BaseException] = []
    numbers: list[int] = []
    # Two threads share one reviewer name, so their read-then-write transactions race.
    names = ["shared", "shared", *(f"reviewer-{i}" for i in range(REVIEWERS - 2))]
    during = Counter[str]()

    def reviewer(name: str) -> None:
        deadline = time.monotonic() + 60
        count = 0
        try:
            while (count < MIN_REVIEWS or batch.poll() is None) and time.monotonic() < deadline:
                number = review(engine, name, count % TURNS)
                if name == "shared":
                    numbers.append(number)
                if batch.poll() is None:
                    during[name] += 1
                count += 1
        except BaseException as error:  # report it from the test thread
            errors.append(error)

    threads = [threading.Thread(target=reviewer, args=(name,)) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    out, err = batch.communicate(timeout=120)
    assert batch.returncode == 0, err
    assert out.split() == ["done", str(N_BATCH)]
    assert not errors, errors
    assert sum(during.values()) > 0, "the reviewers wrote while the batch job was writing"

    with engine.connect() as conn:
        reviews = conn.execute(
            select(db.code_reviews.c.reviewer, func.count()).group_by(db.code_reviews.c.reviewer)
        ).all()
        by_reviewer = dict(reviews)
        total_reviews = sum(by_reviewer.values())
        assert (
            conn.execute(select(func.count()).select_from(db.audit_log)).scalar_one()
            == total_reviews
        )
        tally = store.counts(conn)
        human = store.get_codings(conn, encounter_id="review-me", origin=Origin.HUMAN)
        auto = [c for c in store.get_codings(conn, origin=Origin.AUTO) if c.coder == "batch"]
    engine.dispose()
    # Every batch write landed...
    assert tally["imports"] == N_BATCH + 1
    assert tally["encounters"] == N_BATCH + 1
    assert tally["turns"] == (N_BATCH + 1) * TURNS
    assert len(auto) == N_BATCH * TURNS
    # ...and every review, each with its human coding.
    assert len(human) == total_reviews
    assert all(count >= MIN_REVIEWS for count in by_reviewer.values())
    # No lost update: the two "shared" threads each read the count and wrote the next
    # number; had their transactions interleaved, two decisions would carry one number.
    assert sorted(numbers) == list(range(by_reviewer["shared"]))
