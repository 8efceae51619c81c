import hashlib
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from . import glyphs, grid_checks, numbers
from .breakdown import gender_total
from .evaluation import Reading, assess
from .models import (
    INTERIM_STATUSES,
    PER_MUNICIPALITY,
    YEAR_END_STATUSES,
    Breakdown,
    Gender,
    PeriodKind,
    Status,
    TargetKind,
)
from .services import CellData, main_cell


class SwedishDecimalField(forms.Field):
    """A number typed the Swedish way; what passes fits `column` (a model's DecimalField, by
    default the column of measured values)."""

    def __init__(self, *, column=None, **kwargs):
        self.column = column
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 40}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return numbers.form_text(value) if isinstance(value, Decimal) else value

    def to_python(self, value):
        if value in self.empty_values or not str(value).strip():
            return None
        try:
            # Stored with two decimals: judge and show the value as it will be kept.
            return numbers.parse_stored(value, self.column)
        except numbers.NumberError as error:
            raise forms.ValidationError(str(error), code="invalid")


REACHED_CHOICES = [("", _("Ej bedömt")), ("yes", _("Ja, uppnådd")), ("no", _("Nej, inte uppnådd"))]
JUDGED_CHOICES = [("", _("Ej bedömt")), ("yes", _("Uppnått")), ("no", _("Ej uppnått"))]
REACHED_VALUES = {"yes": True, "no": False}


def reached_text(reached: bool | None) -> str:
    return {True: "yes", False: "no"}.get(reached, "")


