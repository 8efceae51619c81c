"""Kansliets år in one browser session, as a kansli user with no training runs it: set up 2025
from 2023 in Planera, open the delårsrapport, the enhetschef gets the reminder digest and
submits, kansliet is told, returns it, the enhetschef is told and resubmits, kansliet approves,
exports the status to Excel, prints the chapter and fastställer it."""

import io
import re
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from playwright.sync_api import expect

from goals.management.commands.load_demo import DEMO_PASSWORD
from goals.models import FollowUp, Period, PlanYear, SentMail, State
from reports.models import ChapterPrint

from . import factories
from .browser import assert_accessible, assert_reflows, chromium_page, log_in, log_out
from .planning_steps import add_goal_under, change_unit, open_measure_form, save_measure, start_year_from_last

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHEF, KANSLI = "chef-regional-utveckling", "kansli"


def mail_to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def only_link(message, pattern: str) -> str:
    links = re.findall(r"https?://\S+", message.body)
    matching = [link for link in links if re.search(pattern, link)]
    assert matching, f"no link matching {pattern} in:\n{message.body}"
    return matching[0]


def set_mail_address(page, base: str, address: str) -> None:
    page.goto(base + "/")
    page.get_by_role("link", name="E-postinställningar").click()
    page.get_by_label("E-postadress").fill(address)
    page.get_by_role("button", name="Spara").click()
    expect(page.get_by_label("E-postadress")).to_have_value(address)


