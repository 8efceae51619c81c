"""Helpers for tests of the chapter prints (used by tests/test_reports_*.py; not imported by the app)."""

import io
import re
import shutil
import tempfile

from django.test import override_settings

WHITESPACE_AND_HYPHENATION = re.compile(r"[\s\u00a0\u2010\u00ad]+")
FOOTER = re.compile(r"^Uppföljning per .+ Sida \d+ av \d+$")


def squash(text: str) -> str:
    """Text without any whitespace or inserted hyphens, for comparing source text with PDF text.

    Line breaks in the PDF fall anywhere (and WeasyPrint marks hyphenation with U+2010), so
    the only robust comparison ignores all of them on both sides. Bullets lose their "- ".
    """
    text = re.sub(r"(?m)^\s*[-•]\s+", "", text)
    return WHITESPACE_AND_HYPHENATION.sub("", text.replace("•", ""))


def pdf_text(pdf: bytes, *, header: str = "") -> str:
    """The PDF's text in reading order, without the running header and footer lines."""
    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        lines = page.extract_text().splitlines()
        pages.append("\n".join(line for line in lines if line.strip() != header and not FOOTER.match(line.strip())))
    return "\n".join(pages)


class TemporaryMediaMixin:
    """Run a TestCase with its own MEDIA_ROOT, removed afterwards, so PDFs never land in the repo."""

    @classmethod
    def setUpClass(cls):
        cls._media_root = tempfile.mkdtemp(prefix="reports-test-media-")
        cls._media_override = override_settings(MEDIA_ROOT=cls._media_root)
        cls._media_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls._media_override.disable()
        shutil.rmtree(cls._media_root, ignore_errors=True)
