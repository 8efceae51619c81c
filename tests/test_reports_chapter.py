"""The chapter's structure from the demo data, without rendering a PDF."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from goals.models import Breakdown, FollowUp, Measure, MeasureValue, Member, PlanYear, Population, Status
from reports import rendering, selectors
from reports.chapter import build_chapter
from reports.models import Layout

from . import factories


def chapter_for(year, layout=Layout.UNIT, number=4, org="borasregionen"):
    plan_year = PlanYear.objects.select_related("organisation").get(organisation__slug=org, year=year)
    return chapter_of(plan_year, selectors.default_period(plan_year), layout=layout, number=number)


def chapter_of(plan_year, period, layout=Layout.UNIT, number=4):
    source = selectors.chapter_source(plan_year=plan_year, period=period)
    return build_chapter(
        source, layout=layout, chapter_number=number, chapter_title="Måluppfyllelse", organisation_name="F"
    )


def row_titled(chapter, start):
    return next(r for r in chapter.goal_rows if r.goal.title.startswith(start))


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
        survey = row_titled(chapter_for(2023), "Årlig enkät")
        (table,) = survey.tables
        self.assertEqual(
            table.columns,
            ["Fråga", "% Instämmer i mycket hög grad", "% Instämmer i hög grad", "Totalt 2023", "Totalt 2022"],
        )
        self.assertEqual(
            table.rows[-1], ["Hur nöjd är du med förbundets nätverk i sin helhet?", "38", "56", "94", "93"]
        )
        self.assertIn("Dessa är borttagna i resultatet nedan.", survey.text_lead + survey.text_before)
        self.assertIn("Resultatet på frågan om omvärldsbevakning", survey.text_after)
        self.assertNotIn("[[tabell]]", survey.text_before + survey.text_after)
        self.assertEqual([line.result for line in survey.measure_lines], ["94\u00a0% (uppnått)"])

    def test_financial_goals_show_their_outcome_and_its_judgement(self):
        financial = chapter_for(2023).sections[3]
        results = [line.result for row in financial.rows for line in row.measure_lines]
        self.assertEqual(results, ["Positivt resultat (uppnått)", "12\u00a0569\u00a0tkr (uppnått)"])
        self.assertEqual(financial.counts, "Båda de finansiella målen är uppnådda.")

    def test_the_strategic_approach_runs_on_after_genom_att(self):
        strategic = chapter_for(2023).sections[0]
        self.assertTrue(strategic.strategic_approach.startswith("med tydligt och långsiktigt"))

    def test_2021_along_the_levels_with_the_appendix_chapters(self):
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
        self.assertTrue(
            navet.counts.startswith("Av åtta mål är fyra uppnådda, tre delvis uppnådda och ett inte uppnått.")
        )
        self.assertEqual(
            (chapter.columns.row, chapter.columns.measures, chapter.columns.result),
            ("Mål", "Mätetal", "Uppföljning 211231"),
        )

    def test_a_result_in_words_is_printed_with_the_judgement_of_its_figure(self):
        navet = chapter_for(2021, Layout.FOCUS_AREA).appendices[2]
        row = navet.goal_groups[1].rows[0]
        line = next(m for m in row.measure_lines if m.text.startswith("Minst 15\u00a0000 elever"))
        self.assertEqual(
            (line.words, line.figure, line.outcome_label),
            ("Uppnås ej pga corona, 10\u00a0790 elever under året", "10\u00a0790\u00a0elever", "Ej uppnått"),
        )
        # The unit wrote "Uppnås ej" beside 341 pedagoger; the figure meets its target of 200.
        line = next(m for m in row.measure_lines if m.text.startswith("Minst 200 pedagoger"))
        self.assertEqual(line.outcome_label, "Uppnått")

    def test_verdicts_are_not_repeated_when_the_text_already_ends_with_them(self):
        row = row_titled(chapter_for(2021, Layout.FOCUS_AREA), "En gemensam strukturbild")
        self.assertEqual(row.verdict, "Målet är inte uppnått.")
        self.assertTrue(row.verdict_in_text)


class OtherPlansTests(TestCase):
    """The two illustrative plans of other shapes: inriktningsmål → strategier → numbered
    aktiviteter, and a samordningsförbund's few goals in prose."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def exempel(self, layout=Layout.FOCUS_AREA):
        return chapter_for(2024, layout, org="exempelforbundet")

    def test_the_plans_own_words_head_the_tables(self):
        chapter = self.exempel()
        self.assertEqual(
            (chapter.columns.row, chapter.columns.measures, chapter.columns.owner, chapter.columns.result),
            ("Strategi", "Aktivitet/mätetal", "Verksamhet", "Resultat 241231"),
        )
        goals = chapter.sections[1]
        self.assertEqual(goals.title, "Inriktningsmål och strategier")
        self.assertEqual(
            [(s.number, s.title) for s in goals.subsections],
            [
                ("4.2.1", "Fler unga väljer naturvetenskap och teknik"),
                ("4.2.2", "Ett starkare näringsliv i hela förbundet"),
                ("4.2.3", "En effektiv och hållbar förbundsorganisation"),
            ],
        )
        self.assertEqual(goals.subsections[0].row.status_label, "Uppnått")

    def test_counts_are_made_at_each_counted_level(self):
        self.assertEqual(
            self.exempel().sections[1].counts,
            "Av tre inriktningsmål är ett uppnått, ett delvis uppnått och ett inte uppnått. "
            "Av fem strategier är tre uppnådda, en delvis uppnådd och en inte uppnådd. "
            # 2.2 disagrees too, but kansliet chose to print no marker for it.
            "I ett fall avviker bedömningen från vad mätetalen visar; se markeringen och motiveringen vid målet.",
        )

    def test_an_aktivitet_reported_in_words_is_printed_with_its_figure_and_ej_uppnått(self):
        row = row_titled(self.exempel(), "Erbjuda skolorna teman")
        line = next(m for m in row.measure_lines if m.text == "Minst 300 besökare på öppet hus")
        self.assertEqual(
            (line.number, line.words, line.figure, line.outcome_label),
            ("2.", "Genomfört – 214 besökare", "214\u00a0besökare", "Ej uppnått"),
        )

    def test_a_goal_approved_against_its_aktiviteter_carries_the_marker_and_the_reason(self):
        row = row_titled(self.exempel(), "Erbjuda skolorna teman")
        self.assertEqual((row.status, row.follow_up.state), ("achieved", "approved"))
        self.assertEqual(row.disagreement.proposal, "Delvis uppnått")
        self.assertTrue(row.disagreement.reason.startswith("Besöken på öppet hus blev färre"))
        html = rendering.chapter_html(self.exempel())
        self.assertIn("Avviker från mätetalen:", html)
        self.assertIn("bedömningen är ”uppnått”, men mätetalen visar ”delvis uppnått”.", html)

    def test_kansliet_can_leave_the_marker_out_for_one_goal(self):
        row = row_titled(self.exempel(), "Fler företag får rådgivning")
        self.assertTrue(row.follow_up.status_reason)
        self.assertIsNone(row.disagreement)

    def test_each_target_kind_prints_its_figure_and_judgement(self):
        chapter = self.exempel()
        lines = {line.text: line for row in chapter.goal_rows for line in row.measure_lines}
        parts = lines["(40) skolor och (10) förskolor deltar i teman"]
        self.assertEqual(
            (parts.figure, parts.outcome_label), ("skolor: 41 (uppnått), förskolor: 12 (uppnått)", "Uppnått")
        )
        planned = lines["Rådgivningar till företag"]
        self.assertEqual(
            (planned.target, planned.figure), ("planerat 400\u00a0rådgivningar", "356\u00a0rådgivningar, avvikelse −44")
        )
        converted = lines["Cirka 3\u00a0000 tkr i externa medel till fortbildningen"]
        self.assertEqual(
            (converted.figure, converted.outcome_label),
            ("3,2\u00a0mnkr = 3\u00a0200\u00a0tkr, avvikelse +200", "Uppnått"),
        )
        by_person = lines["Minst 100 lärare fortbildas i teknik"]
        self.assertEqual(
            (by_person.figure, by_person.outcome_label), ("812\u00a0pedagoger", "Uppnått enligt bedömning")
        )
        interval = lines["Årets resultat"]
        self.assertEqual((interval.figure, interval.outcome_label), ("−612\u00a0tkr", "Uppnått"))
        self.assertEqual(lines["Eget kapital"].figure, "5,1\u00a0mnkr = 5\u00a0100\u00a0tkr")

    def test_a_ranking_per_kommun_has_last_year_beside_it_and_no_sum(self):
        row = row_titled(self.exempel(), "Förbättra företagsklimatet")
        ranking, per_delregion = row.tables
        self.assertEqual(ranking.columns, ["Kommun", "2024", "2023"])
        self.assertEqual(ranking.rows[0], ["Åsby", "112", "150"])
        self.assertEqual(ranking.rows[-1], ["Forsa (adjungerad)", "45", "52"])
        self.assertIn("Ingen siffra för hela förbundet", ranking.notes[0])
        self.assertEqual(per_delregion.columns, ["Delregion", "2024", "2023"])
        self.assertEqual(per_delregion.rows[-1], ["Förbundet, summa", "223", ""])

    def test_the_financial_section_prints_the_medlemsbidrag(self):
        financial = self.exempel().sections[-1]
        self.assertEqual(financial.contributions.rows[0], ("Åsby", "6\u00a0180", "52,1\u00a0%"))
        self.assertEqual(financial.contributions.total, ("Summa", "11\u00a0860"))

    def test_per_enhet_the_groups_are_the_printed_owners_and_the_inriktningsmal_get_their_own_table(self):
        goals = self.exempel(Layout.UNIT).sections[1]
        self.assertEqual(
            [g.label for g in goals.unit_groups],
            ["Upptäckarhuset science center", "Kompetenscentrum", "Näringslivsenheten", "Samtliga verksamheter"],
        )
        self.assertEqual([r.goal.key for r in goals.heading_rows], ["1", "2", "3"])

    def test_a_samordningsforbund_with_members_that_are_not_kommuner(self):
        chapter = chapter_for(2024, Layout.PROSE, org="finsam-exempeldalen")
        goals = chapter.sections[1]
        self.assertTrue(goals.prose)
        row = goals.rows[0]
        by_gender, per_kommun, per_insats = row.tables
        self.assertEqual(by_gender.rows, [["Kvinnor", "212", ""], ["Män", "144", ""], ["Totalt", "356", "331"]])
        self.assertEqual(per_kommun.rows[-1], ["Förbundet, summa", "212", "144", "356"])
        self.assertEqual(per_insats.rows[-1], ["Förbundet, medelvärde", "37", ""])
        contributions = chapter.sections[-1].contributions
        self.assertEqual(
            [name for name, _amount, _share in contributions.rows],
            ["Försäkringskassan", "Arbetsförmedlingen", "Region Exempel", "Åsby", "Bergsjö", "Dalby"],
        )
        self.assertEqual(goals.counts, "Av två mål är ett uppnått och ett delvis uppnått.")

    def test_the_prose_chapter_renders(self):
        html = rendering.chapter_html(chapter_for(2024, Layout.PROSE, org="finsam-exempeldalen"))
        self.assertIn('class="goal-prose', html)
        self.assertIn("<td>Insatser</td>", html)  # the budget table written in the text
        self.assertIn('<td class="num">5 600</td>', html)


