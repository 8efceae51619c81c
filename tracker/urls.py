from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from .health import health

admin.site.site_header = _("Måluppfyllelse – kansliets administration")
admin.site.site_title = _("Måluppfyllelse")
admin.site.index_title = _("Verksamhetsår, mål och uppföljningar")

urlpatterns = [
    path("health/", health, name="health"),
    path("admin/", admin.site.urls),
    path("konto/", include("django.contrib.auth.urls")),
    path("rapporter/", include("reports.urls")),
    path("", include("goals.urls")),
]
