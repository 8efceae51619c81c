"""The Utskrifter page, its status endpoint, downloads, fastställa and the läsare's list."""

from unittest import mock

from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, PeriodKind, State
from reports import services
from reports.models import ChapterPrint, Layout, PrintState
from reports.testing import TemporaryMediaMixin

from . import factories

FAKE_PDF = b"%PDF-1.7\n% test\n%%EOF\n"


def fake_pdf(html, target):
    target.write(FAKE_PDF)


class PrintsViewTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.reader = factories.reader("direktion", cls.data)
        cls.manager = factories.manager("chef", cls.data)
        other = factories.plan(slug="grannen", year=2025)
        cls.other_kansli = factories.kansli("grannkansli", other)
        cls.url = reverse("reports:prints_org", args=["forbundet"])

    def valid_post(self, **changes):
        data = {
            "period": self.data["annual"].pk,
            "layout": Layout.UNIT,
            "chapter_number": "4",
            "chapter_title": "Måluppfyllelse",
            "organisation_name": "Förbundet i tryck",
        }
        data.update(changes)
        return data

    def order(self, **changes):
        with mock.patch("reports.rendering.html_to_pdf", fake_pdf), self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.url, self.valid_post(**changes))

    # Access

    def test_kansliet_gets_the_page_with_the_form_and_its_defaults(self):
        self.client.force_login(self.kansli)
        response = self.client.get(reverse("reports:prints"))
        self.assertContains(response, "Ny utskrift")
        self.assertContains(response, 'value="Måluppfyllelse"')
        self.assertContains(response, 'value="Förbundet forbundet"')  # the organisation's name as default
        self.assertContains(response, 'name="chapter_number" value="4"')
        self.assertContains(response, "reports/prints.js")

    def test_prints_of_removed_users_still_list(self):
        ChapterPrint.objects.create(
            organisation=self.data["organisation"],
            plan_year=self.data["plan_year"],
            period=self.data["annual"],
            organisation_name="F",
            requested_by=None,
            state=PrintState.FAILED,
            error="Fel",
        )
        self.client.force_login(self.kansli)
        self.assertContains(self.client.get(self.url), "Misslyckades")

    def test_anonymous_users_are_sent_to_login(self):
        for url in [reverse("reports:prints"), self.url, reverse("reports:published", args=["forbundet"])]:
            with self.subTest(url=url):
                self.assertRedirects(self.client.get(url), reverse("login") + "?next=" + url)

    def test_enhetschefer_and_läsare_do_not_get_the_page(self):
        for user in [self.manager, self.reader]:
            self.client.force_login(user)
            with self.subTest(user=user.username):
                self.assertEqual(self.client.get(reverse("reports:prints")).status_code, 404)
                self.assertEqual(self.client.get(self.url).status_code, 404)
                self.assertEqual(self.client.post(self.url, self.valid_post()).status_code, 404)

    def test_another_organisations_kansli_sees_nothing_of_ours(self):
        self.client.force_login(self.kansli)
        self.order()
        chapter_print = ChapterPrint.objects.get()
        self.client.force_login(self.other_kansli)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        for name in ["status", "download"]:
            self.assertEqual(self.client.get(reverse(f"reports:{name}", args=[chapter_print.pk])).status_code, 404)
        for name in ["finalise", "delete"]:
            url = reverse(f"reports:{name}", args=[chapter_print.pk])
            self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(self.client.post(url, {"reference": "§ 1", "confirm_empty": "on"}).status_code, 404)
        chapter_print.refresh_from_db()
        self.assertFalse(chapter_print.is_final)

    # Ordering

    def test_a_valid_order_makes_a_pdf(self):
        self.client.force_login(self.kansli)
        response = self.order()
        self.assertRedirects(response, self.url, fetch_redirect_response=False)
        chapter_print = ChapterPrint.objects.get()
        self.assertEqual(chapter_print.state, PrintState.DONE)
        self.assertEqual(chapter_print.period, self.data["annual"])
        self.assertEqual(chapter_print.plan_year, self.data["plan_year"])  # follows from the period
        self.assertEqual(chapter_print.organisation_name, "Förbundet i tryck")
        self.assertEqual(chapter_print.requested_by, self.kansli)
        page = self.client.get(self.url)
        self.assertContains(page, "Utskriften är beställd.")
        self.assertContains(page, reverse("reports:download", args=[chapter_print.pk]))

    def test_bad_input_shows_swedish_errors_and_keeps_what_was_typed(self):
        self.client.force_login(self.kansli)
        response = self.client.post(
            self.url, self.valid_post(chapter_number="0", chapter_title="", organisation_name="Mitt eget namn")
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Kapitelnumret ska vara minst 1.", status_code=400)
        self.assertContains(response, "Ange kapitlets rubrik.", status_code=400)
        self.assertContains(response, 'value="Mitt eget namn"', status_code=400)
        self.assertContains(response, 'value="0"', status_code=400)
        self.assertFalse(ChapterPrint.objects.exists())

        response = self.client.post(self.url, self.valid_post(chapter_number="fyra"))
        self.assertContains(response, "Kapitelnumret ska vara ett heltal, t.ex. 4.", status_code=400)

    def test_the_period_is_chosen_and_the_year_follows_from_it(self):
        from datetime import date

        from goals.models import Period, PlanYear

        year_2026 = PlanYear.objects.create(organisation=self.data["organisation"], year=2026)
        period_2026 = Period.objects.create(plan_year=year_2026, kind=PeriodKind.ANNUAL, end_date=date(2026, 12, 31))
        self.client.force_login(self.kansli)
        page = self.client.get(self.url)
        self.assertNotContains(page, 'name="plan_year"')
        # The latest year's årsbokslut is proposed.
        self.assertContains(page, f'<option value="{period_2026.pk}" selected>2026 – Årsbokslut 261231</option>')
        self.order(period=self.data["interim"].pk)
        chapter_print = ChapterPrint.objects.get()
        self.assertEqual(
            (chapter_print.plan_year, chapter_print.period), (self.data["plan_year"], self.data["interim"])
        )

    def test_a_period_of_another_förbund_is_refused(self):
        self.client.force_login(self.kansli)
        theirs = factories.plan(slug="forbundet-2", year=2026)
        response = self.client.post(self.url, self.valid_post(period=theirs["annual"].pk, chapter_title="Mitt kapitel"))
        self.assertContains(response, "Välj en av perioderna i listan.", status_code=400)
        self.assertContains(response, 'value="Mitt kapitel"', status_code=400)
        response = self.client.post(self.url, self.valid_post(period=""))
        self.assertContains(response, "Välj en period.", status_code=400)
        self.assertFalse(ChapterPrint.objects.exists())

    # Progress and downloads

    def test_the_status_endpoint_reports_progress_and_the_last_good_pdf(self):
        self.client.force_login(self.kansli)
        self.order()
        good = ChapterPrint.objects.get()
        queued = ChapterPrint.objects.create(
            organisation=good.organisation,
            plan_year=good.plan_year,
            period=good.period,
            layout=good.layout,
            organisation_name="F",
            requested_by=self.kansli,
        )
        data = self.client.get(reverse("reports:status", args=[queued.pk])).json()
        self.assertEqual(data["state"], "queued")
        self.assertEqual(data["state_label"], "I kö")
        self.assertTrue(data["pending"])
        self.assertEqual(data["download_url"], "")
        self.assertEqual(data["fallback_url"], reverse("reports:download", args=[good.pk]))

        page = self.client.get(self.url)
        self.assertContains(
            page, f'data-status-url="{reverse("reports:status", args=[queued.pk])}" data-pending="true"'
        )
        self.assertContains(page, 'aria-live="polite"')
        self.assertContains(page, "Ladda ned senaste lyckade")

        # The worker picks it up.
        with mock.patch("reports.rendering.html_to_pdf", fake_pdf):
            services.run_print(print_id=queued.pk)
        data = self.client.get(reverse("reports:status", args=[queued.pk])).json()
        self.assertEqual((data["state"], data["pending"]), ("done", False))
        self.assertEqual(data["download_url"], reverse("reports:download", args=[queued.pk]))

    def test_downloads_go_through_the_access_check(self):
        self.client.force_login(self.kansli)
        self.order()
        chapter_print = ChapterPrint.objects.get()
        url = reverse("reports:download", args=[chapter_print.pk])
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn(
            f'attachment; filename="forbundet-kapitel-4-2025-arsbokslut-251231-enhet-nr{chapter_print.pk}.pdf"',
            response["Content-Disposition"],
        )
        self.assertEqual(b"".join(response.streaming_content), FAKE_PDF)

        self.client.force_login(self.reader)
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.manager)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.assertRedirects(self.client.get(url), reverse("login") + "?next=" + url)

    # Fastställa

    def test_fastställ_needs_a_reference_and_makes_the_print_immutable(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["annual"], state=State.APPROVED)
        self.client.force_login(self.kansli)
        self.order()
        chapter_print = ChapterPrint.objects.get()
        url = reverse("reports:finalise", args=[chapter_print.pk])

        response = self.client.post(url, {"reference": ""})
        self.assertContains(response, "Ange protokollsreferensen för beslutet.", status_code=400)

        response = self.client.post(url, {"reference": "Direktionen 2026-03-15 § 12"})
        self.assertRedirects(response, self.url)
        chapter_print.refresh_from_db()
        self.assertTrue(chapter_print.is_final)

        response = self.client.post(url, {"reference": "Ändrad"})
        self.assertContains(response, "Utskriften är redan fastställd och kan inte ändras.", status_code=400)
        response = self.client.post(reverse("reports:delete", args=[chapter_print.pk]), follow=True)
        self.assertContains(response, "En fastställd utskrift kan inte tas bort.")
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.final_reference, "Direktionen 2026-03-15 § 12")

    def test_läsare_see_the_fastställd_version_first(self):
        self.client.force_login(self.kansli)
        self.order(chapter_title="Först")
        first = ChapterPrint.objects.get()
        services.finalise_print(chapter_print=first, user=self.kansli, reference="Direktionen § 12", confirm_empty=True)
        self.order(chapter_title="Senare utkast")
        self.order(chapter_title="Misslyckad")
        ChapterPrint.objects.filter(chapter_title="Misslyckad").update(state=PrintState.FAILED, file="")

        self.client.force_login(self.reader)
        response = self.client.get(reverse("reports:published", args=["forbundet"]))
        content = response.content.decode()
        self.assertLess(content.index("Först"), content.index("Senare utkast"))
        self.assertIn("Direktionen § 12", content)
        self.assertNotIn("Misslyckad", content)

        self.client.force_login(self.manager)
        self.assertEqual(self.client.get(reverse("reports:published", args=["forbundet"])).status_code, 404)