class LevelsBelowTheRowsTests(TestCase):
    """Goals on a level below the table's rows (aktiviteter as goals of their own) print inside
    their row with their own status and results."""

    def test_aktiviteter_as_goals_print_in_their_strategis_row(self):
        data = factories.plan()
        plan_year = data["plan_year"]
        activities = factories.make_level(plan_year, "Aktivitet")
        strategy = data["goal"]
        activity = factories.make_goal(plan_year, level=activities, parent=strategy, title="Tekniktema för åk 8")
        measure = Measure.objects.create(
            goal=activity, text="Minst 300 besökare", target_kind="numeric", comparator="min", target_value=300
        )
        follow_up = FollowUp.objects.create(goal=activity, period=data["annual"], status="achieved", state="approved")
        MeasureValue.objects.create(follow_up=follow_up, measure=measure, value=214, note="Genomfört – 214 besökare")
        FollowUp.objects.create(
            goal=strategy, period=data["annual"], status="achieved", text="Klart.", state="approved"
        )
        chapter = chapter_of(plan_year, data["annual"])
        row = row_titled(chapter, strategy.title)
        (item,) = row.items
        self.assertEqual((item.number, item.title, item.status_label), ("1.", "Tekniktema för åk 8", "Uppnått"))
        self.assertEqual(item.lines[0].outcome_label, "Ej uppnått")
        self.assertEqual(item.disagreement.proposal, "Ej uppnått")
        self.assertNotIn(activity.pk, [r.goal.pk for r in chapter.goal_rows])


