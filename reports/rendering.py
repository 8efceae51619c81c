"""HTML for the chapter and its conversion to an archival, tagged PDF."""

import ctypes
import gc

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint.urls import URLFetcher

from goals import glyphs

from .chapter import Chapter
from .ua_stylesheet import PrintHTML
from .word import chapter_docx as _chapter_docx

# PDF/A-3u: archival (fonts embedded, colour profile, XMP metadata) and Unicode text, so the text
# can be copied and read aloud. Tagging adds the structure tree screen readers need; WeasyPrint's
# PDF/A "a" level would imply it too, but "u" plus tags is what it reliably produces.
PDF_OPTIONS = {"pdf_variant": "pdf/a-3u", "pdf_tags": True}


def chapter_html(chapter: Chapter) -> str:
    """The chapter as one self-contained HTML document (its print CSS is inlined)."""
    # Month names ("31 december 2023") and all labels in Swedish, whoever asked for the print.
    with translation.override("sv"):
        html = render_to_string(
            "reports/chapter/chapter.html",
            {"chapter": chapter, "generated_at": timezone.localtime().replace(microsecond=0)},
        )
    # An emoji the print font lacks would be an empty box in the PDF: a look-alike or [symbol].
    return glyphs.printable(html)


def _fetcher() -> URLFetcher:
    # The document needs nothing from outside; text users wrote must not make the renderer
    # fetch URLs (or read local files), so only inline data: URLs are allowed.
    return URLFetcher(allowed_protocols={"data"}, timeout=1)


def html_to_pdf(html: str, target) -> None:
    """Write the PDF to `target` (a path or a binary file object)."""
    # PrintHTML: WeasyPrint without six pseudo-element styles per element (about a third less
    # memory for the same pages; see reports.ua_stylesheet).
    PrintHTML(string=html, url_fetcher=_fetcher()).write_pdf(target, **PDF_OPTIONS)


def release_memory() -> None:
    """Hand the memory a print freed back to the system: glibc keeps it in the process
    otherwise, and a worker that printed a 400-goal chapter stayed about 100 MB larger."""
    # The layout's boxes and styles refer to each other: collected now, not at some later task.
    gc.collect()
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the process already has loaded
    except (OSError, AttributeError):  # not glibc (musl, macOS): nothing to do
        return
    trim(0)


def chapter_docx(chapter: Chapter, target, *, template: bytes | None = None) -> None:
    """Write the chapter as .docx (reports.word), in the kansli's template when one is given."""
    _chapter_docx(chapter, target, template=template)
