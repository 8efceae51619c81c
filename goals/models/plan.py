"""A plan year: its levels, periods and the tree of goals, plus the chapter's own texts."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..reminder_days import DEFAULT_REMINDER_DAYS, parse_reminder_days, validate_reminder_days
from .organisation import Member, Organisation, Unit


class PlanYear(models.Model):
    DOCUMENT_FIELDS = ("year", "strategic_goal", "strategic_approach")
    # The chapter's headings, carried together as the document's "settings".
    DOCUMENT_SETTINGS = ("measure_heading", "result_heading", "owner_heading", "unit_heading", "number_measures")
    DOCUMENT_REFERENCES = ("organisation",)
    # Publication is the organisation's decision about this year, not part of the plan: a copied
    # or imported year starts unpublished.
    DOCUMENT_OMITTED = ("id", "is_public")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plan_years", verbose_name=_("organisation")
    )
    year = models.PositiveIntegerField(_("år"))
    strategic_goal = models.TextField(_("strategiskt mål"), blank=True)
    strategic_approach = models.TextField(
        _("så arbetar vi mot målet"), blank=True, help_text=_("Hur det strategiska målet eftersträvas.")
    )
    # The chapter's column heads in the plan's own words ("Strategi | Aktivitet/mätetal |
    # Verksamhet | Resultat 181231"); the row heading is the name of the level printed as rows.
    measure_heading = models.CharField(
        _("rubrik för mätetalen"), max_length=60, default="Mätetal", help_text=_("t.ex. Aktivitet/mätetal")
    )
    result_heading = models.CharField(
        _("rubrik för uppföljningen"),
        max_length=60,
        default="Uppföljning",
        help_text=_("Följs av periodens datum: ”Uppföljning 231231”, ”Resultat 181231”."),
    )
    owner_heading = models.CharField(_("rubrik för ansvarig verksamhet"), max_length=60, default="Verksamhet")
    unit_heading = models.CharField(_("rubrik för enheten"), max_length=60, default="Enhet")
    number_measures = models.BooleanField(
        _("numrera mätetalen"), default=False, help_text=_("Som numrerade aktiviteter: 1, 2, 3 … under varje mål.")
    )
    is_public = models.BooleanField(
        _("publicerat på de offentliga sidorna"),
        default=False,
        help_text=_(
            "De fastställda kapitlen för året visas utan inloggning under /offentlig/, som de var när de fastställdes."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="unique_plan_year")]
        verbose_name = _("verksamhetsår")
        verbose_name_plural = _("verksamhetsår")

    def __str__(self):
        return f"{self.organisation} {self.year}"


class PlanLevel(models.Model):
    """A level of the plan's goal tree, named as the plan names it (fokusområde → mål/uppdrag,
    inriktningsmål → strategi, strategiområde → strategi → aktivitet).

    The forms of the name are stored because Swedish sentences about counts need them
    ("fem av sex inriktningsmål", "båda strategierna", "Målet är uppnått").
    """

    DOCUMENT_FIELDS = (
        "key",
        "name",
        "plural",
        "definite_singular",
        "definite_plural",
        "neuter",
        "followed_up",
        "counted",
        "table_rows",
    )
    DOCUMENT_REFERENCES = ("plan_year",)
    DOCUMENT_OMITTED = ("id", "order")

    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="levels", verbose_name=_("år"))
    key = models.SlugField(_("kortnamn"), max_length=40)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0, help_text=_("Lägst överst i trädet."))
    name = models.CharField(_("namn"), max_length=60, help_text=_("Som kolumnrubrik, t.ex. Strategi, Mål/uppdrag."))
    plural = models.CharField(_("plural"), max_length=80, help_text=_("”sex inriktningsmål”, ”17 mål och uppdrag”"))
    definite_singular = models.CharField(_("bestämd form singular"), max_length=80, help_text=_("”målet”, ”strategin”"))
    definite_plural = models.CharField(_("bestämd form plural"), max_length=80, help_text=_("”målen”, ”strategierna”"))
    neuter = models.BooleanField(_("ett-ord"), default=True, help_text=_("”ett mål” men ”en strategi”."))
    followed_up = models.BooleanField(
        _("följs upp"), default=True, help_text=_("Målen på nivån får en egen uppföljning med bedömning per period.")
    )
    counted = models.BooleanField(
        _("räknas i sammanfattningen"), default=True, help_text=_("”Av sex inriktningsmål är fem uppnådda.”")
    )
    table_rows = models.BooleanField(
        _("rader i kapitlets tabeller"),
        default=False,
        help_text=_(
            "En nivå per år. Nivåerna ovanför blir rubriker, nivåerna under skrivs i kolumnen för mätetal/aktiviteter."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_year_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan_year", "key"], name="unique_level_key"),
            models.UniqueConstraint(
                fields=["plan_year"],
                condition=Q(table_rows=True),
                name="one_table_level",
                violation_error_message=_("Bara en nivå per år kan skrivas som tabellens rader."),
            ),
        ]
        verbose_name = _("nivå")
        verbose_name_plural = _("nivåer")

    def __str__(self):
        return self.name


# Common level names with their forms, so that a plan (or an imported file) need only name them.
LEVEL_WORDS = {
    "mål": ("mål", "målet", "målen", True),
    "mål/uppdrag": ("mål och uppdrag", "målet", "målen och uppdragen", True),
    "uppdrag": ("uppdrag", "uppdraget", "uppdragen", True),
    "fokusområde": ("fokusområden", "fokusområdet", "fokusområdena", True),
    "inriktningsmål": ("inriktningsmål", "inriktningsmålet", "inriktningsmålen", True),
    "strategiområde": ("strategiområden", "strategiområdet", "strategiområdena", True),
    "strategi": ("strategier", "strategin", "strategierna", False),
    "aktivitet": ("aktiviteter", "aktiviteten", "aktiviteterna", False),
    "delmål": ("delmål", "delmålet", "delmålen", True),
    "insats": ("insatser", "insatsen", "insatserna", False),
    "effektmål": ("effektmål", "effektmålet", "effektmålen", True),
    "verksamhetsmål": ("verksamhetsmål", "verksamhetsmålet", "verksamhetsmålen", True),
}


def level_words(name: str) -> dict | None:
    """The forms of a known level name, or None when the plan has to give them."""
    forms = LEVEL_WORDS.get(name.strip().lower())
    if forms is None:
        return None
    plural, definite_singular, definite_plural, neuter = forms
    return {
        "plural": plural,
        "definite_singular": definite_singular,
        "definite_plural": definite_plural,
        "neuter": neuter,
    }


class PeriodKind(models.TextChoices):
    INTERIM = "interim", _("Delårsrapport")
    ANNUAL = "annual", _("Årsbokslut")


class PeriodQuerySet(models.QuerySet):
    def open(self):
        return self.filter(is_open=True)


class Period(models.Model):
    DOCUMENT_FIELDS = ("kind", "end_date", "deadline", "is_open")
    DOCUMENT_REFERENCES = ("plan_year",)
    # Reminder days are this installation's routine, not part of the plan; an import gets the defaults.
    DOCUMENT_OMITTED = ("id", "reminder_days")

    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="periods", verbose_name=_("år"))
    kind = models.CharField(_("slag"), max_length=10, choices=PeriodKind.choices)
    end_date = models.DateField(_("per datum"))
    deadline = models.DateField(_("sista dag att lämna in"), null=True, blank=True)
    is_open = models.BooleanField(_("öppen"), default=False)
    reminder_days = models.CharField(
        _("påminnelsedagar"),
        max_length=60,
        default=DEFAULT_REMINDER_DAYS,
        blank=True,
        validators=[validate_reminder_days],
        help_text=_("Dagar före sista dagen då enheterna påminns, med komma emellan; -1 är dagen efter. Tomt: inga."),
    )

    objects = PeriodQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_year_id", "end_date"]
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
    def reminder_offsets(self) -> list[int]:
        return parse_reminder_days(self.reminder_days)

    @property
    def column_heading(self) -> str:
        return _("Uppföljning %(key)s") % {"key": self.key}


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
    def followed_up(self):
        return self.filter(level__followed_up=True)


class Goal(models.Model):
    """A node of the plan's goal tree: a fokusområde, an inriktningsmål, a strategi, a mål or uppdrag.

    Every node can carry mätetal and, on a level that is followed up, a follow-up per period.
    """

    DOCUMENT_FIELDS = (
        "key",
        "kind",
        "title",
        "description",
        "owner_label",
        "appendix",
        "assessment_rule",
        "required_met",
    )
    DOCUMENT_REFERENCES = ("plan_year", "level", "parent", "unit", "predecessor")
    DOCUMENT_OMITTED = ("id", "order")

    plan_year = models.ForeignKey(PlanYear, on_delete=models.CASCADE, related_name="goals", verbose_name=_("år"))
    level = models.ForeignKey(PlanLevel, on_delete=models.RESTRICT, related_name="goals", verbose_name=_("nivå"))
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("hör till"),
        help_text=_("Målet på nivån ovanför, t.ex. fokusområdet eller inriktningsmålet."),
    )
    key = models.CharField(
        _("nyckel"), max_length=40, blank=True, help_text=_("Identifierar målet i filer och mellan åren, t.ex. 2.1.")
    )
    kind = models.CharField(_("slag"), max_length=20, choices=GoalKind.choices, default=GoalKind.GOAL)
    title = models.TextField(_("mål/uppdrag"))
    description = models.TextField(_("beskrivning"), blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.RESTRICT,
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
    appendix = models.BooleanField(_("redovisas i driftverksamhetens bilaga"), default=False)
    assessment_rule = models.CharField(
        _("bedömningsregel"),
        max_length=10,
        choices=AssessmentRule.choices,
        default=AssessmentRule.ALL,
        help_text=_("Hur mätetalens utfall, och bedömningarna av målen under, föreslår målets bedömning."),
    )
    required_met = models.PositiveSmallIntegerField(
        _("antal som ska vara uppnådda"),
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

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_year_id", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan_year", "key"],
                condition=~Q(key=""),
                name="unique_goal_key",
                violation_error_message=_("Året har redan ett mål med den nyckeln."),
            )
        ]
        verbose_name = _("mål/uppdrag")
        verbose_name_plural = _("mål och uppdrag")

    def __str__(self):
        return self.title[:80]

    @property
    def owner_display(self) -> str:
        if self.owner_label:
            return self.owner_label
        return self.unit.name if self.unit_id else str(_("Samtliga verksamheter"))

    @property
    def document_key(self) -> str:
        """How files and links between years name the goal: its key, or one made from its id."""
        return self.key or f"id{self.pk}"

    def clean(self):
        # A link to another year's level or goal would put the goal where the year's chapter and
        # counts cannot see it; refuse it here, so the admin and every form say so.
        errors = {}
        if self.level_id and self.plan_year_id and self.level.plan_year_id != self.plan_year_id:
            errors["level"] = _("Nivån hör till ett annat år än målet.")
        if self.parent_id:
            if self.plan_year_id and self.parent.plan_year_id != self.plan_year_id:
                errors["parent"] = _("Målet ovanför hör till ett annat år.")
            elif self.pk and self.parent_id == self.pk:
                errors["parent"] = _("Ett mål kan inte höra till sig självt.")
            elif self.level_id and self.parent.level.order >= self.level.order:
                errors["parent"] = _(
                    "Målet ovanför måste ligga på en högre nivå (%(level)s ligger inte ovanför %(own)s)."
                ) % {
                    "level": self.parent.level.name,
                    "own": self.level.name,
                }
        if self.predecessor_id and self.plan_year_id:
            if self.predecessor.plan_year.year >= self.plan_year.year:
                errors["predecessor"] = _("Föregående års mål måste höra till ett tidigare år.")
            elif self.predecessor.plan_year.organisation_id != self.plan_year.organisation_id:
                errors["predecessor"] = _("Föregående års mål hör till en annan organisation.")
        if self.unit_id and self.plan_year_id and self.unit.organisation_id != self.plan_year.organisation_id:
            errors["unit"] = _("Enheten hör till en annan organisation.")
        if errors:
            raise ValidationError(errors)


class MemberContribution(models.Model):
    """Medlemsbidrag: what each member pays for the year, in tkr."""

    DOCUMENT_FIELDS = ("amount",)
    DOCUMENT_REFERENCES = ("plan_year", "member")
    DOCUMENT_OMITTED = ("id", "order")

    plan_year = models.ForeignKey(
        PlanYear, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("år")
    )
    member = models.ForeignKey(
        Member, on_delete=models.RESTRICT, related_name="contributions", verbose_name=_("medlem")
    )
    amount = models.DecimalField(_("bidrag (tkr)"), max_digits=14, decimal_places=2)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_year_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan_year", "member"], name="unique_contribution")]
        verbose_name = _("medlemsbidrag")
        verbose_name_plural = _("medlemsbidrag")

    def __str__(self):
        return f"{self.member} {self.plan_year.year}: {self.amount} tkr"


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

    DOCUMENT_FIELDS = ("section", "kind", "heading", "body")
    DOCUMENT_REFERENCES = ("plan_year", "period", "unit", "node")
    DOCUMENT_OMITTED = ("id", "order")

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
    unit = models.ForeignKey(Unit, on_delete=models.RESTRICT, null=True, blank=True, verbose_name=_("enhet"))
    node = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="texts",
        verbose_name=_("hör till"),
        help_text=_("Texten skrivs ut under det här målets rubrik, t.ex. ett fokusområde."),
    )
    heading = models.CharField(_("rubrik"), max_length=300, blank=True)
    body = models.TextField(_("text"))
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["plan_year_id", "order", "id"]
        verbose_name = _("text")
        verbose_name_plural = _("texter")

    def __str__(self):
        return f"{self.get_section_display()} – {self.get_kind_display()} {self.heading}".strip()

    def clean(self):
        if self.node_id and self.plan_year_id and self.node.plan_year_id != self.plan_year_id:
            raise ValidationError({"node": _("Målet hör till ett annat år än texten.")})
        if self.period_id and self.plan_year_id and self.period.plan_year_id != self.plan_year_id:
            raise ValidationError({"period": _("Perioden hör till ett annat år än texten.")})
