"""WeasyPrint's user-agent stylesheet without the pseudo-element rules that match every element.

WeasyPrint 70's stylesheet styles `::marker`, `::footnote-call`, `::footnote-marker` and three
`::note-…` pseudo-elements with universal selectors, so it computes six pseudo-element styles for
every element of the document, whether it is a list item or has a note or not. For the chapter
(no footnotes, no notes, markers only on list items) that was 54 000 style objects for 8 800
elements at 70 pages, half of what the layout kept in memory (see README, Performance). Here
`::marker` applies to list items only and the note rules are left out; the printed pages, their
text and the structure tree are the same.

If a WeasyPrint upgrade changes those rules, the stylesheet is WeasyPrint's own, unchanged
(tests/test_print_memory.py then fails, so the saving is not lost unnoticed).
"""

import re

from weasyprint import CSS, HTML
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA, UA_STYLESHEET

MARKER_RULE = "\n::marker {"
# Elements the stylesheet makes list items: only they have markers.
LIST_ITEM_MARKER_RULE = "\nli::marker, summary::marker {"
NOTE_RULES = re.compile(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}\n", re.MULTILINE)
# A rule for a pseudo-element of any element: "::x", "*::x", or one of a list of selectors.
UNIVERSAL_PSEUDO = re.compile(r"(?:^|[,}])\s*\*?::", re.MULTILINE)


def lean_text(text: str) -> str | None:
    """The stylesheet's text with those rules scoped or removed; None if it has other rules."""
    if text.count(MARKER_RULE) != 1 or len(NOTE_RULES.findall(text)) != 5:
        return None
    lean = NOTE_RULES.sub("", text.replace(MARKER_RULE, LIST_ITEM_MARKER_RULE))
    return None if UNIVERSAL_PSEUDO.search(lean) else lean


_LEAN_TEXT = lean_text(UA)
# Its @counter-style rules go to an object of their own: the document takes its counter styles
# from WeasyPrint's (html._ua_counter_style), which already has them, and refuses them twice.
LEAN_UA_STYLESHEET = CSS(string=_LEAN_TEXT, counter_style=CounterStyle()) if _LEAN_TEXT else None


class PrintHTML(HTML):
    """weasyprint.HTML with the lean user-agent stylesheet (a hook of WeasyPrint's HTML class)."""

    def _ua_stylesheets(self, forms=False):
        sheets = super()._ua_stylesheets(forms)
        if LEAN_UA_STYLESHEET is None:
            return sheets
        return [LEAN_UA_STYLESHEET if sheet is UA_STYLESHEET else sheet for sheet in sheets]
