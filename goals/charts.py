"""SVG charts drawn with pygal, the same in the web pages and in the PDF chapter.

Each chart comes with a text alternative (a sentence and the figures), since a picture alone
says nothing to a screen reader or to a reader of the extracted text.
"""

import math
import re
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

from .models import Measure, MeasureValue, PeriodKind, State, Status
from .numbers import format_number

STATUS_COLOURS = {
    Status.ACHIEVED: "#2e7d32",
    Status.PARTIALLY_ACHIEVED: "#c99700",
    Status.NOT_ACHIEVED: "#b71c1c",
    Status.ON_TRACK: "#1565c0",
    Status.AT_RISK: "#ef6c00",
}
STYLE_BASE = dict(
    background="white",
    plot_background="white",
    foreground="#1b1b1b",
    foreground_strong="#1b1b1b",
    foreground_subtle="#767676",
    font_family="DejaVu Sans, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    title_font_size=14,
    value_font_size=11,
)


def _swedish(value) -> str:
    """pygal's figures (values and axis) the Swedish way: 27 531, 85,5."""
    return format_number(Decimal(str(value)).quantize(Decimal("0.01")))


CHART_OPTIONS = dict(
    js=[],
    value_formatter=_swedish,
    disable_xml_declaration=True,
    explicit_size=False,
    print_values=True,
    legend_at_bottom=True,
    truncate_label=-1,
    truncate_legend=-1,
)


@dataclass
class Chart:
    svg: SafeString
    description: str
    rows: list[tuple[str, str]] = field(default_factory=list)


PYGAL_CONFIG_SCRIPT = re.compile(r"<script[^>]*>.*?</script>", re.S)


def _render(chart) -> SafeString:
    # pygal escapes the labels it is given; the SVG is inlined so it prints as vectors. Its
    # inline config script only serves pygal's tooltips, which we don't load: drop it. The
    # tooltip's style attribute would be refused by the Content-Security-Policy (no inline
    # styles but the chart's own <style>, which gets the page's nonce): an SVG attribute instead.
    svg = PYGAL_CONFIG_SCRIPT.sub("", chart.render(is_unicode=True)).replace('style="opacity: 0"', 'opacity="0"')
    # Safe: pygal's own markup, with every label escaped by pygal.
    return mark_safe(svg)  # nosec B308, B703


def ticks(low: float, high: float, *, integers: bool = False, count: int = 5, from_zero: bool = True) -> list[float]:
    """About `count` round values from `low` (or 0) to `high`, for an axis that stays readable.

    With `integers`, the step is whole: a count of goals or people never reads "2,5" on its axis.
    """
    if from_zero:
        low, high = min(0.0, low), max(0.0, high)
    span = (high - low) or 1.0
    raw = span / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    if integers:
        step = max(1, math.ceil(step))
    first = math.floor(low / step) * step
    values, value = [], first
    while value <= high + step / 2:
        values.append(round(value, 10))
        value += step
    return values


def _title(text: str, width: int = 48) -> str:
    """A chart's title on as many lines as it needs, never cut off."""
    return "\n".join(textwrap.wrap(text, width)) or text


def status_distribution(title: str, groups: list[tuple[str, Counter]]) -> Chart | None:
    """A stacked bar per group (a unit, a section) of its goals' statuses."""
    groups = [(label, counts) for label, counts in groups if sum(counts.values())]
    if not groups:
        return None
    statuses = [s for s in Status if any(counts.get(s) for _label, counts in groups)]
    style = Style(colors=tuple(STATUS_COLOURS[s] for s in statuses), **STYLE_BASE)
    chart = pygal.HorizontalStackedBar(
        style=style,
        title=title,
        width=760,
        height=110 + 46 * len(groups),
        print_zeroes=False,
        show_y_guides=False,
        **CHART_OPTIONS,
    )
    chart.x_labels = [label for label, _counts in groups]
    # Counts of goals: whole numbers on the axis.
    chart.y_labels = ticks(0, max(sum(counts.values()) for _label, counts in groups), integers=True)
    for status in statuses:
        chart.add(str(status.label), [counts.get(status, 0) or None for _label, counts in groups])
    rows = [
        (label, ", ".join(f"{counts[s]} {str(s.label).lower()}" for s in statuses if counts.get(s)))
        for label, counts in groups
    ]
    description = _("%(title)s: %(parts)s.") % {
        "title": title,
        "parts": "; ".join(f"{label}: {text}" for label, text in rows),
    }
    return Chart(_render(chart), description, rows)


def status_by_unit(goals_with_follow_ups) -> Chart | None:
    """goals_with_follow_ups: (goal, follow_up or None) pairs of one period."""
    counts: dict[str, Counter] = {}
    for goal, follow_up in goals_with_follow_ups:
        if follow_up and follow_up.status:
            counts.setdefault(goal.owner_display, Counter())[Status(follow_up.status)] += 1
    return status_distribution(_("Bedömning per enhet"), sorted(counts.items()))


def measure_history(measure) -> list[tuple[int, Decimal | None, str]]:
    """The mätetal's main value per plan year, following its predecessors back in time."""
    return histories([measure])[measure.pk]


