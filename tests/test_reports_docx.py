"""The chapter as Word, read back with python-docx: headings, repeated header rows, status,
Swedish numbers and language, the kansli's template; and LibreOffice rendering the file."""

import io
import shutil
import subprocess
import tempfile
import zipfile
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase
from docx import Document
from docx.oxml.ns import qn

from goals.models import FollowUp, Measure, MeasureValue, PlanYear, State, Status, TargetKind
from reports import word
from reports.testing import pdf_text, squash

from . import factories
from .conftest import require
from .word_documents import (
    STATUS_FILLS,
    all_text,
    cell_fill,
    chapter_for,
    docx_bytes,
    headings,
    is_repeated_header,
    own_template,
)


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
