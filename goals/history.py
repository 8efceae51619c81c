"""Change history in words: who changed what, and when, for the app's history page and the admin's.

Both read django-simple-history's records; the field is named by its verbose name, a value by its
choice label, Ja/Nej, the figure or the object it points to, never by a code or an id.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import diff
from .models import DimensionItem, FollowUp, MeasureValue, Member
from .numbers import format_number

# The rows written when the history was introduced (migrations goals 0011, reports 0007).
BASELINE_REASON = "baseline"

CHANGE_REASONS = {
    "save": gettext_lazy("Utkast sparat"),
    "submit": gettext_lazy("Inskickad till kansliet"),
    "withdraw": gettext_lazy("Inskickningen tagen tillbaka av enheten"),
    "approve": gettext_lazy("Godkänd av kansliet"),
    "return": gettext_lazy("Återsänd av kansliet"),
    "values": gettext_lazy("Värden sparade"),
    "admin": gettext_lazy("Ändrad i administrationen"),
    "import": gettext_lazy("Inläst från fil"),
    BASELINE_REASON: gettext_lazy("Utgångsläge när historiken infördes"),
    "open": gettext_lazy("Perioden öppnad för enheterna"),
    "close": gettext_lazy("Perioden stängd"),
    "finalise": gettext_lazy("Fastställd"),
}

# Bookkeeping a reader has no use for.
HIDDEN_FIELDS = {"version"}


def readable(model, field_name, value):
    """A history value as the user knows it: the choice's label, Ja/Nej, the number, the object."""
    field = model._meta.get_field(field_name)
    if field.choices and value not in (None, ""):
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("Ja") if value else _("Nej")
    if isinstance(value, Decimal):
        return format_number(value)
    if isinstance(field, models.ForeignKey) and value is not None:
        # By id: an object removed since must not break the history of what pointed to it.
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related is not None else _("borttagen (%(id)s)") % {"id": value}
    return "" if value is None else value


def what_happened(record) -> str:
    if record.history_change_reason in CHANGE_REASONS:
        return CHANGE_REASONS[record.history_change_reason]
    return {"+": _("Skapad"), "-": _("Borttagen")}.get(record.history_type, _("Ändrad"))


def record_changes(model, record, previous=None) -> list[dict]:
    """The fields one history record changed compared with the record before it (given, when
    the caller has it already)."""
    previous = previous or record.prev_record
    if previous is None:
        return []
    return [
        {
            "field": model._meta.get_field(change.field).verbose_name,
            "old": readable(model, change.field, change.old),
            "new": readable(model, change.field, change.new),
        }
        for change in record.diff_against(previous).changes
        if change.field not in HIDDEN_FIELDS
    ]


def entry(model, record) -> dict:
    return {
        "date": record.history_date,
        "user": record.history_user,
        "what": what_happened(record),
        "changes": record_changes(model, record),
        "record": record,
    }


def object_history(model, records) -> list[dict]:
    """The entries of any model with HistoricalRecords, newest first."""
    return [entry(model, record) for record in records.select_related("history_user")]


def follow_up_history(follow_up) -> list[dict]:
    """A follow-up's own changes and those of its measured values, newest first."""
    entries = object_history(FollowUp, follow_up.history.all())
    # Prose is shown as the words that changed (the first entry shows the first text), not as
    # two whole texts side by side.
    prose = {str(FollowUp._meta.get_field(name).verbose_name) for name in diff.TEXT_FIELDS}
    for item in entries:
        item["changes"] = [change for change in item["changes"] if str(change["field"]) not in prose]
        item["texts"] = diff.text_changes(item["record"], item["record"].prev_record)
    # Measured values have their own history; a revisor wants to see who changed a figure too.
    values = MeasureValue.history.filter(follow_up_id=follow_up.pk).select_related("history_user")
    measures = {m.pk: m.text for m in follow_up.goal.measures.all()}
    components = {c.pk: c.label for m in follow_up.goal.measures.all() for c in m.components.all()}
    # By id: a kommun removed since must not break the history of what was said about it.
    organisation_id = follow_up.goal.plan_year.organisation_id
    municipalities = {m.pk: m.name for m in Member.objects.filter(organisation=organisation_id)}
    items = {i.pk: i.name for i in DimensionItem.objects.filter(dimension__organisation=organisation_id)}

    def shown(record):
        """A value as the revisor reads it: the figure (in its unit), the words, the judgement."""
        parts = (
            [format_number(record.value) + (f" {record.unit_label}" if record.unit_label else "")]
            if record.value is not None
            else []
        )
        if record.reached is not None:
            parts.append(str(_("uppnådd") if record.reached else _("inte uppnådd")))
        if record.note:
            parts.append(record.note)
        return " – ".join(parts)

    for record in values:
        previous = record.prev_record
        kommun = municipalities.get(record.municipality_id, _("kommun %(id)s") % {"id": record.municipality_id})
        where = ", ".join(
            str(x)
            for x in [
                components.get(record.component_id, "") if record.component_id else "",
                kommun if record.municipality_id else "",
                items.get(record.item_id, "") if record.item_id else "",
                record.get_gender_display() if record.gender else "",
                record.category,
            ]
            if x
        )
        label = measures.get(record.measure_id, "") + (f" ({where})" if where else "")
        entries.append(
            {
                "date": record.history_date,
                "user": record.history_user,
                "what": _("Värde borttaget") if record.history_type == "-" else _("Värde för mätetal"),
                "changes": [
                    {
                        "field": label,
                        "old": "" if previous is None else shown(previous),
                        "new": "" if record.history_type == "-" else shown(record),
                    }
                ],
                "record": None,
            }
        )
    return sorted(entries, key=lambda e: e["date"], reverse=True)
