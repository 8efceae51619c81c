"""The domain: organisations, their plan years, goals, mätetal and follow-ups."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    slug = models.SlugField(_("kortnamn"), unique=True)
    name = models.CharField(_("namn"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self):
        return self.name


class Municipality(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="municipalities", verbose_name=_("organisation")
    )
    code = models.CharField(_("kommunkod"), max_length=4, help_text=_("SCB:s fyrställiga kommunkod, t.ex. 1490."))
    name = models.CharField(_("namn"), max_length=100)
    adjunct = models.BooleanField(_("adjungerad"), default=False)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["organisation", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "code"], name="unique_municipality_code")]
        verbose_name = _("medlemskommun")
        verbose_name_plural = _("medlemskommuner")

    def __str__(self):
        return self.name


class Population(models.Model):
    """Invånare per kommun och år, for weighting federation-level means."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="populations", verbose_name=_("kommun")
    )
    year = models.PositiveIntegerField(_("år"))
    population = models.PositiveIntegerField(_("folkmängd"))

    class Meta:
        ordering = ["municipality", "-year"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="unique_population_year")]
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängd per kommun och år")

    def __str__(self):
        return f"{self.municipality} {self.year}: {self.population}"


class Unit(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    slug = models.SlugField(_("kortnamn"))
    name = models.CharField(_("namn"), max_length=200)
    operation = models.BooleanField(
        _("driftverksamhet"), default=False, help_text=_("Har en egen bilaga/ett eget kapitel i årsredovisningen.")
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["organisation", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "slug"], name="unique_unit_slug")]
        verbose_name = _("enhet")
        verbose_name_plural = _("enheter")

    def __str__(self):
        return self.name


class Role(models.TextChoices):
    KANSLI = "kansli", _("Kansliet")
    MANAGER = "manager", _("Enhetschef")
    READER = "reader", _("Läsare")


class MembershipQuerySet(models.QuerySet):
    def kansli(self):
        return self.filter(role=Role.KANSLI)


class Membership(models.Model):
    """A user's role: kansliet and läsare hold it for the whole organisation, an enhetschef for a unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("användare")
    )
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, verbose_name=_("organisation"))
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("enhet"))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "unit", "role"], name="unique_membership"),
            models.CheckConstraint(
                condition=Q(role="manager", unit__isnull=False) | ~Q(role="manager"),
                name="manager_has_unit",
            ),
        ]
        verbose_name = _("behörighet")
        verbose_name_plural = _("behörigheter")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit or self.organisation}"


class PlanYear(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_years", verbose_name=_("organisation")
    )
    year = models.PositiveIntegerField(_("år"))
    strategic_goal = models.TextField(_("strategiskt mål"), blank=True)
    strategic_approach = models.TextField(
        _("så arbetar vi mot målet"), blank=True, help_text=_("Hur det strategiska målet eftersträvas.")
    )

    class Meta:
        ordering = ["organisation", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="unique_plan_year")]
        verbose_name = _("verksamhetsår")
        verbose_name_plural = _("verksamhetsår")

    def __str__(self):
        return f"{self.organisation} {self.year}"


class PeriodKind(models.TextChoices):
    INTERIM = "interim", _("Delårsrapport")
    ANNUAL = "annual", _("Årsbokslut")


class PeriodQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)


class Period(models.Model):
    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="periods", verbose_name=_("år"))
    kind = models.CharField(_("slag"), max_length=10, choices=PeriodKind.choices)
    end_date = models.DateField(_("per datum"))
    deadline = models.DateField(_("sista dag att lämna in"), null=True, blank=True)
    is_open = models.BooleanField(_("öppen"), default=False)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["plan_year", "end_date"]
        constraints = [models.UniqueConstraint(fields=["plan_year", "end_date"], name="unique_period_date")]
        verbose_name = _("uppföljningsperiod")
        verbose_name_plural = _("uppföljningsperioder")

    def __str__(self):
        return f"{self.get_kind_display()} {self.key} ({self.plan_year})"

    @property
    def key(self) -> str:
        """The date as the reports write it in column heads: 231231."""
        return self.end_date.strftime("%y%m%d")

    @property
    def column_heading(self) -> str:
        return _("Uppföljning %(key)s") % {"key": self.key}


class FocusArea(models.Model):
    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("år"))
    title = models.CharField(_("rubrik"), max_length=300)
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["plan_year", "order", "id"]
        verbose_name = _("fokusområde")
        verbose_name_plural = _("fokusområden")

    def __str__(self):
        return self.title


class GoalKind(models.TextChoices):
    GOAL = "goal", _("Mål")
    ASSIGNMENT = "assignment", _("Uppdrag")
    BASE_MISSION = "base_mission", _("Grunduppdrag")
    FINANCIAL = "financial", _("Finansiellt mål")


class AssessmentRule(models.TextChoices):
    ALL = "all", _("Alla mätetal ska vara uppnådda")
    SHARE = "share", _("Ett visst antal mätetal ska vara uppnådda")
    JUDGEMENT = "judgement", _("Enhetens bedömning")


class GoalQuerySet(models.QuerySet):
    def for_units(self, units):
        return self.filter(unit__in=units)


class Goal(models.Model):
    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="goals", verbose_name=_("år"))
    kind = models.CharField(_("slag"), max_length=20, choices=GoalKind.choices, default=GoalKind.GOAL)
    title = models.TextField(_("mål/uppdrag"))
    description = models.TextField(_("beskrivning"), blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("enhet"),
        help_text=_("Tomt betyder samtliga verksamheter; då skriver kansliet uppföljningen."),
    )
    owner_label = models.CharField(
        _("verksamhet som den skrivs ut"),
        max_length=200,
        blank=True,
        help_text=_("Om kolumnen Verksamhet ska visa något annat än enhetens namn."),
    )
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals", verbose_name=_("fokusområde")
    )
    appendix = models.BooleanField(_("redovisas i driftverksamhetens bilaga"), default=False)
    assessment_rule = models.CharField(
        _("bedömningsregel"),
        max_length=10,
        choices=AssessmentRule.choices,
        default=AssessmentRule.ALL,
        help_text=_("Hur mätetalens utfall föreslår målets bedömning."),
    )
    required_met = models.PositiveSmallIntegerField(
        _("antal mätetal som ska vara uppnådda"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Gäller regeln ”ett visst antal”, t.ex. 2 av 3."),
    )
    predecessor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="successors",
        verbose_name=_("motsvarande mål föregående år"),
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["plan_year", "order", "id"]
        verbose_name = _("mål/uppdrag")
        verbose_name_plural = _("mål och uppdrag")

    def __str__(self):
        return self.title[:80]

    @property
    def owner_display(self) -> str:
        if self.owner_label:
            return self.owner_label
        return self.unit.name if self.unit_id else str(_("Samtliga verksamheter"))


class SubItem(models.Model):
    """A numbered aktivitet under a goal that is a strategi."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="sub_items", verbose_name=_("mål"))
    title = models.TextField(_("aktivitet"))
    order = models.PositiveIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["goal", "order", "id"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self):
        return self.title[:80]


