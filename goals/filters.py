"""Filters of lists: kansliet's follow-ups behind the overview's counts (one row per followed-up
goal of a period, with its follow-up if there is one, so "saknas" can be listed too) and Mina mål."""

import django_filters
from django import forms
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import FollowUp, Goal, Period, State, Status
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


class MyGoalsFilter(forms.Form):
    period = forms.ChoiceField(label=_("Period"), required=False)
    unit = forms.ChoiceField(label=_("Enhet"), required=False)
    status = forms.ChoiceField(label=_("Bedömning"), required=False)
    state = forms.ChoiceField(label=_("Läge"), required=False)

    def __init__(self, *args, units, periods, **kwargs):
        super().__init__(*args, **kwargs)
        if len(periods) > 1:
            # Two open periods (the delår and last year's årsbokslut): choose which to work on.
            several = len({p.plan_year.organisation_id for p in periods}) > 1
            self.fields["period"].choices = [("", gettext("Alla öppna perioder"))] + [
                (str(p.pk), self.period_label(p, with_organisation=several)) for p in periods
            ]
        else:
            del self.fields["period"]
        self.fields["unit"].choices = [("", gettext("Alla enheter"))] + [(str(u.pk), u.name) for u in units]
        self.fields["status"].choices = [("", gettext("Alla bedömningar")), ("none", gettext("Ej bedömd"))] + list(
            Status.choices
        )
        self.fields["state"].choices = [("", gettext("Alla lägen")), ("missing", gettext("Ej påbörjad"))] + list(
            State.choices
        )

    @staticmethod
    def period_label(period, *, with_organisation: bool) -> str:
        label = f"{period.plan_year.year} – {period.get_kind_display()} {period.key}"
        return f"{period.plan_year.organisation.name}: {label}" if with_organisation else label

    def apply(self, rows):
        if not self.is_valid():
            return rows
        unit, status, state = self.cleaned_data["unit"], self.cleaned_data["status"], self.cleaned_data["state"]
        period = self.cleaned_data.get("period")
        if period:
            rows = [r for r in rows if str(r["period"].pk) == period]
        if status == "none":
            rows = [r for r in rows if not (r["follow_up"] and r["follow_up"].status)]
        elif status:
            rows = [r for r in rows if r["follow_up"] and r["follow_up"].status == status]
        if unit:
            rows = [r for r in rows if str(r["goal"].unit_id) == unit]
        if state == "missing":
            rows = [r for r in rows if r["follow_up"] is None]
        elif state:
            rows = [r for r in rows if r["follow_up"] and r["follow_up"].state == state]
        return rows
