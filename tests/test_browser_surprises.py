"""The pages changed for issue 10's "nothing surprising" at phone width: no horizontal
scrolling and no axe violations."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from goals import services
from goals.management.commands.load_demo import DEMO_PASSWORD
from goals.models import FollowUp, Goal, Period

from .browser import assert_accessible, chromium_page, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def assert_no_overflow(page, name):
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{name} scrolls sideways at 390 px: {width}"


def check(page, name):
    assert_no_overflow(page, name)
    assert_accessible(page, name)


@pytest.fixture
def resubmitted(live_server):
    call_command("load_demo", stdout=StringIO())
    goals = Goal.objects.filter(plan_year__year=2023, unit__slug="regional-utveckling", level__followed_up=True)
    goal, other = goals.order_by("order", "id")[:2]
    period = Period.objects.get(plan_year__year=2023, kind="interim")
    period.is_open = True
    period.save()
    users = get_user_model().objects
    chef, kansli = users.get(username="chef-regional-utveckling"), users.get(username="kansli")
    current = FollowUp.objects.filter(goal=goal, period=period).first()
    common = dict(goal=goal, period=period, user=chef, values={}, status="on_track", status_reason="")
    follow_up = services.save_follow_up(
        text="Vi har haft 20 000 elever på teman 👍. " * 6,
        expected_version=current.version if current else 0,
        submit=True,
        **common,
    )
    follow_up = services.return_follow_up(
        follow_up=follow_up, user=kansli, comment="Ange årets siffra.", expected_version=follow_up.version
    )
    follow_up = services.save_follow_up(
        text="Vi har haft 27 531 elever på teman under året. " * 6,
        expected_version=follow_up.version,
        submit=True,
        **common,
    )
    return {"url": live_server.url, "goal": goal, "period": period, "follow_up": follow_up, "other": other}


def test_changed_pages_reflow_at_390_px_and_pass_axe(resubmitted):
    base, follow_up = resubmitted["url"], resubmitted["follow_up"]
    with chromium_page() as page:
        page.set_viewport_size({"width": 390, "height": 844})
        log_in(page, base, "kansli", DEMO_PASSWORD)
        page.goto(base + review_path(follow_up))
        assert page.get_by_text("Ändrat sedan uppföljningen återsändes").is_visible()
        check(page, "s1-granska-andringar")
        page.goto(base + history_path(follow_up))
        check(page, "s2-historik-ord")
        log_out(page)

        log_in(page, base, "lasare", DEMO_PASSWORD)
        page.goto(base + f"/plan/borasregionen/2023/?period={resubmitted['period'].pk}")
        check(page, "s3-plan-godkanda")
        page.get_by_label("Visa även ej godkända").check()
        page.get_by_role("button", name="Visa").click()
        page.wait_for_load_state()
        assert page.get_by_text("Ej godkänd", exact=True).first.is_visible()
        check(page, "s4-plan-alla")
        log_out(page)

        log_in(page, base, "chef-regional-utveckling", DEMO_PASSWORD)
        page.goto(base + edit_path(resubmitted["other"], resubmitted["period"]))
        page.get_by_label("Uppföljning", exact=True).fill("Bra 👍")
        page.get_by_role("button", name="Spara utkast").click()
        page.wait_for_load_state()
        assert page.locator("#print-warning").is_visible()
        check(page, "s5-uppfoljning-tecken")


def review_path(follow_up):
    from django.urls import reverse

    return reverse("review", args=[follow_up.pk])


def history_path(follow_up):
    from django.urls import reverse

    return reverse("history", args=[follow_up.pk])


def edit_path(goal, period):
    from django.urls import reverse

    return reverse("follow_up_edit", args=[goal.pk, period.pk])
