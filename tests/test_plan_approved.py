"""Läsare read what kansliet has approved; drafts only when they ask, marked as not approved."""

from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, State

from . import factories


class ApprovedByDefaultTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.reader("revisor", cls.data)
        factories.manager("chef", cls.data)
        factories.kansli("kansli-annat", factories.plan(slug="annat"))
        cls.approved = FollowUp.objects.create(
            goal=cls.data["goal"],
            period=cls.data["annual"],
            state=State.APPROVED,
            status="achieved",
            text="Godkänd text.",
        )
        cls.draft = FollowUp.objects.create(
            goal=cls.data["other_goal"],
            period=cls.data["annual"],
            state=State.DRAFT,
            status="not_achieved",
            text="Utkastets text.",
        )
        cls.url = reverse("plan", args=["forbundet", 2025])
        cls.period = {"period": cls.data["annual"].pk}

    def setUp(self):
        self.client.login(username="revisor", password=factories.PASSWORD)

    def test_a_reader_sees_approved_follow_ups_only_by_default(self):
        response = self.client.get(self.url, self.period)
        self.assertContains(response, "Godkänd text.")
        self.assertNotContains(response, "Utkastets text.")
        self.assertContains(response, "Ingen godkänd uppföljning för perioden.")
        self.assertContains(response, f"?period={self.data['annual'].pk}&amp;ej_godkanda=1")
        # The chart counts the approved one only.
        self.assertContains(response, "Regional utveckling: 1 uppnått")
        self.assertNotContains(response, "1 ej uppnått")

    def test_asked_for_drafts_they_are_shown_and_marked(self):
        response = self.client.get(self.url, {**self.period, "ej_godkanda": "1"})
        self.assertContains(response, "Utkastets text.")
        self.assertContains(response, "<strong>Ej godkänd</strong> – utkast.", html=False)
        self.assertContains(response, "Välfärd: 1 ej uppnått")
        self.assertContains(response, 'id="id_ej_godkanda" checked')
        # The approved one is not marked.
        self.assertEqual(response.content.decode().count("<strong>Ej godkänd</strong>"), 1)

    def test_a_draft_approved_later_shows_by_default(self):
        self.draft.state = State.APPROVED
        self.draft.save()
        self.draft.refresh_from_db()
        self.assertContains(self.client.get(self.url, self.period), "Utkastets text.")

    def test_a_reader_opens_on_the_latest_period_with_approved_follow_ups(self):
        response = self.client.get(self.url)
        self.assertEqual(response.context["period"], self.data["annual"])
        self.approved.delete()
        # Nothing approved yet: the open period (the delårsrapport) rather than an empty årsbokslut.
        self.assertEqual(self.client.get(self.url).context["period"], self.data["interim"])

    def test_a_bad_toggle_value_is_the_default(self):
        self.assertNotContains(
            self.client.get(self.url, {**self.period, "ej_godkanda": "ja<script>"}), "Utkastets text."
        )

    def test_anonymous_goes_to_login_and_others_get_404(self):
        self.client.logout()
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url, {"ej_godkanda": "1"}).status_code, 404)
        self.client.login(username="kansli-annat", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url, {"ej_godkanda": "1"}).status_code, 404)
