"""The unit takes back a follow-up it sent in, while kansliet has not yet decided on it."""

from django.test import TestCase
from django.urls import reverse

from goals import services
from goals.models import FollowUp, State

from . import factories


class WithdrawTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        factories.manager("annan", cls.data, unit_index=1)
        cls.kansli = factories.kansli("kansli", cls.data)
        other = factories.plan(slug="annat-forbund")
        factories.kansli("annat-kansli", other)
        factories.manager("annan-chef", other)
        goal, period = cls.data["goal"], cls.data["interim"]
        cls.edit_url = reverse("follow_up_edit", args=[goal.pk, period.pk])
        cls.url = reverse("follow_up_withdraw", args=[goal.pk, period.pk])

    def setUp(self):
        self.follow_up = services.save_follow_up(
            goal=self.data["goal"],
            period=self.data["interim"],
            user=self.chef,
            status="on_track",
            text="Inskickad text som ska finnas kvar.",
            values={},
            expected_version=0,
            submit=True,
        )

    def withdraw(self, version=None):
        return self.client.post(self.url, {"version": self.follow_up.version if version is None else version})

    def test_the_unit_takes_it_back_and_goes_on_writing(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        page = self.client.get(self.edit_url)
        self.assertContains(page, "Ta tillbaka och fortsätt skriva")
        response = self.withdraw()
        self.assertRedirects(response, self.edit_url, fetch_redirect_response=False)
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.DRAFT)
        self.assertIsNone(self.follow_up.submitted_at)
        self.assertEqual(self.follow_up.text, "Inskickad text som ska finnas kvar.")
        self.assertEqual(self.follow_up.history.first().history_change_reason, "withdraw")
        page = self.client.get(self.edit_url)
        self.assertContains(page, "är tagen tillbaka och är ett utkast igen")
        self.assertContains(page, "Skicka in till kansliet")
        history = self.client.get(reverse("history", args=[self.follow_up.pk]))
        self.assertContains(history, "Inskickningen tagen tillbaka av enheten")

    def test_anonymous_users_are_sent_to_login(self):
        response = self.withdraw()
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_other_units_and_other_forbund_get_404(self):
        for username in ("annan", "annat-kansli", "annan-chef"):
            self.client.login(username=username, password=factories.PASSWORD)
            self.assertEqual(self.withdraw().status_code, 404, username)
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_a_decided_follow_up_cannot_be_taken_back(self):
        services.approve_follow_up(follow_up=self.follow_up, user=self.kansli)
        self.follow_up.refresh_from_db()
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertNotContains(self.client.get(self.edit_url), "Ta tillbaka och fortsätt skriva")
        response = self.withdraw()
        self.assertRedirects(response, self.edit_url, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.edit_url), "kansliet har redan godkänt eller återsänt den")
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.APPROVED)

    def test_a_page_older_than_the_follow_up_is_refused(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.withdraw(version=self.follow_up.version - 1)
        self.assertRedirects(response, self.edit_url, fetch_redirect_response=False)
        self.assertContains(self.client.get(self.edit_url), "har ändrats sedan du öppnade sidan")
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_a_page_without_its_version_is_refused(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.post(self.url, {"version": "x"})
        self.assertRedirects(response, self.edit_url, fetch_redirect_response=False)
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_not_after_the_period_is_closed(self):
        services.set_period_open(period=self.data["interim"], is_open=False)
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertNotContains(self.client.get(self.edit_url), "Ta tillbaka och fortsätt skriva")
        self.withdraw()
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_approving_the_old_version_after_a_withdrawal_is_refused(self):
        seen = self.follow_up.version
        services.withdraw_follow_up(follow_up=self.follow_up, user=self.chef, expected_version=seen)
        with self.assertRaises(services.FollowUpError):
            services.approve_follow_up(follow_up=self.follow_up, user=self.kansli, expected_version=seen)
        self.assertEqual(FollowUp.objects.get().state, State.DRAFT)
