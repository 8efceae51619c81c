"""Kansliet's overview, the list behind its counts and the confirmation pages in Chromium, at a
desktop width and at 390 px: axe finds nothing and the page never scrolls sideways."""

from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from goals.management.commands.load_demo import DEMO_PASSWORD
from goals.models import Period
from reports import services
from reports.models import ChapterPrint

from .browser import assert_accessible, assert_reflows, chromium_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check(page, name: str) -> None:
    assert_accessible(page, name)
    assert_reflows(page, name)


def fake_pdf(html, target):
    target.write(b"%PDF-1.7\n%%EOF\n")


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=StringIO())
    return {"url": live_server.url}


def test_overview_list_and_confirmation_pages(demo):
    base = demo["url"]
    annual = Period.objects.get(plan_year__organisation__slug="borasregionen", plan_year__year=2023, kind="annual")
    with mock.patch("reports.rendering.html_to_pdf", fake_pdf):
        chapter_print = services.request_print(
            organisation=annual.plan_year.organisation,
            plan_year=annual.plan_year,
            period=annual,
            layout="enhet",
            chapter_number=4,
            chapter_title="Måluppfyllelse",
            organisation_name="Boråsregionen",
            user=None,
        )
    chapter_print.refresh_from_db()
    assert chapter_print.state == "done", chapter_print.error
    with chromium_page() as page:
        log_in(page, base, "kansli", DEMO_PASSWORD)
        page.goto(base + "/kansli/")
        expect(page.locator("progress").first).to_be_attached()
        check(page, "20-oversikt-alla-perioder")

        # A count leads to the list of exactly those follow-ups.
        link = page.locator("a.count-link").nth(1)  # the first unit's "saknas"
        count = int(link.inner_text().split()[0])
        link.click()
        page.wait_for_url("**/uppfoljningar/**")
        expect(page.locator("#list-count")).to_contain_text(str(count))
        check(page, "21-uppfoljningar-filtrerade")

        page.goto(base + "/kansli/")
        page.get_by_role("link", name="Stäng perioden …").first.click()
        expect(page.locator("#closing-summary")).to_contain_text("Perioden stängs")
        check(page, "22-stang-perioden")

        page.goto(base + f"/rapporter/utskrift/{chapter_print.pk}/faststall/")
        expect(page.locator("#print-contents")).to_contain_text("godkända uppföljningar av")
        check(page, "23-faststall-bekrafta")
        page.get_by_label("Protokollsreferens").fill("Direktionen 2024-03-15 § 12")
        page.get_by_role("button", name="Fastställ").click()
        expect(page.get_by_text("Utskriften är fastställd")).to_be_visible()
        check(page, "24-utskrifter")

        page.goto(base + f"/rapporter/utskrift/{chapter_print.pk}/ta-bort/")
        expect(page.get_by_text("En fastställd utskrift kan inte tas bort.")).to_be_visible()
        check(page, "25-ta-bort-bekrafta")
    chapter_print.refresh_from_db()
    assert chapter_print.is_final
    assert ChapterPrint.objects.filter(pk=chapter_print.pk).exists()
