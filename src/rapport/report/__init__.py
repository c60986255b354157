"""Reports: HTML pages (and later PDF) built from encounters, codings and a codebook."""

from rapport.report.html import render_report, write_report

__all__ = ["render_report", "write_report"]
