""" "Förhandsgranska" on the follow-up form: the goal's row as the chapter prints it, from what is
typed so far, by the chapter's own row template; nothing is saved."""

from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, MeasureValue, State

from . import factories


class FollowUpPreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.manager("chef", cls.data)
        factories.manager("annan", cls.data, unit_index=1)
        factories.reader("lasare", cls.data)
        cls.goal = cls.data["goal"]
        cls.numeric, cls.milestone = cls.goal.measures.all()
        cls.url = reverse("reports:follow_up_preview", args=[cls.goal.pk, cls.data["interim"].pk])
        cls.page = reverse("follow_up_edit", args=[cls.goal.pk, cls.data["interim"].pk])

    def preview(self, **fields):
        data = {
            "status": "at_risk",
            "text": "Följande har gjorts:\n- tre temadagar\n\nSå här går vi vidare:\n1. planera\n2. genomföra",
            "version": "0",
            f"value_{self.numeric.pk}": "2 616",
            f"reached_{self.milestone.pk}": "no",
        }
        data.update(fields)
        return self.client.post(self.url, data)

    def test_the_form_has_the_preview_button_and_the_markup_help(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        page = self.client.get(self.page)
        self.assertContains(page, f'data-preview-url="{self.url}"')
        self.assertContains(page, "Förhandsgranska")
        self.assertContains(page, "Så skriver du stycken, listor och länkar")
        self.assertContains(page, 'src="/static/js/preview.js"')

    def test_it_renders_the_row_as_the_chapter_prints_it_and_saves_nothing(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.preview()
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn('<tr class="goal-row', html)  # the chapter's own row template
        self.assertIn("Minst 25 000 elever på teman", html)
        self.assertIn("<p>Följande har gjorts:</p>\n<ul>\n<li>tre temadagar</li>\n</ul>", html)
        self.assertIn("<ol>\n<li>planera</li>\n<li>genomföra</li>\n</ol>", html)
        self.assertIn("Risk för avvikelse", html)
        self.assertIn("2\u00a0616", html)  # the typed figure, not a stored one
        self.assertNotIn("(ej godkänd)", html)  # printed as it will be once approved
        self.assertFalse(FollowUp.objects.exists())

    def test_it_previews_the_typed_text_not_the_saved_one(self):
        saved = FollowUp.objects.create(
            goal=self.goal, period=self.data["interim"], text="Sparad text", status="on_track", state=State.DRAFT
        )
        MeasureValue.objects.create(follow_up=saved, measure=self.numeric, value=30000)
        self.client.login(username="chef", password=factories.PASSWORD)
        html = self.preview(text="Ny text").content.decode()
        self.assertIn("Ny text", html)
        self.assertNotIn("Sparad text", html)
        saved.refresh_from_db()
        self.assertEqual((saved.text, saved.status, saved.version), ("Sparad text", "on_track", 1))

    def test_a_status_against_the_measures_shows_the_marker_as_printed(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        html = self.preview(status="on_track", status_reason="Hösten tar igen det.").content.decode()
        self.assertIn("Avviker från mätetalen:", html)
        self.assertIn("Hösten tar igen det.", html)

    def test_user_text_is_escaped(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        html = self.preview(text="<script>alert(1)</script>\n- <b>fet</b>").content.decode()
        self.assertNotIn("<script>", html)
        self.assertNotIn("<b>", html)
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", html)

    def test_a_bad_figure_still_previews_the_text(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.preview(**{f"value_{self.numeric.pk}": "många"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "<li>planera</li>")
        self.assertNotContains(response, "många")

    def test_anonymous_users_are_sent_to_login(self):
        response = self.preview()
        self.assertRedirects(response, reverse("login") + "?next=" + self.url)

    def test_other_units_readers_and_other_forbund_get_404(self):
        other = factories.plan(slug="annat")
        factories.kansli("kansli2", other)
        for username in ("annan", "lasare", "kansli2"):
            with self.subTest(username=username):
                self.client.login(username=username, password=factories.PASSWORD)
                self.assertEqual(self.preview().status_code, 404)
        self.assertFalse(FollowUp.objects.exists())

    def test_only_post(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 405)
