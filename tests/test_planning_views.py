"""Planera: kansliet's pages for setting up and editing a year's plan."""

import re
from datetime import date

from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, Goal, Measure, Period, PlanLevel, PlanYear, State

from . import factories


class PlanningTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan(year=2024)
        cls.plan_year = cls.data["plan_year"]
        factories.kansli("kansli", cls.data)
        factories.manager("chef", cls.data)
        cls.other = factories.plan(slug="annat", year=2024)
        factories.kansli("annan-kansli", cls.other)

    def login(self, username="kansli"):
        self.client.login(username=username, password=factories.PASSWORD)

    def url(self, name, *args):
        return reverse(name, args=["forbundet", 2024, *args])

    def assert_guarded(self, url, method="get", data=None):
        """Anonymous → login; another förbund's kansli and an enhetschef → 404."""
        send = getattr(self.client, method)
        self.client.logout()
        response = send(url, data or {})
        self.assertRedirects(response, reverse("login") + "?next=" + url, fetch_redirect_response=False)
        for username in ("annan-kansli", "chef"):
            self.login(username)
            self.assertEqual(send(url, data or {}).status_code, 404, username)
        self.client.logout()


class YearsAndStartTests(PlanningTestCase):
    def test_the_years_page_lists_the_years_with_their_periods(self):
        self.login()
        page = self.client.get(reverse("planning_years", args=["forbundet"]))
        self.assertContains(page, "Planen för 2024")
        self.assertContains(page, "Starta ett nytt år")
        self.assertContains(page, "31 augusti 2024 (sista dag 15 september 2024)")
        self.assertNotContains(page, "annat")
        self.assertContains(self.client.get(reverse("home"), follow=True), reverse("planning_home"))
        self.assertRedirects(self.client.get(reverse("planning_home")), reverse("planning_years", args=["forbundet"]))

    def test_the_years_and_start_pages_are_kansliets(self):
        self.assert_guarded(reverse("planning_years", args=["forbundet"]))
        self.assert_guarded(reverse("planning_start", args=["forbundet"]), "post", {"year": "2025", "mode": "blank"})
        self.assertFalse(PlanYear.objects.filter(year=2025).exists())

    def start_data(self, **overrides):
        data = {
            "year": "2025",
            "mode": "blank",
            "period-TOTAL_FORMS": "3",
            "period-INITIAL_FORMS": "2",
            "period-0-kind": "interim",
            "period-0-end_date": "31/8 2025",
            "period-0-deadline": "15 september 2025",
            "period-1-kind": "annual",
            "period-1-end_date": "2025-12-31",
            "period-1-deadline": "20.1.2026",
            "period-2-kind": "",
            "period-2-end_date": "",
            "period-2-deadline": "",
        }
        data.update(overrides)
        return data

    def test_periods_and_deadlines_are_proposed_from_last_year(self):
        self.login()
        page = self.client.get(reverse("planning_start", args=["forbundet"]))
        self.assertContains(page, 'value="2025"')
        self.assertContains(page, 'value="2025-08-31"')
        self.assertContains(page, 'value="2025-09-15"')
        self.assertContains(page, 'value="2025-12-31"')
        later = self.client.get(reverse("planning_start", args=["forbundet"]) + "?fran=2024&ar=2027")
        self.assertContains(later, 'value="2027-08-31"')

    def test_a_blank_year_gets_last_years_levels_and_the_periods_as_typed(self):
        self.login()
        response = self.client.post(reverse("planning_start", args=["forbundet"]), self.start_data())
        self.assertRedirects(response, reverse("planning_year", args=["forbundet", 2025]))
        new = PlanYear.objects.get(organisation=self.data["organisation"], year=2025)
        self.assertEqual(new.goals.count(), 0)
        self.assertEqual(
            list(new.levels.values_list("name", "table_rows")),
            list(self.plan_year.levels.values_list("name", "table_rows")),
        )
        self.assertEqual(
            [(p.kind, p.end_date, p.deadline, p.is_open) for p in new.periods.all()],
            [
                ("interim", date(2025, 8, 31), date(2025, 9, 15), False),
                ("annual", date(2025, 12, 31), date(2026, 1, 20), False),
            ],
        )

    def test_a_copied_year_carries_the_chosen_goals_and_not_what_was_left_out(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["interim"], state=State.APPROVED)
        self.login()
        data = self.start_data(mode="copy", goals=[self.data["goal"].pk], texts="on")
        response = self.client.post(reverse("planning_start", args=["forbundet"]), data)
        self.assertRedirects(response, reverse("planning_year", args=["forbundet", 2025]))
        new = PlanYear.objects.get(organisation=self.data["organisation"], year=2025)
        goal = new.goals.get()
        self.assertEqual((goal.predecessor, goal.unit), (self.data["goal"], self.data["units"][0]))
        self.assertFalse(goal.measures.exists())  # "Mätetal" was not ticked
        self.assertFalse(FollowUp.objects.filter(goal__plan_year=new).exists())
        self.assertEqual(new.periods.get(kind="annual").deadline, date(2026, 1, 20))
        self.assertEqual(goal.level.plan_year, new)

    def test_bad_input_is_said_in_swedish_and_the_text_kept(self):
        self.login()
        data = self.start_data(
            mode="copy", **{"period-0-end_date": "31/9 2025", "period-1-deadline": "1 dec 2025", "year": "2024"}
        )
        response = self.client.post(reverse("planning_start", args=["forbundet"]), data)
        self.assertContains(response, "31/9 2025 är inget datum som finns.", status_code=400)
        self.assertContains(response, 'value="31/9 2025"', status_code=400)
        self.assertContains(response, "Sista dagen att lämna in kan inte vara före periodens slut.", status_code=400)
        self.assertContains(response, "Välj ett senare år än 2024.", status_code=400)
        self.assertContains(response, "Välj minst ett mål eller uppdrag att föra över.", status_code=400)
        data = self.start_data(**{"period-1-end_date": "31 aug 2025"})
        response = self.client.post(reverse("planning_start", args=["forbundet"]), data)
        self.assertContains(response, "Två perioder kan inte sluta samma dag.", status_code=400)
        data = self.start_data(**{"period-1-end_date": "31 dec 2026"})
        response = self.client.post(reverse("planning_start", args=["forbundet"]), data)
        self.assertContains(response, "Perioden ska sluta under 2025.", status_code=400)
        self.assertEqual(PlanYear.objects.filter(organisation=self.data["organisation"]).count(), 1)

    def test_the_old_copy_page_leads_to_planera(self):
        self.login()
        response = self.client.get(reverse("copy_plan", args=["forbundet", 2024]))
        self.assertRedirects(response, reverse("planning_start", args=["forbundet"]) + "?fran=2024&ar=2025")


