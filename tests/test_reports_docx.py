"""The chapter as Word: python-docx round trips (headings, repeated header rows, status, Swedish
numbers, language), the kansli's template, the print storing both files, the downloads and
LibreOffice rendering the file."""

import io
import shutil
import subprocess
import tempfile
import zipfile
from contextlib import ExitStack
from decimal import Decimal
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn

from goals.models import FollowUp, Measure, MeasureValue, PlanYear, State, Status, TargetKind
from reports import rendering, selectors, services, word
from reports.chapter import build_chapter
from reports.models import ChapterPrint, Layout, PrintState, WordTemplate
from reports.testing import TemporaryMediaMixin, pdf_text, squash

from . import factories
from .conftest import require

FAKE_PDF = b"%PDF-1.7\n% test\n%%EOF\n"
STATUS_FILLS = {fill for fill, _text, _band in word.blocks.STATUS_COLOURS.values()}


def fake_pdf(html, target):
    if isinstance(target, str):
        Path(target).write_bytes(FAKE_PDF)
    else:
        target.write(FAKE_PDF)


def chapter_for(plan_year, layout=Layout.UNIT):
    period = selectors.default_period(plan_year)
    source = selectors.chapter_source(plan_year=plan_year, period=period)
    return build_chapter(
        source,
        layout=layout,
        chapter_number=4,
        chapter_title="Måluppfyllelse",
        organisation_name=plan_year.organisation.name,
    )


def docx_bytes(chapter, template=None) -> bytes:
    target = io.BytesIO()
    rendering.chapter_docx(chapter, target, template=template)
    return target.getvalue()


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def cell_fill(cell) -> str:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shading.get(qn("w:fill")) if shading is not None else ""


def is_repeated_header(row) -> bool:
    properties = row._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in nested_tables(document.tables):
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def nested_tables(tables):
    for table in tables:
        yield table
        for row in table.rows:
            for cell in row.cells:
                yield from nested_tables(cell.tables)


