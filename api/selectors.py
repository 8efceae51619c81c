"""The API's reads, each in a fixed number of queries however large the year is."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404

from goals.models import Goal, Measure, MeasureValue, Organisation, PlanYear

from .access import Reader, public_plan_years

MEASURE_RELATED = ("goal", "dimension", "predecessor__goal__plan_year")


def organisations(reader: Reader) -> tuple[list[tuple[Organisation, list[PlanYear]]], set[int]]:
    """The organisations with years this caller may read, and which of those years are public."""
    public = set(public_plan_years().values_list("pk", flat=True))
    years = reader.plan_years().order_by("-year")
    rows = reader.organisations().prefetch_related(Prefetch("plan_years", queryset=years, to_attr="readable_years"))
    return [(organisation, organisation.readable_years) for organisation in rows], public


def organisation(reader: Reader, slug: str) -> tuple[Organisation, set[int]]:
    found = get_object_or_404(
        reader.organisations().prefetch_related(
            Prefetch("plan_years", queryset=reader.plan_years().order_by("-year"), to_attr="readable_years"),
            "members",
            "units",
            "dimensions__items",
        ),
        slug=slug,
    )
    return found, set(public_plan_years().filter(organisation=found).values_list("pk", flat=True))


def is_public(plan_year: PlanYear) -> bool:
    return public_plan_years().filter(pk=plan_year.pk).exists()


def goal_tree(plan_year: PlanYear) -> tuple[list, dict[int | None, list[Goal]]]:
    """The year's levels and its goals by parent, with their mätetal: a constant number of queries."""
    goals = plan_year.goals.select_related("level", "unit", "predecessor__plan_year").prefetch_related(
        Prefetch(
            "measures",
            queryset=Measure.objects.select_related("dimension", "predecessor__goal__plan_year").prefetch_related(
                "components"
            ),
        )
    )
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)
    return list(plan_year.levels.all()), children


def measures(plan_year: PlanYear):
    return (
        Measure.objects.filter(goal__plan_year=plan_year)
        .select_related(*MEASURE_RELATED)
        .prefetch_related("components")
        .order_by("goal__order", "goal_id", "order", "id")
    )


def measure_or_404(plan_year: PlanYear, measure_id: int) -> Measure:
    return get_object_or_404(Measure.objects.select_related("goal"), goal__plan_year=plan_year, pk=measure_id)


def values(reader: Reader, plan_year: PlanYear, measure: Measure):
    return (
        MeasureValue.objects.filter(measure=measure, follow_up__in=reader.follow_ups(plan_year))
        .select_related("follow_up__period", "measure", "component", "municipality", "item")
        .order_by("follow_up__period__end_date", "order", "id")
    )


def follow_ups(reader: Reader, plan_year: PlanYear, *, period=None, unit=None, state=None):
    follow_ups = reader.follow_ups(plan_year)
    if period is not None:
        follow_ups = follow_ups.filter(period=period)
    if unit is not None:
        follow_ups = follow_ups.filter(goal__unit__slug=unit)
    if state is not None:
        follow_ups = follow_ups.filter(state=state)
    return (
        follow_ups.select_related("goal", "period", "author")
        .prefetch_related("values__measure", "values__component", "values__municipality", "values__item")
        .order_by("period__end_date", "goal__order", "goal_id")
    )


def period_or_404(plan_year: PlanYear, key: str):
    for period in plan_year.periods.all():
        if period.key == key:
            return period
    raise Http404
