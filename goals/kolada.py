"""Per-kommun values from a file in Kolada's layout, mapped to mätetal by KPI id.

Two shapes are read: Kolada's JSON (`{"values": [{"kpi", "municipality", "period",
"values": [{"gender": "T", "value": 12.3}]}]}`, as saved from its API) and a CSV with the
columns kpi, municipality, period, gender, value (comma or semicolon separated, decimal comma
allowed). Nothing is fetched: the file is what kansliet downloaded. `export_csv` writes a
mätetal's per-kommun values in the same CSV layout, so an export imports back.
"""

import csv
import io
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from . import numbers
from .interchange.validation import text_problems
from .models import PER_MUNICIPALITY, Breakdown, Measure, MeasureValue, Member, Organisation, PeriodKind
from .services import CellData, FollowUpError, lock_follow_up, store, upsert_values

# The CSV's columns, in Kolada's order: what the import requires and the export writes.
COLUMNS = ("kpi", "municipality", "period", "gender", "value")


class KoladaImportError(Exception):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Row:
    place: str
    kpi: str
    municipality: str
    period: int
    gender: str
    value: Decimal | None


def parse(content: bytes) -> list[Row]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise KoladaImportError([_("Filen är inte UTF-8-kodad.")])
    if text.lstrip().startswith("{"):
        return _parse_json(text)
    # Old Mac files end lines with CR alone; the csv module reads only LF and CRLF.
    return _parse_csv(text.replace("\r\n", "\n").replace("\r", "\n"))


def _number(raw, place, problems):
    if raw is None or str(raw).strip() == "":
        return None
    try:
        return numbers.parse_stored(str(raw))
    except numbers.NumberError as error:
        problems.append(f"{place}: {error}")
        return None


def _parse_json(text) -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise KoladaImportError(
            [_("Filen är inte giltig JSON: rad %(line)s, kolumn %(col)s.") % {"line": error.lineno, "col": error.colno}]
        )
    except RecursionError:
        raise KoladaImportError([_("Filen är nästlad i för många nivåer för att kunna läsas.")])
    problems = text_problems(data)
    if problems:
        raise KoladaImportError(problems)
    rows = []
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise KoladaImportError([_("values: listan med värden saknas.")])
    for i, item in enumerate(data["values"]):
        place = f"values[{i}]"
        try:
            kpi, municipality, period = str(item["kpi"]), str(item["municipality"]), int(item["period"])
            cells = item["values"]
            if not isinstance(cells, list):
                raise TypeError
        except (KeyError, TypeError, ValueError, OverflowError):
            problems.append(_("%(place)s: kpi, municipality, period och values krävs.") % {"place": place})
            continue
        for j, cell in enumerate(cells):
            cell_place = f"{place}.values[{j}]"
            if not isinstance(cell, dict):
                problems.append(_("%(place)s: ska vara ett objekt med gender och value.") % {"place": cell_place})
                continue
            rows.append(
                Row(
                    cell_place,
                    kpi,
                    municipality,
                    period,
                    str(cell.get("gender", "T")),
                    _number(cell.get("value"), cell_place, problems),
                )
            )
    if problems:
        raise KoladaImportError(problems)
    return rows


def _records(reader):
    """The CSV's rows, numbered from 2; a row the csv module cannot read is a Swedish problem."""
    line = 2
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error:
            raise KoladaImportError(
                [
                    _(
                        "rad %(n)s: raden kan inte läsas som CSV (t.ex. ett fält som är längre än "
                        "%(limit)s tecken eller ett citattecken som inte avslutas)."
                    )
                    % {"n": line, "limit": csv.field_size_limit()}
                ]
            )
        yield line, record
        line += 1


def _parse_csv(text) -> list[Row]:
    try:
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text.strip() else ",", delimiters=",;\t")
    except csv.Error:
        # One column, or no separator the sniffer recognises: the header check says what is missing.
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    needed = set(COLUMNS)
    try:
        header = {name.strip().lower() for name in reader.fieldnames or []}
    except csv.Error:
        header = set()
    if not needed <= header:
        raise KoladaImportError([_("Rad 1: kolumnerna %(cols)s krävs.") % {"cols": ", ".join(sorted(needed))}])
    rows, problems = [], []
    for line, record in _records(reader):
        record = {k.strip().lower(): (v or "").strip() for k, v in record.items() if k}
        place = _("rad %(n)s") % {"n": line}
        try:
            period = int(record["period"])
        except ValueError:
            problems.append(_("%(place)s: perioden %(p)s är inget år.") % {"place": place, "p": record["period"]})
            continue
        rows.append(
            Row(
                place,
                record["kpi"],
                record["municipality"],
                period,
                record["gender"] or "T",
                _number(record["value"], place, problems),
            )
        )
    if problems:
        raise KoladaImportError(problems)
    return rows


