"""Läsningar och exporter: who downloaded a chapter PDF or exported the förbund's data, and when."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisation import Organisation


class AccessKind(models.TextChoices):
    FINAL_PDF = "final_pdf", _("Fastställt kapitel (PDF)")
    DRAFT_PDF = "draft_pdf", _("Kapitel som inte är fastställt (PDF)")
    FINAL_DOCX = "final_docx", _("Fastställt kapitel (Word)")
    DRAFT_DOCX = "draft_docx", _("Kapitel som inte är fastställt (Word)")
    PLAN_EXPORT = "plan_export", _("Planen exporterad (Excel)")
    PLAN_JSON = "plan_json", _("Planen exporterad (utbytesformatet, JSON)")
    STATUS_EXPORT = "status_export", _("Periodens läge exporterat (Excel)")
    KOLADA_CSV = "kolada_csv", _("Ett mätetals värden exporterade (Kolada-CSV)")


class AccessLog(models.Model):
    """One read of a document or one export, written by the view that served it (through
    goals.logbook.services.record_access) and never changed afterwards."""

    # The log is this installation's record, never part of a plan document.
    DOCUMENT_FIELDS = ()
    DOCUMENT_REFERENCES = ()
    DOCUMENT_OMITTED = ("id", "at", "user", "username", "organisation", "kind", "what", "object_id")

    at = models.DateTimeField(_("när"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("användare"),
    )
    # Kept as it was: the row still says who it was after the account is renamed or removed.
    username = models.CharField(_("användarnamn"), max_length=150)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    kind = models.CharField(_("slag"), max_length=20, choices=AccessKind.choices)
    what = models.CharField(_("vad"), max_length=300)
    object_id = models.PositiveIntegerField(_("objektets id"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["organisation", "at"], name="access_log_by_organisation")]
        verbose_name = _("läsning eller export")
        verbose_name_plural = _("läsningar och exporter")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.what}"
