"""Next year's plan from a workbook: the template, the round trip, and every bad cell refused."""

from datetime import date
from decimal import Decimal

from django.test import TestCase
from openpyxl import Workbook

from goals.models import FollowUp, Goal, Measure, MeasureComponent, PlanYear
from goals.spreadsheets import exporting, importing, template
from goals.spreadsheets.reading import WorkbookError

from . import factories
from .workbooks import headers, next_year_book, opened, put


def problems(data, wb, year=2026, **options) -> list[str]:
    with_problems = None
    try:
        importing.import_workbook(
            organisation=data["organisation"], year=year, content=exporting.as_bytes(wb), **options
        )
    except WorkbookError as error:
        with_problems = error.problems
    if with_problems is None:
        raise AssertionError("the workbook was imported")
    return with_problems


def shape(plan_year) -> list:
    goals = plan_year.goals.select_related("level", "unit", "parent").order_by("order")
    return [
        (
            g.title,
            g.level.name,
            g.unit.slug if g.unit_id else None,
            g.parent.title if g.parent_id else None,
            g.kind,
            g.assessment_rule,
            g.required_met,
            g.owner_label,
            [
                (
                    m.text,
                    m.target_kind,
                    m.comparator,
                    m.target_value,
                    m.target_high,
                    m.tolerance,
                    m.tolerance_percent,
                    m.direction,
                    m.unit_label,
                    m.breakdown,
                    m.dimension.key if m.dimension_id else None,
                    m.aggregation,
                    m.kpi,
                )
                for m in g.measures.all()
            ],
        )
        for g in goals
    ]


class RoundTripTests(TestCase):
    def test_a_plan_exported_and_imported_as_next_year_has_the_same_goals_and_measures(self):
        data = factories.plan()
        goal = data["goal"]
        Measure.objects.create(
            goal=goal,
            text="Resultat mellan",
            target_kind="numeric",
            comparator="between",
            target_value=Decimal("-1000"),
            target_high=Decimal("-500.25"),
            unit_label="tkr",
            order=2,
        )
        parts = Measure.objects.create(goal=data["other_goal"], key="delar", text="Skolor och förskolor", order=0)
        MeasureComponent.objects.create(measure=parts, key="s", label="skolor", target_value=40)
        imported = importing.import_workbook(
            organisation=data["organisation"], year=2026, content=exporting.as_bytes(next_year_book(data))
        )
        self.assertEqual(shape(imported), shape(data["plan_year"]))
        self.assertEqual(
            list(imported.periods.values_list("kind", "end_date", "deadline")),
            [("interim", date(2026, 8, 31), date(2026, 9, 15)), ("annual", date(2026, 12, 31), None)],
        )
        component = MeasureComponent.objects.get(measure__goal__plan_year=imported)
        self.assertEqual((component.label, component.target_value), ("skolor", Decimal("40")))
        self.assertEqual(imported.levels.get().table_rows, True)

    def test_swedish_numbers_typed_as_text_are_read_with_the_projects_parser(self):
        data = factories.plan()
        wb = next_year_book(data)
        put(wb["Mätetal"], 2, Målvärde="27 531,5")
        imported = importing.import_workbook(
            organisation=data["organisation"], year=2026, content=exporting.as_bytes(wb)
        )
        values = Measure.objects.filter(goal__plan_year=imported).values_list("target_value", flat=True)
        self.assertIn(Decimal("27531.50"), list(values))


