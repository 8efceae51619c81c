"""An uploaded plan workbook read into the interchange document, every bad cell named.

Cells are read as the layout says (Swedish numbers through goals.numbers, ja/nej, a choice by
its label or its stored value, lengths against the column they fill), and each document item
remembers its sheet and row, so the interchange's own findings can be told by row and column.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from io import BytesIO
from zipfile import BadZipFile

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from goals import numbers
from goals.interchange.schema import FORMAT
from goals.interchange.validation import walk

from . import layout
from .layout import CHOICE, COMPONENTS, DATE, EXAMPLE, GOALS, INTEGER, KEY, LEVELS, MEASURES, NUMBER, PERIODS

MAX_ROWS = 5000
SMALL_INTEGER = 32767


class WorkbookError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_place(sheet: str, row: int, column=None) -> str:
    if column is None:
        return _("Bladet %(sheet)s, rad %(row)s") % {"sheet": sheet, "row": row}
    return _("Bladet %(sheet)s, rad %(row)s, kolumn %(column)s") % {"sheet": sheet, "row": row, "column": column}


@dataclass
class Reader:
    organisation: object
    year: int
    problems: list = field(default_factory=list)
    # Document place ("goals[0].measures[1]") → (sheet, its layout, row number).
    places: dict = field(default_factory=dict)

    def problem(self, sheet, row, column, text):
        self.problems.append(f"{cell_place(sheet, row, column)}: {text}")

    # ---- cells -------------------------------------------------------------------------

    def value(self, sheet, row, column, raw):
        """The cell as the document's value, or None (a problem is noted when it is bad)."""
        if _blank(raw):
            return None
        header = str(column.header)
        if column.kind == NUMBER:
            return self.number(sheet, row, header, raw)
        if column.kind == INTEGER:
            text = self.number(sheet, row, header, raw)
            if text is None:
                return None
            number = Decimal(text)
            if number != number.to_integral_value() or not 1 <= number <= SMALL_INTEGER:
                self.problem(
                    sheet,
                    row,
                    header,
                    _("”%(v)s” ska vara ett heltal från 1 till %(max)s.") % {"v": raw, "max": SMALL_INTEGER},
                )
                return None
            return int(number)
        if column.kind == DATE:
            return self.date(sheet, row, header, raw)
        if column.kind == layout.YES_NO:
            text = str(raw).strip().lower()
            if raw is True or text in (str(layout.YES), "j", "x", "1", "true", "sant"):
                return True
            if raw is False or text in (str(layout.NO), "n", "0", "false", "falskt"):
                return False
            self.problem(sheet, row, header, _("”%(v)s” ska vara ja eller nej.") % {"v": raw})
            return None
        text = self.text(raw, column.kind)
        if column.max_length and len(text) > column.max_length:
            self.problem(
                sheet,
                row,
                header,
                _("texten är %(n)s tecken lång; högst %(max)s tecken får plats.")
                % {"n": len(text), "max": column.max_length},
            )
            return None
        if column.kind == CHOICE:
            return self.choice(sheet, row, column, text)
        return text

    @staticmethod
    def text(raw, kind) -> str:
        if isinstance(raw, float) and kind == KEY and raw.is_integer():
            return str(int(raw))
        if isinstance(raw, datetime | date):
            return raw.isoformat()[:10]
        return str(raw).strip() if kind == KEY else str(raw).strip("\n ")

    def number(self, sheet, row, header, raw) -> str | None:
        try:
            if isinstance(raw, bool) or isinstance(raw, datetime | date):
                raise numbers.NumberError(_("”%(text)s” är inget tal.") % {"text": raw})
            if isinstance(raw, int | float):
                try:
                    number = numbers.to_stored(Decimal(repr(raw)))
                except InvalidOperation:
                    raise numbers.NumberError(_("”%(text)s” är inget tal.") % {"text": raw})
            else:
                number = numbers.parse_stored(str(raw))
        except numbers.NumberError as error:
            self.problem(sheet, row, header, str(error))
            return None
        return numbers.to_document(number)

    def date(self, sheet, row, header, raw) -> str | None:
        if isinstance(raw, datetime):
            return raw.date().isoformat()
        if isinstance(raw, date):
            return raw.isoformat()
        try:
            return date.fromisoformat(str(raw).strip()).isoformat()
        except ValueError:
            self.problem(
                sheet, row, header, _("”%(v)s” är inget datum; skriv det som 2026-08-31.") % {"v": str(raw).strip()}
            )
            return None

    def choice(self, sheet, row, column, text):
        for value, label in column.choices:
            if text.lower() in (value.lower(), label.lower()):
                return value
        allowed = ", ".join(f"”{label}”" for value, label in column.choices if value)
        self.problem(
            sheet,
            row,
            str(column.header),
            _("”%(v)s” finns inte i listan; välj %(allowed)s.") % {"v": text, "allowed": allowed},
        )
        return None

    # ---- sheets ------------------------------------------------------------------------

    def rows(self, wb, sheet) -> list[tuple[int, dict]]:
        if sheet.title not in wb.sheetnames:
            if sheet is COMPONENTS:
                return []
            self.problems.append(_("Arbetsboken saknar bladet ”%(sheet)s”; utgå från mallen.") % {"sheet": sheet.title})
            return []
        ws = wb[sheet.title]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, ())
        positions = {}
        for index, title in enumerate(header):
            if title is not None:
                positions[str(title).strip().rstrip("*").strip().lower()] = index
        columns = []
        for column in sheet.columns:
            position = positions.get(str(column.header).lower())
            if position is None and column.required:
                self.problems.append(
                    _("Bladet %(sheet)s saknar kolumnen ”%(column)s”.")
                    % {"sheet": sheet.title, "column": column.header}
                )
            columns.append((column, position))
        if any(p is None and c.required for c, p in columns):
            return []
        found = []
        for number, cells in enumerate(rows, start=2):
            if number > MAX_ROWS + 1:
                self.problems.append(
                    _("Bladet %(sheet)s har fler än %(max)s rader.") % {"sheet": sheet.title, "max": MAX_ROWS}
                )
                break
            raw = {c.name: cells[p] if p is not None and p < len(cells) else None for c, p in columns}
            if all(_blank(v) for v in raw.values()):
                continue
            first_key = raw.get("goal") if "goal" in raw else raw.get("key")
            if str(first_key or "").strip().upper().startswith(EXAMPLE):
                continue
            item = {}
            for column, _position in columns:
                value = self.value(sheet.title, number, column, raw[column.name])
                if column.required and _blank(raw[column.name]):
                    self.problem(sheet.title, number, str(column.header), _("måste fyllas i."))
                if value is not None:
                    item[column.name] = value
            found.append((number, item))
        return found

    # ---- the document ------------------------------------------------------------------

    def document(self, wb) -> dict:
        levels = self.rows(wb, LEVELS)
        periods = self.rows(wb, PERIODS)
        goals = self.rows(wb, GOALS)
        measures = self.rows(wb, MEASURES)
        components = self.rows(wb, COMPONENTS)
        level_keys = {}
        for number, level in levels:
            name = level.get("name", "").lower()
            if name in level_keys:
                self.problem(
                    LEVELS.title,
                    number,
                    str(LEVELS.columns[1].header),
                    _("två nivåer heter ”%(n)s”.") % {"n": level["name"]},
                )
            level_keys[name] = level.get("key")
            level_keys.setdefault(str(level.get("key", "")).lower(), level.get("key"))
        units = self._lookup(self.organisation.units.values_list("slug", "name"))
        dimensions = self._lookup(self.organisation.dimensions.values_list("key", "name"))
        nodes, by_key = [], {}
        for number, goal in goals:
            node = self._goal(number, goal, level_keys, units)
            nodes.append((number, goal.get("parent"), node))
            if node.get("key"):
                by_key.setdefault(node["key"], node)
        roots = self._tree(nodes, by_key)
        self._measures(measures, components, by_key, dimensions)
        document = {
            "format": FORMAT,
            "organisation": {"slug": self.organisation.slug, "name": self.organisation.name},
            "year": self.year,
            "levels": [level for _n, level in levels],
            "periods": [period for _n, period in periods],
            "goals": roots,
        }
        for index, (number, _level) in enumerate(levels):
            self.places[f"levels[{index}]"] = (LEVELS, number)
        for index, (number, _period) in enumerate(periods):
            self.places[f"periods[{index}]"] = (PERIODS, number)
        for node, place, _parent in walk(roots):
            self.places[place] = (GOALS, node.pop("_row"))
            for index, measure in enumerate(node.get("measures", [])):
                self.places[f"{place}.measures[{index}]"] = (MEASURES, measure.pop("_row"))
                for part_index, part in enumerate(measure.get("components", [])):
                    self.places[f"{place}.measures[{index}].components[{part_index}]"] = (COMPONENTS, part.pop("_row"))
        return document

    @staticmethod
    def _lookup(pairs) -> dict:
        found = {}
        for key, name in pairs:
            found[key.lower()] = key
            found.setdefault(name.lower(), key)
        return found

    def _goal(self, number, goal, level_keys, units) -> dict:
        node = {k: v for k, v in goal.items() if k not in ("parent", "level", "unit")}
        node.update(_row=number, measures=[], children=[])
        level = goal.get("level")
        if level is not None:
            node["level"] = level_keys.get(level.lower())
            if node["level"] is None:
                self.problem(
                    GOALS.title, number, _("Nivå"), _("”%(v)s” är ingen nivå på bladet Nivåer.") % {"v": level}
                )
        if goal.get("unit") is not None:
            node["unit"] = units.get(goal["unit"].lower())
            if node["unit"] is None:
                self.problem(
                    GOALS.title,
                    number,
                    _("Enhet"),
                    _("”%(v)s” är ingen enhet hos förbundet; välj i listan.") % {"v": goal["unit"]},
                )
        return node

    def _tree(self, nodes, by_key) -> list:
        roots = []
        for number, parent_key, node in nodes:
            if parent_key is None:
                roots.append(node)
            elif parent_key not in by_key:
                self.problem(
                    GOALS.title,
                    number,
                    _("Hör till"),
                    _("det finns inget mål med nyckeln ”%(k)s”.") % {"k": parent_key},
                )
            else:
                by_key[parent_key]["children"].append(node)
        reached = {id(node) for node, _place, _parent in walk(roots)}
        for number, _parent_key, node in nodes:
            if id(node) not in reached and node.get("key") and _parent_key in by_key:
                self.problem(
                    GOALS.title,
                    number,
                    _("Hör till"),
                    _("målen hör till varandra i en cirkel; inget av dem når överst."),
                )
        return roots

    def _measures(self, measures, components, by_key, dimensions) -> None:
        by_measure = {}
        for number, item in measures:
            measure = {k: v for k, v in item.items() if k not in ("goal", "dimension")}
            measure.update(_row=number, components=[])
            if item.get("dimension") is not None:
                measure["dimension"] = dimensions.get(item["dimension"].lower())
                if measure["dimension"] is None:
                    self.problem(
                        MEASURES.title,
                        number,
                        _("Indelning"),
                        _("”%(v)s” är ingen indelning hos förbundet; välj i listan.") % {"v": item["dimension"]},
                    )
            goal = by_key.get(item.get("goal"))
            if goal is None:
                if item.get("goal"):
                    self.problem(
                        MEASURES.title,
                        number,
                        _("Målets nyckel"),
                        _("det finns inget mål med nyckeln ”%(k)s”.") % {"k": item["goal"]},
                    )
                continue
            goal["measures"].append(measure)
            if measure.get("key"):
                by_measure.setdefault((item["goal"], measure["key"]), measure)
        for number, item in components:
            measure = by_measure.get((item.get("goal"), item.get("measure")))
            if measure is None:
                if item.get("goal") and item.get("measure"):
                    self.problem(
                        COMPONENTS.title,
                        number,
                        _("Mätetalets nyckel"),
                        _("målet ”%(g)s” har inget mätetal med nyckeln ”%(k)s”.")
                        % {"g": item["goal"], "k": item["measure"]},
                    )
                continue
            part = {k: v for k, v in item.items() if k not in ("goal", "measure")}
            measure["components"].append({**part, "_row": number})


def read_workbook(content: bytes, *, organisation, year) -> tuple[dict, dict]:
    """(the document, its places) or WorkbookError listing every bad cell."""
    try:
        wb = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, ValueError, OSError):
        raise WorkbookError([_("Filen är ingen Excel-arbetsbok (.xlsx). Utgå från mallen och spara som .xlsx.")])
    try:
        reader = Reader(organisation=organisation, year=year)
        document = reader.document(wb)
    finally:
        wb.close()
    if reader.problems:
        raise WorkbookError(reader.problems)
    return document, reader.places
