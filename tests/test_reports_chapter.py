"""The chapter's structure from the demo data, without rendering a PDF."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from goals.models import FollowUp, Goal, Measure, MeasureValue, PlanYear, Status
from reports import selectors
from reports.chapter import build_chapter
from reports.models import Layout


def chapter_for(year, layout=Layout.UNIT, number=4):
    plan_year = PlanYear.objects.select_related("organisation").get(organisation__slug="borasregionen", year=year)
    source = selectors.chapter_source(plan_year=plan_year, period=selectors.default_period(plan_year))
    return build_chapter(
        source, layout=layout, chapter_number=number, chapter_title="Måluppfyllelse", organisation_name="Förbundet"
    )


class ChapterStructureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def test_2023_sections_are_numbered_from_the_chapter_number(self):
        chapter = chapter_for(2023)
        self.assertEqual(
            [(s.number, s.title) for s in chapter.sections],
            [
                ("4.1", "Strategiskt mål"),
                ("4.2", "Grunduppdrag"),
                ("4.3", "Mål och uppdrag 2023"),
                ("4.4", "Finansiella mål"),
            ],
        )
        self.assertEqual([s.number for s in chapter_for(2023, number=7).sections], ["7.1", "7.2", "7.3", "7.4"])

    def test_2023_counts_come_from_the_statuses(self):
        goals = chapter_for(2023).sections[2]
        self.assertEqual(goals.counts, "Av 17 mål och uppdrag är 15 uppnådda och två delvis uppnådda.")
        self.assertEqual(
            [(g.label, len(g.rows)) for g in goals.unit_groups],
            [("Regional utveckling", 12), ("Välfärdsutveckling", 5)],
        )

    def test_the_counts_follow_a_changed_status(self):
        follow_up = FollowUp.objects.filter(
            goal__plan_year__year=2023, goal__kind="goal", status=Status.ACHIEVED
        ).first()
        follow_up.status = Status.NOT_ACHIEVED
        follow_up.save()
        self.assertEqual(
            chapter_for(2023).sections[2].counts,
            "Av 17 mål och uppdrag är 14 uppnådda, två delvis uppnådda och ett inte uppnått.",
        )

    def test_the_network_survey_is_a_table_at_the_marker(self):
        base_mission = chapter_for(2023).sections[1]
        survey = next(r for r in base_mission.rows if r.goal.title.startswith("Årlig enkät"))
        (table,) = survey.tables
        self.assertEqual(
            table.columns,
            ["Fråga", "% Instämmer i mycket hög grad", "% Instämmer i hög grad", "Totalt 2023", "Totalt 2022"],
        )
        self.assertEqual(
            table.rows[-1], ["Hur nöjd är du med förbundets nätverk i sin helhet?", "38", "56", "94", "93"]
        )
        self.assertIn("Dessa är borttagna i resultatet nedan.", survey.text_before)
        self.assertIn("Resultatet på frågan om omvärldsbevakning", survey.text_after)
        self.assertNotIn("[[tabell]]", survey.text_before + survey.text_after)
        self.assertEqual([line.result for line in survey.measure_lines], ["94\u00a0% (uppnått)"])

    def test_financial_goals_show_their_outcome_in_swedish_format(self):
        financial = chapter_for(2023).sections[3]
        results = [line.result for row in financial.rows for line in row.measure_lines]
        self.assertEqual(results, ["Positivt resultat", "12\u00a0569\u00a0tkr"])
        self.assertEqual(financial.counts, "Båda de finansiella målen är uppnådda.")

    def test_the_strategic_approach_runs_on_after_genom_att(self):
        strategic = chapter_for(2023).sections[0]
        self.assertTrue(strategic.strategic_approach.startswith("med tydligt och långsiktigt"))

    def test_2021_by_focus_area_with_the_appendix_chapters(self):
        chapter = chapter_for(2021, Layout.FOCUS_AREA)
        self.assertEqual([s.number for s in chapter.sections], ["4.1", "4.2"])
        goals = chapter.sections[1]
        self.assertEqual(goals.title, "Fokusområden och mål")
        self.assertEqual([s.number for s in goals.subsections], [f"4.2.{i}" for i in range(1, 9)])
        self.assertEqual(goals.subsections[0].title, "Utvecklingsmedel")
        self.assertTrue(goals.subsections[0].description.startswith("Syftet med de delregionala"))
        # 4.2.2 has no goal of its own in chapter 4, only its follow-up text.
        self.assertEqual(goals.subsections[1].rows, [])
        self.assertEqual(len(goals.subsections[1].bodies), 1)
        self.assertEqual(
            [(a.number, a.title) for a in chapter.appendices],
            [("5", "Dataskyddsombud"), ("6", "Medarbetarcentrum"), ("7", "Navet science center")],
        )
        navet = chapter.appendices[2]
        self.assertEqual([s.number for s in navet.subsections], ["7.1", "7.2", "7.3"])
        self.assertEqual([g.number for g in navet.goal_groups], ["7.3.1", "7.3.2", "7.3.3", "7.3.4"])
        self.assertEqual(navet.counts, "Av åtta mål är fyra uppnådda, tre delvis uppnådda och ett inte uppnått.")

    def test_navet_results_are_listed_per_mätetal(self):
        navet = chapter_for(2021, Layout.FOCUS_AREA).appendices[2]
        row = navet.goal_groups[0].rows[0]
        self.assertEqual(
            [line.result for line in row.measure_lines],
            ["Framflyttat pga corona", "Genomfört", "Genomfört", "Genomfört"],
        )

    def test_verdicts_are_not_repeated_when_the_text_already_ends_with_them(self):
        rows = chapter_for(2021, Layout.FOCUS_AREA).goal_rows
        row = next(r for r in rows if r.goal.title.startswith("En gemensam strukturbild"))
        self.assertEqual(row.verdict, "Målet är inte uppnått.")
        self.assertTrue(row.verdict_in_text)


class ConstantQueriesTests(TestCase):
    """Loading the chapter costs the same number of queries however many goals there are."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def count_queries(self, year):
        plan_year = PlanYear.objects.select_related("organisation").get(year=year)
        period = selectors.default_period(plan_year)
        with CaptureQueriesContext(connection) as queries:
            source = selectors.chapter_source(plan_year=plan_year, period=period)
            chapter = build_chapter(
                source, layout=Layout.FOCUS_AREA, chapter_number=4, chapter_title="M", organisation_name="O"
            )
            len(chapter.goal_rows)
        return len(queries)

    def test_more_goals_do_not_mean_more_queries(self):
        before = self.count_queries(2023)
        plan_year = PlanYear.objects.get(year=2023)
        period = selectors.default_period(plan_year)
        for i in range(25):
            goal = Goal.objects.create(plan_year=plan_year, title=f"Extra mål {i}", order=100 + i)
            measure = Measure.objects.create(
                goal=goal, text="Minst 5", target_kind="numeric", comparator="min", target_value=5
            )
            follow_up = FollowUp.objects.create(
                goal=goal, period=period, status=Status.ACHIEVED, text="Klart.", state="approved"
            )
            MeasureValue.objects.create(follow_up=follow_up, measure=measure, value=Decimal("6"))
        self.assertEqual(self.count_queries(2023), before)
        self.assertEqual(self.count_queries(2021), before)


