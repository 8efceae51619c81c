"""Small helpers for the chapter's print templates."""

from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def css_string(value) -> SafeString:
    """A CSS string literal: everything outside plain letters, digits and spaces escaped as \\hex.

    Used for the few translated words in @page content; keeps a translation (or anything else)
    from ending the string and injecting CSS.
    """
    out = []
    for char in str(value):
        if char.isalnum() or char == " ":
            out.append(char)
        else:
            out.append(f"\\{ord(char):06x}")
    # Safe inside <style>: only letters, digits, spaces, backslashes and the two quotes remain.
    return mark_safe('"' + "".join(out) + '"')  # nosec B308, B703
