"""What kansliet may plan: its own organisations' years, 404 for everyone else."""

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import FollowUp, Goal, Measure, Organisation, Period, PlanLevel, PlanYear, State
from ..selectors import is_kansli


def organisation_for_planning(user, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not is_kansli(user, organisation):
        raise Http404
    return organisation


def plan_year_for_planning(user, slug: str, year: int) -> PlanYear:
    plan_year = get_object_or_404(PlanYear.objects.select_related("organisation"), organisation__slug=slug, year=year)
    if not is_kansli(user, plan_year.organisation):
        raise Http404
    return plan_year


def level_in_year(plan_year: PlanYear, level_id: int) -> PlanLevel:
    return get_object_or_404(plan_year.levels, pk=level_id)


def period_in_year(plan_year: PlanYear, period_id: int) -> Period:
    return get_object_or_404(plan_year.periods, pk=period_id)


def goal_in_year(plan_year: PlanYear, goal_id: int) -> Goal:
    return get_object_or_404(plan_year.goals.select_related("level", "parent", "unit"), pk=goal_id)


def measure_in_year(plan_year: PlanYear, measure_id: int) -> Measure:
    return get_object_or_404(Measure.objects.select_related("goal"), goal__plan_year=plan_year, pk=measure_id)


def subtree(goal: Goal) -> list[Goal]:
    """The goal and every goal below it, the goal first."""
    by_parent: dict[int | None, list[Goal]] = {}
    for other in goal.plan_year.goals.only("id", "parent_id", "title", "key"):
        by_parent.setdefault(other.parent_id, []).append(other)
    result, stack = [goal], [goal.pk]
    while stack:
        for child in by_parent.get(stack.pop(), []):
            result.append(child)
            stack.append(child.pk)
    return result


def follow_up_counts(goal_ids) -> dict[str, int]:
    """How many follow-ups these goals have: all, and those submitted or approved."""
    follow_ups = FollowUp.objects.filter(goal_id__in=list(goal_ids))
    return {
        "all": follow_ups.count(),
        "handed_in": follow_ups.filter(state__in=[State.SUBMITTED, State.APPROVED]).count(),
    }


def earlier_goals(plan_year: PlanYear):
    """Goals a goal of this year may continue: the organisation's earlier years'."""
    return (
        Goal.objects.filter(plan_year__organisation_id=plan_year.organisation_id, plan_year__year__lt=plan_year.year)
        .select_related("plan_year")
        .order_by("-plan_year__year", "level__order", "order", "id")
    )


def earlier_measures(plan_year: PlanYear):
    return (
        Measure.objects.filter(
            goal__plan_year__organisation_id=plan_year.organisation_id, goal__plan_year__year__lt=plan_year.year
        )
        .select_related("goal__plan_year")
        .order_by("-goal__plan_year__year", "goal__level__order", "goal__order", "order", "id")
    )


def goal_rows(plan_year: PlanYear) -> list[dict]:
    """The year's goals in tree order, each with its depth, its mätetal, whether it can move up
    or down among its siblings and how many follow-ups it has (a fixed number of queries)."""
    goals = list(
        plan_year.goals.select_related("level", "unit", "predecessor__plan_year")
        .prefetch_related("measures__predecessor__goal__plan_year")
        .annotate(
            follow_up_count=Count("follow_ups", distinct=True),
            handed_in_count=Count(
                "follow_ups", filter=Q(follow_ups__state__in=[State.SUBMITTED, State.APPROVED]), distinct=True
            ),
        )
        .order_by("level__order", "order", "id")
    )
    known = {g.pk for g in goals}
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        # A goal whose parent is missing is shown at the top rather than lost.
        children.setdefault(goal.parent_id if goal.parent_id in known else None, []).append(goal)
    rows: list[dict] = []

    def visit(parent_id, depth):
        group = children.get(parent_id, [])
        for goal in group:
            same_level = [g for g in group if g.level_id == goal.level_id]
            rows.append(
                {
                    "goal": goal,
                    "depth": min(depth, 3),
                    "first": same_level[0] is goal,
                    "last": same_level[-1] is goal,
                    "measures": list(goal.measures.all()),
                }
            )
            visit(goal.pk, depth + 1)

    visit(None, 0)
    return rows
