"""Prints of the Måluppfyllelse chapter: one record per requested PDF, kept as an archive."""

from django.conf import settings
from django.db import models
from django.db.models import CASCADE, ProtectedError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from goals.models import Organisation, Period, PlanYear


def protect_final(collector, field, sub_objs, using):
    """on_delete: cascade like any child record, except a fastställd print.

    A fastställd chapter is part of the archived årsredovisning, so deleting the organisation,
    year or period it was made from must fail instead of taking the PDF with it.
    """
    finals = [obj for obj in sub_objs if obj.is_final]
    if finals:
        raise ProtectedError(gettext("Det finns fastställda utskrifter av kapitlet; de kan inte tas bort."), finals)
    CASCADE(collector, field, sub_objs, using)


class Layout(models.TextChoices):
    UNIT = "enhet", _("Per enhet")
    # Kept as "fokusomrade" so prints made before the plan had named levels keep their layout.
    FOCUS_AREA = "fokusomrade", _("Efter planens nivåer (fokusområden, inriktningsmål …)")
    PROSE = "lopande", _("Löpande text per mål")


class PrintState(models.TextChoices):
    QUEUED = "queued", _("I kö")
    RUNNING = "running", _("Skapas")
    DONE = "done", _("Klar")
    FAILED = "failed", _("Misslyckades")


# The period's kind in file names: fixed Swedish words, whatever language the user reads in.
PERIOD_FILE_WORDS = {"interim": "delar", "annual": "arsbokslut"}


class ChapterPrintQuerySet(models.QuerySet):
    def done(self):
        return self.filter(state=PrintState.DONE).exclude(file="")

    def same_kind_as(self, chapter_print: "ChapterPrint"):
        return self.filter(
            organisation_id=chapter_print.organisation_id,
            plan_year_id=chapter_print.plan_year_id,
            period_id=chapter_print.period_id,
            layout=chapter_print.layout,
            include_unapproved=chapter_print.include_unapproved,
        )


