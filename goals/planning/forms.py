"""Forms of Planera's year page: the year's settings, levels, periods and goals. Every choice
list holds only the year's own objects; predecessors are named with their year."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ..models import AssessmentRule, Goal, Period, PlanLevel, PlanYear, level_words
from . import selectors
from .fields import GoalChoiceField, SwedishDateField, YearGoalChoiceField


class PlanningForm(forms.ModelForm):
    """The model's clean() says what is wrong field by field; its constraints say the same as a
    whole, so they are asked only when nothing else is wrong (one message, at the field)."""

    def validate_constraints(self):
        if not self._errors:
            super().validate_constraints()


class SettingsForm(PlanningForm):
    class Meta:
        model = PlanYear
        fields = [
            "strategic_goal",
            "strategic_approach",
            "measure_heading",
            "result_heading",
            "owner_heading",
            "unit_heading",
            "number_measures",
            "is_public",
        ]
        widgets = {"strategic_goal": forms.Textarea(attrs={"rows": 3}), "strategic_approach": forms.Textarea()}


class LevelForm(PlanningForm):
    class Meta:
        model = PlanLevel
        fields = [
            "name",
            "plural",
            "definite_singular",
            "definite_plural",
            "neuter",
            "followed_up",
            "counted",
            "table_rows",
            "order",
            "key",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("plural", "definite_singular", "definite_plural", "key"):
            self.fields[name].required = False
        self.fields["plural"].help_text = _("Tomt för kända ord (mål, strategi, aktivitet …).")
        self.fields["key"].help_text = _("Tomt ger ett kortnamn av namnet.")
        if self.instance.pk is None:
            self.fields.pop("order")

    def clean(self):
        data = super().clean()
        name = data.get("name") or ""
        known = level_words(name) or {}
        forms_given = [data.get(field) for field in ("plural", "definite_singular", "definite_plural")]
        if known and not any(forms_given):
            # A known word brings all its forms, "en strategi" as well as "strategierna".
            data.update(known)
        for field in ("plural", "definite_singular", "definite_plural"):
            if name and not data.get(field):
                self.add_error(field, _("Skriv formen, t.ex. ”strategier”, ”strategin”, ”strategierna”."))
        key = data.get("key") or slugify(name.replace("/", "-"))[:40]
        data["key"] = key
        levels = self.instance.plan_year.levels.exclude(pk=self.instance.pk)
        if key and levels.filter(key=key).exists():
            self.add_error("key" if data.get("key") else "name", _("Året har redan en nivå med det namnet."))
        if data.get("table_rows") and levels.filter(table_rows=True).exists():
            self.add_error("table_rows", _("Bara en nivå per år kan skrivas som tabellens rader."))
        return data


class PeriodForm(PlanningForm):
    end_date = SwedishDateField(label=_("Per datum"))
    deadline = SwedishDateField(label=_("Sista dag att lämna in"), required=False)

    class Meta:
        model = Period
        fields = ["kind", "end_date", "deadline", "reminder_days"]

    def clean(self):
        data = super().clean()
        check_period(self, data, self.instance.plan_year, exclude=self.instance.pk)
        return data


def check_period(form, data, plan_year, exclude=None, year=None):
    """What a period's dates must be: in the year, the deadline not before the period ends."""
    year = year or plan_year.year
    end, deadline = data.get("end_date"), data.get("deadline")
    if end and end.year != year:
        form.add_error("end_date", _("Perioden ska sluta under %(year)s.") % {"year": year})
    if end and deadline and deadline < end:
        form.add_error("deadline", _("Sista dagen att lämna in kan inte vara före periodens slut."))
    if end and plan_year is not None and plan_year.periods.exclude(pk=exclude).filter(end_date=end).exists():
        form.add_error("end_date", _("Året har redan en period som slutar den dagen."))


class GoalForm(PlanningForm):
    parent = GoalChoiceField(label=_("Hör till"), queryset=Goal.objects.none(), required=False)
    predecessor = YearGoalChoiceField(
        label=_("Motsvarande mål föregående år"), queryset=Goal.objects.none(), required=False
    )

    class Meta:
        model = Goal
        fields = [
            "level",
            "parent",
            "key",
            "kind",
            "title",
            "description",
            "unit",
            "owner_label",
            "appendix",
            "assessment_rule",
            "required_met",
            "predecessor",
        ]
        widgets = {"title": forms.Textarea(attrs={"rows": 2}), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan_year = self.instance.plan_year
        self.fields["level"].queryset = plan_year.levels.all()
        self.fields["level"].empty_label = None
        # Whether a goal gets a follow-up of its own depends on its level: say it in the choice.
        self.fields["level"].label_from_instance = lambda level: (
            level.name if level.followed_up else _("%(level)s (följs inte upp för sig)") % {"level": level.name}
        )
        parents = plan_year.goals.select_related("level").order_by("level__order", "order", "id")
        if self.instance.pk:
            parents = parents.exclude(pk__in=[g.pk for g in selectors.subtree(self.instance)])
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = _("Inget – överst i trädet")
        self.fields["parent"].help_text = Goal._meta.get_field("parent").help_text
        self.fields["unit"].queryset = plan_year.organisation.units.all()
        self.fields["unit"].empty_label = _("Samtliga verksamheter")
        self.fields["predecessor"].queryset = selectors.earlier_goals(plan_year)
        self.fields["predecessor"].empty_label = _("Inget – nytt mål")

    def clean_key(self):
        key = self.cleaned_data["key"].strip()
        if key and self.instance.plan_year.goals.exclude(pk=self.instance.pk).filter(key=key).exists():
            raise forms.ValidationError(_("Året har redan ett mål med den nyckeln."))
        return key

    def clean(self):
        data = super().clean()
        if data.get("assessment_rule") == AssessmentRule.SHARE and not data.get("required_met"):
            self.add_error("required_met", _("Skriv hur många mätetal som ska vara uppnådda, t.ex. 2."))
        return data


class ConfirmDeleteForm(forms.Form):
    """Asked only when something more than the row itself is lost."""

    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, loses_data: bool, label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.loses_data = loses_data
        self.fields["confirm"].label = label

    def clean_confirm(self):
        if self.loses_data and not self.cleaned_data["confirm"]:
            raise forms.ValidationError(_("Kryssa i rutan för att bekräfta att det tas bort."))
        return self.cleaned_data["confirm"]
