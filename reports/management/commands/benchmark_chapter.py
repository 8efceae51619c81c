"""Benchmark of the chapter print on a synthetic organisation (not a test; prints figures).

For each scale it builds units/goals/mätetal in one transaction, prints the chapter, and rolls
the transaction back, so nothing is left in the database. Reported per scale:

- time to load the data and build the HTML, time to turn it into PDF/A, and their sum;
- time of bare WeasyPrint on the same final HTML string, and the ratio of our print to it;
- DB queries per print (must not grow with the number of goals);
- peak Python allocations (tracemalloc, measured in a separate run so it does not slow the timed
  one);
- the print's own peak RSS: the process's RSS before the print, and its peak during the print
  (on Linux the peak is reset just before it and read just after it, so neither the synthetic
  data, the bare WeasyPrint run, tracemalloc's run nor an earlier scale counts), also per page.
"""

import gc
import io
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from decimal import Decimal

import pikepdf
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from weasyprint import HTML

from goals.models import (
    Breakdown,
    FollowUp,
    Goal,
    GoalKind,
    Measure,
    MeasureValue,
    Member,
    Organisation,
    Period,
    PeriodKind,
    PlanLevel,
    PlanYear,
    Section,
    Status,
    TargetKind,
    TextKind,
    TextSection,
    Unit,
)
from reports import rendering
from reports.benchmark_real import describe, real_chapter
from reports.benchmark_rss import added_per_page, format_mb, reset_peak_rss, rss_mb
from reports.chapter import build_chapter
from reports.models import Layout
from reports.selectors import chapter_source

SLUG = "benchmark-syntetisk"
SENTENCES = [
    "Arbetet har genomförts enligt plan tillsammans med medlemskommunerna.",
    "Under hösten hölls workshops i samtliga åtta kommuner med god uppslutning.",
    "En rapport presenterades i juni och förankrades därefter i nätverken.",
    "Mer information finns på https://example.org/verksamhetsplan-2025.",
    "Arbetet fortsätter under kommande år med justerad inriktning.",
    "Samverkan med regionen och akademin har stärkts ytterligare.",
]
STATUSES = [Status.ACHIEVED] * 7 + [Status.PARTIALLY_ACHIEVED] * 2 + [Status.NOT_ACHIEVED]


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Mäter utskriften av kapitlet på en syntetisk organisation (tid, minne, frågor). Inget test."

    def add_arguments(self, parser):
        parser.add_argument("--units", type=int, default=40, help="Antal enheter (standard 40).")
        parser.add_argument("--goals", type=int, default=2000, help="Antal mål vid skala 1 (standard 2000).")
        parser.add_argument("--measures", type=int, default=6000, help="Antal mätetal vid skala 1 (standard 6000).")
        parser.add_argument("--scales", default="1,2,4", help="Skalor att köra, t.ex. 1,2,4.")
        parser.add_argument("--layout", default=Layout.UNIT, choices=Layout.values)
        parser.add_argument("--seed", type=int, default=2023)
        parser.add_argument(
            "--real",
            type=int,
            default=0,
            metavar="N",
            help="Först 2023 års kapitel mot bara WeasyPrint på samma HTML, N gånger i tur och ordning.",
        )
        parser.add_argument("--real-pdf", default="", help="Spara 2023 års kapitel som PDF här (för att titta på det).")
        parser.add_argument(
            "--no-tracemalloc", action="store_true", help="Hoppa över minnesmätningen (en utskrift färre per skala)."
        )

    def handle(self, *args, **options):
        try:
            scales = [int(s) for s in options["scales"].split(",") if s.strip()]
        except ValueError:
            raise CommandError("--scales ska vara heltal med komma emellan, t.ex. 1,2,4.")
        if not scales or min(scales) < 1 or min(options["units"], options["goals"], options["measures"]) < 1:
            raise CommandError("Skalor, enheter, mål och mätetal ska vara minst 1.")
        if Organisation.objects.filter(slug=SLUG).exists():
            raise CommandError(f"Organisationen {SLUG} finns redan; ta bort den först.")

        if options["real"]:
            self._real(options)
        self.stdout.write(
            f"Syntetisk organisation: {options['units']} enheter, {options['goals']} mål och "
            f"{options['measures']} mätetal vid skala 1; uppställning {options['layout']}; Python {sys.version.split()[0]}."
        )
        header = (
            f"{'skala':>5} {'mål':>6} {'mätetal':>8} {'sidor':>6} {'HTML s':>7} {'PDF s':>7} {'totalt s':>9} "
            f"{'bara WP s':>9} {'kvot':>5} {'frågor':>6} {'py-topp MB':>10} {'före MB':>8} {'maxrss MB':>9} {'MB/sida':>7} {'ökn. MB/sida':>12}"
        )
        self.stdout.write(header)
        rows = []
        for scale in scales:
            row = self._run_scale(scale, options)
            rows.append(row)
            self.stdout.write(
                f"{scale:>5} {row['goals']:>6} {row['measures']:>8} {row['pages']:>6} {row['html']:>7.2f} "
                f"{row['pdf']:>7.2f} {row['total']:>9.2f} {row['bare']:>9.2f} {row['ratio']:>5.2f} "
                f"{row['queries']:>6} {row['py_peak']:>10} {format_mb(row['before']):>8} {row['maxrss']:>9.0f} "
                f"{row['maxrss'] / row['pages']:>7.1f} {added_per_page(row):>12}"
            )
            self.stdout.flush()
        queries = {row["queries"] for row in rows}
        if len(queries) == 1:
            self.stdout.write(self.style.SUCCESS(f"Frågor per utskrift: {queries.pop()} vid alla skalor (konstant)."))
        else:
            self.stdout.write(self.style.ERROR(f"Antalet frågor växer med antalet mål: {sorted(queries)}."))

    def _real(self, options) -> None:
        # First, while the process's peak RSS is still this chapter's own.
        real = real_chapter(options["real"])
        if options["real_pdf"]:
            with open(options["real_pdf"], "wb") as target:
                target.write(real["pdf"])
        for line in describe(real, options["real"]):
            self.stdout.write(line)
        self.stdout.flush()

    def _run_scale(self, scale: int, options) -> dict:
        goals, measures = options["goals"] * scale, options["measures"] * scale
        try:
            with transaction.atomic():
                plan_year, period = build_synthetic(
                    units=options["units"], goals=goals, measures=measures, seed=options["seed"]
                )
                row = measure_print(plan_year, period, options["layout"], trace=not options["no_tracemalloc"])
                raise _Rollback
        except _Rollback:
            pass
        row.update(goals=goals, measures=measures)
        return row


