"""Kansliet's group mappings for logging in with the organisation's account, scoped to its own
organisations (the organisation and unit choices too)."""

from django.contrib import admin

from .admin_history import SwedishHistoryAdmin
from .admin_scoping import OrganisationScoped
from .models import GroupMapping


@admin.register(GroupMapping)
class GroupMappingAdmin(OrganisationScoped, SwedishHistoryAdmin):
    list_display = ["group", "description", "role", "unit", "organisation"]
    list_filter = [
        "role",
        ("organisation", admin.RelatedOnlyFieldListFilter),
        ("unit", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["organisation", "unit"]
    search_fields = ["group", "description", "unit__name"]
    fields = ["organisation", "group", "description", "role", "unit"]
