"""What changed since a return, word by word: in the review of a resubmission and in the history."""

from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from goals import services
from goals.diff import word_diff
from goals.models import FollowUp, State

from . import factories


class WordDiffTests(SimpleTestCase):
    def test_changed_words_are_marked_with_hidden_words_too(self):
        html = word_diff("Vi har nått 20 000 elever.", "Vi har nått 27 531 elever i år.")
        self.assertIn('<del><span class="visually-hidden">borttaget: </span>20 000</del>', html)
        self.assertIn('<ins><span class="visually-hidden">tillagt: </span>27 531</ins>', html)
        self.assertIn('elever<ins><span class="visually-hidden">tillagt: </span> i år</ins>.', html)
        self.assertTrue(html.startswith("Vi har nått "))

    def test_unchanged_text_has_no_marks(self):
        self.assertEqual(word_diff("Samma text.", "Samma text."), "Samma text.")

    def test_the_text_is_escaped(self):
        html = word_diff("a", "a <script>alert(1)</script>")
        self.assertNotIn("<script>", html)
        self.assertIn("&lt;script&gt;", html)


class ResubmissionReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.chef = factories.manager("chef", cls.data)
        factories.kansli("kansli-annat", factories.plan(slug="annat"))

    def setUp(self):
        common = dict(goal=self.data["goal"], period=self.data["interim"], user=self.chef, values={})
        follow_up = services.save_follow_up(
            text="Vi har haft 20 000 elever på teman.", status="on_track", expected_version=0, submit=True, **common
        )
        follow_up = services.return_follow_up(
            follow_up=follow_up, user=self.kansli, comment="Ange årets siffra.", expected_version=follow_up.version
        )
        self.follow_up = services.save_follow_up(
            text="Vi har haft 27 531 elever på teman.",
            status="at_risk",
            expected_version=follow_up.version,
            submit=True,
            **common,
        )
        self.url = reverse("review", args=[self.follow_up.pk])

    def test_the_review_shows_the_changes_and_the_return_comment(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.get(self.url)
        self.assertContains(response, "Ändrat sedan uppföljningen återsändes")
        self.assertContains(response, "Ange årets siffra.")
        self.assertContains(response, '<del><span class="visually-hidden">borttaget: </span>20 000</del>')
        self.assertContains(response, '<ins><span class="visually-hidden">tillagt: </span>27 531</ins>')
        self.assertContains(response, "Bedömningen var Pågår enligt plan och är nu Risk för avvikelse.")

    def test_every_earlier_return_comment_is_listed(self):
        common = dict(goal=self.data["goal"], period=self.data["interim"], user=self.chef, values={})
        returned = services.return_follow_up(
            follow_up=self.follow_up, user=self.kansli, comment="Och källan.", expected_version=self.follow_up.version
        )
        services.save_follow_up(
            text="Vi har haft 27 531 elever på teman (källa: SCB).",
            status="at_risk",
            expected_version=returned.version,
            submit=True,
            **common,
        )
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.get(self.url)
        self.assertContains(response, "Ange årets siffra.")
        self.assertContains(response, "Och källan.")
        self.assertContains(response, '<ins><span class="visually-hidden">tillagt: </span> (källa: SCB)</ins>.')

    def test_a_first_submission_has_no_changes_section(self):
        fresh = FollowUp.objects.create(
            goal=self.data["other_goal"], period=self.data["interim"], text="Ny", state=State.SUBMITTED
        )
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertNotContains(self.client.get(reverse("review", args=[fresh.pk])), "Ändrat sedan")

    def test_a_bad_return_keeps_the_comment_field_and_the_changes(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.post(self.url, {"return": "1", "comment": " ", "version": self.follow_up.version})
        self.assertContains(response, "Skriv vad enheten ska ändra.", status_code=400)
        self.assertContains(response, "Ange årets siffra.", status_code=400)
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_anonymous_and_others_cannot_review(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)
        self.client.login(username="kansli-annat", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertNotEqual(self.client.get(self.url).status_code, 200)

    def test_the_history_marks_changed_words_and_shows_the_first_text(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.get(reverse("history", args=[self.follow_up.pk]))
        page = response.content.decode()
        self.assertIn('<del><span class="visually-hidden">borttaget: </span>20 000</del>', page)
        # The first entry (the oldest, last in the list) holds the first text as written.
        first = page.rindex("<li>")
        self.assertIn("Vi har haft 20 000 elever på teman.", page[first:])
        # The changed text is not printed twice in full.
        self.assertEqual(page.count("Vi har haft 27 531 elever på teman."), 0)