class TemplateTests(TestCase):
    def test_the_template_has_headers_instructions_drop_downs_and_marked_examples(self):
        data = factories.plan()
        wb = opened(template.template_workbook(data["organisation"]))
        self.assertEqual(wb.sheetnames[0], "Instruktioner")
        self.assertIn("EXEMPEL", " ".join(str(c.value) for (c,) in wb["Instruktioner"].iter_rows(max_col=1)))
        goals = wb["Mål"]
        self.assertEqual(list(headers(goals))[:4], ["Nivå", "Nyckel", "Mål/uppdrag", "Hör till"])
        self.assertEqual(goals.freeze_panes, "A2")
        # Keys typed into the empty rows stay text (2.10 is not the number 2.1).
        self.assertEqual(
            (goals.column_dimensions["B"].number_format, goals.column_dimensions["D"].number_format), ("@", "@")
        )
        self.assertTrue(goals["C2"].value.startswith("EXEMPEL"))
        self.assertTrue(goals["C2"].font.i)
        lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in goals.data_validations.dataValidation}
        self.assertEqual(lists["A2"], "=Nivåer!$B$2:$B$30")
        self.assertIn("Listor!", lists["F2"])
        self.assertEqual(wb["Listor"].sheet_state, "hidden")
        units = [c.value for c in wb["Listor"]["L"][1:] if c.value]
        self.assertEqual(units, ["Regional utveckling", "Välfärd"])
        measures = wb["Mätetal"]
        self.assertTrue(any("Listor!$G$" in dv.formula1 for dv in measures.data_validations.dataValidation))
        # Next year's periods proposed from this year's dates.
        self.assertEqual(wb["Perioder"]["B2"].value.date(), date(2026, 8, 31))
        self.assertEqual(template.next_year(data["organisation"]), 2026)

    def test_the_template_as_downloaded_imports_nothing_because_examples_do_not_count(self):
        data = factories.plan()
        wb = opened(template.template_workbook(data["organisation"]))
        self.assertEqual(problems(data, wb), ["Bladet Mål har inga mål (exempelraderna räknas inte)."])
        self.assertFalse(PlanYear.objects.filter(year=2026).exists())

    def test_a_filled_in_template_imports_and_leaves_the_examples_out(self):
        data = factories.plan()
        wb = opened(template.template_workbook(data["organisation"]))
        put(wb["Mål"], 10, Nivå="Mål/uppdrag", Nyckel=1, Mål_uppdrag="Fler besökare", Enhet="Välfärd")
        put(
            wb["Mätetal"],
            10,
            Målets_nyckel="1",
            Mätetal="Minst 500 besökare",
            Slag_av_mål="Tal",
            Jämförelse="minst",
            Målvärde=500,
        )
        plan_year = importing.import_workbook(
            organisation=data["organisation"], year=2026, content=exporting.as_bytes(wb)
        )
        goal = plan_year.goals.get()
        self.assertEqual((goal.key, goal.title, goal.unit.slug), ("1", "Fler besökare", "valfard"))
        measure = goal.measures.get()
        self.assertEqual((measure.comparator, measure.target_value), ("min", Decimal("500")))


