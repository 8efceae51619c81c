"""E-postinställningar and the mail log on the overview in Chromium: axe, and no sideways
scrolling at 390 px."""

import pytest
from playwright.sync_api import expect

from goals.models import MailKind, MailPreference, SentMail

from . import factories
from .browser import assert_accessible, assert_fits, chromium_page, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_settings_and_the_log_are_accessible_and_reflow(live_server):
    data = factories.plan()
    chef = factories.manager("chef", data)
    factories.kansli("kansli", data)
    SentMail.objects.create(
        recipient=chef,
        address="enhetschef.med.en.lang.adress@regional-utveckling.example.se",
        kind=MailKind.REMINDER,
        subject="Påminnelse: uppföljningar att lämna in senast 15 september 2025",
        organisation=data["organisation"],
        period=data["interim"],
        ok=False,
        error="SMTPRecipientsRefused: {'enhetschef.med.en.lang.adress@regional-utveckling.example.se': (550, b'nej')}",
    )
    with chromium_page() as page:
        for width in (1280, 390):
            page.set_viewport_size({"width": width, "height": 900})
            log_in(page, live_server.url, "chef", factories.PASSWORD)
            page.get_by_role("link", name="E-postinställningar").click()
            page.get_by_label("E-postadress").fill("chef@example.se")
            page.get_by_label("Påminnelser inför sista dagen", exact=False).uncheck()
            page.get_by_role("button", name="Spara").click()
            expect(page.get_by_text("Dina e-postinställningar är sparade.")).to_be_visible()
            assert_accessible(page, f"30-e-postinstallningar-{width}")
            assert_fits(page, "E-postinställningar")
            page.get_by_label("E-postadress").fill("inte en adress")
            page.get_by_role("button", name="Spara").click()
            expect(page.get_by_text("Skriv en hel e-postadress")).to_be_visible()
            assert_accessible(page, f"31-e-postinstallningar-fel-{width}")
            log_out(page)

            log_in(page, live_server.url, "kansli", factories.PASSWORD)
            page.goto(live_server.url + "/kansli/")
            expect(page.get_by_role("heading", name="Skickad e-post")).to_be_visible()
            assert_accessible(page, f"32-oversikt-e-post-{width}")
            assert_fits(page, "Översikt")
            log_out(page)
    preference = MailPreference.objects.get(user=chef)
    assert not preference.reminders
    chef.refresh_from_db()
    assert chef.email == "chef@example.se"
