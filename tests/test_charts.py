from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from goals import charts
from goals.models import FollowUp, Measure, MeasureValue, Period, PlanYear, State


class ChartTests(TestCase):
    def test_a_status_chart_is_svg_with_a_text_alternative(self):
        from collections import Counter

        from goals.models import Status

        chart = charts.status_distribution(
            "Bedömning per enhet",
            [
                ("Regional utveckling", Counter({Status.ACHIEVED: 11, Status.PARTIALLY_ACHIEVED: 1})),
                ("Tom enhet", Counter()),
            ],
        )
        self.assertTrue(chart.svg.lstrip().startswith("<svg"))
        self.assertIn("Regional utveckling", chart.svg)
        self.assertEqual(chart.description, "Bedömning per enhet: Regional utveckling: 11 uppnått, 1 delvis uppnått.")
        self.assertNotIn("<script", chart.svg)

    def test_hostile_labels_are_escaped_in_the_svg(self):
        chart = charts.bars("Mätetal", [("<script>alert(1)</script>", Decimal(3))])
        self.assertNotIn("<script>alert(1)", chart.svg)

    def test_no_data_draws_no_chart(self):
        self.assertIsNone(charts.bars("Mätetal", [("Borås", None)]))
        self.assertIsNone(charts.status_distribution("x", []))


class MeasureHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        call_command("copy_plan", "--org", "borasregionen", "--from", "2023", "--to", "2024", stdout=StringIO())
        cls.measure = Measure.objects.get(
            goal__plan_year__year=2024,
            goal__plan_year__organisation__slug="borasregionen",
            text__startswith="Minst 85 % ska vara nöjda",
        )
        period = Period.objects.get(plan_year__year=2024, plan_year__organisation__slug="borasregionen", kind="annual")
        follow_up = FollowUp.objects.create(goal=cls.measure.goal, period=period, state=State.DRAFT)
        MeasureValue.objects.create(follow_up=follow_up, measure=cls.measure, value=Decimal(91))
        cls.url = reverse("measure_history", args=[cls.measure.pk])

    def test_a_carried_forward_measure_has_its_history_across_years(self):
        self.assertEqual(
            [(y, v) for y, v, _n in charts.measure_history(self.measure)], [(2023, Decimal(94)), (2024, Decimal(91))]
        )
        chart = charts.trend(self.measure)
        self.assertIn("2023: 94, 2024: 91", chart.description)

    def test_the_history_page_shows_table_and_chart_to_a_reader(self):
        self.client.login(username="lasare", password="demo-losen-2023")
        response = self.client.get(self.url)
        self.assertContains(response, "<svg")
        self.assertContains(response, "2023: 94, 2024: 91")

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_an_enhetschef_of_another_unit_gets_404(self):
        self.client.login(username="chef-navet", password="demo-losen-2023")
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_the_plan_page_shows_the_status_chart(self):
        self.client.login(username="lasare", password="demo-losen-2023")
        response = self.client.get(
            reverse("plan", args=["borasregionen", 2023]),
            {"period": PlanYear.objects.get(year=2023).periods.get(kind="annual").pk},
        )
        self.assertContains(response, "Bedömning per enhet: Regional utveckling: 11 uppnått, 1 delvis uppnått")


class HistoryInTheChapterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        call_command("copy_plan", "--org", "borasregionen", "--from", "2023", "--to", "2024", stdout=StringIO())
        cls.measure = Measure.objects.get(
            goal__plan_year__year=2024,
            goal__plan_year__organisation__slug="borasregionen",
            text__startswith="Minst 85 % ska vara nöjda",
        )
        cls.period = Period.objects.get(
            plan_year__year=2024, plan_year__organisation__slug="borasregionen", kind="annual"
        )
        follow_up = FollowUp.objects.create(
            goal=cls.measure.goal, period=cls.period, state=State.APPROVED, status="achieved", text="Nöjda."
        )
        MeasureValue.objects.create(follow_up=follow_up, measure=cls.measure, value=Decimal(91))

    def build(self, show_history):
        from reports import selectors
        from reports.chapter import build_chapter

        source = selectors.chapter_source(
            plan_year=self.period.plan_year, period=self.period, show_history=show_history
        )
        return build_chapter(source, layout="enhet", chapter_number=4, chapter_title="M", organisation_name="F")

    def test_a_print_with_history_draws_each_carried_mätetal_over_the_years(self):
        from reports import rendering

        html = rendering.chapter_html(self.build(show_history=True))
        self.assertIn(
            "Utveckling över åren för Minst 85 % ska vara nöjda med förbundets verksamhet: 2023: 94, 2024: 91.", html
        )
        self.assertNotIn("Utveckling över åren", rendering.chapter_html(self.build(show_history=False)))

    def test_histories_for_many_measures_take_a_query_per_year_not_per_measure(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        measures = list(
            Measure.objects.filter(goal__plan_year__year=2024, goal__plan_year__organisation__slug="borasregionen")
        )
        with CaptureQueriesContext(connection) as queries:
            result = charts.histories(measures)
        self.assertLessEqual(len(queries), 3)
        self.assertEqual(result[self.measure.pk][-2:], [(2023, Decimal(94), ""), (2024, Decimal(91), "")])
