"""One recorded change as the Logg says it: when, who, what (the model in Swedish and the
object), the kind of event, and the fields it changed."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from .. import history

LONGEST_VALUE = 120


def _shorten(value) -> str:
    text = str(value)
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1].rstrip() + "…"


def _lost_relation(tracked, instance) -> bool:
    """Whether an object the name reads has been removed since (prefetching left it None)."""
    for path in tracked.named_by:
        field = instance._meta.get_field(path.split("__")[0])
        if getattr(instance, field.attname) is not None and getattr(instance, field.name) is None:
            return True
    return False


def object_name(tracked, record, instance) -> str:
    """The object as it was; a related object removed since must not break the log."""
    if _lost_relation(tracked, instance):
        return _("nr %(id)s (det hörde till något som har tagits bort)") % {"id": record.id}
    try:
        return _shorten(instance)
    except (ObjectDoesNotExist, AttributeError, TypeError, ValueError):
        return _("nr %(id)s") % {"id": record.id}


def _print_event(record, previous) -> str | None:
    # The change is the event itself: the Logg names it instead of "Ändrad".
    if record.is_final and not previous.is_final:
        return _("Utskriften fastställd")
    if record.state != previous.state:
        return {
            "done": _("Utskriften klar"),
            "failed": _("Utskriften misslyckades"),
            "queued": _("Utskriften beställd igen"),
        }.get(record.state)
    return None


def event_kind(label: str, record, previous) -> str:
    if record.history_type == "+":
        return _("Utskriften beställd") if label == "reports.chapterprint" else _("Skapad")
    if record.history_type == "-":
        return _("Utskriften borttagen") if label == "reports.chapterprint" else _("Borttagen")
    if previous is not None:
        if label == "goals.period" and previous.is_open != record.is_open:
            return _("Perioden öppnad för enheterna") if record.is_open else _("Perioden stängd")
        if label == "reports.chapterprint":
            named = _print_event(record, previous)
            if named:
                return named
    reason = record.history_change_reason
    if reason in history.CHANGE_REASONS and reason != history.BASELINE_REASON:
        return str(history.CHANGE_REASONS[reason])
    return _("Ändrad")


def describe(tracked, record, previous, instance) -> dict:
    model = tracked.model
    changes = history.record_changes(model, record, previous) if previous is not None else []
    return {
        "date": record.history_date,
        "user": record.history_user,
        "model": capfirst(model._meta.verbose_name),
        "object": object_name(tracked, record, instance),
        "kind": event_kind(tracked.label, record, previous),
        "changes": [
            {"field": capfirst(change["field"]), "old": _shorten(change["old"]), "new": _shorten(change["new"])}
            for change in changes
        ],
    }
