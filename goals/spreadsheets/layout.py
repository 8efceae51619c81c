"""The plan workbook's sheets and columns, shared by the export, the template and the import.

A column names the document field it carries and how its cells read: text, a key, a number, a
whole number, a date, ja/nej, or one of a model field's choices shown by its Swedish label.
Headers are matched by name on import, so a user may reorder or add columns.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from goals.models import (
    Aggregation,
    AssessmentRule,
    Breakdown,
    Comparator,
    Direction,
    Goal,
    GoalKind,
    Measure,
    MeasureComponent,
    PeriodKind,
    PlanLevel,
    TargetKind,
)

TEXT, KEY, NUMBER, INTEGER, DATE, YES_NO, CHOICE, LOOKUP = (
    "text",
    "key",
    "number",
    "integer",
    "date",
    "yes_no",
    "choice",
    "lookup",
)
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
# Rows marked so in the template are examples; the import leaves them out.
EXAMPLE = "EXEMPEL"
YES, NO = _("ja"), _("nej")


@dataclass(frozen=True)
class Column:
    header: object
    name: str  # the document field
    kind: str = TEXT
    width: int = 16
    model: type | None = None  # whose field limits the length
    choices: tuple = ()  # (value, label) for CHOICE
    required: bool = False
    list_range: str = ""  # a drop-down's source, e.g. "Listor!$A$2:$A$20"
    limited_by: str = ""  # the model field whose length applies, when it is not `name`

    @property
    def max_length(self) -> int | None:
        if self.model is None:
            return None
        return getattr(self.model._meta.get_field(self.limited_by or self.name), "max_length", None)


def _choices(enum, values=None) -> tuple:
    return tuple((c.value, str(c.label)) for c in enum if values is None or c.value in values)


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: tuple
    help: object = ""
    extra: dict = field(default_factory=dict)

    def header_titles(self) -> list[str]:
        return [str(c.header) for c in self.columns]


# Lists behind the drop-downs, one column each on a hidden sheet.
LISTS = "Listor"
LIST_COLUMNS = {
    "yes_no": "A",
    "level_kind": "B",
    "period_kind": "C",
    "goal_kind": "D",
    "rule": "E",
    "target_kind": "F",
    "comparator": "G",
    "direction": "H",
    "breakdown": "I",
    "aggregation": "J",
    "component_comparator": "K",
    "unit": "L",
    "dimension": "M",
}


def list_range(name: str, rows: int = 60) -> str:
    letter = LIST_COLUMNS[name]
    return f"{LISTS}!${letter}$2:${letter}${rows}"


LEVELS = Sheet(
    "Nivåer",
    (
        Column(_("Nyckel"), "key", KEY, 14, PlanLevel, required=True),
        Column(_("Namn"), "name", TEXT, 22, PlanLevel, required=True),
        Column(_("Plural"), "plural", TEXT, 18, PlanLevel),
        Column(_("Bestämd form singular"), "definite_singular", TEXT, 18, PlanLevel),
        Column(_("Bestämd form plural"), "definite_plural", TEXT, 18, PlanLevel),
        Column(_("Ett-ord"), "neuter", YES_NO, 10, list_range=list_range("yes_no")),
        Column(_("Följs upp"), "followed_up", YES_NO, 10, list_range=list_range("yes_no")),
        Column(_("Räknas i sammanfattningen"), "counted", YES_NO, 14, list_range=list_range("yes_no")),
        Column(_("Tabellens rader"), "table_rows", YES_NO, 12, list_range=list_range("yes_no")),
    ),
)
PERIODS = Sheet(
    "Perioder",
    (
        Column(
            _("Slag"),
            "kind",
            CHOICE,
            16,
            choices=_choices(PeriodKind),
            required=True,
            list_range=list_range("period_kind"),
        ),
        Column(_("Per datum"), "end_date", DATE, 14, required=True),
        Column(_("Sista dag att lämna in"), "deadline", DATE, 14),
    ),
)
GOALS = Sheet(
    "Mål",
    (
        Column(_("Nivå"), "level", LOOKUP, 18, required=True, list_range="Nivåer!$B$2:$B$30"),
        Column(_("Nyckel"), "key", KEY, 10, Goal),
        Column(_("Mål/uppdrag"), "title", TEXT, 60, required=True),
        Column(_("Hör till"), "parent", KEY, 10, Goal, limited_by="key"),
        Column(_("Slag"), "kind", CHOICE, 14, choices=_choices(GoalKind), list_range=list_range("goal_kind")),
        Column(_("Enhet"), "unit", LOOKUP, 24, list_range=list_range("unit")),
        Column(_("Verksamhet som den skrivs ut"), "owner_label", TEXT, 20, Goal),
        Column(
            _("Bedömningsregel"),
            "assessment_rule",
            CHOICE,
            30,
            choices=_choices(AssessmentRule),
            list_range=list_range("rule"),
        ),
        Column(_("Antal som ska vara uppnådda"), "required_met", INTEGER, 12),
        Column(_("Beskrivning"), "description", TEXT, 30),
        Column(_("Redovisas i bilagan"), "appendix", YES_NO, 10, list_range=list_range("yes_no")),
    ),
)
MEASURES = Sheet(
    "Mätetal",
    (
        Column(_("Målets nyckel"), "goal", KEY, 10, Goal, required=True, limited_by="key"),
        Column(_("Nyckel"), "key", KEY, 10, Measure),
        Column(_("Mätetal"), "text", TEXT, 50, required=True),
        Column(
            _("Slag av mål"),
            "target_kind",
            CHOICE,
            14,
            choices=_choices(TargetKind),
            list_range=list_range("target_kind"),
        ),
        Column(
            _("Jämförelse"), "comparator", CHOICE, 14, choices=_choices(Comparator), list_range=list_range("comparator")
        ),
        Column(_("Målvärde"), "target_value", NUMBER, 14),
        Column(_("Övre gräns"), "target_high", NUMBER, 14),
        Column(_("Tolerans"), "tolerance", NUMBER, 12),
        Column(_("Toleransen i procent"), "tolerance_percent", YES_NO, 12, list_range=list_range("yes_no")),
        Column(_("Riktning"), "direction", CHOICE, 18, choices=_choices(Direction), list_range=list_range("direction")),
        Column(_("Enhet för värdet"), "unit_label", TEXT, 12, Measure),
        Column(
            _("Uppdelning"), "breakdown", CHOICE, 18, choices=_choices(Breakdown), list_range=list_range("breakdown")
        ),
        Column(_("Indelning"), "dimension", LOOKUP, 16, list_range=list_range("dimension")),
        Column(
            _("Förbundets siffra"),
            "aggregation",
            CHOICE,
            20,
            choices=_choices(Aggregation),
            list_range=list_range("aggregation"),
        ),
        Column(_("Kolada-KPI"), "kpi", TEXT, 12, Measure),
        Column(_("Föregående värde avser"), "previous_label", TEXT, 12, Measure),
        Column(_("Föregående värde"), "previous_value", NUMBER, 14),
    ),
)
COMPONENT_COMPARATORS = _choices(Comparator, {"min", "max", "exact"})
COMPONENTS = Sheet(
    "Delar",
    (
        Column(_("Målets nyckel"), "goal", KEY, 10, Goal, required=True, limited_by="key"),
        Column(_("Mätetalets nyckel"), "measure", KEY, 12, Measure, required=True, limited_by="key"),
        Column(_("Nyckel"), "key", KEY, 10, MeasureComponent),
        Column(_("Del"), "label", TEXT, 24, MeasureComponent, required=True),
        Column(
            _("Jämförelse"),
            "comparator",
            CHOICE,
            12,
            choices=COMPONENT_COMPARATORS,
            list_range=list_range("component_comparator"),
        ),
        Column(_("Målvärde"), "target_value", NUMBER, 14, required=True),
        Column(_("Enhet"), "unit_label", TEXT, 12, MeasureComponent),
    ),
)
PLAN_SHEETS = (LEVELS, PERIODS, GOALS, MEASURES, COMPONENTS)


def list_values() -> dict[str, list[str]]:
    """The drop-downs' fixed lists; units and dimensions are added per organisation."""
    return {
        "yes_no": [str(YES), str(NO)],
        "period_kind": [label for _v, label in _choices(PeriodKind)],
        "goal_kind": [label for _v, label in _choices(GoalKind)],
        "rule": [label for _v, label in _choices(AssessmentRule)],
        "target_kind": [label for v, label in _choices(TargetKind) if v],
        "comparator": [label for _v, label in _choices(Comparator)],
        "direction": [label for _v, label in _choices(Direction)],
        "breakdown": [label for _v, label in _choices(Breakdown)],
        "aggregation": [label for _v, label in _choices(Aggregation)],
        "component_comparator": [label for _v, label in COMPONENT_COMPARATORS],
    }


