"""Numbers as Swedish users type and read them: one place to parse, check and format them.

Forms, imports, charts and the chapter all use these, so "27 531" means the same everywhere and
a value that passes here always fits its decimal column: the range is read from the model
field's max_digits and decimal_places (`column_range`), never written down a second time.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import cache

from django.utils.translation import gettext as _

SPACES = re.compile(r"[\s\u00a0\u202f]+")
PLAIN = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
THOUSANDS_WITH_POINTS = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{3})+")


def column_range(column) -> tuple[Decimal, Decimal]:
    """(the largest magnitude, the smallest step) a DecimalField holds: 999 999 999 999,99 and
    0,01 for max_digits=14, decimal_places=2."""
    step = Decimal(1).scaleb(-column.decimal_places)
    return Decimal(1).scaleb(column.max_digits - column.decimal_places) - step, step


@cache
def value_column():
    """The column every measured value, target and total is kept in (MeasureValue.value); the
    other decimal columns have the same shape, and a test keeps them so."""
    from .models import MeasureValue

    return MeasureValue._meta.get_field("value")


class NumberError(ValueError):
    """Not a number we can store; the message (Swedish) says why and what to type instead."""


def parse(text: str) -> Decimal:
    """Accept what people type in Sweden: "27 531", "85,5", "12 569,25", "−44", "85 %", "85.5".

    A point followed by exactly three digits ("1.500", "27.531") is refused with both readings:
    it is a thousands separator to some and a decimal point to others, and guessing wrong
    silently changes a verdict.
    """
    raw = str(text)
    cleaned = SPACES.sub("", raw).replace("\u2212", "-").replace("–", "-").removesuffix("%")
    if "," in cleaned and "." in cleaned:
        # "1.234,5": points group thousands, the comma is the decimal sign.
        whole, _comma, fraction = cleaned.rpartition(",")
        if not THOUSANDS_WITH_POINTS.fullmatch(whole) or not fraction.isdigit():
            raise NumberError(_("”%(text)s” är inget tal. Skriv t.ex. 27 531 eller 85,5.") % {"text": raw.strip()})
        cleaned = whole.replace(".", "") + "." + fraction
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")
        if cleaned.count(".") > 1:
            raise NumberError(_("”%(text)s” är inget tal. Skriv t.ex. 27 531 eller 85,5.") % {"text": raw.strip()})
    elif cleaned.count(".") > 1 and THOUSANDS_WITH_POINTS.fullmatch(cleaned):
        cleaned = cleaned.replace(".", "")
    elif THOUSANDS_WITH_POINTS.fullmatch(cleaned) and cleaned.lstrip("-")[0] != "0":
        whole, _point, fraction = cleaned.partition(".")
        raise NumberError(
            _(
                "”%(text)s” kan läsas både som %(thousands)s och som %(decimal)s. Skriv %(thousands)s "
                "eller %(decimal)s (decimalkomma)."
            )
            % {
                "text": raw.strip(),
                "thousands": format_number(Decimal(whole + fraction)),
                "decimal": format_number(Decimal(cleaned)),
            }
        )
    if not PLAIN.fullmatch(cleaned):
        raise NumberError(_("”%(text)s” är inget tal. Skriv t.ex. 27 531 eller 85,5.") % {"text": raw.strip()})
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        raise NumberError(_("”%(text)s” är inget tal. Skriv t.ex. 27 531 eller 85,5.") % {"text": raw.strip()})


def _shown(number: Decimal) -> str:
    # A number of hundreds of digits (1e400) is named by its size, not printed in full.
    return (
        format_number(number)
        if number.adjusted() < 24
        else _("ett tal med %(n)s siffror") % {"n": number.adjusted() + 1}
    )


def too_large(number: Decimal, column=None) -> str | None:
    """Why `number` (already rounded as stored) does not fit the column, or None."""
    largest, _step = column_range(column or value_column())
    if not number.is_finite():
        return _("”%(text)s” är inget tal. Skriv t.ex. 27 531 eller 85,5.") % {"text": number}
    if abs(number) <= largest:
        return None
    if number < 0:
        return _("%(number)s är för litet; minsta tillåtna värde är %(limit)s.") % {
            "number": _shown(number),
            "limit": format_number(-largest),
        }
    return _("%(number)s är för stort; största tillåtna värde är %(limit)s.") % {
        "number": _shown(number),
        "limit": format_number(largest),
    }


def to_stored(number: Decimal, column=None) -> Decimal:
    """The value as the column keeps it (its decimals, halves away from zero), or NumberError.

    The range is checked after rounding: 999 999 999 999,995 rounds to 1 000 000 000 000,00,
    which no longer fits."""
    column = column or value_column()
    largest, step = column_range(column)
    if number.is_finite() and abs(number) <= largest + 1:
        number = number.quantize(step, rounding=ROUND_HALF_UP)
    problem = too_large(number, column)
    if problem:
        raise NumberError(problem)
    return number


def parse_stored(text: str, column=None) -> Decimal:
    return to_stored(parse(text), column)


def from_document(text: str, column=None) -> Decimal:
    """A decimal from the interchange format: a JSON string with a point ("27531", "-44", "85.5")."""
    if not isinstance(text, str) or not PLAIN.fullmatch(text.strip()):
        raise NumberError(
            _(
                "”%(text)s” är inget tal i filens format: skriv siffror med punkt som decimaltecken, t.ex. ”27531” eller ”85.5”."
            )
            % {"text": text}
        )
    column = column or value_column()
    _whole, _point, fraction = text.strip().partition(".")
    if len(fraction.rstrip("0")) > column.decimal_places:
        raise NumberError(_("”%(text)s” har fler än två decimaler.") % {"text": text})
    return to_stored(Decimal(text.strip()), column)


def to_document(value: Decimal | None) -> str | None:
    if value is None:
        return None
    return f"{value.normalize():f}"


def format_number(value) -> str:
    """25 000 with a non-breaking space; 85,5 with a decimal comma; −44 with a real minus; no trailing zeros."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    sign = "−" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_signed(value) -> str:
    """A deviation: "+512", "−44", "0"."""
    if value is None:
        return ""
    return ("+" if value > 0 else "") + format_number(value)


def with_unit(value, unit: str) -> str:
    text = format_number(value)
    if not text or not unit:
        return text
    # "85 %" and "27 531 elever", bound so a line never breaks between figure and unit.
    return f"{text}\u00a0{unit}"


def form_text(value: Decimal | None) -> str:
    """A stored value as it is shown in a form field again ("27 531", "85,5")."""
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    whole, _dot, fraction = text.partition(".")
    negative = whole.startswith("-")
    whole = f"{int(whole.lstrip('-')):,}".replace(",", " ")
    return ("-" if negative else "") + (f"{whole},{fraction}" if fraction else whole)
