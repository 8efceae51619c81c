"""Reads that several views share, most of them answering "what may this user see?"."""

from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404

from . import units
from .access import access_for
from .breakdown import populations_for
from .evaluation import Reading, reading_from_values, values_by_measure
from .models import (
    FollowUp,
    Goal,
    MeasureValue,
    Member,
    Organisation,
    Period,
    PlanYear,
    SentMail,
    State,
    Unit,
)


def managed_units(user):
    """The units whose follow-ups this user writes."""
    return Unit.objects.filter(pk__in=access_for(user).unit_ids)


def is_kansli(user, organisation) -> bool:
    return access_for(user).is_kansli(organisation)


def can_read_all(user, organisation) -> bool:
    """Kansliet, läsare (direktion, revisorer) and superusers read the whole plan."""
    return access_for(user).reads_all(organisation)


def organisations_for(user):
    access = access_for(user)
    if access.superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=access.organisation_ids)


def kansli_organisations(user):
    access = access_for(user)
    if access.superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=access.kansli_ids)


def can_write_goal(user, goal: Goal) -> bool:
    return access_for(user).writes(goal)


def goal_for_user(user, goal_id: int) -> Goal:
    """The goal if this user may read it; 404 otherwise, so other units' data stays invisible."""
    goal = get_object_or_404(
        Goal.objects.select_related("plan_year__organisation", "unit", "parent__level", "level")
        .prefetch_related("measures__components")
        # Most goals a unit follows up have none below: then child_statuses needs no query.
        .annotate(has_children=Exists(Goal.objects.filter(parent=OuterRef("pk")))),
        pk=goal_id,
    )
    organisation = goal.plan_year.organisation
    if can_write_goal(user, goal) or can_read_all(user, organisation):
        return goal
    raise Http404


def follow_up_for_kansli(user, follow_up_id: int) -> FollowUp:
    follow_up = get_object_or_404(
        FollowUp.objects.select_related(
            "goal__plan_year__organisation", "goal__unit", "goal__level", "goal__parent__level", "period"
        ).prefetch_related(
            "goal__measures__components", "values__measure", "values__municipality", "values__item", "values__component"
        ),
        pk=follow_up_id,
    )
    if not is_kansli(user, follow_up.goal.plan_year.organisation):
        raise Http404
    return follow_up


def follow_up_for_reader(user, follow_up_id: int) -> FollowUp:
    follow_up = get_object_or_404(
        FollowUp.objects.select_related("goal__plan_year__organisation", "goal__unit", "period"), pk=follow_up_id
    )
    goal_for_user(user, follow_up.goal_id)
    return follow_up


def plan_year_for_reader(user, slug: str, year: int) -> PlanYear:
    plan_year = get_object_or_404(PlanYear.objects.select_related("organisation"), organisation__slug=slug, year=year)
    if not can_read_all(user, plan_year.organisation):
        raise Http404
    return plan_year


def open_periods_for(user):
    return Period.objects.open().filter(plan_year__organisation__in=organisations_for(user))


def my_goal_rows(user):
    """One row per goal of the user's units and open period, with its follow-up if any.

    Kansliet also writes the goals of "samtliga verksamheter" (no unit).
    """
    units = managed_units(user)
    kansli_orgs = kansli_organisations(user)
    periods = list(open_periods_for(user).select_related("plan_year__organisation"))
    goals = (
        Goal.objects.followed_up()
        .filter(plan_year__in={p.plan_year_id for p in periods})
        .filter(Q(unit__in=units) | Q(unit__isnull=True, plan_year__organisation__in=kansli_orgs))
        .select_related("unit", "plan_year__organisation", "parent__level", "level")
    )
    follow_ups = {
        (f.goal_id, f.period_id): f
        for f in FollowUp.objects.filter(goal__in=goals, period__in=periods).only(
            "id", "goal_id", "period_id", "status", "state", "updated_at"
        )
    }
    rows = []
    for period in periods:
        for goal in goals:
            if goal.plan_year_id == period.plan_year_id:
                rows.append({"goal": goal, "period": period, "follow_up": follow_ups.get((goal.id, period.id))})
    return rows


def overview_counts(period: Period):
    """Per unit: how many goals lack a follow-up, and how many are in each state."""
    goals = Goal.objects.followed_up().filter(plan_year=period.plan_year)
    per_unit = (
        goals.values("unit_id", "unit__name", "unit__order")
        .annotate(
            total=Count("id", distinct=True),
            draft=Count("follow_ups", filter=Q(follow_ups__period=period, follow_ups__state=State.DRAFT)),
            submitted=Count("follow_ups", filter=Q(follow_ups__period=period, follow_ups__state=State.SUBMITTED)),
            returned=Count("follow_ups", filter=Q(follow_ups__period=period, follow_ups__state=State.RETURNED)),
            approved=Count("follow_ups", filter=Q(follow_ups__period=period, follow_ups__state=State.APPROVED)),
        )
        .order_by("unit__order", "unit__name")
    )
    rows = []
    for row in per_unit:
        written = row["draft"] + row["submitted"] + row["returned"] + row["approved"]
        rows.append({**row, "missing": row["total"] - written})
    return rows


