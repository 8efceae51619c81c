"""Values broken down per kommun, per kön or per a dimension the kansli defines: the grid's cells
and the whole förbund's figure, formed as each mätetal says (a sum for counts, a weighted mean
for shares, nothing for rankings)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from .models import (
    BY_GENDER,
    PER_DIMENSION,
    PER_MUNICIPALITY,
    Aggregation,
    Gender,
    Member,
    Population,
    default_aggregation,
)


def is_share(measure) -> bool:
    """A percentage or another share, by the mätetal's unit: never summed, kept within 0–100."""
    return default_aggregation(getattr(measure, "unit_label", ""))[0] == Aggregation.WEIGHTED_MEAN


def aggregation_for(measure) -> str:
    """The mätetal's aggregation, except that shares and rankings are never summed: a "summa"
    left on a %-mätetal (the field's default) would add Borås's 80 % to Bollebygd's 60 %."""
    aggregation = measure.aggregation
    if aggregation == Aggregation.SUM:
        suggested = default_aggregation(getattr(measure, "unit_label", ""))[0]
        if suggested != Aggregation.SUM:
            return suggested
    return aggregation


def genders_for(measure) -> list[str]:
    if measure.breakdown in BY_GENDER:
        return [Gender.WOMEN, Gender.MEN, Gender.TOTAL]
    return [Gender.NONE]


def parts_for(measure) -> list:
    """The rows of the mätetal's grid: the member kommuner, or the parts of its dimension."""
    if measure.breakdown in PER_MUNICIPALITY:
        return list(Member.objects.municipalities().filter(organisation_id=measure.goal.plan_year.organisation_id))
    if measure.breakdown in PER_DIMENSION:
        return list(measure.dimension.items.all())
    return []


def populations_for(municipalities, year: int) -> dict[int, int]:
    """Kommun id → its population in `year`, or the latest year before it that is known."""
    populations = {}
    for row in Population.objects.filter(municipality__in=municipalities, year__lte=year).order_by("year"):
        populations[row.municipality_id] = row.population
    return populations


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


LABELS = {
    Aggregation.SUM: lambda: _("Förbundet, summa"),
    Aggregation.MEAN: lambda: _("Förbundet, medelvärde"),
    Aggregation.WEIGHTED_MEAN: lambda: _("Förbundet, vägt med folkmängd"),
}


@dataclass
class FederationFigure:
    label: str
    value: Decimal | None
    count: int
    # Kommuner that have a value but no population: the weighted mean is then left out rather
    # than silently computed on part of the förbund.
    missing_population: list[str]


def _members_of_federation(cells: dict) -> dict:
    # An adjungerad kommun (Varberg in Boråsregionen) reports beside the members but is not part
    # of the förbund's figures.
    return {part: value for part, value in cells.items() if value is not None and not getattr(part, "adjunct", False)}


def gender_total(measure, women, men):
    """Totalt from kvinnor and män: their sum for counts; a share or a ranking has no such total."""
    if women is None or men is None or aggregation_for(measure) != Aggregation.SUM:
        return None
    return women + men


def federation_figure(measure, cells: dict, populations: dict[int, int]) -> FederationFigure | None:
    """The förbund's figure from {kommun or dimension part: value}; None when the mätetal has none."""
    aggregation = aggregation_for(measure)
    if aggregation == Aggregation.NONE:
        return None
    present = _members_of_federation(cells)
    label = LABELS[aggregation]()
    if not present:
        return FederationFigure(label, None, 0, [])
    if aggregation == Aggregation.SUM:
        return FederationFigure(label, sum(present.values(), Decimal(0)), len(present), [])
    if aggregation == Aggregation.WEIGHTED_MEAN and measure.breakdown in PER_MUNICIPALITY:
        missing = [part.name for part in present if part.pk not in populations]
        if missing:
            return FederationFigure(label, None, len(present), missing)
        weight = sum(populations[part.pk] for part in present)
        value = _round(sum(v * populations[part.pk] for part, v in present.items()) / weight) if weight else None
        return FederationFigure(label, value, len(present), [])
    # A mean, or a weighted mean over parts that have no population (a delregion): plain mean.
    return FederationFigure(LABELS[Aggregation.MEAN](), _round(sum(present.values()) / len(present)), len(present), [])


def combine(measure, cells: dict, populations: dict[int, int]) -> Decimal | None:
    figure = federation_figure(measure, cells, populations)
    return figure.value if figure else None
