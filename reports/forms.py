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
    """Start a print: which period (the year follows from it), which layout, and how the chapter
    slots into the report."""

    period = PeriodChoiceField(
        label=gettext_lazy("Period"),
        queryset=None,
        empty_label=None,
        help_text=gettext_lazy("Året följer av perioden. Årsbokslutet är förvalt; välj delåret för delårsrapporten."),
        error_messages={
            "required": gettext_lazy("Välj en period."),
            "invalid_choice": gettext_lazy("Välj en av perioderna i listan."),
        },
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
        # Only this organisation's periods: another förbund's period is "not in the list".
        self.fields["period"].queryset = (
            Period.objects.filter(plan_year__organisation=organisation)
            .select_related("plan_year")
            .order_by("-plan_year__year", "-end_date")
        )
        latest = organisation.plan_years.order_by("-year").first()
        default = default_period(latest) if latest else None
        if default is not None:
            self.fields["period"].initial = default.pk
        self.fields["organisation_name"].initial = organisation.name


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
    confirm_empty = forms.BooleanField(
        label=gettext_lazy("Fastställ ändå, fast utskriften inte innehåller några godkända uppföljningar"),
        required=False,
    )

    def __init__(self, *args, chapter_print, **kwargs):
        super().__init__(*args, **kwargs)
        self.chapter_print = chapter_print
        if not chapter_print.is_without_approved:
            del self.fields["confirm_empty"]

    def clean(self):
        cleaned = super().clean()
        if self.chapter_print.is_without_approved and not cleaned.get("confirm_empty"):
            self.add_error(
                "confirm_empty",
                _("Utskriften innehåller inga godkända uppföljningar. Kryssa i rutan om den ändå ska fastställas."),
            )
        return cleaned


class WordTemplateForm(forms.Form):
    """The kansli's own Word template: checked here (it opens, it is no macro file), stored by
    word_files.save_word_template."""

    file = forms.FileField(
        label=gettext_lazy("Word-mall (.docx eller .dotx)"),
        help_text=gettext_lazy(
            "Utgå från standardmallen och ändra formatmallarna Rubrik 1–6, Normal, Tabelltext, Tabellhuvud "
            "och Beskrivning, sidformatet och sidhuvud och sidfot. Texten i mallen används inte."
        ),
        error_messages={"required": gettext_lazy("Välj en Word-fil.")},
    )

    def clean_file(self):
        from . import word

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".docx", ".dotx")):
            raise forms.ValidationError(_("Mallen ska vara en Word-fil som slutar på .docx eller .dotx."))
        if upload.size > word.styles.MAX_TEMPLATE_BYTES:
            raise forms.ValidationError(_("Mallen är större än 10 MB."))
        data = upload.read()
        upload.seek(0)
        try:
            word.open_template(data)
        except word.TemplateError as error:
            raise forms.ValidationError(str(error))
        return upload
