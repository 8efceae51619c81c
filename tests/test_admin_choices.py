"""The admin's choice lists follow the plan year; cross-year links are refused in Swedish."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from goals.models import Dimension, Goal, Measure, PlanYear, TextSection

from . import factories


class AdminYearChoicesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan(slug="vart", year=2025)
        organisation = cls.data["organisation"]
        cls.old_year = PlanYear.objects.create(organisation=organisation, year=2023)
        cls.old_level = factories.make_level(cls.old_year, name="Fokusområde")
        cls.old_goal = factories.make_goal(cls.old_year, title="Förra planens mål", key="2.1")
        cls.old_measure = Measure.objects.create(goal=cls.old_goal, text="Förra årets mätetal")
        cls.later_year = PlanYear.objects.create(organisation=organisation, year=2026)
        cls.later_goal = factories.make_goal(cls.later_year, title="Nästa års mål")
        cls.theirs = factories.plan(slug="deras", year=2024)
        cls.their_measure = cls.theirs["goal"].measures.first()
        cls.dimension = Dimension.objects.create(organisation=organisation, key="delregion", name="Delregion")
        Dimension.objects.create(organisation=cls.theirs["organisation"], key="delregion", name="Deras indelning")
        factories.kansli("kansli", cls.data)
        factories.kansli("deras-kansli", cls.theirs)

    def setUp(self):
        self.client.login(username="kansli", password=factories.PASSWORD)

    def form(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return response.context["adminform"].form

    def labels(self, field):
        return [label for value, label in field.choices if value != ""]

    def test_a_goals_choices_are_its_own_years_and_predecessors_earlier_years(self):
        goal = self.data["goal"]
        form = self.form(f"/admin/goals/goal/{goal.pk}/change/")
        self.assertEqual({g.plan_year_id for g in form.fields["parent"].queryset}, {goal.plan_year_id})
        self.assertEqual({lv.plan_year_id for lv in form.fields["level"].queryset}, {goal.plan_year_id})
        self.assertEqual(list(form.fields["predecessor"].queryset), [self.old_goal])
        self.assertEqual(self.labels(form.fields["predecessor"]), ["2023 · 2.1 Förra planens mål"])
        self.assertEqual(set(form.fields["unit"].queryset), set(self.data["units"]))

    def test_the_add_page_offers_our_organisations_choices_labelled_with_the_year(self):
        form = self.form("/admin/goals/goal/add/")
        organisations = {g.plan_year.organisation_id for g in form.fields["parent"].queryset}
        self.assertEqual(organisations, {self.data["organisation"].pk})
        self.assertIn("2023 · Fokusområde", self.labels(form.fields["level"]))
        self.assertIn("2026 · Nästa års mål", self.labels(form.fields["parent"]))
        self.assertNotIn(self.theirs["goal"], form.fields["predecessor"].queryset)

    def test_a_measures_choices_follow_its_goals_year(self):
        measure = self.data["goal"].measures.first()
        form = self.form(f"/admin/goals/measure/{measure.pk}/change/")
        self.assertEqual({g.plan_year_id for g in form.fields["goal"].queryset}, {self.data["plan_year"].pk})
        self.assertEqual(list(form.fields["predecessor"].queryset), [self.old_measure])
        self.assertEqual(self.labels(form.fields["predecessor"]), ["2023 · Förra årets mätetal"])
        self.assertEqual(list(form.fields["dimension"].queryset), [self.dimension])

    def test_the_measure_add_page_is_limited_to_our_organisation_and_says_the_year(self):
        form = self.form("/admin/goals/measure/add/")
        self.assertNotIn(self.their_measure, form.fields["predecessor"].queryset)
        self.assertIn("2023 · Förra årets mätetal", self.labels(form.fields["predecessor"]))
        self.assertIn("2026 · Nästa års mål", self.labels(form.fields["goal"]))

    def test_a_texts_goal_and_period_are_of_its_year(self):
        text = TextSection.objects.create(plan_year=self.data["plan_year"], section="goals", kind="intro", body="x")
        form = self.form(f"/admin/goals/textsection/{text.pk}/change/")
        self.assertEqual({g.plan_year_id for g in form.fields["node"].queryset}, {self.data["plan_year"].pk})
        self.assertEqual({p.plan_year_id for p in form.fields["period"].queryset}, {self.data["plan_year"].pk})

    def test_a_goal_inline_measures_dimension_is_of_the_organisation(self):
        response = self.client.get(f"/admin/goals/goal/{self.data['goal'].pk}/change/")
        formset = response.context["inline_admin_formsets"][0].formset
        self.assertEqual(list(formset.forms[0].fields["dimension"].queryset), [self.dimension])

    def goal_post(self, goal, **changes):
        fields = {
            "plan_year": goal.plan_year_id,
            "level": goal.level_id,
            "parent": "",
            "key": goal.key,
            "kind": goal.kind,
            "title": goal.title,
            "description": "",
            "unit": goal.unit_id or "",
            "owner_label": "",
            "assessment_rule": goal.assessment_rule,
            "required_met": "",
            "predecessor": "",
            "order": goal.order,
            "measures-TOTAL_FORMS": "0",
            "measures-INITIAL_FORMS": "0",
        }
        fields.update(changes)
        return fields

    def test_a_cross_year_predecessor_posted_anyway_is_refused_in_swedish(self):
        goal = self.data["goal"]
        response = self.client.post(
            f"/admin/goals/goal/{goal.pk}/change/",
            self.goal_post(goal, predecessor=self.later_goal.pk, title="Ny titel behålls"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Välj ett giltigt alternativ")
        self.assertContains(response, "Ny titel behålls")
        goal.refresh_from_db()
        self.assertIsNone(goal.predecessor_id)
        self.assertEqual(goal.title, "Minst 25 000 elever på teman")

    def test_a_new_goal_with_another_years_level_is_refused_by_the_model(self):
        goal = Goal(plan_year=self.data["plan_year"], level=self.old_level, title="Ny")
        response = self.client.post(
            "/admin/goals/goal/add/",
            self.goal_post(goal, title="Nytt mål", key="9.9", order="5", assessment_rule="all", kind="goal"),
        )
        self.assertContains(response, "Nivån hör till ett annat år än målet.")
        self.assertFalse(Goal.objects.filter(key="9.9").exists())

    def test_the_predecessor_must_be_of_the_same_organisation(self):
        goal = self.data["goal"]
        goal.predecessor = self.theirs["goal"]
        goal.plan_year.year = 2025
        with self.assertRaisesMessage(ValidationError, "Föregående års mål hör till en annan organisation."):
            goal.full_clean()

    def test_another_forbunds_kansli_cannot_open_our_goal(self):
        self.client.login(username="deras-kansli", password=factories.PASSWORD)
        response = self.client.get(f"/admin/goals/goal/{self.data['goal'].pk}/change/")
        self.assertEqual(response.status_code, 302)  # the admin sends a missing object to its index
        form = self.form("/admin/goals/goal/add/")
        self.assertNotIn(self.old_goal, form.fields["predecessor"].queryset)

    def test_a_follow_ups_periods_are_of_its_goals_year(self):
        from goals.models import FollowUp, Period

        Period.objects.create(plan_year=self.old_year, kind="annual", end_date="2023-12-31")
        follow_up = FollowUp.objects.create(goal=self.data["goal"], period=self.data["interim"], text="x")
        form = self.form(f"/admin/goals/followup/{follow_up.pk}/change/")
        self.assertEqual({p.plan_year_id for p in form.fields["period"].queryset}, {self.data["plan_year"].pk})


class AccountsAndYearFilterScopeTests(TestCase):
    """A kansli user's admin names only its own förbund's accounts and years."""

    def test_the_author_choices_and_the_year_filter_stay_in_the_forbund(self):
        from goals.models import FollowUp

        ours = factories.plan()
        theirs = factories.plan(slug="annat", year=2031)
        factories.kansli("kansli", ours)
        factories.manager("var-chef", ours)
        factories.manager("deras-chef", theirs)
        follow_up = FollowUp.objects.create(goal=ours["goal"], period=ours["interim"], text="x")
        self.client.login(username="kansli", password=factories.PASSWORD)
        page = self.client.get(f"/admin/goals/followup/{follow_up.pk}/change/")
        choices = [str(user) for user in page.context["adminform"].form.fields["author"].queryset]
        self.assertIn("var-chef", choices)
        self.assertNotIn("deras-chef", choices)
        changelist = self.client.get("/admin/goals/goal/")
        self.assertContains(changelist, "?plan_year__year=2025")
        self.assertNotContains(changelist, "2031")
