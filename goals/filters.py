"""Kansliet's list of follow-ups behind the overview's counts: one row per followed-up goal of a
period, with its follow-up if there is one, so "saknas" (no follow-up yet) can be listed too."""

import django_filters
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import FollowUp, Goal, Period, State
from .overview import NO_UNIT


class FollowUpListFilter(django_filters.FilterSet):
    # Declared first: the period decides the year's goals and which follow-up each row shows,
    # and the filters below read what it annotates.
    period = django_filters.ModelChoiceFilter(
        label=_("Period"),
        queryset=Period.objects.none(),
        method="filter_period",
        required=True,
        empty_label=None,
        error_messages={
            "required": _("Välj en period."),
            "invalid_choice": _("Välj en av perioderna i listan."),
        },
    )
    unit = django_filters.ChoiceFilter(label=_("Enhet"), method="filter_unit", empty_label=_("Alla enheter"))
    state = django_filters.ChoiceFilter(
        label=_("Läge"),
        method="filter_state",
        empty_label=_("Alla lägen"),
        choices=[("missing", _("Saknas (ingen uppföljning ännu)"))] + list(State.choices),
    )
    disagrees = django_filters.ChoiceFilter(
        label=_("Mätetalen"),
        method="filter_disagrees",
        empty_label=_("Alla"),
        choices=[("ja", _("Bedömningen avviker från mätetalen"))],
    )

    class Meta:
        model = Goal
        fields = []

    def __init__(self, data=None, *, organisation, **kwargs):
        queryset = (
            Goal.objects.followed_up()
            .filter(plan_year__organisation=organisation)
            .select_related("unit", "plan_year")
            .order_by("unit__order", "unit__name", "order", "id")
        )
        super().__init__(data, queryset=queryset, **kwargs)
        self.organisation = organisation
        periods = Period.objects.filter(plan_year__organisation=organisation).select_related("plan_year")
        self.filters["period"].queryset = periods.order_by("-end_date")
        self.form.fields["period"].label_from_instance = lambda p: (
            f"{p.plan_year.year} – {p.get_kind_display()} {p.key}"
        )
        units = [(str(u.pk), u.name) for u in organisation.units.order_by("order", "name")]
        self.form.fields["unit"].choices = [("", _("Alla enheter")), *units, (NO_UNIT, _("Samtliga verksamheter"))]

    def filter_period(self, queryset, name, period):
        follow_up = FollowUp.objects.filter(goal=OuterRef("pk"), period=period)
        return queryset.filter(plan_year=period.plan_year).annotate(
            follow_up_id=Subquery(follow_up.values("pk")[:1]),
            follow_up_state=Subquery(follow_up.values("state")[:1]),
            follow_up_status=Subquery(follow_up.values("status")[:1]),
            follow_up_updated=Subquery(follow_up.values("updated_at")[:1]),
        )

    def filter_unit(self, queryset, name, value):
        if value == NO_UNIT:
            return queryset.filter(unit__isnull=True)
        return queryset.filter(unit_id=value)

    def filter_state(self, queryset, name, value):
        if value == "missing":
            return queryset.filter(follow_up_id__isnull=True)
        return queryset.filter(follow_up_state=value)

    def filter_disagrees(self, queryset, name, value):
        period = self.form.cleaned_data["period"]
        goal_ids = [n.goal.pk for n in selectors.assessed_nodes(period.plan_year, period) if n.disagrees]
        return queryset.filter(pk__in=goal_ids)
