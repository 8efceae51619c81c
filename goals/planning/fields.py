"""Form fields of Planera: dates typed the Swedish way, choices named with their year."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .. import dates


class SwedishDateField(forms.Field):
    """2025-08-31, 31/8 2025, 31.8.2025, 31 augusti 2025 or 31 aug 2025; shown as 2025-08-31."""

    default_help = _("T.ex. 2025-08-31, 31/8 2025 eller 31 augusti 2025.")

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", self.default_help)
        kwargs.setdefault("widget", forms.TextInput(attrs={"maxlength": 30, "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.isoformat() if hasattr(value, "isoformat") else value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            return dates.parse_date(value)
        except dates.DateError as error:
            raise forms.ValidationError(str(error), code="invalid") from None


class YearGoalChoiceField(forms.ModelChoiceField):
    """Another year's goal, named so it cannot be taken for this year's: "2023 · 2.1 Title"."""

    def label_from_instance(self, goal):
        key = f"{goal.key} " if goal.key else ""
        return f"{goal.plan_year.year} · {key}{goal.title[:100]}"


class YearMeasureChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, measure):
        goal = measure.goal
        key = f"{goal.key} " if goal.key else ""
        return f"{goal.plan_year.year} · {key}{goal.title[:50]} – {measure.text[:70]}"


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, goal):
        key = f"{goal.key} " if goal.key else ""
        return f"{goal.level.name}: {key}{goal.title[:100]}"
