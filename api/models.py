"""A kansli user's key to the API: only its SHA-256 digest is stored, the key is shown once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("användare")
    )
    name = models.CharField(
        _("namn"), max_length=100, help_text=_("Vad nyckeln används till, t.ex. ”Kommunens statistiksystem”.")
    )
    # The key's first characters, so a list of keys can be told apart without storing the key.
    prefix = models.CharField(_("nyckeln börjar med"), max_length=12, editable=False)
    digest = models.CharField(_("kontrollsumma"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("senast använd"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("återkallad"), null=True, blank=True, editable=False)
    # Who created and revoked which key is on record (the Logg); the digest and the time of last
    # use are not (the one is a secret's fingerprint, the other changes with every call).
    history = HistoricalRecords(excluded_fields=["digest", "last_used_at"])

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
