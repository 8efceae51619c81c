"""The Logg's filters: what, who, which verksamhetsår and which days."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import AccessKind
from ..planning.fields import SwedishDateField
from . import selectors
from .catalogue import TRACKED

SYSTEM = "system"


def _user_choices(organisation):
    return [
        ("", gettext("Alla")),
        *[(str(u.pk), u.get_full_name() or u.username) for u in selectors.log_users(organisation)],
        (SYSTEM, gettext("Systemet (bakgrundsjobb, kommandon)")),
    ]


class _DateRange(forms.Form):
    user = forms.ChoiceField(label=_("Vem"), required=False)
    date_from = SwedishDateField(label=_("Från och med"), required=False, help_text=_("T.ex. 2025-08-31."))
    date_to = SwedishDateField(label=_("Till och med"), required=False, help_text=_("T.ex. 2025-12-31."))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = _user_choices(organisation)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", gettext("Slutdagen ligger före startdagen."))
        return cleaned


class ChangeFilterForm(_DateRange):
    what = forms.ChoiceField(label=_("Vad"), required=False)
    year = forms.TypedChoiceField(label=_("Verksamhetsår"), required=False, coerce=int, empty_value=None)

    field_order = ["what", "user", "year", "date_from", "date_to"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["what"].choices = [("", gettext("Allt"))] + [
            (tracked.key, capfirst(tracked.model._meta.verbose_name_plural)) for tracked in TRACKED
        ]
        years = organisation.plan_years.order_by("-year").values_list("year", flat=True)
        self.fields["year"].choices = [("", gettext("Alla år"))] + [(str(y), str(y)) for y in years]


class AccessFilterForm(_DateRange):
    kind = forms.ChoiceField(label=_("Vad"), required=False)

    field_order = ["kind", "user", "date_from", "date_to"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, organisation=organisation, **kwargs)
        self.fields["kind"].choices = [("", gettext("Allt"))] + list(AccessKind.choices)
