"""Judging each kind of target from a value, and the goal's proposal from its parts."""

from decimal import Decimal
from io import StringIO
from types import SimpleNamespace

from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

from goals.evaluation import Outcome, Reading, assess, describe_target, judge, propose, status_outcome
from goals.models import Goal, PeriodKind, Status


def measure(comparator="", target=None, **extra):
    values = {
        "target_kind": "numeric" if comparator else extra.pop("target_kind", ""),
        "comparator": comparator,
        "target_value": None if target is None else Decimal(target),
        "target_high": None,
        "tolerance": None,
        "tolerance_percent": False,
        "direction": "higher",
        "unit_label": "",
    }
    for name, value in extra.items():
        values[name] = Decimal(value) if name in ("target_high", "tolerance") and value is not None else value
    return SimpleNamespace(**values)


def outcome(m, value, *, unit="", reached=None, baseline=None, components=None, values=None):
    reading = Reading(
        value=None if value is None else Decimal(value), unit=unit, reached=reached, components=values or {}
    )
    return judge(m, reading, baseline=None if baseline is None else Decimal(baseline), components=components)


class TargetKindTests(SimpleTestCase):
    def test_minst_högst_exakt(self):
        self.assertEqual(outcome(measure("min", "25000"), "27531").outcome, Outcome.MET)
        self.assertEqual(outcome(measure("min", "25000"), "25000").outcome, Outcome.MET)
        self.assertEqual(outcome(measure("min", "300"), "214").outcome, Outcome.NOT_MET)
        self.assertEqual(outcome(measure("max", "5"), "4").outcome, Outcome.MET)
        self.assertEqual(outcome(measure("max", "5"), "6").outcome, Outcome.NOT_MET)
        self.assertEqual(outcome(measure("exact", "8"), "8").outcome, Outcome.MET)
        self.assertEqual(outcome(measure("exact", "8"), "9").outcome, Outcome.NOT_MET)

    def test_an_interval_includes_its_bounds(self):
        result = measure("between", "-1000", target_high="-500", unit_label="tkr")
        self.assertEqual(outcome(result, "-750").outcome, Outcome.MET)
        self.assertEqual(outcome(result, "-500").outcome, Outcome.MET)
        self.assertEqual(outcome(result, "-400").outcome, Outcome.NOT_MET)
        self.assertEqual(outcome(result, "-1200").outcome, Outcome.NOT_MET)
        self.assertEqual(describe_target(result), "mellan −1\u00a0000 och −500\u00a0tkr")

    def test_a_planned_volume_against_the_outcome_with_the_deviation(self):
        participants = measure("planned", "400", unit_label="deltagare")
        judgement = outcome(participants, "356")
        self.assertEqual((judgement.outcome, judgement.deviation), (Outcome.NOT_MET, Decimal(-44)))
        self.assertEqual(outcome(participants, "412").outcome, Outcome.MET)
        # A budget for a cost: lower is better, and a tolerance the kansli sets.
        cost = measure("planned", "3000", direction="lower", tolerance="100", unit_label="tkr")
        self.assertEqual(outcome(cost, "3080").outcome, Outcome.MET)
        self.assertEqual(outcome(cost, "3150").outcome, Outcome.NOT_MET)
        self.assertEqual(describe_target(participants), "planerat 400\u00a0deltagare")

    def test_cirka_with_a_tolerance_in_percent_or_absolute(self):
        about = measure("approx", "3000", tolerance="10", tolerance_percent=True, unit_label="tkr")
        self.assertEqual(outcome(about, "3250").outcome, Outcome.MET)
        self.assertEqual(outcome(about, "2650").outcome, Outcome.NOT_MET)
        absolute = measure("approx", "25", tolerance="3")
        self.assertEqual(outcome(absolute, "28").outcome, Outcome.MET)
        self.assertEqual(outcome(absolute, "29").outcome, Outcome.NOT_MET)
        self.assertEqual(describe_target(about), "cirka 3\u00a0000\u00a0tkr (±10\u00a0%)")

    def test_a_milestone_is_judged_by_a_person(self):
        milestone = measure(target_kind="milestone")
        self.assertEqual(outcome(milestone, None, reached=True).outcome, Outcome.MET)
        self.assertEqual(outcome(milestone, None, reached=False).outcome, Outcome.NOT_MET)
        self.assertEqual(outcome(milestone, None).outcome, Outcome.NOT_MEASURED)
        self.assertTrue(outcome(milestone, None, reached=True).by_person)

    def test_lower_is_better_for_a_ranking(self):
        ranking = measure("improve", direction="lower", unit_label="plats")
        judgement = outcome(ranking, "112", baseline="150")
        self.assertEqual((judgement.outcome, judgement.deviation), (Outcome.MET, Decimal(-38)))
        self.assertEqual(outcome(ranking, "160", baseline="150").outcome, Outcome.NOT_MET)
        missing = outcome(ranking, "112")
        self.assertEqual(missing.outcome, Outcome.NOT_MEASURED)
        self.assertIn("Föregående års värde saknas", missing.note)
        self.assertEqual(outcome(measure("max", "50", direction="lower"), "47").outcome, Outcome.MET)

    def test_several_components_must_all_be_met(self):
        schools = SimpleNamespace(pk=1, label="skolor", comparator="min", target_value=Decimal(40))
        preschools = SimpleNamespace(pk=2, label="förskolor", comparator="min", target_value=Decimal(10))
        both = measure("min", "0")
        parts = [schools, preschools]
        met = outcome(both, None, components=parts, values={1: Decimal(41), 2: Decimal(10)})
        self.assertEqual(met.outcome, Outcome.MET)
        missed = outcome(both, None, components=parts, values={1: Decimal(38), 2: Decimal(12)})
        self.assertEqual(missed.outcome, Outcome.NOT_MET)
        self.assertEqual(
            [(label, j.outcome) for label, j in missed.parts], [("skolor", "not_met"), ("förskolor", "met")]
        )
        half = outcome(both, None, components=parts, values={1: Decimal(41), 2: None})
        self.assertEqual(half.outcome, Outcome.NOT_MEASURED)

    def test_a_value_in_another_unit_is_converted_when_it_measures_the_same(self):
        equity = measure("min", "4", unit_label="mnkr")
        judgement = outcome(equity, "12569", unit="tkr")
        self.assertEqual((judgement.outcome, judgement.value), (Outcome.MET, Decimal("12.569")))
        self.assertEqual(outcome(equity, "3500", unit="tkr").outcome, Outcome.NOT_MET)

    def test_a_value_that_cannot_be_compared_is_judged_by_a_person(self):
        teachers = measure("min", "100", unit_label="lärare")
        unjudged = outcome(teachers, "812", unit="pedagoger")
        self.assertEqual((unjudged.outcome, unjudged.by_person), (Outcome.NOT_MEASURED, True))
        self.assertIn("pedagoger", unjudged.note)
        self.assertEqual(outcome(teachers, "812", unit="pedagoger", reached=True).outcome, Outcome.MET)

    def test_no_value_is_not_measured_and_no_target_is_not_judged(self):
        self.assertEqual(outcome(measure("min", "85"), None).outcome, Outcome.NOT_MEASURED)
        self.assertIsNone(outcome(measure(), "3").outcome)


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

    def test_a_share_larger_than_the_judged_parts_needs_all_of_them(self):
        outcomes = [Outcome.MET, Outcome.MET, None]
        self.assertEqual(propose(rule="share", required=5, outcomes=outcomes, period_kind="annual").status, "achieved")

    def test_nothing_measured_yet_proposes_nothing_and_then_the_rest_count_as_not_met(self):
        self.assertIsNone(
            propose(rule="all", required=None, outcomes=[Outcome.NOT_MEASURED] * 2, period_kind="interim")
        )
        self.assertEqual(
            propose(rule="all", required=None, outcomes=[self.MET, Outcome.NOT_MEASURED], period_kind="annual").status,
            "partially_achieved",
        )

    def test_the_goals_below_count_as_parts(self):
        self.assertEqual(status_outcome(Status.ACHIEVED), Outcome.MET)
        self.assertEqual(status_outcome(Status.PARTIALLY_ACHIEVED), Outcome.PARTLY_MET)
        self.assertIsNone(status_outcome(""))
        goal = SimpleNamespace(assessment_rule="all", required_met=None)
        assessment = assess(
            goal,
            status=Status.ACHIEVED,
            period_kind="annual",
            readings={},
            child_statuses=[Status.ACHIEVED, Status.NOT_ACHIEVED],
            measures=[],
        )
        self.assertEqual(assessment.proposal.status, Status.PARTIALLY_ACHIEVED)
        self.assertTrue(assessment.disagrees)

    def test_goals_below_that_are_all_partly_met_propose_partly_and_unassessed_ones_do_not_count(self):
        goal = SimpleNamespace(assessment_rule="all", required_met=None)

        def proposal(*statuses):
            return assess(
                goal, status="", period_kind="annual", readings={}, child_statuses=statuses, measures=[]
            ).proposal

        self.assertEqual(
            proposal(Status.PARTIALLY_ACHIEVED, Status.PARTIALLY_ACHIEVED).status, Status.PARTIALLY_ACHIEVED
        )
        self.assertEqual(proposal(Status.ACHIEVED, "").status, Status.ACHIEVED)
        self.assertIsNone(proposal("", ""))


