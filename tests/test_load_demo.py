import json
from collections import Counter
from decimal import Decimal
from io import StringIO
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from goals.interchange import export_document
from goals.models import (
    Breakdown,
    FollowUp,
    Goal,
    GoalKind,
    Measure,
    MeasureValue,
    Membership,
    Period,
    PlanYear,
    Role,
    TargetKind,
    Unit,
)

ROOT = Path(__file__).resolve().parents[1]


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_both_years_and_the_two_illustrative_plans_are_loaded(self):
        self.assertEqual(
            sorted(PlanYear.objects.values_list("organisation__slug", "year")),
            [
                ("borasregionen", 2021),
                ("borasregionen", 2023),
                ("borasregionen", 2026),
                ("exempelforbundet", 2024),
                ("finsam-exempeldalen", 2024),
            ],
        )

    def test_every_organisation_has_its_own_kansli_and_läsare_and_a_chef_per_unit(self):
        from goals.models import Membership, Unit

        for username, slug in [
            ("kansli", "borasregionen"),
            ("kansli-exempel", "exempelforbundet"),
            ("kansli-finsam", "finsam-exempeldalen"),
        ]:
            self.assertTrue(
                Membership.objects.filter(user__username=username, organisation__slug=slug, role="kansli").exists()
            )
        for unit in Unit.objects.all():
            self.assertTrue(
                Membership.objects.filter(user__username=f"chef-{unit.slug}", unit=unit, role="manager").exists()
            )

    def test_every_demo_login_with_a_unit_has_an_open_period_or_a_year_to_read(self):
        from goals.models import Period, Unit

        open_orgs = set(Period.objects.filter(is_open=True).values_list("plan_year__organisation__slug", flat=True))
        self.assertEqual(open_orgs, {"borasregionen", "exempelforbundet", "finsam-exempeldalen"})
        self.assertTrue(all(u.organisation.slug in open_orgs for u in Unit.objects.select_related("organisation")))

    def test_running_it_again_changes_nothing(self):
        before = (Goal.objects.count(), FollowUp.objects.count())
        out = StringIO()
        call_command("load_demo", stdout=out)
        self.assertEqual((Goal.objects.count(), FollowUp.objects.count()), before)
        self.assertIn("finns redan", out.getvalue())
        self.assertIn("chef-navet", out.getvalue())

    def test_2023_has_the_17_goals_of_4_3_with_15_achieved_and_2_partially(self):
        goals = Goal.objects.filter(plan_year__year=2023, kind=GoalKind.GOAL, level__table_rows=True)
        self.assertEqual(goals.count(), 17)
        statuses = Counter(FollowUp.objects.filter(goal__in=goals).values_list("status", flat=True))
        self.assertEqual(statuses, {"achieved": 15, "partially_achieved": 2})

    def test_2023_has_five_grunduppdrag_and_two_financial_goals(self):
        goals = Goal.objects.filter(plan_year__year=2023)
        self.assertEqual(goals.filter(kind=GoalKind.BASE_MISSION).count(), 5)
        self.assertEqual(goals.filter(kind=GoalKind.FINANCIAL).count(), 2)

    def test_the_network_survey_is_data(self):
        survey = Goal.objects.get(plan_year__year=2023, title__startswith="Årlig enkät")
        question = survey.measures.get(text__startswith="Hur nöjd är du")
        values = {v.category: v.value for v in question.values.all()}
        self.assertEqual(values, {"Instämmer i mycket hög grad": 38, "Instämmer i hög grad": 56, "": 94})
        self.assertEqual(question.previous_value, 93)

    def test_the_finished_years_are_closed_and_2026s_årsbokslut_is_open(self):
        open_periods = Period.objects.filter(is_open=True, plan_year__organisation__slug="borasregionen")
        self.assertEqual([(p.plan_year.year, p.kind) for p in open_periods], [(2026, "annual")])
        self.assertFalse(Period.objects.get(plan_year__year=2023, kind="interim").follow_ups.exists())

    def test_2021_has_seven_fokusomraden_and_the_appendix_chapters(self):
        plan_year = PlanYear.objects.get(organisation__slug="borasregionen", year=2021)
        titles = list(plan_year.goals.filter(level__key="fokusomrade").values_list("title", flat=True))
        self.assertIn("Säkerställa nödvändig kunskap och kompetens", titles)
        self.assertIn("Utveckla samverkan för en god och effektiv vård och omsorg", titles)
        appendix_units = set(plan_year.goals.filter(appendix=True).values_list("unit__slug", flat=True))
        self.assertEqual(appendix_units, {"dataskyddsombud", "medarbetarcentrum", "navet"})
        navet = plan_year.goals.filter(unit__slug="navet")
        self.assertEqual(navet.count(), 8)
        self.assertTrue(navet.filter(measures__text="Minst 15 000 elever på Navet-teman").exists())

    def test_the_2023_export_holds_every_goal_title_and_follow_up_text(self):
        out = StringIO()
        call_command("export_plan", "--org", "borasregionen", "--year", "2023", stdout=out)
        exported = json.loads(out.getvalue())
        self.assertEqual(exported, export_document(PlanYear.objects.get(organisation__slug="borasregionen", year=2023)))
        text = out.getvalue()
        for goal in Goal.objects.filter(plan_year__year=2023):
            self.assertIn(json.dumps(goal.title, ensure_ascii=False), text)
        for follow_up in FollowUp.objects.filter(goal__plan_year__year=2023):
            self.assertTrue(follow_up.text)
            self.assertIn(json.dumps(follow_up.text, ensure_ascii=False), text)
        self.assertIn("Skapa förutsättningar för hållbar samhällsplanering", text)
        self.assertIn("Målet är uppnått.", text)


