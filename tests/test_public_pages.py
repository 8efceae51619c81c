"""The public pages: fastställda chapters of published years, from their snapshot, no login."""

from datetime import date
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from goals.models import FollowUp, Goal, Measure, Period, PeriodKind, PlanYear, TargetKind
from reports.chapter import build_chapter
from reports.models import ChapterPrint
from reports.selectors import chapter_source
from reports.testing import TemporaryMediaMixin, pdf_text, squash

from . import factories
from .public_data import FAKE_PDF, approve, chapter_url, goal_url, printed, published_print


class PublicChapterTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        annual = cls.data["annual"]
        cls.measure = cls.data["goal"].measures.get(target_kind=TargetKind.NUMERIC)
        approve(
            cls.data["goal"], annual, status="achieved", text="Fler elever än någonsin.", values={cls.measure: 27531}
        )
        approve(cls.data["other_goal"], annual, status="not_achieved", text="Välfärden kom inte i mål.")
        # The third goal has no approved follow-up: "Ej rapporterad".

    def setUp(self):
        self.chapter_print = published_print(self.data, self.kansli)

    def test_the_chapter_shows_what_the_chapter_package_printed(self):
        source = chapter_source(plan_year=self.data["plan_year"], period=self.data["annual"])
        chapter = build_chapter(
            source, layout="enhet", chapter_number=4, chapter_title="Måluppfyllelse", organisation_name="x"
        )
        response = self.client.get(chapter_url(self.chapter_print))
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        for row in chapter.goal_rows:
            self.assertIn(row.goal.title, page)
            self.assertIn(row.status_label, page)
            entry = self.chapter_print.snapshot["goals"][str(row.goal.pk)]
            self.assertEqual((entry["title"], entry["status_label"]), (row.goal.title, row.status_label))
            for line in row.measure_lines:
                if line.figure:
                    self.assertIn(line.figure, page)
        self.assertEqual(
            [int(key) for key in self.chapter_print.snapshot["order"]], [row.goal.pk for row in chapter.goal_rows]
        )
        self.assertIn("27\u00a0531", page)
        self.assertIn("Fler elever än någonsin.", page)
        self.assertIn("Ej rapporterad", page)
        self.assertIn(chapter_url(self.chapter_print) + "pdf/", page)

    def test_no_login_and_a_cacheable_page_the_same_for_everyone(self):
        response = self.client.get(chapter_url(self.chapter_print))
        self.assertEqual(response.status_code, 200)
        self.assertIn("public", response["Cache-Control"])
        self.assertIn("max-age=", response["Cache-Control"])
        self.assertNotIn("Cookie", response.get("Vary", ""))
        self.client.force_login(self.kansli)
        logged_in = self.client.get(chapter_url(self.chapter_print))
        self.assertNotIn("Logga ut", logged_in.content.decode())
        self.assertNotIn("csrfmiddlewaretoken", logged_in.content.decode())

    def test_later_edits_do_not_change_the_page(self):
        goal = self.data["goal"]
        FollowUp.objects.filter(goal=goal).update(text="Ändrat efter fastställandet.", status="not_achieved")
        Goal.objects.filter(pk=goal.pk).update(title="En ny titel i efterhand")
        self.data["plan_year"].refresh_from_db()
        for url in (chapter_url(self.chapter_print), goal_url(self.chapter_print, goal)):
            page = self.client.get(url).content.decode()
            self.assertIn("Fler elever än någonsin.", page)
            self.assertIn("Minst 25 000 elever på teman", page)
            self.assertNotIn("Ändrat efter fastställandet.", page)
            self.assertNotIn("En ny titel i efterhand", page)

    def test_an_unpublished_year_is_not_shown(self):
        PlanYear.objects.filter(pk=self.data["plan_year"].pk).update(is_public=False)
        base = chapter_url(self.chapter_print)
        year_url = f"/offentlig/{self.data['organisation'].slug}/{self.data['plan_year'].year}/"
        for url in (base, base + "pdf/", goal_url(self.chapter_print, self.data["goal"]), year_url):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertNotContains(self.client.get("/offentlig/"), self.data["organisation"].name)

    def test_a_print_that_is_not_fastställd_is_not_shown(self):
        draft_year = PlanYear.objects.create(organisation=self.data["organisation"], year=2026, is_public=True)
        Period.objects.create(plan_year=draft_year, kind=PeriodKind.ANNUAL, end_date=date(2026, 12, 31))
        factories.make_level(draft_year, table_rows=True)
        factories.make_goal(draft_year, title="Ett mål som inte är fastställt")
        not_final = printed(self.data, self.kansli, plan_year=draft_year)
        self.assertIsNotNone(not_final.snapshot)
        for url in (chapter_url(not_final), chapter_url(not_final) + "pdf/", "/offentlig/forbundet/2026/"):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        index = self.client.get("/offentlig/").content.decode()
        self.assertIn("/offentlig/forbundet/2025/", index)
        self.assertNotIn("/offentlig/forbundet/2026/", index)
        # Nor another year's print under this year's address.
        wrong_year = f"/offentlig/forbundet/2026/kapitel/{self.chapter_print.pk}/"
        self.assertEqual(self.client.get(wrong_year).status_code, 404)

    def test_a_draft_print_keeps_no_snapshot(self):
        draft = printed(self.data, self.kansli, include_unapproved=True)
        self.assertIsNone(draft.snapshot)

    def test_the_index_and_the_year_list_only_published_fastställda_chapters(self):
        other = factories.plan(slug="annat")
        factories.kansli("kansli-annat", other)
        published_print(other, self.kansli, publish=False)
        index = self.client.get("/offentlig/")
        self.assertEqual(index.status_code, 200)
        self.assertContains(index, "Förbundet forbundet")
        self.assertNotContains(index, "Förbundet annat")
        year = self.client.get("/offentlig/forbundet/2025/")
        self.assertContains(year, chapter_url(self.chapter_print))
        self.assertContains(year, "Direktionen 2026-03-15 § 12")

    def test_the_pdf_is_the_fastställd_file(self):
        response = self.client.get(chapter_url(self.chapter_print) + "pdf/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), FAKE_PDF)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("public", response["Cache-Control"])

    def test_filters_by_unit_and_status(self):
        url = chapter_url(self.chapter_print)
        by_unit = self.client.get(url, {"enhet": "valfard"}).content.decode()
        self.assertIn("Välfärdens mål", by_unit)
        self.assertNotIn("Minst 25 000 elever på teman", by_unit)
        self.assertIn("1 mål av 3 visas", by_unit)
        by_status = self.client.get(url, {"status": "achieved"}).content.decode()
        self.assertIn("Minst 25 000 elever på teman", by_status)
        self.assertNotIn("Välfärdens mål", by_status)
        not_reported = self.client.get(url, {"status": "ingen"}).content.decode()
        self.assertIn("Samverkan", not_reported)
        self.assertNotIn("Välfärdens mål", not_reported)

    def test_a_filter_that_is_not_offered_shows_the_whole_chapter_with_a_message(self):
        page = self.client.get(chapter_url(self.chapter_print), {"status": "klart"}).content.decode()
        self.assertIn("Filtret kunde inte användas", page)
        self.assertIn("Välfärdens mål", page)
        self.assertIn("Minst 25 000 elever på teman", page)

    def test_each_goal_has_a_permanent_page(self):
        goal = self.data["goal"]
        response = self.client.get(goal_url(self.chapter_print, goal))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'<h1 id="mal-{goal.pk}-rubrik"', html=False)
        self.assertContains(response, "Uppnått")
        self.assertContains(response, "Målet finns inte i något tidigare publicerat år.")
        self.assertContains(self.client.get(chapter_url(self.chapter_print)), goal_url(self.chapter_print, goal))
        # A goal of the plan that the chapter does not hold, and an unknown one: 404.
        stray = factories.make_goal(self.data["plan_year"], title="Efteråt tillagt")
        self.assertEqual(self.client.get(goal_url(self.chapter_print, stray)).status_code, 404)
        self.assertEqual(self.client.get(chapter_url(self.chapter_print) + "mal/999999/").status_code, 404)

    def test_pages_need_a_fixed_number_of_queries_whatever_the_plan_size(self):
        small = self._queries(chapter_url(self.chapter_print))
        small_goal = self._queries(goal_url(self.chapter_print, self.data["goal"]))
        for index in range(25):
            goal = factories.make_goal(self.data["plan_year"], unit=self.data["units"][index % 2], title=f"Mål {index}")
            measure = Measure.objects.create(
                goal=goal,
                text="Minst 5 möten",
                target_kind=TargetKind.NUMERIC,
                comparator="min",
                target_value=5,
                order=0,
            )
            approve(goal, self.data["annual"], values={measure: index})
        bigger = published_print(self.data, self.kansli)
        self.assertEqual(len(bigger.snapshot["order"]), 28)
        self.assertEqual(self._queries(chapter_url(bigger)), small)
        self.assertEqual(self._queries(goal_url(bigger, self.data["goal"])), small_goal)
        self.assertEqual(self._queries(chapter_url(bigger), {"status": "achieved"}), small)
        self.assertLessEqual(small, 1)
        self.assertEqual(self._queries("/offentlig/"), 1)
        self.assertEqual(self._queries("/offentlig/forbundet/2025/"), 1)
        self.assertLessEqual(small_goal, 1)

    def _queries(self, url, params=None) -> int:
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url, params or {}).status_code, 200)
        return len(queries)


