from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from goals.admin_history import SwedishHistoryAdmin
from goals.admin_scoping import OrganisationScoped

from . import services
from .models import ChapterPrint


@admin.register(ChapterPrint)
class ChapterPrintAdmin(OrganisationScoped, SwedishHistoryAdmin):
    """For looking things up: prints are made on the Utskrifter page and never edited by hand."""

    list_display = ["__str__", "chapter_number", "state", "is_final", "final_reference", "requested_by", "requested_at"]
    list_filter = [("organisation", admin.RelatedOnlyFieldListFilter), "state", "is_final", "layout"]
    list_select_related = ["organisation", "plan_year", "period", "requested_by"]
    search_fields = ["organisation_name", "final_reference", "error"]
    date_hierarchy = "requested_at"
    # The stored file's own field would link to its MEDIA URL, which is never served (the name
    # is a secret, nginx refuses /media/): the PDF is reached through the app's download view,
    # which checks who may read it.
    exclude = ["file", "docx_file"]
    readonly_fields = ["pdf", "docx"]

    @admin.display(description=_("PDF"))
    def pdf(self, obj):
        if not obj.file:
            return "–"
        return format_html('<a href="{}">{}</a>', reverse("reports:download", args=[obj.pk]), obj.download_name)

    @admin.display(description=_("Word-fil"))
    def docx(self, obj):
        if not obj.docx_file:
            return "–"
        return format_html(
            '<a href="{}">{}</a>', reverse("reports:download_docx", args=[obj.pk]), obj.docx_download_name
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # View only: a print is a record of what was produced (and a fastställd one is archived).
        return False

    def revert_disabled(self, request, obj=None):
        # A print is never put back to an earlier state: a fastställd one is archived as it is.
        return True

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (obj.is_final or obj.is_pending):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        services.delete_print(chapter_print=obj)

    def delete_queryset(self, request, queryset):
        # The bulk action would bypass the service; fastställda and running prints stay.
        for chapter_print in queryset.filter(is_final=False).exclude(state__in=["queued", "running"]):
            services.delete_print(chapter_print=chapter_print)