class YearPageTests(PlanningTestCase):
    def test_the_year_page_shows_levels_goals_measures_and_periods(self):
        self.login()
        page = self.client.get(self.url("planning_year"))
        for text in ("Mål/uppdrag", "Minst 25 000 elever på teman", "Minst 25 000 elever", "15 september 2024"):
            self.assertContains(page, text)
        self.assertNotContains(
            page, self.other["goal"].get_absolute_url() if hasattr(Goal, "get_absolute_url") else "annat/"
        )
        self.assert_guarded(self.url("planning_year"))

    def test_settings_are_saved(self):
        self.login()
        response = self.client.post(
            self.url("planning_settings"),
            {
                "strategic_goal": "Ett nytt mål",
                "measure_heading": "Aktivitet/mätetal",
                "result_heading": "Resultat",
                "owner_heading": "Verksamhet",
                "unit_heading": "Enhet",
                "number_measures": "on",
            },
        )
        self.assertRedirects(response, self.url("planning_year"))
        self.plan_year.refresh_from_db()
        self.assertEqual((self.plan_year.measure_heading, self.plan_year.number_measures), ("Aktivitet/mätetal", True))
        response = self.client.post(self.url("planning_settings"), {"strategic_goal": "Kvar", "measure_heading": ""})
        self.assertContains(response, "Kvar", status_code=400)
        self.assert_guarded(self.url("planning_settings"), "post", {"measure_heading": "x"})

    def test_a_level_gets_the_forms_of_a_known_word(self):
        self.login()
        response = self.client.post(
            self.url("planning_level_add"), {"name": "Strategi", "followed_up": "on", "counted": "on"}
        )
        self.assertRedirects(response, self.url("planning_year"))
        level = self.plan_year.levels.get(name="Strategi")
        self.assertEqual(
            (level.key, level.plural, level.definite_plural, level.neuter),
            ("strategi", "strategier", "strategierna", False),
        )
        self.assertEqual(level.order, 1)

    def test_level_mistakes_are_field_errors(self):
        self.login()
        response = self.client.post(self.url("planning_level_add"), {"name": "Etapp", "table_rows": "on"})
        self.assertContains(response, "Bara en nivå per år kan skrivas som tabellens rader.", status_code=400)
        self.assertContains(response, "Skriv formen", status_code=400)
        self.assertContains(response, 'value="Etapp"', status_code=400)
        response = self.client.post(self.url("planning_level_add"), {"name": "Mål/uppdrag"})
        self.assertContains(response, "Året har redan en nivå med det namnet.", status_code=400)
        self.assertEqual(self.plan_year.levels.count(), 1)
        self.assert_guarded(self.url("planning_level_add"), "post", {"name": "Strategi"})

    def test_a_period_takes_a_swedish_date_and_refuses_a_wrong_one(self):
        self.login()
        period = self.data["interim"]
        url = self.url("planning_period", period.pk)
        response = self.client.post(url, {"kind": "interim", "end_date": "31 augusti 2024", "deadline": "16/9 2024"})
        self.assertRedirects(response, self.url("planning_year"))
        period.refresh_from_db()
        self.assertEqual(period.deadline, date(2024, 9, 16))
        response = self.client.post(url, {"kind": "interim", "end_date": "31 augusti 2024", "deadline": "nästa vecka"})
        self.assertContains(response, "Skriv datumet som 2025-08-31, 31/8 2025", status_code=400)
        self.assertContains(response, 'value="nästa vecka"', status_code=400)
        response = self.client.post(url, {"kind": "interim", "end_date": "2024-12-31"})
        self.assertContains(response, "Året har redan en period som slutar den dagen.", status_code=400)
        period.refresh_from_db()
        self.assertEqual(period.deadline, date(2024, 9, 16))
        self.assert_guarded(url, "post", {"kind": "interim", "end_date": "2024-08-31"})

    def test_deleting_a_period_with_follow_ups_asks_for_confirmation(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["annual"])
        self.login()
        url = self.url("planning_period_delete", self.data["annual"].pk)
        self.assertContains(self.client.get(url), "1 uppföljningar för perioden")
        self.assertContains(self.client.post(url, {}), "Kryssa i rutan", status_code=400)
        self.assertTrue(Period.objects.filter(pk=self.data["annual"].pk).exists())
        self.assertRedirects(self.client.post(url, {"confirm": "on"}), self.url("planning_year"))
        self.assertFalse(Period.objects.filter(pk=self.data["annual"].pk).exists())

    def test_a_level_with_goals_is_not_deleted(self):
        self.login()
        level = self.plan_year.levels.get()
        self.client.post(self.url("planning_level_delete", level.pk), {})
        self.assertTrue(PlanLevel.objects.filter(pk=level.pk).exists())


