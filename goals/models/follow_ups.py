"""Uppföljning: what a unit reports per goal and period, and the measured values."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..numbers import format_number
from .measures import Measure, MeasureComponent
from .organisation import DimensionItem, Member
from .plan import Goal, Period


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
    DOCUMENT_FIELDS = (
        "status",
        "state",
        "text",
        "status_reason",
        "print_reason",
        "print_disagreement",
        "return_comment",
    )
    DOCUMENT_REFERENCES = ("goal", "period", "author")
    # Bookkeeping of this installation: an imported follow-up starts its own history.
    DOCUMENT_OMITTED = ("id", "created_at", "updated_at", "submitted_at", "decided_at", "version")

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
    print_disagreement = models.BooleanField(
        _("markera avvikelsen i kapitlet"),
        default=True,
        help_text=_(
            "När bedömningen avviker från vad mätetalen visar skrivs en markering och motiveringen ut vid målet. "
            "Kansliet kan välja bort det för ett enskilt mål."
        ),
    )
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

    def change_refusal(self, *, as_kansli: bool = False) -> str | None:
        """Why this follow-up may not change now, or None: the one rule that views, services and
        the admin ask. Kansliet may change a submitted follow-up, and one whose period is closed
        (statistics arrive late); nobody changes an approved one."""
        if not self.period.is_open and not as_kansli:
            return str(_("Perioden är stängd. Uppföljningen kan inte längre ändras."))
        if self.state == State.APPROVED:
            return str(_("Uppföljningen är godkänd och kan inte längre ändras."))
        if self.state == State.SUBMITTED and not as_kansli:
            return str(_("Uppföljningen är inskickad och väntar på kansliets granskning."))
        return None

    @property
    def is_editable_by_unit(self) -> bool:
        return self.change_refusal() is None


class Gender(models.TextChoices):
    NONE = "", _("–")
    TOTAL = "T", _("Totalt")
    WOMEN = "K", _("Kvinnor")
    MEN = "M", _("Män")


class MeasureValue(models.Model):
    """A measured value of a mätetal in a follow-up: the main one, or one cell of its breakdown
    (a kommun, a kön, a part of a defined dimension, a survey answer) or of one of its parts."""

    DOCUMENT_FIELDS = ("gender", "category", "value", "unit_label", "reached", "note", "previous_value")
    DOCUMENT_REFERENCES = ("follow_up", "measure", "component", "municipality", "item")
    DOCUMENT_OMITTED = ("id", "order")

    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.CASCADE, related_name="values", verbose_name=_("uppföljning")
    )
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="values", verbose_name=_("mätetal"))
    component = models.ForeignKey(
        MeasureComponent, on_delete=models.CASCADE, null=True, blank=True, related_name="values", verbose_name=_("del")
    )
    municipality = models.ForeignKey(Member, on_delete=models.RESTRICT, null=True, blank=True, verbose_name=_("kommun"))
    item = models.ForeignKey(
        DimensionItem, on_delete=models.RESTRICT, null=True, blank=True, verbose_name=_("del av indelning")
    )
    gender = models.CharField(_("kön"), max_length=1, choices=Gender.choices, blank=True)
    category = models.CharField(_("kategori"), max_length=200, blank=True)
    value = models.DecimalField(_("värde"), max_digits=14, decimal_places=2, null=True, blank=True)
    unit_label = models.CharField(
        _("enhet för värdet"),
        max_length=30,
        blank=True,
        help_text=_("Om värdet är räknat i en annan enhet än målet, t.ex. tkr mot mnkr."),
    )
    reached = models.BooleanField(
        _("uppnådd"),
        null=True,
        blank=True,
        help_text=_("För en milstolpe, eller en bedömning när värdet inte kan jämföras med målet."),
    )
    note = models.TextField(_("resultat i ord"), blank=True)
    previous_value = models.DecimalField(
        _("föregående års värde"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["follow_up", "measure__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["follow_up", "measure", "component", "municipality", "item", "gender", "category"],
                name="unique_measure_value",
                nulls_distinct=False,
            )
        ]
        verbose_name = _("uppmätt värde")
        verbose_name_plural = _("uppmätta värden")

    def __str__(self):
        shown = format_number(self.value) if self.value is not None else (self.note or "–")
        return f"{self.measure}: {shown}"

    @property
    def is_main(self) -> bool:
        return (
            self.municipality_id is None
            and self.item_id is None
            and self.component_id is None
            and not self.gender
            and not self.category
        )
