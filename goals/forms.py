import hashlib
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import SimpleNamespace

from django import forms
from django.utils.translation import gettext_lazy as _

from .evaluation import agrees, evaluate_value, propose_for_follow_up
from .models import INTERIM_STATUSES, YEAR_END_STATUSES, Gender, MeasureValue, PeriodKind, Status, TargetKind

SPACES = re.compile(r"[\s\u00a0\u202f]+")


def parse_swedish_number(text: str) -> Decimal:
    """Accept what people type in Sweden: "27 531", "85,5", "12 569,25", also "85.5"."""
    cleaned = SPACES.sub("", text).replace(",", ".").removesuffix("%")
    if not re.fullmatch(r"[-−]?[0-9]+(\.[0-9]+)?", cleaned):
        raise ValueError(text)
    return Decimal(cleaned.replace("−", "-"))


class SwedishDecimalField(forms.Field):
    default_error_messages = {
        "invalid": _("Skriv ett tal, t.ex. 27 531 eller 85,5."),
        "too_big": _("Talet är för stort."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 40}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            normalized = value.normalize()
            text = f"{normalized:f}"
            whole, _dot, fraction = text.partition(".")
            whole = f"{int(whole):,}".replace(",", " ") if whole.lstrip("-").isdigit() else whole
            return f"{whole},{fraction}" if fraction else whole
        return value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            number = parse_swedish_number(value)
        except (ValueError, InvalidOperation):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if abs(number) >= Decimal("1e12"):
            raise forms.ValidationError(self.error_messages["too_big"], code="too_big")
        # Stored with two decimals: judge and show the value as it will be kept.
        return number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def baselines_for(measures) -> dict[int, tuple[str, Decimal]]:
    """Last year's figure per mätetal: the predecessor's latest measured value, else the
    figure typed into the plan (previous_value)."""
    by_predecessor = {}
    predecessor_ids = [m.predecessor_id for m in measures if m.predecessor_id]
    if predecessor_ids:
        values = (
            MeasureValue.objects.filter(
                measure_id__in=predecessor_ids, municipality=None, gender="", category="", value__isnull=False
            )
            .select_related("follow_up__period__plan_year")
            .order_by("follow_up__period__end_date")
        )
        for value in values:
            by_predecessor[value.measure_id] = (str(value.follow_up.period.plan_year.year), value.value)
    baselines = {}
    for measure in measures:
        if measure.predecessor_id in by_predecessor:
            baselines[measure.pk] = by_predecessor[measure.predecessor_id]
        elif measure.previous_value is not None:
            baselines[measure.pk] = (measure.previous_label, measure.previous_value)
    return baselines


REACHED_CHOICES = [("", _("Ej bedömt")), ("yes", _("Ja, uppnådd")), ("no", _("Nej, inte uppnådd"))]


class FollowUpForm(forms.Form):
    """The enhetschef's follow-up of one goal for one period, with one row per mätetal.

    Measure fields are added per goal; `measure_rows` pairs each mätetal with its bound fields.
    """

    status = forms.ChoiceField(label=_("Bedömning"), required=False)
    text = forms.CharField(
        label=_("Uppföljning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("Stycken skiljs med en tom rad. Länkar (https://…) blir klickbara."),
    )
    status_reason = forms.CharField(
        label=_("Motivering av bedömningen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Krävs när du väljer en annan bedömning än den som mätetalen föreslår."),
    )
    print_reason = forms.BooleanField(label=_("Skriv ut motiveringen i årsredovisningen"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, goal, period, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.period = period
        allowed = YEAR_END_STATUSES if period.kind == PeriodKind.ANNUAL else INTERIM_STATUSES
        self.fields["status"].choices = [("", _("Välj bedömning"))] + [(s.value, s.label) for s in allowed]
        self.measures = list(goal.measures.all())
        for measure in self.measures:
            if measure.target_kind == TargetKind.MILESTONE:
                self.fields[f"reached_{measure.pk}"] = forms.ChoiceField(
                    label=_("Uppnådd?"), choices=REACHED_CHOICES, required=False
                )
            else:
                self.fields[f"value_{measure.pk}"] = SwedishDecimalField(
                    label=_("Uppmätt värde") + (f" ({measure.unit_label})" if measure.unit_label else "")
                )
            self.fields[f"note_{measure.pk}"] = forms.CharField(
                label=_("Resultat i ord"), required=False, max_length=2000
            )
        self.baselines = baselines_for(self.measures)
        self.sub_items = list(goal.sub_items.all())
        for item in self.sub_items:
            self.fields[f"subitem_{item.pk}"] = forms.CharField(label=item.title, required=False, max_length=2000)

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        proposal = self.proposal()
        if status and proposal and not agrees(status, proposal) and not cleaned.get("status_reason", "").strip():
            self.add_error(
                "status_reason",
                _("Mätetalen föreslår bedömningen ”%(proposal)s”. Motivera varför du väljer ”%(chosen)s”.")
                % {"proposal": proposal.label, "chosen": Status(status).label},
            )
        return cleaned

    def _current_values(self) -> dict:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else self.initial
        return {
            pk: SimpleNamespace(value=v["value"], reached=v["reached"]) for pk, v in self.measure_values(data).items()
        }

    def proposal(self):
        """The rule's proposal from the values in this form (None if it has nothing to judge)."""
        return propose_for_follow_up(self.goal, self.period, self._current_values(), self.measures)

    def clean_text(self):
        # Browsers send CRLF from a textarea; store one kind of line break.
        return self.cleaned_data["text"].replace("\r\n", "\n").strip()

    @staticmethod
    def initial_for(follow_up) -> dict:
        if follow_up is None:
            return {"version": 0}
        initial = {
            "status": follow_up.status,
            "text": follow_up.text,
            "status_reason": follow_up.status_reason,
            "print_reason": follow_up.print_reason,
            "version": follow_up.version,
        }
        for value in follow_up.values.all():
            if value.is_main:
                initial[f"value_{value.measure_id}"] = value.value
                initial[f"note_{value.measure_id}"] = value.note
                if value.reached is not None:
                    initial[f"reached_{value.measure_id}"] = "yes" if value.reached else "no"
        for result in follow_up.sub_item_results.all():
            initial[f"subitem_{result.sub_item_id}"] = result.text
        return initial

    def measure_rows(self):
        rows = []
        current = self._current_values()
        for measure in self.measures:
            value_field = (
                f"reached_{measure.pk}" if measure.target_kind == TargetKind.MILESTONE else f"value_{measure.pk}"
            )
            rows.append(
                {
                    "measure": measure,
                    "value": self[value_field],
                    "note": self[f"note_{measure.pk}"],
                    "outcome": evaluate_value(measure, current.get(measure.pk)),
                    "baseline": self.baselines.get(measure.pk),
                }
            )
        return rows

    def sub_item_fields(self):
        return [self[f"subitem_{item.pk}"] for item in self.sub_items]

    def measure_values(self, data=None) -> dict[int, dict]:
        data = self.cleaned_data if data is None else data
        values = {}
        for measure in self.measures:
            values[measure.pk] = {
                "value": data.get(f"value_{measure.pk}"),
                "reached": {"yes": True, "no": False}.get(data.get(f"reached_{measure.pk}", "")),
                "note": data.get(f"note_{measure.pk}", ""),
            }
        return values

    def sub_item_texts(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"subitem_{item.pk}", "") for item in self.sub_items}

    def check_complete(self):
        """Submitting needs a status and a text; a draft may be incomplete."""
        if not self.cleaned_data.get("status"):
            self.add_error("status", _("Välj en bedömning innan du skickar in."))
        if not self.cleaned_data.get("text", "").strip():
            self.add_error("text", _("Skriv en uppföljning innan du skickar in."))
        return not self.errors


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar till enheten"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv vad enheten ska ändra.")},
    )


class CopyPlanForm(forms.Form):
    to_year = forms.IntegerField(label=_("Till år"), min_value=1990, max_value=2100)
    goals = forms.MultipleChoiceField(
        label=_("Mål och uppdrag att föra över"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett mål eller uppdrag att föra över.")},
    )

    def __init__(self, *args, plan_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_year = plan_year
        self.fields["goals"].choices = [
            (str(g.pk), f"{g.get_kind_display()} – {g.owner_display}: {g.title[:120]}")
            for g in plan_year.goals.select_related("unit")
        ]

    def clean_to_year(self):
        year = self.cleaned_data["to_year"]
        if year <= self.plan_year.year:
            raise forms.ValidationError(_("Välj ett senare år än %(year)s.") % {"year": self.plan_year.year})
        if self.plan_year.organisation.plan_years.filter(year=year).exists():
            raise forms.ValidationError(_("Verksamhetsåret %(year)s finns redan.") % {"year": year})
        return year


def _total_untouched(form, name) -> bool:
    """A total left empty, or left as it was (so it follows its parts when they change); a
    total the user typed differently stands."""
    typed = form.cleaned_data.get(name)
    return typed is None or typed == form.fields[name].initial


class BreakdownForm(forms.Form):
    """One number per kommun (and kön) for a mätetal; field names carry the cell's identity."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, measure, municipalities, genders, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipalities = list(municipalities)
        self.genders = genders
        for municipality in self.municipalities:
            for gender in genders:
                name = f"v_{municipality.pk}_{gender or 'X'}"
                label = municipality.name + (f", {Gender(gender).label.lower()}" if gender else "")
                self.fields[name] = SwedishDecimalField(label=label, initial=existing.get((municipality.pk, gender)))

    def rows(self):
        return [
            {"municipality": m, "cells": [self[f"v_{m.pk}_{g or 'X'}"] for g in self.genders]}
            for m in self.municipalities
        ]

    def cells(self, measure) -> dict:
        """(mätetal, kommun, kön, "") → value; a total left empty is kvinnor + män when both are given."""
        cells = {}
        for m in self.municipalities:
            row = {g: self.cleaned_data.get(f"v_{m.pk}_{g or 'X'}") for g in self.genders}
            if "T" in row and row.get("K") is not None and row.get("M") is not None and self._untouched(f"v_{m.pk}_T"):
                row["T"] = row["K"] + row["M"]
            cells.update({(measure.pk, m.pk, g, ""): value for g, value in row.items()})
        return cells

    def _untouched(self, name) -> bool:
        return _total_untouched(self, name)


DEFAULT_SURVEY_ANSWERS = [_("Instämmer i mycket hög grad"), _("Instämmer i hög grad")]


class SurveyForm(forms.Form):
    """A survey as a grid: one row per question (a mätetal), one column per answer, the total.

    The answers are those already used for these questions (last year's too), so the table
    keeps its shape from year to year. Field names carry the answer itself, so a column that
    appears between opening and saving the page cannot shift the figures.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    @staticmethod
    def field_name(measure, answer: str) -> str:
        digest = hashlib.sha1(answer.encode()).hexdigest()[:10] if answer else "total"
        return f"s_{measure.pk}_{digest}"

    def __init__(self, *args, measures, answers: list[str], existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.measures, self.answers = list(measures), answers
        for measure in self.measures:
            for answer in answers + [""]:
                label = f"{measure.text}: {answer or _('Totalt')}"
                self.fields[self.field_name(measure, answer)] = SwedishDecimalField(
                    label=label, initial=existing.get((measure.pk, answer))
                )

    def rows(self):
        return [
            {"measure": m, "cells": [self[self.field_name(m, a)] for a in self.answers + [""]]} for m in self.measures
        ]

    def cells(self) -> dict:
        """(mätetal, None, "", answer) → value; the total ("") left empty is the sum of the answers."""
        cells = {}
        for measure in self.measures:
            parts = [self.cleaned_data.get(self.field_name(measure, a)) for a in self.answers]
            total_name = self.field_name(measure, "")
            total = self.cleaned_data.get(total_name)
            if parts and all(v is not None for v in parts) and _total_untouched(self, total_name):
                total = sum(parts, Decimal(0))
            cells.update({(measure.pk, None, "", a): v for a, v in zip(self.answers, parts, strict=True)})
            cells[(measure.pk, None, "", "")] = total
        return cells