def histories(measures, *, approved_only=False, until=None) -> dict[int, list[tuple[int, Decimal | None, str]]]:
    """measure_history for many mätetal at once: one query per year back, plus one for values,
    however many mätetal there are (the chapter's data loading stays constant per goal).

    The chapter asks for approved values up to the period it prints, so a draft or a later
    figure never appears in it.
    """
    measures = list(measures)
    chains = {m.pk: [m.pk] for m in measures}
    known = {m.pk: m for m in measures}
    pending = {m.predecessor_id for m in measures if m.predecessor_id}
    while pending - known.keys():
        for older in Measure.objects.filter(pk__in=pending - known.keys()):
            known[older.pk] = older
        pending = {known[pk].predecessor_id for pk in pending if pk in known and known[pk].predecessor_id}
    for measure in measures:
        current, seen = measure.predecessor_id, {measure.pk}
        while current and current not in seen and current in known:
            seen.add(current)
            chains[measure.pk].append(current)
            current = known[current].predecessor_id
    all_ids = {pk for chain in chains.values() for pk in chain}
    by_measure: dict[int, dict[int, tuple[Decimal | None, str]]] = {}
    values = (
        MeasureValue.objects.filter(
            measure_id__in=all_ids, municipality=None, item=None, component=None, gender="", category=""
        )
        .select_related("follow_up__period__plan_year")
        .order_by("follow_up__period__end_date")
    )
    if approved_only:
        values = values.filter(follow_up__state=State.APPROVED)
    if until is not None:
        values = values.filter(follow_up__period__end_date__lte=until)
    for value in values:
        period = value.follow_up.period
        years = by_measure.setdefault(value.measure_id, {})
        # The year-end value wins over an interim one of the same year.
        if period.kind == PeriodKind.ANNUAL or period.plan_year.year not in years:
            years[period.plan_year.year] = (value.value, value.note)
    result = {}
    for measure in measures:
        by_year: dict[int, tuple[Decimal | None, str]] = {}
        for pk in chains[measure.pk]:
            for year, entry in by_measure.get(pk, {}).items():
                by_year.setdefault(year, entry)
        oldest = known[chains[measure.pk][-1]]
        if oldest.previous_value is not None and oldest.previous_label.isdigit():
            by_year.setdefault(int(oldest.previous_label), (oldest.previous_value, ""))
        result[measure.pk] = [(year, value, note) for year, (value, note) in sorted(by_year.items())]
    return result


def trend(measure, history=None) -> Chart | None:
    history = measure_history(measure) if history is None else history
    history = [(year, value) for year, value, _note in history if value is not None]
    if len(history) < 2:
        return None
    style = Style(colors=("#0b5394", "#767676"), **STYLE_BASE)
    chart = pygal.Line(
        style=style, title=measure.text[:90], width=760, height=320, show_legend=False, dots_size=4, **CHART_OPTIONS
    )
    chart.x_labels = [str(year) for year, _value in history]
    figures = [float(value) for _year, value in history]
    # A line over the years need not start at zero (bars must), but whole numbers keep whole ticks.
    chart.y_labels = ticks(min(figures), max(figures), integers=all(f.is_integer() for f in figures), from_zero=False)
    chart.add(measure.unit_label or _("Värde"), [float(value) for _year, value in history])
    rows = [(str(year), format_number(value)) for year, value in history]
    description = _("Utveckling över åren för %(measure)s: %(parts)s.") % {
        "measure": measure.text,
        "parts": ", ".join(f"{y}: {v}" for y, v in rows),
    }
    return Chart(_render(chart), description, rows)


def bars(
    title: str, items: list[tuple[str, Decimal]], unit: str = "", *, lower_is_better: bool = False
) -> Chart | None:
    """Horizontal bars, one per label (a kommun): drawn from figures the caller already has."""
    items = [(label, value) for label, value in items if value is not None]
    if not items:
        return None
    if lower_is_better:
        # A ranking: the longer bar is the worse one, and the reader must be told.
        title = _("%(title)s (lägre är bättre)") % {"title": title}
    style = Style(colors=("#0b5394",), **STYLE_BASE)
    # Narrower than the other charts: it sits inside a table cell in the PDF, where a wide
    # drawing would be scaled down until its labels are unreadable.
    chart = pygal.HorizontalBar(
        style=style,
        title=_title(title),
        width=460,
        height=110 + 30 * len(items),
        show_legend=False,
        **CHART_OPTIONS,
    )
    # pygal stacks horizontal bars from the bottom up; reversed, the first kommun is on top.
    chart.x_labels = [label for label, _value in reversed(items)]
    figures = [float(value) for _label, value in items]
    chart.y_labels = ticks(min(figures), max(figures), integers=all(f.is_integer() for f in figures), count=4)
    chart.add(unit or _("Värde"), [float(value) for _label, value in reversed(items)])
    rows = [(label, format_number(value)) for label, value in items]
    description = _("%(title)s: %(parts)s.") % {
        "title": title,
        "parts": ", ".join(f"{name} {value}" for name, value in rows),
    }
    return Chart(_render(chart), description, rows)
