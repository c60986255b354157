"""The thematic-analysis report in the shape of a qualitative paper's results: each theme
with its definition, "n of N documents" and representative extracts; HTML (styled like
Rapport's other reports) or DOCX (python-docx), so that authors can keep writing in Word."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from rapport import __version__
from rapport.codebooks import load_codebook
from rapport.files import write_atomically
from rapport.themes.model import Memo, ThemeMap, ThemeSummary


@cache
def _report_css() -> str:
    """The stylesheet of Rapport's reports (report/templates/base.html.j2), reused as is."""
    base = resources.files("rapport.report").joinpath("templates/base.html.j2").read_text("utf-8")
    match = re.search(r"<style>(.*?)</style>", base, re.S)
    return match.group(1) if match else ""


def report_context(
    theme_map: ThemeMap, summaries: Sequence[ThemeSummary], memos: Sequence[Memo] = ()
) -> dict[str, Any]:
    codebook = load_codebook(theme_map.codebook)
    coders = sorted({c for s in summaries for c in s.n_by_coder})
    n_total = summaries[0].n_total if summaries else 0
    ordered = sorted(summaries, key=lambda s: (-s.n, s.theme.name))
    rule = {
        "any": "a document counts for a theme when at least one coder coded one of its codes there",
        "all": "a document counts for a theme only when every coder coded one of its codes there",
        "consensus": "a document counts for a theme when a consensus coding places it there",
    }[theme_map.count]
    return {
        "title": theme_map.title,
        "description": theme_map.description,
        "codebook": codebook,
        "summaries": ordered,
        "coders": coders,
        "n_total": n_total,
        "rule": rule,
        "memos": [m for m in memos if m.document is None],
        "generated": dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "version": __version__,
    }


def render_theme_report_html(context: dict[str, Any]) -> str:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("rapport.themes", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("themes.html.j2").render(css=_report_css(), **context)


def theme_report_docx(context: dict[str, Any]) -> bytes:
    """The same report as a Word document."""
    import docx
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    document.add_heading(context["title"], level=0)
    meta = document.add_paragraph()
    meta.add_run(
        f"Generated {context['generated']} by Rapport {context['version']} · codebook "
        f"{context['codebook'].name}"
    ).italic = True
    if context["description"]:
        document.add_paragraph(context["description"])
    document.add_paragraph(
        f"{context['n_total']} documents were coded by {len(context['coders'])} coder(s) "
        f"({', '.join(context['coders'])}); {context['rule']}."
    )
    document.add_heading("Themes", level=1)
    table = document.add_table(rows=1, cols=3 + len(context["coders"]))
    table.style = "Light List Accent 1"
    header = ["Theme", "n of N", "%", *[f"n ({c})" for c in context["coders"]]]
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for summary in context["summaries"]:
        cells = table.add_row().cells
        values = [
            summary.theme.name,
            f"{summary.n} of {summary.n_total}",
            f"{100 * summary.share:.0f}",
            *[str(summary.n_by_coder.get(c, 0)) for c in context["coders"]],
        ]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    for summary in context["summaries"]:
        document.add_heading(f"{summary.theme.name} (n = {summary.n} of {summary.n_total})", 2)
        if summary.theme.definition:
            paragraph = document.add_paragraph()
            paragraph.add_run("Definition. ").bold = True
            paragraph.add_run(summary.theme.definition)
        codes = ", ".join(context["codebook"].code(c).name for c in summary.theme.codes)
        document.add_paragraph(f"Codes: {codes}").runs[0].font.size = Pt(9)
        for extract in summary.representative:
            quote = document.add_paragraph(style="Intense Quote")
            quote.add_run(f"“{extract.quote}”")
            source = document.add_paragraph()
            where = f"{extract.document}, ¶{extract.paragraph + 1}"
            run = source.add_run(f"{extract.author} ({extract.author_role}), {where}")
            run.font.size = Pt(9)
            run.font.color.rgb = RGBColor(0x5B, 0x65, 0x73)
    if context["memos"]:
        document.add_heading("Analytic memos", level=1)
        for memo in context["memos"]:
            document.add_paragraph(f"{memo.text} ({memo.author or 'analyst'})", style="List Bullet")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_theme_report(path: str | Path, context: dict[str, Any]) -> Path:
    """HTML, or DOCX when ``path`` ends in ``.docx``, written atomically."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        return write_atomically(path, theme_report_docx(context))
    return write_atomically(path, render_theme_report_html(context))