# ---------------------------------------------------------------------------------------------
# Writing


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE3EA")
EXAMPLE_FONT = Font(italic=True, color="595959")
EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")


def number_format(value) -> str:
    """Excel's standard codes, which it shows with the reader's separators (27 531 and 85,50
    in a Swedish Excel); a locale's own code such as '# ##0,0' would be read literally."""
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return DECIMAL_FORMAT
    return INTEGER_FORMAT


def write_table(ws, headers, rows, *, widths=(), kinds=()) -> None:
    """A sheet as a table: bold headers, frozen first row, autofilter, widths, formats by kind."""
    ws.append([str(h) for h in headers])
    for cell in ws[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    kinds = list(kinds) or [TEXT] * len(headers)
    for index, kind in enumerate(kinds, start=1):
        letter = get_column_letter(index)
        if index <= len(widths):
            ws.column_dimensions[letter].width = widths[index - 1]
        if kind == KEY:
            # Typed into a text column, key 2.10 stays 2.10 instead of becoming the number 2.1.
            ws.column_dimensions[letter].number_format = "@"
        for (cell,) in ws.iter_rows(min_row=2, min_col=index, max_col=index):
            _format(cell, kind)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{max(ws.max_row, 1)}"


def _format(cell, kind) -> None:
    if cell.value is None:
        if kind == KEY:
            cell.number_format = "@"
        return
    if kind in (NUMBER, INTEGER):
        cell.number_format = number_format(cell.value)
    elif kind == DATE:
        cell.number_format = DATE_FORMAT
    elif kind == "datetime":
        cell.number_format = DATETIME_FORMAT
    elif kind == KEY:
        cell.number_format = "@"
    elif kind == TEXT and isinstance(cell.value, str) and len(cell.value) > 60:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