class ConstantQueriesTests(TestCase):
    """Loading the chapter costs the same number of queries however many goals there are."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())

    def count_queries(self, year):
        plan_year = PlanYear.objects.select_related("organisation").get(organisation__slug="borasregionen", year=year)
        period = selectors.default_period(plan_year)
        with CaptureQueriesContext(connection) as queries:
            chapter = chapter_of(plan_year, period, layout=Layout.FOCUS_AREA)
            len(chapter.goal_rows)
        return len(queries)

    def test_more_goals_do_not_mean_more_queries(self):
        before = self.count_queries(2023)
        plan_year = PlanYear.objects.get(organisation__slug="borasregionen", year=2023)
        period = selectors.default_period(plan_year)
        for i in range(25):
            goal = factories.make_goal(plan_year, title=f"Extra mål {i}", order=100 + i)
            measure = Measure.objects.create(
                goal=goal, text="Minst 5", target_kind="numeric", comparator="min", target_value=5
            )
            follow_up = FollowUp.objects.create(
                goal=goal, period=period, status=Status.ACHIEVED, text="Klart.", state="approved"
            )
            MeasureValue.objects.create(follow_up=follow_up, measure=measure, value=Decimal("6"))
        self.assertEqual(self.count_queries(2023), before)
        self.assertEqual(self.count_queries(2021), before)


class BreakdownTablesTests(TestCase):
    """Gender-disaggregated figures per kommun, and the förbund's figure as the mätetal says."""

    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        goal = cls.data["goal"]
        organisation = cls.data["organisation"]
        cls.boras = Member.objects.create(organisation=organisation, code="1490", name="Borås", order=1)
        cls.mark = Member.objects.create(organisation=organisation, code="1463", name="Mark", order=2)
        cls.per_gender = Measure.objects.create(
            goal=goal, text="Deltagare per kommun och kön", breakdown=Breakdown.MUNICIPALITY_GENDER, order=5
        )
        cls.follow_up = FollowUp.objects.create(
            goal=goal, period=cls.data["annual"], status=Status.ACHIEVED, text="Klart.", state="approved"
        )
        for municipality, women, men in [(cls.mark, 40, 35), (cls.boras, 1200, 1100)]:
            MeasureValue.objects.create(
                follow_up=cls.follow_up, measure=cls.per_gender, municipality=municipality, gender="K", value=women
            )
            MeasureValue.objects.create(
                follow_up=cls.follow_up, measure=cls.per_gender, municipality=municipality, gender="M", value=men
            )
        main = goal.measures.get(order=0)
        MeasureValue.objects.create(follow_up=cls.follow_up, measure=main, value=Decimal("27531"))

    def row(self, plan_year=None, period=None):
        chapter = chapter_of(plan_year or self.data["plan_year"], period or self.data["annual"])
        return row_titled(chapter, "Minst 25 000 elever på teman")

    def test_a_table_per_kommun_and_kon_with_the_sum_for_counts(self):
        row = self.row()
        self.assertEqual(row.measure_lines[0].result, "27\u00a0531\u00a0elever (uppnått)")
        (table,) = row.tables
        self.assertEqual(table.columns, ["Kommun", "Kvinnor", "Män", "Totalt"])
        self.assertEqual(
            table.rows,
            [
                ["Borås", "1\u00a0200", "1\u00a0100", "2\u00a0300"],
                ["Mark", "40", "35", "75"],
                # Computed for the förbund, since the unit typed no total of its own.
                ["Förbundet, summa", "1\u00a0240", "1\u00a0135", "2\u00a0375"],
            ],
        )
        html = rendering.chapter_html(chapter_of(self.data["plan_year"], self.data["annual"]))
        self.assertIn("<caption>Deltagare per kommun och kön</caption>", html)

    def test_shares_get_the_population_weighted_mean_never_a_sum(self):
        Measure.objects.filter(pk=self.per_gender.pk).update(aggregation="weighted_mean")
        Population.objects.create(municipality=self.boras, year=2025, population=113000)
        Population.objects.create(municipality=self.mark, year=2024, population=35000)
        (table,) = self.row().tables
        # The totals are not K + M for shares; kvinnor (1 200 × 113 000 + 40 × 35 000) / 148 000 = 925,7.
        self.assertEqual(table.rows[-1], ["Förbundet, vägt med folkmängd", "925,7", "848,1", ""])

    def test_a_copied_plan_prints_last_years_figure_per_kommun_beside_this_years(self):
        from goals.copying import copy_plan
        from goals.models import Period

        next_year = copy_plan(source=self.data["plan_year"], to_year=2026)
        measure = Measure.objects.get(goal__plan_year=next_year, text="Deltagare per kommun och kön")
        period = Period.objects.get(plan_year=next_year, kind="annual")
        follow_up = FollowUp.objects.create(
            goal=measure.goal, period=period, status=Status.ACHIEVED, text="Klart.", state="approved"
        )
        MeasureValue.objects.create(
            follow_up=follow_up, measure=measure, municipality=self.boras, gender="T", value=2500
        )
        # Last year's total for Borås, stored on the predecessor mätetal.
        MeasureValue.objects.create(
            follow_up=self.follow_up, measure=measure.predecessor, municipality=self.boras, gender="T", value=2300
        )
        (table,) = self.row(next_year, period).tables
        self.assertEqual(table.columns, ["Kommun", "Kvinnor", "Män", "Totalt", "Totalt 2025"])
        self.assertEqual(table.rows, [["Borås", "", "", "2\u00a0500", "2\u00a0300"]])

    def test_a_plan_without_units_has_no_unit_headings(self):
        plan_year = self.data["plan_year"]
        plan_year.goals.update(unit=None)
        chapter = chapter_of(plan_year, self.data["annual"])
        self.assertFalse(chapter.has_units)
        self.assertNotIn('class="unit-row"', rendering.chapter_html(chapter))
