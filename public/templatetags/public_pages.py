from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def entries(goals: dict, keys) -> list[dict]:
    """The snapshot's goal entries for a list of keys (sections refer to goals by id)."""
    return [goals[key] for key in keys if key in goals]


@register.filter
def entry(goals: dict, key) -> dict | None:
    return goals.get(str(key)) if key is not None else None


@register.filter
def have_targets(lines: list[dict]) -> bool:
    """Whether any mätetal needs its target named (most say it in their own words)."""
    return any(line["target"] for line in lines)


@register.filter
def heading(level) -> int:
    """A heading level h1 … h6: the tree's depth never makes one deeper than h6."""
    return max(1, min(int(level), 6))


@register.filter
def text_html(html: str):
    """A text as the snapshot stores it (HTML the chapter printed), with each table in it put in
    a region of its own that scrolls sideways, so a wide table never widens the page."""
    label = escape(_("Tabell i texten"))
    wrapped = html.replace(
        "<table>", f'<div class="table-scroll" role="region" tabindex="0" aria-label="{label}"><table class="table">'
    ).replace("</table>", "</table></div>")
    return mark_safe(wrapped)  # noqa: S308 – the snapshot's own HTML, rendered by goals.markup
