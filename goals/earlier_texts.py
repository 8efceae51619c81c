"""Earlier texts a follow-up may start from, so a unit does not retype what it wrote before:
the same goal's text of the year's previous period (delår → årsbokslut), and — for a goal
carried over from last year — its predecessor's text of the same kind of period.

Starting from one only fills the form; nothing is stored until the user saves. Figures are
carried only for mätetal that continue: the same mätetal for the previous period, the mätetal
that names the old one as its predecessor for last year's text.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import numbers
from .models import INTERIM_STATUSES, YEAR_END_STATUSES, FollowUp, PeriodKind, Status, TargetKind

PREVIOUS_PERIOD = "period"
PREVIOUS_YEAR = "year"

BUTTONS = {
    PREVIOUS_PERIOD: gettext_lazy("Utgå från förra periodens text"),
    PREVIOUS_YEAR: gettext_lazy("Utgå från förra årets text"),
}


@dataclass
class EarlierText:
    key: str
    follow_up: FollowUp
    # The source's mätetal → this goal's; a mätetal missing here does not continue.
    measures: dict[int, int] = field(default_factory=dict)
    # (source mätetal, part's label) → this goal's part, for mätetal of several parts.
    components: dict[tuple[int, str], int] = field(default_factory=dict)

    @property
    def button(self) -> str:
        return str(BUTTONS[self.key])

    @property
    def source(self) -> str:
        """Where the text comes from, as the page says it: "Delårsrapport 250831 (2025, godkänd)"."""
        period = self.follow_up.period
        return _("%(kind)s %(key)s (%(year)s, %(state)s)") % {
            "kind": period.get_kind_display(),
            "key": period.key,
            "year": period.plan_year.year,
            "state": self.follow_up.get_state_display().lower(),
        }


def _with_text(goal, period) -> FollowUp | None:
    follow_up = (
        FollowUp.objects.filter(goal=goal, period=period)
        .select_related("period__plan_year")
        .prefetch_related("values__component")
        .first()
    )
    return follow_up if follow_up and follow_up.text.strip() else None


def previous_period(goal, period) -> EarlierText | None:
    # The year's periods, usually read already with the period (no query then).
    earlier = [p for p in goal.plan_year.periods.all() if p.end_date < period.end_date]
    source_period = max(earlier, key=lambda p: p.end_date, default=None)
    follow_up = _with_text(goal, source_period) if source_period else None
    if follow_up is None:
        return None
    measures = list(goal.measures.all())
    return EarlierText(
        key=PREVIOUS_PERIOD,
        follow_up=follow_up,
        measures={m.pk: m.pk for m in measures},
        components={(m.pk, c.label): c.pk for m in measures for c in m.components.all()},
    )


def previous_year(goal, period) -> EarlierText | None:
    predecessor = goal.predecessor
    if predecessor is None or predecessor.plan_year.organisation_id != goal.plan_year.organisation_id:
        return None
    periods = list(predecessor.plan_year.periods.filter(kind=period.kind).order_by("-end_date"))
    # Of several delår, the one ending on the same day of the year; else the last of its kind.
    same_day = [
        p for p in periods if (p.end_date.month, p.end_date.day) == (period.end_date.month, period.end_date.day)
    ]
    source_period = (same_day or periods or [None])[0]
    follow_up = _with_text(predecessor, source_period) if source_period else None
    if follow_up is None:
        return None
    earlier = EarlierText(key=PREVIOUS_YEAR, follow_up=follow_up)
    old_measures = {m.pk: m for m in predecessor.measures.all()}
    for measure in goal.measures.all():
        old = old_measures.get(measure.predecessor_id)
        if old is None:
            continue
        earlier.measures[old.pk] = measure.pk
        old_labels = {c.label for c in old.components.all()}
        for component in measure.components.all():
            if component.label in old_labels:
                earlier.components[(old.pk, component.label)] = component.pk
    return earlier


def earlier_texts(goal, period) -> dict[str, EarlierText]:
    found = {PREVIOUS_PERIOD: previous_period(goal, period), PREVIOUS_YEAR: previous_year(goal, period)}
    return {key: earlier for key, earlier in found.items() if earlier is not None}


@dataclass
class Filled:
    """The form's data with the earlier text in it, and what the page should say about it."""

    data: dict
    dropped_status: str = ""  # a delår status the årsbokslut does not have


def fill(data, earlier: EarlierText, *, period, measures) -> Filled:
    """The posted form data with the earlier text, status and continuing figures put in; the
    figures of mätetal that do not continue are left as the user had them."""
    data = data.copy()
    for button in ("start_from", "start_from_confirmed", "keep_text"):
        data.pop(button, None)
    source = earlier.follow_up
    data["text"] = source.text
    allowed = YEAR_END_STATUSES if period.kind == PeriodKind.ANNUAL else INTERIM_STATUSES
    dropped = ""
    if source.status in allowed:
        data["status"] = source.status
    elif source.status:
        dropped = Status(source.status).label
        data["status"] = ""
    by_pk = {m.pk: m for m in measures}
    for value in source.values.all():
        target_pk = earlier.measures.get(value.measure_id)
        measure = by_pk.get(target_pk)
        if measure is None:
            continue
        if value.is_main:
            reached = {True: "yes", False: "no"}.get(value.reached, "")
            data[f"note_{target_pk}"] = value.note
            if measure.target_kind == TargetKind.MILESTONE:
                data[f"reached_{target_pk}"] = reached
            else:
                data[f"value_{target_pk}"] = numbers.form_text(value.value) if value.value is not None else ""
                data[f"unit_{target_pk}"] = value.unit_label
                data[f"judged_{target_pk}"] = reached
        elif value.component_id and value.municipality_id is None and value.item_id is None:
            component = earlier.components.get((value.measure_id, value.component.label))
            if component is not None:
                data[f"part_{target_pk}_{component}"] = (
                    numbers.form_text(value.value) if value.value is not None else ""
                )
    data["started_from"] = earlier.key
    return Filled(data=data, dropped_status=dropped)
