"""The print's lean user-agent stylesheet (reports.ua_stylesheet): fewer styles, the same pages."""

import io
from unittest import mock

import pikepdf
from celery import current_app
from django.conf import settings
from django.test import SimpleTestCase
from weasyprint import HTML
from weasyprint.css import ComputedStyle
from weasyprint.html import UA

from reports import benchmark_rss, rendering, ua_stylesheet
from reports.tasks import render_chapter_print
from reports.testing import pdf_text

DOCUMENT = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Prov</title></head><body>
<h1>Rubrik</h1>
<table><thead><tr><th>Mål</th><th>Uppföljning</th></tr></thead><tbody>
{rows}
</tbody></table>
<ul><li>en punkt</li><li>två punkter</li></ul>
<ol><li>första</li><li>andra</li></ol>
</body></html>"""
ROWS = "".join(f"<tr><th>Mål {n}</th><td><p>Text <strong>{n}</strong> om arbetet.</p></td></tr>" for n in range(40))


def _styles_and_pdf(html_class) -> tuple[int, bytes]:
    """How many element styles WeasyPrint computed, and the PDF."""
    original = ComputedStyle.__init__
    with mock.patch.object(ComputedStyle, "__init__", autospec=True, side_effect=original) as init:
        target = io.BytesIO()
        html_class(string=DOCUMENT.format(rows=ROWS)).write_pdf(target, **rendering.PDF_OPTIONS)
    return init.call_count, target.getvalue()


def _structure(pdf: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        found = []

        def walk(node):
            found.append(str(node.get("/S")))
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                    walk(kid)

        walk(document.Root.StructTreeRoot.K[0])
        with document.open_metadata() as meta:
            return [*found, meta.get("pdfaid:part"), meta.get("pdfaid:conformance"), str(len(document.pages))]


class LeanStylesheetTests(SimpleTestCase):
    def test_weasyprints_own_stylesheet_has_the_rules_it_scopes(self):
        # Fails when a WeasyPrint upgrade changes them: the print would then silently use the
        # full stylesheet again (correct, but with the memory of issue 12 back).
        self.assertIsNotNone(ua_stylesheet.LEAN_UA_STYLESHEET)
        lean = ua_stylesheet.lean_text(UA)
        self.assertIn("li::marker, summary::marker {", lean)
        self.assertNotIn("::footnote-call", lean)
        self.assertNotIn("::note-callback", lean)
        self.assertIn("br::before", lean)  # rules for one element's pseudo-elements stay
        self.assertEqual(len(UA.splitlines()) - 5, len(lean.splitlines()))

    def test_an_unknown_universal_pseudo_element_rule_keeps_the_stylesheet_unchanged(self):
        self.assertIsNone(ua_stylesheet.lean_text(UA + "\n::spelling-error { color: red }\n"))
        self.assertIsNone(ua_stylesheet.lean_text(UA.replace("\n::marker {", "\n*::marker {")))

    def test_far_fewer_styles_and_the_same_tagged_pdf_a(self):
        full_styles, full_pdf = _styles_and_pdf(HTML)
        lean_styles, lean_pdf = _styles_and_pdf(ua_stylesheet.PrintHTML)
        # Six pseudo-element styles per element are gone.
        self.assertLess(lean_styles * 3, full_styles, (lean_styles, full_styles))
        self.assertEqual(pdf_text(lean_pdf), pdf_text(full_pdf))
        self.assertEqual(_structure(lean_pdf), _structure(full_pdf))
        *_tags, part, conformance, pages = _structure(lean_pdf)
        self.assertEqual((part, conformance), ("3", "U"))
        self.assertGreater(int(pages), 1)  # the table goes on over a page break
        lines = [line.strip() for line in pdf_text(lean_pdf).splitlines()]
        self.assertEqual([line for line in lines if line in ("•", "1.", "2.")], ["•", "•", "1.", "2."])

    def test_the_chapter_is_printed_with_it(self):
        with mock.patch.object(ua_stylesheet.PrintHTML, "write_pdf", autospec=True) as write_pdf:
            rendering.html_to_pdf(DOCUMENT.format(rows=""), io.BytesIO())
        write_pdf.assert_called_once()
        self.assertEqual(write_pdf.call_args.kwargs, rendering.PDF_OPTIONS)


class WorkerMemoryTests(SimpleTestCase):
    def test_the_task_hands_memory_back_after_a_print_even_a_failed_one(self):
        for outcome in (None, RuntimeError("WeasyPrint broke")):
            with (
                mock.patch("reports.services.run_print", side_effect=outcome) as run_print,
                mock.patch("reports.rendering.release_memory") as release,
            ):
                try:
                    render_chapter_print.run(7)
                except RuntimeError:
                    pass
            run_print.assert_called_once_with(print_id=7)
            release.assert_called_once_with()

    def test_release_memory_returns_freed_heap_to_the_system(self):
        def rss_mb() -> float:
            with open("/proc/self/status") as status:
                return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) / 1024

        blocks = [bytearray(1000) for _ in range(200_000)]  # ≈200 MB in small allocations
        held = rss_mb()
        del blocks
        rendering.release_memory()
        self.assertLess(rss_mb(), held - 100)

    def test_the_worker_memory_limit_reaches_celery_in_kib(self):
        # WORKER_MAX_MEMORY_MB (default 400) in KiB, as Celery reads it from the settings.
        self.assertEqual(settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD, settings.WORKER_MAX_MEMORY_MB * 1024)
        self.assertEqual(current_app.conf.worker_max_memory_per_child, settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD)


class BenchmarkPeakTests(SimpleTestCase):
    def test_the_peak_is_reset_so_an_earlier_peak_does_not_count(self):
        blocks = bytearray(200 * 2**20)
        blocks[:: 2**12] = b"\1" * len(blocks[:: 2**12])  # touch every page, so it is resident
        peak = benchmark_rss.rss_mb("VmHWM")
        del blocks
        self.assertTrue(benchmark_rss.reset_peak_rss())
        self.assertLess(benchmark_rss.rss_mb("VmHWM"), peak - 150)
        self.assertEqual(benchmark_rss.added_per_page({"before": 100.0, "maxrss": 250.0, "pages": 50}), "3.0")
        self.assertEqual(benchmark_rss.format_mb(None), "–")
