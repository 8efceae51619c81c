"""Less retyping, in a real browser at phone and desktop width: start from the previous period's
text (asked before typed text is replaced), preview the row as printed, Enter still saves."""

import pytest
from playwright.sync_api import expect

from goals.models import FollowUp, MeasureValue, State

from . import factories
from .browser import assert_accessible, assert_fits, chromium_page, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DELAR_TEXT = "Följande har gjorts:\n- tre temadagar\n- en ny webbplats\n\nNästa steg:\n1. planera\n2. genomföra"


@pytest.mark.parametrize("width", [390, 1280])
def test_start_from_the_previous_period_preview_and_save(live_server, width):
    data = factories.plan()
    factories.manager("chef", data)
    goal = data["goal"]
    numeric, _milestone = goal.measures.all()
    data["interim"].is_open = False
    data["interim"].save()
    data["annual"].is_open = True
    data["annual"].save()
    earlier = FollowUp.objects.create(
        goal=goal, period=data["interim"], status="achieved", state=State.APPROVED, text=DELAR_TEXT
    )
    MeasureValue.objects.create(follow_up=earlier, measure=numeric, value=27531)
    url = f"{live_server.url}/mal/{goal.pk}/period/{data['annual'].pk}/"
    with chromium_page() as page:
        page.set_viewport_size({"width": width, "height": 900})
        log_in(page, live_server.url, "chef", factories.PASSWORD)
        page.goto(url)
        text = page.get_by_label("Uppföljning", exact=True)
        text.fill("Min egen början")
        page.get_by_role("button", name="Utgå från förra periodens text").click()
        expect(page.get_by_text("Det du har skrivit i formuläret ersätts")).to_be_visible()
        assert text.input_value() == "Min egen början"
        assert_fits(page, page.url)
        assert_accessible(page, f"retyping-confirm-{width}")

        page.get_by_role("button", name="Ja, ersätt min text").click()
        expect(page.get_by_text("Formuläret är ifyllt med texten, bedömningen och värdena från")).to_be_visible()
        assert text.input_value() == DELAR_TEXT
        value = page.locator(f"#measure-{numeric.pk}").get_by_label("Uppmätt värde (elever)")
        assert value.input_value() == "27 531"
        assert not FollowUp.objects.filter(period=data["annual"]).exists()

        page.get_by_text("Så skriver du stycken, listor och länkar").click()
        page.get_by_role("button", name="Förhandsgranska").click()
        preview = page.locator("#preview")
        expect(preview.locator("ol li")).to_have_count(2)
        expect(preview.locator("ul li")).to_have_count(2)
        expect(preview.get_by_role("cell", name="Uppnått", exact=True)).to_be_visible()
        assert_fits(page, page.url)
        assert_accessible(page, f"retyping-preview-{width}")

        text.fill(DELAR_TEXT + "\n\nUnder hösten kom mer.")
        value.press("Enter")  # the form's default action is still "Spara utkast"
        expect(page.get_by_text("Utkastet är sparat.")).to_be_visible()
    saved = FollowUp.objects.get(period=data["annual"])
    assert (saved.text, saved.status, saved.state) == (DELAR_TEXT + "\n\nUnder hösten kom mer.", "achieved", "draft")
    assert MeasureValue.objects.get(follow_up=saved, measure=numeric).value == 27531
