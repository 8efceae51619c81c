"""Starting a year: blank or copied, what to carry, and the periods with their deadlines."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import PeriodKind
from ..reminder_days import normalise_reminder_days
from .fields import SwedishDateField
from .forms import check_period

COPY, BLANK = "copy", "blank"


class StartYearForm(forms.Form):
    year = forms.IntegerField(label=_("Nytt år"), min_value=1990, max_value=2100)
    mode = forms.ChoiceField(
        label=_("Hur vill du börja?"),
        widget=forms.RadioSelect,
        choices=[
            (COPY, _("Kopiera från föregående år och välj vad som följer med")),
            (BLANK, _("Börja med en tom plan (nivåerna och rubrikerna föreslås från föregående år)")),
        ],
    )
    goals = forms.MultipleChoiceField(
        label=_("Mål och uppdrag att föra över"), widget=forms.CheckboxSelectMultiple, required=False
    )
    measures = forms.BooleanField(label=_("Mätetal och aktiviteter med sina målvärden"), required=False)
    texts = forms.BooleanField(label=_("Planens texter (inledningar, avsnitt)"), required=False)
    contributions = forms.BooleanField(label=_("Medlemsbidragen"), required=False)

    def __init__(self, *args, organisation, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation, self.source = organisation, source
        if source is None:
            self.fields["mode"].choices = [(BLANK, _("Börja med en tom plan"))]
            for name in ("goals", "measures", "texts", "contributions"):
                self.fields.pop(name)
        else:
            self.fields["goals"].choices = [
                (str(g.pk), f"{g.level.name}: {g.key + ' ' if g.key else ''}{g.title[:120]} ({g.owner_display})")
                for g in source.goals.select_related("unit", "level").order_by("level__order", "order", "id")
            ]

    def clean_year(self):
        year = self.cleaned_data["year"]
        if self.source is not None and year <= self.source.year:
            raise forms.ValidationError(_("Välj ett senare år än %(year)s.") % {"year": self.source.year})
        if self.organisation.plan_years.filter(year=year).exists():
            raise forms.ValidationError(_("Verksamhetsåret %(year)s finns redan.") % {"year": year})
        return year

    def clean(self):
        data = super().clean()
        if data.get("mode") == COPY and not data.get("goals"):
            self.add_error("goals", _("Välj minst ett mål eller uppdrag att föra över."))
        return data


class PeriodRowForm(forms.Form):
    """One proposed period; a row left empty is no period."""

    kind = forms.ChoiceField(
        label=_("Slag"), choices=[("", _("Ingen period"))] + list(PeriodKind.choices), required=False
    )
    end_date = SwedishDateField(label=_("Per datum"), required=False)
    deadline = SwedishDateField(label=_("Sista dag att lämna in"), required=False)
    reminder_days = forms.CharField(
        label=_("Påminnelsedagar"),
        required=False,
        max_length=60,
        help_text=_("Dagar före sista dagen, och med minus dagar efter, t.ex. 14, 3, -1."),
    )

    def __init__(self, *args, year=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.year = year

    def clean(self):
        data = super().clean()
        if not data.get("kind") and not data.get("end_date") and not data.get("deadline"):
            return data
        if not data.get("kind"):
            self.add_error("kind", _("Välj delårsrapport eller årsbokslut."))
        if not data.get("end_date") and "end_date" not in self.errors:
            self.add_error("end_date", _("Skriv vilket datum perioden avser."))
        if self.year:
            check_period(self, data, None, year=self.year)
        return data

    @property
    def period(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("kind"):
            return None
        return {
            "kind": data["kind"],
            "end_date": data["end_date"],
            "deadline": data.get("deadline"),
            "reminder_days": data.get("reminder_days", ""),
        }

    def clean_reminder_days(self):
        text = self.cleaned_data["reminder_days"]
        return normalise_reminder_days(text) if text.strip() else ""


class BasePeriodRows(forms.BaseFormSet):
    def __init__(self, *args, year=None, **kwargs):
        self.year = year
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "year": self.year}

    def clean(self):
        if any(self.errors):
            return
        dates = [form.period["end_date"] for form in self.forms if form.period]
        if len(dates) != len(set(dates)):
            raise forms.ValidationError(_("Två perioder kan inte sluta samma dag."))

    @property
    def periods(self) -> list[dict]:
        return [form.period for form in self.forms if form.period]


PeriodRows = forms.formset_factory(PeriodRowForm, formset=BasePeriodRows, extra=1)