class Demo2023DocxTests(TestCase):
    """The demo's 2023 chapter per enhet, read back with python-docx."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        cls.plan_year = PlanYear.objects.select_related("organisation").get(
            year=2023, organisation__slug="borasregionen"
        )
        cls.chapter = chapter_for(cls.plan_year)
        cls.data = docx_bytes(cls.chapter)

    def setUp(self):
        self.document = Document(io.BytesIO(self.data))

    def test_headings_use_the_built_in_heading_styles_in_the_chapters_order(self):
        found = headings(self.document)
        self.assertEqual(found[0], ("Heading 1", "4 Måluppfyllelse"))
        sections = [text for style, text in found if style == "Heading 2"]
        self.assertEqual(sections, [f"{s.number} {s.title}" for s in self.chapter.sections])
        # Built-in styles (Word's Rubrik 1/2 in Swedish), so the table of contents finds them.
        for paragraph in self.document.paragraphs:
            if paragraph.style.name.startswith("Heading"):
                self.assertTrue(paragraph.style.builtin)
                self.assertEqual(paragraph.style.style_id, paragraph.style.name.replace(" ", ""))
        # The summaries sit under their section, one level down.
        self.assertIn(("Heading 3", "Sammanfattande bedömning"), found)

    def test_every_table_repeats_its_header_rows(self):
        tables = self.document.tables
        self.assertGreater(len(tables), 3)
        for table in tables:
            self.assertTrue(is_repeated_header(table.rows[0]), table.rows[0].cells[0].text)
            self.assertFalse(is_repeated_header(table.rows[-1]))
        # Per enhet: the enhet's name is a header row too, so it repeats on every page.
        unit_rows = [t.rows[1].cells[0].text for t in tables if t.rows[1].cells[0].text.startswith("Enhet: ")]
        self.assertEqual(unit_rows, [f"Enhet: {group.label}" for group in self.chapter.sections[2].unit_groups])
        for table in tables:
            if table.rows[1].cells[0].text.startswith("Enhet: "):
                self.assertTrue(is_repeated_header(table.rows[1]))

    def test_status_is_written_as_text_on_its_colour(self):
        statuses = {}
        for table in self.document.tables:
            for row in table.rows[1:]:
                cell = row.cells[-1]
                if cell_fill(cell) and cell.text in {"Uppnått", "Delvis uppnått", "Ej uppnått"}:
                    statuses.setdefault(cell.text, set()).add(cell_fill(cell))
        self.assertEqual(statuses["Uppnått"], {"D4EDD9"})
        self.assertEqual(statuses["Delvis uppnått"], {"FFEEB3"})
        printed = [row.status_label for row in self.chapter.goal_rows]
        in_cells = [
            row.cells[-1].text
            for table in self.document.tables
            for row in table.rows
            if not is_repeated_header(row) and cell_fill(row.cells[-1]) in STATUS_FILLS
        ]
        self.assertEqual(sorted(in_cells), sorted(printed))

    def test_the_texts_and_counts_of_the_chapter_are_in_the_document(self):
        text = squash(all_text(self.document))
        for section in self.chapter.sections:
            if section.counts:
                self.assertIn(squash(section.counts), text)
        for row in self.chapter.goal_rows:
            self.assertIn(squash(row.goal.title), text)

    def test_the_document_is_swedish(self):
        self.assertEqual(self.document.core_properties.language, "sv-SE")
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        language = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
        self.assertEqual(language.get(qn("w:val")), "sv-SE")
        self.assertEqual(self.document.core_properties.title, "4 Måluppfyllelse 2023")

    def test_libreoffice_renders_it_with_the_chapters_headings(self):
        soffice = shutil.which("soffice")
        require(
            soffice is not None,
            "LibreOffice is not installed: apt-get install libreoffice-writer-nogui (as .ci/run does)",
        )
        with tempfile.TemporaryDirectory(prefix="docx-lo-") as folder:
            source = Path(folder) / "kapitel.docx"
            source.write_bytes(self.data)
            # A profile of its own: a LibreOffice already running for the user is left alone.
            subprocess.run(
                [
                    soffice,
                    f"-env:UserInstallation=file://{folder}/profile",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    folder,
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=180,
            )
            pdf = (Path(folder) / "kapitel.pdf").read_bytes()
        text = squash(pdf_text(pdf))
        position = 0
        for _style, heading in headings(self.document):
            found = text.find(squash(heading), position)
            self.assertNotEqual(found, -1, f"heading missing or out of order: {heading}")
            position = found
        self.assertIn(squash("Enhet: Regional utveckling"), text)


class DocxNumbersTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        goal = cls.data["goal"]
        measure = Measure.objects.create(
            goal=goal,
            text="Deltagare i nätverken",
            target_kind=TargetKind.NUMERIC,
            comparator="min",
            target_value=Decimal("1000"),
            unit_label="deltagare",
            order=2,
        )
        follow_up = FollowUp.objects.create(
            goal=goal, period=cls.data["annual"], status=Status.ACHIEVED, state=State.APPROVED, text="Bra år."
        )
        MeasureValue.objects.create(follow_up=follow_up, measure=measure, value=Decimal("1234.5"))

    def test_numbers_are_printed_the_swedish_way(self):
        document = Document(io.BytesIO(docx_bytes(chapter_for(self.data["plan_year"]))))
        text = all_text(document)
        self.assertIn("1\u00a0234,5", text)
        self.assertNotIn("1234.5", text)
        self.assertIn("Uppnått", text)


def own_template(*, header="Vårt förbund – årsredovisning", heading_font="Georgia", drop_table_styles=False) -> bytes:
    """A kansli's template made in 'Word': its own heading font, a header, sample text."""
    document = Document(io.BytesIO(word.default_template()))
    document.styles["Heading 1"].font.name = heading_font
    document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph("Exempeltext som inte hör till kapitlet.")
    if drop_table_styles:
        for name in ("Tabelltext", "Tabellhuvud"):
            element = document.styles[name].element
            element.getparent().remove(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


class DocxTemplateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()

    def render(self, template):
        return Document(io.BytesIO(docx_bytes(chapter_for(self.data["plan_year"]), template=template)))

    def test_the_kansli_template_gives_its_styles_page_and_header_but_not_its_text(self):
        document = self.render(own_template())
        self.assertEqual(document.styles["Heading 1"].font.name, "Georgia")
        self.assertEqual(document.sections[0].header.paragraphs[0].text, "Vårt förbund – årsredovisning")
        self.assertNotIn("Exempeltext", all_text(document))
        self.assertEqual(headings(document)[0], ("Heading 1", "4 Måluppfyllelse"))

    def test_a_template_from_swedish_word_with_its_own_style_ids_keeps_them(self):
        # Swedish Word names the heading styles "heading 1" but gives them the id "Rubrik1".
        data = own_template(heading_font="Georgia")
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                content = source.read(item)
                if item.filename == "word/styles.xml":
                    content = content.replace(b'w:styleId="Heading1"', b'w:styleId="Rubrik1"')
                target.writestr(item, content)
        document = self.render(buffer.getvalue())
        first = next(p for p in document.paragraphs if p.style.name == "Heading 1")
        self.assertEqual((first.style.style_id, first.style.font.name), ("Rubrik1", "Georgia"))
        self.assertEqual([s.name for s in document.styles].count("Heading 1"), 1)

    def test_a_template_without_the_table_styles_gets_the_defaults(self):
        document = self.render(own_template(drop_table_styles=True))
        self.assertIn("Tabelltext", [style.name for style in document.styles])
        self.assertEqual(document.tables[0].rows[0].cells[0].paragraphs[0].style.name, "Tabellhuvud")

    def test_a_word_template_dotx_is_read_as_a_document(self):
        data = own_template()
        buffer = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
            for item in source.infolist():
                content = source.read(item)
                if item.filename == "[Content_Types].xml":
                    content = content.replace(word.styles.DOCX_MAIN.encode(), word.styles.DOTX_MAIN.encode())
                target.writestr(item, content)
        document = self.render(buffer.getvalue())
        self.assertEqual(document.styles["Heading 1"].font.name, "Georgia")

    def test_files_that_are_not_templates_are_refused_in_swedish(self):
        with self.assertRaisesMessage(word.TemplateError, "inget Word-dokument"):
            word.open_template(b"PK not really a zip")
        with self.assertRaisesMessage(word.TemplateError, "makron"):
            macro = own_template()
            buffer = io.BytesIO()
            with zipfile.ZipFile(io.BytesIO(macro)) as source, zipfile.ZipFile(buffer, "w") as target:
                for item in source.infolist():
                    content = source.read(item)
                    if item.filename == "[Content_Types].xml":
                        content = content.replace(word.styles.DOCX_MAIN.encode(), word.styles.TEMPLATE_MAIN.encode())
                    target.writestr(item, content)
            word.open_template(buffer.getvalue())


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
            self.assertEqual(response["Content-Type"], rendering_type())
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


def rendering_type() -> str:
    return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


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
        self.assertEqual(WordTemplate.objects.get().original_name, "ny-mall.dotx")

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


class AdjacentTablesTests(TestCase):
    def test_two_tables_in_a_row_stay_two_tables(self):
        # Word joins tables with nothing between them; the writer keeps a paragraph there.
        from reports.word.blocks import Flow

        document = word.styles.load_template(None)
        flow = Flow(document)
        flow.table([50, 50])
        flow.table([30, 30, 30])
        body = [child.tag.split("}")[1] for child in document.element.body if not child.tag.endswith("sectPr")]
        self.assertEqual(body, ["tbl", "p", "tbl"])
        cell = document.tables[0].add_row().cells[0]
        inner = flow.cell(cell)
        inner.table([20])
        inner.table([20])
        self.assertEqual(
            [child.tag.split("}")[1] for child in cell._tc if not child.tag.endswith("tcPr")], ["tbl", "p", "tbl", "p"]
        )
