"""Ordering, rendering, failing, fastställa and removing prints (the renderer is replaced: fast)."""

from unittest import mock

from django.contrib.auth import get_user_model
from django.db.models import ProtectedError
from django.test import RequestFactory, TestCase
from django.urls import reverse

from goals.models import FollowUp, State
from reports import selectors, services
from reports.admin import ChapterPrintAdmin
from reports.models import ChapterPrint, Layout, PrintState
from reports.testing import TemporaryMediaMixin

from . import factories

FAKE_PDF = b"%PDF-1.7\n% first good print\n%%EOF\n"


def fake_pdf(content=FAKE_PDF):
    def write(html, target):
        target.write(content)

    return write


def broken_renderer(html, target):
    target.write(b"%PDF-1.7 half")  # a partial file that must never be stored
    raise RuntimeError("Typsnittet saknas")


class PrintServiceTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)

    def order(self, renderer, layout=Layout.UNIT, **options):
        with mock.patch("reports.rendering.html_to_pdf", renderer), self.captureOnCommitCallbacks(execute=True):
            chapter_print = services.request_print(
                **factories.print_order(self.data, self.kansli, layout=layout, **options)
            )
        chapter_print.refresh_from_db()
        return chapter_print

    def test_a_print_renders_into_its_own_file(self):
        chapter_print = self.order(fake_pdf())
        self.assertEqual(chapter_print.state, PrintState.DONE)
        # Organisation, chapter, year, period, layout, print number and a random part.
        self.assertRegex(
            chapter_print.file.name,
            rf"^chapters/forbundet-kapitel-4-2025-arsbokslut-251231-enhet-nr{chapter_print.pk}-[0-9a-f]{{32}}\.pdf$",
        )
        self.assertIsNotNone(chapter_print.started_at)
        self.assertIsNotNone(chapter_print.finished_at)
        with chapter_print.file.open("rb") as stored:
            self.assertEqual(stored.read(), FAKE_PDF)

    def test_a_failed_render_keeps_the_last_good_pdf(self):
        good = self.order(fake_pdf())
        files_before = sorted(good.file.storage.listdir("chapters")[1])
        failed = self.order(broken_renderer)

        self.assertEqual(failed.state, PrintState.FAILED)
        self.assertIn("Typsnittet saknas", failed.error)
        self.assertTrue(failed.error.startswith("Kapitlet kunde inte skapas"))
        self.assertFalse(failed.file)
        self.assertEqual(selectors.last_good_print(failed), good)

        good.refresh_from_db()
        with good.file.open("rb") as stored:
            self.assertEqual(stored.read(), FAKE_PDF)
        # The good print's files (its PDF and Word version) are there; the failed render left
        # nothing behind in storage.
        files = sorted(good.file.storage.listdir("chapters")[1])
        for name in (good.file.name, good.docx_file.name):
            self.assertIn(name.split("/")[-1], files)
        self.assertEqual(files, files_before)

        self.client.force_login(self.kansli)
        response = self.client.get(reverse("reports:download", args=[good.pk]))
        self.assertEqual(b"".join(response.streaming_content), FAKE_PDF)
        status = self.client.get(reverse("reports:status", args=[failed.pk])).json()
        self.assertEqual(status["state"], "failed")
        self.assertEqual(status["fallback_url"], reverse("reports:download", args=[good.pk]))
        page = self.client.get(reverse("reports:prints_org", args=["forbundet"]))
        self.assertContains(page, "Typsnittet saknas")
        self.assertContains(page, "Ladda ned senaste lyckade")

    def test_the_last_good_pdf_is_per_layout(self):
        self.order(fake_pdf(), layout=Layout.FOCUS_AREA)
        failed = self.order(broken_renderer, layout=Layout.UNIT)
        self.assertIsNone(selectors.last_good_print(failed))

    def test_a_print_that_already_ran_is_not_run_again(self):
        chapter_print = self.order(fake_pdf())
        with mock.patch("reports.rendering.html_to_pdf", broken_renderer):
            services.run_print(print_id=chapter_print.pk)
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.state, PrintState.DONE)

    def test_a_fastställd_print_cannot_change_or_go_away(self):
        chapter_print = self.order(fake_pdf())
        services.finalise_print(
            chapter_print=chapter_print,
            user=self.kansli,
            reference=" Direktionen 2026-03-15 § 12 ",
            confirm_empty=True,
        )
        chapter_print.refresh_from_db()
        self.assertTrue(chapter_print.is_final)
        self.assertEqual(chapter_print.final_reference, "Direktionen 2026-03-15 § 12")
        self.assertEqual(chapter_print.finalised_by, self.kansli)

        with self.assertRaisesMessage(services.PrintError, "redan fastställd"):
            services.finalise_print(chapter_print=chapter_print, user=self.kansli, reference="Ny referens")
        with self.assertRaisesMessage(services.PrintError, "kan inte tas bort"):
            services.delete_print(chapter_print=chapter_print)
        with self.assertRaises(ProtectedError):
            chapter_print.delete()
        with self.assertRaises(ProtectedError) as protected:
            self.data["plan_year"].delete()
        self.assertIn(chapter_print, protected.exception.protected_objects)
        with self.assertRaises(ProtectedError):
            get_user_model().objects.filter(pk=self.kansli.pk).delete()
        self.assertTrue(ChapterPrint.objects.filter(pk=chapter_print.pk, is_final=True).exists())

        admin = ChapterPrintAdmin(ChapterPrint, None)
        request = RequestFactory().get("/")
        request.user = get_user_model().objects.create_superuser("admin", password="x")
        self.assertFalse(admin.has_change_permission(request, chapter_print))
        self.assertFalse(admin.has_delete_permission(request, chapter_print))

    def test_a_print_stores_how_many_approved_follow_ups_it_holds(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["annual"], state=State.APPROVED)
        FollowUp.objects.create(goal=self.data["other_goal"], period=self.data["annual"], state=State.SUBMITTED)
        chapter_print = self.order(fake_pdf())
        self.assertEqual((chapter_print.approved_count, chapter_print.follow_up_total), (1, 3))
        # Approving more afterwards does not change what this PDF holds.
        FollowUp.objects.filter(goal=self.data["other_goal"]).update(state=State.APPROVED)
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.approved_count, 1)
        draft = self.order(fake_pdf(), include_unapproved=True)
        self.assertEqual((draft.approved_count, draft.follow_up_total), (2, 3))

    def test_a_print_without_approved_follow_ups_is_fastställd_only_when_confirmed(self):
        chapter_print = self.order(fake_pdf())
        self.assertEqual(chapter_print.approved_count, 0)
        with self.assertRaisesMessage(services.PrintError, "innehåller inga godkända uppföljningar"):
            services.finalise_print(chapter_print=chapter_print, user=self.kansli, reference="§ 1")
        chapter_print.refresh_from_db()
        self.assertFalse(chapter_print.is_final)
        services.finalise_print(chapter_print=chapter_print, user=self.kansli, reference="§ 1", confirm_empty=True)
        chapter_print.refresh_from_db()
        self.assertTrue(chapter_print.is_final)

    def test_two_prints_of_the_same_kind_get_distinct_file_names(self):
        first, second = self.order(fake_pdf()), self.order(fake_pdf())
        self.assertNotEqual(first.file.name, second.file.name)
        self.assertNotEqual(first.download_name, second.download_name)
        for chapter_print in (first, second):
            self.assertIn(f"-2025-arsbokslut-251231-enhet-nr{chapter_print.pk}", chapter_print.file.name)

    def test_a_draft_with_unapproved_follow_ups_cannot_be_fastställd(self):
        draft = self.order(fake_pdf(), include_unapproved=True)
        self.assertEqual(draft.state, PrintState.DONE)
        with self.assertRaisesMessage(services.PrintError, "ett utkast med uppföljningar som inte är godkända"):
            services.finalise_print(chapter_print=draft, user=self.kansli, reference="§ 1")
        draft.file.delete(save=False)  # the media folder is shared by this class's tests

    def test_only_a_finished_print_can_be_fastställd(self):
        failed = self.order(broken_renderer)
        with self.assertRaisesMessage(services.PrintError, "Bara en färdig utskrift"):
            services.finalise_print(chapter_print=failed, user=self.kansli, reference="§ 1")

    def test_a_print_that_is_not_fastställd_can_be_removed_with_its_file(self):
        chapter_print = self.order(fake_pdf())
        storage, name = chapter_print.file.storage, chapter_print.file.name
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_print(chapter_print=chapter_print)
        self.assertFalse(ChapterPrint.objects.filter(pk=chapter_print.pk).exists())
        self.assertFalse(storage.exists(name))
        # Deleting the year takes prints that are not fastställda with it.
        self.order(fake_pdf())
        self.data["plan_year"].delete()
        self.assertFalse(ChapterPrint.objects.exists())

    def test_the_period_must_belong_to_the_year(self):
        other = factories.plan(slug="annat", year=2024)
        with self.assertRaisesMessage(services.PrintError, "Perioden hör inte till det valda året."):
            services.request_print(
                organisation=self.data["organisation"],
                plan_year=self.data["plan_year"],
                period=other["annual"],
                layout=Layout.UNIT,
                chapter_number=4,
                chapter_title="M",
                organisation_name="F",
                user=self.kansli,
            )
