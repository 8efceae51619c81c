"""Checks on a grid's figures that a number parser cannot make: a share lies within 0–100 %, a
total agrees with its parts. Each problem is (field name, Swedish message), so the form puts it
beside the cell and keeps what was typed."""

from decimal import Decimal

from django.utils.translation import gettext as _

from .breakdown import aggregation_for, is_share
from .models import Aggregation
from .numbers import format_number, too_large

HUNDRED = Decimal(100)
# Survey shares are published rounded to whole per cent: the parts' sum may miss the total by one.
ROUNDING = Decimal(1)


def out_of_range(name: str, label: str, value) -> list[tuple[str, str]]:
    if value is None or 0 <= value <= HUNDRED:
        return []
    return [
        (
            name,
            _("%(label)s: %(value)s %% är ingen andel. Skriv ett värde mellan 0 och 100 %%.")
            % {"label": label, "value": format_number(value)},
        )
    ]


def sum_too_large(name: str, label: str, summed) -> list[tuple[str, str]]:
    """A total the grid would store for its parts (kvinnor + män, the answers) must fit the column too."""
    problem = too_large(summed)
    if problem is None:
        return []
    return [(name, _("%(label)s, summan: %(problem)s") % {"label": label, "problem": problem})]


def survey_is_share(measure) -> bool:
    # The survey page asks for "andel i procent"; a unit of its own (e.g. "svar") says otherwise.
    return not measure.unit_label or is_share(measure)


def survey_problems(measure, parts: dict, total_name: str, total, total_typed: bool) -> list[tuple[str, str]]:
    """parts: {field name: value} of the answers; total: the Totalt cell as typed."""
    problems = []
    share = survey_is_share(measure)
    if share:
        for name, value in [*parts.items(), (total_name, total)]:
            problems += out_of_range(name, measure.text, value)
    given = [v for v in parts.values() if v is not None]
    if problems or not given:
        return problems
    summed = sum(given, Decimal(0))
    if not total_typed and len(given) == len(parts):
        problems += sum_too_large(total_name, measure.text, summed)
        if problems:
            return problems
    slack = ROUNDING if share else Decimal(0)
    if share and summed > HUNDRED + slack:
        problems.append(
            (
                total_name,
                _("%(label)s: svarsalternativen blir tillsammans %(sum)s %%, mer än 100 %%.")
                % {"label": measure.text, "sum": format_number(summed)},
            )
        )
    elif total_typed and total is not None:
        complete = len(given) == len(parts)
        if (complete and abs(total - summed) > slack) or (not complete and total < summed - slack):
            problems.append(
                (
                    total_name,
                    _(
                        "%(label)s: Totalt är %(total)s men svarsalternativen blir tillsammans %(sum)s. "
                        "Rätta ett av värdena, eller töm Totalt så räknas det ut."
                    )
                    % {"label": measure.text, "total": format_number(total), "sum": format_number(summed)},
                )
            )
    return problems


def breakdown_problems(measure, row: dict, names: dict, labels: dict, total_typed: bool) -> list[tuple[str, str]]:
    """row: {gender: value} of one kommun or part; names/labels: {gender: field name/label}."""
    problems = []
    if is_share(measure):
        for gender, value in row.items():
            problems += out_of_range(names[gender], labels[gender], value)
        return problems
    women, men, total = row.get("K"), row.get("M"), row.get("T")
    summed = aggregation_for(measure) == Aggregation.SUM and None not in (women, men)
    if summed and "T" in names and not total_typed:
        problems += sum_too_large(names["T"], labels["T"], women + men)
    if aggregation_for(measure) == Aggregation.SUM and total_typed and None not in (women, men, total):
        # A total above kvinnor + män may count people whose kön is not recorded; below is a typo.
        if total < women + men:
            problems.append(
                (
                    names["T"],
                    _("%(label)s är %(total)s, mindre än kvinnor och män tillsammans (%(sum)s).")
                    % {"label": labels["T"], "total": format_number(total), "sum": format_number(women + men)},
                )
            )
    return problems
