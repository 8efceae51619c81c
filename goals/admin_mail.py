"""The mail log in the admin: read-only, scoped to kansliet's own organisations."""

from django.contrib import admin

from .admin_scoping import OrganisationScoped
from .models import SentMail


@admin.register(SentMail)
class SentMailAdmin(OrganisationScoped, admin.ModelAdmin):
    list_display = ["sent_at", "kind", "recipient", "address", "subject", "organisation", "period", "ok"]
    list_filter = ["kind", "ok", ("organisation", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["recipient", "organisation", "period__plan_year"]
    search_fields = ["address", "subject", "recipient__username", "recipient__last_name"]
    date_hierarchy = "sent_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
