"""Kansliet's objects for this user, or 404: other förbund's plans stay invisible."""

from django.shortcuts import get_object_or_404

from goals import selectors
from goals.models import Period, PlanYear


def organisation_for_kansli(user, slug: str):
    return get_object_or_404(selectors.kansli_organisations(user), slug=slug)


def plan_year_for_kansli(user, slug: str, year: int) -> PlanYear:
    organisation = organisation_for_kansli(user, slug)
    return get_object_or_404(PlanYear.objects.select_related("organisation"), organisation=organisation, year=year)


def period_for_kansli(user, slug: str, period_id: int) -> Period:
    organisation = organisation_for_kansli(user, slug)
    return get_object_or_404(
        Period.objects.select_related("plan_year__organisation"), plan_year__organisation=organisation, pk=period_id
    )
