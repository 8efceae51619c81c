from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, State

from . import factories


class MyGoalsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        cls.url = reverse("my_goals")

    def test_it_lists_the_units_goals_for_the_open_period(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.get(self.url)
        self.assertContains(response, "Minst 25 000 elever på teman")
        self.assertContains(response, "Uppföljning 250831")
        self.assertContains(response, "Ej påbörjad")

    def test_it_hides_other_units_goals(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.get(self.url)
        self.assertNotContains(response, "Välfärdens mål")
        self.assertNotContains(response, "Samverkan")

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_it_filters_by_state(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["interim"], state=State.SUBMITTED)
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertContains(self.client.get(self.url, {"state": "submitted"}), "Minst 25 000 elever på teman")
        self.assertNotContains(self.client.get(self.url, {"state": "missing"}), "Minst 25 000 elever på teman")

    def test_an_unknown_filter_value_is_ignored_not_an_error(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.get(self.url, {"state": "nonsense"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Minst 25 000 elever på teman")

    def test_it_sorts_by_a_column(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url, {"sort": "-title"}).status_code, 200)

    def test_kansliet_also_sees_the_goals_of_all_units_together(self):
        factories.kansli("kansli", self.data)
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertContains(self.client.get(self.url), "Samverkan")

    def test_with_no_open_period_it_says_so(self):
        self.data["interim"].is_open = False
        self.data["interim"].save()
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertContains(self.client.get(self.url), "Det finns ingen öppen uppföljningsperiod")

    def test_it_filters_by_status(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["interim"], status="at_risk")
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertContains(self.client.get(self.url, {"status": "at_risk"}), "Minst 25 000 elever på teman")
        self.assertNotContains(self.client.get(self.url, {"status": "on_track"}), "Minst 25 000 elever på teman")
        self.assertNotContains(self.client.get(self.url, {"status": "none"}), "Minst 25 000 elever på teman")
