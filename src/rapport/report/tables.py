"""Report tables: a DataFrame with a title, shown as HTML and downloadable as CSV and XLSX.

The downloads are ``data:`` links inside the page, so a report stays one file that works
with no server and no network, and every number on the page can be taken into a
spreadsheet without retyping.
"""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Formatter = Callable[[Any], str]


@dataclass(slots=True)
class Column:
    """How one column is shown: its heading, and a formatter for its values."""

    name: str
    heading: str
    format: Formatter = str
    numeric: bool = False


@dataclass(slots=True)
class ReportTable:
    """A table of a report. ``frame`` is what downloads; ``columns`` say what is shown."""

    id: str
    title: str
    frame: pd.DataFrame
    columns: list[Column]
    note: str = ""
    row_classes: list[str] = field(default_factory=list)

    def rows(self) -> list[list[str]]:
        """The shown cells, formatted, one list per row."""
        values = [self.frame[column.name].tolist() for column in self.columns]
        return (
            [
                [column.format(value) for column, value in zip(self.columns, row, strict=True)]
                for row in zip(*values, strict=True)
            ]
            if self.columns and len(self.frame)
            else []
        )

    def csv_link(self) -> str:
        return "data:text/csv;charset=utf-8;base64," + base64.b64encode(
            csv_bytes(self.frame)
        ).decode("ascii")

    def xlsx_link(self) -> str:
        return f"data:{XLSX_TYPE};base64," + base64.b64encode(
            xlsx_bytes({self.title: self.frame})
        ).decode("ascii")


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark, so that Excel opens accented names correctly."""
    return frame.to_csv(index=False).encode("utf-8-sig")


def _sheet_name(title: str, taken: set[str]) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet name
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name, number = base[: 31 - len(suffix)] + suffix, number + 1
    taken.add(name.lower())
    return name


def xlsx_bytes(frames: Mapping[str, pd.DataFrame]) -> bytes:
    """An Excel workbook with one sheet per table, titled by the mapping's keys."""
    buffer = io.BytesIO()
    taken: set[str] = set()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for title, frame in frames.items():
            _excel_ready(frame).to_excel(writer, sheet_name=_sheet_name(title, taken), index=False)
    return buffer.getvalue()


def _excel_ready(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists become text: Excel cells hold one value."""
    ready = frame.copy()
    for name in ready.columns:
        if ready[name].map(lambda value: isinstance(value, list | tuple | set)).any():
            ready[name] = ready[name].map(
                lambda value: (
                    ", ".join(map(str, value)) if isinstance(value, list | tuple | set) else value
                )
            )
    return ready


def write_tables(tables: Iterable[ReportTable], folder: Path, stem: str) -> list[Path]:
    """Every table as ``STEM-ID.csv`` plus one ``STEM-tables.xlsx`` workbook in ``folder``."""
    tables = list(tables)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in tables:
        path = folder / f"{stem}-{table.id}.csv"
        path.write_bytes(csv_bytes(table.frame))
        written.append(path)
    workbook = folder / f"{stem}-tables.xlsx"
    workbook.write_bytes(xlsx_bytes({table.title: table.frame for table in tables}))
    written.append(workbook)
    return written


def number(value: Any, digits: int = 1) -> str:
    """A number for a table cell; an empty cell for missing values."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and digits == 0):
        return f"{int(value):,}"
    return f"{float(value):,.{digits}f}"


def percent(value: Any, digits: int = 0) -> str:
    """A fraction (0-1) as a percentage."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return f"{100 * float(value):.{digits}f}%"


def p_value(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return "<0.001" if float(value) < 0.001 else f"{float(value):.3f}"


def columns(*specs: tuple[str, str] | tuple[str, str, Formatter] | Column) -> list[Column]:
    """Columns from (name, heading[, formatter]) tuples or ready Column objects."""
    return [spec if isinstance(spec, Column) else Column(*spec) for spec in specs]


def integer(value: Any) -> str:
    return number(value, 0)


def one_decimal(value: Any) -> str:
    return number(value, 1)


def text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(map(str, value))
    return str(value)


def labelled(names: Mapping[str, str]) -> Formatter:
    """A formatter that shows an id by its human name (a code or theme id)."""
    return lambda value: names.get(str(value), text(value))


def numeric(name: str, heading: str, format: Formatter = one_decimal) -> Column:
    return Column(name, heading, format, numeric=True)
