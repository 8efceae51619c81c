"""The enhetschef's and kansliet's journey in a real browser, with axe on every page."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from playwright.sync_api import expect

from goals.management.commands.load_demo import DEMO_PASSWORD
from goals.models import FollowUp, Goal, Measure, Period, State, TargetKind
from reports.testing import pdf_text, squash

from . import factories
from .browser import assert_accessible, assert_fits, chromium_page, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG_TEXT = "\n\n".join(
    f"Stycke {n}: Under perioden har enheten genomfört workshops i samtliga åtta kommuner, "
    "och arbetet löper enligt plan. Se https://example.org/rapport för detaljer."
    for n in range(1, 9)
)


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=StringIO())
    factories.demo_as_in_the_seeds()
    goal = Goal.objects.filter(plan_year__year=2023, unit__slug="regional-utveckling").order_by("order").first()
    measure = Measure.objects.create(
        goal=goal,
        text="Minst 25 000 deltagare",
        target_kind=TargetKind.NUMERIC,
        comparator="min",
        target_value=25000,
        unit_label="deltagare",
    )
    period = Period.objects.get(plan_year__year=2023, kind="interim")
    return {"url": live_server.url, "goal": goal, "period": period, "measure": measure}


@pytest.mark.parametrize("width", [1280, 390])
def test_write_submit_return_fix_and_approve(demo, width):
    base, goal = demo["url"], demo["goal"]
    # The same journey on a desktop and on a phone; the screenshots of the phone run get "-390".
    suffix = "" if width == 1280 else f"-{width}"
    with chromium_page() as page:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(base + "/konto/login/")
        assert_accessible(page, "01-login" + suffix)
        assert_fits(page, "01-login")

        log_in(page, base, "chef-regional-utveckling", DEMO_PASSWORD)
        expect(page.get_by_role("heading", name="Mina mål")).to_be_visible()
        assert_accessible(page, "02-mina-mal" + suffix)
        assert_fits(page, "02-mina-mal")

        page.get_by_role("link", name=goal.title[:40]).first.click()
        page.get_by_label("Bedömning", exact=True).select_option("on_track")
        page.get_by_label("Uppföljning", exact=True).fill(LONG_TEXT)
        value = page.locator(f"#measure-{demo['measure'].pk}").get_by_label("Uppmätt värde (deltagare)")
        value.fill("24 999,995")  # stored as 25 000,00: met, as the server will judge it
        expect(page.locator("#proposal .proposal-status")).to_have_text("Pågår enligt plan")
        value.fill("2 616")
        expect(page.locator("#proposal .proposal-status")).to_have_text("Risk för avvikelse")
        expect(page.get_by_text("Du har valt en annan bedömning än mätetalen visar.")).to_be_visible()
        value.fill("27 531")
        expect(page.locator("#proposal .proposal-status")).to_have_text("Pågår enligt plan")
        assert_accessible(page, "03-uppfoljning" + suffix)
        assert_fits(page, "03-uppfoljning")
        page.get_by_role("button", name="Spara utkast").click()
        expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()

        page.reload()
        assert page.get_by_label("Uppföljning", exact=True).input_value() == LONG_TEXT
        assert value.input_value() == "27 531"
        page.get_by_role("button", name="Skicka in till kansliet").click()
        expect(page.get_by_text("Uppföljningen är inskickad till kansliet.")).to_be_visible()
        log_out(page)

        log_in(page, base, "kansli", DEMO_PASSWORD)
        assert_accessible(page, "04-oversikt" + suffix)
        assert_fits(page, "04-oversikt")
        page.get_by_role("link", name=goal.title[:40]).click()
        assert_accessible(page, "05-granska" + suffix)
        assert_fits(page, "05-granska")
        page.get_by_label("Kommentar till enheten").fill("Lägg till antalet kommuner som deltog.")
        page.get_by_role("button", name="Återsänd med kommentar").click()
        expect(page.get_by_text("Uppföljningen är återsänd till enheten.")).to_be_visible()
        log_out(page)

        log_in(page, base, "chef-regional-utveckling", DEMO_PASSWORD)
        page.get_by_role("link", name=goal.title[:40]).first.click()
        expect(page.get_by_text("Lägg till antalet kommuner som deltog.")).to_be_visible()
        page.get_by_label("Uppföljning", exact=True).fill(LONG_TEXT + "\n\nSamtliga åtta kommuner deltog.")
        page.get_by_role("button", name="Skicka in till kansliet").click()
        log_out(page)

        log_in(page, base, "kansli", DEMO_PASSWORD)
        page.get_by_role("link", name=goal.title[:40]).click()
        page.get_by_role("button", name="Godkänn").click()
        expect(page.get_by_text("Uppföljningen är godkänd.")).to_be_visible()
        page.goto(base + f"/uppfoljning/{FollowUp.objects.get(goal=goal, period=demo['period']).pk}/historik/")
        assert_accessible(page, "06-historik" + suffix)
        assert_fits(page, "06-historik")

        # Kansliet prints the 2023 chapter and downloads it.
        page.get_by_role("link", name="Utskrifter").click()
        page.get_by_label("Period", exact=True).select_option(label="2023 – Årsbokslut 231231")
        assert_accessible(page, "09-utskrifter" + suffix)
        assert_fits(page, "09-utskrifter")
        page.get_by_role("button", name="Skapa PDF").click()
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Ladda ned PDF").first.click()
        pdf = Path(download_info.value.path()).read_bytes()
        assert pdf.startswith(b"%PDF")
        assert squash(goal.title) in squash(pdf_text(pdf))
        # The same chapter as Word, for the rest of the årsredovisning.
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Ladda ned Word").first.click()
        assert download_info.value.suggested_filename.endswith(".docx")
        document = Document(download_info.value.path())
        assert squash(goal.title) in squash("\n".join(c.text for t in document.tables for r in t.rows for c in r.cells))

    follow_up = FollowUp.objects.get(goal=goal, period=demo["period"])
    assert follow_up.state == State.APPROVED
    assert follow_up.text.endswith("Samtliga åtta kommuner deltog.")
    assert follow_up.values.get().value == 27531


def test_a_reader_sees_the_plan_accessibly(demo):
    with chromium_page() as page:
        log_in(page, demo["url"], "lasare", DEMO_PASSWORD)
        page.goto(demo["url"] + "/plan/borasregionen/2023/")
        expect(page.get_by_text("Skapa förutsättningar för hållbar samhällsplanering").first).to_be_visible()
        assert_accessible(page, "07-plan-lasare")


def tab_to(page, condition: str, limit: int = 80) -> None:
    """Press Tab until the focused element meets `condition` (JS on `el`); focus must show."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => {condition})(document.activeElement)"):
            assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
            return
    pytest.fail(f"nothing matching {condition} can be reached with Tab")


