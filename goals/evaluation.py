"""Judging mätetal from their values, and proposing a goal's status from its assessment rule.

The same rules run in the browser (static/js/proposal.js) so the enhetschef sees the proposal
while typing; tests keep the two in step through the form's data attributes.
"""

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from .models import AssessmentRule, Comparator, PeriodKind, Status, TargetKind


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_MEASURED = "not_measured"

    @property
    def label(self):
        return {
            Outcome.MET: _("Uppnått"),
            Outcome.NOT_MET: _("Ej uppnått"),
            Outcome.NOT_MEASURED: _("Ej mätt"),
        }[self]


def evaluate(*, target_kind: str, comparator: str, target: Decimal | None, value: Decimal | None, reached: bool | None):
    """Met / not met / not measured for one mätetal, or None when it has no structured target."""
    if target_kind == TargetKind.MILESTONE:
        if reached is None:
            return Outcome.NOT_MEASURED
        return Outcome.MET if reached else Outcome.NOT_MET
    if target_kind != TargetKind.NUMERIC or target is None:
        return None
    if value is None:
        return Outcome.NOT_MEASURED
    met = {
        Comparator.MIN: value >= target,
        Comparator.MAX: value <= target,
        Comparator.EXACT: value == target,
    }[comparator]
    return Outcome.MET if met else Outcome.NOT_MET


def evaluate_value(measure, value) -> "Outcome | None":
    """`value` is the main MeasureValue of the measure in a follow-up, or None."""
    return evaluate(
        target_kind=measure.target_kind,
        comparator=measure.comparator,
        target=measure.target_value,
        value=value.value if value else None,
        reached=value.reached if value else None,
    )


@dataclass
class Proposal:
    status: str
    met: int
    judged: int

    @property
    def label(self):
        return Status(self.status).label


def propose(*, rule: str, required: int | None, outcomes: list, period_kind: str) -> Proposal | None:
    """The status the goal's rule proposes from its mätetal outcomes; None when nothing to judge.

    Only mätetal with a structured target count; once something is measured, a "not measured"
    one counts as not met, since the report cannot claim it.
    """
    judged = [o for o in outcomes if o is not None]
    # Nothing measured yet (typical early in the year): nothing to propose.
    if rule == AssessmentRule.JUDGEMENT or all(o == Outcome.NOT_MEASURED for o in judged):
        return None
    met = sum(1 for o in judged if o == Outcome.MET)
    wanted = required if rule == AssessmentRule.SHARE and required else len(judged)
    needed = min(wanted, len(judged))
    if met >= needed:
        status = Status.ACHIEVED
    elif met > 0:
        status = Status.PARTIALLY_ACHIEVED
    else:
        status = Status.NOT_ACHIEVED
    if period_kind == PeriodKind.INTERIM:
        status = Status.ON_TRACK if status == Status.ACHIEVED else Status.AT_RISK
    return Proposal(status=status, met=met, judged=len(judged))


# During the year a goal already reached may be reported as reached, and one at risk as not
# (yet) reached; neither contradicts the interim proposal.
INTERIM_AGREEMENT = {
    Status.ON_TRACK: {Status.ON_TRACK, Status.ACHIEVED},
    Status.AT_RISK: {Status.AT_RISK, Status.PARTIALLY_ACHIEVED, Status.NOT_ACHIEVED},
}


def agrees(chosen: str, proposal: Proposal) -> bool:
    return chosen == proposal.status or chosen in INTERIM_AGREEMENT.get(proposal.status, set())


def propose_for_follow_up(goal, period, values_by_measure: dict, measures=None) -> Proposal | None:
    measures = goal.measures.all() if measures is None else measures
    outcomes = [evaluate_value(m, values_by_measure.get(m.pk)) for m in measures]
    return propose(rule=goal.assessment_rule, required=goal.required_met, outcomes=outcomes, period_kind=period.kind)
