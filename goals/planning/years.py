"""Starting a year: what Planera proposes (levels, periods, deadlines) and the one write."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from .. import copying
from ..copying import checked_create
from ..models import Period, PeriodKind, PlanLevel, PlanYear, level_words
from ..reminder_days import DEFAULT_REMINDER_DAYS


class StartError(Exception):
    pass


def latest_year(organisation) -> PlanYear | None:
    return organisation.plan_years.order_by("-year").first()


def proposed_periods(source: PlanYear | None, to_year: int) -> list[dict]:
    """Last year's periods and deadlines a year on; without a last year, a delårsrapport per 31
    augusti and an årsbokslut, with the deadlines most förbund use."""
    if source is not None and source.periods.exists():
        return copying.shifted_periods(source, to_year)
    return [
        {
            "kind": PeriodKind.INTERIM,
            "end_date": date(to_year, 8, 31),
            "deadline": date(to_year, 9, 15),
            "reminder_days": DEFAULT_REMINDER_DAYS,
        },
        {
            "kind": PeriodKind.ANNUAL,
            "end_date": date(to_year, 12, 31),
            "deadline": date(to_year + 1, 1, 20),
            "reminder_days": DEFAULT_REMINDER_DAYS,
        },
    ]


def proposed_levels(source: PlanYear | None) -> list[dict]:
    """Last year's levels, or one level "Mål" printed as the chapter's rows."""
    if source is not None and source.levels.exists():
        return [
            {"order": level.order, **{name: getattr(level, name) for name in PlanLevel.DOCUMENT_FIELDS}}
            for level in source.levels.all()
        ]
    return [{"key": "mal", "name": "Mål", "order": 0, "table_rows": True, **level_words("mål")}]


@transaction.atomic
def start_year(
    *,
    organisation,
    year: int,
    periods: list[dict],
    source: PlanYear | None = None,
    copy: bool = False,
    goal_ids: list[int] | None = None,
    measures: bool = True,
    texts: bool = True,
    contributions: bool = True,
) -> PlanYear:
    """A new year for the organisation: copied from `source` (the chosen goals, and what else
    kansliet carries) or blank with `source`'s levels and headings; periods as kansliet set them."""
    if organisation.plan_years.filter(year=year).exists():
        raise StartError(_("Verksamhetsåret %(year)s finns redan.") % {"year": year})
    if source is not None and source.organisation_id != organisation.pk:
        raise StartError(_("Året att utgå från hör till en annan organisation."))
    if copy:
        if source is None:
            raise StartError(_("Välj ett år att kopiera från."))
        try:
            return copying.copy_plan(
                source=source,
                to_year=year,
                goal_ids=goal_ids,
                periods=periods,
                measures=measures,
                texts=texts,
                contributions=contributions,
            )
        except copying.CopyError as error:
            raise StartError(str(error)) from error
    settings = {name: getattr(source, name) for name in PlanYear.DOCUMENT_SETTINGS} if source else {}
    target = checked_create(PlanYear, organisation=organisation, year=year, **settings)
    for period in periods:
        checked_create(Period, plan_year=target, is_open=False, **period)
    for level in proposed_levels(source):
        checked_create(PlanLevel, plan_year=target, **level)
    return target
