"""Who may read what through the API: the web's rules, asked once per request.

Anonymous callers read the public years, and of those only approved follow-ups; a kansli token
reads every state of its own förbund's years. Anything else is 404, as on the web.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.shortcuts import get_object_or_404

from goals.models import FollowUp, Organisation, PlanYear, State
from goals.selectors import kansli_organisations
from public.selectors import public_prints


def public_plan_years():
    """The plan years anyone may read: those the organisation has published that have a public
    chapter, the same rule as the public pages under /offentlig/ (public.selectors)."""
    return PlanYear.objects.filter(is_public=True, pk__in=public_prints().values("plan_year_id"))


@dataclass(frozen=True)
class Reader:
    """The caller: a token's user, or nobody."""

    kansli_ids: frozenset[int]

    @classmethod
    def for_token(cls, token) -> "Reader":
        if token is None:
            return cls(frozenset())
        return cls(frozenset(kansli_organisations(token.user).values_list("pk", flat=True)))

    def plan_years(self):
        return PlanYear.objects.filter(Q(organisation_id__in=self.kansli_ids) | Q(pk__in=public_plan_years()))

    def organisations(self):
        return Organisation.objects.filter(Q(pk__in=self.kansli_ids) | Q(plan_years__in=public_plan_years())).distinct()

    def sees_all_states(self, plan_year: PlanYear) -> bool:
        return plan_year.organisation_id in self.kansli_ids

    def plan_year_or_404(self, slug: str, year: int) -> PlanYear:
        return get_object_or_404(self.plan_years().select_related("organisation"), organisation__slug=slug, year=year)

    def follow_ups(self, plan_year: PlanYear):
        """The year's follow-ups this caller may read: all for its kansli, approved for everyone."""
        follow_ups = FollowUp.objects.filter(goal__plan_year=plan_year)
        if not self.sees_all_states(plan_year):
            follow_ups = follow_ups.filter(state=State.APPROVED)
        return follow_ups
