"""Kansliet of one förbund sees and picks only its own organisation's data in the admin."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db.models import Q

from .selectors import kansli_organisations

# How each model reaches its organisation ("" = it is the organisation).
ORGANISATION_PATHS = {
    "goals.organisation": "",
    "goals.unit": "organisation",
    "goals.member": "organisation",
    "goals.population": "municipality__organisation",
    "goals.dimension": "organisation",
    "goals.dimensionitem": "dimension__organisation",
    "goals.membership": "organisation",
    "goals.planyear": "organisation",
    "goals.period": "plan_year__organisation",
    "goals.planlevel": "plan_year__organisation",
    "goals.membercontribution": "plan_year__organisation",
    "goals.goal": "plan_year__organisation",
    "goals.measure": "goal__plan_year__organisation",
    "goals.measurecomponent": "measure__goal__plan_year__organisation",
    "goals.followup": "goal__plan_year__organisation",
    "goals.measurevalue": "follow_up__goal__plan_year__organisation",
    "goals.textsection": "plan_year__organisation",
    "reports.chapterprint": "organisation",
    "goals.sentmail": "organisation",
    "goals.groupmapping": "organisation",
}


def scope(queryset, user):
    if user.is_superuser:
        return queryset
    path = ORGANISATION_PATHS.get(queryset.model._meta.label_lower)
    if path is None:
        return queryset
    organisations = kansli_organisations(user)
    return queryset.filter(**{f"{path}__in" if path else "pk__in": organisations})


class OrganisationScoped:
    """Admin mixin: the change list, the objects and the choices in foreign keys are scoped."""

    def get_queryset(self, request):
        return scope(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model._meta.label_lower
        if related in ORGANISATION_PATHS and "queryset" not in kwargs:
            kwargs["queryset"] = scope(apps.get_model(related).objects.all(), request.user)
        elif db_field.related_model is get_user_model() and "queryset" not in kwargs:
            # "Senast ändrad av" and the like name only the förbund's own accounts.
            kwargs["queryset"] = scope_users(get_user_model().objects.all(), request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedValuesFilter(admin.AllValuesFieldListFilter):
    """A filter by a value across a relation (e.g. plan_year__year) offering only the values of
    the rows this kansli sees; Django's own lists every förbund's years."""

    def __init__(self, field, request, params, model, model_admin, field_path):
        super().__init__(field, request, params, model, model_admin, field_path)
        self.lookup_choices = (
            model_admin.get_queryset(request)
            .exclude(**{f"{field_path}__isnull": True})
            .order_by(field_path)
            .values_list(field_path, flat=True)
            .distinct()
        )


def scope_users(queryset, user):
    """Kansliet sees the accounts of its own förbund's members, not every account; accounts
    without any role yet stay visible so that a new enhetschef can be given one."""
    if user.is_superuser:
        return queryset
    return queryset.filter(
        Q(memberships__organisation__in=kansli_organisations(user)) | Q(memberships__isnull=True, is_superuser=False)
    ).distinct()