class LoadDemoRefusalTests(TestCase):
    def test_a_database_with_a_real_organisation_is_left_alone(self):
        from django.core.management.base import CommandError

        from goals.models import Organisation

        Organisation.objects.create(slug="sjuharad", name="Ett riktigt förbund")
        with self.assertRaisesMessage(CommandError, "Läser inte in demodata i en databas med riktiga organisationer"):
            call_command("load_demo", stdout=StringIO())
        self.assertFalse(PlanYear.objects.exists())

        out = StringIO()
        call_command("load_demo", "--skip-if-refused", stdout=out)  # what bin/run does
        self.assertIn("Läser inte in demodata", out.getvalue())
        self.assertFalse(PlanYear.objects.exists())

        call_command("load_demo", "--force", stdout=StringIO())
        self.assertTrue(PlanYear.objects.filter(organisation__slug="borasregionen").exists())

    def test_production_is_refused_and_forced_accounts_have_no_known_password(self):
        from django.contrib.auth import get_user_model
        from django.core.management.base import CommandError
        from django.test import override_settings

        from goals.management.commands.load_demo import DEMO_PASSWORD

        with override_settings(PRODUCTION=True):
            with self.assertRaisesMessage(CommandError, "produktionsläge"):
                call_command("load_demo", stdout=StringIO())
            self.assertFalse(PlanYear.objects.exists())
            out = StringIO()
            call_command("load_demo", "--force", stdout=out)
        self.assertNotIn(DEMO_PASSWORD, out.getvalue())
        kansli = get_user_model().objects.get(username="kansli")
        self.assertFalse(kansli.has_usable_password())
        self.assertFalse(self.client.login(username="kansli", password=DEMO_PASSWORD))


