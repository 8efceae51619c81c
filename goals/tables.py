import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .models import State, Status


def status_badge(status: str) -> str:
    if not status:
        return format_html('<span class="status status-none">{}</span>', _("Ej bedömd"))
    return format_html('<span class="status status-{}">{}</span>', status, Status(status).label)


def state_badge(state: str | None) -> str:
    if state is None:
        return format_html('<span class="state state-missing">{}</span>', _("Ej påbörjad"))
    return format_html('<span class="state state-{}">{}</span>', state, State(state).label)


def labelled(label) -> dict:
    """The cell's column name, which narrow screens show beside the value when rows stack."""
    return {"td": {"data-label": label}}


class MyGoalsTable(tables.Table):
    """Rows are dicts from selectors.my_goal_rows: goal, period, follow_up (or None)."""

    unit = tables.Column(
        verbose_name=_("Enhet"),
        accessor="goal__owner_display",
        order_by=("goal__owner_display",),
        attrs=labelled(_("Enhet")),
    )
    title = tables.Column(
        verbose_name=_("Mål/uppdrag"), accessor="goal__title", order_by=("goal__order",), attrs=labelled(_("Mål"))
    )
    period = tables.Column(
        verbose_name=_("Period"),
        accessor="period__column_heading",
        order_by=("period__end_date",),
        attrs=labelled(_("Period")),
    )
    deadline = tables.DateColumn(
        verbose_name=_("Sista dag"), accessor="period__deadline", format="j F Y", attrs=labelled(_("Sista dag"))
    )
    status = tables.Column(
        verbose_name=_("Bedömning"),
        accessor="follow_up__status",
        default="",
        empty_values=(),
        attrs=labelled(_("Bedömning")),
    )
    state = tables.Column(
        verbose_name=_("Läge"), accessor="follow_up__state", empty_values=(), attrs=labelled(_("Läge"))
    )

    class Meta:
        attrs = {"class": "table stack-on-narrow"}
        order_by = ("period", "title")

    def render_title(self, record):
        url = reverse("follow_up_edit", args=[record["goal"].pk, record["period"].pk])
        goal = record["goal"]
        if goal.parent_id:
            return format_html(
                '<a href="{}">{}</a><span class="baseline">{}: {}</span>',
                url,
                goal.title,
                goal.parent.level.name,
                goal.parent.title,
            )
        return format_html('<a href="{}">{}</a>', url, goal.title)

    def render_status(self, record):
        follow_up = record["follow_up"]
        return status_badge(follow_up.status if follow_up else "")

    def render_state(self, record):
        follow_up = record["follow_up"]
        return state_badge(follow_up.state if follow_up else None)


class FollowUpListTable(tables.Table):
    """Rows are goals annotated by filters.FollowUpListFilter with the period's follow-up (if any)."""

    title = tables.Column(verbose_name=_("Mål/uppdrag"), order_by=("order", "id"), attrs=labelled(_("Mål")))
    unit = tables.Column(
        verbose_name=_("Enhet"),
        accessor="owner_display",
        order_by=("unit__order", "unit__name"),
        attrs=labelled(_("Enhet")),
    )
    state = tables.Column(
        verbose_name=_("Läge"), accessor="follow_up_state", empty_values=(), attrs=labelled(_("Läge"))
    )
    status = tables.Column(
        verbose_name=_("Bedömning"), accessor="follow_up_status", empty_values=(), attrs=labelled(_("Bedömning"))
    )
    updated = tables.DateTimeColumn(
        verbose_name=_("Senast ändrad"), accessor="follow_up_updated", format="j F Y H:i", attrs=labelled(_("Ändrad"))
    )

    class Meta:
        attrs = {"class": "table stack-on-narrow follow-up-list"}
        order_by = ("unit", "title")

    def __init__(self, *args, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.period = period

    def render_title(self, record):
        if record.follow_up_state == State.SUBMITTED:
            url = reverse("review", args=[record.follow_up_id])
        else:
            url = reverse("follow_up_edit", args=[record.pk, self.period.pk])
        return format_html('<a href="{}">{}</a>', url, record.title)

    def render_state(self, record):
        return state_badge(record.follow_up_state)

    def render_status(self, record):
        return status_badge(record.follow_up_status or "")
