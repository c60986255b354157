"""Bounded load test of the web app, on loopback only.

Builds a throwaway workspace with 10,000 short encounters and one of 1,000 turns (coded
by the cue coder), serves it with uvicorn in a thread, and measures with httpx clients:

- the encounter page of the 1,000-turn encounter (target p95 <= 150 ms), on first view
  (the rendered-body cache turned off, so every request builds the page) and on repeat views
  (cached),
- the encounter list over 10,000 encounters, filtered and sorted (target p95 <= 100 ms),
- 50 concurrent clients mixing both (target: no errors).

Latency is measured at the client over loopback, so it is an upper bound on server time.
Run: ``python benchmarks/web_load.py [--requests 200]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import socket
import statistics
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import uvicorn

from rapport import pipeline, store
from rapport.coding import code_encounters
from rapport.model import Encounter, Participant, Role, Setting, Turn
from rapport.web import create_app
from rapport.web import testing as seed
from rapport.web.config import WebSettings

SENTENCES = [
    "I wish I had better news for you today.",
    "How are you feeling about all of this?",
    "We are going to be with you every step of the way.",
    "That sounds really hard. Take your time.",
    "I'm scared about what this means.",
    "Let me show you the scan so you can see what I mean.",
]


def encounter(i: int, n_turns: int) -> Encounter:
    clinician = f"Dr {['Lee', 'Quarrie', 'Ferrow', 'Okafor'][i % 4]}"
    turns = [
        Turn(
            t,
            clinician if t % 2 == 0 else "Mum",
            Role.CLINICIAN if t % 2 == 0 else Role.PARENT,
            SENTENCES[(i + t) % len(SENTENCES)],
            t * 4.0,
            t * 4.0 + 3.5,
        )
        for t in range(n_turns)
    ]
    return Encounter(
        id=f"e{i:05d}",
        turns=turns,
        patient=f"p{i % 700:03d}",
        date=dt.date(2024, 1, 1) + dt.timedelta(days=i % 365),
        setting=list(Setting)[i % 4],
        subtype=["bad_news", "stable", "good_news"][i % 3],
        participants=[Participant(clinician, Role.CLINICIAN), Participant("Mum", Role.PARENT)],
    )


def build(db: Path, n_encounters: int) -> None:
    engine = store.open_workspace(db)
    seed.add_people(engine)
    batch: list[Encounter] = []
    with store.transaction(engine) as conn:
        for i in range(n_encounters):
            batch.append(encounter(i, 6))
        store.import_encounters(conn, batch, content_hash="bulk", path="bulk")
        big = encounter(n_encounters, 1000)
        big.id = "big"
        store.import_encounters(conn, [big], content_hash="big", path="big")
    coder = pipeline.build_coder("kaye2021", "cues")
    with engine.connect() as conn:
        big_encounter = store.get_encounter(conn, "big")
    pipeline.store_auto_codings(engine, code_encounters([big_encounter], coder), coder)
    engine.dispose()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def timed(client: httpx.Client, url: str) -> tuple[float, int]:
    start = time.perf_counter()
    response = client.get(url)
    return (time.perf_counter() - start) * 1000, response.status_code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--encounters", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "load.db"
        started = time.perf_counter()
        build(db, args.encounters)
        print(
            f"workspace: {args.encounters:,} encounters + one of 1,000 turns, "
            f"built in {time.perf_counter() - started:.1f} s"
        )
        engine = store.open_workspace(db)
        app = create_app(WebSettings(db=str(db), model="cues"), engine=engine)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"

        def client() -> httpx.Client:
            c = httpx.Client(base_url=base, timeout=60)
            seed.sign_in(c, "rita")
            return c

        pages = {
            "encounter page, uncached": "/encounters/big",
            "encounter page (1,000 turns)": "/encounters/big",
            "encounter list (10,000)": "/encounters?sort=-date&page=37",
            "encounter list, filtered": "/encounters?clinician=Dr%20Quarrie&subtype=bad_news"
            "&sort=patient",
            "API list (10,000)": "/api/encounters?per_page=50&page=12",
        }
        one = client()
        cache_size = app.state.rendered.size
        for name, url in pages.items():
            app.state.rendered.size = 0 if name.endswith("uncached") else cache_size
            for _ in range(3):
                timed(one, url)  # warm up
            times = [timed(one, url) for _ in range(args.requests)]
            bad = sum(status != 200 for _, status in times)
            values = [t for t, _ in times]
            print(
                f"{name:32s} p50 {statistics.median(values):6.1f} ms  "
                f"p95 {percentile(values, 0.95):6.1f} ms  errors {bad}"
            )
        clients = [client() for _ in range(args.clients)]
        urls = list(dict.fromkeys(pages.values()))

        def work(index: int) -> list[tuple[float, int]]:
            c = clients[index]
            return [timed(c, urls[(index + k) % len(urls)]) for k in range(8)]

        started = time.perf_counter()
        with ThreadPoolExecutor(args.clients) as pool:
            results = [r for rs in pool.map(work, range(args.clients)) for r in rs]
        elapsed = time.perf_counter() - started
        values = [t for t, _ in results]
        errors = sum(status != 200 for _, status in results)
        print(
            f"{args.clients} concurrent clients: {len(results)} requests in {elapsed:.1f} s, "
            f"p50 {statistics.median(values):.0f} ms, p95 {percentile(values, 0.95):.0f} ms, "
            f"errors {errors}"
        )
        server.should_exit = True
        thread.join(5)
        engine.dispose()


if __name__ == "__main__":
    main()