def test_kansliets_year_from_planning_to_fastställd_chapter(live_server, settings):
    call_command("load_demo", stdout=StringIO())
    factories.demo_as_in_the_seeds()
    base = settings.SITE_URL = live_server.url
    mail.outbox = []
    with chromium_page() as page:
        # The enhetschef says where reminders go.
        log_in(page, base, CHEF, DEMO_PASSWORD)
        set_mail_address(page, base, "chef@example.se")
        assert_reflows(page, "ar-01-e-postinstallningar")
        log_out(page)

        # Kansliet sets up 2025 from 2023 in Planera.
        log_in(page, base, KANSLI, DEMO_PASSWORD)
        set_mail_address(page, base, "kansli@example.se")
        start_year_from_last(
            page, organisation="Boråsregionen", year=2025, deadlines=("15 september 2025", "20/1 2026")
        )
        assert_accessible(page, "ar-02-planera")

        year = PlanYear.objects.get(organisation__slug="borasregionen", year=2025)
        parent = year.goals.filter(level__order=0).order_by("order").first()
        add_goal_under(page, parent, title="Fler deltagare i kompetensinsatserna", unit="Regional utveckling")
        goal = year.goals.get(title="Fler deltagare i kompetensinsatserna")
        open_measure_form(page, goal, text="Minst 500 deltagare")
        save_measure(page, value="500", unit="deltagare")
        moved = year.goals.filter(unit__slug="valfardsutveckling").order_by("order").first()
        change_unit(page, moved, unit="Regional utveckling")

        # … and opens the delårsrapport for the units.
        interim = year.periods.get(kind="interim")
        page.goto(base + f"/kansli/borasregionen/period/{interim.pk}/")
        page.get_by_role("button", name="Öppna perioden").click()
        expect(page.get_by_text("Perioden är öppnad för enheterna.")).to_be_visible()
        log_out(page)

        # Beat's morning job, 14 days before the deadline: one digest for the enhetschef.
        reminder_day = interim.deadline - timedelta(days=14)
        call_command("send_reminders", "--date", reminder_day.isoformat(), stdout=StringIO())
        (digest,) = mail_to("chef@example.se")
        assert "Fler deltagare i kompetensinsatserna" in digest.body
        assert moved.title[:40] in digest.body  # the goal that changed unit is the chef's now
        link = only_link(digest, rf"/mal/{goal.pk}/period/{interim.pk}/")

        # The enhetschef follows the mail's link, writes and submits.
        log_in(page, base, CHEF, DEMO_PASSWORD)
        page.goto(link)
        page.get_by_label("Bedömning", exact=True).select_option("on_track")
        page.get_by_label("Uppföljning", exact=True).fill(
            "Följande har gjorts:\n- tre utbildningsdagar\n- en konferens"
        )
        page.locator(".measure").get_by_label("Uppmätt värde (deltagare)").fill("612")
        page.get_by_role("button", name="Skicka in till kansliet").click()
        expect(page.get_by_text("Uppföljningen är inskickad till kansliet.")).to_be_visible()
        log_out(page)

        # The next morning kansliet's digest lists it.
        call_command("send_reminders", "--date", (reminder_day + timedelta(days=1)).isoformat(), stdout=StringIO())
        (kansli_digest,) = mail_to("kansli@example.se")
        review_link = only_link(kansli_digest, r"/granska/")

        # Kansliet returns it with a comment; the enhetschef is told, with the comment.
        log_in(page, base, KANSLI, DEMO_PASSWORD)
        page.goto(review_link)
        page.get_by_label("Kommentar till enheten").fill("Skriv hur många kommuner som deltog.")
        page.get_by_role("button", name="Återsänd med kommentar").click()
        expect(page.get_by_text("Uppföljningen är återsänd till enheten.")).to_be_visible()
        log_out(page)
        returned = mail_to("chef@example.se")[-1]
        assert "Skriv hur många kommuner som deltog." in returned.body

        log_in(page, base, CHEF, DEMO_PASSWORD)
        page.goto(only_link(returned, rf"/mal/{goal.pk}/period/{interim.pk}/"))
        text = page.get_by_label("Uppföljning", exact=True)
        text.fill(text.input_value() + "\n\nSamtliga åtta kommuner deltog.")
        page.get_by_role("button", name="Skicka in till kansliet").click()
        expect(page.get_by_text("Uppföljningen är inskickad till kansliet.")).to_be_visible()
        log_out(page)

        # Kansliet approves; the enhetschef is told.
        log_in(page, base, KANSLI, DEMO_PASSWORD)
        follow_up = FollowUp.objects.get(goal=goal, period=interim)
        page.goto(base + f"/uppfoljning/{follow_up.pk}/granska/")
        page.get_by_role("button", name="Godkänn").click()
        expect(page.get_by_text("Uppföljningen är godkänd.")).to_be_visible()
        assert "godkänd" in mail_to("chef@example.se")[-1].subject.lower()

        # The overview shows the progress and the mails sent; the status goes to Excel.
        page.goto(base + f"/kansli/borasregionen/period/{interim.pk}/")
        assert_accessible(page, "ar-03-oversikt")
        assert_reflows(page, "ar-03-oversikt")
        with page.expect_download() as download:
            page.get_by_role("link", name="Ladda ned status (Excel)").first.click()
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(open(download.value.path(), "rb").read()))
        rows = [[str(c.value or "") for c in row] for row in book.worksheets[0].iter_rows()]
        row = next(r for r in rows if "Fler deltagare i kompetensinsatserna" in r)
        assert "Godkänd" in row, row

        # The chapter for the delårsrapport is printed and fastställd.
        page.get_by_role("link", name="Utskrifter").click()
        page.get_by_label("Period", exact=True).select_option(label="2025 – Delårsrapport 250831")
        page.get_by_role("button", name="Skapa PDF").click()
        expect(page.get_by_role("link", name="Ladda ned PDF").first).to_be_visible()
        chapter_print = ChapterPrint.objects.get(period=interim)
        page.goto(base + f"/rapporter/utskrift/{chapter_print.pk}/faststall/")
        expect(page.locator("#print-contents")).to_contain_text("1 godkänd uppföljning av")
        assert_accessible(page, "ar-04-faststall")
        page.get_by_label("Protokollsreferens").fill("Direktionen 2025-10-10 § 7")
        page.get_by_role("button", name="Fastställ").click()
        expect(page.get_by_text("Utskriften är fastställd")).to_be_visible()

    follow_up.refresh_from_db()
    assert follow_up.state == State.APPROVED
    assert follow_up.text.endswith("Samtliga åtta kommuner deltog.")
    assert follow_up.values.get().value == 612
    chapter_print.refresh_from_db()
    assert chapter_print.is_final and chapter_print.approved_count == 1
    kinds = sorted(SentMail.objects.filter(ok=True).values_list("kind", flat=True))
    assert kinds == sorted(["reminder", "kansli_digest", "returned", "approved"]), kinds
    assert Period.objects.get(pk=interim.pk).deadline == date(2025, 9, 15)
