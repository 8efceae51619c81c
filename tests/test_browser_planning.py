"""Kansliet sets up next year in Planera in a real browser, at desktop and phone width."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from goals.management.commands.load_demo import DEMO_PASSWORD
from goals.models import Goal, Measure, PlanYear

from . import factories
from .browser import assert_accessible, assert_reflows, chromium_page, log_in
from .planning_steps import add_goal_under, change_unit, open_measure_form, save_measure, start_year_from_last

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name: str) -> None:
    """axe, and reflow at every width, ending at the desktop width."""
    assert_accessible(page, f"planera-{name}")
    assert_reflows(page, f"planera-{name}")


def test_kansliet_sets_up_2025_from_2023_in_planera(live_server):
    call_command("load_demo", stdout=StringIO())
    factories.demo_as_in_the_seeds()
    base = live_server.url
    source = PlanYear.objects.get(organisation__slug="borasregionen", year=2023)
    unit_goal = source.goals.filter(unit__slug="regional-utveckling").order_by("order").first()
    with chromium_page() as page:
        log_in(page, base, "kansli", DEMO_PASSWORD)
        start_year_from_last(
            page,
            organisation="Boråsregionen",
            year=2025,
            deadlines=("15 september 2025", "20/1 2026"),
            checkpoint=lambda name: check(page, name),
        )

        new_year = PlanYear.objects.get(organisation__slug="borasregionen", year=2025)
        parent = new_year.goals.filter(level__order=0).order_by("order").first()
        add_goal_under(
            page,
            parent,
            title="Fler deltagare i kompetensinsatserna",
            unit="Regional utveckling",
            checkpoint=lambda name: check(page, name),
        )

        added = new_year.goals.get(title="Fler deltagare i kompetensinsatserna")
        open_measure_form(page, added, text="Minst 500 deltagare")
        page.get_by_role("button", name="Spara").click()
        expect(page.get_by_text("Ett mätetal med talmål behöver både jämförelse och målvärde.")).to_be_visible()
        expect(page.get_by_label("Mätetal", exact=True)).to_have_value("Minst 500 deltagare")
        check(page, "measure-error")
        save_measure(page, value="500", unit="deltagare")

        changed = new_year.goals.get(predecessor=unit_goal)
        change_unit(page, changed, unit="Samtliga verksamheter")

        period = new_year.periods.get(kind="annual")
        page.goto(f"{base}/kansli/borasregionen/planera/2025/period/{period.pk}/")
        page.get_by_label("Sista dag att lämna in").fill("25 jan 2026")
        check(page, "period-form")
        page.get_by_role("button", name="Spara").click()
        expect(page.get_by_text("Ändringen är sparad.")).to_be_visible()
        expect(page.get_by_text("25 januari 2026")).to_be_visible()

    measure = Measure.objects.get(goal__plan_year=new_year, text="Minst 500 deltagare")
    assert (measure.comparator, measure.target_value, measure.unit_label) == ("min", 500, "deltagare")
    assert Goal.objects.get(pk=added.pk).parent_id == parent.pk
    assert Goal.objects.get(pk=changed.pk).unit_id is None
    assert [(p.end_date, p.deadline) for p in new_year.periods.all()] == [
        (date(2025, 8, 31), date(2025, 9, 15)),
        (date(2025, 12, 31), date(2026, 1, 25)),
    ]
    assert new_year.goals.count() == source.goals.count() + 1