class DemoOpenPeriodTests(TestCase):
    """The demo's open period gives every enhetschef something to write, with every kind of mätetal."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        cls.open_measures = Measure.objects.filter(goal__plan_year__periods__is_open=True, goal__unit__isnull=False)

    def test_every_demo_enhetschef_has_goals_to_write_on_mina_mal(self):
        managers = Membership.objects.filter(role=Role.MANAGER).select_related("user", "unit")
        self.assertEqual(managers.count(), 12)
        for membership in managers:
            with self.subTest(chef=membership.user.username):
                goals = Goal.objects.filter(unit=membership.unit, plan_year__periods__is_open=True).distinct()
                self.assertTrue(goals.exists())
                period = Period.objects.get(plan_year=goals.first().plan_year, is_open=True)
                self.client.force_login(membership.user)
                page = self.client.get(reverse("my_goals"))
                self.assertNotContains(page, "Det finns ingen öppen uppföljningsperiod")
                for goal in goals:
                    self.assertContains(page, reverse("follow_up_edit", args=[goal.pk, period.pk]))

    def test_the_open_period_has_every_kind_of_mätetal_on_units_goals(self):
        boras = self.open_measures.filter(goal__plan_year__organisation__slug="borasregionen")
        self.assertTrue(boras.filter(target_kind=TargetKind.NUMERIC, breakdown=Breakdown.NONE).exists())
        self.assertTrue(boras.filter(breakdown=Breakdown.MUNICIPALITY, kpi="").exists())
        self.assertTrue(boras.filter(breakdown=Breakdown.MUNICIPALITY_GENDER).exists())
        self.assertTrue(boras.filter(breakdown=Breakdown.GENDER).exists())
        self.assertTrue(boras.filter(breakdown=Breakdown.CATEGORY).exists())
        self.assertTrue(boras.filter(breakdown=Breakdown.MUNICIPALITY).exclude(kpi="").exists())
        self.assertTrue(boras.filter(target_kind=TargetKind.MILESTONE).exists())
        # Every unit of Boråsregionen has a mätetal of its own to fill in.
        self.assertEqual(
            set(boras.values_list("goal__unit__slug", flat=True)),
            set(Unit.objects.filter(organisation__slug="borasregionen").values_list("slug", flat=True)),
        )

    def test_the_survey_and_the_per_kommun_grids_open_for_their_chefs(self):
        survey = self.open_measures.filter(breakdown=Breakdown.CATEGORY).select_related("goal__unit").first()
        grid = self.open_measures.filter(breakdown=Breakdown.MUNICIPALITY_GENDER).select_related("goal__unit").first()
        for measure, url_name, args in [
            (survey, "survey", []),
            (grid, "breakdown", [grid.pk]),
        ]:
            with self.subTest(url=url_name):
                period = Period.objects.get(plan_year=measure.goal.plan_year, is_open=True)
                self.client.force_login(get_user_model().objects.get(username=f"chef-{measure.goal.unit.slug}"))
                page = self.client.get(reverse(url_name, args=[measure.goal_id, period.pk, *args]))
                self.assertEqual(page.status_code, 200)

    def test_the_delår_text_is_there_to_start_the_årsbokslut_from(self):
        goal = Goal.objects.get(plan_year__year=2026, unit__slug="navet")
        annual = Period.objects.get(plan_year__year=2026, kind="annual")
        self.client.force_login(get_user_model().objects.get(username="chef-navet"))
        page = self.client.get(reverse("follow_up_edit", args=[goal.pk, annual.pk]))
        self.assertContains(page, "Utgå från en tidigare text")
        self.assertContains(page, 'name="start_from"')

    def test_the_sample_kolada_file_in_docs_imports_into_the_open_year(self):
        out = StringIO()
        call_command("import_values", str(ROOT / "docs" / "kolada-exempel.csv"), "--org", "borasregionen", stdout=out)
        self.assertIn("Importerade 8 värden", out.getvalue())
        measure = self.open_measures.exclude(kpi="").get()
        values = MeasureValue.objects.filter(measure=measure, follow_up__period__kind="annual")
        self.assertEqual(values.count(), 8)
        self.assertEqual(values.get(municipality__code="1490").value, Decimal("5.3"))

    def test_the_2026_plan_continues_2023s_goals(self):
        continued = Goal.objects.filter(plan_year__year=2026, predecessor__plan_year__year=2023)
        self.assertEqual(continued.count(), 29)
        survey = Measure.objects.get(goal__plan_year__year=2026, text__startswith="Minst 85 %")
        self.assertEqual(survey.predecessor.goal.plan_year.year, 2023)
