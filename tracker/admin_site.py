"""The admin site, its index ordered as kansliet does the year's work.

Django sorts apps and models alphabetically, which puts Behörigheter first and Verksamhetsår last.
The index instead lists the year's work in the order it is done, then what is set up once.
"""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

# The year's work: år → perioder → mål → mätetal → uppföljningar → texter → utskrifter.
WORK = [
    "goals.planyear",
    "goals.period",
    "goals.goal",
    "goals.measure",
    "goals.followup",
    "goals.textsection",
    "reports.chapterprint",
    "goals.sentmail",
]
# Set up once and changed now and then.
SETUP = [
    "goals.organisation",
    "goals.unit",
    "goals.member",
    "goals.membership",
    "goals.groupmapping",
    "auth.user",
    "auth.group",
    "api.apitoken",
    "goals.dimension",
    "goals.population",
]
GROUPS = [(_("Årets arbete"), "goals", WORK), (_("Organisation och behörigheter"), "goals", SETUP)]


def _position(order, model):
    label = model["model"]._meta.label_lower
    return (order.index(label) if label in order else len(order), str(model["name"]))


class TrackerAdminSite(admin.AdminSite):
    def get_app_list(self, request, app_label=None):
        app_dict = self._build_app_dict(request, app_label)
        if app_label:
            # One app's own page: its models in the same order as on the index.
            for app in app_dict.values():
                app["models"].sort(key=lambda model: _position(WORK + SETUP, model))
            return list(app_dict.values())
        models = {m["model"]._meta.label_lower: m for app in app_dict.values() for m in app["models"]}
        app_list = []
        for name, home, order in GROUPS:
            grouped = [models.pop(label) for label in order if label in models]
            if grouped and home in app_dict:
                app_list.append({**app_dict[home], "name": name, "models": grouped})
            elif grouped:
                app_list.append({**next(iter(app_dict.values())), "name": name, "models": grouped})
        # Whatever else is registered keeps Django's grouping by app.
        for app in sorted(app_dict.values(), key=lambda a: str(a["name"]).lower()):
            rest = sorted((m for m in app["models"] if m["model"]._meta.label_lower in models), key=lambda m: m["name"])
            if rest:
                app_list.append({**app, "models": rest})
        return app_list


def swedish_boolean_icon(field_val):
    """Django's yes/no icon, its alt text in words a Swedish screen reader reads out.

    Django writes alt="True"/"False"/"None" untranslated; every caller looks the function up in
    admin_list when it runs, so replacing it there is enough."""
    icon_url = static("admin/img/icon-%s.svg" % {True: "yes", False: "no", None: "unknown"}[field_val])
    alt = {True: _("Ja"), False: _("Nej"), None: _("Okänt")}[field_val]
    return format_html('<img src="{}" alt="{}">', icon_url, alt)


class TrackerAdminConfig(AdminConfig):
    default_site = "tracker.admin_site.TrackerAdminSite"

    def ready(self):
        super().ready()
        from django.contrib.admin.templatetags import admin_list

        admin_list._boolean_icon = swedish_boolean_icon
