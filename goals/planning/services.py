"""The writes of Planera: each one transaction, each object checked by the model's own rules
(full_clean) so no path stores a link to another year or an incomplete target."""

from django.db import transaction
from django.db.models import Max

from ..models import Goal, Measure, Period, PlanLevel, PlanYear
from . import selectors


def _checked_save(obj):
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def save_settings(plan_year: PlanYear) -> PlanYear:
    return _checked_save(plan_year)


@transaction.atomic
def save_level(level: PlanLevel) -> PlanLevel:
    if level.pk is None:
        level.order = (level.plan_year.levels.aggregate(top=Max("order"))["top"] or 0) + 1
        if not level.plan_year.levels.exists():
            level.order = 0
    return _checked_save(level)


@transaction.atomic
def delete_level(level: PlanLevel) -> None:
    level.delete()


def _siblings(goal: Goal):
    return goal.plan_year.goals.filter(parent_id=goal.parent_id, level_id=goal.level_id).order_by("order", "id")


@transaction.atomic
def save_goal(goal: Goal) -> Goal:
    """A new goal goes last among its siblings (same parent, same level)."""
    if goal.pk is None:
        goal.order = (_siblings(goal).aggregate(top=Max("order"))["top"] or 0) + 1
    else:
        before = Goal.objects.only("parent_id", "level_id").get(pk=goal.pk)
        if (before.parent_id, before.level_id) != (goal.parent_id, goal.level_id):
            goal.order = (_siblings(goal).exclude(pk=goal.pk).aggregate(top=Max("order"))["top"] or 0) + 1
    return _checked_save(goal)


@transaction.atomic
def delete_goal(goal: Goal) -> int:
    """The goal with the goals below it (a strategi without its inriktningsmål would hang
    outside the tree), their mätetal and follow-ups. Returns how many goals went."""
    goals = selectors.subtree(goal)
    Goal.objects.filter(pk__in=[g.pk for g in goals]).delete()
    return len(goals)


@transaction.atomic
def move_goal(goal: Goal, *, up: bool) -> bool:
    """One step up or down among its siblings; False when it is already first or last."""
    siblings = list(_siblings(goal).select_for_update())
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == goal.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return False
    siblings[index], siblings[other] = siblings[other], siblings[index]
    # Renumbered from 0 so equal orders (imported or copied plans) cannot keep the swap from showing.
    for position, sibling in enumerate(siblings):
        if sibling.order != position:
            # A save, not an update: a new order is a change the history records.
            sibling.order = position
            sibling.save(update_fields=["order"])
    return True


@transaction.atomic
def save_measure(measure: Measure, *, parts=(), removed_parts=()) -> Measure:
    """The mätetal with its parts: `parts` new or changed, `removed_parts` to delete."""
    if measure.pk is None:
        measure.order = (measure.goal.measures.aggregate(top=Max("order"))["top"] or 0) + 1
    _checked_save(measure)
    for part in removed_parts:
        if part.pk and part.measure_id == measure.pk:
            part.delete()
    top = measure.components.aggregate(top=Max("order"))["top"] or 0
    for position, part in enumerate(parts, start=1):
        part.measure = measure
        if part.pk is None:
            part.order = top + position
        _checked_save(part)
    return measure


@transaction.atomic
def delete_measure(measure: Measure) -> None:
    measure.delete()


@transaction.atomic
def save_period(period: Period) -> Period:
    return _checked_save(period)


@transaction.atomic
def delete_period(period: Period) -> None:
    period.delete()
