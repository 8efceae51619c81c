"""E-postinställningar, the mail log on kansliet's overview and in the admin."""

from django.test import TestCase
from django.urls import reverse

from goals.models import MailKind, MailPreference, SentMail

from . import factories


class MailSettingsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        cls.url = reverse("mail_settings")

    def setUp(self):
        self.client.login(username="chef", password=factories.PASSWORD)

    def test_it_shows_the_defaults_and_is_linked_from_the_header(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'href="{self.url}"')
        self.assertTrue(response.context["form"]["reminders"].value())
        self.assertTrue(response.context["form"]["decisions"].value())

    def test_a_user_turns_reminders_off_and_sets_the_address(self):
        response = self.client.post(self.url, {"email": "chef@example.se", "decisions": "on"}, follow=True)
        self.assertRedirects(response, self.url)
        self.assertContains(response, "Dina e-postinställningar är sparade.")
        self.chef.refresh_from_db()
        self.assertEqual(self.chef.email, "chef@example.se")
        preference = MailPreference.objects.get(user=self.chef)
        self.assertEqual((preference.reminders, preference.decisions), (False, True))
        # and on again
        self.client.post(self.url, {"email": "chef@example.se", "reminders": "on"})
        preference.refresh_from_db()
        self.assertEqual((preference.reminders, preference.decisions), (True, False))

    def test_a_bad_address_is_refused_with_the_text_kept(self):
        response = self.client.post(self.url, {"email": "chef på example", "reminders": "on"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Skriv en hel e-postadress", status_code=400)
        self.assertContains(response, 'value="chef på example"', status_code=400)
        self.chef.refresh_from_db()
        self.assertEqual(self.chef.email, "")
        self.assertFalse(MailPreference.objects.exists())

    def test_anonymous_users_are_sent_to_login(self):
        self.client.logout()
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_each_user_changes_only_their_own(self):
        other = factories.manager("annan", self.data, unit_index=1)
        self.client.post(self.url, {"email": "chef@example.se"})
        self.assertFalse(MailPreference.objects.filter(user=other).exists())
        other.refresh_from_db()
        self.assertEqual(other.email, "")


class SentMailOnTheOverviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.ours = factories.plan(slug="vart")
        cls.theirs = factories.plan(slug="deras")
        cls.kansli = factories.kansli("kansli", cls.ours)
        cls.chef = factories.manager("chef", cls.ours)
        cls.ok = SentMail.objects.create(
            recipient=cls.chef,
            address="chef@example.se",
            kind=MailKind.REMINDER,
            subject="Påminnelse: uppföljningar att lämna in senast 15 september 2025",
            organisation=cls.ours["organisation"],
            period=cls.ours["interim"],
        )
        SentMail.objects.create(
            recipient=cls.chef,
            address="",
            kind=MailKind.RETURNED,
            subject="Återsänd: Välfärdens mål",
            organisation=cls.ours["organisation"],
            ok=False,
            error="Användaren saknar e-postadress.",
        )
        cls.foreign = SentMail.objects.create(
            address="x@deras.se",
            kind=MailKind.APPROVED,
            subject="Deras hemliga mål",
            organisation=cls.theirs["organisation"],
        )

    def setUp(self):
        self.client.login(username="kansli", password=factories.PASSWORD)

    def test_the_overview_shows_our_recent_mail_and_errors(self):
        response = self.client.get(reverse("overview"))
        self.assertContains(response, "Skickad e-post")
        self.assertContains(response, "senast 15 september 2025")
        self.assertContains(response, "chef@example.se")
        self.assertContains(response, "Användaren saknar e-postadress.")
        self.assertNotContains(response, "Deras hemliga mål")

    def test_the_admin_log_is_read_only_and_ours(self):
        response = self.client.get("/admin/goals/sentmail/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["cl"].queryset), {self.ok, SentMail.objects.get(ok=False)})
        self.assertEqual(self.client.get("/admin/goals/sentmail/add/").status_code, 403)
        change = self.client.get(f"/admin/goals/sentmail/{self.ok.pk}/change/")
        self.assertEqual(change.status_code, 200)
        self.assertNotContains(change, 'name="_save"')
        self.assertEqual(
            self.client.post(f"/admin/goals/sentmail/{self.ok.pk}/delete/", {"post": "yes"}).status_code, 403
        )
        self.assertTrue(SentMail.objects.filter(pk=self.ok.pk).exists())
        self.assertEqual(self.client.get(f"/admin/goals/sentmail/{self.foreign.pk}/change/").status_code, 302)

    def test_reminder_days_are_edited_in_the_period_admin(self):
        period = self.ours["interim"]
        page = self.client.get(f"/admin/goals/period/{period.pk}/change/")
        self.assertContains(page, 'name="reminder_days"')
        data = {
            "plan_year": period.plan_year_id,
            "kind": period.kind,
            "end_date": "2025-08-31",
            "deadline": "2025-09-15",
            "is_open": "on",
            "reminder_days": "10, tre",
        }
        refused = self.client.post(f"/admin/goals/period/{period.pk}/change/", data)
        self.assertContains(refused, "”tre” är inget heltal")
        self.assertContains(refused, 'value="10, tre"')
        data["reminder_days"] = "10,2,-2"
        self.assertEqual(self.client.post(f"/admin/goals/period/{period.pk}/change/", data).status_code, 302)
        period.refresh_from_db()
        self.assertEqual(period.reminder_offsets, [10, 2, -2])
