"""Next year's plan starts as a copy of this year's: kansliet chooses which goals to carry."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from .models import FocusArea, Goal, Measure, Period, PlanYear, SubItem, TextSection


class CopyError(Exception):
    pass


def _same_day(day: date, year: int) -> date:
    return day.replace(year=year) if not (day.month == 2 and day.day == 29) else date(year, 2, 28)


@transaction.atomic
def copy_plan(*, source: PlanYear, to_year: int, goal_ids: list[int] | None = None) -> PlanYear:
    """Copy fokusområden, goals (all, or those in `goal_ids`), sub-items, mätetal with targets,
    periods (closed) and the plan's own texts to `to_year`. Follow-ups are not copied; copied
    goals and mätetal point to their predecessors, so last year's values are the baseline.
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
    )
    shift = to_year - source.year
    for period in source.periods.all():
        Period.objects.create(
            plan_year=target,
            kind=period.kind,
            end_date=_same_day(period.end_date, period.end_date.year + shift),
            deadline=_same_day(period.deadline, period.deadline.year + shift) if period.deadline else None,
            is_open=False,
        )
    focus_areas = {}
    for area in source.focus_areas.all():
        focus_areas[area.pk] = FocusArea.objects.create(
            plan_year=target, title=area.title, description=area.description, order=area.order
        )
    for text in source.texts.filter(period__isnull=True):
        TextSection.objects.create(
            plan_year=target,
            section=text.section,
            kind=text.kind,
            unit=text.unit,
            focus_area=focus_areas.get(text.focus_area_id),
            heading=text.heading,
            body=text.body,
            order=text.order,
        )
    goals = source.goals.prefetch_related("measures", "sub_items")
    if goal_ids is not None:
        goals = goals.filter(pk__in=goal_ids)
    for goal in goals:
        copy = Goal.objects.create(
            plan_year=target,
            kind=goal.kind,
            title=goal.title,
            description=goal.description,
            unit=goal.unit,
            owner_label=goal.owner_label,
            focus_area=focus_areas.get(goal.focus_area_id),
            appendix=goal.appendix,
            assessment_rule=goal.assessment_rule,
            required_met=goal.required_met,
            order=goal.order,
            predecessor=goal,
        )
        SubItem.objects.bulk_create(SubItem(goal=copy, title=s.title, order=s.order) for s in goal.sub_items.all())
        Measure.objects.bulk_create(
            Measure(
                goal=copy,
                text=m.text,
                target_kind=m.target_kind,
                comparator=m.comparator,
                target_value=m.target_value,
                unit_label=m.unit_label,
                breakdown=m.breakdown,
                kpi=m.kpi,
                order=m.order,
                predecessor=m,
            )
            for m in goal.measures.all()
        )
    return target
