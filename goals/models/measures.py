"""Mätetal: how a goal is measured, with targets as plans write them."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisation import Dimension
from .plan import Goal


class TargetKind(models.TextChoices):
    NONE = "", _("Inget strukturerat mål")
    NUMERIC = "numeric", _("Tal")
    MILESTONE = "milestone", _("Milstolpe")


class Comparator(models.TextChoices):
    MIN = "min", _("minst")
    MAX = "max", _("högst")
    EXACT = "exact", _("exakt")
    BETWEEN = "between", _("mellan")
    APPROX = "approx", _("cirka")
    PLANNED = "planned", _("planerat/budgeterat")
    IMPROVE = "improve", _("bättre än föregående år")


# Comparators that compare with one target value.
WITH_TARGET_VALUE = [Comparator.MIN, Comparator.MAX, Comparator.EXACT, Comparator.APPROX, Comparator.PLANNED]
# A component of a mätetal ("(40) skolor och (10) förskolor") has a plain target.
COMPONENT_COMPARATORS = [Comparator.MIN, Comparator.MAX, Comparator.EXACT]


class Direction(models.TextChoices):
    HIGHER = "higher", _("Högre är bättre")
    LOWER = "lower", _("Lägre är bättre (t.ex. placering i en rankning, kostnad)")


class Aggregation(models.TextChoices):
    """How the federation's figure is formed from the kommuner's (or other parts') values."""

    SUM = "sum", _("Summa (för antal)")
    MEAN = "mean", _("Medelvärde")
    WEIGHTED_MEAN = "weighted_mean", _("Medelvärde vägt med folkmängd (för andelar)")
    NONE = "none", _("Ingen förbundssiffra (t.ex. rankningar)")


class Breakdown(models.TextChoices):
    NONE = "none", _("Ett värde")
    GENDER = "gender", _("Per kön")
    MUNICIPALITY = "municipality", _("Per kommun")
    MUNICIPALITY_GENDER = "municipality_gender", _("Per kommun och kön")
    DIMENSION = "dimension", _("Per egen indelning")
    DIMENSION_GENDER = "dimension_gender", _("Per egen indelning och kön")
    CATEGORY = "category", _("Per svarsalternativ")


PER_MUNICIPALITY = [Breakdown.MUNICIPALITY, Breakdown.MUNICIPALITY_GENDER]
PER_DIMENSION = [Breakdown.DIMENSION, Breakdown.DIMENSION_GENDER]
BY_GENDER = [Breakdown.GENDER, Breakdown.MUNICIPALITY_GENDER, Breakdown.DIMENSION_GENDER]
# Filled in as a grid of cells rather than one value in the follow-up form.
GRID_BREAKDOWNS = [Breakdown.GENDER, *PER_MUNICIPALITY, *PER_DIMENSION]


def target_problems(measure) -> dict[str, str]:
    """What a mätetal's target lacks, in Swedish, by field: the admin, the planning forms and the
    import ask this before the database's constraints would refuse the row."""
    problems = {}
    if measure.target_kind != TargetKind.NUMERIC:
        # A comparison or a figure under another kind would be kept but never judged.
        if measure.comparator or measure.target_value is not None or measure.target_high is not None:
            problems["target_kind"] = str(
                _(
                    "Välj slaget Tal när mätetalet har en jämförelse eller ett målvärde; annars bedöms det inte mot målet."
                )
            )
        return problems
    if not measure.comparator:
        problems["comparator"] = str(_("Ett mätetal med talmål behöver en jämförelse (minst, högst, mellan …)."))
    elif measure.comparator in WITH_TARGET_VALUE + [Comparator.BETWEEN] and measure.target_value is None:
        problems["target_value"] = str(_("Ett mätetal med talmål behöver både jämförelse och målvärde."))
    if measure.comparator == Comparator.BETWEEN:
        if measure.target_high is None:
            problems["target_high"] = str(_("”Mellan” behöver en övre gräns."))
        elif measure.target_value is not None and measure.target_value > measure.target_high:
            problems["target_high"] = str(_("Den övre gränsen måste vara minst lika stor som den lägre."))
    if measure.comparator == Comparator.APPROX and measure.tolerance is None:
        problems["tolerance"] = str(_("”Cirka” behöver en tolerans, t.ex. 10 %."))
    return problems


def default_aggregation(unit: str) -> tuple[str, str]:
    """(aggregation, direction) a unit suggests: shares are weighted, rankings have no sum."""
    unit = (unit or "").lower()
    if "%" in unit or "procent" in unit or "andel" in unit:
        return Aggregation.WEIGHTED_MEAN, Direction.HIGHER
    if any(word in unit for word in ("plats", "placering", "rank")):
        return Aggregation.NONE, Direction.LOWER
    return Aggregation.SUM, Direction.HIGHER


class Measure(models.Model):
    DOCUMENT_FIELDS = (
        "key",
        "text",
        "target_kind",
        "comparator",
        "target_value",
        "target_high",
        "tolerance",
        "tolerance_percent",
        "direction",
        "unit_label",
        "breakdown",
        "aggregation",
        "kpi",
        "previous_label",
        "previous_value",
    )
    DOCUMENT_REFERENCES = ("goal", "dimension", "predecessor")
    DOCUMENT_OMITTED = ("id", "order")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("mål"))
    key = models.CharField(_("nyckel"), max_length=40, blank=True)
    text = models.TextField(_("mätetal"), help_text=_("Som det står i planen, t.ex. ”Minst 25 000 elever på teman”."))
    target_kind = models.CharField(_("slag av mål"), max_length=10, choices=TargetKind.choices, blank=True)
    comparator = models.CharField(_("jämförelse"), max_length=10, choices=Comparator.choices, blank=True)
    target_value = models.DecimalField(
        _("målvärde"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Planerat eller budgeterat värde, eller den lägre gränsen för ”mellan”."),
    )
    target_high = models.DecimalField(
        _("övre gräns"), max_digits=14, decimal_places=2, null=True, blank=True, help_text=_("För ”mellan”.")
    )
    tolerance = models.DecimalField(
        _("tolerans"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Hur långt från målvärdet ”cirka” (eller ett planerat värde) får ligga."),
    )
    tolerance_percent = models.BooleanField(_("toleransen i procent av målvärdet"), default=False)
    direction = models.CharField(_("riktning"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    unit_label = models.CharField(_("enhet för värdet"), max_length=30, blank=True, help_text=_("t.ex. %, elever, tkr"))
    breakdown = models.CharField(_("uppdelning"), max_length=20, choices=Breakdown.choices, default=Breakdown.NONE)
    dimension = models.ForeignKey(
        Dimension,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("indelning"),
        help_text=_("För uppdelning per egen indelning, t.ex. delregion."),
    )
    aggregation = models.CharField(
        _("förbundets siffra"),
        max_length=15,
        choices=Aggregation.choices,
        default=Aggregation.SUM,
        help_text=_("Hur delarnas värden läggs samman. Summera aldrig andelar eller placeringar."),
    )
    kpi = models.CharField(_("Kolada-KPI"), max_length=20, blank=True)
    previous_label = models.CharField(_("föregående värde avser"), max_length=20, blank=True)
    previous_value = models.DecimalField(_("föregående värde"), max_digits=14, decimal_places=2, null=True, blank=True)
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("samma mätetal föregående år"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["goal_id", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target_kind="numeric") | ~Q(comparator=""),
                name="numeric_target_complete",
                violation_error_message=_("Ett mätetal med talmål behöver en jämförelse (minst, högst, mellan …)."),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind="numeric", comparator__in=WITH_TARGET_VALUE) | Q(target_value__isnull=False),
                name="numeric_target_has_value",
                violation_error_message=_("Ett mätetal med talmål behöver både jämförelse och målvärde."),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind="numeric", comparator="between")
                | Q(target_value__isnull=False, target_high__isnull=False, target_value__lte=models.F("target_high")),
                name="between_target_complete",
                violation_error_message=_("”Mellan” behöver en lägre och en övre gräns, den lägre först."),
            ),
            models.CheckConstraint(
                condition=~Q(target_kind="numeric", comparator="approx") | Q(tolerance__isnull=False),
                name="approx_target_has_tolerance",
                violation_error_message=_("”Cirka” behöver en tolerans, t.ex. 10 %."),
            ),
            models.CheckConstraint(
                condition=~Q(breakdown__in=PER_DIMENSION) | Q(dimension__isnull=False),
                name="dimension_breakdown_has_dimension",
                violation_error_message=_("Uppdelning per egen indelning behöver en indelning."),
            ),
        ]
        verbose_name = _("mätetal")
        verbose_name_plural = _("mätetal")

    def __str__(self):
        return self.text[:80]

    @property
    def document_key(self) -> str:
        return self.key or f"id{self.pk}"

    @property
    def is_grid(self) -> bool:
        return self.breakdown in GRID_BREAKDOWNS

    def clean(self):
        errors = dict(target_problems(self))
        if self.breakdown in PER_DIMENSION and not self.dimension_id:
            errors["dimension"] = _("Uppdelning per egen indelning behöver en indelning.")
        organisation_id = self.goal.plan_year.organisation_id if self.goal_id else None
        if self.dimension_id and organisation_id and self.dimension.organisation_id != organisation_id:
            errors["dimension"] = _("Indelningen hör till en annan organisation.")
        if self.predecessor_id and self.goal_id:
            if self.predecessor.goal.plan_year.year >= self.goal.plan_year.year:
                errors["predecessor"] = _("Föregående års mätetal måste höra till ett tidigare år.")
            elif self.predecessor.goal.plan_year.organisation_id != organisation_id:
                errors["predecessor"] = _("Föregående års mätetal hör till en annan organisation.")
        if errors:
            raise ValidationError(errors)


class MeasureComponent(models.Model):
    """One part of a mätetal with several targets: "(40) skolor och (10) förskolor"."""

    DOCUMENT_FIELDS = ("key", "label", "comparator", "target_value", "unit_label")
    DOCUMENT_REFERENCES = ("measure",)
    DOCUMENT_OMITTED = ("id", "order")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="components", verbose_name=_("mätetal"))
    key = models.CharField(_("nyckel"), max_length=40, blank=True)
    label = models.CharField(_("del"), max_length=200, help_text=_("t.ex. skolor"))
    comparator = models.CharField(
        _("jämförelse"),
        max_length=10,
        choices=[(c.value, c.label) for c in COMPONENT_COMPARATORS],
        default=Comparator.MIN,
    )
    target_value = models.DecimalField(_("målvärde"), max_digits=14, decimal_places=2)
    unit_label = models.CharField(_("enhet"), max_length=30, blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure_id", "order", "id"]
        verbose_name = _("del av mätetal")
        verbose_name_plural = _("delar av mätetalet")

    def __str__(self):
        return self.label

    @property
    def document_key(self) -> str:
        return self.key or f"id{self.pk}"
