"""A goal's measured results as the chapter prints them: one line per mätetal or aktivitet, and
a real table for each breakdown (per kommun, per kön, per a dimension, per survey answer).

Pure over values already loaded; every line carries the judged outcome of its figure, so a
result in words never stands alone beside a missed target.
"""

from django.utils.translation import gettext as _

from goals import units
from goals.breakdown import LABELS
from goals.evaluation import Judgement, Reading, describe_target
from goals.models import (
    Breakdown,
    Comparator,
    Measure,
    TargetKind,
)
from goals.numbers import format_number, format_signed, with_unit
from goals.result_tables import ResultTable, goal_tables

from .structure import MeasureLine, same_text


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
        measure_id=measure.pk,
    )


# ---------------------------------------------------------------------------------------------
# Tables


def results(goal, follow_up, assessment, *, year: int, previous_values: dict, populations: dict, numbered: bool):
    """(lines, tables) for one goal's follow-up: a line per mätetal or aktivitet, in plan order
    and numbered where the plan numbers them, and a table for each breakdown."""
    by_measure = goal_tables(goal, follow_up, year=year, previous_values=previous_values, populations=populations)
    lines: list[MeasureLine] = []
    tables: list[ResultTable] = []
    position = 0  # survey questions print as one table of their own, outside the numbering
    for measure in goal.measures.all():
        table = by_measure.get(measure.pk)
        if measure.breakdown == Breakdown.CATEGORY:
            if table:
                tables.append(table)
            continue
        position += 1
        number = f"{position}." if numbered else ""
        reading = assessment.readings.get(measure.pk) if assessment else None
        judgement = assessment.judgements[measure.pk] if assessment else Judgement(None)
        if table:
            if number:
                table.caption = f"{number} {table.caption}"
            tables.append(table)
            if judgement.outcome is None and not (reading and reading.note):
                # The aktivitet keeps its place in the list; its figures stand in the table.
                lines.append(
                    MeasureLine(
                        text=_keep_whole(measure.text),
                        number=number,
                        words=_("Se tabellen nedan."),
                        measure_id=measure.pk,
                    )
                )
                continue
        lines.append(measure_line(measure, reading, judgement, number=number))
    return lines, tables
