"""The rendered PDF: content in order, computed counts, safe user text, PDF/A and tagging.

Each class renders its PDF once (WeasyPrint takes a few seconds) and the tests read it.
"""

import io
import re
from io import StringIO

import pikepdf
from django.core.management import call_command
from django.test import TestCase

from goals.models import FollowUp, GoalKind, PlanYear, Section, Status, TextKind, TextSection
from reports import rendering, selectors, services
from reports.chapter import build_chapter
from reports.models import Layout
from reports.testing import pdf_text, squash

from . import factories

# Lines a row split across pages interleaves with its text: the repeated header row and the
# status cell of the part before the break.
SPLIT_ROW_NOISE = re.compile(
    r"(?m)^(?:(?:Uppdrag|Mål/uppdrag|Finansiellt mål) (?:Uppföljning|Utfall) \d{6} Bedömning"
    r"|Enhet: .+|Delvis|Ej|(?:Delvis |Ej )?[Uu]ppnått)$"
)
KIND_ORDER = {GoalKind.BASE_MISSION: 0, GoalKind.GOAL: 1, GoalKind.ASSIGNMENT: 1, GoalKind.FINANCIAL: 2}


def render(plan_year, layout=Layout.UNIT, **overrides) -> bytes:
    target = io.BytesIO()
    options = {"chapter_number": 4, "chapter_title": "Måluppfyllelse", "organisation_name": plan_year.organisation.name}
    options.update(overrides)
    services.render_chapter(
        plan_year=plan_year, period=selectors.default_period(plan_year), layout=layout, target=target, **options
    )
    return target.getvalue()


class Demo2023PdfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        cls.plan_year = PlanYear.objects.select_related("organisation").get(year=2023)
        cls.pdf = render(cls.plan_year)
        header = f"{cls.plan_year.organisation.name} Måluppfyllelse 2023"
        cls.text = pdf_text(cls.pdf, header=header)
        cls.squashed = squash(SPLIT_ROW_NOISE.sub("", cls.text))

    def find(self, needle: str, start: int) -> int:
        position = self.squashed.find(squash(needle), start)
        self.assertNotEqual(position, -1, f"not found after {start}: {needle[:80]!r}")
        return position

    def test_the_status_chart_prints_with_its_text_alternative(self):
        self.find(
            "Bedömning per enhet: Regional utveckling: 11 uppnått, 1 delvis uppnått; "
            "Välfärdsutveckling: 4 uppnått, 1 delvis uppnått.",
            0,
        )

    def test_every_goal_title_and_follow_up_text_is_there_in_order(self):
        follow_ups = FollowUp.objects.filter(goal__plan_year=self.plan_year, period__end_date__month=12).select_related(
            "goal"
        )
        follow_ups = sorted(follow_ups, key=lambda f: (KIND_ORDER[f.goal.kind], f.goal.order, f.goal.pk))
        self.assertEqual(len(follow_ups), 24)
        position = 0
        for follow_up in follow_ups:
            with self.subTest(goal=follow_up.goal.title[:50]):
                # A title in a row that splits across pages is cut by its own follow-up text.
                title_at = self.find(squash(follow_up.goal.title)[:24], position)
                body = squash(follow_up.text.replace("[[tabell]]", ""))
                start_at = self.find(body[:60], title_at)
                end_at = self.find(body[-60:], start_at)
                # The financial follow-up repeats the assessment and is printed once, after the table.
                position = title_at + 1 if follow_up.goal.kind == GoalKind.FINANCIAL else end_at

    def test_the_counts_sentence_is_computed(self):
        self.find("Av 17 mål och uppdrag är 15 uppnådda och två delvis uppnådda.", 0)
        self.find("Samtliga fem punkter i grunduppdraget är uppnådda.", 0)
        self.find("Båda de finansiella målen är uppnådda.", 0)

    def test_headings_column_heads_and_swedish_formats(self):
        position = self.find("4 Måluppfyllelse", 0)
        for heading in ["4.1 Strategiskt mål", "4.2 Grunduppdrag", "4.3 Mål och uppdrag 2023", "4.4 Finansiella mål"]:
            position = self.find(heading, position)
        self.assertIn("Mål/uppdrag Uppföljning 231231 Bedömning\nEnhet: Regional utveckling", self.text)
        self.assertIn("12\u00a0569\u00a0tkr", self.text)
        self.assertRegex(self.text, r"Utfall:\s*94\u00a0%\s*Uppnått")
        first_page = pikepdf_text_page(self.pdf, 0)
        self.assertIn("Uppföljning per 31 december 2023", first_page)
        self.assertRegex(first_page, r"Sida 1 av \d+")

    def test_the_survey_is_a_table_inside_the_follow_up(self):
        position = self.find("Dessa är borttagna i resultatet nedan.", 0)
        position = self.find("% Instämmer i mycket hög grad % Instämmer i hög grad Totalt 2023 Totalt 2022", position)
        position = self.find("Hur nöjd är du med förbundets nätverk i sin helhet? 38 56 94 93", position)
        self.find("Resultatet på frågan om omvärldsbevakning", position)

    def test_status_is_a_coloured_cell_with_the_word(self):
        plan_year = self.plan_year
        chapter = build_chapter(
            selectors.chapter_source(plan_year=plan_year, period=selectors.default_period(plan_year)),
            layout=Layout.UNIT,
            chapter_number=4,
            chapter_title="Måluppfyllelse",
            organisation_name="X",
        )
        html = rendering.chapter_html(chapter)
        self.assertIn('<td class="status status-partially-achieved">Delvis uppnått</td>', html)
        self.assertIn('<td class="status status-achieved">Uppnått</td>', html)
        self.assertIn(squash("Delvis uppnått"), squash(self.text))

    def test_links_stay_clickable(self):
        with pikepdf.open(io.BytesIO(self.pdf)) as pdf:
            uris = [
                str(annot.A.URI)
                for page in pdf.pages
                for annot in page.get("/Annots", [])
                if annot.get("/Subtype") == "/Link" and "/A" in annot and "/URI" in annot.A
            ]
        self.assertTrue(any(uri.startswith("https://borasregionen.se/download/") for uri in uris), uris)

    def test_archival_and_accessible_metadata(self):
        with pikepdf.open(io.BytesIO(self.pdf)) as pdf:
            root = pdf.Root
            self.assertIn("/StructTreeRoot", root)
            self.assertEqual(root.StructTreeRoot.K[0].S, "/Document")
            self.assertIs(bool(root.MarkInfo.Marked), True)
            self.assertEqual(str(root.Lang), "sv")
            self.assertIn("/OutputIntents", root)
            with pdf.open_metadata() as meta:
                self.assertEqual(meta.get("pdfaid:part"), "3")
                self.assertEqual(meta.get("pdfaid:conformance"), "U")
                self.assertIn("Måluppfyllelse 2023", meta.get("dc:title"))
            self.assertEqual(str(pdf.docinfo.Title), "4 Måluppfyllelse 2023 – Boråsregionen Sjuhärads kommunalförbund")
            self.assertEqual(str(pdf.docinfo.Author), "Boråsregionen Sjuhärads kommunalförbund")
            for page in pdf.pages:
                for font in page.Resources.Font.values():
                    descriptor = (
                        font.DescendantFonts[0].FontDescriptor if "/DescendantFonts" in font else font.FontDescriptor
                    )
                    self.assertTrue({"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.keys()), font.BaseFont)


def pikepdf_text_page(pdf: bytes, index: int) -> str:
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf)).pages[index].extract_text()


