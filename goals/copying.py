"""Next year's plan starts as a copy of this year's: kansliet chooses which goals to carry."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from .models import (
    Goal,
    Measure,
    MeasureComponent,
    MemberContribution,
    Period,
    PlanLevel,
    PlanYear,
    TextSection,
)


class CopyError(Exception):
    pass


def _same_day(day: date, year: int) -> date:
    return day.replace(year=year) if not (day.month == 2 and day.day == 29) else date(year, 2, 28)


def _fields(model, obj, names=None) -> dict:
    # The fields a copy carries are the ones the interchange format carries (the model says which).
    return {name: getattr(obj, name) for name in names or model.DOCUMENT_FIELDS}


def checked_create(model, **values):
    """Create a row after the model's own checks (cross-year links, targets), so a copy or a
    new year cannot hold what the planning forms would refuse."""
    obj = model(**values)
    obj.full_clean()
    obj.save()
    return obj


def shifted_periods(source: PlanYear, to_year: int) -> list[dict]:
    """Last year's periods with their dates (and deadlines) moved on to `to_year`."""
    shift = to_year - source.year
    return [
        {
            "kind": period.kind,
            "end_date": _same_day(period.end_date, period.end_date.year + shift),
            "deadline": _same_day(period.deadline, period.deadline.year + shift) if period.deadline else None,
            "reminder_days": period.reminder_days,
        }
        for period in source.periods.all()
    ]


@transaction.atomic
def copy_plan(
    *,
    source: PlanYear,
    to_year: int,
    goal_ids: list[int] | None = None,
    periods: list[dict] | None = None,
    measures: bool = True,
    texts: bool = True,
    contributions: bool = True,
) -> PlanYear:
    """Copy the levels, the goal tree (all goals, or those in `goal_ids` and the goals above
    them), mätetal with their targets and parts, periods (closed; `periods` as kansliet set them,
    else last year's moved on), the plan's own texts and the member contributions to `to_year`.
    Follow-ups are not copied; copied goals and mätetal point to their predecessors, so last
    year's values are the baseline. `measures`, `texts` and `contributions` leave those out.
    """
    if PlanYear.objects.filter(organisation=source.organisation, year=to_year).exists():
        raise CopyError(
            _("%(org)s har redan ett verksamhetsår %(year)s.") % {"org": source.organisation, "year": to_year}
        )
    if to_year <= source.year:
        raise CopyError(_("Planen kan bara kopieras till ett senare år."))
    target = PlanYear.objects.create(
        organisation=source.organisation,
        year=to_year,
        strategic_goal=source.strategic_goal,
        strategic_approach=source.strategic_approach,
        **_fields(PlanYear, source, PlanYear.DOCUMENT_SETTINGS),
    )
    for period in shifted_periods(source, to_year) if periods is None else periods:
        checked_create(Period, plan_year=target, is_open=False, **period)
    levels = {
        level.pk: checked_create(PlanLevel, plan_year=target, order=level.order, **_fields(PlanLevel, level))
        for level in source.levels.all()
    }
    goals = list(
        source.goals.select_related("level").prefetch_related("measures__components").order_by("level__order", "order")
    )
    chosen = {g.pk for g in goals} if goal_ids is None else _with_ancestors(goals, set(goal_ids))
    copies: dict[int, Goal] = {}
    for goal in goals:
        if goal.pk not in chosen:
            continue
        copy = checked_create(
            Goal,
            plan_year=target,
            level=levels[goal.level_id],
            parent=copies.get(goal.parent_id),
            unit_id=goal.unit_id,
            order=goal.order,
            predecessor=goal,
            **_fields(Goal, goal),
        )
        copies[goal.pk] = copy
        for measure in goal.measures.all() if measures else []:
            measure_copy = checked_create(
                Measure,
                goal=copy,
                dimension_id=measure.dimension_id,
                order=measure.order,
                predecessor=measure,
                # Last year's own baseline ("föregående värde avser 2022") is two years old in
                # the new year: the predecessor's measured value is the baseline now.
                **{**_fields(Measure, measure), "previous_label": "", "previous_value": None},
            )
            bulk_create_with_history(
                [
                    MeasureComponent(measure=measure_copy, order=c.order, **_fields(MeasureComponent, c))
                    for c in measure.components.all()
                ],
                MeasureComponent,
            )
    for text in source.texts.filter(period__isnull=True) if texts else []:
        if text.node_id and text.node_id not in copies:
            continue
        TextSection.objects.create(
            plan_year=target,
            period=None,
            unit_id=text.unit_id,
            node=copies.get(text.node_id),
            order=text.order,
            **_fields(TextSection, text),
        )
    bulk_create_with_history(
        [
            MemberContribution(plan_year=target, member_id=c.member_id, order=c.order, amount=c.amount)
            for c in (source.contributions.all() if contributions else [])
        ],
        MemberContribution,
    )
    return target


def _with_ancestors(goals: list[Goal], chosen: set[int]) -> set[int]:
    """A chosen goal keeps its place in the tree: the goals above it come along."""
    parents = {g.pk: g.parent_id for g in goals}
    result = set()
    for pk in chosen:
        while pk is not None and pk not in result:
            result.add(pk)
            pk = parents.get(pk)
    return result
