from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, State

from . import factories


class ReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.chef = factories.manager("chef", cls.data)

    def setUp(self):
        self.follow_up = FollowUp.objects.create(
            goal=self.data["goal"],
            period=self.data["interim"],
            text="Vår text",
            status="on_track",
            state=State.SUBMITTED,
        )
        self.url = reverse("review", args=[self.follow_up.pk])

    def test_kansliet_sees_the_follow_up(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertContains(self.client.get(self.url), "Vår text")

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_an_enhetschef_cannot_review(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertEqual(self.client.post(self.url, {"approve": "1"}).status_code, 404)
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_kansliet_of_another_organisation_gets_404(self):
        other = factories.plan(slug="annat")
        factories.kansli("annan-kansli", other)
        self.client.login(username="annan-kansli", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_approving(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.post(self.url, {"approve": "1"})
        self.assertRedirects(response, reverse("overview_period", args=["forbundet", self.data["interim"].pk]))
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.APPROVED)
        self.assertEqual(self.follow_up.history.first().history_user, self.kansli)

    def test_returning_needs_a_comment(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.post(self.url, {"return": "1", "comment": ""})
        self.assertContains(response, "Skriv vad enheten ska ändra.", status_code=400)
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_returning_with_a_comment_reopens_it_for_the_unit(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.client.post(self.url, {"return": "1", "comment": "Lägg till siffran för 2025."})
        self.follow_up.refresh_from_db()
        self.assertEqual(
            (self.follow_up.state, self.follow_up.return_comment), (State.RETURNED, "Lägg till siffran för 2025.")
        )
        self.client.login(username="chef", password=factories.PASSWORD)
        page = self.client.get(reverse("follow_up_edit", args=[self.data["goal"].pk, self.data["interim"].pk]))
        self.assertContains(page, "Lägg till siffran för 2025.")
        self.assertContains(page, "Spara utkast")

    def test_an_approved_follow_up_cannot_be_reviewed_again(self):
        self.follow_up.state = State.APPROVED
        self.follow_up.save()
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.post(self.url, {"return": "1", "comment": "Ändra"})
        self.assertContains(response, "Bara inskickade uppföljningar", status_code=400)
