"""E-mail: what each user wants sent, and the log of every mail that was (or failed to be) sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .follow_ups import FollowUp
from .organisation import Organisation
from .plan import Period


class MailPreference(models.Model):
    """A user's choices; a user without a row gets everything (the defaults)."""

    # A user's own settings and the log are this installation's, never part of a plan document.
    DOCUMENT_FIELDS = ()
    DOCUMENT_REFERENCES = ()
    DOCUMENT_OMITTED = ("id", "user", "reminders", "decisions")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preference", verbose_name=_("användare")
    )
    reminders = models.BooleanField(
        _("påminnelser och dagliga sammanställningar"),
        default=True,
        help_text=_("Påminnelser inför sista dagen, och för kansliet de nya inskickade uppföljningarna."),
    )
    decisions = models.BooleanField(
        _("besked om återsända och godkända uppföljningar"),
        default=True,
    )

    class Meta:
        verbose_name = _("e-postinställning")
        verbose_name_plural = _("e-postinställningar")

    def __str__(self):
        return str(self.user)


class MailKind(models.TextChoices):
    REMINDER = "reminder", _("Påminnelse")
    KANSLI_DIGEST = "kansli_digest", _("Nya inskickade (kansliet)")
    RETURNED = "returned", _("Återsänd")
    APPROVED = "approved", _("Godkänd")


class SentMail(models.Model):
    """One mail to one recipient. A reminder or digest is sent at most once per recipient,
    organisation and day: a successful row for that key is what makes a second run do nothing."""

    DOCUMENT_FIELDS = ()
    DOCUMENT_REFERENCES = ()
    DOCUMENT_OMITTED = (
        "id",
        "recipient",
        "address",
        "kind",
        "subject",
        "sent_at",
        "day",
        "organisation",
        "period",
        "follow_up",
        "ok",
        "error",
    )

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mottagare"),
    )
    address = models.CharField(_("adress"), max_length=254, blank=True)
    kind = models.CharField(_("slag"), max_length=20, choices=MailKind.choices)
    subject = models.CharField(_("ämne"), max_length=300)
    sent_at = models.DateTimeField(_("skickat"), default=timezone.now)
    day = models.DateField(_("gäller dag"), null=True, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("organisation")
    )
    period = models.ForeignKey(
        Period, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("period")
    )
    follow_up = models.ForeignKey(
        FollowUp, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uppföljning")
    )
    ok = models.BooleanField(_("skickat utan fel"), default=True)
    error = models.TextField(_("fel"), blank=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["recipient", "kind", "day"], name="sent_mail_once_a_day")]
        verbose_name = _("skickat e-postmeddelande")
        verbose_name_plural = _("skickade e-postmeddelanden")

    def __str__(self):
        return f"{self.get_kind_display()} – {self.address} – {self.subject}"
