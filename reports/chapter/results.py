"""A goal's measured results as the chapter prints them: one line per mätetal or aktivitet, and
a real table for each breakdown (per kommun, per kön, per a dimension, per survey answer).

Pure over values already loaded; every line carries the judged outcome of its figure, so a
result in words never stands alone beside a missed target.
"""

from collections import OrderedDict

from django.utils.translation import gettext as _

from goals import charts, units
from goals.breakdown import LABELS, federation_figure, gender_total
from goals.evaluation import Judgement, Reading, describe_target, values_by_measure
from goals.models import (
    BY_GENDER,
    PER_DIMENSION,
    PER_MUNICIPALITY,
    Aggregation,
    Breakdown,
    Comparator,
    Gender,
    Measure,
    MeasureValue,
    TargetKind,
)
from goals.numbers import format_number, format_signed, with_unit

from .structure import MeasureLine, ResultTable, same_text


def _keep_whole(text: str) -> str:
    """ "4 000 tkr" as typed: bind the thousands so a line never breaks inside the number."""
    import re

    return re.sub(r"(?<=\d) (?=\d{3}\b)", "\u00a0", text)


def _states_target(measure: Measure) -> bool:
    """Whether the mätetal's own words already give its target ("Minst 300 besökare")."""
    if measure.target_value is None:
        return measure.comparator == Comparator.IMPROVE and "föregående" in measure.text.lower()
    text = measure.text.replace("\u00a0", " ").replace(" ", "")
    figure = format_number(measure.target_value).replace("\u00a0", "")
    return figure in text


def _figure(measure: Measure, reading: Reading, judgement: Judgement) -> str:
    if judgement.parts:
        return ", ".join(
            f"{label}: {format_number(part.value) if part.value is not None else '–'} ({part.label.lower()})"
            for label, part in judgement.parts
        )
    if reading.value is None:
        return ""
    unit = reading.unit or measure.unit_label
    shown = with_unit(reading.value, unit)
    if reading.aggregated in LABELS:
        shown = f"{shown} ({LABELS[reading.aggregated]().lower()})"
    converted = not judgement.by_person and judgement.value is not None
    if converted and reading.unit and not units.same_unit(reading.unit, measure.unit_label):
        shown = f"{shown} = {with_unit(judgement.value.normalize(), measure.unit_label)}"
    if judgement.deviation is not None and measure.comparator in (Comparator.PLANNED, Comparator.APPROX):
        return _("%(value)s, avvikelse %(deviation)s") % {
            "value": shown,
            "deviation": format_signed(judgement.deviation.normalize()),
        }
    if judgement.deviation is not None and measure.comparator == Comparator.IMPROVE:
        return _("%(value)s, förändring %(deviation)s") % {
            "value": shown,
            "deviation": format_signed(judgement.deviation.normalize()),
        }
    return shown


def measure_line(measure: Measure, reading: Reading | None, judgement: Judgement, *, number: str = "") -> MeasureLine:
    reading = reading or Reading()
    figure = _figure(measure, reading, judgement)
    words = reading.note
    if words and figure and same_text(words, figure):
        words = ""  # the note only repeats the figure; print it once, formatted the Swedish way
    label = judgement.label
    if judgement.by_person and measure.target_kind != TargetKind.MILESTONE and judgement.outcome:
        label = _("%(outcome)s enligt bedömning") % {"outcome": label}
    return MeasureLine(
        text=_keep_whole(measure.text),
        number=number,
        target=""
        if measure.target_kind == TargetKind.MILESTONE or _states_target(measure)
        else describe_target(measure),
        words=_keep_whole(words),
        figure=_keep_whole(figure),
        outcome=str(judgement.outcome) if judgement.outcome else "",
        outcome_label=label,
        by_person=judgement.by_person,
    )


# ---------------------------------------------------------------------------------------------
# Tables


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
    elif measure.aggregation == Aggregation.NONE and len(cells) >= 2:
        notes.append(_("Ingen siffra för hela förbundet: värdena kan inte läggas samman (t.ex. placeringar)."))
    chart = charts.bars(
        measure.text,
        [(part.name, by_gender.get(total_gender)) for part, by_gender in cells.items()],
        measure.unit_label,
    )
    return ResultTable(
        caption=_caption(measure), columns=columns, rows=rows, chart=chart, notes=notes, total_rows=total_rows
    )


def results(goal, follow_up, assessment, *, year: int, previous_values: dict, populations: dict, numbered: bool):
    """(lines, tables) for one goal's follow-up."""
    values = values_by_measure(follow_up)
    lines: list[MeasureLine] = []
    tables: list[ResultTable] = []
    survey: list[Measure] = []
    position = 0  # survey questions print as one table of their own, outside the numbering
    for measure in goal.measures.all():
        reading = assessment.readings.get(measure.pk) if assessment else None
        judgement = assessment.judgements[measure.pk] if assessment else Judgement(None)
        if measure.breakdown == Breakdown.CATEGORY:
            survey.append(measure)
            continue
        position += 1
        number = f"{position}." if numbered else ""
        if survey:
            tables.append(survey_table(survey, values, year))
            survey = []
        if measure.is_grid and any(not v.is_main for v in values.get(measure.pk, [])):
            table = breakdown_table(measure, values[measure.pk], previous_values.get(measure.pk, {}), year, populations)
            if number:
                table.caption = f"{number} {table.caption}"
            tables.append(table)
            if judgement.outcome is None and not (reading and reading.note):
                continue
        lines.append(measure_line(measure, reading, judgement, number=number))
    if survey:
        tables.append(survey_table(survey, values, year))
    return lines, tables
