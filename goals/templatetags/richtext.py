"""Template filters for users' text and numbers; the rules live in goals.markup and goals.numbers."""

from decimal import Decimal

from django import template

from goals import markup, numbers
from goals.evaluation import describe_target

register = template.Library()


@register.filter
def richtext(text: str):
    return markup.render_whole(text)


@register.filter
def number(value) -> str:
    # A form field's value arrives already formatted ("27 531"); print it as it is.
    return value if isinstance(value, str) else numbers.format_number(value)


@register.filter
def with_unit(value, unit: str) -> str:
    return numbers.with_unit(value, unit)


@register.filter
def signed(value) -> str:
    return numbers.format_signed(value)


@register.filter
def number_or_text(value) -> str:
    """History cells hold either a figure (printed the Swedish way) or text."""
    if isinstance(value, Decimal):
        return numbers.format_number(value)
    return value


@register.filter
def target_text(measure) -> str:
    return describe_target(measure)
