from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, Goal, Measure, MeasureValue, Period, PlanYear, State

from . import factories


class CopyPlanViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        factories.kansli("kansli", cls.data)
        factories.manager("chef", cls.data)
        follow_up = FollowUp.objects.create(
            goal=cls.data["goal"], period=cls.data["annual"], state=State.APPROVED, status="achieved", text="Klart"
        )
        MeasureValue.objects.create(follow_up=follow_up, measure=cls.data["goal"].measures.first(), value=27531)
        cls.url = reverse("planning_start", args=["forbundet"])

    @staticmethod
    def start(year, goals):
        """The copy as Planera's start page posts it, with the proposed periods left as they are."""
        return {
            "year": str(year),
            "mode": "copy",
            "goals": goals,
            "measures": "on",
            "texts": "on",
            "period-TOTAL_FORMS": "2",
            "period-INITIAL_FORMS": "2",
            "period-0-kind": "interim",
            "period-0-end_date": f"{year}-08-31",
            "period-1-kind": "annual",
            "period-1-end_date": f"{year}-12-31",
        }

    def test_kansliet_copies_the_chosen_goals_to_next_year(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertContains(self.client.get(self.url), 'value="2026"')
        chosen = [self.data["goal"].pk, self.data["common_goal"].pk]
        response = self.client.post(self.url, self.start(2026, chosen))
        self.assertRedirects(response, reverse("planning_year", args=["forbundet", 2026]))
        new_year = PlanYear.objects.get(year=2026)
        self.assertEqual(set(new_year.goals.values_list("predecessor", flat=True)), set(chosen))
        self.assertFalse(FollowUp.objects.filter(goal__plan_year=new_year).exists())
        copied = new_year.goals.get(predecessor=self.data["goal"]).measures.get(text="Minst 25 000 elever")
        self.assertEqual(
            (copied.comparator, copied.target_value, copied.predecessor.goal_id), ("min", 25000, self.data["goal"].pk)
        )
        self.assertEqual(sorted(p.end_date.isoformat() for p in new_year.periods.all()), ["2026-08-31", "2026-12-31"])

    def test_last_years_value_is_the_baseline_in_the_first_follow_up(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.client.post(self.url, self.start(2026, [self.data["goal"].pk]))
        period = Period.objects.get(plan_year__year=2026, kind="interim")
        period.is_open = True
        period.save()
        goal = Goal.objects.get(plan_year__year=2026)
        self.client.login(username="chef", password=factories.PASSWORD)
        page = self.client.get(reverse("follow_up_edit", args=[goal.pk, period.pk]))
        self.assertContains(page, "Föregående (2025): 27\u00a0531\u00a0elever")

    def test_a_baseline_written_in_last_years_plan_is_not_carried_two_years_on(self):
        Measure.objects.filter(goal=self.data["goal"]).update(previous_label="2024", previous_value=20000)
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.client.post(self.url, self.start(2026, [self.data["goal"].pk]))
        copied = Measure.objects.filter(goal__plan_year__year=2026)
        self.assertEqual(copied.count(), 2)
        self.assertEqual(set(copied.values_list("previous_label", "previous_value")), {("", None)})
        self.assertEqual({m.predecessor.goal_id for m in copied}, {self.data["goal"].pk})

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_an_enhetschef_gets_404(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertEqual(self.client.post(self.url, self.start(2026, [self.data["goal"].pk])).status_code, 404)
        self.assertFalse(PlanYear.objects.filter(year=2026).exists())

    def test_an_earlier_year_or_no_goals_is_refused(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.post(self.url, self.start(2024, []))
        self.assertContains(response, "Välj ett senare år än 2025.", status_code=400)
        self.assertContains(response, "Välj minst ett mål eller uppdrag att föra över.", status_code=400)
        self.assertEqual(PlanYear.objects.count(), 1)


class CopyPlanCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_the_2023_plan_copied_to_2024_is_ready_for_its_first_follow_up(self):
        out = StringIO()
        call_command("copy_plan", "--org", "borasregionen", "--from", "2023", "--to", "2024", stdout=out)
        self.assertIn("Kopierade 29 mål, varav 24 som följs upp", out.getvalue())
        plan_2024 = PlanYear.objects.get(organisation__slug="borasregionen", year=2024)
        survey = plan_2024.goals.get(title__startswith="Årlig enkät").measures.get(text__startswith="Minst 85 %")
        self.assertEqual(survey.predecessor.values.get(category="").value, 94)
        self.assertEqual(
            Measure.objects.filter(goal__plan_year=plan_2024).count(),
            Measure.objects.filter(goal__plan_year__year=2023).count(),
        )
        self.assertEqual(plan_2024.goals.filter(level__key="fokusomrade").count(), 5)
        self.assertEqual(list(plan_2024.levels.values_list("name", flat=True)), ["Fokusområde", "Mål/uppdrag"])
        # The copy keeps the goals' keys, so files of both years link them.
        self.assertEqual(
            set(plan_2024.goals.values_list("key", flat=True)),
            set(PlanYear.objects.get(year=2023).goals.values_list("key", flat=True)),
        )

    def test_copying_onto_an_existing_year_is_refused(self):
        with self.assertRaisesMessage(CommandError, "har redan ett verksamhetsår 2023"):
            call_command("copy_plan", "--org", "borasregionen", "--from", "2021", "--to", "2023", stdout=StringIO())
