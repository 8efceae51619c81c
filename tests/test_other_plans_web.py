"""The illustrative plans of other shapes, used through the web as their users would."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, Goal, MeasureValue, Period, State
from goals.services import save_follow_up

DEMO_PASSWORD = "demo-losen-2023"


class DemoMixin:
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def goal(self, org, key):
        return Goal.objects.get(plan_year__organisation__slug=org, key=key)

    def interim(self, org):
        return Period.objects.get(plan_year__organisation__slug=org, kind="interim")


class FollowUpFormTests(DemoMixin, TestCase):
    def test_aktiviteter_with_parts_and_a_value_in_another_unit_are_filled_in_and_judged(self):
        goal, period = self.goal("exempelforbundet", "1.2"), self.interim("exempelforbundet")
        teachers, funds = goal.measures.all()
        url = reverse("follow_up_edit", args=[goal.pk, period.pk])
        self.client.login(username="chef-kompetenscentrum", password=DEMO_PASSWORD)
        page = self.client.get(url)
        self.assertContains(page, "Aktivitet/mätetal")
        self.assertContains(page, "Mål: cirka 3\u00a0000\u00a0tkr (±10\u00a0%)")
        response = self.client.post(
            url,
            {
                "version": "0",
                "status": "on_track",
                "text": "Fortbildningen pågår.",
                f"value_{teachers.pk}": "640",
                f"unit_{teachers.pk}": "pedagoger",
                f"value_{funds.pk}": "2,9",
                f"unit_{funds.pk}": "mnkr",
                "save": "1",
            },
        )
        self.assertRedirects(response, url)
        follow_up = FollowUp.objects.get(goal=goal, period=period)
        stored = {v.measure_id: (v.value, v.unit_label) for v in follow_up.values.all()}
        self.assertEqual(stored[funds.pk], (Decimal("2.9"), "mnkr"))
        page = self.client.get(url).content.decode()
        # 2,9 mnkr is 2 900 tkr: within 10 % of 3 000. The pedagoger cannot be compared with lärare.
        self.assertRegex(page, rf'(?s)data-outcome-for="{funds.pk}"[^>]*><span class="outcome outcome-met">')
        self.assertRegex(
            page, rf'(?s)data-outcome-for="{teachers.pk}"[^>]*>.*?outcome-not_measured.*?bedömt av en person'
        )

    def test_the_parts_of_a_mätetal_are_fields_of_their_own(self):
        goal, period = self.goal("exempelforbundet", "1.1"), self.interim("exempelforbundet")
        parts = goal.measures.get(key="a3")
        schools, preschools = parts.components.all()
        url = reverse("follow_up_edit", args=[goal.pk, period.pk])
        self.client.login(username="chef-upptackarhuset", password=DEMO_PASSWORD)
        self.client.post(
            url,
            {
                "version": "0",
                "status": "at_risk",
                "text": "Hösten återstår.",
                f"part_{parts.pk}_{schools.pk}": "22",
                f"part_{parts.pk}_{preschools.pk}": "11",
                "save": "1",
            },
        )
        values = {v.component_id: v.value for v in MeasureValue.objects.filter(measure=parts, follow_up__period=period)}
        self.assertEqual(values, {schools.pk: 22, preschools.pk: 11})
        page = self.client.get(url).content.decode()
        self.assertRegex(page, rf'(?s)data-outcome-for="{parts.pk}".*?skolor: <span class="outcome outcome-not_met">')

    def test_per_kon_without_kommun_and_per_dimension_are_grids(self):
        goal, period = self.goal("finsam-exempeldalen", "1"), self.interim("finsam-exempeldalen")
        self.client.login(username="chef-insatserna", password=DEMO_PASSWORD)
        by_gender = goal.measures.get(key="kon")
        url = reverse("breakdown", args=[goal.pk, period.pk, by_gender.pk])
        page = self.client.get(url)
        self.assertContains(page, "Hela förbundet")
        response = self.client.post(url, {"version": "0", "v_0_K": "98", "v_0_M": "71"})
        self.assertRedirects(response, url)
        stored = {v.gender: v.value for v in MeasureValue.objects.filter(measure=by_gender, follow_up__period=period)}
        self.assertEqual(stored, {"K": 98, "M": 71, "T": 169})

        per_insats = goal.measures.get(key="progression")
        items = list(per_insats.dimension.items.all())
        url = reverse("breakdown", args=[goal.pk, period.pk, per_insats.pk])
        version = FollowUp.objects.get(goal=goal, period=period).version
        self.assertRedirects(
            self.client.post(url, {"version": version, f"v_{items[0].pk}_X": "40", f"v_{items[1].pk}_X": "30"}), url
        )
        page = self.client.get(url)
        self.assertContains(page, "Insats")
        self.assertContains(page, "Förbundet, medelvärde")
        self.assertContains(page, "35\u00a0%")

    def test_the_kansli_of_one_förbund_cannot_reach_anothers_goals(self):
        goal, period = self.goal("finsam-exempeldalen", "1"), self.interim("finsam-exempeldalen")
        self.client.login(username="kansli-exempel", password=DEMO_PASSWORD)
        self.assertEqual(self.client.get(reverse("follow_up_edit", args=[goal.pk, period.pk])).status_code, 404)
        self.client.login(username="chef-upptackarhuset", password=DEMO_PASSWORD)
        self.assertEqual(self.client.get(reverse("follow_up_edit", args=[goal.pk, period.pk])).status_code, 404)

    def test_a_heading_goal_that_is_not_followed_up_has_no_form(self):
        focus_area = Goal.objects.get(plan_year__organisation__slug="borasregionen", plan_year__year=2023, key="fa1")
        period = Period.objects.get(plan_year__organisation__slug="borasregionen", plan_year__year=2023, kind="interim")
        self.client.login(username="kansli", password=DEMO_PASSWORD)
        self.assertEqual(self.client.get(reverse("follow_up_edit", args=[focus_area.pk, period.pk])).status_code, 404)

    def test_an_inriktningsmål_is_proposed_from_its_strategier(self):
        period = self.interim("exempelforbundet")
        for key in ("1.1", "1.2"):
            goal = self.goal("exempelforbundet", key)
            save_follow_up(
                goal=goal,
                period=period,
                user=None,
                status="on_track",
                text="x",
                values={},
                expected_version=0,
                submit=False,
            )
        goal = self.goal("exempelforbundet", "1")
        self.client.login(username="kansli-exempel", password=DEMO_PASSWORD)
        page = self.client.get(reverse("follow_up_edit", args=[goal.pk, period.pk]))
        self.assertContains(page, '<strong class="proposal-status">Pågår enligt plan</strong>', html=False)
        self.assertContains(page, "(2 av 2 uppnådda)")


class ReadersAndKanslietTests(DemoMixin, TestCase):
    def test_the_läsare_sees_values_and_judgements_on_the_plan_page(self):
        self.client.login(username="lasare-exempel", password=DEMO_PASSWORD)
        annual = Period.objects.get(plan_year__organisation__slug="exempelforbundet", kind="annual")
        page = self.client.get(reverse("plan", args=["exempelforbundet", 2024]), {"period": annual.pk})
        content = page.content.decode()
        self.assertContains(page, "Inriktningsmål:")
        self.assertRegex(
            content, r"(?s)Minst 300 besökare på öppet hus.*?214 besökare.*?Genomfört – 214 besökare.*?outcome-not_met"
        )
        self.assertContains(page, "Bedömningen avviker från vad mätetalen visar (förslag: Delvis uppnått).")
        # The ranking per kommun as the chapter prints it, last year beside this year.
        self.assertRegex(content, r'(?s)<th scope="row">Åsby</th><td class="num">112</td><td class="num">150</td>')
        self.assertContains(page, "Forsa (adjungerad)")
        self.client.login(username="lasare", password=DEMO_PASSWORD)
        self.assertEqual(self.client.get(reverse("plan", args=["exempelforbundet", 2024])).status_code, 404)

    def test_the_overview_counts_and_lists_statuses_against_their_figures(self):
        annual = Period.objects.get(plan_year__organisation__slug="exempelforbundet", kind="annual")
        self.client.login(username="kansli-exempel", password=DEMO_PASSWORD)
        response = self.client.get(reverse("overview_period", args=["exempelforbundet", annual.pk]))
        rows = {row["unit__name"]: row["disagreeing"] for row in response.context["shown"][0].rows}
        self.assertEqual(rows["Upptäckarhuset science center"], 1)
        # The count links to exactly the follow-ups that go against their figures.
        upptackarhuset = next(
            r for r in response.context["shown"][0].rows if r["unit__name"] == "Upptäckarhuset science center"
        )
        listed = self.client.get(upptackarhuset["links"]["disagreeing"])
        self.assertEqual(len(listed.context["table"].rows), 1)
        self.assertEqual(rows["Näringslivsenheten"], 1)
        self.assertContains(response, "Bedömningar som avviker från mätetalen")
        self.assertContains(response, "Uppnått, mätetalen visar Delvis uppnått")

    def test_submitting_a_status_against_the_figures_is_flagged_in_the_review_list(self):
        goal, period = self.goal("exempelforbundet", "3.1"), self.interim("exempelforbundet")
        measure = goal.measures.get()
        from goals.services import CellData, main_cell

        save_follow_up(
            goal=goal,
            period=period,
            user=None,
            status="on_track",
            text="Vi tar igen det under hösten.",
            status_reason="Fler möten digitalt under hösten.",
            values={main_cell(measure.pk): CellData(value=25000)},
            expected_version=0,
            submit=True,
            as_kansli=True,
        )
        follow_up = FollowUp.objects.get(goal=goal, period=period)
        self.assertEqual(follow_up.state, State.SUBMITTED)
        self.client.login(username="kansli-exempel", password=DEMO_PASSWORD)
        response = self.client.get(reverse("overview_period", args=["exempelforbundet", period.pk]))
        self.assertIn(follow_up.pk, response.context["shown"][0].disagreeing)
        self.assertContains(response, "Avviker från mätetalen")
