from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import FollowUp, MeasureValue, State

from . import factories


class FollowUpEditTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        cls.other_chef = factories.manager("annan", cls.data, unit_index=1)
        cls.url = reverse("follow_up_edit", args=[cls.data["goal"].pk, cls.data["interim"].pk])
        cls.measures = list(cls.data["goal"].measures.all())

    def post(self, **fields):
        numeric, milestone = self.measures
        data = {
            "status": "on_track",
            "text": "Första stycket.\n\nAndra stycket med https://example.org/plan.",
            "version": "0",
            f"value_{numeric.pk}": "27 531",
            f"note_{numeric.pk}": "Genomfört",
            f"reached_{milestone.pk}": "yes",
            f"note_{milestone.pk}": "",
            "save": "1",
        }
        data.update(fields)
        return self.client.post(self.url, data)

    def test_it_shows_the_form_to_the_units_manager(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.get(self.url)
        self.assertContains(response, "Spara utkast")
        self.assertContains(response, "Minst 25 000 elever")

    def test_anonymous_users_are_sent_to_login(self):
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("login") + "?next=" + self.url)

    def test_other_units_get_404(self):
        self.client.login(username="annan", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post().status_code, 404)
        self.assertFalse(FollowUp.objects.exists())

    def test_saving_a_draft_stores_text_status_and_swedish_numbers(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.post()
        self.assertRedirects(response, self.url)
        follow_up = FollowUp.objects.get()
        self.assertEqual(follow_up.state, State.DRAFT)
        self.assertEqual(follow_up.status, "on_track")
        self.assertIn("Andra stycket", follow_up.text)
        value = MeasureValue.objects.get(measure=self.measures[0])
        self.assertEqual(value.value, 27531)
        self.assertEqual(value.note, "Genomfört")
        self.assertTrue(MeasureValue.objects.get(measure=self.measures[1]).reached)
        # Reloading the page shows the saved values in Swedish form.
        page = self.client.get(self.url)
        self.assertContains(page, 'value="27 531"')
        self.assertContains(page, "Andra stycket med https://example.org/plan.")

    def test_a_draft_can_be_saved_again_and_then_submitted(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.post()
        self.post(version="1", text="Ny version")
        response = self.post(version="2", text="Slutlig text", submit="1")
        self.assertRedirects(response, reverse("my_goals"))
        follow_up = FollowUp.objects.get()
        follow_up.refresh_from_db()
        self.assertEqual((follow_up.state, follow_up.text, follow_up.version), (State.SUBMITTED, "Slutlig text", 3))
        self.assertEqual(follow_up.history.count(), 3)

    def test_bad_number_is_refused_with_a_swedish_message_and_the_text_kept(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.post(
            **{f"value_{self.measures[0].pk}": "många", "text": "Min långa text som inte får försvinna"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "”många” är inget tal. Skriv t.ex. 27 531 eller 85,5.", status_code=400)
        self.assertContains(response, "Min långa text som inte får försvinna", status_code=400)
        self.assertContains(response, 'value="många"', status_code=400)
        self.assertFalse(FollowUp.objects.exists())

    def test_submitting_without_status_or_text_is_refused(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.post(status="", text="", submit="1")
        self.assertContains(response, "Välj en bedömning innan du skickar in.", status_code=400)
        self.assertContains(response, "Skriv en uppföljning innan du skickar in.", status_code=400)
        self.assertFalse(FollowUp.objects.exists())

    def test_a_later_save_from_a_stale_form_is_refused_and_both_texts_are_shown(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.post(text="Kollegans text")
        response = self.post(text="Min egen text", version="0")
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, "Kollegans text", status_code=409)
        self.assertContains(response, "Min egen text", status_code=409)
        self.assertContains(response, 'name="version" value="1"', status_code=409)
        follow_up = FollowUp.objects.get()
        self.assertEqual(follow_up.text, "Kollegans text")

    def test_user_text_is_escaped(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.post(text="<script>alert(1)</script> & mer", submit="1")
        page = self.client.get(self.url)
        self.assertNotContains(page, "<script>alert(1)</script>")
        self.assertContains(page, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; mer")

    def test_a_submitted_follow_up_is_read_only_for_the_unit(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.post(submit="1")
        page = self.client.get(self.url)
        self.assertNotContains(page, "Spara utkast")
        response = self.post(version="1", text="Ändrad efteråt")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(FollowUp.objects.get().text.startswith("Första stycket"), True)

    def test_a_closed_period_is_read_only(self):
        closed = reverse("follow_up_edit", args=[self.data["goal"].pk, self.data["annual"].pk])
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertNotContains(self.client.get(closed), "Spara utkast")
        response = self.client.post(closed, {"status": "achieved", "text": "x", "version": "0", "save": "1"})
        self.assertContains(response, "Perioden är stängd.", status_code=400)
        self.assertFalse(FollowUp.objects.exists())


class StatusProposalTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.manager("chef", cls.data)
        cls.period = cls.data["interim"]
        cls.url = reverse("follow_up_edit", args=[cls.data["goal"].pk, cls.period.pk])
        cls.numeric, cls.milestone = cls.data["goal"].measures.all()

    def post(self, **fields):
        data = {
            "status": "on_track",
            "text": "Text",
            "version": "0",
            "save": "1",
            f"value_{self.numeric.pk}": "2 616",
            f"reached_{self.milestone.pk}": "no",
        }
        data.update(fields)
        return self.client.post(self.url, data)

    def test_the_page_shows_the_proposal_and_each_measures_outcome(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.post(status="at_risk")
        self.assertRedirects(response, self.url)
        page = self.client.get(self.url)
        self.assertContains(page, "Mätetalen föreslår:")
        self.assertContains(page, '<strong class="proposal-status">Risk för avvikelse</strong>', html=False)
        self.assertContains(page, "(0 av 2 uppnådda)")
        self.assertContains(page, "Mål: minst 25\u00a0000\u00a0elever")
        self.assertRegex(
            page.content.decode(),
            r'data-outcome-for="%s"[^>]*><span class="outcome outcome-not_met">' % self.numeric.pk,
        )

    def test_the_goals_below_count_in_the_proposal_and_a_goal_without_any_reads_none(self):
        goal = self.data["goal"]
        below = factories.make_goal(goal.plan_year, unit=goal.unit, parent=goal, level=goal.level, title="Under")
        FollowUp.objects.create(goal=below, period=self.period, status="achieved", text="Klart")
        self.client.login(username="chef", password=factories.PASSWORD)
        # Nothing is measured yet: the achieved goal below is what the proposal counts.
        self.assertContains(self.client.get(self.url), "(1 av 1 uppnådda)")
        # The goal below has none under it: its page asks nothing about goals below.
        with CaptureQueriesContext(connection) as queries:
            self.client.get(reverse("follow_up_edit", args=[below.pk, self.period.pk]))
        self.assertFalse([q for q in queries.captured_queries if "period_status" in q["sql"]])

    def test_the_proposal_is_asked_of_the_server_while_typing_and_nothing_is_saved(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        url = reverse("follow_up_proposal", args=[self.data["goal"].pk, self.period.pk])
        answer = self.client.post(
            url, {"status": "on_track", f"value_{self.numeric.pk}": "30 000", f"reached_{self.milestone.pk}": "yes"}
        ).json()
        self.assertIn("Pågår enligt plan", answer["proposal"])
        self.assertNotIn("proposal-differs", answer["proposal"])
        self.assertIn("outcome-met", answer["outcomes"][str(self.numeric.pk)])
        answer = self.client.post(url, {"status": "on_track", f"value_{self.numeric.pk}": "2 616"}).json()
        self.assertIn("Risk för avvikelse", answer["proposal"])
        self.assertIn("proposal-differs", answer["proposal"])
        self.assertFalse(FollowUp.objects.exists())

    def test_the_proposal_endpoint_keeps_other_units_out(self):
        factories.manager("annan", self.data, unit_index=1)
        url = reverse("follow_up_proposal", args=[self.data["goal"].pk, self.period.pk])
        self.assertEqual(self.client.post(url, {}).status_code, 302)  # anonymous → login
        self.client.login(username="annan", password=factories.PASSWORD)
        self.assertEqual(self.client.post(url, {}).status_code, 404)

    def test_an_override_without_a_reason_can_be_saved_as_a_draft(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertRedirects(self.post(status="on_track", text="Allt går bra"), self.url)
        self.assertEqual(FollowUp.objects.get().status, "on_track")

    def test_a_draft_can_always_be_saved_and_the_reason_is_asked_for_on_submit_only(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        # Nothing chosen, nothing written: still a draft to come back to.
        self.assertRedirects(self.post(status="", text="", **{f"value_{self.numeric.pk}": ""}), self.url)
        follow_up = FollowUp.objects.get()
        self.assertEqual((follow_up.status, follow_up.text, follow_up.state), ("", "", State.DRAFT))
        # A status against the figures, without a reason: saved as a draft as well.
        self.assertRedirects(self.post(status="on_track", text="Allt går bra", version="1"), self.url)
        follow_up.refresh_from_db()
        self.assertEqual((follow_up.status, follow_up.status_reason, follow_up.state), ("on_track", "", State.DRAFT))
        refused = self.post(status="on_track", text="Allt går bra", version="2", submit="1")
        self.assertContains(refused, "Motivera varför du väljer ”Pågår enligt plan”", status_code=400)
        follow_up.refresh_from_db()
        self.assertEqual(follow_up.state, State.DRAFT)
        sent = self.post(
            status="on_track", text="Allt går bra", status_reason="Hösten tar igen det.", version="2", submit="1"
        )
        self.assertRedirects(sent, reverse("my_goals"))
        follow_up.refresh_from_db()
        self.assertEqual((follow_up.state, follow_up.status_reason), (State.SUBMITTED, "Hösten tar igen det."))

    def test_an_override_without_a_reason_cannot_be_submitted(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.post(status="on_track", text="Allt går bra", submit="1")
        self.assertContains(
            response,
            "Mätetalen föreslår bedömningen ”Risk för avvikelse”. Motivera varför du väljer ”Pågår enligt plan”.",
            status_code=400,
        )
        self.assertContains(response, "Allt går bra", status_code=400)
        self.assertFalse(FollowUp.objects.exists())

    def test_an_override_with_a_reason_is_stored_for_kansliet(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.post(status="on_track", status_reason="Elevantalet tas igen under hösten.", print_reason="on")
        follow_up = FollowUp.objects.get()
        self.assertEqual(
            (follow_up.status, follow_up.status_reason, follow_up.print_reason),
            ("on_track", "Elevantalet tas igen under hösten.", True),
        )

    def test_a_status_that_agrees_with_the_values_needs_no_reason(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.post(
            status="achieved", **{f"value_{self.numeric.pk}": "27 531", f"reached_{self.milestone.pk}": "yes"}
        )
        self.assertRedirects(response, self.url)


class LateSaveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.manager("chef", cls.data)
        cls.url = reverse("follow_up_edit", args=[cls.data["goal"].pk, cls.data["interim"].pk])

    def test_a_period_closed_while_writing_shows_the_unsaved_text(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.data["interim"].is_open = False
        self.data["interim"].save()
        response = self.client.post(
            self.url, {"status": "on_track", "text": "Tre timmars arbete", "version": "0", "save": "1"}
        )
        self.assertContains(response, "Perioden är stängd.", status_code=400)
        self.assertContains(response, "Din text är inte sparad", status_code=400)
        self.assertContains(response, "Tre timmars arbete", status_code=400)

    def test_a_follow_up_submitted_by_a_colleague_meanwhile_shows_both_texts(self):
        FollowUp.objects.create(
            goal=self.data["goal"],
            period=self.data["interim"],
            text="Kollegans inskickade",
            state=State.SUBMITTED,
            version=3,
        )
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.post(
            self.url, {"status": "on_track", "text": "Min version", "version": "2", "save": "1"}
        )
        self.assertContains(response, "Kollegans inskickade", status_code=409)
        self.assertContains(response, "Min version", status_code=409)


class OwnGridSaveTests(TestCase):
    """Saving the grid per kommun, then the form opened before it, is the same person's work."""

    @classmethod
    def setUpTestData(cls):
        from goals.models import Breakdown, Measure, Member

        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        factories.manager("kollega", cls.data)
        cls.boras = Member.objects.create(organisation=cls.data["organisation"], code="1490", name="Borås")
        cls.grid = Measure.objects.create(
            goal=cls.data["goal"], text="Deltagare per kommun", breakdown=Breakdown.MUNICIPALITY
        )
        cls.url = reverse("follow_up_edit", args=[cls.data["goal"].pk, cls.data["interim"].pk])
        cls.grid_url = reverse("breakdown", args=[cls.data["goal"].pk, cls.data["interim"].pk, cls.grid.pk])

    def test_the_form_saves_after_the_users_own_grid_and_keeps_both(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.client.post(self.url, {"version": "0", "status": "on_track", "text": "Första", "save": "1"})
        self.client.post(self.grid_url, {"version": "1", f"v_{self.boras.pk}_X": "12"})
        response = self.client.post(self.url, {"version": "1", "status": "on_track", "text": "Andra", "save": "1"})
        self.assertRedirects(response, self.url)
        follow_up = FollowUp.objects.get()
        self.assertEqual(follow_up.text, "Andra")
        self.assertEqual(follow_up.values.get(measure=self.grid).value, 12)

    def test_a_colleagues_grid_in_between_is_still_a_conflict(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.client.post(self.url, {"version": "0", "status": "on_track", "text": "Första", "save": "1"})
        self.client.login(username="kollega", password=factories.PASSWORD)
        self.client.post(self.grid_url, {"version": "1", f"v_{self.boras.pk}_X": "12"})
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.post(self.url, {"version": "1", "status": "on_track", "text": "Andra", "save": "1"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(FollowUp.objects.get().text, "Första")
