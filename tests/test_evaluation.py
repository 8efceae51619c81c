from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from goals.evaluation import Outcome, evaluate, evaluate_value, propose
from goals.models import Goal, PeriodKind


def numeric(comparator, target, value):
    return evaluate(
        target_kind="numeric",
        comparator=comparator,
        target=Decimal(target),
        value=None if value is None else Decimal(value),
        reached=None,
    )


class MeasureEvaluationTests(SimpleTestCase):
    def test_a_minimum_is_met_at_or_above_it(self):
        self.assertEqual(numeric("min", "25000", "27531"), Outcome.MET)
        self.assertEqual(numeric("min", "25000", "25000"), Outcome.MET)
        self.assertEqual(numeric("min", "3000", "2616"), Outcome.NOT_MET)

    def test_a_maximum_and_an_exact_target(self):
        self.assertEqual(numeric("max", "5", "4"), Outcome.MET)
        self.assertEqual(numeric("max", "5", "6"), Outcome.NOT_MET)
        self.assertEqual(numeric("exact", "8", "8"), Outcome.MET)

    def test_no_value_is_not_measured(self):
        self.assertEqual(numeric("min", "85", None), Outcome.NOT_MEASURED)

    def test_milestones(self):
        milestone = dict(target_kind="milestone", comparator="", target=None, value=None)
        self.assertEqual(evaluate(reached=True, **milestone), Outcome.MET)
        self.assertEqual(evaluate(reached=False, **milestone), Outcome.NOT_MET)
        self.assertEqual(evaluate(reached=None, **milestone), Outcome.NOT_MEASURED)

    def test_a_measure_without_structured_target_is_not_judged(self):
        self.assertIsNone(evaluate(target_kind="", comparator="", target=None, value=Decimal(3), reached=None))


class ProposalTests(SimpleTestCase):
    MET, NOT = Outcome.MET, Outcome.NOT_MET

    def test_all_rule(self):
        annual = PeriodKind.ANNUAL
        self.assertEqual(
            propose(rule="all", required=None, outcomes=[self.MET, self.MET], period_kind=annual).status, "achieved"
        )
        self.assertEqual(
            propose(rule="all", required=None, outcomes=[self.MET, self.NOT], period_kind=annual).status,
            "partially_achieved",
        )
        self.assertEqual(
            propose(rule="all", required=None, outcomes=[self.NOT, None], period_kind=annual).status, "not_achieved"
        )

    def test_share_rule_two_of_three(self):
        outcomes = [self.MET, self.MET, self.NOT]
        self.assertEqual(propose(rule="share", required=2, outcomes=outcomes, period_kind="annual").status, "achieved")

    def test_judgement_rule_and_nothing_to_judge_propose_nothing(self):
        self.assertIsNone(propose(rule="judgement", required=None, outcomes=[self.MET], period_kind="annual"))
        self.assertIsNone(propose(rule="all", required=None, outcomes=[None, None], period_kind="annual"))

    def test_during_the_year_it_proposes_on_track_or_at_risk(self):
        self.assertEqual(
            propose(rule="all", required=None, outcomes=[self.MET], period_kind="interim").status, "on_track"
        )
        self.assertEqual(
            propose(rule="all", required=None, outcomes=[self.NOT], period_kind="interim").status, "at_risk"
        )


class NavetDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_navets_numeric_measures_are_judged_from_the_values_alone(self):
        goal = Goal.objects.get(
            plan_year__year=2021, unit__slug="navet", title__contains="naturvetenskap, teknik och matematik"
        )
        follow_up = goal.follow_ups.get()
        values = {v.measure_id: v for v in follow_up.values.all() if v.is_main}
        outcomes = {m.text: evaluate_value(m, values.get(m.pk)) for m in goal.measures.all()}
        self.assertEqual(outcomes["Minst 15 000 elever på Navet-teman"], Outcome.NOT_MET)  # 10 790
        self.assertEqual(outcomes["Minst 500 elever på teman i matematik"], Outcome.MET)  # 1 071


class ShareRuleEdgeTests(SimpleTestCase):
    def test_a_share_larger_than_the_judged_mätetal_needs_all_of_them(self):
        outcomes = [Outcome.MET, Outcome.MET, None]
        self.assertEqual(propose(rule="share", required=5, outcomes=outcomes, period_kind="annual").status, "achieved")

    def test_a_value_is_judged_as_it_will_be_stored(self):
        from goals.forms import SwedishDecimalField

        stored = SwedishDecimalField().clean("84,999")
        self.assertEqual(stored, Decimal("85.00"))
        self.assertEqual(numeric("min", "85", str(stored)), Outcome.MET)

    def test_only_ascii_digits_count(self):
        from django import forms

        from goals.forms import SwedishDecimalField

        with self.assertRaises(forms.ValidationError):
            SwedishDecimalField().clean("１２")


class NothingMeasuredTests(SimpleTestCase):
    def test_nothing_measured_yet_proposes_nothing(self):
        outcomes = [Outcome.NOT_MEASURED, Outcome.NOT_MEASURED]
        self.assertIsNone(propose(rule="all", required=None, outcomes=outcomes, period_kind="interim"))

    def test_once_something_is_measured_the_rest_count_as_not_met(self):
        outcomes = [Outcome.MET, Outcome.NOT_MEASURED]
        self.assertEqual(
            propose(rule="all", required=None, outcomes=outcomes, period_kind="annual").status, "partially_achieved"
        )


class NavetPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_the_navet_chef_sees_which_mätetal_were_met_from_the_values(self):
        from django.urls import reverse

        goal = Goal.objects.get(
            plan_year__year=2021, unit__slug="navet", title__contains="naturvetenskap, teknik och matematik"
        )
        follow_up = goal.follow_ups.get()
        self.client.login(username="chef-navet", password="demo-losen-2023")
        page = self.client.get(reverse("follow_up_edit", args=[goal.pk, follow_up.period_id])).content.decode()
        import re

        rows = dict(re.findall(r'<th scope="row">([^<]+)</th><td>[^<]*</td><td>([^<]*)</td>', page))
        self.assertEqual(rows["Minst 15 000 elever på Navet-teman"], "Ej uppnått")
        self.assertEqual(rows["Minst 500 elever på teman i matematik"], "Uppnått")
