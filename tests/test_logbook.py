"""The Logg page: the förbund's changes for kansliet and läsare, filterable, one förbund at a time."""

from datetime import timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from goals import services
from goals.logbook.views import PAGE_SIZE
from goals.models import AccessKind, AccessLog, Period, PlanYear
from reports.models import ChapterPrint, PrintState

from . import factories


class LogbookTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.kansli.first_name, cls.kansli.last_name = "Karin", "Kansli"
        cls.kansli.save()
        cls.reader = factories.reader("revisor", cls.data)
        cls.manager = factories.manager("chef", cls.data)
        cls.other = factories.plan(slug="grannen", year=2024)
        cls.other_kansli = factories.kansli("grannkansli", cls.other)
        cls.url = reverse("logbook_org", args=["forbundet"])

    def setUp(self):
        # Our kansli closes our period; theirs closes theirs.
        self.client.force_login(self.kansli)
        self.client.post(reverse("close_period", args=[self.data["interim"].pk]))
        self.client.force_login(self.other_kansli)
        self.client.post(reverse("close_period", args=[self.other["interim"].pk]))
        self.client.logout()

    def get(self, account, url=None, **params):
        self.client.force_login(account)
        return self.client.get(url or self.url, params)

    def test_kansliet_sees_who_did_what_and_the_fields_changed(self):
        response = self.get(self.kansli)
        self.assertContains(response, "Logg – Förbundet forbundet")
        self.assertContains(response, "Perioden stängd")
        self.assertContains(response, "Karin Kansli")
        self.assertContains(response, "Uppföljningsperiod: Delårsrapport 250831")
        self.assertContains(response, "Öppen: Ja → Nej")
        # What the test data was built with has no logged-in user behind it.
        self.assertContains(response, "systemet")
        self.assertContains(response, "Läsningar och exporter")

    def test_the_default_page_and_the_nav_link(self):
        response = self.get(self.kansli, reverse("logbook"))
        self.assertContains(response, "Logg – Förbundet forbundet")
        self.assertContains(response, f'href="{reverse("logbook")}"')

    def test_anonymous_is_sent_to_login(self):
        for url in (reverse("logbook"), self.url, self.url + "?visa=lasningar"):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertRedirects(
                    response,
                    reverse("login") + "?next=" + url.replace("?", "%3F").replace("=", "%3D"),
                    fetch_redirect_response=False,
                )

    def test_another_förbunds_events_are_not_shown_and_their_kansli_sees_none_of_ours(self):
        response = self.get(self.kansli)
        self.assertNotContains(response, "grannkansli")
        self.assertNotContains(response, "Förbundet grannen")
        self.assertNotContains(response, "240831")
        self.assertEqual(self.get(self.other_kansli).status_code, 404)
        theirs = self.get(self.other_kansli, reverse("logbook"))
        self.assertContains(theirs, "Logg – Förbundet grannen")
        self.assertNotContains(theirs, "250831")
        self.assertNotContains(theirs, "Karin Kansli")

    def test_an_enhetschef_gets_404(self):
        self.assertEqual(self.get(self.manager).status_code, 404)
        self.assertEqual(self.get(self.manager, reverse("logbook")).status_code, 404)

    def test_a_läsare_reads_the_changes_but_not_the_access_log(self):
        response = self.get(self.reader)
        self.assertContains(response, "Perioden stängd")
        self.assertNotContains(response, "Läsningar och exporter")
        self.assertEqual(self.get(self.reader, visa="lasningar").status_code, 404)

    def test_baseline_rows_of_the_upgrade_are_not_events(self):
        self.assertContains(self.get(self.kansli, what="goals-period"), "3 händelser")  # two made, one closed
        period = self.data["annual"]
        period._change_reason = "baseline"
        period.save()
        response = self.get(self.kansli, what="goals-period")
        self.assertContains(response, "3 händelser")
        self.assertNotContains(response, "Utgångsläge")

    def test_filter_by_kind_of_object(self):
        response = self.get(self.kansli, what="goals-unit")
        self.assertContains(response, "Enhet: Regional utveckling")
        self.assertNotContains(response, "Perioden stängd")

    def test_filter_by_user_and_by_the_system(self):
        mine = self.get(self.kansli, user=str(self.kansli.pk))
        self.assertContains(mine, "1 händelse")
        self.assertContains(mine, "Perioden stängd")
        system = self.get(self.kansli, user="system")
        self.assertNotContains(system, "Perioden stängd")
        self.assertContains(system, "Skapad")
        # Someone of another förbund is no choice here.
        refused = self.get(self.kansli, user=str(self.other_kansli.pk))
        self.assertContains(refused, "Välj ett giltigt alternativ", status_code=400)

    def test_filter_by_year_leaves_out_other_years_and_what_belongs_to_no_year(self):
        PlanYear.objects.create(organisation=self.data["organisation"], year=2026)
        response = self.get(self.kansli, year="2025")
        self.assertContains(response, "Perioden stängd")
        self.assertNotContains(response, "Enhet: Regional utveckling")
        self.assertNotContains(response, "forbundet 2026")
        self.assertContains(self.get(self.kansli, year="2026"), "Verksamhetsår: Förbundet forbundet 2026")

    def test_filter_by_dates_with_the_text_kept_on_a_mistake(self):
        today = timezone.localdate()
        self.assertContains(self.get(self.kansli, date_from=today.isoformat()), "Perioden stängd")
        tomorrow = (today + timedelta(days=1)).isoformat()
        self.assertContains(self.get(self.kansli, date_from=tomorrow), "Inga händelser matchar filtret.")
        yesterday = (today - timedelta(days=1)).isoformat()
        self.assertContains(self.get(self.kansli, date_to=yesterday), "Inga händelser matchar filtret.")
        response = self.get(self.kansli, date_from="31 februari", date_to=today.isoformat())
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="31 februari"', status_code=400)
        response = self.get(self.kansli, date_from=tomorrow, date_to=today.isoformat())
        self.assertContains(response, "Slutdagen ligger före startdagen.", status_code=400)

    def test_pages_of_events_newest_first(self):
        period = Period.objects.get(pk=self.data["annual"].pk)
        for _turn in range(PAGE_SIZE):
            period.deadline = None
            period.save()
        first = self.get(self.kansli, what="goals-period")
        self.assertContains(first, "Sida 1 av 2")
        self.assertContains(first, "sida=2")
        second = self.get(self.kansli, what="goals-period", sida="2")
        self.assertContains(second, "Sida 2 av 2")
        self.assertContains(second, "Skapad")

    def test_a_print_fastställd_and_removed_have_their_names(self):
        organisation, plan_year = self.data["organisation"], self.data["plan_year"]
        made = dict(organisation=organisation, plan_year=plan_year, period=self.data["annual"], organisation_name="F")
        final = ChapterPrint.objects.create(**made, state=PrintState.DONE, file="chapters/x.pdf")
        gone = ChapterPrint.objects.create(**made, state=PrintState.FAILED)
        self.client.force_login(self.kansli)
        from reports import services as print_services

        print_services.finalise_print(chapter_print=final, user=self.kansli, reference="§ 12", confirm_empty=True)
        print_services.delete_print(chapter_print=gone)
        response = self.get(self.kansli, what="reports-chapterprint")
        self.assertContains(response, "Utskriften fastställd")
        self.assertContains(response, "Fastställd: Nej → Ja")
        self.assertContains(response, "Utskriften borttagen")
        self.assertContains(response, "Utskriften beställd")

    def test_the_access_log_tab_for_kansliet(self):
        AccessLog.objects.create(
            user=self.reader,
            username="revisor",
            organisation=self.data["organisation"],
            kind=AccessKind.FINAL_PDF,
            what="forbundet-kapitel-4.pdf",
        )
        AccessLog.objects.create(
            user=self.other_kansli,
            username="grannkansli",
            organisation=self.other["organisation"],
            kind=AccessKind.PLAN_EXPORT,
            what="grannen-plan.xlsx",
        )
        response = self.get(self.kansli, visa="lasningar")
        self.assertContains(response, "forbundet-kapitel-4.pdf")
        self.assertContains(response, "Fastställt kapitel (PDF)")
        self.assertNotContains(response, "grannen-plan.xlsx")
        filtered = self.get(self.kansli, visa="lasningar", kind=AccessKind.PLAN_EXPORT)
        self.assertContains(filtered, "Inga händelser matchar filtret.")
        self.assertNotContains(self.get(self.other_kansli, reverse("logbook"), visa="lasningar"), "forbundet-kapitel")

    def test_the_page_is_read_only(self):
        self.client.force_login(self.kansli)
        self.assertEqual(self.client.post(self.url).status_code, 405)

    def test_a_change_by_the_system_says_so(self):
        services.set_period_open(period=self.data["annual"], is_open=True)
        response = self.get(self.kansli, what="goals-period", user="system")
        self.assertContains(response, "Perioden öppnad för enheterna")

    def test_the_number_of_queries_does_not_grow_with_the_rows(self):
        period = Period.objects.get(pk=self.data["annual"].pk)

        def queries_for_a_page_of_changes(changes):
            for turn in range(changes):
                period.reminder_days = str(turn)
                period.save()
            self.client.force_login(self.kansli)
            self.client.get(self.url)  # the first request after a login stamps the session
            with CaptureQueriesContext(connection) as context:
                self.client.get(self.url, {"what": "goals-period"})
            return len(context)

        few = queries_for_a_page_of_changes(2)
        many = queries_for_a_page_of_changes(PAGE_SIZE)
        self.assertEqual(few, many)

    def test_a_role_whose_unit_was_removed_is_still_listed(self):
        unit = self.data["units"][1]
        factories.manager("chef-valfard", self.data, unit_index=1)
        self.data["other_goal"].delete()
        unit.delete()  # takes the enhetschef's role with it
        response = self.get(self.kansli, what="goals-membership")
        self.assertContains(response, "Borttagen")
        self.assertContains(response, "(det hörde till något som har tagits bort)")
        self.assertContains(self.get(self.kansli, what="goals-unit"), "Enhet: Välfärd")