class LevelsAndYearsTests(TemporaryMediaMixin, TestCase):
    """A plan with a fokusområde level above its goals, and a goal that goes on into next year."""

    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan(year=2024)
        cls.kansli = factories.kansli("kansli", cls.data)
        plan_year = cls.data["plan_year"]
        rows = plan_year.levels.get()
        top = factories.make_level(plan_year, name="Fokusområde", order=0, followed_up=False, key="fokusomrade")
        rows.order = 1
        rows.save()
        cls.area = factories.make_goal(plan_year, level=top, title="Kunskap och kompetens", order=0)
        cls.other_area = factories.make_goal(plan_year, level=top, title="Infrastruktur", order=1)
        Goal.objects.filter(pk=cls.data["goal"].pk).update(parent=cls.area)
        Goal.objects.filter(pk__in=[cls.data["other_goal"].pk, cls.data["common_goal"].pk]).update(
            parent=cls.other_area
        )
        cls.measure = cls.data["goal"].measures.get(target_kind=TargetKind.NUMERIC)
        approve(cls.data["goal"], cls.data["annual"], status="partially_achieved", values={cls.measure: 21000})
        approve(cls.data["other_goal"], cls.data["annual"], status="achieved")

    def test_the_plans_own_levels_filter_the_chapter(self):
        chapter_print = published_print(self.data, self.kansli, layout="fokusomrade")
        page = self.client.get(chapter_url(chapter_print)).content.decode()
        self.assertIn("Fokusområde", page)  # the part filter's group is the level's own name
        self.assertIn("Kunskap och kompetens", page)
        under_area = self.client.get(chapter_url(chapter_print), {"omrade": str(self.area.pk)}).content.decode()
        self.assertIn("Minst 25 000 elever på teman", under_area)
        self.assertNotIn("Välfärdens mål", under_area)
        self.assertIn("Fokusområde: Kunskap och kompetens", under_area)

    def test_a_goal_shows_its_earlier_published_years(self):
        earlier_print = published_print(self.data, self.kansli, layout="fokusomrade")
        call_command("copy_plan", "--org", "forbundet", "--from", "2024", "--to", "2025", stdout=StringIO())
        next_year = PlanYear.objects.get(organisation=self.data["organisation"], year=2025)
        goal = next_year.goals.get(title="Minst 25 000 elever på teman")
        self.assertEqual(goal.predecessor_id, self.data["goal"].pk)
        measure = goal.measures.get(target_kind=TargetKind.NUMERIC)
        approve(goal, next_year.periods.get(kind="annual"), status="achieved", values={measure: 26000})
        chapter_print = published_print(self.data, self.kansli, plan_year=next_year, layout="fokusomrade")

        url = goal_url(chapter_print, goal)
        with CaptureQueriesContext(connection) as queries:
            page = self.client.get(url).content.decode()
        # The print; which earlier prints; their snapshots: however many years and goals.
        self.assertEqual(len(queries), 3, [q["sql"][:200] for q in queries])
        self.assertIn("Utveckling över åren", page)
        self.assertIn(goal_url(earlier_print, self.data["goal"]), page)
        self.assertIn("Delvis uppnått", page)  # 2024
        self.assertIn("21\u00a0000", page)
        self.assertIn("26\u00a0000", page)

        # An earlier year that is not published stays out.
        PlanYear.objects.filter(pk=self.data["plan_year"].pk).update(is_public=False)
        page = self.client.get(goal_url(chapter_print, goal)).content.decode()
        self.assertNotIn("21\u00a0000", page)
        self.assertIn("Målet finns inte i något tidigare publicerat år.", page)


class SnapshotOfOlderPrintsTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        approve(cls.data["goal"], cls.data["annual"], text="Som det var.")

    def test_the_command_builds_snapshots_for_fastställda_prints_without_one(self):
        chapter_print = published_print(self.data, self.kansli)
        kept = published_print(self.data, self.kansli)
        ChapterPrint.objects.filter(pk=chapter_print.pk).update(snapshot=None)  # as before this release
        self.assertEqual(self.client.get(chapter_url(chapter_print)).status_code, 404)
        out = StringIO()
        call_command("build_public_snapshots", stdout=out)
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.snapshot["built_from"], "later_data")
        self.assertIn(f"nr {chapter_print.pk}", out.getvalue())
        self.assertNotIn(f"nr {kept.pk}", out.getvalue())
        page = self.client.get(chapter_url(chapter_print)).content.decode()
        self.assertIn("Webbversionen gjordes i efterhand", page)
        self.assertIn("Som det var.", page)
        before = kept.snapshot
        call_command("build_public_snapshots", stdout=StringIO())
        kept.refresh_from_db()
        self.assertEqual(kept.snapshot, before)

    def test_fastställa_an_older_print_without_a_snapshot_builds_one(self):
        chapter_print = printed(self.data, self.kansli)
        ChapterPrint.objects.filter(pk=chapter_print.pk).update(snapshot=None)
        from reports import services

        services.finalise_print(chapter_print=chapter_print, user=self.kansli, reference="Dir § 1")
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.snapshot["built_from"], "later_data")


class PublicationSettingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)

    def test_a_year_starts_unpublished_and_kansliet_publishes_it_in_planera(self):
        plan_year = self.data["plan_year"]
        self.assertFalse(plan_year.is_public)
        self.client.force_login(self.kansli)
        url = f"/kansli/forbundet/planera/{plan_year.year}/texter/"
        form = self.client.get(url)
        self.assertContains(form, 'name="is_public"')
        response = self.client.post(
            url,
            {
                "strategic_goal": "Ett bra område att bo i",
                "measure_heading": "Mätetal",
                "result_heading": "Uppföljning",
                "owner_heading": "Verksamhet",
                "unit_heading": "Enhet",
                "is_public": "on",
            },
        )
        self.assertEqual(response.status_code, 302)
        plan_year.refresh_from_db()
        self.assertTrue(plan_year.is_public)

    def test_the_admin_offers_the_setting(self):
        self.client.force_login(self.kansli)
        response = self.client.get(f"/admin/goals/planyear/{self.data['plan_year'].pk}/change/")
        self.assertContains(response, 'name="is_public"')


class PublicPageAgreesWithThePdfTests(TemporaryMediaMixin, TestCase):
    """With the real renderer: what the public page shows is what the fastställd PDF prints."""

    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        measure = cls.data["goal"].measures.get(target_kind=TargetKind.NUMERIC)
        approve(cls.data["goal"], cls.data["annual"], text="Fler elever än någonsin.", values={measure: 27531})
        approve(cls.data["other_goal"], cls.data["annual"], status="partially_achieved", text="Halvvägs.")

    def test_titles_statuses_and_figures_are_the_pdfs(self):
        from reports.rendering import html_to_pdf

        chapter_print = published_print(self.data, self.kansli, renderer=html_to_pdf)
        with chapter_print.file.open("rb") as stored:
            text = squash(pdf_text(stored.read()))
        page = self.client.get(chapter_url(chapter_print)).content.decode()
        goals = chapter_print.snapshot["goals"].values()
        self.assertEqual(len(goals), 3)
        for entry in goals:
            self.assertIn(squash(entry["title"]), text)
            self.assertIn(squash(entry["status_label"]), text)
            self.assertIn(entry["title"], page)
            for line in entry["measures"]:
                if line["figure"]:
                    self.assertIn(squash(line["figure"]), text)
                    self.assertIn(line["figure"], page)
