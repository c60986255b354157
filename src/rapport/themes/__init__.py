"""Thematic analysis (Braun & Clarke), supported and not automated.

1. familiarising: read the documents (``rapport documents import``), write memos
   (``rapport themes memo``);
2. initial codes: coders code paragraphs or spans (``rapport codings import``);
3-5. candidate themes: a THEMES.yaml groups codes into themes with definitions
   (``rapport themes init``), reviewed side by side (``rapport themes review``);
6. the report: each theme with its definition, "n of N documents" and representative
   extracts, as HTML or DOCX (``rapport themes report``).
"""

from rapport.themes.analysis import prevalence_table, summarise_themes, theme_extracts
from rapport.themes.files import add_memo, read_memos, read_theme_map, starter_theme_map
from rapport.themes.model import CandidateTheme, Extract, Memo, ThemeMap, ThemeSummary
from rapport.themes.report import report_context, write_theme_report

__all__ = [
    "CandidateTheme",
    "Extract",
    "Memo",
    "ThemeMap",
    "ThemeSummary",
    "add_memo",
    "prevalence_table",
    "read_memos",
    "read_theme_map",
    "report_context",
    "starter_theme_map",
    "summarise_themes",
    "theme_extracts",
    "write_theme_report",
]
