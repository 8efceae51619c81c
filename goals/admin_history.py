"""django-simple-history's admin pages in Swedish, with the changes in words.

The package has no Swedish translation and lists raw diffs with UTC times; these pages show what
the app's own history page shows (goals.history), in local time.
"""

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from . import history


class SwedishHistoryAdmin(SimpleHistoryAdmin):
    object_history_template = "admin/goals/history/object_history.html"
    object_history_form_template = "admin/goals/history/object_history_form.html"

    def _require_in_scope(self, request, object_id):
        # django-simple-history's views look objects up on their own, past get_queryset (which
        # scopes each admin to the user's förbund, or to their own keys).
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_entries(self, request, object_id) -> list[dict]:
        # A historical record's own pk is its history_id; the object's id is kept under its name.
        records = self.model.history.filter(**{self.model._meta.pk.attname: object_id})
        return history.object_history(self.model, records)

    def history_view(self, request, object_id, extra_context=None):
        self._require_in_scope(request, object_id)
        context = {"entries": self.history_entries(request, unquote(object_id)), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._require_in_scope(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def history_view_title(self, request, obj):
        return _("Ändringshistorik: %s") % force_str(obj)

    def history_form_view_title(self, request, obj):
        if self.revert_disabled(request, obj):
            return _("Version av %s") % force_str(obj)
        return _("Återställ %s") % force_str(obj)
