"""Judging mätetal from their values, and proposing a goal's status from them.

Pure functions over values already loaded: the follow-up form (live, through the server), the
review, the plan page, the import and the printed chapter all judge with these, so the verdict
a reader sees beside a figure is always the one the figure gives.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import units
from .breakdown import aggregation_for, combine, gender_total
from .models import (
    PER_DIMENSION,
    PER_MUNICIPALITY,
    Aggregation,
    AssessmentRule,
    Breakdown,
    Comparator,
    Direction,
    Gender,
    PeriodKind,
    Status,
    TargetKind,
)
from .numbers import format_number, with_unit


class Outcome(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_MEASURED = "not_measured"
    # Only a goal below can be partly met (its status is "delvis uppnått"); a mätetal is or isn't.
    PARTLY_MET = "partly_met"

    @property
    def label(self):
        return {
            Outcome.MET: gettext_lazy("Uppnått"),
            Outcome.NOT_MET: gettext_lazy("Ej uppnått"),
            Outcome.NOT_MEASURED: gettext_lazy("Ej mätt"),
            Outcome.PARTLY_MET: gettext_lazy("Delvis uppnått"),
        }[self]


@dataclass
class Reading:
    """What a follow-up says about one mätetal: a value (in some unit), a judgement, words."""

    value: Decimal | None = None
    unit: str = ""
    reached: bool | None = None
    note: str = ""
    # Component id → value, for a mätetal of several parts.
    components: dict[int, Decimal | None] = field(default_factory=dict)
    # Where the value came from when no total was typed: "sum", "mean", "weighted_mean".
    aggregated: str = ""

    @property
    def is_empty(self) -> bool:
        return (
            self.value is None
            and self.reached is None
            and not self.note
            and not any(v is not None for v in self.components.values())
        )


@dataclass
class Judgement:
    outcome: "Outcome | None"  # None: the mätetal has no structured target
    value: Decimal | None = None  # the judged figure, in the target's unit
    deviation: Decimal | None = None  # outcome − plan/budget/last year, where the target speaks of one
    by_person: bool = False  # a milestone, or a value that cannot be compared with the target
    note: str = ""  # why a figure could not be judged
    parts: list[tuple[str, "Judgement"]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(self.outcome.label) if self.outcome else ""


def _tolerance(measure) -> Decimal:
    if measure.tolerance is None:
        return Decimal(0)
    if measure.tolerance_percent:
        return abs(measure.target_value or 0) * measure.tolerance / 100
    return measure.tolerance


def compare(measure, value: Decimal, baseline: Decimal | None) -> Judgement:
    """A numeric target against a value already in the target's unit."""
    target, comparator, lower_better = measure.target_value, measure.comparator, measure.direction == Direction.LOWER
    deviation = None
    if comparator == Comparator.MIN:
        met = value >= target
    elif comparator == Comparator.MAX:
        met = value <= target
    elif comparator == Comparator.EXACT:
        met = value == target
    elif comparator == Comparator.BETWEEN:
        met = target <= value <= measure.target_high
    elif comparator == Comparator.APPROX:
        met = abs(value - target) <= _tolerance(measure)
        deviation = value - target
    elif comparator == Comparator.PLANNED:
        deviation = value - target
        met = deviation <= _tolerance(measure) if lower_better else deviation >= -_tolerance(measure)
    elif comparator == Comparator.IMPROVE:
        if baseline is None:
            return Judgement(Outcome.NOT_MEASURED, value, note=_("Föregående års värde saknas att jämföra med."))
        deviation = value - baseline
        met = value < baseline if lower_better else value > baseline
    else:
        return Judgement(None, value)
    return Judgement(Outcome.MET if met else Outcome.NOT_MET, value, deviation)


def _component_judgement(component, value: Decimal | None) -> Judgement:
    if value is None:
        return Judgement(Outcome.NOT_MEASURED)
    met = {
        Comparator.MIN: value >= component.target_value,
        Comparator.MAX: value <= component.target_value,
        Comparator.EXACT: value == component.target_value,
    }[component.comparator]
    return Judgement(Outcome.MET if met else Outcome.NOT_MET, value)


