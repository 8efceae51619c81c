from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The public pages: fastställda chapters of published years, read from their snapshots."""

    name = "public"
    verbose_name = _("Offentliga sidor")
