"""Single sign-on: which group (or other claim value) of the organisation's IdP gives which role."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .organisation import Organisation, Role, Unit


class GroupMapping(models.Model):
    """Kansliet's rule "members of this IdP group are enhetschef of this unit" (or kansli, läsare).

    The group is a value of the claim named by OIDC_GROUPS_CLAIM: for Entra ID the group's object
    id (a GUID) or an app role's value. Every login brings the user's memberships in line with
    the mappings their claims match."""

    # The IdP's group ids belong to this installation's sign-on, never to a plan document.
    DOCUMENT_FIELDS = ()
    DOCUMENT_REFERENCES = ()
    DOCUMENT_OMITTED = ("id", "organisation", "group", "description", "role", "unit")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="group_mappings", verbose_name=_("organisation")
    )
    group = models.CharField(
        _("grupp"),
        max_length=200,
        help_text=_(
            "Gruppens värde i inloggningen, t.ex. gruppens objekt-id i Entra ID "
            "(00000000-0000-0000-0000-000000000000) eller en approll."
        ),
    )
    description = models.CharField(
        _("beskrivning"), max_length=200, blank=True, help_text=_("T.ex. gruppens namn, för att känna igen den.")
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        verbose_name=_("enhet"),
        help_text=_("Enhetschefens enhet; tomt för kansliet och läsare."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation_id", "group", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "group", "role", "unit"],
                name="unique_group_mapping",
                nulls_distinct=False,
                violation_error_message=_("Gruppen ger redan den rollen."),
            ),
            models.CheckConstraint(
                condition=Q(role="manager", unit__isnull=False) | ~Q(role="manager"),
                name="group_mapping_manager_has_unit",
                violation_error_message=_("En enhetschef måste ha en enhet."),
            ),
        ]
        verbose_name = _("gruppkoppling")
        verbose_name_plural = _("gruppkopplingar (inloggning med organisationens konto)")

    def __str__(self):
        return f"{self.description or self.group} → {self.get_role_display()} – {self.unit or self.organisation}"

    def clean(self):
        if self.unit_id and self.organisation_id and self.unit.organisation_id != self.organisation_id:
            raise ValidationError({"unit": _("Enheten hör till en annan organisation.")})
        if self.role != Role.MANAGER and self.unit_id:
            raise ValidationError({"unit": _("Bara en enhetschef har en enhet; lämna enheten tom.")})
