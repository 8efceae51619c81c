from django import forms
from django.utils.translation import gettext_lazy as _

from . import pages


class ChapterFilterForm(forms.Form):
    """The public chapter's filters; the choices are what this chapter's snapshot holds."""

    niva = forms.ChoiceField(label=_("Nivå"), required=False)
    omrade = forms.ChoiceField(label=_("Del av planen"), required=False)
    enhet = forms.ChoiceField(label=_("Enhet"), required=False)
    status = forms.ChoiceField(label=_("Bedömning"), required=False)

    def __init__(self, *args, snapshot: dict, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("Alla"))]
        self.fields["niva"].choices = everything + pages.level_choices(snapshot)
        self.fields["omrade"].choices = everything + pages.part_choices(snapshot)
        self.fields["enhet"].choices = everything + pages.unit_choices(snapshot)
        self.fields["enhet"].label = snapshot["chapter"]["columns"].get("unit") or _("Enhet")
        self.fields["status"].choices = everything + pages.status_choices(snapshot)
        # Filters the chapter has nothing to choose between are left out.
        for name in ("niva", "omrade", "enhet"):
            options = [value for value, label in self.fields[name].choices[1:] for value in _values(value, label)]
            if len(options) < 2:
                del self.fields[name]

    def criteria(self) -> dict:
        """The chosen filters, for pages.filtered; empty when nothing (valid) is chosen."""
        if not self.is_bound or not self.is_valid():
            return {}
        names = {"niva": "level", "omrade": "part", "enhet": "unit", "status": "status"}
        return {names[key]: value for key, value in self.cleaned_data.items() if value}


def _values(value, label) -> list:
    """The values of one choice, or of each choice in a group (a level's parts)."""
    return [v for v, _label in label] if isinstance(label, list | tuple) else [value]