def keyboard_log_in(page, base, username):
    page.goto(base + "/konto/login/")
    expect(page.get_by_label("Användarnamn")).to_be_focused()  # autofocus on load
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")


def test_the_journey_works_with_the_keyboard_only(demo):
    base, goal = demo["url"], demo["goal"]
    title = goal.title[:40]
    with chromium_page() as page:
        keyboard_log_in(page, base, "chef-regional-utveckling")
        page.wait_for_url(base + "/mina-mal/")
        tab_to(page, f"el.textContent.trim().startsWith({title!r})")
        page.keyboard.press("Enter")
        page.wait_for_url("**/mal/*/period/*/")

        page.keyboard.press("Tab")  # from the top of the page: skip link first
        assert page.evaluate("document.activeElement.textContent.trim()") == "Hoppa till innehållet"
        tab_to(page, "el.name === 'status'")
        page.keyboard.press("ArrowDown")  # Pågår enligt plan
        tab_to(page, "el.name === 'text'")
        page.keyboard.type("Skrivet med tangentbordet.")
        tab_to(page, "(el.name || '').startsWith('value_')")
        page.keyboard.type("30 000")
        tab_to(page, "el.textContent.trim() === 'Skicka in till kansliet'")
        page.keyboard.press("Enter")
        page.wait_for_url("**/mina-mal/")
        expect(page.get_by_text("Uppföljningen är inskickad till kansliet.")).to_be_visible()
        tab_to(page, "el.textContent.trim() === 'Logga ut'")
        page.keyboard.press("Enter")
        page.wait_for_url("**/konto/login/")

        # Kansliet approves it, also without the mouse.
        keyboard_log_in(page, base, "kansli")
        page.wait_for_url("**/kansli/")
        tab_to(page, f"el.textContent.trim().startsWith({title!r})")
        page.keyboard.press("Enter")
        page.wait_for_url("**/granska/")
        tab_to(page, "el.textContent.trim() === 'Godkänn'")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Uppföljningen är godkänd.")).to_be_visible()

    follow_up = FollowUp.objects.get(goal=goal, period=demo["period"])
    assert (follow_up.state, follow_up.text) == (State.APPROVED, "Skrivet med tangentbordet.")
    assert follow_up.values.get().value == 30000