@transaction.atomic
def import_values(*, organisation: Organisation, content: bytes, user=None) -> int:
    """Write every row to the annual follow-up of the mätetal with that KPI id and year.

    All rows must map; any problem aborts the whole file. The import is kansliet's: it may fill
    a follow-up that is submitted or whose period is closed (statistics arrive after the
    deadline), never one that is approved.
    """
    rows = parse(content)
    # The organisation's row first, then the follow-ups by goal and year: the same order in every
    # import, so two imports wait for each other instead of deadlocking (see interchange.importing).
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    municipalities = {m.code: m for m in Member.objects.municipalities().filter(organisation=organisation)}
    measures = {}
    for measure in (
        Measure.objects.filter(goal__plan_year__organisation=organisation, breakdown__in=PER_MUNICIPALITY)
        .exclude(kpi="")
        .select_related("goal__plan_year", "goal__level")
    ):
        measures.setdefault((measure.kpi, measure.goal.plan_year.year), []).append(measure)
    problems = []
    for row in rows:
        if row.municipality not in municipalities:
            problems.append(
                _("%(place)s: kommunkoden %(code)s hör inte till %(org)s.")
                % {"place": row.place, "code": row.municipality, "org": organisation}
            )
        if (row.kpi, row.period) not in measures:
            problems.append(
                _("%(place)s: inget mätetal per kommun har KPI %(kpi)s år %(year)s.")
                % {"place": row.place, "kpi": row.kpi, "year": row.period}
            )
        if row.gender not in ("T", "K", "M"):
            problems.append(
                _("%(place)s: kön ska vara T, K eller M, inte %(g)s.") % {"place": row.place, "g": row.gender}
            )
        elif row.gender != "T" and any(
            m.breakdown != Breakdown.MUNICIPALITY_GENDER for m in measures.get((row.kpi, row.period), [])
        ):
            problems.append(
                _("%(place)s: mätetalet för KPI %(kpi)s redovisas inte per kön; ta bara med T-raderna.")
                % {"place": row.place, "kpi": row.kpi}
            )
    if problems:
        raise KoladaImportError(problems)

    cells: dict[tuple, dict] = {}
    for row in rows:
        for measure in measures[(row.kpi, row.period)]:
            gender = row.gender if measure.breakdown == Breakdown.MUNICIPALITY_GENDER else ""
            key = (measure.goal_id, row.period)
            cells.setdefault(key, {"goal": measure.goal, "place": row.place, "cells": {}})
            cells[key]["cells"][(measure.pk, None, municipalities[row.municipality].pk, None, gender, "")] = CellData(
                value=row.value
            )
    written = 0
    for (_goal_id, year), target in sorted(cells.items(), key=lambda item: item[0]):
        goal = target["goal"]
        period = goal.plan_year.periods.filter(kind=PeriodKind.ANNUAL).order_by("-end_date").first()
        if period is None:
            raise KoladaImportError(
                [_("%(place)s: år %(year)s har ingen årsbokslutsperiod.") % {"place": target["place"], "year": year}]
            )
        try:
            follow_up = lock_follow_up(
                goal=goal, period=period, user=user, reason="values", expected_version=None, as_kansli=True
            )
        except FollowUpError as error:
            raise KoladaImportError(
                [
                    _("%(place)s: ”%(goal)s”: %(error)s")
                    % {"place": target["place"], "goal": goal.title[:80], "error": error}
                ]
            )
        store(follow_up)
        upsert_values(follow_up, target["cells"], only=("value",))
        written += len(target["cells"])
    return written


def export_csv(measure: Measure) -> str:
    """The mätetal's per-kommun values of its year's årsbokslut, one row per kommun and kön.

    Kolada's period is a year, so the delårsrapport's values are not in the file; a mätetal that
    is not split by kön is written as T (totalt), as Kolada writes a total.
    """
    year = measure.goal.plan_year.year
    values = (
        MeasureValue.objects.filter(
            measure=measure,
            follow_up__period__kind=PeriodKind.ANNUAL,
            municipality__isnull=False,
            component=None,
            item=None,
            category="",
        )
        .select_related("municipality")
        .order_by("follow_up__period__end_date", "municipality__order", "municipality__code", "gender")
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for value in values:
        writer.writerow(
            [measure.kpi, value.municipality.code, year, value.gender or "T", numbers.to_document(value.value) or ""]
        )
    return out.getvalue()
