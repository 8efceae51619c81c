"""No print is ever stuck, and a print's file is written once (the renderer is replaced: fast).

The same faults with real processes (a worker killed, the database restarted, the broker
stopped) are in test_print_faults.py.
"""

import shutil
from contextlib import nullcontext
from datetime import timedelta
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.db import OperationalError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from reports import services
from reports.models import ChapterPrint, Heartbeat, PrintState
from reports.tasks import render_chapter_print, tick
from reports.testing import TemporaryMediaMixin

from . import factories

GOOD = b"%PDF-1.7\n% good\n%%EOF\n"
OTHER = b"%PDF-1.7\n% a second rendering\n%%EOF\n"


def writes(content):
    def write(html, target):
        target.write(content)

    return write


class PrintRobustnessTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)

    def setUp(self):
        # The class shares one MEDIA_ROOT; each test counts only the files it made.
        shutil.rmtree(Path(settings.MEDIA_ROOT) / "chapters", ignore_errors=True)

    def order(self, renderer=None, *, queued=True):
        """Order a print; with queued=False the (eager) task is not run, as if no worker heard of it."""
        patch_queue = nullcontext() if queued else mock.patch("reports.services.queue")
        with (
            mock.patch("reports.rendering.html_to_pdf", renderer or writes(GOOD)),
            patch_queue,
            self.captureOnCommitCallbacks(execute=True),
        ):
            chapter_print = services.request_print(**factories.print_order(self.data, self.kansli))
        chapter_print.refresh_from_db()
        return chapter_print

    def stored_files(self):
        storage = ChapterPrint._meta.get_field("file").storage
        return sorted(storage.listdir("chapters")[1]) if storage.exists("chapters") else []

    def age(self, chapter_print, seconds, field):
        ChapterPrint.objects.filter(pk=chapter_print.pk).update(**{field: timezone.now() - timedelta(seconds=seconds)})
        chapter_print.refresh_from_db()

    # -- ordering while the broker is down ---------------------------------------------------

    def test_a_print_the_broker_cannot_take_fails_at_once_with_a_reason(self):
        with mock.patch.object(render_chapter_print, "delay", side_effect=ConnectionRefusedError(111, "refused")):
            chapter_print = self.order()
        self.assertEqual(chapter_print.state, PrintState.FAILED)
        self.assertIn("kunde inte läggas i kö", chapter_print.error)
        self.assertTrue(services.can_retry(chapter_print))

        # Once the broker answers again, "Försök igen" prints it.
        with mock.patch("reports.rendering.html_to_pdf", writes(GOOD)), self.captureOnCommitCallbacks(execute=True):
            services.retry_print(chapter_print=chapter_print)
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.state, PrintState.DONE)
        self.assertEqual(chapter_print.error, "")

    # -- a task delivered twice ---------------------------------------------------------------

    def test_a_task_delivered_again_after_the_print_is_done_does_nothing(self):
        chapter_print = self.order()
        name, docx_name = chapter_print.file.name, chapter_print.docx_file.name
        with mock.patch("reports.rendering.html_to_pdf", writes(OTHER)):
            services.run_print(print_id=chapter_print.pk)
        chapter_print.refresh_from_db()
        self.assertEqual(
            (chapter_print.file.name, chapter_print.docx_file.name, chapter_print.attempts), (name, docx_name, 1)
        )
        self.assertEqual(self.stored_files(), sorted([name.split("/")[-1], docx_name.split("/")[-1]]))
        with chapter_print.file.open("rb") as stored:
            self.assertEqual(stored.read(), GOOD)

    def test_a_fastställd_print_keeps_its_bytes_whatever_task_arrives(self):
        chapter_print = self.order()
        with chapter_print.docx_file.open("rb") as stored:
            docx = stored.read()
        services.finalise_print(
            chapter_print=chapter_print, user=self.kansli, reference="Direktionen § 1", confirm_empty=True
        )
        # The broker redelivers the task (a visibility timeout shorter than the render).
        with mock.patch("reports.rendering.html_to_pdf", writes(OTHER)):
            render_chapter_print.apply(args=[chapter_print.pk])
        with self.assertRaises(services.PrintError):
            services.retry_print(chapter_print=chapter_print)
        chapter_print.refresh_from_db()
        with chapter_print.file.open("rb") as stored:
            self.assertEqual(stored.read(), GOOD)
        with chapter_print.docx_file.open("rb") as stored:
            self.assertEqual(stored.read(), docx)
        # Its PDF and its Word version, nothing more.
        self.assertEqual(len(self.stored_files()), 2)

    def test_a_worker_whose_claim_was_taken_over_discards_its_pdf(self):
        chapter_print = self.order(queued=False)

        def overtaken(html, target):
            # While this worker renders, the sweep hands the print to another worker.
            ChapterPrint.objects.filter(pk=chapter_print.pk).update(attempts=5)
            target.write(OTHER)

        with mock.patch("reports.rendering.html_to_pdf", overtaken):
            services.run_print(print_id=chapter_print.pk)
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.state, PrintState.RUNNING)
        self.assertFalse(chapter_print.file)
        self.assertEqual(self.stored_files(), [])

    # -- the database going away ---------------------------------------------------------------

    def test_a_database_error_is_retried_and_the_print_finishes(self):
        calls = []

        def flaky(html, target):
            calls.append(1)
            if len(calls) < 3:
                raise OperationalError("server closed the connection unexpectedly")
            target.write(GOOD)

        chapter_print = self.order(flaky)
        self.assertEqual(chapter_print.state, PrintState.DONE)
        self.assertEqual(chapter_print.attempts, 3)
        self.assertEqual(len(self.stored_files()), 2)  # one PDF, one Word file

    def test_a_database_that_stays_away_fails_the_print_with_a_reason(self):
        def down(html, target):
            raise OperationalError("could not connect to server")

        chapter_print = self.order(down)
        self.assertEqual(chapter_print.state, PrintState.FAILED)
        self.assertIn("Databasen svarade inte", chapter_print.error)
        self.assertEqual(chapter_print.attempts, 4)  # the first try and three retries
        self.assertEqual(self.stored_files(), [])

    # -- the sweep (beat's tick) ---------------------------------------------------------------

    def test_the_sweep_hands_on_a_print_left_running_by_a_lost_worker(self):
        chapter_print = self.order(queued=False)
        ChapterPrint.objects.filter(pk=chapter_print.pk).update(state=PrintState.RUNNING, attempts=1)
        self.age(chapter_print, 60, "started_at")
        with mock.patch("reports.services.queue") as queue:
            self.assertEqual(services.sweep(), {"requeued": 0, "failed": 0})  # not past the limit yet
        queue.assert_not_called()

        self.age(chapter_print, 901, "started_at")
        with mock.patch("reports.rendering.html_to_pdf", writes(GOOD)):
            self.assertEqual(services.sweep(), {"requeued": 1, "failed": 0})
        chapter_print.refresh_from_db()
        self.assertEqual((chapter_print.state, chapter_print.attempts), (PrintState.DONE, 2))

    def test_the_sweep_hands_on_a_print_no_worker_heard_of(self):
        chapter_print = self.order(queued=False)
        self.age(chapter_print, 901, "queued_at")
        with mock.patch("reports.rendering.html_to_pdf", writes(GOOD)):
            tick.apply()
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.state, PrintState.DONE)
        self.assertTrue(Heartbeat.objects.filter(name="tick", at__gte=timezone.now() - timedelta(minutes=1)).exists())

    def test_the_sweep_gives_up_after_the_last_attempt_with_a_reason(self):
        chapter_print = self.order(queued=False)
        ChapterPrint.objects.filter(pk=chapter_print.pk).update(state=PrintState.RUNNING, attempts=3)
        self.age(chapter_print, 901, "started_at")
        with mock.patch("reports.services.queue") as queue:
            self.assertEqual(services.sweep(), {"requeued": 0, "failed": 1})
        queue.assert_not_called()
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.state, PrintState.FAILED)
        self.assertIn("avbröts flera gånger", chapter_print.error)

    # -- kansliet's retry and delete -----------------------------------------------------------

    def test_a_print_that_is_still_rendering_cannot_be_retried_or_deleted(self):
        chapter_print = self.order(queued=False)
        self.assertFalse(services.can_retry(chapter_print))
        with self.assertRaises(services.PrintError):
            services.retry_print(chapter_print=chapter_print)
        with self.assertRaises(services.PrintError):
            services.delete_print(chapter_print=chapter_print)

    def test_a_stuck_print_can_be_deleted(self):
        chapter_print = self.order(queued=False)
        self.age(chapter_print, 901, "queued_at")
        self.assertTrue(services.can_retry(chapter_print))
        with self.captureOnCommitCallbacks(execute=True):
            services.delete_print(chapter_print=chapter_print)
        self.assertFalse(ChapterPrint.objects.filter(pk=chapter_print.pk).exists())


class RetryViewTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        other = factories.plan(slug="annat")
        cls.other_kansli = factories.kansli("annan-kansli", other)
        cls.manager = factories.manager("chef", cls.data)

    def failed_print(self):
        order = factories.print_order(self.data, self.kansli)
        return ChapterPrint.objects.create(
            **{key: value for key, value in order.items() if key != "user"},
            requested_by=self.kansli,
            state=PrintState.FAILED,
            error="Utskriften kunde inte läggas i kö.",
            queued_at=timezone.now(),
        )

    def test_kansliet_retries_a_failed_print_from_the_list(self):
        chapter_print = self.failed_print()
        self.client.force_login(self.kansli)
        page = self.client.get(reverse("reports:prints_org", args=["forbundet"]))
        self.assertContains(page, reverse("reports:retry", args=[chapter_print.pk]))
        self.assertContains(page, "Försök igen")
        with mock.patch("reports.rendering.html_to_pdf", writes(GOOD)), self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("reports:retry", args=[chapter_print.pk]), follow=True)
        self.assertContains(response, "Utskriften är beställd igen")
        chapter_print.refresh_from_db()
        self.assertEqual((chapter_print.state, chapter_print.error), (PrintState.DONE, ""))
        status = self.client.get(reverse("reports:status", args=[chapter_print.pk])).json()
        self.assertFalse(status["can_retry"])

    def test_a_finished_print_is_not_ordered_again(self):
        chapter_print = self.failed_print()
        ChapterPrint.objects.filter(pk=chapter_print.pk).update(state=PrintState.DONE, error="")
        self.client.force_login(self.kansli)
        response = self.client.post(reverse("reports:retry", args=[chapter_print.pk]), follow=True)
        self.assertContains(response, "behöver inte göras om")
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.state, PrintState.DONE)

    def test_anonymous_is_sent_to_login(self):
        chapter_print = self.failed_print()
        response = self.client.post(reverse("reports:retry", args=[chapter_print.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/konto/login/", response["Location"])

    def test_another_förbund_and_a_unit_get_404_and_nothing_changes(self):
        chapter_print = self.failed_print()
        for user in (self.other_kansli, self.manager):
            self.client.force_login(user)
            self.assertEqual(self.client.post(reverse("reports:retry", args=[chapter_print.pk])).status_code, 404)
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.state, PrintState.FAILED)

    def test_get_is_not_allowed(self):
        chapter_print = self.failed_print()
        self.client.force_login(self.kansli)
        self.assertEqual(self.client.get(reverse("reports:retry", args=[chapter_print.pk])).status_code, 405)
