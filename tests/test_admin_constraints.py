"""A rule broken in the admin is explained in the model's Swedish words, never by its name."""

from django.test import TestCase

from goals.models import Measure

from . import factories


class AdminConstraintMessageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan(slug="vart")
        cls.theirs = factories.plan(slug="deras")
        factories.kansli("kansli", cls.data)
        factories.kansli("deras-kansli", cls.theirs)
        cls.measure = Measure.objects.get(goal=cls.data["goal"], order=0)

    def setUp(self):
        self.client.login(username="kansli", password=factories.PASSWORD)

    def measure_post(self, **changes):
        fields = {
            "goal": self.measure.goal_id,
            "key": "",
            "text": "Minst 25 000 elever, ändrad",
            "target_kind": "numeric",
            "comparator": "min",
            "target_value": "25000",
            "target_high": "",
            "tolerance": "",
            "direction": "higher",
            "unit_label": "elever",
            "breakdown": "none",
            "dimension": "",
            "aggregation": "sum",
            "kpi": "",
            "previous_label": "",
            "previous_value": "",
            "predecessor": "",
            "order": "0",
            "components-TOTAL_FORMS": "0",
            "components-INITIAL_FORMS": "0",
        }
        fields.update(changes)
        return fields

    def assert_refused_in_words(self, response, message):
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn(message, page)
        self.assertNotIn("Begränsningen", page)
        self.assertNotIn("numeric_target", page)
        self.assertIn("Minst 25 000 elever, ändrad", page)  # the text typed is kept
        self.measure.refresh_from_db()
        self.assertEqual((self.measure.text, self.measure.comparator), ("Minst 25 000 elever", "min"))

    def test_a_numeric_target_without_comparator_is_explained(self):
        url = f"/admin/goals/measure/{self.measure.pk}/change/"
        response = self.client.post(url, self.measure_post(comparator="", target_value=""))
        self.assert_refused_in_words(response, "Ett mätetal med talmål behöver en jämförelse (minst, högst, mellan …).")

    def test_a_comparator_without_a_target_value_is_explained(self):
        url = f"/admin/goals/measure/{self.measure.pk}/change/"
        response = self.client.post(url, self.measure_post(target_value=""))
        self.assert_refused_in_words(response, "Ett mätetal med talmål behöver både jämförelse och målvärde.")

    def test_a_per_dimension_breakdown_without_dimension_is_explained(self):
        url = f"/admin/goals/measure/{self.measure.pk}/change/"
        response = self.client.post(url, self.measure_post(breakdown="dimension"))
        self.assert_refused_in_words(response, "Uppdelning per egen indelning behöver en indelning.")

    def test_the_same_in_the_goals_inline(self):
        goal = self.data["goal"]
        measures = list(goal.measures.all())
        fields = {
            "plan_year": goal.plan_year_id,
            "level": goal.level_id,
            "parent": "",
            "key": "",
            "kind": goal.kind,
            "title": goal.title,
            "description": "",
            "unit": goal.unit_id,
            "owner_label": "",
            "assessment_rule": goal.assessment_rule,
            "required_met": "",
            "predecessor": "",
            "order": "0",
            "measures-TOTAL_FORMS": str(len(measures)),
            "measures-INITIAL_FORMS": str(len(measures)),
        }
        for index, measure in enumerate(measures):
            prefix = f"measures-{index}-"
            fields.update(
                {
                    prefix + "id": measure.pk,
                    prefix + "goal": goal.pk,
                    prefix + "text": measure.text if index else "Minst 25 000 elever, ändrad",
                    prefix + "key": "",
                    prefix + "order": str(measure.order),
                    prefix + "target_kind": measure.target_kind,
                    prefix + "comparator": "" if index == 0 else measure.comparator,
                    prefix + "target_value": "25000" if index == 0 else "",
                    prefix + "target_high": "",
                    prefix + "tolerance": "",
                    prefix + "direction": "higher",
                    prefix + "unit_label": measure.unit_label,
                    prefix + "breakdown": "none",
                    prefix + "dimension": "",
                    prefix + "aggregation": "sum",
                    prefix + "kpi": "",
                    prefix + "previous_label": "",
                    prefix + "previous_value": "",
                }
            )
        response = self.client.post(f"/admin/goals/goal/{goal.pk}/change/", fields)
        self.assert_refused_in_words(response, "Ett mätetal med talmål behöver en jämförelse (minst, högst, mellan …).")

    def test_another_forbunds_kansli_cannot_post_to_our_measure(self):
        self.client.login(username="deras-kansli", password=factories.PASSWORD)
        url = f"/admin/goals/measure/{self.measure.pk}/change/"
        response = self.client.post(url, self.measure_post(comparator=""))
        self.assertEqual(response.status_code, 302)
        self.measure.refresh_from_db()
        self.assertEqual(self.measure.comparator, "min")
