"""The real-data half of `make bench`: the project's 2023 chapter (Boråsregionen, per enhet, the
demo data transcribed from the annual report) against bare WeasyPrint on the same final HTML, in
one process, so Django's start-up is in neither figure. Times are the process's CPU seconds
(steadier than wall time on a shared machine).

"Ours" is what services.render_chapter does (load, build, HTML, PDF/A with tags and the URL
restriction); "bare" is `HTML(string=html).write_pdf()` with the same PDF options. They run in
turn, `repeat` pairs (after one pair not counted), each first in every other pair; the ratio is taken pair by pair and its median reported.
If the database has no 2023 chapter, the demo data is loaded inside a transaction that is rolled
back afterwards.
"""

import io
import resource
import statistics
import time

import pikepdf
from django.core.management import call_command
from django.db import transaction
from weasyprint import HTML

from goals.models import PlanYear
from reports import rendering, selectors
from reports.chapter import build_chapter
from reports.models import Layout
from reports.selectors import chapter_source

SLUG, YEAR = "borasregionen", 2023


class _Rollback(Exception):
    pass


def _ours(plan_year, period, target) -> tuple[str, float]:
    started = time.process_time()
    source = chapter_source(plan_year=plan_year, period=period)
    chapter = build_chapter(
        source,
        layout=Layout.UNIT,
        chapter_number=4,
        chapter_title="Måluppfyllelse",
        organisation_name=plan_year.organisation.name,
    )
    html = rendering.chapter_html(chapter)
    rendering.html_to_pdf(html, target)
    return html, time.process_time() - started


def _bare(html: str) -> tuple[bytes, float]:
    target = io.BytesIO()
    started = time.process_time()
    HTML(string=html).write_pdf(target, **rendering.PDF_OPTIONS)
    return target.getvalue(), time.process_time() - started


def _compare(plan_year, repeat: int) -> dict:
    period = selectors.default_period(plan_year)
    ours, bare, ratios = [], [], []
    # A pair not counted: fonts, caches and WeasyPrint's first layout are paid once per process.
    html = _ours(plan_year, period, io.BytesIO())[0]
    _bare(html)
    pdf = b""
    for number in range(repeat):
        # Each in turn goes first, so neither always finds the other's caches warm.
        target = io.BytesIO()
        if number % 2:
            _bare_pdf, bare_seconds = _bare(html)
        html, seconds = _ours(plan_year, period, target)
        if not number % 2:
            _bare_pdf, bare_seconds = _bare(html)
        pdf = target.getvalue()
        ours.append(seconds)
        bare.append(bare_seconds)
        ratios.append(seconds / bare_seconds)
    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = len(document.pages)
    maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes
    return {
        "period": period.key,
        "pages": pages,
        "ours": statistics.median(ours),
        "bare": statistics.median(bare),
        "ratio": statistics.median(ratios),
        "spread": (min(ratios), max(ratios)),
        "maxrss": maxrss,
        "per_page": maxrss / pages,
        "html_kb": len(html.encode()) / 1024,
        "pdf": pdf,
    }


def real_chapter(repeat: int = 5) -> dict:
    plan_year = PlanYear.objects.select_related("organisation").filter(organisation__slug=SLUG, year=YEAR).first()
    if plan_year is not None:
        return _compare(plan_year, repeat) | {"demo_loaded": False}
    result = {}
    try:
        with transaction.atomic():
            call_command("load_demo", force=True, stdout=io.StringIO())
            plan_year = PlanYear.objects.select_related("organisation").get(organisation__slug=SLUG, year=YEAR)
            result = _compare(plan_year, repeat) | {"demo_loaded": True}
            raise _Rollback
    except _Rollback:
        pass
    return result


def describe(real: dict, repeat: int) -> list[str]:
    low, high = real["spread"]
    loaded = ", demodata inläst och återställd" if real["demo_loaded"] else ""
    return [
        f"Kapitlet 2023 (borasregionen, per enhet, period {real['period']}{loaded}), medianer av {repeat} "
        "körningar i samma process (CPU-sekunder, efter ett uppvärmningspar):",
        f"  vår utskrift {real['ours']:.2f} s, bara WeasyPrint på samma HTML {real['bare']:.2f} s, "
        f"kvot {real['ratio']:.2f} (spridning {low:.2f}–{high:.2f}); {real['pages']} sidor; "
        f"HTML {real['html_kb']:.0f} kB; maxrss {real['maxrss']:.0f} MB = {real['per_page']:.1f} MB per sida",
    ]
