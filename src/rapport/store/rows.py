"""Small helpers shared by the repository modules for batched SQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Connection, Table

T = TypeVar("T")

# Rows per executemany call: large enough to be fast, small enough that one huge file
# does not build one enormous parameter list in memory.
INSERT_BATCH = 1000
# Bound parameters per IN (...) list; SQLite allowed only 999 before 3.32.
IN_BATCH = 500


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def insert_rows(conn: Connection, table: Table, rows: Iterable[dict[str, Any]]) -> int:
    """Insert in executemany batches (one round trip per batch, not per row)."""
    count = 0
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= INSERT_BATCH:
            conn.execute(table.insert(), batch)
            count += len(batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)
        count += len(batch)
    return count


def chunks(items: Sequence[T], size: int = IN_BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