def test_an_expired_session_does_not_eat_the_text(demo):
    base, goal = demo["url"], demo["goal"]
    with chromium_page() as page:
        log_in(page, base, "chef-regional-utveckling", DEMO_PASSWORD)
        page.goto(base + f"/mal/{goal.pk}/period/{demo['period'].pk}/")
        page.get_by_label("Uppföljning", exact=True).fill(LONG_TEXT)
        expect(page.get_by_text("En kopia av texten är sparad i webbläsaren.")).to_be_visible()

        # The session expires while the text is being written.
        session = [c for c in page.context.cookies() if c["name"] != "sessionid"]
        page.context.clear_cookies()
        page.context.add_cookies(session)
        page.get_by_role("button", name="Spara utkast").click()
        page.wait_for_url("**/konto/login/**")
        expect(page.get_by_text("Text du inte hann spara finns kvar")).to_be_visible()
        page.get_by_label("Användarnamn").fill("chef-regional-utveckling")
        page.get_by_label("Lösenord").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Logga in").click()

        page.wait_for_url(f"**/mal/{goal.pk}/period/{demo['period'].pk}/")
        page.get_by_role("button", name="Återställ den osparade texten").click()
        assert page.get_by_label("Uppföljning", exact=True).input_value() == LONG_TEXT
        assert_accessible(page, "08-aterstall-text")
        page.get_by_role("button", name="Spara utkast").click()
        expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()
        # Once the server holds the text, the browser's copy is dropped.
        assert page.evaluate("Object.keys(localStorage).length") == 0
    assert FollowUp.objects.get(goal=goal, period=demo["period"]).text == LONG_TEXT


def test_the_other_pages_have_no_wcag_violations(demo):
    base, goal, period = demo["url"], demo["goal"], demo["period"]
    grid = Measure.objects.create(goal=goal, text="Deltagare per kommun och kön", breakdown="municipality_gender")
    survey = Measure.objects.get(goal__plan_year__year=2023, text__startswith="Minst 85 % ska vara nöjda")
    call_command("copy_plan", "--org", "borasregionen", "--from", "2023", "--to", "2024", stdout=StringIO())
    survey_url = "/mal/{}/period/{}/enkat/".format(
        survey.goal.successors.get().pk,
        Period.objects.get(plan_year__year=2024, plan_year__organisation__slug="borasregionen", kind="annual").pk,
    )
    with chromium_page() as page:
        log_in(page, base, "chef-regional-utveckling", DEMO_PASSWORD)
        page.goto(base + f"/mal/{goal.pk}/period/{period.pk}/matetal/{grid.pk}/")
        page.get_by_label("Borås, kvinnor").fill("1 200")
        page.get_by_label("Borås, män").fill("1 000")
        page.get_by_role("button", name="Spara värdena").click()
        expect(page.get_by_text("Värdena är sparade.")).to_be_visible()
        assert_accessible(page, "10-per-kommun")
        log_out(page)

        log_in(page, base, "kansli", DEMO_PASSWORD)
        page.goto(base + "/kansli/borasregionen/plan/2023/kopiera/")
        assert_accessible(page, "11-kopiera-plan")
        page.goto(base + survey_url)
        assert_accessible(page, "19-enkat")
        for name, path in [
            ("15-admin", "/admin/"),
            ("16-admin-uppfoljningar", "/admin/goals/followup/"),
            ("17-admin-mal", f"/admin/goals/goal/{goal.pk}/change/"),
            ("18-admin-kolada", "/admin/goals/measure/kolada/"),
        ]:
            page.goto(base + path)
            assert_accessible(page, name)
        page.goto(base + "/")
        log_out(page)

        log_in(page, base, "lasare", DEMO_PASSWORD)
        page.goto(base + f"/matetal/{survey.successors.get().pk}/historik/")
        assert_accessible(page, "12-matetal-historik")
        page.goto(base + "/plan/borasregionen/2021/")
        assert_accessible(page, "13-plan-2021")
        page.goto(base + "/rapporter/borasregionen/arkiv/")
        assert_accessible(page, "14-arkiv-lasare")


