"""The plan workbook, written from an interchange document: the export and the template."""

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from goals.interchange.validation import walk

from . import layout
from .layout import (
    CHOICE,
    COMPONENTS,
    DATE,
    EXAMPLE_FILL,
    EXAMPLE_FONT,
    GOALS,
    LEVELS,
    LISTS,
    LOOKUP,
    MEASURES,
    NUMBER,
    PERIODS,
    YES_NO,
)

VALIDATED_ROWS = 1000


def instructions() -> list[str]:
    return [
        _("Planen för ett verksamhetsår"),
        "",
        _(
            "Fyll i bladen Nivåer, Perioder, Mål, Mätetal och (vid behov) Delar och ladda upp filen under "
            "Översikt → Importera plan från Excel. Antingen läses hela filen in eller inget; varje fel anges med "
            "blad, rad och kolumn."
        ),
        _("Rader vars nyckel (eller målets nyckel) börjar med EXEMPEL är exempel och läses inte in; ta bort dem."),
        "",
        _("Nivåer: trädets nivåer, den översta först, t.ex. Fokusområde och Mål/uppdrag."),
        _(
            "Kända ord (mål, mål/uppdrag, uppdrag, fokusområde, inriktningsmål, strategiområde, strategi, aktivitet, "
            "delmål, insats, effektmål, verksamhetsmål) behöver inga böjningsformer; andra namn behöver plural och "
            "bestämda former."
        ),
        _("Perioder: delårsrapport och årsbokslut med datum som 2026-08-31 (eller ett datum i Excels datumformat)."),
        _(
            "Mål: ett mål per rad, i den ordning de ska stå. Nivå väljs i listan. ”Hör till” är nyckeln för målet ovanför "
            "(tomt för den översta nivån). Enhet väljs i listan; tom betyder samtliga verksamheter."
        ),
        _(
            "Mätetal: ett per rad med målets nyckel. Ett talmål behöver jämförelse och målvärde; ”mellan” också en övre "
            "gräns och ”cirka” en tolerans. Tal skrivs som 27 531 eller 85,5."
        ),
        _("Delar: mätetal med flera delmål, t.ex. (40) skolor och (10) förskolor, en del per rad."),
        "",
        _("Uppföljningar, värden och texter följer inte med; de skrivs i tjänsten."),
    ]


def _cell(column, value, names):
    """A document value as the sheet shows it."""
    if value is None or value == "":
        return None
    if column.kind == CHOICE:
        return dict(column.choices).get(value, value)
    if column.kind == YES_NO:
        return str(layout.YES if value else layout.NO)
    if column.kind == NUMBER:
        return Decimal(value)
    if column.kind == DATE:
        return date.fromisoformat(value)
    if column.kind == LOOKUP:
        return names.get(column.name, {}).get(value, value)
    return value


def rows_of(document: dict) -> dict:
    """Per sheet the document items it shows, each as {field: document value}."""
    goals, measures, components = [], [], []
    for node, _place, parent in walk(document.get("goals", [])):
        goals.append({**node, "parent": parent.get("key") if parent else None})
        for measure in node.get("measures", []):
            measures.append({**measure, "goal": node.get("key")})
            for part in measure.get("components", []):
                components.append({**part, "goal": node.get("key"), "measure": measure.get("key")})
    return {
        LEVELS.title: document.get("levels", []),
        PERIODS.title: document.get("periods", []),
        GOALS.title: goals,
        MEASURES.title: measures,
        COMPONENTS.title: components,
    }


def plan_workbook(document: dict, *, units, dimensions, examples: dict | None = None) -> Workbook:
    """`units` and `dimensions`: [(key, name)] of the organisation, for the drop-downs; `examples`:
    rows per sheet title written after the data, marked as examples."""
    levels = {level["key"]: level["name"] for level in document.get("levels", [])}
    names = {"level": levels, "unit": dict(units), "dimension": dict(dimensions)}
    wb = Workbook()
    info = wb.active
    info.title = _("Instruktioner")
    for line in instructions():
        info.append([line])
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 110
    for (cell,) in info.iter_rows(min_row=2):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet_rows = rows_of(document)
    for sheet in layout.PLAN_SHEETS:
        ws = wb.create_sheet(sheet.title)
        items = sheet_rows[sheet.title]
        rows = [[_cell(c, item.get(c.name), names) for c in sheet.columns] for item in items]
        extra = (examples or {}).get(sheet.title, [])
        rows += [[_cell(c, item.get(c.name), names) for c in sheet.columns] for item in extra]
        layout.write_table(
            ws,
            sheet.header_titles(),
            rows,
            widths=[c.width for c in sheet.columns],
            kinds=[c.kind for c in sheet.columns],
        )
        for row in ws.iter_rows(min_row=len(items) + 2, max_row=len(items) + 1 + len(extra)):
            for cell in row:
                cell.font = EXAMPLE_FONT
                cell.fill = EXAMPLE_FILL
        _validations(ws, sheet)
    _lists(wb, units=[name for _k, name in units], dimensions=[name for _k, name in dimensions])
    return wb


def _validations(ws, sheet) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        if not column.list_range:
            continue
        letter = get_column_letter(index)
        validation = DataValidation(
            type="list",
            formula1=f"={column.list_range}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle=str(column.header),
            error=_("Välj ett värde i listan."),
        )
        validation.add(f"{letter}2:{letter}{VALIDATED_ROWS}")
        ws.add_data_validation(validation)


def _lists(wb, *, units, dimensions) -> None:
    ws = wb.create_sheet(LISTS)
    values = {**layout.list_values(), "unit": units, "dimension": dimensions}
    for name, letter in layout.LIST_COLUMNS.items():
        ws[f"{letter}1"] = name
        for row, value in enumerate(values.get(name, []), start=2):
            ws[f"{letter}{row}"] = value
    ws.sheet_state = "hidden"