class SubItemsAndBreakdownsTests(TestCase):
    """Navet-style aktiviteter and gender-disaggregated figures per kommun."""

    @classmethod
    def setUpTestData(cls):
        from goals.models import Breakdown, Municipality, SubItem, SubItemResult

        from . import factories

        cls.data = factories.plan()
        goal = cls.data["goal"]
        first = SubItem.objects.create(goal=goal, title="Tekniktema för åk 8", order=0)
        SubItem.objects.create(goal=goal, title="Sommaraktivitet", order=1)
        organisation = cls.data["organisation"]
        boras = Municipality.objects.create(organisation=organisation, code="1490", name="Borås", order=1)
        mark = Municipality.objects.create(organisation=organisation, code="1463", name="Mark", order=2)
        per_gender = Measure.objects.create(
            goal=goal, text="Deltagare per kommun och kön", breakdown=Breakdown.MUNICIPALITY_GENDER, order=5
        )
        follow_up = FollowUp.objects.create(
            goal=goal, period=cls.data["annual"], status=Status.ACHIEVED, text="Klart.", state="approved"
        )
        SubItemResult.objects.create(follow_up=follow_up, sub_item=first, text="Genomfört – 27 531 elever")
        for municipality, women, men in [(mark, 40, 35), (boras, 1200, 1100)]:
            MeasureValue.objects.create(
                follow_up=follow_up, measure=per_gender, municipality=municipality, gender="K", value=women
            )
            MeasureValue.objects.create(
                follow_up=follow_up, measure=per_gender, municipality=municipality, gender="M", value=men
            )
        main = goal.measures.get(order=0)
        MeasureValue.objects.create(follow_up=follow_up, measure=main, value=Decimal("27531"))

    def test_rows_show_aktiviteter_results_and_a_table_per_kommun(self):
        plan_year = self.data["plan_year"]
        source = selectors.chapter_source(plan_year=plan_year, period=self.data["annual"])
        chapter = build_chapter(source, layout=Layout.UNIT, chapter_number=4, chapter_title="M", organisation_name="F")
        row = next(r for r in chapter.goal_rows if r.goal == self.data["goal"])
        self.assertEqual(
            [(s.title, s.result) for s in row.sub_items],
            [("Tekniktema för åk 8", "Genomfört – 27 531 elever"), ("Sommaraktivitet", "")],
        )
        self.assertEqual(row.measure_lines[0].result, "27\u00a0531\u00a0elever (uppnått)")
        (table,) = row.tables
        self.assertEqual(table.columns, ["Kommun", "Kvinnor", "Män", "Totalt"])
        self.assertEqual(
            table.rows,
            [
                ["Borås", "1\u00a0200", "1\u00a0100", "2\u00a0300"],
                ["Mark", "40", "35", "75"],
                # Computed for the federation, since the unit typed no total of its own.
                ["Förbundet, summa", "1\u00a0240", "1\u00a0135", "2\u00a0375"],
                ["Förbundet, medelvärde", "620", "567,5", "1\u00a0187,5"],
            ],
        )

        from reports import rendering

        html = rendering.chapter_html(chapter)
        self.assertIn('<ol class="sub-items">', html)
        self.assertIn("<caption>Deltagare per kommun och kön</caption>", html)

    def test_with_populations_the_weighted_mean_is_printed_too(self):
        from goals.models import Municipality, Population

        Population.objects.create(municipality=Municipality.objects.get(code="1490"), year=2025, population=113000)
        Population.objects.create(municipality=Municipality.objects.get(code="1463"), year=2024, population=35000)
        source = selectors.chapter_source(plan_year=self.data["plan_year"], period=self.data["annual"])
        chapter = build_chapter(source, layout=Layout.UNIT, chapter_number=4, chapter_title="M", organisation_name="F")
        (table,) = next(r for r in chapter.goal_rows if r.goal == self.data["goal"]).tables
        # (2 300 × 113 000 + 75 × 35 000) / 148 000 = 1 773,8
        self.assertEqual(table.rows[-1], ["Förbundet, vägt med folkmängd", "925,7", "848,1", "1\u00a0773,8"])

    def test_a_copied_plan_prints_last_years_figure_per_kommun_beside_this_years(self):
        from goals.copying import copy_plan
        from goals.models import Municipality, Period

        next_year = copy_plan(source=self.data["plan_year"], to_year=2026)
        measure = Measure.objects.get(goal__plan_year=next_year, text="Deltagare per kommun och kön")
        period = Period.objects.get(plan_year=next_year, kind="annual")
        follow_up = FollowUp.objects.create(
            goal=measure.goal, period=period, status=Status.ACHIEVED, text="Klart.", state="approved"
        )
        boras = Municipality.objects.get(code="1490")
        MeasureValue.objects.create(follow_up=follow_up, measure=measure, municipality=boras, gender="T", value=2500)
        # Last year's total for Borås, stored on the predecessor mätetal.
        MeasureValue.objects.create(
            follow_up=FollowUp.objects.get(goal=self.data["goal"], period=self.data["annual"]),
            measure=measure.predecessor,
            municipality=boras,
            gender="T",
            value=2300,
        )
        source = selectors.chapter_source(plan_year=next_year, period=period)
        chapter = build_chapter(source, layout=Layout.UNIT, chapter_number=4, chapter_title="M", organisation_name="F")
        row = next(r for r in chapter.goal_rows if r.goal == measure.goal)
        (table,) = row.tables
        self.assertEqual(table.columns, ["Kommun", "Kvinnor", "Män", "Totalt", "Totalt 2025"])
        self.assertEqual(table.rows, [["Borås", "", "", "2\u00a0500", "2\u00a0300"]])
