"""Units a value can be counted in, and converting between those that measure the same thing.

A target in mnkr and an outcome reported in tkr are the same quantity; "minst 100 lärare" and
"812 pedagoger" are not, and such a value is judged by a person instead of by a comparison.
"""

from decimal import Decimal

# unit → (quantity, factor to the quantity's base unit)
UNITS = {
    "kr": ("money", Decimal(1)),
    "kronor": ("money", Decimal(1)),
    "tkr": ("money", Decimal(1000)),
    "tusen kronor": ("money", Decimal(1000)),
    "mnkr": ("money", Decimal(1_000_000)),
    "mkr": ("money", Decimal(1_000_000)),
    "miljoner kronor": ("money", Decimal(1_000_000)),
    "mdkr": ("money", Decimal(1_000_000_000)),
    "%": ("share", Decimal(1)),
    "procent": ("share", Decimal(1)),
    "procentenheter": ("share", Decimal(1)),
}


def _normal(unit: str) -> str:
    return " ".join((unit or "").lower().replace("\u00a0", " ").split())


def same_unit(a: str, b: str) -> bool:
    return _normal(a) == _normal(b)


def convert(value: Decimal, from_unit: str, to_unit: str) -> Decimal | None:
    """`value` in `from_unit` expressed in `to_unit`; None when the two cannot be compared.

    An empty unit on either side means "the same as the other" (most values are typed in the
    target's unit without repeating it).
    """
    if not _normal(from_unit) or not _normal(to_unit) or same_unit(from_unit, to_unit):
        return value
    source, target = UNITS.get(_normal(from_unit)), UNITS.get(_normal(to_unit))
    if source is None or target is None or source[0] != target[0]:
        return None
    return value * source[1] / target[1]