class AValueIsJudgedAsStoredTests(SimpleTestCase):
    def test_it_is_rounded_to_two_decimals_first(self):
        from goals.forms import SwedishDecimalField

        stored = SwedishDecimalField().clean("84,999")
        self.assertEqual(stored, Decimal("85.00"))
        self.assertEqual(outcome(measure("min", "85"), str(stored)).outcome, Outcome.MET)

    def test_only_ascii_digits_count(self):
        from django import forms

        from goals.forms import SwedishDecimalField

        with self.assertRaises(forms.ValidationError):
            SwedishDecimalField().clean("１２")


class NavetDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def goal(self):
        return Goal.objects.get(
            plan_year__year=2021, unit__slug="navet", title__contains="naturvetenskap, teknik och matematik"
        )

    def test_navets_numeric_measures_are_judged_from_the_values_even_beside_words(self):
        from goals.evaluation import reading_from_values

        goal = self.goal()
        values = list(goal.follow_ups.get().values.all())
        outcomes = {
            m.text: judge(m, reading_from_values(m, [v for v in values if v.measure_id == m.pk])).outcome
            for m in goal.measures.all()
        }
        self.assertEqual(outcomes["Minst 15 000 elever på Navet-teman"], Outcome.NOT_MET)  # 10 790
        self.assertEqual(outcomes["Minst 500 elever på teman i matematik"], Outcome.MET)  # 1 071

    def test_the_navet_chef_sees_which_were_met(self):
        from django.urls import reverse

        goal = self.goal()
        follow_up = goal.follow_ups.get()
        self.client.login(username="chef-navet", password="demo-losen-2023")
        page = self.client.get(reverse("follow_up_edit", args=[goal.pk, follow_up.period_id])).content.decode()
        self.assertRegex(page, r"(?s)Minst 15 000 elever på Navet-teman(?:(?!</tr>).)*outcome-not_met")
        self.assertRegex(page, r"(?s)Minst 500 elever på teman i matematik(?:(?!</tr>).)*outcome-met")