class GoalTests(PlanningTestCase):
    def goal_data(self, **overrides):
        data = {
            "level": self.plan_year.levels.get(table_rows=True).pk,
            "kind": "goal",
            "title": "Fler deltagare",
            "unit": self.data["units"][1].pk,
            "assessment_rule": "all",
        }
        data.update(overrides)
        return data

    def test_the_choice_lists_hold_only_this_year_and_name_the_predecessors_year(self):
        earlier = PlanYear.objects.create(organisation=self.data["organisation"], year=2023)
        factories.make_goal(earlier, key="2.1", title="Förra årets mål")
        self.login()
        page = self.client.get(self.url("planning_goal_add")).content.decode()
        self.assertIn("2023 · 2.1 Förra årets mål", page)
        self.assertIn(self.data["units"][1].name, page)

        def options(name):
            select = re.search(rf'<select name="{name}".*?</select>', page, re.S).group(0)
            return {int(pk) for pk in re.findall(r'value="(\d+)"', select)}

        self.assertEqual(options("unit"), {u.pk for u in self.data["units"]})
        self.assertEqual(options("level"), {self.plan_year.levels.get().pk})
        self.assertEqual(options("parent"), set(self.plan_year.goals.values_list("pk", flat=True)))
        self.assertEqual(options("predecessor"), set(earlier.goals.values_list("pk", flat=True)))

    def test_a_goal_is_added_under_a_parent_and_edited(self):
        self.plan_year.levels.update(order=1)
        top = factories.make_level(self.plan_year, name="Fokusområde", order=0, table_rows=False)
        parent = factories.make_goal(self.plan_year, level=top, title="Ett fokusområde")
        self.login()
        page = self.client.get(self.url("planning_goal_add") + f"?under={parent.pk}")
        self.assertContains(page, f'<option value="{parent.pk}" selected>')
        response = self.client.post(
            self.url("planning_goal_add") + f"?under={parent.pk}", self.goal_data(parent=parent.pk, key="1.9")
        )
        self.assertRedirects(response, self.url("planning_year"))
        goal = self.plan_year.goals.get(title="Fler deltagare")
        self.assertEqual((goal.parent, goal.unit, goal.key), (parent, self.data["units"][1], "1.9"))
        response = self.client.post(self.url("planning_goal", goal.pk), self.goal_data(parent=parent.pk, unit=""))
        goal.refresh_from_db()
        self.assertIsNone(goal.unit)
        self.assert_guarded(self.url("planning_goal", goal.pk), "post", self.goal_data(title="Kapad"))
        goal.refresh_from_db()
        self.assertEqual(goal.title, "Fler deltagare")

    def test_another_years_parent_or_a_taken_key_is_refused_with_the_text_kept(self):
        self.login()
        response = self.client.post(
            self.url("planning_goal_add"), self.goal_data(parent=self.other["goal"].pk, title="Mitt långa mål")
        )
        self.assertContains(response, "Välj ett giltigt alternativ", status_code=400)
        self.assertContains(response, "Mitt långa mål", status_code=400)
        Goal.objects.filter(pk=self.data["goal"].pk).update(key="1.1")
        response = self.client.post(self.url("planning_goal_add"), self.goal_data(key="1.1"))
        self.assertContains(response, "Året har redan ett mål med den nyckeln.", status_code=400)
        response = self.client.post(self.url("planning_goal_add"), self.goal_data(assessment_rule="share"))
        self.assertContains(response, "Skriv hur många mätetal som ska vara uppnådda", status_code=400)
        self.assertFalse(Goal.objects.filter(title="Fler deltagare").exists())

    def test_editing_a_goal_with_handed_in_follow_ups_warns(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["interim"], state=State.SUBMITTED)
        self.login()
        page = self.client.get(self.url("planning_goal", self.data["goal"].pk))
        self.assertContains(page, "Målet har 1 inskickad eller godkänd uppföljning.")
        self.assertNotContains(self.client.get(self.url("planning_goal", self.data["other_goal"].pk)), "inskickad")

    def test_goals_move_up_and_down_among_their_siblings(self):
        self.login()
        first, second, third = self.data["goal"], self.data["other_goal"], self.data["common_goal"]
        response = self.client.post(self.url("planning_goal_move", third.pk), {"direction": "up"})
        self.assertRedirects(response, self.url("planning_year") + f"#goal-{third.pk}")
        order = list(self.plan_year.goals.order_by("order").values_list("pk", flat=True))
        self.assertEqual(order, [first.pk, third.pk, second.pk])
        self.client.post(self.url("planning_goal_move", first.pk), {"direction": "down"})
        self.client.post(self.url("planning_goal_move", first.pk), {"direction": "down"})
        self.client.post(self.url("planning_goal_move", first.pk), {"direction": "down"})  # already last
        order = list(self.plan_year.goals.order_by("order").values_list("pk", flat=True))
        self.assertEqual(order, [third.pk, second.pk, first.pk])
        page = self.client.get(self.url("planning_year")).content.decode()
        self.assertLess(page.index(f'id="goal-{third.pk}"'), page.index(f'id="goal-{first.pk}"'))
        self.assertEqual(self.client.get(self.url("planning_goal_move", first.pk)).status_code, 405)
        self.assert_guarded(self.url("planning_goal_move", first.pk), "post", {"direction": "up"})

    def test_deleting_a_goal_with_follow_ups_needs_a_ticked_box_that_says_what_is_lost(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["interim"], state=State.APPROVED)
        self.login()
        url = self.url("planning_goal_delete", self.data["goal"].pk)
        page = self.client.get(url)
        self.assertContains(page, "2 mätetal med sina målvärden")
        self.assertContains(page, "1 uppföljningar (varav 1 inskickade eller godkända)")
        self.assertContains(self.client.post(url, {}), "Kryssa i rutan", status_code=400)
        self.assertTrue(Goal.objects.filter(pk=self.data["goal"].pk).exists())
        self.assert_guarded(url, "post", {"confirm": "on"})
        self.login()
        self.assertRedirects(self.client.post(url, {"confirm": "on"}), self.url("planning_year"))
        self.assertFalse(Goal.objects.filter(pk=self.data["goal"].pk).exists())
        self.assertFalse(FollowUp.objects.filter(goal_id=self.data["goal"].pk).exists())

    def test_deleting_a_goal_takes_the_goals_below_it(self):
        child = factories.make_goal(self.plan_year, parent=None, title="Under")
        self.plan_year.levels.update(order=1)
        top = factories.make_level(self.plan_year, name="Fokusområde", order=0, table_rows=False)
        parent = factories.make_goal(self.plan_year, level=top, title="Överst")
        Goal.objects.filter(pk=child.pk).update(parent=parent)
        self.login()
        url = self.url("planning_goal_delete", parent.pk)
        self.assertContains(self.client.get(url), "1 mål under det: Under")
        self.client.post(url, {"confirm": "on"})
        self.assertFalse(Goal.objects.filter(pk__in=[parent.pk, child.pk]).exists())