def _print(plan_year, period, layout, target) -> tuple[str, float, float, int]:
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        source = chapter_source(plan_year=plan_year, period=period)
        chapter = build_chapter(
            source,
            layout=layout,
            chapter_number=4,
            chapter_title="Måluppfyllelse",
            organisation_name="Syntetiska förbundet",
        )
        html = rendering.chapter_html(chapter)
        built = time.perf_counter()
        rendering.html_to_pdf(html, target)
        done = time.perf_counter()
    return html, built - started, done - built, len(queries)


def measure_print(plan_year, period, layout, *, trace: bool) -> dict:
    gc.collect()
    before = rss_mb("VmRSS")
    reset = reset_peak_rss()
    # A file, as the worker writes it (services.run_print), not the PDF's bytes held in memory.
    with tempfile.TemporaryFile() as target:
        html, html_seconds, pdf_seconds, queries = _print(plan_year, period, layout, target)
        # Linux reports kilobytes; without the reset this is the process's peak so far.
        maxrss = (rss_mb("VmHWM") if reset else None) or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        target.seek(0)
        with pikepdf.open(target) as pdf:
            pages = len(pdf.pages)

    started = time.perf_counter()
    HTML(string=html).write_pdf(io.BytesIO(), **rendering.PDF_OPTIONS)
    bare = time.perf_counter() - started

    py_peak = "–"
    if trace:
        tracemalloc.start()
        _print(plan_year, period, layout, io.BytesIO())
        py_peak = f"{tracemalloc.get_traced_memory()[1] / 2**20:.0f}"
        tracemalloc.stop()
    total = html_seconds + pdf_seconds
    return {
        "pages": pages,
        "html": html_seconds,
        "pdf": pdf_seconds,
        "total": total,
        "bare": bare,
        "ratio": total / bare if bare else 0.0,
        "queries": queries,
        "py_peak": py_peak,
        "before": before,
        "maxrss": maxrss,
    }