def plan_goals(plan_year: PlanYear, period: Period | None, *, approved_only: bool = False):
    """Goals with what a read view or the chapter needs, in a fixed number of queries.

    approved_only: what the direktion and the revisorer read by default; a draft is not yet
    the förbund's word.
    """
    follow_ups = FollowUp.objects.filter(period=period).prefetch_related("values__municipality", "values__item")
    if approved_only:
        follow_ups = follow_ups.filter(state=State.APPROVED)
    return (
        plan_year.goals.select_related("unit", "parent", "level")
        .prefetch_related(
            "measures__components", Prefetch("follow_ups", queryset=follow_ups, to_attr="period_follow_ups")
        )
        .order_by("level__order", "order", "id")
    )


def survey_answers(measures) -> list[str]:
    """The answer columns already used for these survey questions, this year or the year before."""
    ids = [m.pk for m in measures] + [m.predecessor_id for m in measures if m.predecessor_id]
    answers = (
        MeasureValue.objects.filter(measure_id__in=ids, municipality=None, item=None, component=None)
        .exclude(category="")
        .order_by("order", "id")
        .values_list("category", flat=True)
    )
    return list(dict.fromkeys(answers))


def baselines_for(measures) -> dict[int, tuple[str, Decimal]]:
    """Last year's figure per mätetal, in this year's unit: the predecessor's latest measured
    value, else the figure typed into the plan (previous_value). One query however many mätetal."""
    by_predecessor = {}
    predecessor_ids = [m.predecessor_id for m in measures if m.predecessor_id]
    if predecessor_ids:
        values = (
            MeasureValue.objects.filter(
                measure_id__in=predecessor_ids,
                municipality=None,
                item=None,
                component=None,
                gender="",
                category="",
                value__isnull=False,
            )
            .select_related("follow_up__period__plan_year", "measure")
            .order_by("follow_up__period__end_date")
        )
        for value in values:
            unit = value.unit_label or value.measure.unit_label
            by_predecessor[value.measure_id] = (str(value.follow_up.period.plan_year.year), value.value, unit)
    baselines = {}
    for measure in measures:
        if measure.predecessor_id in by_predecessor:
            label, value, unit = by_predecessor[measure.predecessor_id]
            # Last year in tkr and this year in mnkr is one comparison; lärare and pedagoger none.
            converted = units.convert(value, unit, measure.unit_label)
            if converted is not None:
                baselines[measure.pk] = (label, converted)
        elif measure.previous_value is not None:
            baselines[measure.pk] = (measure.previous_label, measure.previous_value)
    return baselines


def child_statuses(goal: Goal, period: Period) -> list[str]:
    """The statuses of the followed-up goals directly below, for the goal's proposal."""
    if getattr(goal, "has_children", True) is False:
        return []
    status = FollowUp.objects.filter(goal=OuterRef("pk"), period=period).values("status")[:1]
    rows = goal.children.followed_up().annotate(period_status=Subquery(status)).values_list("period_status", flat=True)
    return [status or "" for status in rows]


def stored_readings(follow_up: FollowUp | None, measures, year: int) -> dict[int, Reading]:
    """What the follow-up holds per mätetal, with the förbund's figure of a grid filled in."""
    if follow_up is None:
        return {}
    values = values_by_measure(follow_up)
    populations = {}
    if any(v.municipality_id for rows in values.values() for v in rows):
        members = Member.objects.municipalities().filter(organisation_id=follow_up.goal.plan_year.organisation_id)
        populations = populations_for(members, year)
    return {m.pk: reading_from_values(m, values.get(m.pk, []), populations) for m in measures}


def assessed_nodes(plan_year: PlanYear, period: Period | None, *, approved_only: bool = False) -> list:
    """Every goal of the year with its follow-up for `period`, assessed, in tree order (a fixed
    number of queries): what the plan page shows and what kansliet's overview counts."""
    from .tree import build_tree, flatten  # tree builds on evaluation, which this module also uses

    goals = list(plan_goals(plan_year, period, approved_only=approved_only))
    members = Member.objects.municipalities().filter(organisation_id=plan_year.organisation_id)
    return flatten(
        build_tree(
            goals,
            period_kind=period.kind if period else "",
            baselines=baselines_for([m for goal in goals for m in goal.measures.all()]),
            populations=populations_for(members, plan_year.year),
        )
    )


def recent_sent_mail(organisation, limit: int = 15):
    """The latest mails about this organisation, for kansliet's overview."""
    return SentMail.objects.filter(organisation=organisation).select_related("recipient", "period__plan_year")[:limit]