def judge(measure, reading: Reading | None, *, baseline: Decimal | None = None, components=None) -> Judgement:
    """Met / not met / not measured for one mätetal in one follow-up.

    `components` are the mätetal's parts (already loaded); a mätetal of several parts is met when
    every part is, not met as soon as one is not.
    """
    reading = reading or Reading()
    if measure.target_kind == TargetKind.MILESTONE:
        if reading.reached is None:
            return Judgement(Outcome.NOT_MEASURED, reading.value, by_person=True)
        return Judgement(Outcome.MET if reading.reached else Outcome.NOT_MET, reading.value, by_person=True)
    components = list(components or [])
    if components:
        parts = [(c.label, _component_judgement(c, reading.components.get(c.pk))) for c in components]
        outcomes = {j.outcome for _label, j in parts}
        if Outcome.NOT_MET in outcomes:
            outcome = Outcome.NOT_MET
        elif Outcome.NOT_MEASURED in outcomes:
            outcome = Outcome.NOT_MEASURED
        else:
            outcome = Outcome.MET
        return Judgement(outcome, reading.value, parts=parts)
    if measure.target_kind != TargetKind.NUMERIC or not measure.comparator:
        return Judgement(None, reading.value)
    if reading.value is None:
        return Judgement(Outcome.NOT_MEASURED)
    value = units.convert(reading.value, reading.unit, measure.unit_label)
    if value is None:
        # "812 pedagoger" against "minst 100 lärare": a person decides, the figure is still shown.
        note = _("Värdet är räknat i %(unit)s och målet i %(target)s; bedömningen görs av en person.") % {
            "unit": reading.unit,
            "target": measure.unit_label,
        }
        if reading.reached is None:
            return Judgement(Outcome.NOT_MEASURED, reading.value, by_person=True, note=note)
        return Judgement(Outcome.MET if reading.reached else Outcome.NOT_MET, reading.value, by_person=True, note=note)
    return compare(measure, value, baseline)


# ---------------------------------------------------------------------------------------------
# From stored values to a reading


def federation_value(measure, values, populations: dict[int, int]) -> tuple[Decimal | None, str]:
    """The whole förbund's figure from a breakdown's cells, by the mätetal's aggregation.

    Adjungerade kommuner are not part of it. None when the aggregation is "none" (rankings) or
    a weighted mean lacks a population.
    """
    if measure.breakdown == Breakdown.GENDER:
        by_gender = {v.gender: v.value for v in values if v.component_id is None and not v.municipality_id}
        if by_gender.get(Gender.TOTAL) is not None:
            return by_gender[Gender.TOTAL], ""
        total = gender_total(measure, by_gender.get(Gender.WOMEN), by_gender.get(Gender.MEN))
        return (total, Aggregation.SUM) if total is not None else (None, "")
    if measure.breakdown in PER_MUNICIPALITY or measure.breakdown in PER_DIMENSION:
        gender = (
            Gender.TOTAL if measure.breakdown in (Breakdown.MUNICIPALITY_GENDER, Breakdown.DIMENSION_GENDER) else ""
        )
        cells = {}
        for v in values:
            part = v.municipality if measure.breakdown in PER_MUNICIPALITY else v.item
            if part is None or v.component_id is not None or v.value is None:
                continue
            if v.gender == gender:
                cells[part] = v.value
        total = combine(measure, cells, populations)
        return total, (aggregation_for(measure) if total is not None else "")
    return None, ""


def values_by_measure(follow_up) -> dict[int, list]:
    """A follow-up's stored values (already loaded) grouped by mätetal."""
    grouped: dict[int, list] = {}
    if follow_up is not None:
        for value in follow_up.values.all():
            grouped.setdefault(value.measure_id, []).append(value)
    return grouped


def reading_from_values(measure, values, populations: dict[int, int] | None = None) -> Reading:
    """A reading from a follow-up's stored values of one mätetal (any order, already loaded)."""
    main = next((v for v in values if v.is_main), None)
    reading = Reading(
        value=main.value if main else None,
        unit=main.unit_label if main else "",
        reached=main.reached if main else None,
        note=main.note if main else "",
        components={v.component_id: v.value for v in values if v.component_id and v.municipality_id is None},
    )
    if reading.value is None and measure.breakdown not in (Breakdown.NONE, Breakdown.CATEGORY):
        reading.value, reading.aggregated = federation_value(measure, values, populations or {})
    return reading


# ---------------------------------------------------------------------------------------------
# The goal's proposal


@dataclass
class Proposal:
    status: str
    met: int
    judged: int

    @property
    def label(self):
        return Status(self.status).label


