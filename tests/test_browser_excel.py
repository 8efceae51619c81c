"""Kansliet downloads the status and the template and uploads a plan, in a real browser."""

from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from goals.management.commands.load_demo import DEMO_PASSWORD
from goals.models import PlanYear

from .browser import ARTIFACTS, assert_accessible, assert_reflows, chromium_page, log_in
from .workbooks import put

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_kansliet_exports_the_status_and_imports_next_years_plan(live_server):
    call_command("load_demo", stdout=StringIO())
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium_page() as page:
        log_in(page, base, "kansli", DEMO_PASSWORD)
        page.goto(base + "/kansli/borasregionen/")
        with page.expect_download() as download:
            page.get_by_role("link", name="Ladda ned status (Excel)").click()
        assert download.value.suggested_filename.startswith("borasregionen-2026-arsbokslut-")
        status = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
        assert status["Status"].max_row > 10

        page.get_by_role("link", name="Importera plan från Excel").click()
        expect(page.get_by_role("heading", name="Importera plan från Excel")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="Ladda ned mallen (Excel)").click()
        template = Path(download.value.path()).read_bytes()

        # As downloaded, only the example rows: refused with the reason, the year kept.
        bad = ARTIFACTS / "planmall.xlsx"
        bad.write_bytes(template)
        page.get_by_label("Verksamhetsår").fill("2024")
        page.get_by_label("Arbetsbok (.xlsx) gjord från mallen").set_input_files(str(bad))
        page.get_by_role("button", name="Importera planen").click()
        expect(page.get_by_role("alert")).to_contain_text("Bladet Mål har inga mål")
        expect(page.get_by_label("Verksamhetsår")).to_have_value("2024")
        assert_accessible(page, "20-importera-plan-fel")
        assert_reflows(page, "20-importera-plan-fel")

        wb = load_workbook(BytesIO(template))
        put(wb["Mål"], 10, Nivå="Mål/uppdrag", Nyckel="1", Mål_uppdrag="Ett nytt mål för 2024")
        put(wb["Mätetal"], 10, Målets_nyckel="1", Mätetal="Minst 500", Slag_av_mål="Tal", Jämförelse="minst")
        put(wb["Mätetal"], 10, Målvärde="500")
        for row in wb["Perioder"].iter_rows(min_row=2, max_col=3):
            for cell in row[1:]:
                if cell.value:
                    cell.value = cell.value.replace(year=2024)
        good = ARTIFACTS / "plan-2024.xlsx"
        wb.save(good)
        page.get_by_label("Arbetsbok (.xlsx) gjord från mallen").set_input_files(str(good))
        page.get_by_role("button", name="Importera planen").click()
        expect(page.get_by_role("status")).to_contain_text(
            "Planen för 2024 är importerad: 1 mål och uppdrag, 1 mätetal."
        )
    plan_year = PlanYear.objects.get(organisation__slug="borasregionen", year=2024)
    assert plan_year.goals.get().title == "Ett nytt mål för 2024"
