"""python manage.py render_chapter: the same service as the web page, from the command line."""

import shutil
import tempfile
from io import StringIO
from pathlib import Path

import pikepdf
from django.core.management import CommandError, call_command
from django.test import TestCase

from reports.testing import pdf_text, squash


class RenderChapterCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp(prefix="render-chapter-"))
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)

    def test_it_writes_the_2021_chapter_by_focus_area_as_a_tagged_pdf_a(self):
        output = self.folder / "kapitel.pdf"
        out = StringIO()
        call_command(
            "render_chapter",
            "--org",
            "borasregionen",
            "--year",
            "2021",
            "--layout",
            "fokusomrade",
            "--chapter-number",
            "4",
            "--output",
            str(output),
            stdout=out,
        )
        self.assertIn("Skrev", out.getvalue())
        with pikepdf.open(output) as pdf:
            self.assertGreater(len(pdf.pages), 5)
            self.assertIn("/StructTreeRoot", pdf.Root)
            with pdf.open_metadata() as meta:
                self.assertEqual(meta.get("pdfaid:part"), "3")
        text = squash(pdf_text(output.read_bytes()))
        position = 0
        for heading in [
            "4.2 Fokusområden och mål",
            "4.2.1 Utvecklingsmedel",
            "Mål Mätetal Verksamhet Uppföljning 211231",
            "Målet är uppnått.",
            "4.2.8 Utveckla samverkan för en god och effektiv vård och omsorg",
            "5 Dataskyddsombud",
            "5.3 Måluppfyllelse 2021",
            "Mål Mätetal Uppföljning 211231",
            "7 Navet science center",
            "7.3.1 Skapa möjligheter till företagande och företagsutveckling",
            "Framflyttat pga corona",
            "7.3.4 Boråsregionen ska synas och sticka ut",
        ]:
            position = text.find(squash(heading), position)
            self.assertNotEqual(position, -1, heading)
        self.assertFalse(list(self.folder.glob(".*.tmp")))

    def test_errors_are_in_swedish(self):
        output = str(self.folder / "x.pdf")
        cases = [
            (["--org", "finns-inte", "--year", "2023"], "Organisationen finns-inte finns inte."),
            (["--org", "borasregionen", "--year", "1999"], "har inget verksamhetsår 1999"),
            (["--org", "borasregionen", "--year", "2023", "--period", "991231"], "Välj en av: 230831, 231231"),
            (["--org", "borasregionen", "--year", "2023", "--layout", "tabell"], "Okänd uppställning tabell"),
            (["--org", "borasregionen", "--year", "2023", "--chapter-number", "0"], "mellan 1 och 99"),
        ]
        for arguments, message in cases:
            with self.subTest(message=message), self.assertRaisesMessage(CommandError, message):
                call_command("render_chapter", *arguments, "--output", output)
        with self.assertRaisesMessage(CommandError, "Mappen"):
            call_command("render_chapter", "--org", "borasregionen", "--year", "2023", "--output", "/finns/inte/x.pdf")
        self.assertFalse(Path(output).exists())
