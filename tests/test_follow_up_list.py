"""The overview's counts as links, the list behind them, progress per unit, all open periods,
and Mina mål's period filter."""

import re
from datetime import date

from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, Period, PeriodKind, PlanYear, State

from . import factories

COUNT_LINK = re.compile(r'<a href="([^"]+)" class="count-link">(\d+)<span')


class OverviewLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.manager = factories.manager("chef", cls.data)
        cls.other_kansli = factories.kansli("grannkansli", factories.plan(slug="grannen"))
        interim = cls.data["interim"]
        extra = factories.make_goal(cls.data["plan_year"], unit=cls.data["units"][0], title="Ett andra mål")
        factories.make_goal(cls.data["plan_year"], unit=cls.data["units"][0], title="Ett tredje mål")
        FollowUp.objects.create(goal=cls.data["goal"], period=interim, state=State.SUBMITTED, text="x")
        FollowUp.objects.create(goal=extra, period=interim, state=State.APPROVED, text="y")
        FollowUp.objects.create(goal=cls.data["other_goal"], period=interim, state=State.DRAFT)
        cls.url = reverse("overview")
        cls.list_url = reverse("follow_up_list", args=["forbundet"])

    def test_every_count_links_to_a_list_with_exactly_that_many_rows(self):
        self.client.force_login(self.kansli)
        page = self.client.get(self.url).content.decode()
        links = COUNT_LINK.findall(page)
        self.assertEqual(len(links), 3 * 7)  # three unit rows, seven counts each
        self.assertGreater(sum(int(n) for _href, n in links), 0)
        for href, count in links:
            with self.subTest(href=href):
                response = self.client.get(href.replace("&amp;", "&"))
                self.assertEqual(response.status_code, 200)
                self.assertEqual(len(response.context["table"].rows), int(count))

    def test_missing_means_no_follow_up_yet_and_is_listed(self):
        self.client.force_login(self.kansli)
        response = self.client.get(
            self.list_url,
            {"period": self.data["interim"].pk, "unit": self.data["units"][0].pk, "state": "missing"},
        )
        titles = [row.record.title for row in response.context["table"].rows]
        self.assertEqual(titles, ["Ett tredje mål"])
        self.assertContains(response, "Ej påbörjad")
        response = self.client.get(self.list_url, {"period": self.data["interim"].pk, "unit": "none"})
        self.assertEqual([row.record.title for row in response.context["table"].rows], ["Samverkan"])

    def test_a_submitted_follow_up_links_to_its_review(self):
        self.client.force_login(self.kansli)
        response = self.client.get(self.list_url, {"period": self.data["interim"].pk, "state": "submitted"})
        follow_up = FollowUp.objects.get(goal=self.data["goal"], period=self.data["interim"])
        self.assertContains(response, reverse("review", args=[follow_up.pk]))

    def test_progress_per_unit_is_a_bar_with_the_numbers_as_text(self):
        self.client.force_login(self.kansli)
        response = self.client.get(self.url)
        self.assertContains(response, '<progress max="3" value="2" aria-hidden="true"></progress>')
        self.assertContains(response, "2 av 3 inlämnade, varav 1 godkänd")
        self.assertContains(response, "0 av 1 inlämnade, varav 0 godkända")

    def test_bad_input_shows_a_form_error_and_keeps_the_choices(self):
        self.client.force_login(self.kansli)
        theirs = Period.objects.get(plan_year__organisation__slug="grannen", kind=PeriodKind.INTERIM)
        response = self.client.get(self.list_url, {"period": theirs.pk, "state": "draft"})
        self.assertContains(response, "Välj en av perioderna i listan.", status_code=400)
        self.assertContains(response, '<option value="draft" selected>', status_code=400)

    def test_without_a_period_the_open_one_is_listed(self):
        self.client.force_login(self.kansli)
        response = self.client.get(self.list_url)
        self.assertEqual(response.context["period"], self.data["interim"])
        self.assertEqual(len(response.context["table"].rows), 5)

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.list_url), reverse("login") + "?next=" + self.list_url)

    def test_another_förbund_and_an_enhetschef_get_404(self):
        for user in [self.other_kansli, self.manager]:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.list_url, {"period": self.data["interim"].pk}).status_code, 404)

    def test_all_open_periods_are_shown(self):
        self.data["annual"].is_open = True
        self.data["annual"].save()
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["annual"], state=State.RETURNED)
        self.client.force_login(self.kansli)
        response = self.client.get(self.url)
        shown = [block.period for block in response.context["shown"]]
        self.assertEqual(shown, [self.data["annual"], self.data["interim"]])
        self.assertContains(response, "2025 – Årsbokslut 31 december 2025")
        self.assertContains(response, "2025 – Delårsrapport 31 augusti 2025")
        annual_rows = {row["unit__name"]: row for row in response.context["shown"][0].rows}
        self.assertEqual(annual_rows["Regional utveckling"]["returned"], 1)
        # One period asked for: only that one.
        response = self.client.get(reverse("overview_period", args=["forbundet", self.data["interim"].pk]))
        self.assertEqual([block.period for block in response.context["shown"]], [self.data["interim"]])


class MyGoalsPeriodFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        cls.url = reverse("my_goals")

    def test_with_one_open_period_there_is_no_period_filter(self):
        self.client.force_login(self.chef)
        self.assertNotContains(self.client.get(self.url), 'name="period"')

    def test_with_two_open_periods_the_list_filters_by_period(self):
        last_year = PlanYear.objects.create(organisation=self.data["organisation"], year=2024)
        factories.make_level(last_year, table_rows=True)
        factories.make_goal(last_year, unit=self.data["units"][0], title="Förra årets mål")
        annual_2024 = Period.objects.create(
            plan_year=last_year, kind=PeriodKind.ANNUAL, end_date=date(2024, 12, 31), is_open=True
        )
        self.client.force_login(self.chef)
        response = self.client.get(self.url)
        self.assertContains(response, 'name="period"')
        self.assertContains(response, "2024 – Årsbokslut 241231")
        self.assertContains(response, "Förra årets mål")
        self.assertContains(response, "Minst 25 000 elever på teman")

        response = self.client.get(self.url, {"period": annual_2024.pk})
        self.assertContains(response, "Förra årets mål")
        self.assertNotContains(response, "Minst 25 000 elever på teman")
        response = self.client.get(self.url, {"period": self.data["interim"].pk})
        self.assertNotContains(response, "Förra årets mål")
        self.assertContains(response, "Minst 25 000 elever på teman")
