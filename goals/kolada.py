"""Per-kommun values from a file in Kolada's layout, mapped to mätetal by KPI id.

Two shapes are read: Kolada's JSON (`{"values": [{"kpi", "municipality", "period",
"values": [{"gender": "T", "value": 12.3}]}]}`, as saved from its API) and a CSV with the
columns kpi, municipality, period, gender, value (comma or semicolon separated, decimal comma
allowed). Nothing is fetched: the file is what kansliet downloaded.
"""

import csv
import io
import json
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from .forms import parse_swedish_number
from .models import Breakdown, FollowUp, Measure, MeasureValue, Municipality, Organisation, PeriodKind, State

MAX_VALUE = Decimal("1e12")  # what MeasureValue.value holds (14 digits, 2 decimals)


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
    return _parse_csv(text)


def _number(raw, place, problems):
    if raw is None or str(raw).strip() == "":
        return None
    try:
        number = parse_swedish_number(str(raw))
    except (ValueError, InvalidOperation):
        problems.append(_("%(place)s: %(raw)s är inget tal.") % {"place": place, "raw": raw})
        return None
    if abs(number) >= MAX_VALUE:
        problems.append(_("%(place)s: %(raw)s är för stort.") % {"place": place, "raw": raw})
        return None
    return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _parse_json(text) -> list[Row]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise KoladaImportError(
            [_("Filen är inte giltig JSON: rad %(line)s, kolumn %(col)s.") % {"line": error.lineno, "col": error.colno}]
        )
    rows, problems = [], []
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise KoladaImportError([_("values: listan med värden saknas.")])
    for i, item in enumerate(data["values"]):
        place = f"values[{i}]"
        try:
            kpi, municipality, period = str(item["kpi"]), str(item["municipality"]), int(item["period"])
            cells = item["values"]
            if not isinstance(cells, list):
                raise TypeError
        except (KeyError, TypeError, ValueError):
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


def _parse_csv(text) -> list[Row]:
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    needed = {"kpi", "municipality", "period", "gender", "value"}
    header = {name.strip().lower() for name in reader.fieldnames or []}
    if not needed <= header:
        raise KoladaImportError([_("Rad 1: kolumnerna %(cols)s krävs.") % {"cols": ", ".join(sorted(needed))}])
    rows, problems = [], []
    for line, record in enumerate(reader, start=2):
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


def _follow_up_for(goal, period, user, touched: dict) -> FollowUp:
    """The follow-up the values go into, locked and with a new version once per import, so
    that a grid opened before the import cannot save over the imported figures."""
    key = (goal.pk, period.pk)
    if key not in touched:
        follow_up = FollowUp.objects.select_for_update().filter(goal=goal, period=period).first()
        follow_up = follow_up or FollowUp(goal=goal, period=period, version=0, author=user)
        if follow_up.state != State.APPROVED:
            follow_up.version += 1
            follow_up._history_user = user
            follow_up._change_reason = "values"
            follow_up.save()
        touched[key] = follow_up
    return touched[key]


@transaction.atomic
def import_values(*, organisation: Organisation, content: bytes, user=None) -> int:
    """Write every row to the annual follow-up of the mätetal with that KPI id and year.
    All rows must map; any problem aborts the whole file."""
    rows = parse(content)
    municipalities = {m.code: m for m in Municipality.objects.filter(organisation=organisation)}
    measures = {}
    for measure in (
        Measure.objects.filter(goal__plan_year__organisation=organisation)
        .exclude(kpi="")
        .select_related("goal__plan_year")
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
                _("%(place)s: inget mätetal har KPI %(kpi)s år %(year)s.")
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

    written = 0
    touched: dict[int, FollowUp] = {}
    for row in rows:
        for measure in measures[(row.kpi, row.period)]:
            period = measure.goal.plan_year.periods.filter(kind=PeriodKind.ANNUAL).order_by("-end_date").first()
            if period is None:
                raise KoladaImportError(
                    [
                        _("%(place)s: år %(year)s har ingen årsbokslutsperiod.")
                        % {"place": row.place, "year": row.period}
                    ]
                )
            follow_up = _follow_up_for(measure.goal, period, user, touched)
            if follow_up.state == State.APPROVED:
                raise KoladaImportError(
                    [
                        _("%(place)s: uppföljningen av ”%(goal)s” är godkänd och kan inte ändras.")
                        % {"place": row.place, "goal": measure.goal.title[:80]}
                    ]
                )
            gender = row.gender if measure.breakdown == Breakdown.MUNICIPALITY_GENDER else ""
            value = MeasureValue.objects.filter(
                follow_up=follow_up,
                measure=measure,
                municipality=municipalities[row.municipality],
                gender=gender,
                category="",
            ).first() or MeasureValue(
                follow_up=follow_up, measure=measure, municipality=municipalities[row.municipality], gender=gender
            )
            value.value = row.value
            value._history_user = user
            value.save()
            written += 1
    return written
