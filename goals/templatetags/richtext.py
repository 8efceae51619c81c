"""Show text that users wrote: escaped, paragraphs and bullets kept, URLs made clickable."""

import re
from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join, urlize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

TABLE_MARKER = "[[tabell]]"
BLANK_LINES = re.compile(r"\n\s*\n")


def _inline(line: str) -> SafeString:
    # urlize escapes everything that is not a URL when autoescape is on.
    return mark_safe(urlize(line.strip(), autoescape=True))


def _block(block: str) -> SafeString:
    lines = [line for line in block.splitlines() if line.strip()]
    if lines and all(line.lstrip().startswith(("- ", "• ")) for line in lines):
        items = format_html_join("", "<li>{}</li>", ((_inline(line.lstrip()[2:]),) for line in lines))
        return format_html("<ul>{}</ul>", items)
    return format_html("<p>{}</p>", mark_safe("<br>".join(_inline(line) for line in lines)))


def text_blocks(text: str) -> list[str]:
    return [block for block in BLANK_LINES.split((text or "").replace("\r\n", "\n")) if block.strip()]


@register.filter
def richtext(text: str) -> SafeString:
    return mark_safe("".join(_block(b) for b in text_blocks(text) if b.strip() != TABLE_MARKER))


@register.simple_tag
def richtext_parts(text: str) -> tuple[SafeString, SafeString, bool]:
    """Split at the [[tabell]] line: (before, after, had_marker)."""
    blocks = text_blocks(text)
    if TABLE_MARKER in [b.strip() for b in blocks]:
        index = [b.strip() for b in blocks].index(TABLE_MARKER)
        before, after = blocks[:index], blocks[index + 1 :]
        return (
            mark_safe("".join(map(_block, before))),
            mark_safe("".join(_block(b) for b in after if b.strip() != TABLE_MARKER)),
            True,
        )
    return richtext(text), mark_safe(""), False


def format_number(value) -> str:
    """25 000 with a non-breaking space; 85,5 with a decimal comma; no trailing zeros."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    sign = "−" if number < 0 else ""
    whole, _dot, fraction = f"{abs(number):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", "\u00a0")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


@register.filter
def number(value) -> str:
    # A form field's value arrives already formatted ("27 531"); print it as it is.
    return value if isinstance(value, str) else format_number(value)


@register.filter
def with_unit(value, unit: str) -> str:
    text = format_number(value)
    return f"{text}\u00a0{unit}" if text and unit else text


@register.filter
def number_or_text(value) -> str:
    """History cells hold either a figure (printed the Swedish way) or text."""
    if isinstance(value, Decimal):
        return format_number(value)
    return value


@register.filter
def outcome(value) -> str:
    """Met / not met / not measured for a stored main value, judged from the value alone."""
    from goals.evaluation import evaluate_value

    if not value.is_main:
        return ""
    result = evaluate_value(value.measure, value)
    return result.label if result else ""
