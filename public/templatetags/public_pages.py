from django import template

register = template.Library()


@register.filter
def entries(goals: dict, keys) -> list[dict]:
    """The snapshot's goal entries for a list of keys (sections refer to goals by id)."""
    return [goals[key] for key in keys if key in goals]


@register.filter
def entry(goals: dict, key) -> dict | None:
    return goals.get(str(key)) if key is not None else None


@register.filter
def heading(level) -> int:
    """A heading level h1 … h6: the tree's depth never makes one deeper than h6."""
    return max(1, min(int(level), 6))
