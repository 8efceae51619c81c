"""Who a förbund is: its members, units, user roles and the dimensions its statistics use."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    # What the interchange format and copying carry of each model, by field name; the rest of
    # the concrete fields are references (carried as keys) or deliberately left out.
    DOCUMENT_FIELDS = ("slug", "name")
    DOCUMENT_REFERENCES = ()
    DOCUMENT_OMITTED = ("id",)

    slug = models.SlugField(_("kortnamn"), unique=True)
    name = models.CharField(_("namn"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self):
        return self.name


class MemberKind(models.TextChoices):
    MUNICIPALITY = "kommun", _("Kommun")
    REGION = "region", _("Region")
    SOCIAL_INSURANCE = "forsakringskassan", _("Försäkringskassan")
    EMPLOYMENT_SERVICE = "arbetsformedlingen", _("Arbetsförmedlingen")
    OTHER = "annan", _("Annan medlem")


class MemberQuerySet(models.QuerySet):
    def municipalities(self):
        return self.filter(kind=MemberKind.MUNICIPALITY)


SCB_CODE = re.compile(r"\d{4}")


class Member(models.Model):
    """A member of the förbund: the kommuner, and in a samordningsförbund also Försäkringskassan,
    Arbetsförmedlingen and a region. Values per kommun and populations are kept for kommuner."""

    DOCUMENT_FIELDS = ("code", "name", "kind", "adjunct")
    DOCUMENT_REFERENCES = ("organisation",)
    DOCUMENT_OMITTED = ("id", "order")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="members", verbose_name=_("organisation")
    )
    kind = models.CharField(_("slag"), max_length=20, choices=MemberKind.choices, default=MemberKind.MUNICIPALITY)
    code = models.CharField(
        _("kod"),
        max_length=20,
        help_text=_(
            "För en kommun SCB:s fyrställiga kommunkod (t.ex. 1490); för andra medlemmar en kort kod (t.ex. FK)."
        ),
    )
    name = models.CharField(_("namn"), max_length=100)
    adjunct = models.BooleanField(
        _("adjungerad"), default=False, help_text=_("Redovisas bredvid medlemmarna men ingår inte i förbundets summor.")
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    objects = MemberQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation_id", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"],
                name="unique_municipality_code",
                violation_error_message=_("Organisationen har redan en medlem med den koden."),
            )
        ]
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmar")

    def __str__(self):
        return self.name

    @property
    def is_municipality(self) -> bool:
        return self.kind == MemberKind.MUNICIPALITY

    def clean(self):
        if self.is_municipality and not SCB_CODE.fullmatch(self.code or ""):
            raise ValidationError({"code": _("En kommuns kod är SCB:s fyrställiga kommunkod, t.ex. 1490.")})


class Population(models.Model):
    """Invånare per kommun och år, for weighting federation-level means."""

    DOCUMENT_FIELDS = ("year", "population")
    DOCUMENT_REFERENCES = ("municipality",)
    DOCUMENT_OMITTED = ("id",)

    municipality = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="populations", verbose_name=_("kommun")
    )
    year = models.PositiveIntegerField(_("år"))
    population = models.PositiveIntegerField(_("folkmängd"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["municipality", "year"], name="unique_population_year")]
        verbose_name = _("folkmängd")
        verbose_name_plural = _("folkmängder")

    def __str__(self):
        return f"{self.municipality} {self.year}: {self.population}"


class Dimension(models.Model):
    """A breakdown the kansli defines besides kommun and kön: delregion, förvaltning, bolag, insats."""

    DOCUMENT_FIELDS = ("key", "name")
    DOCUMENT_REFERENCES = ("organisation",)
    DOCUMENT_OMITTED = ("id", "order")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="dimensions", verbose_name=_("organisation")
    )
    key = models.SlugField(_("kortnamn"), max_length=40)
    name = models.CharField(_("namn"), max_length=100, help_text=_("t.ex. Delregion, Förvaltning, Insats"))
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation_id", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "key"], name="unique_dimension_key")]
        verbose_name = _("indelning")
        verbose_name_plural = _("indelningar")

    def __str__(self):
        return self.name


class DimensionItem(models.Model):
    DOCUMENT_FIELDS = ("name",)
    DOCUMENT_REFERENCES = ("dimension",)
    DOCUMENT_OMITTED = ("id", "order")

    dimension = models.ForeignKey(
        Dimension, on_delete=models.CASCADE, related_name="items", verbose_name=_("indelning")
    )
    name = models.CharField(_("namn"), max_length=100)
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["dimension_id", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["dimension", "name"], name="unique_dimension_item")]
        verbose_name = _("del av indelning")
        verbose_name_plural = _("delar av indelningen")

    def __str__(self):
        return self.name


class Unit(models.Model):
    DOCUMENT_FIELDS = ("slug", "name", "operation")
    DOCUMENT_REFERENCES = ("organisation",)
    DOCUMENT_OMITTED = ("id", "order")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    slug = models.SlugField(_("kortnamn"))
    name = models.CharField(_("namn"), max_length=200)
    operation = models.BooleanField(
        _("driftverksamhet"), default=False, help_text=_("Har en egen bilaga/ett eget kapitel i årsredovisningen.")
    )
    order = models.PositiveIntegerField(_("ordning"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation_id", "order", "name"]
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
    # Given by a group mapping at login (goals.sso), and taken away by the next login whose
    # groups no longer give it; a membership kansliet gives by hand is never touched by a login.
    from_sso = models.BooleanField(
        _("från organisationens konto"),
        default=False,
        help_text=_("Ges och tas bort vid inloggning med organisationens konto, efter gruppkopplingarna."),
    )

    objects = MembershipQuerySet.as_manager()

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "unit", "role"], name="unique_membership"),
            models.CheckConstraint(
                condition=Q(role="manager", unit__isnull=False) | ~Q(role="manager"),
                name="manager_has_unit",
                violation_error_message=_("En enhetschef måste ha en enhet."),
            ),
        ]
        verbose_name = _("behörighet")
        verbose_name_plural = _("behörigheter")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit or self.organisation}"