def test_a_restored_copy_does_not_overwrite_a_colleagues_later_save(demo):
    from goals import services
    from goals.models import Membership

    base, goal, period = demo["url"], demo["goal"], demo["period"]
    with chromium_page() as page:
        log_in(page, base, "chef-regional-utveckling", DEMO_PASSWORD)
        page.goto(base + f"/mal/{goal.pk}/period/{period.pk}/")
        page.get_by_label("Uppföljning", exact=True).fill("Min text, skriven innan kollegan sparade.")
        expect(page.get_by_text("En kopia av texten är sparad i webbläsaren.")).to_be_visible()

        colleague = Membership.objects.get(unit=goal.unit).user
        services.save_follow_up(
            goal=goal,
            period=period,
            user=colleague,
            status="on_track",
            text="Kollegans text.",
            values={},
            expected_version=0,
            submit=False,
        )

        page.reload()
        page.get_by_role("button", name="Återställ den osparade texten").click()
        page.get_by_role("button", name="Spara utkast").click()
        expect(page.get_by_text("Uppföljningen har ändrats av någon annan")).to_be_visible()
        expect(page.get_by_text("Kollegans text.")).to_be_visible()
        assert page.get_by_label("Uppföljning", exact=True).input_value() == "Min text, skriven innan kollegan sparade."
    assert FollowUp.objects.get(goal=goal, period=period).text == "Kollegans text."


def test_unsaved_text_belongs_to_the_person_who_typed_it(demo):
    from django.contrib.auth import get_user_model

    from goals.models import Membership, Role

    base, goal, period = demo["url"], demo["goal"], demo["period"]
    colleague = get_user_model().objects.create_user(username="kollega", password=DEMO_PASSWORD)
    Membership.objects.create(
        user=colleague, organisation=goal.plan_year.organisation, unit=goal.unit, role=Role.MANAGER
    )
    form_url = base + f"/mal/{goal.pk}/period/{period.pk}/"
    with chromium_page() as page:
        log_in(page, base, "chef-regional-utveckling", DEMO_PASSWORD)
        page.goto(form_url)
        page.get_by_label("Uppföljning", exact=True).fill("Mitt utkast som ingen annan ska se.")
        expect(page.get_by_text("En kopia av texten är sparad i webbläsaren.")).to_be_visible()

        # A session that expires keeps the copy; a colleague who logs in on the same browser
        # does not get it.
        session = [c for c in page.context.cookies() if c["name"] != "sessionid"]
        page.context.clear_cookies()
        page.context.add_cookies(session)
        log_in(page, base, "kollega", DEMO_PASSWORD)
        page.goto(form_url)
        expect(page.get_by_label("Uppföljning", exact=True)).to_have_value("")
        expect(page.get_by_role("button", name="Återställ den osparade texten")).to_have_count(0)
        assert page.evaluate("Object.keys(localStorage).length") == 1
        log_out(page)

        # Logging out removes every copy kept in this browser.
        assert page.evaluate("Object.keys(localStorage).length") == 0
        log_in(page, base, "chef-regional-utveckling", DEMO_PASSWORD)
        page.goto(form_url)
        expect(page.get_by_label("Uppföljning", exact=True)).to_be_visible()
        expect(page.get_by_role("button", name="Återställ den osparade texten")).to_have_count(0)
    assert not FollowUp.objects.filter(goal=goal, period=period, text__contains="Mitt utkast").exists()