class BadCellTests(TestCase):
    def setUp(self):
        self.data = factories.plan()
        self.before = (PlanYear.objects.count(), Goal.objects.count(), Measure.objects.count())

    def assertNothingWritten(self):
        self.assertEqual((PlanYear.objects.count(), Goal.objects.count(), Measure.objects.count()), self.before)

    def test_every_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written(self):
        wb = next_year_book(self.data)
        put(wb["Mätetal"], 2, Målvärde="12,5,3", Jämförelse="ungefär")
        put(wb["Mätetal"], 3, Tolerans=Decimal("1e13"), Toleransen_i_procent="kanske")
        put(wb["Mål"], 2, Nivå="Delmål", Antal_som_ska_vara_uppnådda="två")
        put(wb["Mål"], 3, Enhet="Okänd enhet", Hör_till="saknas", Nyckel="x" * 41)
        put(wb["Mål"], 4, Mål_uppdrag=None)
        put(wb["Perioder"], 2, Per_datum="31 augusti")
        found = problems(self.data, wb)
        expected = [
            "Bladet Mätetal, rad 2, kolumn Målvärde: ”12,5,3” är inget tal. Skriv t.ex. 27 531 eller 85,5.",
            "Bladet Mätetal, rad 2, kolumn Jämförelse: ”ungefär” finns inte i listan;",
            "Bladet Mätetal, rad 3, kolumn Tolerans: 10\u00a0000\u00a0000\u00a0000\u00a0000 är för stort;",
            "Bladet Mätetal, rad 3, kolumn Toleransen i procent: ”kanske” ska vara ja eller nej.",
            "Bladet Mål, rad 2, kolumn Nivå: ”Delmål” är ingen nivå på bladet Nivåer.",
            "Bladet Mål, rad 2, kolumn Antal som ska vara uppnådda: ”två” är inget tal.",
            "Bladet Mål, rad 3, kolumn Enhet: ”Okänd enhet” är ingen enhet hos förbundet; välj i listan.",
            "Bladet Mål, rad 3, kolumn Nyckel: texten är 41 tecken lång; högst 40 tecken får plats.",
            "Bladet Mål, rad 4, kolumn Mål/uppdrag: måste fyllas i.",
            "Bladet Perioder, rad 2, kolumn Per datum: ”31 augusti” är inget datum; skriv det som 2026-08-31.",
        ]
        for text in expected:
            self.assertTrue(any(p.startswith(text) for p in found), f"{text!r} not in {found}")
        self.assertNothingWritten()

    def test_what_the_interchange_finds_is_told_by_row_and_column(self):
        wb = next_year_book(self.data)
        put(wb["Mätetal"], 2, Jämförelse="mellan", Övre_gräns=None)
        put(wb["Mätetal"], 3, Slag_av_mål="Tal", Jämförelse=None)
        goals = wb["Mål"]
        put(goals, 3, Nyckel=goals.cell(row=2, column=2).value)
        put(wb["Perioder"], 3, Per_datum=date(2027, 12, 31))
        found = problems(self.data, wb)
        self.assertIn("Bladet Mätetal, rad 2, kolumn Övre gräns: ”Mellan” behöver en övre gräns.", found)
        self.assertIn(
            "Bladet Mätetal, rad 3, kolumn Jämförelse: Ett mätetal med talmål behöver en jämförelse (minst, högst, mellan …).",
            found,
        )
        self.assertTrue(any(p.startswith("Bladet Mål, rad 3, kolumn Nyckel: nyckeln") for p in found), found)
        self.assertIn("Bladet Perioder, rad 3, kolumn Per datum: datumet ligger inte i år 2026.", found)
        self.assertNothingWritten()

    def test_references_that_do_not_resolve_are_named(self):
        wb = next_year_book(self.data)
        goals = wb["Mål"]
        put(goals, 2, Nyckel="a", Hör_till="b", Antal_som_ska_vara_uppnådda=0)
        put(goals, 3, Nyckel="b", Hör_till="a")
        put(wb["Mätetal"], 2, Målets_nyckel="finns-inte", Indelning="Delregion")
        put(wb["Mätetal"], 3, Indelning="Delregion")
        put(wb["Delar"], 2, Målets_nyckel="c", Mätetalets_nyckel="m9", Del="skolor", Målvärde=4)
        put(goals, 4, Nyckel="c")
        found = problems(self.data, wb)
        for text in (
            "Bladet Mål, rad 2, kolumn Hör till: målen hör till varandra i en cirkel",
            "Bladet Mål, rad 3, kolumn Hör till: målen hör till varandra i en cirkel",
            "Bladet Mål, rad 2, kolumn Antal som ska vara uppnådda: ”0” ska vara ett heltal från 1 till 32767.",
            "Bladet Mätetal, rad 2, kolumn Målets nyckel: det finns inget mål med nyckeln ”finns-inte”.",
            "Bladet Mätetal, rad 3, kolumn Indelning: ”Delregion” är ingen indelning hos förbundet",
            "Bladet Delar, rad 2, kolumn Mätetalets nyckel: målet ”c” har inget mätetal med nyckeln ”m9”.",
        ):
            self.assertTrue(any(p.startswith(text) for p in found), f"{text!r} not in {found}")
        self.assertNothingWritten()

    def test_a_file_that_is_no_workbook_is_refused(self):
        with self.assertRaises(WorkbookError) as caught:
            importing.import_workbook(organisation=self.data["organisation"], year=2026, content=b"not a zip")
        self.assertIn("ingen Excel-arbetsbok", caught.exception.problems[0])

    def test_a_workbook_without_the_sheets_says_which_are_missing(self):
        found = problems(self.data, Workbook())
        self.assertIn("Arbetsboken saknar bladet ”Mål”; utgå från mallen.", found)
        self.assertNothingWritten()

    def test_a_missing_column_is_named(self):
        wb = next_year_book(self.data)
        wb["Mätetal"].delete_cols(headers(wb["Mätetal"])["Mätetal"])
        self.assertIn("Bladet Mätetal saknar kolumnen ”Mätetal”.", problems(self.data, wb))