def propose(*, rule: str, required: int | None, outcomes: list, period_kind: str) -> Proposal | None:
    """The status the goal's rule proposes from its parts' outcomes; None when nothing to judge.

    Only parts with a structured target count. At year end, once something is measured, a "not
    measured" one counts as not met, since the report cannot claim it; during the year it is
    simply not measured yet, and the proposal speaks of what is.
    """
    judged = [o for o in outcomes if o is not None]
    if period_kind == PeriodKind.INTERIM:
        judged = [o for o in judged if o != Outcome.NOT_MEASURED] or judged
    # Nothing measured yet (typical early in the year): nothing to propose.
    if rule == AssessmentRule.JUDGEMENT or all(o == Outcome.NOT_MEASURED for o in judged):
        return None
    met = sum(1 for o in judged if o == Outcome.MET)
    wanted = required if rule == AssessmentRule.SHARE and required else len(judged)
    needed = min(wanted, len(judged))
    if met >= needed:
        status = Status.ACHIEVED
    elif met > 0 or Outcome.PARTLY_MET in judged:
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


def status_outcome(status: str) -> "Outcome | None":
    """A goal below, as a part of the goal above: its status read as met, partly met or not;
    None for a goal not yet assessed, which is no part that was missed."""
    if status in (Status.ACHIEVED, Status.ON_TRACK):
        return Outcome.MET
    if status == Status.PARTIALLY_ACHIEVED:
        return Outcome.PARTLY_MET
    if status in (Status.NOT_ACHIEVED, Status.AT_RISK):
        return Outcome.NOT_MET
    return None


@dataclass
class Assessment:
    """A goal's follow-up seen whole: each mätetal judged, the rule's proposal, and whether the
    chosen status says something else."""

    judgements: dict[int, Judgement]
    proposal: Proposal | None
    status: str
    readings: dict = field(default_factory=dict)

    @property
    def disagrees(self) -> bool:
        return bool(self.status and self.proposal and not agrees(self.status, self.proposal))


def assess(goal, *, status: str, period_kind: str, readings: dict, baselines=None, child_statuses=(), measures=None):
    """`readings`: measure id → Reading; `child_statuses`: the statuses of the followed-up goals
    directly below (inriktningsmål → strategier), which count as parts like the mätetal."""
    measures = list(goal.measures.all()) if measures is None else measures
    baselines = baselines or {}
    judgements = {
        m.pk: judge(m, readings.get(m.pk), baseline=_baseline_value(baselines.get(m.pk)), components=m.components.all())
        for m in measures
    }
    outcomes = [j.outcome for j in judgements.values()] + [status_outcome(s) for s in child_statuses]
    proposal = propose(
        rule=goal.assessment_rule, required=goal.required_met, outcomes=outcomes, period_kind=period_kind
    )
    return Assessment(judgements, proposal, status, readings)


def _baseline_value(baseline):
    return baseline[1] if baseline else None


# ---------------------------------------------------------------------------------------------
# Words


def describe_target(measure) -> str:
    """The structured target in words: "minst 300 besökare", "mellan −1 000 och −500 tkr"."""
    if measure.target_kind == TargetKind.MILESTONE:
        return _("milstolpe")
    if measure.target_kind != TargetKind.NUMERIC:
        return ""
    components = getattr(measure, "components", None)
    parts = list(components.all()) if components is not None and getattr(measure, "pk", None) else []
    if parts:
        return ", ".join(f"{Comparator(c.comparator).label} {with_unit(c.target_value, c.unit_label)}" for c in parts)
    unit = measure.unit_label
    value = with_unit(measure.target_value, unit)
    comparator = measure.comparator
    if comparator == Comparator.BETWEEN:
        return _("mellan %(low)s och %(high)s") % {
            "low": format_number(measure.target_value),
            "high": with_unit(measure.target_high, unit),
        }
    if comparator == Comparator.APPROX:
        tolerance = (
            f"{format_number(measure.tolerance)}\u00a0%"
            if measure.tolerance_percent
            else with_unit(measure.tolerance, unit)
        )
        return _("cirka %(value)s (±%(tolerance)s)") % {"value": value, "tolerance": tolerance}
    if comparator == Comparator.PLANNED:
        return _("planerat %(value)s") % {"value": value}
    if comparator == Comparator.IMPROVE:
        if measure.direction == Direction.LOWER:
            return _("lägre än föregående år")
        return _("högre än föregående år")
    return f"{Comparator(comparator).label} {value}" if comparator else ""
