"""Reports: self-contained HTML pages (and PDFs of the same pages) built from analyses.

Three kinds, each a context builder plus a template:

- ``encounter_context``: one conversation, coded, with its wheel, timeline and moments;
- ``clinician_context``: private, supportive feedback for one clinician;
- ``cohort_context``: the paper-style tables, charts and a methods paragraph.

``write_report_file(path, context)`` writes HTML, or PDF when the path ends in ``.pdf``.
"""

from rapport.files import write_atomically
from rapport.report.clinician import clinician_context
from rapport.report.cohort import cohort_context
from rapport.report.encounter import encounter_context
from rapport.report.render import pdf_bytes, render_html, write_report_file

__all__ = [
    "clinician_context",
    "cohort_context",
    "encounter_context",
    "pdf_bytes",
    "render_html",
    "write_atomically",
    "write_report_file",
]
