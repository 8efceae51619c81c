"""The public pages in Chromium, with the demo's real chapters: axe finds nothing and every page
reflows at 320, 390 and 1280 px (and at 200 % zoom); the filters work without a login."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from goals.models import Goal, PlanYear

from .browser import assert_reflows, chromium_page
from .public_data import chapter_url, goal_url, published_print

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


KANSLI = {"borasregionen": "kansli", "exempelforbundet": "kansli-exempel"}


def publish(slug: str, year: int, layout: str):
    plan_year = PlanYear.objects.get(organisation__slug=slug, year=year)
    kansli = get_user_model().objects.get(username=KANSLI[slug])
    return published_print({"plan_year": plan_year}, kansli, plan_year=plan_year, layout=layout)


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=StringIO())
    return live_server.url


def test_the_public_pages_are_accessible_and_reflow(demo):
    chapter_2023 = publish("borasregionen", 2023, "enhet")
    chapter_2021 = publish("borasregionen", 2021, "fokusomrade")
    exempel = publish("exempelforbundet", 2024, "fokusomrade")
    goal = Goal.objects.get(pk=int(chapter_2023.snapshot["order"][0]))
    # A goal with the most inside it (aktiviteter, mätetal), on its own page.
    with_items = max(exempel.snapshot["goals"].values(), key=lambda e: (len(e["items"]), len(e["measures"])))
    with chromium_page() as page:
        for name, path in [
            ("public-index", "/offentlig/"),
            ("public-year", "/offentlig/borasregionen/2023/"),
            ("public-chapter-2023", chapter_url(chapter_2023)),
            ("public-chapter-2021", chapter_url(chapter_2021)),
            ("public-chapter-exempel", chapter_url(exempel)),
            ("public-goal", goal_url(chapter_2023, goal)),
            ("public-goal-with-items", f"{chapter_url(exempel)}mal/{with_items['id']}/"),
        ]:
            page.goto(demo + path)
            assert page.locator("h1").count() == 1, name
            assert_reflows(page, name)

        # Filtering by the plan's own level names and by status, with the keyboard and no script.
        page.goto(demo + chapter_url(chapter_2021))
        page.get_by_label("Bedömning", exact=True).select_option(label="Delvis uppnått")
        page.get_by_role("button", name="Visa").click()
        page.wait_for_load_state()
        heading = page.locator("#urval-rubrik").inner_text()
        shown = sum(1 for entry in chapter_2021.snapshot["goals"].values() if entry["status"] == "partially_achieved")
        assert heading.startswith(f"{shown} mål av "), heading
        assert page.locator("article.public-goal").count() == shown
        assert_reflows(page, "public-chapter-2021-filtered")

        page.goto(demo + chapter_url(exempel))
        part = page.get_by_label("Del av planen", exact=True)
        assert part.locator("optgroup").first.get_attribute("label") == "Inriktningsmål"