class TargetKind(models.TextChoices):
    NONE = "", _("Inget strukturerat mål")
    NUMERIC = "numeric", _("Tal")
    MILESTONE = "milestone", _("Milstolpe")


class Comparator(models.TextChoices):
    MIN = "min", _("minst")
    MAX = "max", _("högst")
    EXACT = "exact", _("exakt")


class Breakdown(models.TextChoices):
    NONE = "none", _("Ett värde")
    MUNICIPALITY = "municipality", _("Per kommun")
    MUNICIPALITY_GENDER = "municipality_gender", _("Per kommun och kön")
    CATEGORY = "category", _("Per svarsalternativ")


class Measure(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="measures", verbose_name=_("mål"))
    text = models.TextField(_("mätetal"))
    target_kind = models.CharField(_("målvärde"), max_length=10, choices=TargetKind.choices, blank=True)
    comparator = models.CharField(_("jämförelse"), max_length=5, choices=Comparator.choices, blank=True)
    target_value = models.DecimalField(_("målvärde"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit_label = models.CharField(_("enhet för värdet"), max_length=30, blank=True, help_text=_("t.ex. %, elever, tkr"))
    breakdown = models.CharField(_("uppdelning"), max_length=20, choices=Breakdown.choices, default=Breakdown.NONE)
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

    class Meta:
        ordering = ["goal", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(target_kind="numeric") | (Q(target_value__isnull=False) & ~Q(comparator="")),
                name="numeric_target_complete",
            )
        ]
        verbose_name = _("mätetal")
        verbose_name_plural = _("mätetal")

    def __str__(self):
        return self.text[:80]


class Status(models.TextChoices):
    ACHIEVED = "achieved", _("Uppnått")
    PARTIALLY_ACHIEVED = "partially_achieved", _("Delvis uppnått")
    NOT_ACHIEVED = "not_achieved", _("Ej uppnått")
    ON_TRACK = "on_track", _("Pågår enligt plan")
    AT_RISK = "at_risk", _("Risk för avvikelse")


YEAR_END_STATUSES = [Status.ACHIEVED, Status.PARTIALLY_ACHIEVED, Status.NOT_ACHIEVED]
INTERIM_STATUSES = [Status.ON_TRACK, Status.AT_RISK, *YEAR_END_STATUSES]


class State(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Inskickad")
    RETURNED = "returned", _("Återsänd")
    APPROVED = "approved", _("Godkänd")


class FollowUp(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("mål"))
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("period"))
    status = models.CharField(_("bedömning"), max_length=20, choices=Status.choices, blank=True)
    text = models.TextField(_("uppföljning"), blank=True)
    state = models.CharField(_("läge"), max_length=10, choices=State.choices, default=State.DRAFT)
    status_reason = models.TextField(
        _("motivering av bedömningen"),
        blank=True,
        help_text=_("Krävs när bedömningen avviker från förslaget som mätetalen ger."),
    )
    print_reason = models.BooleanField(_("skriv ut motiveringen i kapitlet"), default=False)
    return_comment = models.TextField(_("kansliets kommentar"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("senast ändrad av"),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)
    submitted_at = models.DateTimeField(_("inskickad"), null=True, blank=True)
    decided_at = models.DateTimeField(_("granskad"), null=True, blank=True)
    # Bumped on every save: a form carries the version it was opened with, so a save based on a
    # stale copy is refused instead of silently overwriting someone else's text.
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["goal__order", "goal_id", "period__end_date"]
        constraints = [models.UniqueConstraint(fields=["goal", "period"], name="unique_follow_up")]
        verbose_name = _("uppföljning")
        verbose_name_plural = _("uppföljningar")

    def __str__(self):
        return f"{self.goal} – {self.period.key}"

    @property
    def is_locked(self) -> bool:
        return self.state == State.APPROVED or not self.period.is_open

    @property
    def is_editable_by_unit(self) -> bool:
        return not self.is_locked and self.state != State.SUBMITTED


class Gender(models.TextChoices):
    NONE = "", _("–")
    TOTAL = "T", _("Totalt")
    WOMEN = "K", _("Kvinnor")
    MEN = "M", _("Män")


class MeasureValue(models.Model):
    """A measured value of a mätetal in a follow-up, optionally for one kommun, kön or category."""

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="values", verbose_name=_("uppföljning")
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values", verbose_name=_("mätetal"))
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("kommun")
    )
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, blank=True)
    category = models.CharField(_("kategori"), max_length=200, blank=True)
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=2, null=True, blank=True)
    reached = models.BooleanField(_("uppnådd"), null=True, blank=True)
    note = models.TextField(_("resultat i ord"), blank=True)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up", "measure__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "measure", "municipality", "gender", "category"],
                name="unique_measure_value",
                nulls_distinct=False,
            )
        ]
        verbose_name = _("uppmätt värde")
        verbose_name_plural = _("uppmätta värden")

    def __str__(self):
        return f"{self.measure}: {self.value}"

    @property
    def is_main(self) -> bool:
        return self.municipality_id is None and not self.gender and not self.category


