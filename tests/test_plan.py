from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, State

from . import factories


class PlanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.reader("direktion", cls.data)
        factories.manager("chef", cls.data)
        FollowUp.objects.create(
            goal=cls.data["goal"], period=cls.data["annual"], state=State.APPROVED, status="achieved", text="Genomfört."
        )
        cls.url = reverse("plan", args=["forbundet", 2025])

    def test_a_reader_sees_goals_and_follow_ups(self):
        self.client.login(username="direktion", password=factories.PASSWORD)
        response = self.client.get(self.url, {"period": self.data["annual"].pk})
        self.assertContains(response, "Minst 25 000 elever på teman")
        self.assertContains(response, "Genomfört.")
        self.assertContains(response, "Uppnått")
        self.assertNotContains(response, "Spara utkast")

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_an_enhetschef_does_not_read_the_whole_plan(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_an_unknown_year_gets_404(self):
        self.client.login(username="direktion", password=factories.PASSWORD)
        self.assertEqual(self.client.get(reverse("plan", args=["forbundet", 1999])).status_code, 404)
