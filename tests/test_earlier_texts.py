"""Starting a follow-up from an earlier text: the year's previous period (delår → årsbokslut) and
last year's text of a goal carried over. The form is filled for the user to edit; nothing is
saved until they save, and text they have typed is replaced only when they say so."""

from datetime import date

from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, Measure, MeasureValue, Period, PeriodKind, PlanYear, State, TargetKind

from . import factories

DELAR_TEXT = "Följande har gjorts:\n- tre temadagar\n- en ny webbplats"


def follow_up(goal, period, **fields):
    values = fields.pop("values", {})
    made = FollowUp.objects.create(goal=goal, period=period, **fields)
    for measure, (value, reached, note) in values.items():
        MeasureValue.objects.create(follow_up=made, measure=measure, value=value, reached=reached, note=note)
    return made


class PreviousPeriodTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.manager("chef", cls.data)
        factories.manager("annan", cls.data, unit_index=1)
        cls.goal = cls.data["goal"]
        cls.numeric, cls.milestone = cls.goal.measures.all()
        cls.data["interim"].is_open = False
        cls.data["interim"].save()
        cls.data["annual"].is_open = True
        cls.data["annual"].save()
        follow_up(
            cls.goal,
            cls.data["interim"],
            status="achieved",
            state=State.APPROVED,
            text=DELAR_TEXT,
            values={cls.numeric: (27531, None, "Genomfört"), cls.milestone: (None, True, "")},
        )
        cls.url = reverse("follow_up_edit", args=[cls.goal.pk, cls.data["annual"].pk])

    def setUp(self):
        self.client.login(username="chef", password=factories.PASSWORD)

    def post(self, **fields):
        data = {"status": "", "text": "", "version": "0"}
        data.update(fields)
        return self.client.post(self.url, data)

    def test_the_form_offers_the_previous_periods_text(self):
        page = self.client.get(self.url)
        self.assertContains(page, "Utgå från förra periodens text")
        self.assertContains(page, "Delårsrapport 250831 (2025, godkänd)")
        self.assertNotContains(page, "Utgå från förra årets text")

    def test_no_offer_without_an_earlier_text(self):
        url = reverse("follow_up_edit", args=[self.goal.pk, self.data["interim"].pk])
        self.assertNotContains(self.client.get(url), "Utgå från")

    def test_starting_from_it_fills_text_status_and_values_and_saves_nothing(self):
        response = self.post(start_from="period")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Följande har gjorts:\n- tre temadagar")
        self.assertContains(
            response, "Formuläret är ifyllt med texten, bedömningen och värdena från Delårsrapport 250831"
        )
        self.assertContains(response, '<option value="achieved" selected>')
        self.assertContains(response, f'name="value_{self.numeric.pk}" value="27 531"')
        self.assertContains(response, f'name="note_{self.numeric.pk}" value="Genomfört"')
        self.assertContains(response, '<option value="yes" selected>Ja, uppnådd</option>')
        self.assertContains(response, '<input type="hidden" name="started_from" value="period"')
        self.assertFalse(FollowUp.objects.filter(period=self.data["annual"]).exists())

    def test_then_saving_stores_the_edited_text(self):
        filled = self.post(start_from="period").context["form"].data.copy()
        filled["text"] += "\n\nUnder hösten kom mer."
        filled["save"] = "1"
        self.assertRedirects(self.client.post(self.url, filled), self.url)
        saved = FollowUp.objects.get(period=self.data["annual"])
        saved.refresh_from_db()
        self.assertEqual((saved.status, saved.state), ("achieved", State.DRAFT))
        self.assertEqual(saved.text, DELAR_TEXT + "\n\nUnder hösten kom mer.")
        self.assertEqual(MeasureValue.objects.get(follow_up=saved, measure=self.numeric).value, 27531)

    def test_typed_text_is_replaced_only_after_a_yes(self):
        response = self.post(start_from="period", text="Min egen text", status="not_achieved")
        self.assertContains(response, "Det du har skrivit i formuläret ersätts")
        self.assertContains(response, "Min egen text</textarea>")
        self.assertContains(response, '<option value="not_achieved" selected>')
        self.assertNotContains(response, "tre temadagar</textarea>")
        kept = self.post(keep_text="1", text="Min egen text")
        self.assertContains(kept, "Min egen text</textarea>")
        self.assertNotContains(kept, "ersätts")
        replaced = self.post(start_from_confirmed="period", text="Min egen text")
        self.assertContains(replaced, "en ny webbplats</textarea>")
        self.assertNotContains(replaced, "Min egen text")
        self.assertFalse(FollowUp.objects.filter(period=self.data["annual"]).exists())

    def test_the_same_text_again_needs_no_yes(self):
        response = self.post(start_from="period", text=DELAR_TEXT.replace("\n", "\r\n"))
        self.assertNotContains(response, "ersätts")
        self.assertContains(response, "Formuläret är ifyllt med texten")

    def test_a_delar_status_the_arsbokslut_lacks_is_not_carried(self):
        FollowUp.objects.filter(period=self.data["interim"]).update(status="on_track")
        response = self.post(start_from="period")
        self.assertContains(response, "Bedömningen ”Pågår enligt plan” kan inte väljas för den här perioden")
        self.assertContains(response, '<option value="" selected>Välj bedömning</option>')

    def test_anonymous_users_are_sent_to_login(self):
        self.client.logout()
        response = self.post(start_from="period")
        self.assertRedirects(response, reverse("login") + "?next=" + self.url)

    def test_another_units_chef_gets_404(self):
        self.client.login(username="annan", password=factories.PASSWORD)
        self.assertEqual(self.post(start_from="period").status_code, 404)
        self.assertFalse(FollowUp.objects.filter(period=self.data["annual"]).exists())

    def test_another_forbunds_kansli_gets_404(self):
        other = factories.plan(slug="annat")
        factories.kansli("kansli2", other)
        self.client.login(username="kansli2", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.assertEqual(self.post(start_from="period").status_code, 404)

    def test_an_unknown_source_keeps_the_text(self):
        response = self.post(start_from="förrförra", text="Min egen text")
        self.assertContains(response, "Det finns ingen tidigare text att utgå från", status_code=400)
        self.assertContains(response, "Min egen text</textarea>", status_code=400)

    def test_a_submitted_follow_up_offers_nothing_and_refuses_with_the_text_kept(self):
        follow_up(self.goal, self.data["annual"], status="achieved", state=State.SUBMITTED, text="Inskickad")
        self.assertNotContains(self.client.get(self.url), "Utgå från förra periodens text")
        response = self.post(start_from="period", text="Min egen text")
        self.assertContains(response, "Uppföljningen kan inte ändras längre.", status_code=400)
        self.assertContains(response, "Min egen text", status_code=400)
        self.assertEqual(FollowUp.objects.get(period=self.data["annual"]).text, "Inskickad")


class PreviousYearTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.manager("chef", cls.data)
        cls.goal = cls.data["goal"]
        cls.numeric, cls.milestone = cls.goal.measures.all()
        last_year = PlanYear.objects.create(organisation=cls.data["organisation"], year=2024)
        old_interim = Period.objects.create(plan_year=last_year, kind=PeriodKind.INTERIM, end_date=date(2024, 8, 31))
        Period.objects.create(plan_year=last_year, kind=PeriodKind.ANNUAL, end_date=date(2024, 12, 31))
        old_goal = factories.make_goal(last_year, unit=cls.data["units"][0], title="Förra årets mål")
        old_numeric = Measure.objects.create(
            goal=old_goal, text="Minst 20 000 elever", target_kind=TargetKind.NUMERIC, comparator="min", target_value=1
        )
        old_milestone = Measure.objects.create(goal=old_goal, text="Gammal milstolpe", target_kind=TargetKind.MILESTONE)
        cls.goal.predecessor = old_goal
        cls.goal.save()
        # Only the numeric mätetal continues; the milestone is new this year.
        Measure.objects.filter(pk=cls.numeric.pk).update(predecessor=old_numeric)
        follow_up(
            old_goal,
            old_interim,
            status="at_risk",
            state=State.APPROVED,
            text="Förra årets delår.",
            values={old_numeric: (12000, None, "Halvvägs"), old_milestone: (None, True, "Klar")},
        )
        cls.url = reverse("follow_up_edit", args=[cls.goal.pk, cls.data["interim"].pk])

    def setUp(self):
        self.client.login(username="chef", password=factories.PASSWORD)

    def test_the_form_offers_last_years_text_of_the_same_period_kind(self):
        page = self.client.get(self.url)
        self.assertContains(page, "Utgå från förra årets text")
        self.assertContains(page, "Delårsrapport 240831 (2024, godkänd)")

    def test_values_are_carried_only_for_mätetal_that_continue(self):
        response = self.client.post(
            self.url,
            {"text": "", "status": "", "version": "0", "start_from": "year", f"reached_{self.milestone.pk}": "no"},
        )
        self.assertContains(response, "Förra årets delår.</textarea>")
        self.assertContains(response, '<option value="at_risk" selected>')
        self.assertContains(response, f'name="value_{self.numeric.pk}" value="12 000"')
        self.assertContains(response, f'name="note_{self.numeric.pk}" value="Halvvägs"')
        # The new milestone keeps what the user had; last year's "Klar" is not carried.
        self.assertContains(response, '<option value="no" selected>Nej, inte uppnådd</option>')
        self.assertNotContains(response, 'value="Klar"')
        self.assertFalse(FollowUp.objects.filter(goal=self.goal).exists())

    def test_a_goal_without_a_predecessor_offers_nothing(self):
        self.goal.predecessor = None
        self.goal.save()
        self.assertNotContains(self.client.get(self.url), "Utgå från förra årets text")
