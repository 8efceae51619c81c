"""Läsningar och exporter: every PDF download and Excel export is logged with who, when, what and
the organisation, by the view that served it; a refused request logs nothing."""

from unittest import mock

from django.contrib import admin
from django.test import TestCase
from django.urls import reverse

from goals.models import AccessKind, AccessLog, FollowUp, State
from reports import services
from reports.models import ChapterPrint
from reports.testing import TemporaryMediaMixin

from . import factories

FAKE_PDF = b"%PDF-1.7\n% test\n%%EOF\n"


def fake_pdf(html, target):
    target.write(FAKE_PDF)


class AccessLogTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.reader = factories.reader("revisor", cls.data)
        cls.manager = factories.manager("chef", cls.data)
        other = factories.plan(slug="grannen")
        cls.other_kansli = factories.kansli("grannkansli", other)

    def make_print(self, **overrides) -> ChapterPrint:
        with mock.patch("reports.rendering.html_to_pdf", fake_pdf), self.captureOnCommitCallbacks(execute=True):
            chapter_print = services.request_print(**factories.print_order(self.data, self.kansli, **overrides))
        chapter_print.refresh_from_db()
        return chapter_print

    def download(self, account, chapter_print):
        self.client.force_login(account)
        response = self.client.get(reverse("reports:download", args=[chapter_print.pk]))
        if response.status_code == 200:
            b"".join(response.streaming_content)
        return response

    def test_a_draft_and_a_fastställd_pdf_are_logged_apart(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["annual"], state=State.APPROVED)
        chapter_print = self.make_print()
        self.assertEqual(self.download(self.kansli, chapter_print).status_code, 200)
        services.finalise_print(chapter_print=chapter_print, user=self.kansli, reference="§ 12")
        self.assertEqual(self.download(self.reader, chapter_print).status_code, 200)

        draft, final = AccessLog.objects.order_by("at", "id")
        self.assertEqual(
            (draft.user, draft.username, draft.kind, draft.organisation, draft.object_id),
            (self.kansli, "kansli", AccessKind.DRAFT_PDF, self.data["organisation"], chapter_print.pk),
        )
        self.assertEqual(draft.what, chapter_print.download_name)
        self.assertEqual((final.user, final.kind), (self.reader, AccessKind.FINAL_PDF))

    def test_a_refused_download_logs_nothing(self):
        chapter_print = self.make_print()
        self.assertEqual(self.download(self.other_kansli, chapter_print).status_code, 404)
        self.assertEqual(self.download(self.manager, chapter_print).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(reverse("reports:download", args=[chapter_print.pk])).status_code, 302)
        self.assertFalse(AccessLog.objects.exists())

    def test_the_excel_exports_are_logged(self):
        self.client.force_login(self.kansli)
        plan = self.client.get(reverse("plan_excel", args=["forbundet", 2025]))
        status = self.client.get(reverse("status_excel", args=["forbundet", self.data["interim"].pk]))
        self.assertEqual((plan.status_code, status.status_code), (200, 200))
        rows = list(AccessLog.objects.order_by("at", "id").values_list("kind", "user", "organisation", "object_id"))
        self.assertEqual(
            rows,
            [
                (AccessKind.PLAN_EXPORT, self.kansli.pk, self.data["organisation"].pk, self.data["plan_year"].pk),
                (AccessKind.STATUS_EXPORT, self.kansli.pk, self.data["organisation"].pk, self.data["interim"].pk),
            ],
        )
        self.assertIn(AccessLog.objects.get(kind=AccessKind.PLAN_EXPORT).what, plan["Content-Disposition"])

        self.client.force_login(self.other_kansli)
        self.assertEqual(self.client.get(reverse("plan_excel", args=["forbundet", 2025])).status_code, 404)
        self.assertEqual(AccessLog.objects.count(), 2)

    def test_the_log_shows_on_the_logg_page_for_kansliet(self):
        chapter_print = self.make_print()
        self.download(self.reader, chapter_print)
        self.client.force_login(self.kansli)
        response = self.client.get(reverse("logbook_org", args=["forbundet"]), {"visa": "lasningar"})
        self.assertContains(response, chapter_print.download_name)
        self.assertContains(response, "Kapitel som inte är fastställt (PDF)")
        self.assertContains(response, "revisor")
        mine = self.client.get(
            reverse("logbook_org", args=["forbundet"]), {"visa": "lasningar", "user": str(self.kansli.pk)}
        )
        self.assertContains(mine, "Inga händelser matchar filtret.")

    def test_the_log_cannot_be_edited_in_the_admin(self):
        self.assertNotIn(AccessLog, admin.site._registry)


class WordAndOpenDataAccessTests(TemporaryMediaMixin, TestCase):
    """The Word version and the open-data exports are on record like the PDF and Excel."""

    setUpTestData = AccessLogTests.__dict__["setUpTestData"]
    make_print = AccessLogTests.make_print

    def test_a_word_download_is_logged_with_its_own_kind(self):
        chapter_print = self.make_print()
        self.client.force_login(self.reader)
        response = self.client.get(reverse("reports:download_docx", args=[chapter_print.pk]))
        self.assertEqual(response.status_code, 200)
        b"".join(response.streaming_content)
        (entry,) = AccessLog.objects.all()
        self.assertEqual(
            (entry.user, entry.kind, entry.object_id), (self.reader, AccessKind.DRAFT_DOCX, chapter_print.pk)
        )
        self.assertEqual(entry.what, chapter_print.docx_download_name)

    def test_the_json_and_kolada_exports_are_logged_and_a_refused_one_is_not(self):
        measure = self.data["goal"].measures.first()
        measure.breakdown = "municipality"
        measure.save()
        slug, year = self.data["organisation"].slug, self.data["plan_year"].year
        self.client.force_login(self.other_kansli)
        self.assertEqual(self.client.get(reverse("plan_json", args=[slug, year])).status_code, 404)
        self.assertFalse(AccessLog.objects.exists())

        self.client.force_login(self.kansli)
        self.assertEqual(self.client.get(reverse("plan_json", args=[slug, year])).status_code, 200)
        self.assertEqual(self.client.get(reverse("measure_kolada_csv", args=[slug, measure.pk])).status_code, 200)
        self.assertEqual(
            list(AccessLog.objects.order_by("id").values_list("kind", "object_id", "username")),
            [
                (AccessKind.PLAN_JSON, self.data["plan_year"].pk, "kansli"),
                (AccessKind.KOLADA_CSV, measure.pk, "kansli"),
            ],
        )
