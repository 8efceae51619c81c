"""The plan's own rules: no links across years or organisations, targets complete, services check."""

from django.core.exceptions import ValidationError
from django.test import TestCase

from goals.models import Dimension, Goal, Measure, PlanYear, TargetKind
from goals.planning import services
from goals.planning.measure_forms import MeasureForm

from . import factories


class CrossYearModelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.old = factories.plan(year=2024)
        cls.year = PlanYear.objects.create(organisation=cls.old["organisation"], year=2025)
        cls.level = factories.make_level(cls.year, table_rows=True)
        cls.goal = factories.make_goal(cls.year, title="Nytt mål")
        cls.other = factories.plan(slug="annat", year=2023)

    def assert_refused(self, obj, field, message):
        with self.assertRaises(ValidationError) as caught:
            obj.full_clean()
        self.assertIn(message, caught.exception.message_dict[field])

    def test_a_goal_cannot_use_another_years_level_or_parent(self):
        old_goal = self.old["goal"]
        self.assert_refused(
            Goal(plan_year=self.year, level=old_goal.level, title="x"), "level", "Nivån hör till ett annat år än målet."
        )
        self.assert_refused(
            Goal(plan_year=self.year, level=self.level, parent=old_goal, title="x"),
            "parent",
            "Målet ovanför hör till ett annat år.",
        )

    def test_a_goals_predecessor_must_be_earlier_and_its_unit_the_organisations(self):
        later = PlanYear.objects.create(organisation=self.old["organisation"], year=2026)
        later_goal = factories.make_goal(later)
        self.assert_refused(
            Goal(plan_year=self.year, level=self.level, predecessor=later_goal, title="x"),
            "predecessor",
            "Föregående års mål måste höra till ett tidigare år.",
        )
        self.assert_refused(
            Goal(plan_year=self.year, level=self.level, unit=self.other["units"][0], title="x"),
            "unit",
            "Enheten hör till en annan organisation.",
        )
        Goal(plan_year=self.year, level=self.level, predecessor=self.old["goal"], title="x").full_clean()

    def test_a_measures_predecessor_must_be_an_earlier_year_of_the_same_organisation(self):
        same_year = Measure.objects.create(goal=self.goal, text="Ett mätetal")
        self.assert_refused(
            Measure(goal=self.goal, text="x", predecessor=same_year),
            "predecessor",
            "Föregående års mätetal måste höra till ett tidigare år.",
        )
        self.assert_refused(
            Measure(goal=self.goal, text="x", predecessor=self.other["goal"].measures.first()),
            "predecessor",
            "Föregående års mätetal hör till en annan organisation.",
        )
        Measure(goal=self.goal, text="x", predecessor=self.old["goal"].measures.first()).full_clean()

    def test_a_measures_dimension_belongs_to_its_organisation(self):
        foreign = Dimension.objects.create(organisation=self.other["organisation"], key="delregion", name="Delregion")
        self.assert_refused(
            Measure(goal=self.goal, text="x", breakdown="dimension", dimension=foreign),
            "dimension",
            "Indelningen hör till en annan organisation.",
        )

    def test_services_check_every_save(self):
        goal = Goal(plan_year=self.year, level=self.level, parent=self.old["goal"], title="Via tjänsten")
        with self.assertRaises(ValidationError):
            services.save_goal(goal)
        self.assertFalse(Goal.objects.filter(title="Via tjänsten").exists())
        measure = Measure(goal=self.goal, text="Utan målvärde", target_kind=TargetKind.NUMERIC, comparator="min")
        with self.assertRaises(ValidationError) as caught:
            services.save_measure(measure)
        self.assertEqual(
            caught.exception.message_dict["target_value"],
            ["Ett mätetal med talmål behöver både jämförelse och målvärde."],
        )


class MeasureFormMessageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()

    def form(self, **data):
        values = {"text": "Minst 500 deltagare", "target_kind": "numeric", "direction": "higher"}
        values.update({"breakdown": "none", "aggregation": "sum", **data})
        return MeasureForm(values, instance=Measure(goal=self.data["goal"]))

    def test_each_constraint_is_a_swedish_field_error_and_said_once(self):
        cases = [
            ({}, "comparator", "Ett mätetal med talmål behöver en jämförelse (minst, högst, mellan …)."),
            ({"comparator": "min"}, "target_value", "Ett mätetal med talmål behöver både jämförelse och målvärde."),
            ({"comparator": "between", "target_value": "10"}, "target_high", "”Mellan” behöver en övre gräns."),
            (
                {"comparator": "between", "target_value": "10", "target_high": "5"},
                "target_high",
                "Den övre gränsen måste vara minst lika stor som den lägre.",
            ),
            ({"comparator": "approx", "target_value": "10"}, "tolerance", "”Cirka” behöver en tolerans, t.ex. 10 %."),
            ({"breakdown": "dimension"}, "dimension", "Uppdelning per egen indelning behöver en indelning."),
        ]
        for data, field, message in cases:
            with self.subTest(field=field):
                form = self.form(**({"comparator": "min", "target_value": "1"} if field == "dimension" else {}), **data)
                self.assertFalse(form.is_valid())
                self.assertEqual(form.errors[field], [message])
                self.assertNotIn("__all__", form.errors)
                self.assertNotIn("Begränsningen", str(form.errors))

    def test_a_complete_minst_target_is_valid_with_a_swedish_number(self):
        form = self.form(comparator="min", target_value="1 500,5", unit_label="deltagare")
        self.assertTrue(form.is_valid(), form.errors)
        self.assertEqual(str(form.cleaned_data["target_value"]), "1500.50")


class TargetWithoutKindTests(TestCase):
    def test_a_comparison_under_no_kind_is_refused_not_dropped(self):
        from goals.models import Measure
        from goals.models.measures import target_problems

        data = factories.plan()
        measure = Measure(goal=data["goal"], text="Minst 500 deltagare", comparator="min", target_value=500)
        self.assertIn("Välj slaget Tal", target_problems(measure)["target_kind"])
        with self.assertRaises(ValidationError) as refused:
            measure.full_clean()
        self.assertIn("target_kind", refused.exception.message_dict)
        measure.target_kind = "numeric"
        measure.full_clean()