def _text(rng: random.Random, sentences: int) -> str:
    paragraphs = []
    for _ in range(max(1, sentences // 3)):
        paragraphs.append(" ".join(rng.choice(SENTENCES) for _ in range(3)))
    return "\n\n".join(paragraphs)


def build_synthetic(*, units: int, goals: int, measures: int, seed: int):
    """An organisation shaped like the real ones: units, some driftverksamheter with bilagor,
    fokusområden above the goals, grunduppdrag with a survey, per-kommun mätetal, numbered
    aktiviteter with results in words, long texts."""
    rng = random.Random(seed)
    organisation = Organisation.objects.create(slug=SLUG, name="Syntetiska förbundet")
    municipalities = Member.objects.bulk_create(
        Member(organisation=organisation, code=f"{1400 + i}", name=f"Kommun {i + 1}", order=i) for i in range(8)
    )
    unit_objects = Unit.objects.bulk_create(
        Unit(organisation=organisation, slug=f"enhet-{i}", name=f"Enhet {i + 1}", operation=i % 4 == 3, order=i)
        for i in range(units)
    )
    plan_year = PlanYear.objects.create(
        organisation=organisation,
        year=2025,
        strategic_goal="Ett bra område att bo, arbeta och leva i",
        strategic_approach="Med ett långsiktigt perspektiv skapa möten över gränserna",
    )
    period = Period.objects.create(plan_year=plan_year, kind=PeriodKind.ANNUAL, end_date=date(2025, 12, 31))
    headings = PlanLevel.objects.create(
        plan_year=plan_year,
        key="fokusomrade",
        order=0,
        name="Fokusområde",
        plural="fokusområden",
        definite_singular="fokusområdet",
        definite_plural="fokusområdena",
        followed_up=False,
        counted=False,
    )
    rows = PlanLevel.objects.create(
        plan_year=plan_year,
        key="mal",
        order=1,
        name="Mål/uppdrag",
        plural="mål och uppdrag",
        definite_singular="målet",
        definite_plural="målen och uppdragen",
        table_rows=True,
    )
    focus_areas = Goal.objects.bulk_create(
        Goal(
            plan_year=plan_year,
            level=headings,
            key=f"fa{i + 1}",
            title=f"Fokusområde {i + 1}",
            description=_text(rng, 3),
            order=i,
        )
        for i in range(5)
    )

    goal_objects = []
    for i in range(goals):
        unit = unit_objects[i % len(unit_objects)]
        if i < max(1, goals // 20):
            kind, appendix, unit = GoalKind.BASE_MISSION, False, None
        elif i >= goals - 2:
            kind, appendix, unit = GoalKind.FINANCIAL, False, None
        else:
            kind = GoalKind.ASSIGNMENT if i % 5 == 0 else GoalKind.GOAL
            appendix = unit.operation
        goal_objects.append(
            Goal(
                plan_year=plan_year,
                level=rows,
                key=f"g{i + 1}",
                kind=kind,
                unit=unit,
                appendix=appendix,
                order=i,
                parent=focus_areas[i % len(focus_areas)] if kind in (GoalKind.GOAL, GoalKind.ASSIGNMENT) else None,
                title=f"Mål {i + 1}: utveckla samverkan inom område {i % 37} för medlemskommunerna",
            )
        )
    goal_objects = Goal.objects.bulk_create(goal_objects)

    follow_ups = FollowUp.objects.bulk_create(
        FollowUp(
            goal=goal,
            period=period,
            status=rng.choice(STATUSES),
            state="approved",
            text=_text(rng, rng.randint(3, 9)) + ("\n\n[[tabell]]\n\n" + _text(rng, 3) if index % 20 == 0 else ""),
        )
        for index, goal in enumerate(goal_objects)
    )

    measure_objects = []
    for j in range(measures):
        goal_index = j % len(goal_objects)
        if goal_index % 20 == 0:
            breakdown = Breakdown.CATEGORY
        elif goal_index % 10 == 5:
            breakdown = Breakdown.MUNICIPALITY
        else:
            breakdown = Breakdown.NONE
        numeric = breakdown == Breakdown.NONE and j % 2 == 0
        measure_objects.append(
            Measure(
                goal=goal_objects[goal_index],
                order=j,
                breakdown=breakdown,
                text=f"Minst {1000 + j} deltagare i aktiviteter" if numeric else f"Mätetal {j + 1} genomfört",
                target_kind=TargetKind.NUMERIC if numeric else TargetKind.NONE,
                comparator="min" if numeric else "",
                target_value=Decimal(1000 + j) if numeric else None,
                unit_label="deltagare" if numeric else "",
                previous_label="2024" if breakdown == Breakdown.CATEGORY else "",
                previous_value=Decimal(rng.randint(60, 95)) if breakdown == Breakdown.CATEGORY else None,
            )
        )
    measure_objects = Measure.objects.bulk_create(measure_objects)

    follow_up_by_goal = {f.goal_id: f for f in follow_ups}
    values = []
    for measure in measure_objects:
        follow_up = follow_up_by_goal[measure.goal_id]
        if measure.breakdown == Breakdown.CATEGORY:
            high, very_high = rng.randint(30, 60), rng.randint(10, 40)
            values += [
                MeasureValue(
                    follow_up=follow_up, measure=measure, category="Instämmer i mycket hög grad", value=very_high
                ),
                MeasureValue(follow_up=follow_up, measure=measure, category="Instämmer i hög grad", value=high),
                MeasureValue(follow_up=follow_up, measure=measure, category="", value=high + very_high),
            ]
        elif measure.breakdown == Breakdown.MUNICIPALITY:
            values += [
                MeasureValue(follow_up=follow_up, measure=measure, municipality=m, value=rng.randint(1, 290), order=k)
                for k, m in enumerate(municipalities)
            ]
        elif measure.target_kind == TargetKind.NUMERIC:
            values.append(MeasureValue(follow_up=follow_up, measure=measure, value=rng.randint(800, 30000)))
        else:
            values.append(
                MeasureValue(follow_up=follow_up, measure=measure, note=rng.choice(["Genomfört", "Framflyttat"]))
            )
    MeasureValue.objects.bulk_create(values, batch_size=2000)

    activities = Measure.objects.bulk_create(
        Measure(goal=goal, text=f"Aktivitet {k + 1} för {goal.title[:12]}", order=measures + k)
        for goal in goal_objects[::15]
        for k in range(3)
    )
    MeasureValue.objects.bulk_create(
        MeasureValue(follow_up=follow_up_by_goal[item.goal_id], measure=item, note="Genomfört") for item in activities
    )

    texts = [
        TextSection(
            plan_year=plan_year, period=period, section=Section.STRATEGIC, kind=TextKind.ASSESSMENT, body=_text(rng, 6)
        ),
        TextSection(plan_year=plan_year, section=Section.BASE_MISSION, kind=TextKind.INTRO, body=_text(rng, 6)),
        TextSection(
            plan_year=plan_year,
            period=period,
            section=Section.BASE_MISSION,
            kind=TextKind.ASSESSMENT,
            body=_text(rng, 6),
        ),
        TextSection(plan_year=plan_year, section=Section.GOALS, kind=TextKind.INTRO, body=_text(rng, 6)),
        TextSection(
            plan_year=plan_year, period=period, section=Section.GOALS, kind=TextKind.ASSESSMENT, body=_text(rng, 6)
        ),
        TextSection(plan_year=plan_year, section=Section.FINANCIAL, kind=TextKind.INTRO, body=_text(rng, 3)),
    ]
    for unit in unit_objects:
        if unit.operation:
            texts += [
                TextSection(
                    plan_year=plan_year,
                    section=Section.UNIT,
                    kind=TextKind.INTRO,
                    unit=unit,
                    heading="Uppdrag och syfte",
                    body=_text(rng, 3),
                ),
                TextSection(
                    plan_year=plan_year,
                    section=Section.UNIT,
                    kind=TextKind.INTRO,
                    unit=unit,
                    heading="Måluppfyllelse 2025",
                    body=_text(rng, 3),
                ),
            ]
    TextSection.objects.bulk_create(texts)
    return plan_year, period