class ChapterPrint(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=protect_final, related_name="chapter_prints", verbose_name=_("organisation")
    )
    plan_year = models.ForeignKey(PlanYear, on_delete=protect_final, related_name="+", verbose_name=_("år"))
    period = models.ForeignKey(Period, on_delete=protect_final, related_name="+", verbose_name=_("period"))
    layout = models.CharField(_("uppställning"), max_length=20, choices=Layout.choices, default=Layout.UNIT)
    chapter_number = models.PositiveSmallIntegerField(_("kapitelnummer"), default=4)
    chapter_title = models.CharField(_("kapitelrubrik"), max_length=200, default="Måluppfyllelse")
    organisation_name = models.CharField(_("organisationens namn i utskriften"), max_length=200)
    show_history = models.BooleanField(
        _("med mätetalens utveckling över åren"),
        default=False,
        help_text=_("Ett diagram per mätetal som har värden från flera år."),
    )
    include_unapproved = models.BooleanField(
        _("med uppföljningar som inte är godkända"),
        default=False,
        help_text=_("Ett utkast till kapitlet; kan inte fastställas."),
    )

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beställd av"),
    )
    requested_at = models.DateTimeField(_("beställd"), auto_now_add=True)
    # When the print last went into the queue (ordered, or handed on after a lost worker): the
    # sweep hands on or fails a print that waits longer than a render can take.
    queued_at = models.DateTimeField(_("köad"), null=True, blank=True)
    started_at = models.DateTimeField(_("påbörjad"), null=True, blank=True)
    # Each claim by a worker counts; only the worker holding the latest claim may store the PDF.
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    finished_at = models.DateTimeField(_("avslutad"), null=True, blank=True)
    state = models.CharField(_("läge"), max_length=10, choices=PrintState.choices, default=PrintState.QUEUED)
    error = models.TextField(_("felmeddelande"), blank=True)
    # Room for the longest name: a 50-character slug, the layout, the print number, the attempt
    # and the random part (reports/services.py).
    file = models.FileField(_("PDF"), upload_to="chapters/", blank=True, max_length=255)
    # The same chapter as Word, rendered in the same run and stored with the PDF (or not at all);
    # empty for prints made before the Word version existed.
    docx_file = models.FileField(_("Word-fil"), upload_to="chapters/", blank=True, max_length=255)
    # What the PDF holds, counted when it was rendered (the follow-ups may change afterwards);
    # null for prints made before the counts were kept: "okänt".
    approved_count = models.PositiveIntegerField(_("godkända uppföljningar i utskriften"), null=True, blank=True)
    follow_up_total = models.PositiveIntegerField(_("uppföljda mål i utskriften"), null=True, blank=True)

    # The chapter's content as a document (reports.snapshot), built from the same chapter
    # structure as the PDF when it is rendered: what the public pages show of a fastställd print,
    # so that later edits of the plan or the follow-ups never change them.
    snapshot = models.JSONField(_("innehåll för de offentliga sidorna"), null=True, blank=True, editable=False)

    is_final = models.BooleanField(_("fastställd"), default=False)
    final_reference = models.CharField(
        _("protokollsreferens"), max_length=200, blank=True, help_text=_("t.ex. Direktionen 2024-03-15 § 12")
    )
    finalised_at = models.DateTimeField(_("fastställd den"), null=True, blank=True)
    # PROTECT: who fastställde an archived chapter must stay known; users are deactivated, not deleted.
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fastställd av"),
    )

    objects = ChapterPrintQuerySet.as_manager()
    # Who ordered, fastställde or removed a print, and when (the worker's claims are bookkeeping
    # done with conditional updates and are not recorded; the stored result is).
    history = HistoricalRecords(excluded_fields=["snapshot"])  # a copy per change of a 100 KB document

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["organisation", "plan_year", "period", "layout", "state"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(is_final=True) | models.Q(state="done"),
                name="final_print_is_done",
            )
        ]
        verbose_name = _("utskrift av kapitlet")
        verbose_name_plural = _("utskrifter av kapitlet")

    def __str__(self):
        return f"{self.organisation_name} {self.plan_year.year} {self.period.key} ({self.get_layout_display()})"

    @property
    def is_pending(self) -> bool:
        return self.state in (PrintState.QUEUED, PrintState.RUNNING)

    @property
    def counts_known(self) -> bool:
        return self.approved_count is not None and self.follow_up_total is not None

    @property
    def missing_count(self) -> int | None:
        """Followed-up goals of the year whose follow-up the print leaves out (not approved)."""
        return self.follow_up_total - self.approved_count if self.counts_known else None

    @property
    def is_without_approved(self) -> bool:
        """Known to hold no approved follow-up: fastställa it needs an explicit confirmation."""
        return self.approved_count == 0

    @property
    def file_stem(self) -> str:
        """Organisation, year, period, layout and print number: no two prints share a name."""
        return (
            f"{self.organisation.slug}-kapitel-{self.chapter_number}-{self.plan_year.year}-"
            f"{PERIOD_FILE_WORDS.get(self.period.kind, self.period.kind)}-{self.period.key}-{self.layout}-nr{self.pk}"
        )

    @property
    def download_name(self) -> str:
        return f"{self.file_stem}.pdf"

    @property
    def docx_download_name(self) -> str:
        return f"{self.file_stem}.docx"

    def delete(self, *args, **kwargs):
        # Last line of defence; services and the admin already refuse.
        if self.is_final:
            raise ProtectedError(gettext("En fastställd utskrift kan inte tas bort."), [self])
        return super().delete(*args, **kwargs)


class WordTemplate(models.Model):
    """The kansli's own style sheet for the chapter's Word version (the förbund's graphic
    profile: fonts, heading styles, page setup, header and footer); one per organisation, used
    by every print made after it is uploaded. Without one, the shipped default is used."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="word_template", verbose_name=_("organisation")
    )
    file = models.FileField(_("Word-mall"), upload_to="word-templates/")
    original_name = models.CharField(_("filnamn"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uppladdad av"),
    )
    uploaded_at = models.DateTimeField(_("uppladdad"), auto_now=True)

    class Meta:
        verbose_name = _("Word-mall")
        verbose_name_plural = _("Word-mallar")

    def __str__(self):
        return self.original_name


class Heartbeat(models.Model):
    """The last time a worker ran the tick that only beat sends: what /health/ reads to say that
    beat is alive (a worker answering a ping says the rest)."""

    name = models.CharField(_("namn"), max_length=40, unique=True)
    at = models.DateTimeField(_("senast"))

    class Meta:
        verbose_name = _("livstecken")
        verbose_name_plural = _("livstecken")

    def __str__(self):
        return self.name
