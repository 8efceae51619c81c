from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, State

from . import factories


class OverviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.kansli("kansli", cls.data)
        factories.manager("chef", cls.data)
        FollowUp.objects.create(goal=cls.data["goal"], period=cls.data["interim"], state=State.SUBMITTED, text="x")
        FollowUp.objects.create(goal=cls.data["other_goal"], period=cls.data["interim"], state=State.DRAFT)
        cls.url = reverse("overview")

    def test_it_counts_follow_ups_per_unit_and_state(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.get(self.url)
        rows = {row["unit__name"]: row for row in response.context["shown"][0].rows}
        self.assertEqual((rows["Regional utveckling"]["submitted"], rows["Regional utveckling"]["missing"]), (1, 0))
        self.assertEqual((rows["Välfärd"]["draft"], rows["Välfärd"]["missing"]), (1, 0))
        self.assertEqual(rows[None]["missing"], 1)
        self.assertContains(response, "Samtliga verksamheter")
        self.assertContains(response, "Minst 25 000 elever på teman")  # waiting for review

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_an_enhetschef_gets_404(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_an_unknown_period_gets_404(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertEqual(self.client.get(reverse("overview_period", args=["forbundet", 999])).status_code, 404)

    def test_kansliet_closes_and_reopens_a_period(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        period = self.data["interim"]
        self.client.post(reverse("close_period", args=[period.pk]))  # after its confirmation page
        period.refresh_from_db()
        self.assertFalse(period.is_open)
        self.client.post(reverse("toggle_period", args=[period.pk]))
        period.refresh_from_db()
        self.assertTrue(period.is_open)

    def test_an_enhetschef_cannot_close_a_period(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertEqual(self.client.post(reverse("toggle_period", args=[self.data["interim"].pk])).status_code, 404)
        self.data["interim"].refresh_from_db()
        self.assertTrue(self.data["interim"].is_open)

    def test_units_that_owe_follow_ups_after_the_deadline_are_marked_late(self):
        from datetime import date

        self.data["interim"].deadline = date(2000, 1, 1)
        self.data["interim"].save()
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.get(self.url)
        late = {row["unit__name"]: row["late"] for row in response.context["shown"][0].rows}
        self.assertEqual(late, {"Regional utveckling": False, "Välfärd": True, None: True})
        self.assertContains(response, "Sista dagen har passerat.")
