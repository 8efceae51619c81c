"""Charts print figures the Swedish way: 27 531, 85,5; whole-number data has whole-number ticks."""

import xml.etree.ElementTree as ET
from collections import Counter
from decimal import Decimal
from types import SimpleNamespace

from django.test import SimpleTestCase

from goals import charts
from goals.models import Status

SVG = "{http://www.w3.org/2000/svg}"


def tick_labels(chart, axis: str) -> list[str]:
    """The labels of the value axis: "x" for horizontal bars, "y" for lines."""
    root = ET.fromstring(chart.svg)
    return [
        t.text
        for g in root.iter(SVG + "g")
        if (g.get("class") or "").split()[:2] == ["axis", axis]
        for t in g.iter(SVG + "text")
    ]


def value_labels(chart) -> list[str]:
    return [t.text for t in ET.fromstring(chart.svg).iter(SVG + "text") if t.get("class") == "value"]


class SwedishChartNumberTests(SimpleTestCase):
    def test_bars_group_thousands_with_a_non_breaking_space(self):
        chart = charts.bars("Elever", [("Borås", Decimal(27531)), ("Bollebygd", Decimal(1200))])
        self.assertEqual(sorted(value_labels(chart)), ["1\u00a0200", "27\u00a0531"])
        self.assertIn("20\u00a0000", tick_labels(chart, "x"))
        self.assertFalse(any("," in label or "." in label for label in tick_labels(chart, "x")))

    def test_decimals_have_a_comma(self):
        chart = charts.bars("Andel", [("Borås", Decimal("85.5")), ("Bollebygd", Decimal("61.25"))], "%")
        self.assertEqual(sorted(value_labels(chart)), ["61,25", "85,5"])
        self.assertNotIn(".", "".join(value_labels(chart) + tick_labels(chart, "x")))

    def test_counts_of_goals_have_whole_ticks(self):
        chart = charts.status_distribution(
            "Bedömning", [("Enhet", Counter({Status.ACHIEVED: 2, Status.NOT_ACHIEVED: 1}))]
        )
        ticks = tick_labels(chart, "x")
        self.assertEqual(ticks, ["0", "1", "2", "3"])

    def test_a_trend_of_whole_numbers_has_whole_ticks(self):
        measure = SimpleNamespace(text="Deltagare", unit_label="personer")
        chart = charts.trend(measure, [(2021, Decimal(2), ""), (2022, Decimal(3), ""), (2023, Decimal(4), "")])
        ticks = tick_labels(chart, "y")
        self.assertTrue(ticks)
        self.assertTrue(all(label.lstrip("−").isdigit() for label in ticks), ticks)

    def test_a_trend_in_thousands_is_grouped(self):
        measure = SimpleNamespace(text="Elever", unit_label="elever")
        chart = charts.trend(measure, [(2022, Decimal(12000), ""), (2023, Decimal("12500.5"), "")])
        self.assertIn("12\u00a0500,5", value_labels(chart))
        self.assertIn("12\u00a0000", tick_labels(chart, "y"))

    def test_negative_figures_have_a_real_minus(self):
        chart = charts.bars("Resultat", [("Borås", Decimal(-44)), ("Bollebygd", Decimal(10))])
        self.assertIn("−44", value_labels(chart))
