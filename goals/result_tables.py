"""A mätetal's breakdown as a table of figures: per kommun, per part of a dimension, per kön,
per survey answer, with the förbund's figure and last year beside this year.

Pure over values already loaded; the läsare's plan page and the printed chapter show the same
tables.
"""

from collections import OrderedDict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import charts
from .breakdown import aggregation_for, federation_figure, gender_total
from .charts import Chart
from .evaluation import values_by_measure
from .models import (
    BY_GENDER,
    PER_DIMENSION,
    PER_MUNICIPALITY,
    Aggregation,
    Breakdown,
    Direction,
    Gender,
    Measure,
    MeasureValue,
)
from .numbers import format_number


@dataclass
class ResultTable:
    """A mätetal broken down per kommun, kön, dimension or survey answer, as a real table."""

    caption: str
    columns: list[str]
    rows: list[list[str]]  # first cell is the row's heading
    numeric_from: int = 1  # columns from this index hold numbers (right-aligned)
    chart: Chart | None = None
    notes: list[str] = field(default_factory=list)  # under the table, e.g. what "adjungerad" means
    # Rows that are the förbund's figures rather than one part's.
    total_rows: int = 0

    @property
    def is_wide(self) -> bool:
        return len(self.columns) > 5


def survey_table(measures: list[Measure], values: dict[int, list[MeasureValue]], year: int) -> ResultTable:
    """Network survey: per question the % per answer, the total this year and last year's total."""
    categories: list[str] = []
    for measure in measures:
        for value in values.get(measure.pk, []):
            if value.category and value.category not in categories:
                categories.append(value.category)
    previous_labels = [m.previous_label for m in measures if m.previous_label]
    previous_label = max(set(previous_labels), key=previous_labels.count) if previous_labels else ""
    has_previous = any(m.previous_value is not None for m in measures)
    columns = [_("Fråga")] + [f"% {category}" for category in categories] + [_("Totalt %(year)s") % {"year": year}]
    if has_previous:
        columns.append(_("Totalt %(year)s") % {"year": previous_label} if previous_label else _("Föregående"))
    rows = []
    for measure in measures:
        by_category = {v.category: v for v in values.get(measure.pk, []) if v.component_id is None}
        total = by_category.get("")
        row = [measure.text] + [format_number(getattr(by_category.get(c), "value", None)) for c in categories]
        row.append(format_number(total.value) if total else "")
        if has_previous:
            row.append(format_number(measure.previous_value))
        rows.append(row)
    return ResultTable(caption="", columns=columns, rows=rows)


def _caption(measure: Measure) -> str:
    return f"{measure.text} ({measure.unit_label})" if measure.unit_label else measure.text


def _part_of(measure: Measure, value: MeasureValue):
    if measure.breakdown in PER_MUNICIPALITY:
        return value.municipality
    if measure.breakdown in PER_DIMENSION:
        return value.item
    return None