HOSTILE = "<script>alert(1)</script> & <b>fet</b>"
LONG_WORD = "Ö" + "x" * 298 + "Ä"


class DraftPrintTests(TestCase):
    """Only approved follow-ups are printed, unless kansliet asks for a draft of the chapter."""

    @classmethod
    def setUpTestData(cls):
        data = factories.plan()
        FollowUp.objects.create(
            goal=data["goal"],
            period=data["annual"],
            status=Status.ACHIEVED,
            text="Ett utkast som ingen har granskat.",
            state="submitted",
        )
        cls.plan_year = data["plan_year"]

    def test_a_submitted_follow_up_stays_out_of_the_chapter(self):
        text = squash(pdf_text(render(self.plan_year)))
        self.assertNotIn(squash("Ett utkast som ingen har granskat."), text)
        self.assertIn(squash("Ingen godkänd uppföljning för perioden."), text)

    def test_a_draft_print_includes_it_marked_as_not_approved(self):
        text = squash(pdf_text(render(self.plan_year, include_unapproved=True)))
        self.assertIn(squash("Ett utkast som ingen har granskat."), text)
        self.assertIn(squash("Uppnått (ej godkänd)"), text)
        self.assertIn(squash("Utkast: kapitlet innehåller uppföljningar som kansliet ännu inte har godkänt."), text)