class ExistingYearTests(TestCase):
    def setUp(self):
        self.data = factories.plan()
        self.book = next_year_book(self.data, year=2025)

    def test_an_existing_year_is_refused_in_swedish(self):
        found = problems(self.data, self.book, year=2025)
        self.assertEqual(len(found), 1)
        self.assertIn("har redan verksamhetsåret 2025", found[0])
        self.assertIn("Ersätt det befintliga året", found[0])
        self.assertTrue(PlanYear.objects.filter(pk=self.data["plan_year"].pk).exists())

    def test_with_replace_a_year_without_follow_ups_is_replaced(self):
        put(self.book["Mål"], 2, Mål_uppdrag="Ny titel")
        plan_year = importing.import_workbook(
            organisation=self.data["organisation"], year=2025, content=exporting.as_bytes(self.book), replace=True
        )
        self.assertFalse(PlanYear.objects.filter(pk=self.data["plan_year"].pk).exists())
        self.assertEqual(plan_year.goals.order_by("order").first().title, "Ny titel")

    def test_replace_never_deletes_what_the_units_wrote(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["interim"], text="Skrivet")
        found = problems(self.data, self.book, year=2025, replace=True)
        self.assertIn("1 uppföljningar som skulle försvinna", found[0])
        self.assertTrue(FollowUp.objects.filter(text="Skrivet").exists())

    def test_replace_follows_the_import_rules_for_later_years(self):
        later = factories.plan(slug="annat")  # another förbund's year is no reason to refuse
        del later
        successor = PlanYear.objects.create(organisation=self.data["organisation"], year=2026)
        level = factories.make_level(successor)
        factories.make_goal(successor, level=level, predecessor=self.data["goal"])
        found = problems(self.data, self.book, year=2025, replace=True)
        self.assertTrue(found[0].startswith("Året: ett senare verksamhetsår är kopierat från 2025"), found)
        self.assertTrue(PlanYear.objects.filter(pk=self.data["plan_year"].pk).exists())


class DemoRoundTripTests(TestCase):
    def test_the_exempelforbundets_plan_with_its_levels_and_parts_comes_back_the_same(self):
        import json
        from pathlib import Path

        from goals.interchange import import_document

        path = Path(__file__).resolve().parent.parent / "goals" / "demo" / "exempelforbundet-2024.json"
        source = import_document(json.loads(path.read_text(encoding="utf-8")))
        data = {"plan_year": source, "organisation": source.organisation}
        imported = importing.import_workbook(
            organisation=source.organisation, year=2025, content=exporting.as_bytes(next_year_book(data, 2025))
        )
        self.assertEqual(shape(imported), shape(source))
        self.assertEqual(
            list(imported.levels.values_list("key", "name", "plural", "followed_up", "table_rows")),
            list(source.levels.values_list("key", "name", "plural", "followed_up", "table_rows")),
        )
        parts = MeasureComponent.objects.filter(measure__goal__plan_year=imported)
        self.assertEqual(
            list(parts.values_list("label", "comparator", "target_value")),
            list(
                MeasureComponent.objects.filter(measure__goal__plan_year=source).values_list(
                    "label", "comparator", "target_value"
                )
            ),
        )
        self.assertTrue(parts.exists())
