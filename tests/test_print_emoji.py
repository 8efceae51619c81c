"""An emoji the print font lacks is a look-alike or a visible [symbol] in the PDF, never an
empty box; the follow-up form names such characters."""

import io

import pikepdf
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from goals import glyphs
from goals.models import FollowUp, State, Status
from reports import selectors, services
from reports.models import Layout
from reports.testing import pdf_text, squash

from . import factories


class GlyphTests(SimpleTestCase):
    def test_the_print_font_is_found_and_read(self):
        self.assertIn(ord("å"), glyphs.covered())
        self.assertNotIn(ord("👍"), glyphs.covered())

    def test_missing_characters_are_named_once(self):
        self.assertEqual(glyphs.missing("Bra 👍 och 👍 ✅ – åäö 27 531 €"), ["👍", "✅"])

    def test_emoji_become_look_alikes_or_a_placeholder(self):
        self.assertEqual(glyphs.printable("Klart ✅, bra 👍🏽 jobbat"), "Klart ✔, bra [symbol] jobbat")
        self.assertEqual(glyphs.printable("👨\u200d👩\u200d👧 familj"), "[symbol] familj")
        self.assertEqual(glyphs.printable("Räksmörgås – 85 %"), "Räksmörgås – 85 %")


class EmojiInThePdfTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        data = factories.plan()
        FollowUp.objects.create(
            goal=data["goal"],
            period=data["annual"],
            status=Status.ACHIEVED,
            state=State.APPROVED,
            text="Alla skolor deltog 👍 och strategin är antagen ✅.",
        )
        target = io.BytesIO()
        services.render_chapter(
            plan_year=data["plan_year"],
            period=selectors.default_period(data["plan_year"]),
            layout=Layout.UNIT,
            target=target,
            chapter_number=4,
            chapter_title="Måluppfyllelse",
            organisation_name="Förbundet",
        )
        cls.pdf = target.getvalue()

    def test_the_text_has_the_placeholder_and_the_look_alike(self):
        text = squash(pdf_text(self.pdf))
        self.assertIn(squash("Alla skolor deltog [symbol] och strategin är antagen ✔."), text)
        self.assertNotIn("👍", text)

    def test_only_the_print_font_is_embedded(self):
        fonts = set()
        with pikepdf.open(io.BytesIO(self.pdf)) as pdf:
            for page in pdf.pages:
                for font in (page.Resources.get("/Font") or {}).values():
                    fonts.add(str(font.get("/BaseFont")))
        self.assertTrue(fonts)
        self.assertTrue(all("DejaVu-Sans" in name for name in fonts), fonts)


class FollowUpFormWarningTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.manager("chef", cls.data)
        factories.manager("annan", cls.data, unit_index=1)
        cls.url = reverse("follow_up_edit", args=[cls.data["goal"].pk, cls.data["interim"].pk])

    def test_saving_text_with_emoji_warns_and_keeps_it(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.post(
            self.url, {"version": "0", "status": "on_track", "text": "Det går bra 👍 ✅"}, follow=True
        )
        self.assertContains(response, "Texten innehåller tecken som utskriftens typsnitt saknar: 👍 ✅.")
        follow_up = FollowUp.objects.get(goal=self.data["goal"], period=self.data["interim"])
        follow_up.refresh_from_db()
        self.assertEqual(follow_up.text, "Det går bra 👍 ✅")

    def test_plain_text_has_no_warning(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.post(
            self.url, {"version": "0", "status": "on_track", "text": "Det går bra."}, follow=True
        )
        self.assertNotContains(response, "utskriftens typsnitt saknar")

    def test_a_refused_save_keeps_the_text_and_warns(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.post(self.url, {"version": "0", "status": "nonsense", "text": "Bra 👍"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Bra 👍", status_code=400)
        self.assertContains(response, "saknar: 👍.", status_code=400)

    def test_anonymous_and_another_unit(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)
        self.client.login(username="annan", password=factories.PASSWORD)
        self.assertEqual(self.client.post(self.url, {"version": "0", "text": "👍"}).status_code, 404)
        self.assertFalse(FollowUp.objects.exists())
