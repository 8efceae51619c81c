"""The mätetal form: the target as the plan writes it, checked by the model's own rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..forms import SwedishDecimalField
from ..models import Comparator, Measure, MeasureComponent
from . import selectors
from .fields import YearMeasureChoiceField
from .forms import PlanningForm


class MeasureForm(PlanningForm):
    target_value = SwedishDecimalField(
        label=_("Målvärde"),
        help_text=Measure._meta.get_field("target_value").help_text,
        column=Measure._meta.get_field("target_value"),
    )
    target_high = SwedishDecimalField(
        label=_("Övre gräns"), help_text=_("För ”mellan”."), column=Measure._meta.get_field("target_high")
    )
    tolerance = SwedishDecimalField(
        label=_("Tolerans"),
        help_text=Measure._meta.get_field("tolerance").help_text,
        column=Measure._meta.get_field("tolerance"),
    )
    previous_value = SwedishDecimalField(label=_("Föregående värde"), column=Measure._meta.get_field("previous_value"))
    predecessor = YearMeasureChoiceField(
        label=_("Samma mätetal föregående år"), queryset=Measure.objects.none(), required=False
    )

    class Meta:
        model = Measure
        fields = [
            "text",
            "key",
            "target_kind",
            "comparator",
            "target_value",
            "target_high",
            "tolerance",
            "tolerance_percent",
            "direction",
            "unit_label",
            "breakdown",
            "dimension",
            "aggregation",
            "kpi",
            "previous_label",
            "previous_value",
            "predecessor",
        ]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan_year = self.instance.goal.plan_year
        self.fields["comparator"].choices = [("", _("Ingen jämförelse"))] + list(Comparator.choices)
        self.fields["dimension"].queryset = plan_year.organisation.dimensions.all()
        self.fields["dimension"].empty_label = _("Ingen indelning")
        self.fields["predecessor"].queryset = selectors.earlier_measures(plan_year)
        self.fields["predecessor"].empty_label = _("Inget – nytt mätetal")


class ComponentForm(forms.ModelForm):
    """One part of a mätetal with several targets: "(40) skolor och (10) förskolor"."""

    target_value = SwedishDecimalField(
        label=_("Målvärde"), required=True, column=MeasureComponent._meta.get_field("target_value")
    )

    class Meta:
        model = MeasureComponent
        fields = ["label", "comparator", "target_value", "unit_label"]


ComponentFormSet = forms.inlineformset_factory(Measure, MeasureComponent, form=ComponentForm, extra=1, can_delete=True)
