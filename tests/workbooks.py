"""Helpers for tests of the Excel files: open what the product writes, edit it as a user would."""

from io import BytesIO

from openpyxl import load_workbook

from goals.spreadsheets import exporting


def opened(wb):
    return load_workbook(BytesIO(exporting.as_bytes(wb)))


def headers(ws) -> dict[str, int]:
    return {cell.value: cell.column for cell in ws[1]}


def put(ws, row: int, **cells) -> None:
    """Cells of one row by header (an underscore for a space, or for the slash of Mål/uppdrag)."""
    columns = headers(ws)
    for name, value in cells.items():
        header = name.replace("_", " ") if name.replace("_", " ") in columns else name.replace("_", "/")
        ws.cell(row=row, column=columns[header]).value = value  # cell(value=None) would not clear it


def next_year_book(data, year=2026):
    """The plan exported and moved to `year`, as kansliet would edit it."""
    wb = opened(exporting.plan_export(data["plan_year"]))
    for row in wb["Perioder"].iter_rows(min_row=2, max_col=3):
        for cell in row[1:]:
            if cell.value:
                cell.value = cell.value.replace(year=year)
    return wb
