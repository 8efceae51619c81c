"""Kansliet sets up next year in Planera in a real browser, at desktop and phone width."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from goals.management.commands.load_demo import DEMO_PASSWORD
from goals.models import Goal, Measure, PlanYear

from .browser import assert_accessible, assert_reflows, chromium_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name: str) -> None:
    """axe, and reflow at every width, ending at the desktop width."""
    assert_accessible(page, f"planera-{name}")
    assert_reflows(page, f"planera-{name}")


def test_kansliet_sets_up_2025_from_2023_in_planera(live_server):
    call_command("load_demo", stdout=StringIO())
    base = live_server.url
    source = PlanYear.objects.get(organisation__slug="borasregionen", year=2023)
    unit_goal = source.goals.filter(unit__slug="regional-utveckling").order_by("order").first()
    with chromium_page() as page:
        log_in(page, base, "kansli", DEMO_PASSWORD)
        page.get_by_role("link", name="Planera", exact=True).click()
        expect(page.get_by_role("heading", name="Planera – Boråsregionen", exact=False)).to_be_visible()
        check(page, "years")

        page.get_by_role("link", name="Starta ett nytt år").click()
        page.get_by_label("till året").fill("2025")
        page.get_by_role("button", name="Föreslå perioder").click()
        expect(page.locator("#id_period-0-end_date")).to_have_value("2025-08-31")
        check(page, "start")
        page.get_by_label("Kopiera från föregående år").check()
        page.locator("#id_period-0-deadline").fill("15 september 2025")
        page.locator("#id_period-1-deadline").fill("20/1 2026")
        page.get_by_role("button", name="Skapa året").click()
        expect(page.get_by_text("Verksamhetsåret 2025 är skapat")).to_be_visible()
        check(page, "year")

        new_year = PlanYear.objects.get(organisation__slug="borasregionen", year=2025)
        parent = new_year.goals.filter(level__order=0).order_by("order").first()
        page.locator(f"#goal-{parent.pk}").get_by_role("link", name="Lägg till mål under").click()
        page.get_by_label("Mål/uppdrag", exact=True).fill("Fler deltagare i kompetensinsatserna")
        page.get_by_label("Enhet", exact=True).select_option(label="Regional utveckling")
        check(page, "goal-form")
        page.get_by_role("button", name="Spara").click()
        expect(page.get_by_text("Målet är sparat.")).to_be_visible()

        added = new_year.goals.get(title="Fler deltagare i kompetensinsatserna")
        page.locator(f"#goal-{added.pk}").get_by_role("link", name="Lägg till mätetal").click()
        page.get_by_label("Mätetal", exact=True).fill("Minst 500 deltagare")
        page.locator("#id_target_kind").select_option(label="Tal")
        page.locator("#id_comparator").select_option(label="minst")
        page.get_by_role("button", name="Spara").click()
        expect(page.get_by_text("Ett mätetal med talmål behöver både jämförelse och målvärde.")).to_be_visible()
        expect(page.get_by_label("Mätetal", exact=True)).to_have_value("Minst 500 deltagare")
        check(page, "measure-error")
        page.locator("#id_target_value").fill("500")
        page.get_by_label("Enhet för värdet").fill("deltagare")
        page.get_by_role("button", name="Spara").click()
        expect(page.get_by_text("Mätetalet är sparat.")).to_be_visible()

        changed = new_year.goals.get(predecessor=unit_goal)
        page.locator(f"#goal-{changed.pk}").get_by_role("link", name="Ändra", exact=False).first.click()
        page.get_by_label("Enhet", exact=True).select_option(label="Samtliga verksamheter")
        page.get_by_role("button", name="Spara").click()
        expect(page.get_by_text("Målet är sparat.")).to_be_visible()

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
