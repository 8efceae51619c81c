from datetime import date

from django.test import SimpleTestCase

from goals.dates import DateError, parse_date
from goals.planning.fields import SwedishDateField


class SwedishDateTests(SimpleTestCase):
    def test_the_formats_people_type(self):
        for text in (
            "2025-08-31",
            "20250831",
            "31/8 2025",
            "31/8/2025",
            "31.8.2025",
            "31. 8. 2025",
            "31 augusti 2025",
            "31 Augusti 2025",
            "31 aug 2025",
            "31 aug. 2025",
            "  31  aug  2025 ",
        ):
            with self.subTest(text=text):
                self.assertEqual(parse_date(text), date(2025, 8, 31))

    def test_months_by_name_and_unambiguous_abbreviation(self):
        self.assertEqual(parse_date("1 mars 2026"), date(2026, 3, 1))
        self.assertEqual(parse_date("15 sept 2025"), date(2025, 9, 15))
        self.assertEqual(parse_date("20 jan 2026"), date(2026, 1, 20))
        self.assertEqual(parse_date("31 dec 2025"), date(2025, 12, 31))

    def test_a_date_that_does_not_exist_is_refused(self):
        with self.assertRaisesMessage(DateError, "31/9 2025 är inget datum som finns."):
            parse_date("31/9 2025")
        with self.assertRaises(DateError):
            parse_date("2025-02-29")

    def test_an_unknown_month_or_format_says_which_formats_to_use(self):
        with self.assertRaisesMessage(DateError, "Känner inte igen månaden ”ju”"):
            parse_date("3 ju 2025")
        for text in ("31 augusti", "augusti 2025", "8/31/25", "i morgon"):
            with self.subTest(text=text), self.assertRaisesMessage(DateError, "31/8 2025"):
                parse_date(text)

    def test_the_form_field_shows_a_date_as_iso_and_refuses_in_swedish(self):
        field = SwedishDateField(required=False)
        self.assertEqual(field.clean("31 aug 2025"), date(2025, 8, 31))
        self.assertIsNone(field.clean(""))
        self.assertEqual(field.prepare_value(date(2025, 8, 31)), "2025-08-31")
        with self.assertRaisesMessage(Exception, "Skriv datumet som"):
            field.clean("snart")