class HostileTextPdfTests(TestCase):
    """What users type is printed as text: never markup, never a crash, never off the page."""

    @classmethod
    def setUpTestData(cls):
        data = factories.plan()
        goal = data["goal"]
        goal.title = f"Mål med {HOSTILE}"
        goal.save()
        FollowUp.objects.create(
            goal=goal,
            period=data["annual"],
            status=Status.PARTIALLY_ACHIEVED,
            state="approved",
            text=f"{HOSTILE}\n\n{LONG_WORD}\n\n- punkt & mer\n\nSe https://example.org/a?b=1&c=2 för mer.",
        )
        TextSection.objects.create(
            plan_year=data["plan_year"],
            period=data["annual"],
            section=Section.GOALS,
            kind=TextKind.ASSESSMENT,
            body='<img src="x" onerror="alert(1)"> Bedömningen & slutsatsen.',
        )
        cls.plan_year = data["plan_year"]
        cls.pdfs = {layout: render(cls.plan_year, layout) for layout in Layout.values}

    def test_markup_prints_literally_in_both_layouts(self):
        for layout, pdf in self.pdfs.items():
            with self.subTest(layout=layout):
                squashed = squash(pdf_text(pdf))
                self.assertIn(squash(f"Mål med {HOSTILE}"), squashed)
                self.assertIn(squash(HOSTILE), squashed)
                self.assertIn(squash('<img src="x" onerror="alert(1)"> Bedömningen & slutsatsen.'), squashed)
                self.assertIn(squash("punkt & mer"), squashed)

    def test_the_html_escapes_it(self):
        chapter = build_chapter(
            selectors.chapter_source(plan_year=self.plan_year, period=selectors.default_period(self.plan_year)),
            layout=Layout.UNIT,
            chapter_number=4,
            chapter_title="<i>Kapitel</i>",
            organisation_name="A & B <script>",
        )
        html = rendering.chapter_html(chapter)
        self.assertNotIn("<script>", html)
        self.assertNotIn("<img", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;fet&lt;/b&gt;", html)
        self.assertIn('<a href="https://example.org/a?b=1&amp;c=2"', html)
        self.assertIn("<title>4 &lt;i&gt;Kapitel&lt;/i&gt; 2025 – A &amp; B &lt;script&gt;</title>", html)

    def test_a_300_character_word_wraps_inside_its_column(self):
        for layout, pdf in self.pdfs.items():
            with self.subTest(layout=layout):
                text = pdf_text(pdf)
                self.assertIn(LONG_WORD, squash(text))
                pieces = [line for line in text.splitlines() if "xxxxx" in line]
                self.assertGreater(len(pieces), 3)
                self.assertTrue(all(len(line) < 90 for line in pieces), pieces)


class ListsPdfTests(TestCase):
    """A bullet list straight after its lead-in line and a numbered list print as lists."""

    TEXT = (
        "Följande har gjorts:\n- tre temadagar\n- en ny webbplats\nSå går vi vidare:\n1. planera hösten\n2) följa upp"
    )

    @classmethod
    def setUpTestData(cls):
        data = factories.plan()
        FollowUp.objects.create(
            goal=data["goal"], period=data["annual"], status=Status.ACHIEVED, state="approved", text=cls.TEXT
        )
        cls.plan_year = data["plan_year"]

    def test_the_chapter_html_has_the_lists(self):
        chapter = build_chapter(
            selectors.chapter_source(plan_year=self.plan_year, period=selectors.default_period(self.plan_year)),
            layout=Layout.UNIT,
            chapter_number=4,
            chapter_title="Måluppfyllelse",
            organisation_name="Förbundet",
        )
        html = rendering.chapter_html(chapter)
        self.assertIn(
            "<p>Följande har gjorts:</p>\n<ul>\n<li>tre temadagar</li>\n<li>en ny webbplats</li>\n</ul>", html
        )
        self.assertIn("<p>Så går vi vidare:</p>\n<ol>\n<li>planera hösten</li>\n</ol>", html)
        self.assertIn('<ol start="2" style="counter-reset: list-item 1">\n<li>följa upp</li>', html)

    def test_the_pdf_prints_the_numbers_and_bullets(self):
        lines = [line.strip() for line in pdf_text(render(self.plan_year)).splitlines()]
        for text in ("Följande har gjorts:", "tre temadagar", "Så går vi vidare:", "planera hösten", "följa upp"):
            self.assertIn(text, lines)
        # The renderer writes the markers after the page's text: two bullets, then 1. and 2.
        markers = [line for line in lines if line in ("•", "1.", "2.")]
        self.assertEqual(markers[:4], ["•", "•", "1.", "2."], lines)


class LongTextPdfTests(TestCase):
    """A long follow-up is split into its first paragraphs and the rest (so a title never ends a
    page alone); every layout prints both parts, once."""

    FIRST = "Första stycket om hur året gick för verksamheten."
    LAST = "Sista stycket med slutsatsen."

    @classmethod
    def setUpTestData(cls):
        data = factories.plan()
        middle = "\n\n".join(f"Stycke {n}: " + "mycket text om arbetet " * 8 for n in range(6))
        FollowUp.objects.create(
            goal=data["goal"],
            period=data["annual"],
            status=Status.ACHIEVED,
            state="approved",
            text=f"{cls.FIRST}\n\n{middle}\n\n{cls.LAST}",
        )
        cls.plan_year = data["plan_year"]

    def test_every_layout_prints_the_whole_text(self):
        source = selectors.chapter_source(plan_year=self.plan_year, period=selectors.default_period(self.plan_year))
        for layout in Layout.values:
            with self.subTest(layout=layout):
                chapter = build_chapter(
                    source, layout=layout, chapter_number=4, chapter_title="Måluppfyllelse", organisation_name="F"
                )
                self.assertTrue(chapter.goal_rows[0].continues)  # the text is long enough to split
                html = rendering.chapter_html(chapter)
                self.assertEqual(html.count(self.FIRST), 1)
                self.assertEqual(html.count(self.LAST), 1)
