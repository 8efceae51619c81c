from django import forms
from django.utils.translation import gettext_lazy as _

MAX_UPLOAD = 5 * 1024 * 1024


class PlanUploadForm(forms.Form):
    year = forms.IntegerField(label=_("Verksamhetsår"), min_value=1990, max_value=2100)
    file = forms.FileField(
        label=_("Arbetsbok (.xlsx) gjord från mallen"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": _("Välj en fil att ladda upp.")},
    )
    replace = forms.BooleanField(
        label=_("Ersätt det befintliga året"),
        required=False,
        help_text=_(
            "Bara om året ännu inte har några uppföljningar eller utskrifter och inget senare år är kopierat från det."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Filen ska vara en Excel-arbetsbok (.xlsx)."))
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("Filen är större än 5 MB."))
        return upload
