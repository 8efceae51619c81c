"""The Content-Security-Policy in Chromium: the main pages and the admin's widgets run without a
single violation (no inline script or style slipped in), and the listener does notice one."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from goals.models import FollowUp, State, Status
from reports.models import ChapterPrint, PrintState

from . import factories
from .browser import assert_accessible, assert_fits, chromium_page, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Every violation the page reports, as a console line the test collects (Chromium also logs
# its own "Refused to …" line for each).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " " + event.blockedURI + " " + event.sourceFile);
});
"""


@pytest.fixture
def site(live_server):
    data = factories.plan()
    chef = factories.manager("chef", data)
    kansli = factories.kansli("kansli", data)
    kansli.is_staff = True
    kansli.save()
    # An approved follow-up of another goal draws the plan page's chart.
    FollowUp.objects.create(
        goal=data["other_goal"], period=data["annual"], state=State.APPROVED, status=Status.ACHIEVED
    )
    ChapterPrint.objects.create(
        organisation=data["organisation"],
        plan_year=data["plan_year"],
        period=data["annual"],
        organisation_name="Förbundet",
        state=PrintState.FAILED,
        error="Test",
    )
    return {"url": live_server.url, "data": data, "chef": chef, "kansli": kansli}


def violations_of(page) -> list[str]:
    found = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text)
            if "Content Security Policy" in message.text
            or "CSP violation" in message.text
            or "Refused to" in message.text
            else None
        ),
    )
    page.add_init_script(REPORT_VIOLATIONS)
    return found


def test_the_main_pages_and_the_admin_have_no_csp_violations(site):
    base, data = site["url"], site["data"]
    goal, period = data["goal"], data["interim"]
    with chromium_page() as page:
        found = violations_of(page)
        visited = []

        def visit(path):
            response = page.goto(base + path)
            assert response.status == 200, path
            assert "script-src 'self'" in response.headers["content-security-policy"], path
            visited.append(path)

        log_in(page, base, "chef", factories.PASSWORD)
        expect(page.get_by_role("heading", name="Mina mål")).to_be_visible()
        visit(f"/mal/{goal.pk}/period/{period.pk}/")
        page.get_by_label("Uppföljning", exact=True).fill("Arbetet går enligt plan.")
        expect(page.locator(".autosave-status")).not_to_be_empty()
        page.get_by_role("button", name="Förhandsgranska").click()
        expect(page.locator("#preview")).to_contain_text("Arbetet går enligt plan.")
        page.reload()  # the copy kept in the browser is offered back
        expect(page.get_by_role("button", name="Återställ")).to_be_visible()
        page.get_by_role("button", name="Återställ").click()
        page.get_by_role("button", name="Spara utkast").click()
        expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()
        log_out(page)

        log_in(page, base, "kansli", factories.PASSWORD)
        visit("/kansli/")
        visit(f"/plan/{data['organisation'].slug}/{data['plan_year'].year}/?period={data['annual'].pk}")
        expect(page.locator("figure.chart svg")).to_be_visible()
        visit("/rapporter/")
        slug, year = data["organisation"].slug, data["plan_year"].year
        follow_up = FollowUp.objects.get(goal=goal, period=period)
        for path in (
            f"/kansli/{slug}/uppfoljningar/",
            f"/uppfoljning/{follow_up.pk}/historik/",
            f"/kansli/{slug}/planera/{year}/",
            f"/kansli/{slug}/planera/{year}/mal/{goal.pk}/",
            "/e-postinstallningar/",
            "/konto/losenord/",
        ):
            visit(path)

        visit("/admin/goals/followup/")
        page.locator("#action-toggle").check()
        page.locator("select[name=action]").select_option(index=1)
        visit(f"/admin/goals/followup/{follow_up.pk}/change/")
        # The goal is chosen with select2's autocomplete.
        page.locator(".select2-selection").first.click()
        expect(page.locator(".select2-search__field")).to_be_visible()
        page.locator(".select2-search__field").fill("Minst")
        expect(page.locator(".select2-results__option").first).to_contain_text("Minst")
        page.keyboard.press("Escape")
        visit(f"/admin/goals/followup/{follow_up.pk}/history/")
        visit(f"/admin/goals/period/{period.pk}/change/")
        # The date widget's calendar.
        page.locator(".datetimeshortcuts a").nth(1).click()
        expect(page.locator(".calendarbox").first).to_be_visible()
        visit("/admin/reports/chapterprint/")

        assert not found, f"CSP violations on {visited}:\n" + "\n".join(found)

        # The listener notices a violation: an inline style attribute is refused.
        with page.expect_console_message(lambda message: "style-src" in message.text):
            page.evaluate("document.body.insertAdjacentHTML('beforeend', '<p style=\"color: red\">x</p>')")
        assert any("style-src" in line for line in found), found


def test_the_lockout_page_is_in_the_apps_look_and_accessible(site):
    base = site["url"]
    with chromium_page() as page:
        found = violations_of(page)
        for _ in range(settings.AXES_FAILURE_LIMIT):
            log_in(page, base, "kansli", "fel-losen")
        expect(page.get_by_role("heading", name="För många inloggningsförsök")).to_be_visible()
        assert_accessible(page, "login-locked-out")
        assert_fits(page, "login-locked-out")
        log_in(page, base, "kansli", factories.PASSWORD)
        expect(page.get_by_role("heading", name="För många inloggningsförsök")).to_be_visible()
        assert not found, found
