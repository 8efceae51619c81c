"""Stored PDFs: mode 0640, a name nobody can guess, reached only through the download view."""

import re
import stat
from pathlib import Path
from unittest import mock

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse

from goals.models import Organisation
from reports import services
from reports.models import ChapterPrint, Layout, PrintState
from reports.testing import TemporaryMediaMixin

from . import factories

PDF = b"%PDF-1.7\n% test\n%%EOF\n"
RANDOM_PART = re.compile(r"-nr\d+-([0-9a-f]{32})\.(pdf|docx)$")


def write_pdf(html, target):
    target.write(PDF)


class PrintFileTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.other = factories.kansli("deras-kansli", factories.plan(slug="deras"))

    def order(self):
        with mock.patch("reports.rendering.html_to_pdf", write_pdf), self.captureOnCommitCallbacks(execute=True):
            chapter_print = services.request_print(**factories.print_order(self.data, self.kansli))
        chapter_print.refresh_from_db()
        self.assertEqual(chapter_print.state, PrintState.DONE)
        return chapter_print

    def test_a_pdf_is_readable_by_the_apps_user_and_group_only(self):
        chapter_print = self.order()
        mode = stat.S_IMODE(Path(chapter_print.file.path).stat().st_mode)
        self.assertEqual(oct(mode), oct(0o640))

    def test_two_prints_differ_in_a_random_part_of_their_names(self):
        first, second = self.order(), self.order()
        tokens = [RANDOM_PART.search(p.file.name) for p in (first, second)]
        self.assertTrue(all(tokens), [first.file.name, second.file.name])
        self.assertNotEqual(tokens[0].group(1), tokens[1].group(1))
        # The name users download is the readable one, without the secret.
        self.assertNotIn(tokens[0].group(1), first.download_name)

    def test_the_longest_name_fits_its_column(self):
        # PostgreSQL refuses a name longer than the column (SQLite would store it): the longest
        # slug, layout, chapter number, print number and attempt, with the random part.
        data = factories.plan(slug="s" * Organisation._meta.get_field("slug").max_length)
        chapter_print = ChapterPrint(
            pk=2**31 - 1,
            organisation=data["organisation"],
            plan_year=data["plan_year"],
            period=data["annual"],
            layout=max(Layout.values, key=len),
            chapter_number=32767,
        )
        name = chapter_print.file.field.generate_filename(chapter_print, services._file_name(chapter_print, 99))
        self.assertRegex(name, RANDOM_PART.pattern.replace(r"-nr\d+", r"-nr\d+-99"))
        self.assertLessEqual(len(name), ChapterPrint._meta.get_field("file").max_length)

    def test_a_print_stored_under_an_old_name_still_downloads(self):
        old = ChapterPrint.objects.create(
            organisation=self.data["organisation"],
            plan_year=self.data["plan_year"],
            period=self.data["annual"],
            organisation_name="Förbundet",
            state=PrintState.DONE,
        )
        old.file.save(f"{old.file_stem}.pdf", ContentFile(PDF), save=True)
        self.assertEqual(old.file.name, f"chapters/{old.file_stem}.pdf")
        self.client.force_login(self.kansli)
        response = self.client.get(reverse("reports:download", args=[old.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF)

    def test_the_admin_links_the_download_view_never_media(self):
        chapter_print = self.order()
        self.client.force_login(self.kansli)
        download = reverse("reports:download", args=[chapter_print.pk])
        for url in (
            reverse("admin:reports_chapterprint_change", args=[chapter_print.pk]),
            reverse("admin:reports_chapterprint_changelist"),
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, "/media/")
            self.assertNotContains(response, RANDOM_PART.search(chapter_print.file.name).group(1))
            if chapter_print.docx_file:
                self.assertNotContains(response, RANDOM_PART.search(chapter_print.docx_file.name).group(1))
        change = self.client.get(reverse("admin:reports_chapterprint_change", args=[chapter_print.pk]))
        self.assertContains(change, f'<a href="{download}">{chapter_print.download_name}</a>', html=True)
        self.assertEqual(self.client.get(download).status_code, 200)

    def test_another_forbunds_kansli_gets_neither_page_nor_file(self):
        chapter_print = self.order()
        self.client.force_login(self.other)
        self.assertEqual(
            self.client.get(reverse("admin:reports_chapterprint_change", args=[chapter_print.pk])).status_code, 302
        )
        self.assertEqual(self.client.get(reverse("reports:download", args=[chapter_print.pk])).status_code, 404)
