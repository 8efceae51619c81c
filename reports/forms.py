from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from goals.models import Organisation, Period

from .models import Layout
from .selectors import default_period


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, period: Period) -> str:
        return f"{period.plan_year.year} – {period.get_kind_display()} {period.key}"


class ChapterPrintForm(forms.Form):
    """Start a print: which year and period, which layout, and how the chapter slots into the report."""

    plan_year = forms.ModelChoiceField(
        label=gettext_lazy("År"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("Välj ett år."),
            "invalid_choice": gettext_lazy("Välj ett av åren i listan."),
        },
    )
    period = PeriodChoiceField(
        label=gettext_lazy("Period"),
        queryset=None,
        required=False,
        empty_label=gettext_lazy("Årsbokslutet (standard)"),
        help_text=gettext_lazy("Lämna årsbokslutet om inte delårsrapporten ska skrivas ut."),
        error_messages={"invalid_choice": gettext_lazy("Välj en av perioderna i listan.")},
    )
    layout = forms.ChoiceField(
        label=gettext_lazy("Uppställning"),
        choices=Layout.choices,
        initial=Layout.UNIT,
        widget=forms.RadioSelect,
        help_text=gettext_lazy(
            "Per enhet som 4.3 i årsredovisningen 2023; efter planens nivåer som 4.2 i 2021 (fokusområden) "
            "eller inriktningsmål med strategier; som löpande text per mål för en plan med få mål."
        ),
        error_messages={
            "required": gettext_lazy("Välj en uppställning."),
            "invalid_choice": gettext_lazy("Välj en av uppställningarna i listan."),
        },
    )
    chapter_number = forms.IntegerField(
        label=gettext_lazy("Kapitelnummer"),
        initial=4,
        min_value=1,
        max_value=99,
        help_text=gettext_lazy("Rubrikerna numreras från det: 4, 4.1, 4.2 …"),
        error_messages={
            "required": gettext_lazy("Ange kapitlets nummer."),
            "invalid": gettext_lazy("Kapitelnumret ska vara ett heltal, t.ex. 4."),
            "min_value": gettext_lazy("Kapitelnumret ska vara minst 1."),
            "max_value": gettext_lazy("Kapitelnumret får vara högst 99."),
        },
    )
    chapter_title = forms.CharField(
        label=gettext_lazy("Kapitelrubrik"),
        initial=gettext_lazy("Måluppfyllelse"),
        max_length=200,
        error_messages={
            "required": gettext_lazy("Ange kapitlets rubrik."),
            "max_length": gettext_lazy("Rubriken får vara högst %(limit_value)d tecken (nu %(show_value)d)."),
        },
    )
    organisation_name = forms.CharField(
        label=gettext_lazy("Organisationens namn"),
        max_length=200,
        help_text=gettext_lazy("Står i sidhuvudet och i PDF-filens uppgifter om författare."),
        error_messages={
            "required": gettext_lazy("Ange organisationens namn."),
            "max_length": gettext_lazy("Namnet får vara högst %(limit_value)d tecken (nu %(show_value)d)."),
        },
    )

    show_history = forms.BooleanField(
        label=gettext_lazy("Visa mätetalens utveckling över åren"),
        required=False,
        help_text=gettext_lazy("Ett diagram per mätetal som har värden från flera verksamhetsår."),
    )
    include_unapproved = forms.BooleanField(
        label=gettext_lazy("Ta med uppföljningar som inte är godkända (utkast till kapitlet)"),
        required=False,
        help_text=gettext_lazy(
            "Utan detta innehåller kapitlet bara det kansliet har godkänt. Ett utkast kan inte fastställas."
        ),
    )

    def __init__(self, *args, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        plan_years = organisation.plan_years.order_by("-year")
        self.fields["plan_year"].queryset = plan_years
        self.fields["plan_year"].label_from_instance = lambda plan_year: str(plan_year.year)
        self.fields["period"].queryset = (
            Period.objects.filter(plan_year__organisation=organisation)
            .select_related("plan_year")
            .order_by("-plan_year__year", "end_date")
        )
        self.fields["organisation_name"].initial = organisation.name

    def clean(self):
        cleaned = super().clean()
        plan_year, period = cleaned.get("plan_year"), cleaned.get("period")
        if plan_year is None:
            return cleaned
        if period is None and "period" not in self.errors:
            period = default_period(plan_year)
            if period is None:
                self.add_error("plan_year", _("Året har inga uppföljningsperioder att skriva ut."))
            cleaned["period"] = period
        elif period is not None and period.plan_year_id != plan_year.pk:
            self.add_error(
                "period",
                _("Perioden %(key)s hör till %(other)s, inte till %(year)s.")
                % {"key": period.key, "other": period.plan_year.year, "year": plan_year.year},
            )
        return cleaned


class FinaliseForm(forms.Form):
    reference = forms.CharField(
        label=gettext_lazy("Protokollsreferens"),
        max_length=200,
        help_text=gettext_lazy("t.ex. Direktionen 2024-03-15 § 12"),
        error_messages={
            "required": gettext_lazy("Ange protokollsreferensen för beslutet."),
            "max_length": gettext_lazy("Referensen får vara högst %(limit_value)d tecken (nu %(show_value)d)."),
        },
    )
