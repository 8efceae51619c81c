"""The plan and status workbooks, opened with openpyxl as Excel would read them."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from django.test import TestCase
from django.utils import timezone
from openpyxl import load_workbook

from goals import selectors
from goals.models import FollowUp, Goal, Measure, MeasureComponent, MeasureValue, State, Status, TargetKind
from goals.spreadsheets import exporting

from . import factories


def opened(wb):
    return load_workbook(BytesIO(exporting.as_bytes(wb)))


def table(ws) -> list[dict]:
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def tree_plan():
    """Two fokusområden with a goal each, created out of tree order."""
    data = factories.plan(slug="tradet")
    plan_year = data["plan_year"]
    plan_year.goals.all().delete()
    plan_year.levels.all().delete()
    focus = factories.make_level(plan_year, "Fokusområde", followed_up=False)
    goal_level = factories.make_level(plan_year, "Mål/uppdrag", table_rows=True)
    first = factories.make_goal(plan_year, level=focus, key="1", title="Fokus ett", order=0)
    second = factories.make_goal(plan_year, level=focus, key="2", title="Fokus två", order=1)
    factories.make_goal(plan_year, level=goal_level, key="2.1", parent=second, title="Under två", order=2)
    child = factories.make_goal(
        plan_year, level=goal_level, key="1.1", parent=first, title="Under ett", unit=data["units"][0], order=3
    )
    Measure.objects.create(
        goal=child,
        key="a1",
        text="Andel nöjda",
        target_kind=TargetKind.NUMERIC,
        comparator="between",
        target_value=Decimal("12.5"),
        target_high=Decimal("27531"),
        unit_label="%",
    )
    return data


class PlanExportTests(TestCase):
    def test_the_goal_tree_is_written_in_tree_order_with_its_parents(self):
        data = tree_plan()
        wb = opened(exporting.plan_export(data["plan_year"]))
        self.assertEqual(wb.sheetnames, ["Instruktioner", "Nivåer", "Perioder", "Mål", "Mätetal", "Delar", "Listor"])
        goals = table(wb["Mål"])
        self.assertEqual([g["Nyckel"] for g in goals], ["1", "1.1", "2", "2.1"])
        self.assertEqual([g["Hör till"] for g in goals], [None, "1", None, "2"])
        self.assertEqual([g["Nivå"] for g in goals], ["Fokusområde", "Mål/uppdrag", "Fokusområde", "Mål/uppdrag"])
        self.assertEqual(goals[1]["Enhet"], "Regional utveckling")
        self.assertEqual(goals[1]["Bedömningsregel"], "Alla mätetal ska vara uppnådda")
        self.assertEqual([level["Följs upp"] for level in table(wb["Nivåer"])], ["nej", "ja"])

    def test_sheets_have_bold_frozen_filtered_headers_and_real_numbers_and_dates(self):
        data = tree_plan()
        wb = opened(exporting.plan_export(data["plan_year"]))
        ws = wb["Mätetal"]
        self.assertEqual(
            [c.value for c in ws[1]][:7],
            ["Målets nyckel", "Nyckel", "Mätetal", "Slag av mål", "Jämförelse", "Målvärde", "Övre gräns"],
        )
        self.assertTrue(all(c.font.b for c in ws[1]))
        self.assertEqual(ws.freeze_panes, "A2")
        self.assertTrue(ws.auto_filter.ref.startswith("A1:"))
        self.assertGreater(ws.column_dimensions["C"].width, 30)
        row = table(ws)[0]
        self.assertEqual((row["Jämförelse"], row["Slag av mål"]), ("mellan", "Tal"))
        self.assertEqual((row["Målvärde"], row["Övre gräns"]), (12.5, 27531))
        self.assertEqual(ws["F2"].number_format, "#,##0.00")
        self.assertEqual(ws["G2"].number_format, "#,##0")
        periods = wb["Perioder"]
        self.assertEqual(periods["B2"].value, datetime(2025, 8, 31))
        self.assertEqual(periods["B2"].number_format, "yyyy-mm-dd")
        self.assertEqual(periods["A2"].value, "Delårsrapport")

    def test_parts_of_a_measure_have_their_own_sheet(self):
        data = factories.plan()
        measure = data["goal"].measures.first()
        MeasureComponent.objects.create(measure=measure, key="s", label="skolor", target_value=40)
        wb = opened(exporting.plan_export(data["plan_year"]))
        parts = table(wb["Delar"])
        self.assertEqual(
            (parts[0]["Målets nyckel"], parts[0]["Mätetalets nyckel"], parts[0]["Del"], parts[0]["Målvärde"]),
            (data["goal"].document_key, measure.document_key, "skolor", 40),
        )

    def test_the_filename_names_organisation_and_year(self):
        data = factories.plan()
        self.assertEqual(exporting.plan_filename(data["plan_year"]), "forbundet-plan-2025.xlsx")


class StatusExportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        cls.chef.first_name, cls.chef.last_name = "Anna", "Chef"
        cls.chef.save()
        period = cls.data["interim"]
        cls.submitted = FollowUp.objects.create(
            goal=cls.data["goal"], period=period, state=State.SUBMITTED, status=Status.ACHIEVED, author=cls.chef
        )
        measure = cls.data["goal"].measures.get(text="Minst 25 000 elever")
        MeasureValue.objects.create(follow_up=cls.submitted, measure=measure, value=Decimal("20000.5"), note="Färre")
        FollowUp.objects.create(goal=cls.data["other_goal"], period=period, state=State.DRAFT, status=Status.ON_TRACK)
        # Another year's and another period's follow-ups stay out.
        FollowUp.objects.create(goal=cls.data["goal"], period=cls.data["annual"], state=State.APPROVED)

    def export(self):
        return opened(exporting.status_export(self.data["interim"]))

    def test_each_followed_up_goal_with_status_state_author_and_local_time(self):
        rows = table(self.export()["Status"])
        self.assertEqual(
            [r["Mål/uppdrag"] for r in rows], ["Minst 25 000 elever på teman", "Välfärdens mål", "Samverkan"]
        )
        first = rows[0]
        self.assertEqual(
            (first["Enhet"], first["Bedömning"], first["Läge"], first["Senast sparad av"]),
            ("Regional utveckling", "Uppnått", "Inskickad", "Anna Chef"),
        )
        self.submitted.refresh_from_db()
        expected = timezone.localtime(self.submitted.updated_at).replace(tzinfo=None, microsecond=0)
        self.assertEqual(first["Senast sparad"], expected)
        self.assertEqual(
            (rows[1]["Läge"], rows[2]["Läge"], rows[2]["Enhet"]), ("Utkast", "Saknas", "Samtliga verksamheter")
        )

    def test_a_status_that_goes_against_its_measures_is_marked(self):
        rows = table(self.export()["Status"])
        self.assertEqual(rows[0]["Avviker från mätetalen"], "Ja")
        # In a delårsrapport a target not yet met proposes a risk, not a verdict.
        self.assertEqual(rows[0]["Mätetalens förslag"], "Risk för avvikelse")
        self.assertEqual(rows[1]["Avviker från mätetalen"], "Nej")
        disagreeing = [n for n in selectors.assessed_nodes(self.data["plan_year"], self.data["interim"]) if n.disagrees]
        self.assertEqual(sum(r["Avviker från mätetalen"] == "Ja" for r in rows), len(disagreeing))

    def test_measured_values_with_their_judged_outcome(self):
        wb = self.export()
        values = table(wb["Mätetal"])
        elever = next(v for v in values if v["Mätetal"] == "Minst 25 000 elever")
        self.assertEqual(
            (elever["Värde"], elever["Utfall"], elever["Resultat i ord"]), (20000.5, "Ej uppnått", "Färre")
        )
        self.assertEqual(elever["Mål för mätetalet"], "minst 25\u00a0000\u00a0elever")
        cell = next(c for c in wb["Mätetal"]["F"] if c.value == 20000.5)
        self.assertEqual(cell.number_format, "#,##0.00")

    def test_the_counts_agree_with_the_overview(self):
        wb = self.export()
        overview = selectors.overview_counts(self.data["interim"])
        per_unit = {r["Enhet"]: r for r in table(wb["Per enhet"])}
        status = table(wb["Status"])
        for row in overview:
            name = row["unit__name"] or "Samtliga verksamheter"
            self.assertEqual(per_unit[name]["Mål/uppdrag"], row["total"])
            self.assertEqual(per_unit[name]["Saknas"], row["missing"])
            states = [r["Läge"] for r in status if r["Enhet"] == name]
            self.assertEqual(len(states), row["total"])
            self.assertEqual(
                [states.count(w) for w in ("Saknas", "Utkast", "Inskickad", "Återsänd", "Godkänd")],
                [row["missing"], row["draft"], row["submitted"], row["returned"], row["approved"]],
            )
        self.assertEqual(sum(r["Inskickade"] for r in per_unit.values()), 1)
        self.assertTrue(all(c.font.b for c in wb["Per enhet"][1]))
        self.assertEqual(wb["Status"].freeze_panes, "A2")

    def test_goals_on_levels_not_followed_up_are_left_out(self):
        level = factories.make_level(self.data["plan_year"], "Fokusområde", followed_up=False, order=9)
        Goal.objects.create(plan_year=self.data["plan_year"], level=level, title="Rubrik utan uppföljning")
        titles = [r["Mål/uppdrag"] for r in table(self.export()["Status"])]
        self.assertNotIn("Rubrik utan uppföljning", titles)
        self.assertEqual(len(titles), 3)

    def test_the_filename_names_organisation_year_and_period(self):
        self.assertEqual(
            exporting.status_filename(self.data["interim"]), "forbundet-2025-delarsrapport-250831-status.xlsx"
        )
        self.assertIsInstance(self.data["interim"].end_date, date)