def breakdown_table(
    measure: Measure, values: list[MeasureValue], previous: dict, year: int, populations: dict
) -> ResultTable:
    """Per kommun, per part of a dimension or per kön, with the förbund's figure where the
    mätetal has one, and last year's figure beside this year's where it is known (from the
    predecessor mätetal of a copied plan, or as given with the value)."""
    genders = [Gender.WOMEN, Gender.MEN, Gender.TOTAL] if measure.breakdown in BY_GENDER else [Gender.NONE]
    cells: OrderedDict[object, dict] = OrderedDict()
    stored_previous: dict = {}
    for value in sorted(values, key=lambda v: (getattr(_part_of(measure, v), "order", 0), v.order, v.pk)):
        if value.component_id is not None or value.category:
            continue
        part = _part_of(measure, value)
        if part is None and measure.breakdown != Breakdown.GENDER:
            continue
        gender = value.gender if value.gender in genders else genders[-1]
        cells.setdefault(part, {})[gender] = value.value
        if value.previous_value is not None:
            stored_previous[(part.pk if part else None, gender)] = value.previous_value
    # A total left out is kvinnor + män when the figures are counts.
    for by_gender in cells.values():
        if Gender.TOTAL in genders and by_gender.get(Gender.TOTAL) is None:
            by_gender[Gender.TOTAL] = gender_total(measure, by_gender.get(Gender.WOMEN), by_gender.get(Gender.MEN))
    total_gender = genders[-1]

    def last_year(part):
        key = (part.pk if part else None, total_gender)
        return previous.get(key, stored_previous.get(key))

    has_previous = any(last_year(part) is not None for part in cells)
    if measure.breakdown == Breakdown.GENDER:
        # Per kön without kommun: one row per kön.
        by_gender = cells.get(None, {})
        columns = [_("Kön"), str(year)]
        if has_previous or any(k[0] is None for k in stored_previous):
            columns.append(str(year - 1))
        rows = []
        for gender in genders:
            row = [str(Gender(gender).label), format_number(by_gender.get(gender))]
            if len(columns) == 3:
                row.append(format_number(previous.get((None, gender), stored_previous.get((None, gender)))))
            rows.append(row)
        return ResultTable(caption=_caption(measure), columns=columns, rows=rows)

    heading = measure.dimension.name if measure.breakdown in PER_DIMENSION and measure.dimension_id else _("Kommun")
    value_columns = [str(Gender(g).label) for g in genders] if genders != [Gender.NONE] else [str(year)]
    columns = [heading] + value_columns
    if has_previous:
        columns.append(_("Totalt %(year)s") % {"year": year - 1} if genders != [Gender.NONE] else str(year - 1))
    rows, notes, adjunct = [], [], False
    for part, by_gender in cells.items():
        name = part.name
        if getattr(part, "adjunct", False):
            name = _("%(name)s (adjungerad)") % {"name": name}
            adjunct = True
        row = [name] + [format_number(by_gender.get(g)) for g in genders]
        if has_previous:
            row.append(format_number(last_year(part)))
        rows.append(row)
    figures = []
    for gender in genders:
        column = {part: by_gender.get(gender) for part, by_gender in cells.items()}
        figures.append(federation_figure(measure, column, populations))
    total_rows = 0
    if figures and figures[-1] is not None and len([c for c in cells if not getattr(c, "adjunct", False)]) >= 2:
        values_row = [format_number(f.value) if f else "" for f in figures]
        row = [figures[-1].label] + values_row
        if has_previous:
            row.append("")
        rows.append(row)
        total_rows = 1
        if figures[-1].missing_population:
            notes.append(
                _("Vägt medelvärde saknas: folkmängd saknas för %(names)s.")
                % {"names": ", ".join(figures[-1].missing_population)}
            )
        if adjunct:
            notes.append(_("Adjungerade kommuner redovisas men ingår inte i förbundets siffra."))
    elif aggregation_for(measure) == Aggregation.NONE and len(cells) >= 2:
        notes.append(_("Ingen siffra för hela förbundet: värdena kan inte läggas samman (t.ex. placeringar)."))
    chart = charts.bars(
        measure.text,
        [(part.name, by_gender.get(total_gender)) for part, by_gender in cells.items()],
        measure.unit_label,
        lower_is_better=measure.direction == Direction.LOWER,
    )
    return ResultTable(
        caption=_caption(measure), columns=columns, rows=rows, chart=chart, notes=notes, total_rows=total_rows
    )


def goal_tables(goal, follow_up, *, year: int, previous_values: dict, populations: dict) -> dict[int, ResultTable]:
    """Measure id → its table, for the goal's mätetal broken down in the follow-up; consecutive
    survey questions share one table, keyed by the first of them."""
    values = values_by_measure(follow_up)
    tables: dict[int, ResultTable] = {}
    survey: list[Measure] = []
    for measure in [*goal.measures.all(), None]:
        if measure is not None and measure.breakdown == Breakdown.CATEGORY:
            survey.append(measure)
            continue
        if survey:
            tables[survey[0].pk] = survey_table(survey, values, year)
            survey = []
        if measure is not None and measure.is_grid and any(not v.is_main for v in values.get(measure.pk, [])):
            tables[measure.pk] = breakdown_table(
                measure, values[measure.pk], previous_values.get(measure.pk, {}), year, populations
            )
    return tables
