from decimal import Decimal

from django import forms
from django.test import SimpleTestCase

from goals import markup, numbers
from goals.forms import SwedishDecimalField


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
            ("−44", "-44"),
            ("1.234.567", "1234567"),
            ("1.234,5", "1234.5"),
            ("0.500", "0.5"),
        ]:
            with self.subTest(typed=typed):
                self.assertEqual(field.clean(typed), Decimal(expected))

    def test_an_empty_field_is_no_value(self):
        self.assertIsNone(SwedishDecimalField().clean("  "))

    def test_it_refuses_words_with_a_swedish_message(self):
        with self.assertRaisesMessage(forms.ValidationError, "Skriv t.ex. 27 531 eller 85,5"):
            SwedishDecimalField().clean("många")

    def test_a_point_before_three_digits_is_refused_with_both_readings(self):
        # "1.500" is 1 500 to some and 1,5 to others: never guess.
        with self.assertRaises(forms.ValidationError) as raised:
            SwedishDecimalField().clean("1.500")
        message = raised.exception.messages[0]
        self.assertIn("1\u00a0500", message)
        self.assertIn("1,5", message)

    def test_what_passes_fits_the_column(self):
        with self.assertRaisesMessage(forms.ValidationError, "för stort"):
            SwedishDecimalField().clean("1 000 000 000 000")
        self.assertEqual(SwedishDecimalField().clean("999 999 999 999,99"), Decimal("999999999999.99"))

    def test_numbers_print_the_swedish_way(self):
        self.assertEqual(numbers.format_number(Decimal("25000")), "25\u00a0000")
        self.assertEqual(numbers.format_number(Decimal("85.50")), "85,5")
        self.assertEqual(numbers.format_number(Decimal("-44")), "−44")
        self.assertEqual(numbers.format_signed(Decimal("512")), "+512")
        self.assertEqual(numbers.format_number(None), "")

    def test_the_interchange_format_takes_a_point_and_at_most_two_decimals(self):
        self.assertEqual(numbers.from_document("12569"), Decimal("12569"))
        for bad in ("12 569", "12,5", "1.234"):
            with self.subTest(bad=bad), self.assertRaises(numbers.NumberError):
                numbers.from_document(bad)


class MarkupTests(SimpleTestCase):
    def test_paragraphs_bullets_and_links(self):
        html = markup.render("Ett stycke.\n\n- punkt ett\n- punkt två\n\nSe https://example.org/a?b=1&c=2.")
        self.assertIn("<p>Ett stycke.</p>", html)
        self.assertIn("<ul>\n<li>punkt ett</li>\n<li>punkt två</li>\n</ul>", html)
        self.assertIn('<a href="https://example.org/a?b=1&amp;c=2"', html)

    def test_a_list_may_follow_its_lead_in_line_and_numbered_lists_work(self):
        html = markup.render("Följande har gjorts:\n- en sak\n- en annan\n\n1. först\n2. sedan")
        self.assertIn("<p>Följande har gjorts:</p>\n<ul>", html)
        self.assertIn("<ol>\n<li>först</li>", html)

    def test_a_year_at_the_start_of_a_paragraph_is_not_a_list(self):
        self.assertEqual(
            markup.render("2023. Året präglades av omställning."), "<p>2023. Året präglades av omställning.</p>\n"
        )

    def test_a_table_in_a_text_is_a_real_table_with_figures_right_aligned(self):
        html = markup.render(
            "Balanskravsresultat (tkr):\n\n| | 2022 | 2023 |\n|---|---|---|\n| Årets resultat | 1 200 | −44 |"
        )
        self.assertIn("<table>", html)
        self.assertIn("<th>2022</th>", html.replace(' class="num"', ""))
        self.assertIn('<td class="num">−44</td>', html)
        self.assertIn("<td>Årets resultat</td>", html)

    def test_html_and_other_markdown_stay_text(self):
        self.assertEqual(
            markup.render("<b>fet</b> & <script>x</script> *inte kursiv* # ingen rubrik"),
            "<p>&lt;b&gt;fet&lt;/b&gt; &amp; &lt;script&gt;x&lt;/script&gt; *inte kursiv* # ingen rubrik</p>\n",
        )

    def test_the_table_marker_splits_the_text(self):
        before, after, marked = markup.render_parts("Före.\n\n[[tabell]]\n\nEfter.")
        self.assertEqual((before, after, marked), ("<p>Före.</p>\n", "<p>Efter.</p>\n", True))
