"""What kansliet's overview shows per period: counts per unit with links to the follow-ups
behind each count, progress, what waits for review, and what closing the period leaves undone."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import selectors
from .models import FollowUp, Period, State

# The overview's columns, in order: the row's key and the list filter its link applies.
COUNT_COLUMNS = (
    ("total", {}),
    ("missing", {"state": "missing"}),
    ("draft", {"state": State.DRAFT}),
    ("submitted", {"state": State.SUBMITTED}),
    ("returned", {"state": State.RETURNED}),
    ("approved", {"state": State.APPROVED}),
    ("disagreeing", {"disagrees": "ja"}),
)
NO_UNIT = "none"
ALL_UNITS = object()


def follow_up_list_url(period: Period, *, unit=ALL_UNITS, **filters) -> str:
    """The kansli list of the follow-ups behind a count: this period, this unit (None for
    "samtliga verksamheter", the goals without a unit), this state."""
    query = {"period": period.pk}
    if unit is not ALL_UNITS:
        query["unit"] = NO_UNIT if unit is None else unit
    query.update(filters)
    return reverse("follow_up_list", args=[period.plan_year.organisation.slug]) + "?" + urlencode(query)


def unit_rows(period: Period) -> list[dict]:
    """selectors.overview_counts with what the unit still owes and what it has handed in."""
    rows = selectors.overview_counts(period)
    for row in rows:
        row["outstanding"] = row["missing"] + row["draft"] + row["returned"]
        row["handed_in"] = row["submitted"] + row["approved"]
    return rows


@dataclass
class PeriodOverview:
    period: Period
    rows: list
    to_review: list
    disagreeing_nodes: list
    past_deadline: bool
    disagreeing: set = field(default_factory=set)


def period_overview(period: Period) -> PeriodOverview:
    rows = unit_rows(period)
    # Statuses that go against their own figures, so kansliet looks at them before approving.
    disagreeing = [n for n in selectors.assessed_nodes(period.plan_year, period) if n.disagrees]
    per_unit: dict = {}
    for node in disagreeing:
        per_unit[node.goal.unit_id] = per_unit.get(node.goal.unit_id, 0) + 1
    past_deadline = bool(period.is_open and period.deadline and period.deadline < timezone.localdate())
    for row in rows:
        row["disagreeing"] = per_unit.get(row["unit_id"], 0)
        # Kansliet chases the units that still owe something once the deadline has passed.
        row["late"] = past_deadline and bool(row["outstanding"])
        row["links"] = {
            key: follow_up_list_url(period, unit=row["unit_id"], **filters) for key, filters in COUNT_COLUMNS
        }
    to_review = list(
        FollowUp.objects.filter(period=period, state=State.SUBMITTED)
        .select_related("goal__unit")
        .order_by("goal__order")
    )
    return PeriodOverview(
        period=period,
        rows=rows,
        to_review=to_review,
        disagreeing_nodes=disagreeing,
        past_deadline=past_deadline,
        disagreeing={n.follow_up.pk for n in disagreeing},
    )


@dataclass
class ClosingSummary:
    units: list  # overview rows of the units that still owe follow-ups
    outstanding: int

    @property
    def sentence(self) -> str:
        if not self.outstanding:
            return _("Perioden stängs: alla uppföljningar är inskickade.")
        units = ngettext("%(count)s enhet har", "%(count)s enheter har", len(self.units)) % {"count": len(self.units)}
        follow_ups = ngettext(
            "%(count)s uppföljning kvar som inte är inskickad",
            "%(count)s uppföljningar kvar som inte är inskickade",
            self.outstanding,
        ) % {"count": self.outstanding}
        return _("Perioden stängs: %(units)s %(follow_ups)s; de kan inte längre skriva.") % {
            "units": units,
            "follow_ups": follow_ups,
        }


def closing_summary(period: Period) -> ClosingSummary:
    """What closing the period leaves undone: per unit, follow-ups missing, in draft or returned."""
    rows = [row for row in unit_rows(period) if row["outstanding"]]
    return ClosingSummary(units=rows, outstanding=sum(row["outstanding"] for row in rows))