class FollowUpForm(forms.Form):
    """The enhetschef's follow-up of one goal for one period, with one row per mätetal.

    Fields are added per mätetal (value, unit, judgement, words; one value per part of a mätetal
    with several parts); `measure_rows` pairs each mätetal with its bound fields and judgement.
    """

    status = forms.ChoiceField(label=_("Bedömning"), required=False)
    text = forms.CharField(
        label=_("Uppföljning"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_(
            "En tom rad börjar ett nytt stycke. En rad som börjar med ”- ” blir en punkt i en lista, "
            "”1. ” en numrerad punkt. Länkar (https://…) blir klickbara."
        ),
    )
    status_reason = forms.CharField(
        label=_("Motivering av bedömningen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Krävs när du skickar in en annan bedömning än den som mätetalen föreslår. "
            "Motiveringen skrivs ut i kapitlet bredvid markeringen av avvikelsen."
        ),
    )
    print_reason = forms.BooleanField(
        label=_("Skriv ut motiveringen i årsredovisningen även när bedömningen stämmer med mätetalen"),
        required=False,
        help_text=_("När bedömningen avviker skrivs motiveringen alltid ut, om inte kansliet väljer bort det."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Which earlier text the form was filled from ("period" or "year"), so the page keeps saying
    # so until the user saves; never stored.
    started_from = forms.CharField(widget=forms.HiddenInput, required=False, max_length=10)

    def __init__(self, *args, goal, period, baselines=None, child_statuses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.period = period
        self.baselines = baselines or {}
        self.child_statuses = list(child_statuses)
        allowed = YEAR_END_STATUSES if period.kind == PeriodKind.ANNUAL else INTERIM_STATUSES
        self.fields["status"].choices = [("", _("Välj bedömning"))] + [(s.value, s.label) for s in allowed]
        self.measures = list(goal.measures.all())
        for measure in self.measures:
            pk = measure.pk
            parts = list(measure.components.all())
            if measure.target_kind == TargetKind.MILESTONE:
                self.fields[f"reached_{pk}"] = forms.ChoiceField(
                    label=_("Uppnådd?"), choices=REACHED_CHOICES, required=False
                )
            elif not parts and measure.breakdown != Breakdown.CATEGORY:
                # Survey answers and a mätetal of several parts get their figures elsewhere
                # (the survey table, one field per part); their own value would only compete.
                self.fields[f"value_{pk}"] = SwedishDecimalField(
                    label=_("Uppmätt värde") + (f" ({measure.unit_label})" if measure.unit_label else "")
                )
                self.fields[f"unit_{pk}"] = forms.CharField(
                    label=_("Räknat i annan enhet"),
                    required=False,
                    max_length=30,
                    help_text=_("T.ex. tkr när målet står i mnkr. Lämna tomt om värdet är i målets enhet."),
                )
                self.fields[f"judged_{pk}"] = forms.ChoiceField(
                    label=_("Bedömning när värdet inte kan jämföras med målet"), choices=JUDGED_CHOICES, required=False
                )
            for component in parts:
                unit = component.unit_label if component.unit_label and component.unit_label != component.label else ""
                self.fields[f"part_{pk}_{component.pk}"] = SwedishDecimalField(
                    label=_("Uppmätt värde, %(part)s") % {"part": component.label} + (f" ({unit})" if unit else "")
                )
            self.fields[f"note_{pk}"] = forms.CharField(label=_("Resultat i ord"), required=False, max_length=2000)

    def unprintable(self) -> list[str]:
        """Characters in what is written that the chapter's print font lacks (emoji)."""
        return glyphs.missing(" ".join(str(self[n].value() or "") for n in ("status_reason", "text")))

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
            pk = value.measure_id
            if value.is_main:
                initial[f"value_{pk}"] = value.value
                initial[f"unit_{pk}"] = value.unit_label
                initial[f"note_{pk}"] = value.note
                initial[f"reached_{pk}"] = initial[f"judged_{pk}"] = reached_text(value.reached)
            elif value.component_id and value.municipality_id is None:
                initial[f"part_{pk}_{value.component_id}"] = value.value
        return initial

    def _data(self) -> dict:
        return self.cleaned_data if hasattr(self, "cleaned_data") else self.initial

    def readings(self, stored=None) -> dict[int, Reading]:
        """What the form says about each mätetal; `stored` fills in what only a grid page holds
        (the values per kommun or kön), so the proposal sees them too."""
        data = self._data()
        readings = {}
        for measure in self.measures:
            pk = measure.pk
            reading = stored.get(pk, Reading()) if stored else Reading()
            milestone = measure.target_kind == TargetKind.MILESTONE
            typed = data.get(f"value_{pk}")
            readings[pk] = Reading(
                value=typed if typed is not None or measure.target_kind == TargetKind.MILESTONE else reading.value,
                unit=data.get(f"unit_{pk}", "") or "",
                reached=REACHED_VALUES.get(data.get(f"reached_{pk}" if milestone else f"judged_{pk}", "") or ""),
                note=data.get(f"note_{pk}", "") or "",
                components={c.pk: data.get(f"part_{pk}_{c.pk}") for c in measure.components.all()},
                aggregated=reading.aggregated if typed is None else "",
            )
        return readings

    def assessment(self, stored=None):
        return assess(
            self.goal,
            status=self._data().get("status", "") or "",
            period_kind=self.period.kind,
            readings=self.readings(stored),
            baselines=self.baselines,
            child_statuses=self.child_statuses,
            measures=self.measures,
        )

    def measure_rows(self, stored=None):
        assessment = self.assessment(stored)
        rows = []
        for measure in self.measures:
            pk = measure.pk
            milestone = measure.target_kind == TargetKind.MILESTONE
            single = f"reached_{pk}" if milestone else f"value_{pk}"
            rows.append(
                {
                    "measure": measure,
                    "value": self[single] if single in self.fields else None,
                    "unit": self[f"unit_{pk}"] if f"unit_{pk}" in self.fields else None,
                    "judged": self[f"judged_{pk}"] if f"judged_{pk}" in self.fields else None,
                    "reading": (stored or {}).get(pk),
                    "parts": [self[f"part_{pk}_{c.pk}"] for c in measure.components.all()],
                    "note": self[f"note_{pk}"],
                    "judgement": assessment.judgements[pk],
                    "baseline": self.baselines.get(pk),
                }
            )
        return rows

    def cells(self) -> dict:
        """The values to store: the main cell of each mätetal and one cell per part."""
        data = self.cleaned_data
        cells = {}
        for measure in self.measures:
            pk = measure.pk
            milestone = measure.target_kind == TargetKind.MILESTONE
            cells[main_cell(pk)] = CellData(
                value=None if milestone else data.get(f"value_{pk}"),
                unit_label="" if milestone else data.get(f"unit_{pk}", "").strip(),
                reached=REACHED_VALUES.get(data.get(f"reached_{pk}" if milestone else f"judged_{pk}", "")),
                note=data.get(f"note_{pk}", "").strip(),
            )
            for component in measure.components.all():
                cells[(pk, component.pk, None, None, "", "")] = CellData(value=data.get(f"part_{pk}_{component.pk}"))
        return cells

    def check_complete(self, stored=None) -> bool:
        """Submitting needs a status, a text, and a reason when the status goes against the
        mätetal; a draft can always be saved."""
        if not self.cleaned_data.get("status"):
            self.add_error("status", _("Välj en bedömning innan du skickar in."))
        if not self.cleaned_data.get("text", "").strip():
            self.add_error("text", _("Skriv en uppföljning innan du skickar in."))
        assessment = self.assessment(stored)
        if assessment.disagrees and not self.cleaned_data.get("status_reason", "").strip():
            self.add_error(
                "status_reason",
                _("Mätetalen föreslår bedömningen ”%(proposal)s”. Motivera varför du väljer ”%(chosen)s”.")
                % {"proposal": assessment.proposal.label, "chosen": Status(assessment.status).label},
            )
        return not self.errors


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar till enheten"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv vad enheten ska ändra.")},
    )
    # The version kansliet read: a decision on text the unit has changed since is refused.
    version = forms.IntegerField(widget=forms.HiddenInput)


class WithdrawForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApproveForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    print_disagreement = forms.BooleanField(
        label=_("Markera avvikelsen och skriv ut motiveringen vid målet i kapitlet"), required=False
    )


def _total_untouched(form, name) -> bool:
    """A total left empty, or left as it was (so it follows its parts when they change); a
    total the user typed differently stands."""
    typed = form.cleaned_data.get(name)
    return typed is None or typed == form.fields[name].initial


class BreakdownForm(forms.Form):
    """One number per kommun, part of a dimension and/or kön for a mätetal; field names carry
    the cell's identity, so a row added between opening and saving cannot shift the figures."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, measure, parts, genders, existing: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.parts = list(parts) or [None]  # per kön only: one row for the whole förbund
        self.genders = genders
        for part in self.parts:
            for gender in genders:
                label = (part.name if part else _("Förbundet")) + (
                    f", {Gender(gender).label.lower()}" if gender else ""
                )
                self.fields[self.field_name(part, gender)] = SwedishDecimalField(
                    label=label, initial=existing.get((part.pk if part else None, gender))
                )

    @staticmethod
    def field_name(part, gender) -> str:
        return f"v_{part.pk if part else 0}_{gender or 'X'}"

    def rows(self):
        return [{"part": p, "cells": [self[self.field_name(p, g)] for g in self.genders]} for p in self.parts]

    def _cell(self, part, gender):
        municipality = part.pk if part is not None and self.measure.breakdown in PER_MUNICIPALITY else None
        item = part.pk if part is not None and municipality is None else None
        return (self.measure.pk, None, municipality, item, gender, "")

    def clean(self):
        cleaned = super().clean()
        for part in self.parts:
            names = {g: self.field_name(part, g) for g in self.genders}
            row = {g: cleaned.get(name) for g, name in names.items()}
            typed = "T" in names and not _total_untouched(self, names["T"])
            labels = {g: self.fields[name].label for g, name in names.items()}
            for name, message in grid_checks.breakdown_problems(self.measure, row, names, labels, typed):
                self.add_error(name, message)
        return cleaned

    def cells(self) -> dict:
        """Cell → value; a total left empty (or untouched) is kvinnor + män for counts. A total typed
        otherwise stands: it may count people whose kön is not recorded."""
        cells = {}
        for part in self.parts:
            row = {g: self.cleaned_data.get(self.field_name(part, g)) for g in self.genders}
            total = gender_total(self.measure, row.get("K"), row.get("M"))
            if "T" in row and total is not None and _total_untouched(self, self.field_name(part, "T")):
                row["T"] = total
            cells.update({self._cell(part, g): value for g, value in row.items()})
        return cells


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
        digest = hashlib.sha1(answer.encode(), usedforsecurity=False).hexdigest()[:10] if answer else "total"
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

    def clean(self):
        cleaned = super().clean()
        for measure in self.measures:
            parts = {self.field_name(measure, a): cleaned.get(self.field_name(measure, a)) for a in self.answers}
            total_name = self.field_name(measure, "")
            typed = not _total_untouched(self, total_name)
            for name, message in grid_checks.survey_problems(
                measure, parts, total_name, cleaned.get(total_name), typed
            ):
                self.add_error(name, message)
        return cleaned

    def cells(self) -> dict:
        """Cell → value; the total (answer "") left empty is the sum of the answers."""
        cells = {}
        for measure in self.measures:
            parts = [self.cleaned_data.get(self.field_name(measure, a)) for a in self.answers]
            total_name = self.field_name(measure, "")
            total = self.cleaned_data.get(total_name)
            if parts and all(v is not None for v in parts) and _total_untouched(self, total_name):
                total = sum(parts, Decimal(0))
            cells.update({(measure.pk, None, None, None, "", a): v for a, v in zip(self.answers, parts, strict=True)})
            cells[(measure.pk, None, None, None, "", "")] = total
        return cells
