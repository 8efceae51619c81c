"""Form widgets drawn from Jinja2 templates.

A form page draws a dozen widgets; from Django's template language each costs about half a
millisecond of CPU, from the Jinja2 copies Django ships of the same templates a fraction of that
(README, Performance). Widgets without a Jinja2 template (the admin's own) are drawn from the
Django templates as before.
"""

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist


class WidgetRenderer(BaseRenderer):
    def __init__(self):
        self.fast, self.full = Jinja2(), DjangoTemplates()

    def get_template(self, template_name):
        try:
            return self.fast.get_template(template_name)
        except TemplateDoesNotExist:
            return self.full.get_template(template_name)