class SubItemResult(models.Model):
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="sub_item_results", verbose_name=_("uppföljning")
    )
    sub_item = models.ForeignKey(SubItem, on_delete=models.CASCADE, related_name="results", verbose_name=_("aktivitet"))
    text = models.TextField(_("resultat"), blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["follow_up", "sub_item"], name="unique_sub_item_result")]
        verbose_name = _("resultat för aktivitet")
        verbose_name_plural = _("resultat för aktiviteter")


class Section(models.TextChoices):
    STRATEGIC = "strategic", _("Strategiskt mål")
    BASE_MISSION = "base_mission", _("Grunduppdrag")
    GOALS = "goals", _("Mål och uppdrag")
    FINANCIAL = "financial", _("Finansiella mål")
    UNIT = "unit", _("Driftverksamhetens kapitel")


class TextKind(models.TextChoices):
    INTRO = "intro", _("Inledning")
    BODY = "body", _("Avsnitt")
    ASSESSMENT = "assessment", _("Sammanfattande bedömning")


class TextSection(models.Model):
    """Free text of the chapter that is not a goal's follow-up (intros, summaries, themes)."""

    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="texts", verbose_name=_("år"))
    period = models.ForeignKey(
        Period,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="texts",
        verbose_name=_("period"),
        help_text=_("Tomt för planens texter; satt för uppföljningens texter."),
    )
    section = models.CharField(_("avsnitt"), max_length=20, choices=Section.choices)
    kind = models.CharField(_("slag"), max_length=20, choices=TextKind.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("enhet"))
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("fokusområde")
    )
    heading = models.CharField(_("rubrik"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_year", "order", "id"]
        verbose_name = _("text")
        verbose_name_plural = _("texter")

    def __str__(self):
        return f"{self.get_section_display()} – {self.get_kind_display()} {self.heading}".strip()
