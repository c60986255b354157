"""Build the sample DOCX transcript(s) from their plain-text sources.

Every ``NAME.docx.src`` beside this script becomes ``NAME.docx``:

* lines starting with ``#`` go into the page header (the synthetic-data notice), so the
  document body holds only the conversation;
* every other non-empty line, ``Speaker: text``, becomes one paragraph with the speaker
  name in bold.

Run from anywhere:  python examples/build_docx.py
Needs python-docx (a Rapport dependency). The output is tiny and is committed too.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
FIXED_TIME = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)  # keeps the core properties stable


def build(src: Path) -> Path:
    notice: list[str] = []
    turns: list[tuple[str, str]] = []
    for number, raw in enumerate(src.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            notice.append(line.lstrip("#").strip())
            continue
        speaker, sep, text = line.partition(": ")
        if not sep:
            raise SystemExit(f"{src.name}:{number}: expected 'Speaker: text', got {line!r}")
        turns.append((speaker, text))

    doc = Document()
    doc.styles["Normal"].font.name = "Calibri"
    doc.styles["Normal"].font.size = Pt(11)
    header = doc.sections[0].header.paragraphs[0]
    header.text = notice[0] if notice else ""
    for speaker, text in turns:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{speaker}:").bold = True
        paragraph.add_run(f" {text}")

    props = doc.core_properties
    encounter_id = src.name.removesuffix(".docx.src")
    props.title = f"Rapport sample encounter {encounter_id} (synthetic)"
    props.subject = notice[0] if notice else ""
    props.comments = " ".join(notice)
    props.author = "The Rapport developers"
    props.last_modified_by = "The Rapport developers"
    props.created = props.modified = FIXED_TIME
    props.revision = 1

    out = src.with_name(encounter_id + ".docx")
    doc.save(str(out))
    return out


def main() -> int:
    sources = sorted(HERE.glob("*.docx.src"))
    if not sources:
        print("no *.docx.src files found", file=sys.stderr)
        return 1
    for src in sources:
        print(f"wrote {build(src).relative_to(HERE.parent)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
