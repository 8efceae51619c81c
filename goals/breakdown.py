"""Values per kommun (and kön): the grid's cells and the federation-level figures."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .models import Breakdown, Gender, Municipality, Population


def genders_for(measure) -> list[str]:
    if measure.breakdown == Breakdown.MUNICIPALITY_GENDER:
        return [Gender.WOMEN, Gender.MEN, Gender.TOTAL]
    return [Gender.NONE]


def municipalities_for(measure):
    return Municipality.objects.filter(organisation_id=measure.goal.plan_year.organisation_id)


@dataclass
class FederationFigures:
    total: Decimal | None
    mean: Decimal | None
    weighted_mean: Decimal | None
    count: int
    missing_population: list[str]


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def federation_figures(values_by_municipality: dict, year: int) -> FederationFigures:
    """Sum, unweighted mean and population-weighted mean over the kommuner that have a value.

    The weighted mean uses each kommun's population of `year` (or the latest year before it).
    """
    municipalities = [m for m, v in values_by_municipality.items() if v is not None]
    return figures_from(values_by_municipality, populations_for(municipalities, year))


def populations_for(municipalities, year: int) -> dict[int, int]:
    """Kommun id → its population in `year`, or the latest year before it that is known."""
    populations = {}
    for row in Population.objects.filter(municipality__in=municipalities, year__lte=year).order_by("year"):
        populations[row.municipality_id] = row.population
    return populations


def figures_from(values_by_municipality: dict, populations: dict[int, int]) -> FederationFigures:
    """The federation's figures from values already loaded (the chapter runs no queries).

    Kommuner without a population are named, and the weighted mean is then left out rather than
    silently computed on part of the federation.
    """
    # An adjungerad kommun (Varberg in Boråsregionen) reports beside the members but is not
    # part of the federation's figures.
    present = {m: v for m, v in values_by_municipality.items() if v is not None and not m.adjunct}
    if not present:
        return FederationFigures(None, None, None, 0, [])
    total = sum(present.values(), Decimal(0))
    missing = [m.name for m in present if m.pk not in populations]
    weighted = None
    if not missing:
        weight = sum(populations[m.pk] for m in present)
        weighted = _round(sum(v * populations[m.pk] for m, v in present.items()) / weight) if weight else None
    return FederationFigures(total, _round(total / len(present)), weighted, len(present), missing)
