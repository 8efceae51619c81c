from decimal import Decimal

from django.test import SimpleTestCase

from goals.forms import SwedishDecimalField
from goals.templatetags.richtext import format_number, richtext


class SwedishNumberInputTests(SimpleTestCase):
    def test_it_accepts_what_people_type(self):
        field = SwedishDecimalField()
        for typed, expected in [
            ("27 531", "27531"),
            ("27\u00a0531", "27531"),
            ("85,5", "85.5"),
            ("85.5", "85.5"),
            ("12 569,25", "12569.25"),
            (" 94 %", "94"),
            ("-3", "-3"),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(field.clean(typed), Decimal(expected))

    def test_an_empty_field_is_no_value(self):
        self.assertIsNone(SwedishDecimalField().clean("  "))

    def test_it_refuses_words_with_a_swedish_message(self):
        from django import forms

        with self.assertRaisesMessage(forms.ValidationError, "Skriv ett tal"):
            SwedishDecimalField().clean("många")

    def test_numbers_print_the_swedish_way(self):
        self.assertEqual(format_number(Decimal("25000")), "25\u00a0000")
        self.assertEqual(format_number(Decimal("85.50")), "85,5")
        self.assertEqual(format_number(None), "")


class RichTextTests(SimpleTestCase):
    def test_paragraphs_bullets_and_links(self):
        html = richtext("Ett stycke.\n\n- punkt ett\n- punkt två\n\nSe https://example.org/a?b=1&c=2.")
        self.assertIn("<p>Ett stycke.</p>", html)
        self.assertIn("<ul><li>punkt ett</li><li>punkt två</li></ul>", html)
        self.assertIn('<a href="https://example.org/a?b=1&amp;c=2"', html)

    def test_html_is_escaped(self):
        self.assertEqual(
            richtext("<b>fet</b> & <script>x</script>"),
            "<p>&lt;b&gt;fet&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt;</p>",
        )
