"""Widgets come from Django's Jinja2 templates, the admin's own from the Django templates, and a
form draws the same HTML either way."""

from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template.backends.django import Template as DjangoTemplate
from django.template.backends.jinja2 import Template as Jinja2Template
from django.test import SimpleTestCase

from tracker.form_rendering import WidgetRenderer


class Sample(forms.Form):
    text = forms.CharField(label="Text", widget=forms.Textarea, help_text="Hjälp & <mer>")
    status = forms.ChoiceField(choices=[("a", "Å"), ("b", "<b>")])
    number = forms.DecimalField(required=False)
    reached = forms.BooleanField(required=False)


class WidgetRendererTests(SimpleTestCase):
    def test_django_widgets_from_jinja2_and_the_admins_from_django_templates(self):
        renderer = get_default_renderer()
        self.assertIsInstance(renderer, WidgetRenderer)
        self.assertIsInstance(renderer.get_template("django/forms/widgets/text.html"), Jinja2Template)
        self.assertIsInstance(renderer.get_template("admin/widgets/related_widget_wrapper.html"), DjangoTemplate)

    def test_a_form_draws_the_same_html_as_with_django_templates(self):
        data = {"text": "<script>x</script> & å", "status": "b", "number": "x"}
        fast = Sample(data, renderer=WidgetRenderer())
        full = Sample(data, renderer=DjangoTemplates())
        fast.is_valid(), full.is_valid()
        for name in ("text", "status", "number", "reached"):
            self.assertHTMLEqual(str(fast[name]), str(full[name]))
        self.assertHTMLEqual(str(fast["number"].errors), str(full["number"].errors))
        self.assertIn("&lt;script&gt;", str(fast["text"]))