class MeasureTests(PlanningTestCase):
    def measure_data(self, **overrides):
        data = {
            "text": "Minst 500 deltagare",
            "target_kind": "numeric",
            "comparator": "min",
            "target_value": "500",
            "direction": "higher",
            "unit_label": "deltagare",
            "breakdown": "none",
            "aggregation": "sum",
            "part-TOTAL_FORMS": "1",
            "part-INITIAL_FORMS": "0",
            "part-0-label": "",
            "part-0-comparator": "min",
            "part-0-target_value": "",
            "part-0-unit_label": "",
        }
        data.update(overrides)
        return data

    def test_a_measure_gets_parts_that_can_be_changed_and_removed(self):
        self.login()
        goal = self.data["other_goal"]
        parts = {"part-0-label": "skolor", "part-0-target_value": "40", "part-0-unit_label": "st"}
        response = self.client.post(
            self.url("planning_measure_add", goal.pk), self.measure_data(text="Skolor", **parts)
        )
        self.assertEqual(response.status_code, 302)
        measure = goal.measures.get()
        part = measure.components.get()
        self.assertEqual((part.label, part.comparator, part.target_value), ("skolor", "min", 40))
        edit = {
            "part-TOTAL_FORMS": "2",
            "part-INITIAL_FORMS": "1",
            "part-0-id": str(part.pk),
            "part-0-measure": str(measure.pk),
            "part-0-label": "skolor",
            "part-0-comparator": "min",
            "part-0-target_value": "40",
            "part-0-DELETE": "on",
            "part-1-label": "förskolor",
            "part-1-comparator": "exact",
            "part-1-target_value": "10",
        }
        self.client.post(self.url("planning_measure", measure.pk), self.measure_data(text="Skolor", **edit))
        self.assertEqual(
            list(measure.components.values_list("label", "comparator", "target_value")), [("förskolor", "exact", 10)]
        )
        remaining = measure.components.get()
        bad = {
            "part-TOTAL_FORMS": "1",
            "part-INITIAL_FORMS": "1",
            "part-0-id": str(remaining.pk),
            "part-0-measure": str(measure.pk),
            "part-0-label": "förskolor",
            "part-0-comparator": "exact",
            "part-0-target_value": "tio",
        }
        response = self.client.post(self.url("planning_measure", measure.pk), self.measure_data(text="Skolor", **bad))
        self.assertContains(response, 'value="tio"', status_code=400)
        remaining.refresh_from_db()
        self.assertEqual(remaining.target_value, 10)

    def test_a_minst_500_measure_is_added_and_edited(self):
        self.login()
        goal = self.data["other_goal"]
        response = self.client.post(self.url("planning_measure_add", goal.pk), self.measure_data())
        self.assertRedirects(response, self.url("planning_year") + f"#goal-{goal.pk}")
        measure = goal.measures.get()
        self.assertEqual((measure.comparator, measure.target_value, measure.unit_label), ("min", 500, "deltagare"))
        self.client.post(
            self.url("planning_measure", measure.pk),
            self.measure_data(comparator="approx", tolerance="10", tolerance_percent="on"),
        )
        measure.refresh_from_db()
        self.assertEqual((measure.comparator, measure.tolerance, measure.tolerance_percent), ("approx", 10, True))
        self.assertContains(self.client.get(self.url("planning_year")), "Minst 500 deltagare")

    def test_an_incomplete_target_is_a_plain_swedish_field_error_with_the_text_kept(self):
        self.login()
        goal = self.data["other_goal"]
        response = self.client.post(
            self.url("planning_measure_add", goal.pk), self.measure_data(target_value="", text="Mitt mätetal")
        )
        self.assertContains(response, "Ett mätetal med talmål behöver både jämförelse och målvärde.", status_code=400)
        self.assertContains(response, "Mitt mätetal", status_code=400)
        self.assertNotContains(response, "Begränsningen", status_code=400)
        response = self.client.post(self.url("planning_measure_add", goal.pk), self.measure_data(target_value="fem"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'value="fem"', status_code=400)
        self.assertFalse(goal.measures.exists())

    def test_another_years_predecessor_or_goal_is_refused(self):
        self.login()
        foreign = self.other["goal"].measures.first()
        response = self.client.post(
            self.url("planning_measure_add", self.data["other_goal"].pk), self.measure_data(predecessor=foreign.pk)
        )
        self.assertContains(response, "Välj ett giltigt alternativ", status_code=400)
        self.assertEqual(self.client.get(self.url("planning_measure_add", self.other["goal"].pk)).status_code, 404)
        self.assertEqual(self.client.get(self.url("planning_measure", foreign.pk)).status_code, 404)
        self.assert_guarded(self.url("planning_measure_add", self.data["other_goal"].pk), "post", self.measure_data())
        self.assertFalse(Measure.objects.filter(text="Minst 500 deltagare").exists())

    def test_a_measure_is_deleted(self):
        self.login()
        measure = self.data["goal"].measures.first()
        url = self.url("planning_measure_delete", measure.pk)
        self.assert_guarded(url, "post", {})
        self.login()
        self.assertRedirects(self.client.post(url, {}), self.url("planning_year") + f"#goal-{self.data['goal'].pk}")
        self.assertFalse(Measure.objects.filter(pk=measure.pk).exists())


class StartWithoutLastYearTests(TestCase):
    def test_an_organisation_without_years_starts_blank_with_a_default_level_and_periods(self):
        data = factories.plan(slug="ny", year=2024)
        data["plan_year"].delete()
        factories.kansli("ny-kansli", data)
        self.client.login(username="ny-kansli", password=factories.PASSWORD)
        url = reverse("planning_start", args=["ny"])
        page = self.client.get(url + "?ar=2026&fran=x")
        self.assertContains(page, 'value="2026-08-31"')
        self.assertContains(page, 'value="2026-09-15"')
        self.assertNotContains(page, "Kopiera från föregående år")
        rows = {"period-TOTAL_FORMS": "1", "period-INITIAL_FORMS": "1"}
        rows.update({"period-0-kind": "annual", "period-0-end_date": "31 dec 2026", "period-0-deadline": "2027-01-20"})
        response = self.client.post(url + "?ar=2026", {"year": "2026", "mode": "blank", **rows})
        self.assertRedirects(response, reverse("planning_year", args=["ny", 2026]))
        new = PlanYear.objects.get(organisation=data["organisation"], year=2026)
        level = new.levels.get()
        self.assertEqual((level.name, level.table_rows, level.definite_singular), ("Mål", True, "målet"))
        self.assertEqual(list(new.periods.values_list("deadline", flat=True)), [date(2027, 1, 20)])


class OtherYearsObjectsTests(PlanningTestCase):
    def test_another_years_or_organisations_objects_are_404_in_this_years_urls(self):
        self.login()
        later = PlanYear.objects.create(organisation=self.data["organisation"], year=2025)
        later_level = factories.make_level(later, table_rows=True)
        later_goal = factories.make_goal(later)
        urls = [
            self.url("planning_level", later_level.pk),
            self.url("planning_level", self.other["plan_year"].levels.get().pk),
            self.url("planning_goal", later_goal.pk),
            self.url("planning_goal_delete", self.other["goal"].pk),
            self.url("planning_period", self.other["interim"].pk),
            self.url("planning_period_delete", self.other["annual"].pk),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(
            self.client.post(self.url("planning_goal_move", later_goal.pk), {"direction": "up"}).status_code, 404
        )
        self.assertEqual(self.client.get(self.url("planning_goal_add") + "?under=abc").status_code, 200)
        self.assertEqual(self.client.get(self.url("planning_goal_add") + f"?under={later_goal.pk}").status_code, 404)
