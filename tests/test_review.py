from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, State

from . import factories


class ReviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.chef = factories.manager("chef", cls.data)

    def setUp(self):
        self.follow_up = FollowUp.objects.create(
            goal=self.data["goal"],
            period=self.data["interim"],
            text="Vår text",
            status="on_track",
            state=State.SUBMITTED,
        )
        self.url = reverse("review", args=[self.follow_up.pk])

    def test_kansliet_sees_the_follow_up(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertContains(self.client.get(self.url), "Vår text")

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_an_enhetschef_cannot_review(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertEqual(
            self.client.post(self.url, {"approve": "1", "version": self.follow_up.version}).status_code, 404
        )
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_kansliet_of_another_organisation_gets_404(self):
        other = factories.plan(slug="annat")
        factories.kansli("annan-kansli", other)
        self.client.login(username="annan-kansli", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_approving(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.post(self.url, {"approve": "1", "version": self.follow_up.version})
        self.assertRedirects(response, reverse("overview_period", args=["forbundet", self.data["interim"].pk]))
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.APPROVED)
        self.assertEqual(self.follow_up.history.first().history_user, self.kansli)

    def test_returning_needs_a_comment(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.post(self.url, {"return": "1", "comment": "", "version": self.follow_up.version})
        self.assertContains(response, "Skriv vad enheten ska ändra.", status_code=400)
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_returning_with_a_comment_reopens_it_for_the_unit(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.client.post(
            self.url, {"return": "1", "comment": "Lägg till siffran för 2025.", "version": self.follow_up.version}
        )
        self.follow_up.refresh_from_db()
        self.assertEqual(
            (self.follow_up.state, self.follow_up.return_comment), (State.RETURNED, "Lägg till siffran för 2025.")
        )
        self.client.login(username="chef", password=factories.PASSWORD)
        page = self.client.get(reverse("follow_up_edit", args=[self.data["goal"].pk, self.data["interim"].pk]))
        self.assertContains(page, "Lägg till siffran för 2025.")
        self.assertContains(page, "Spara utkast")

    def test_an_approved_follow_up_cannot_be_reviewed_again(self):
        self.follow_up.state = State.APPROVED
        self.follow_up.save()
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.post(self.url, {"return": "1", "comment": "Ändra", "version": self.follow_up.version})
        self.assertContains(response, "Bara inskickade uppföljningar", status_code=400)


class ReviewedVersionTests(TestCase):
    """A decision applies to the text kansliet read, never to one the unit sent in meanwhile."""

    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.kansli("kansli", cls.data)

    def setUp(self):
        self.follow_up = FollowUp.objects.create(
            goal=self.data["goal"],
            period=self.data["interim"],
            text="Första texten",
            status="on_track",
            state=State.SUBMITTED,
            version=3,
        )
        self.url = reverse("review", args=[self.follow_up.pk])
        self.client.login(username="kansli", password=factories.PASSWORD)

    def test_the_page_carries_the_version_it_shows(self):
        self.assertContains(self.client.get(self.url), 'name="version" value="3"', count=2)

    def test_approving_text_that_changed_since_the_page_was_opened_is_refused(self):
        FollowUp.objects.filter(pk=self.follow_up.pk).update(text="Ny text från enheten", version=4)
        response = self.client.post(self.url, {"approve": "1", "version": "3"})
        self.assertContains(response, "Enheten har ändrat uppföljningen sedan du öppnade den", status_code=400)
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)

    def test_returning_a_changed_text_is_refused_and_the_comment_kept(self):
        FollowUp.objects.filter(pk=self.follow_up.pk).update(version=4)
        response = self.client.post(self.url, {"return": "1", "comment": "Lägg till siffran.", "version": "3"})
        self.assertContains(response, "Enheten har ändrat uppföljningen", status_code=400)
        self.assertContains(response, "Lägg till siffran.", status_code=400)
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.SUBMITTED)


class DisagreementReviewTests(TestCase):
    """A status that says something else than the mätetal is shown to kansliet, who decides
    whether the chapter marks it."""

    @classmethod
    def setUpTestData(cls):
        from goals.models import MeasureValue

        cls.data = factories.plan()
        factories.kansli("kansli", cls.data)
        measure = cls.data["goal"].measures.get(order=0)  # minst 25 000 elever
        cls.follow_up = FollowUp.objects.create(
            goal=cls.data["goal"],
            period=cls.data["annual"],
            text="Bra år.",
            status="achieved",
            status_reason="Tekniktemat nådde fler än planerat.",
            state=State.SUBMITTED,
        )
        MeasureValue.objects.create(follow_up=cls.follow_up, measure=measure, value=20000)
        cls.url = reverse("review", args=[cls.follow_up.pk])

    def test_kansliet_sees_the_disagreement_with_the_reason(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        page = self.client.get(self.url)
        self.assertContains(page, "Bedömningen avviker från mätetalen")
        self.assertContains(page, "Tekniktemat nådde fler än planerat.")
        self.assertContains(page, 'name="print_disagreement"')

    def test_kansliet_can_approve_without_the_marker_in_print(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.client.post(self.url, {"approve": "1", "version": self.follow_up.version})
        self.follow_up.refresh_from_db()
        self.assertEqual((self.follow_up.state, self.follow_up.print_disagreement), (State.APPROVED, False))

    def test_kept_checked_the_marker_stays(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.client.post(self.url, {"approve": "1", "version": self.follow_up.version, "print_disagreement": "on"})
        self.follow_up.refresh_from_db()
        self.assertEqual((self.follow_up.state, self.follow_up.print_disagreement), (State.APPROVED, True))
