"""The Word version in the print path: stored beside the PDF, a failure failing the print,
the downloads, the kansli's template on Utskrifter and render_chapter --docx."""

import io
import tempfile
from contextlib import ExitStack
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from reports import selectors, services
from reports.models import ChapterPrint, PrintState, WordTemplate
from reports.testing import TemporaryMediaMixin

from . import factories
from .word_documents import (
    DOCX_TYPE,
    fake_pdf,
    headings,
    own_template,
)


class DocxPrintTests(TemporaryMediaMixin, TestCase):
    """The print task stores the Word version beside the PDF; a failed Word version fails the print."""

    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.reader = factories.reader("direktion", cls.data)
        cls.manager = factories.manager("chef", cls.data)
        other = factories.plan(slug="grannen", year=2025)
        cls.other_kansli = factories.kansli("grannkansli", other)

    def order(self, docx=None):
        with ExitStack() as stack:
            stack.enter_context(mock.patch("reports.rendering.html_to_pdf", fake_pdf))
            if docx is not None:
                stack.enter_context(mock.patch("reports.rendering.chapter_docx", docx))
            stack.enter_context(self.captureOnCommitCallbacks(execute=True))
            chapter_print = services.request_print(**factories.print_order(self.data, self.kansli))
        chapter_print.refresh_from_db()
        return chapter_print

    def test_a_print_stores_the_word_version_beside_the_pdf(self):
        chapter_print = self.order()
        self.assertEqual(chapter_print.state, PrintState.DONE)
        self.assertRegex(chapter_print.docx_file.name, rf"^chapters/forbundet-kapitel-4-2025-.*-nr{chapter_print.pk}")
        self.assertTrue(chapter_print.docx_file.name.endswith(".docx"))
        with chapter_print.docx_file.open("rb") as stored:
            document = Document(stored)
        self.assertEqual(headings(document)[0], ("Heading 1", "4 Måluppfyllelse"))

    def test_a_failed_word_version_fails_the_print_and_keeps_the_last_good_one(self):
        good = self.order()

        def broken(chapter, target, template=None):
            target.write(b"PK half")
            raise RuntimeError("Formatmallen saknas")

        failed = self.order(docx=broken)
        self.assertEqual(failed.state, PrintState.FAILED)
        self.assertTrue(failed.error.startswith("Wordversionen av kapitlet kunde inte skapas"), failed.error)
        self.assertIn("Formatmallen saknas", failed.error)
        self.assertFalse(failed.file)
        self.assertFalse(failed.docx_file)
        self.assertEqual(selectors.last_good_print(failed), good)
        self.client.force_login(self.kansli)
        status = self.client.get(reverse("reports:status", args=[failed.pk])).json()
        self.assertEqual(status["fallback_url"], reverse("reports:download", args=[good.pk]))

    def test_the_organisations_template_is_used_by_the_next_print(self):
        WordTemplate.objects.create(
            organisation=self.data["organisation"],
            original_name="var-mall.docx",
            file=SimpleUploadedFile("var-mall.docx", own_template(heading_font="Garamond")),
        )
        chapter_print = self.order()
        with chapter_print.docx_file.open("rb") as stored:
            self.assertEqual(Document(stored).styles["Heading 1"].font.name, "Garamond")

    # -- the download ----------------------------------------------------------------------

    def test_kansliet_and_läsare_download_the_word_version(self):
        chapter_print = self.order()
        url = reverse("reports:download_docx", args=[chapter_print.pk])
        with chapter_print.docx_file.open("rb") as stored:
            expected = stored.read()
        for account in (self.kansli, self.reader):
            self.client.force_login(account)
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response["Content-Type"], DOCX_TYPE)
            self.assertIn(f'filename="{chapter_print.docx_download_name}"', response["Content-Disposition"])
            self.assertEqual(b"".join(response.streaming_content), expected)
        page = self.client.get(reverse("reports:published", args=["forbundet"]))
        self.assertContains(page, url)

    def test_the_prints_page_and_its_status_offer_the_word_version(self):
        chapter_print = self.order()
        self.client.force_login(self.kansli)
        url = reverse("reports:download_docx", args=[chapter_print.pk])
        self.assertContains(self.client.get(reverse("reports:prints_org", args=["forbundet"])), url)
        status = self.client.get(reverse("reports:status", args=[chapter_print.pk])).json()
        self.assertEqual(status["docx_url"], url)

    def test_anonymous_is_sent_to_login(self):
        chapter_print = self.order()
        url = reverse("reports:download_docx", args=[chapter_print.pk])
        self.assertRedirects(self.client.get(url), reverse("login") + "?next=" + url)

    def test_another_förbund_and_an_enhetschef_get_404(self):
        chapter_print = self.order()
        for account in (self.other_kansli, self.manager):
            self.client.force_login(account)
            self.assertEqual(
                self.client.get(reverse("reports:download_docx", args=[chapter_print.pk])).status_code, 404
            )

    def test_a_print_without_a_word_version_has_no_word_download(self):
        chapter_print = self.order()
        ChapterPrint.objects.filter(pk=chapter_print.pk).update(docx_file="")
        self.client.force_login(self.kansli)
        self.assertEqual(self.client.get(reverse("reports:download_docx", args=[chapter_print.pk])).status_code, 404)


class WordTemplateViewTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.manager = factories.manager("chef", cls.data)
        cls.reader = factories.reader("direktion", cls.data)
        other = factories.plan(slug="grannen", year=2025)
        cls.other_kansli = factories.kansli("grannkansli", other)
        cls.url = reverse("reports:word_template", args=["forbundet"])

    def upload(self, data, name="var-mall.docx"):
        return self.client.post(self.url, {"file": SimpleUploadedFile(name, data)})

    def test_kansliet_uploads_a_template_and_gets_it_back(self):
        self.client.force_login(self.kansli)
        data = own_template()
        response = self.upload(data)
        self.assertRedirects(response, reverse("reports:prints_org", args=["forbundet"]))
        template = WordTemplate.objects.get(organisation=self.data["organisation"])
        template.refresh_from_db()
        self.assertEqual((template.original_name, template.uploaded_by), ("var-mall.docx", self.kansli))
        with template.file.open("rb") as stored:
            self.assertEqual(stored.read(), data)
        page = self.client.get(reverse("reports:prints_org", args=["forbundet"]))
        self.assertContains(page, "var-mall.docx")
        download = self.client.get(self.url)
        self.assertEqual(download.content, data)
        # A second upload replaces the first.
        self.upload(own_template(heading_font="Garamond"), name="ny-mall.dotx")
        template = WordTemplate.objects.get()
        self.assertEqual(template.original_name, "ny-mall.dotx")
        self.assertTrue(template.file.name.endswith(".dotx"))
        self.assertIn("mall-maluppfyllelse.dotx", self.client.get(self.url)["Content-Disposition"])

    def test_the_default_template_is_offered_until_one_is_uploaded(self):
        self.client.force_login(self.kansli)
        for url in (self.url, reverse("reports:default_word_template", args=["forbundet"])):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            document = Document(io.BytesIO(response.content))
            self.assertIn("Tabelltext", [style.name for style in document.styles])
            self.assertEqual(round(document.sections[0].page_width.mm), 210)  # A4
            footer = document.sections[0].footer.paragraphs[0]
            self.assertEqual([f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))], ["PAGE", "NUMPAGES"])

    def test_a_file_that_is_no_template_is_refused_with_a_message(self):
        self.client.force_login(self.kansli)
        response = self.upload(b"%PDF-1.7 a pdf", name="mall.docx")
        self.assertContains(response, "Filen är inget Word-dokument", status_code=400)
        response = self.upload(own_template(), name="mall.pdf")
        self.assertContains(response, "slutar på .docx eller .dotx", status_code=400)
        response = self.client.post(self.url, {})
        self.assertContains(response, "Välj en Word-fil.", status_code=400)
        self.assertFalse(WordTemplate.objects.exists())

    def test_going_back_to_the_default(self):
        self.client.force_login(self.kansli)
        self.upload(own_template())
        response = self.client.post(reverse("reports:remove_word_template", args=["forbundet"]))
        self.assertRedirects(response, reverse("reports:prints_org", args=["forbundet"]))
        self.assertFalse(WordTemplate.objects.exists())

    def test_anonymous_is_sent_to_login(self):
        for url in (
            self.url,
            reverse("reports:default_word_template", args=["forbundet"]),
            reverse("reports:remove_word_template", args=["forbundet"]),
        ):
            self.assertRedirects(self.client.get(url), reverse("login") + "?next=" + url)

    def test_another_förbund_a_läsare_and_an_enhetschef_get_404_and_nothing_changes(self):
        self.client.force_login(self.kansli)
        self.upload(own_template())
        for account in (self.other_kansli, self.reader, self.manager):
            self.client.force_login(account)
            self.assertEqual(self.upload(own_template()).status_code, 404)
            self.assertEqual(self.client.get(self.url).status_code, 404)
            remove = reverse("reports:remove_word_template", args=["forbundet"])
            self.assertEqual(self.client.post(remove).status_code, 404)
        template = WordTemplate.objects.get()
        template.refresh_from_db()
        self.assertEqual((template.original_name, template.uploaded_by), ("var-mall.docx", self.kansli))


class RenderChapterCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()

    def test_the_command_writes_the_word_version_in_a_given_template(self):
        with tempfile.TemporaryDirectory(prefix="docx-command-") as folder:
            template = Path(folder) / "mall.docx"
            template.write_bytes(own_template(heading_font="Garamond"))
            output, docx = Path(folder) / "kapitel.pdf", Path(folder) / "kapitel.docx"
            with mock.patch("reports.rendering.html_to_pdf", fake_pdf):
                call_command(
                    "render_chapter",
                    "--org=forbundet",
                    "--year=2025",
                    f"--output={output}",
                    f"--docx={docx}",
                    f"--docx-template={template}",
                    stdout=StringIO(),
                )
            document = Document(str(docx))
            self.assertEqual(document.styles["Heading 1"].font.name, "Garamond")
            self.assertEqual(headings(document)[0], ("Heading 1", "4 Måluppfyllelse"))

    def test_a_template_that_is_no_word_file_stops_the_command_with_the_reason(self):
        from django.core.management.base import CommandError

        with tempfile.TemporaryDirectory(prefix="docx-command-") as folder:
            template = Path(folder) / "mall.docx"
            template.write_bytes(b"not a zip")
            with self.assertRaisesMessage(CommandError, "inget Word-dokument"):
                call_command(
                    "render_chapter",
                    "--org=forbundet",
                    "--year=2025",
                    f"--output={folder}/k.pdf",
                    f"--docx={folder}/k.docx",
                    f"--docx-template={template}",
                    stdout=StringIO(),
                )
            self.assertFalse(Path(folder, "k.docx").exists())
