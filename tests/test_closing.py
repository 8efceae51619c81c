"""Closing the year safely: fastställ, ta bort and stäng perioden confirmed on a page of their own."""

from unittest import mock

from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, State
from reports import services
from reports.models import ChapterPrint, PrintState
from reports.testing import TemporaryMediaMixin

from . import factories


def fake_pdf(html, target):
    target.write(b"%PDF-1.7\n%%EOF\n")


class PrintConfirmationTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.manager = factories.manager("chef", cls.data)
        cls.other_kansli = factories.kansli("grannkansli", factories.plan(slug="grannen"))
        cls.prints_url = reverse("reports:prints_org", args=["forbundet"])

    def make_print(self):
        with mock.patch("reports.rendering.html_to_pdf", fake_pdf), self.captureOnCommitCallbacks(execute=True):
            chapter_print = services.request_print(**factories.print_order(self.data, self.kansli))
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.state, PrintState.DONE)
        return chapter_print

    def approve(self, *goals):
        for goal in goals:
            FollowUp.objects.create(goal=goal, period=self.data["annual"], state=State.APPROVED, text="Klart.")

    # Fastställ

    def test_the_finalise_page_says_what_the_print_holds(self):
        self.approve(self.data["goal"], self.data["other_goal"])
        chapter_print = self.make_print()
        self.client.force_login(self.kansli)
        response = self.client.get(reverse("reports:finalise", args=[chapter_print.pk]))
        self.assertContains(response, "Utskriften innehåller 2 godkända uppföljningar av 3.")
        self.assertContains(response, chapter_print.download_name)
        self.assertNotContains(response, 'name="confirm_empty"')  # only asked for an empty print
        chapter_print.refresh_from_db()
        self.assertFalse(chapter_print.is_final)  # GET changes nothing

        response = self.client.post(reverse("reports:finalise", args=[chapter_print.pk]), {"reference": "§ 12"})
        self.assertRedirects(response, self.prints_url)
        chapter_print.refresh_from_db()
        self.assertEqual((chapter_print.is_final, chapter_print.final_reference), (True, "§ 12"))

    def test_a_print_without_approved_follow_ups_needs_the_checkbox(self):
        chapter_print = self.make_print()
        url = reverse("reports:finalise", args=[chapter_print.pk])
        self.client.force_login(self.kansli)
        response = self.client.get(url)
        self.assertContains(response, "Utskriften innehåller 0 godkända uppföljningar av 3.")
        self.assertContains(response, 'name="confirm_empty"')

        response = self.client.post(url, {"reference": "Direktionen § 12"})
        self.assertContains(
            response, "Utskriften innehåller inga godkända uppföljningar. Kryssa i rutan", status_code=400
        )
        self.assertContains(response, 'value="Direktionen § 12"', status_code=400)  # the text is kept
        chapter_print.refresh_from_db()
        self.assertFalse(chapter_print.is_final)

        response = self.client.post(url, {"reference": "Direktionen § 12", "confirm_empty": "on"})
        self.assertRedirects(response, self.prints_url)
        chapter_print.refresh_from_db()
        self.assertTrue(chapter_print.is_final)

    def test_an_older_print_says_its_count_is_unknown(self):
        chapter_print = self.make_print()
        ChapterPrint.objects.filter(pk=chapter_print.pk).update(approved_count=None, follow_up_total=None)
        self.client.force_login(self.kansli)
        response = self.client.get(reverse("reports:finalise", args=[chapter_print.pk]))
        self.assertContains(response, "okänt")
        self.assertContains(self.client.get(self.prints_url), "okänt")

    def test_the_prints_page_and_its_status_show_the_counts(self):
        self.approve(self.data["goal"])
        chapter_print = self.make_print()
        self.client.force_login(self.kansli)
        page = self.client.get(self.prints_url)
        self.assertContains(page, "Utskriften innehåller 1 godkänd uppföljning av 3.")
        self.assertContains(page, reverse("reports:finalise", args=[chapter_print.pk]))
        confirm = self.client.get(reverse("reports:finalise", args=[chapter_print.pk]))
        self.assertContains(confirm, "Observera: 2 av 3 uppföljningar är inte godkända och står inte i utskriften.")
        self.assertNotContains(page, f'action="{reverse("reports:finalise", args=[chapter_print.pk])}"')
        status = self.client.get(reverse("reports:status", args=[chapter_print.pk])).json()
        self.assertEqual(status["contents"], "Utskriften innehåller 1 godkänd uppföljning av 3.")

    def test_a_draft_print_is_refused_on_its_page(self):
        with mock.patch("reports.rendering.html_to_pdf", fake_pdf), self.captureOnCommitCallbacks(execute=True):
            draft = services.request_print(**factories.print_order(self.data, self.kansli, include_unapproved=True))
        self.client.force_login(self.kansli)
        url = reverse("reports:finalise", args=[draft.pk])
        self.assertContains(self.client.get(url), "Utskriften är ett utkast")
        response = self.client.post(url, {"reference": "§ 1", "confirm_empty": "on"})
        self.assertEqual(response.status_code, 400)
        draft.refresh_from_db()
        self.assertFalse(draft.is_final)

    # Ta bort

    def test_the_delete_page_asks_and_post_removes(self):
        chapter_print = self.make_print()
        url = reverse("reports:delete", args=[chapter_print.pk])
        self.client.force_login(self.kansli)
        response = self.client.get(url)
        self.assertContains(response, "Ta bort utskriften")
        self.assertContains(response, "Utskriften innehåller 0 godkända uppföljningar av 3.")
        self.assertTrue(ChapterPrint.objects.filter(pk=chapter_print.pk).exists())
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url)
        self.assertRedirects(response, self.prints_url, fetch_redirect_response=False)
        self.assertFalse(ChapterPrint.objects.filter(pk=chapter_print.pk).exists())

    def test_a_fastställd_print_cannot_be_removed_from_its_page(self):
        self.approve(self.data["goal"])
        chapter_print = self.make_print()
        services.finalise_print(chapter_print=chapter_print, user=self.kansli, reference="§ 1")
        self.client.force_login(self.kansli)
        url = reverse("reports:delete", args=[chapter_print.pk])
        self.assertContains(self.client.get(url), "En fastställd utskrift kan inte tas bort.")
        self.assertNotContains(self.client.get(url), 'type="submit" class="primary"')
        self.client.post(url)
        chapter_print.refresh_from_db()
        self.assertTrue(chapter_print.is_final)

    # Access

    def test_anonymous_users_are_sent_to_login(self):
        chapter_print = self.make_print()
        for name in ["finalise", "delete"]:
            url = reverse(f"reports:{name}", args=[chapter_print.pk])
            with self.subTest(name=name):
                self.assertRedirects(self.client.get(url), reverse("login") + "?next=" + url)
                self.assertRedirects(self.client.post(url), reverse("login") + "?next=" + url)
        self.assertTrue(ChapterPrint.objects.filter(pk=chapter_print.pk, is_final=False).exists())

    def test_another_förbund_and_an_enhetschef_get_404(self):
        chapter_print = self.make_print()
        for user in [self.other_kansli, self.manager]:
            self.client.force_login(user)
            for name in ["finalise", "delete"]:
                url = reverse(f"reports:{name}", args=[chapter_print.pk])
                with self.subTest(user=user.username, name=name):
                    self.assertEqual(self.client.get(url).status_code, 404)
                    self.assertEqual(self.client.post(url, {"reference": "§", "confirm_empty": "on"}).status_code, 404)
        chapter_print.refresh_from_db()
        self.assertFalse(chapter_print.is_final)
        self.assertTrue(ChapterPrint.objects.filter(pk=chapter_print.pk).exists())


class ClosePeriodTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.manager = factories.manager("chef", cls.data)
        cls.other_kansli = factories.kansli("grannkansli", factories.plan(slug="grannen"))
        period = cls.data["interim"]
        # Regional utveckling: submitted (done); Välfärd: a draft; samtliga verksamheter: missing.
        FollowUp.objects.create(goal=cls.data["goal"], period=period, state=State.SUBMITTED, text="x")
        FollowUp.objects.create(goal=cls.data["other_goal"], period=period, state=State.DRAFT)
        cls.url = reverse("close_period", args=[period.pk])

    def test_the_page_says_who_can_no_longer_write(self):
        self.client.force_login(self.kansli)
        response = self.client.get(self.url)
        self.assertContains(
            response,
            "Perioden stängs: 2 enheter har 2 uppföljningar kvar som inte är inskickade; de kan inte längre skriva.",
        )
        self.assertContains(response, "Välfärd")
        self.assertContains(response, "Samtliga verksamheter")
        self.data["interim"].refresh_from_db()
        self.assertTrue(self.data["interim"].is_open)  # GET changes nothing

        response = self.client.post(self.url)
        self.assertRedirects(response, reverse("overview_period", args=["forbundet", self.data["interim"].pk]))
        self.data["interim"].refresh_from_db()
        self.assertFalse(self.data["interim"].is_open)

    def test_the_singular_is_used_for_one_unit(self):
        FollowUp.objects.filter(goal=self.data["other_goal"]).update(state=State.SUBMITTED)
        self.client.force_login(self.kansli)
        self.assertContains(
            self.client.get(self.url),
            "Perioden stängs: 1 enhet har 1 uppföljning kvar som inte är inskickad; de kan inte längre skriva.",
        )

    def test_the_overview_button_does_not_close_at_once(self):
        self.client.force_login(self.kansli)
        response = self.client.post(reverse("toggle_period", args=[self.data["interim"].pk]))
        self.assertRedirects(response, self.url)
        self.data["interim"].refresh_from_db()
        self.assertTrue(self.data["interim"].is_open)
        # A closed period opens with one click.
        self.client.post(self.url)
        self.client.post(reverse("toggle_period", args=[self.data["interim"].pk]))
        self.data["interim"].refresh_from_db()
        self.assertTrue(self.data["interim"].is_open)

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)
        self.assertRedirects(self.client.post(self.url), reverse("login") + "?next=" + self.url)

    def test_another_förbund_and_an_enhetschef_get_404(self):
        for user in [self.other_kansli, self.manager]:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.url).status_code, 404)
        self.data["interim"].refresh_from_db()
        self.assertTrue(self.data["interim"].is_open)
