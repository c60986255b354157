"""Turn a report's context into an HTML page, and an HTML page into a PDF.

The same template serves both: the page is self-contained (inline CSS and SVG, no
scripts, no CDN) and its print styles lay it out on A4 for WeasyPrint, which draws the
SVG charts as vectors, so the PDF stays sharp at any zoom.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from rapport import __version__
from rapport.analysis import WORDS_PER_SECOND
from rapport.errors import RapportError
from rapport.files import write_atomically
from rapport.report.charts import readable_ink
from rapport.report.common import clock

TEMPLATES = {
    "encounter": "encounter.html.j2",
    "clinician": "clinician.html.j2",
    "cohort": "cohort.html.j2",
    "reliability": "reliability.html.j2",
    "surveys": "surveys.html.j2",
}


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("rapport.report", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["clock"] = clock
    env.filters["ink"] = readable_ink
    env.filters["svg"] = lambda markup: Markup(markup or "")
    env.filters["label"] = lambda value: str(value or "").replace("_", " ")
    env.globals["version"] = __version__
    env.globals["words_per_second"] = WORDS_PER_SECOND
    return env


def render_html(context: dict[str, Any]) -> str:
    """The page for a context built by ``encounter_context``, ``clinician_context`` or
    ``cohort_context``."""
    template = environment().get_template(TEMPLATES[context["kind"]])
    codebook = context.get("codebook")
    themes = {theme.id: theme for theme in codebook.themes} if codebook else {}
    return template.render(
        code_theme={code.id: themes[code.theme] for code in codebook.codes} if codebook else {},
        theme_by_id=themes,
        **context,
    )


def pdf_bytes(html: str) -> bytes:
    """The page as a PDF, laid out by its print styles (needs the ``pdf`` extra)."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as error:  # OSError: WeasyPrint found no Pango library
        raise RapportError(
            "PDF reports need WeasyPrint and the Pango library: "
            "pip install 'rapport[pdf]' (and on Debian: apt-get install libpango-1.0-0). "
            f"({error.__class__.__name__}: {str(error).splitlines()[0] if str(error) else ''})"
        ) from None
    document = HTML(string=html, base_url=None)
    result = document.write_pdf()
    assert result is not None
    return bytes(result)


def write_report_file(path: str | Path, context: dict[str, Any]) -> Path:
    """Render ``context`` to ``path``: HTML, or PDF when the path ends in ``.pdf``."""
    html = render_html(context)
    if Path(path).suffix.lower() == ".pdf":
        return write_atomically(path, pdf_bytes(html))
    return write_atomically(path, html)
