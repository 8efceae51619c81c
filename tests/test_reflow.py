"""WCAG 1.4.10 Reflow on every kind of page each role sees: at 320 and 390 px, at 200 % zoom
and on a desktop the page never scrolls sideways, and axe (touch targets included) finds
nothing. The kansli's overview, lists and confirmation pages are in test_browser_closing."""

from io import StringIO

import pytest
from django.core.management import call_command

from goals import services
from goals.logbook.services import record_access
from goals.management.commands.load_demo import DEMO_PASSWORD
from goals.models import AccessKind, FollowUp, Goal, Measure, Membership, Period

from .browser import assert_reflows, chromium_page, log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(live_server):
    call_command("load_demo", stdout=StringIO())
    return live_server.url


def written_follow_up(unit_slug: str) -> FollowUp:
    goal = Goal.objects.filter(unit__slug=unit_slug, measures__isnull=False, level__followed_up=True).first()
    period = Period.objects.get(plan_year=goal.plan_year, is_open=True)
    chef = Membership.objects.get(unit=goal.unit).user
    return services.save_follow_up(
        goal=goal,
        period=period,
        user=chef,
        status="on_track",
        text="Följande har gjorts:\n\n- en lång rad med ord som ska brytas snyggt även på en smal skärm",
        values={},
        expected_version=0,
        submit=True,
    )


def test_the_enhetschefs_pages_reflow(demo):
    follow_up = written_follow_up("naringslivsenheten")
    goal, period = follow_up.goal, follow_up.period
    grid = goal.measures.filter(breakdown__in=["municipality", "dimension"]).first()
    with chromium_page() as page:
        page.goto(demo + "/konto/login/")
        assert_reflows(page, "reflow-login")
        log_in(page, demo, "chef-naringslivsenheten", DEMO_PASSWORD)
        for name, path in [
            ("reflow-mina-mal", "/mina-mal/"),
            ("reflow-uppfoljning", f"/mal/{goal.pk}/period/{period.pk}/"),
            ("reflow-per-kommun", f"/mal/{goal.pk}/period/{period.pk}/matetal/{grid.pk}/"),
            ("reflow-historik", f"/uppfoljning/{follow_up.pk}/historik/"),
            ("reflow-matetal-historik", f"/matetal/{grid.pk}/historik/"),
            ("reflow-byt-losenord", "/konto/losenord/"),
        ]:
            page.goto(demo + path)
            assert_reflows(page, name)
        log_out(page)

        log_in(page, demo, "chef-regional-utveckling", DEMO_PASSWORD)
        page.goto(demo + "/mina-mal/")
        assert_reflows(page, "reflow-mina-mal-borasregionen")
        log_out(page)

        # The demo's open 2026 årsbokslut: the widest grids an enhetschef fills in.
        for breakdown, path in [("municipality_gender", "matetal/{measure}/"), ("category", "enkat/")]:
            measure = Measure.objects.filter(
                goal__plan_year__year=2026, goal__unit__isnull=False, breakdown=breakdown
            ).first()
            goal = measure.goal
            period = Period.objects.get(plan_year=goal.plan_year, is_open=True)
            log_in(page, demo, f"chef-{goal.unit.slug}", DEMO_PASSWORD)
            for name, url in [
                (f"reflow-2026-{breakdown}-uppfoljning", f"/mal/{goal.pk}/period/{period.pk}/"),
                (f"reflow-2026-{breakdown}", f"/mal/{goal.pk}/period/{period.pk}/" + path.format(measure=measure.pk)),
            ]:
                page.goto(demo + url)
                assert_reflows(page, name)
            log_out(page)


def test_the_kanslis_and_readers_pages_reflow(demo):
    follow_up = written_follow_up("insatserna")
    # Something on the Logg's second tab: a long file name must wrap, not scroll.
    record_access(
        user=Membership.objects.filter(role="kansli", organisation=follow_up.goal.plan_year.organisation).first().user,
        organisation=follow_up.goal.plan_year.organisation,
        kind=AccessKind.STATUS_EXPORT,
        what="finsam-exempeldalen-2024-delarsrapport-240831-status-med-ett-mycket-langt-filnamn.xlsx",
    )
    survey = Measure.objects.get(goal__plan_year__year=2023, text__startswith="Minst 85 % ska vara nöjda")
    with chromium_page() as page:
        log_in(page, demo, "kansli-finsam", DEMO_PASSWORD)
        for name, path in [
            ("reflow-granska", f"/uppfoljning/{follow_up.pk}/granska/"),
            ("reflow-plan-finsam", "/plan/finsam-exempeldalen/2024/"),
            ("reflow-admin", "/admin/"),
            ("reflow-logg", "/logg/"),
            ("reflow-logg-lasningar", "/logg/?visa=lasningar"),
        ]:
            page.goto(demo + path)
            assert_reflows(page, name)
        log_out(page)

        log_in(page, demo, "kansli", DEMO_PASSWORD)
        page.goto(demo + "/kansli/borasregionen/plan/2023/kopiera/")
        assert_reflows(page, "reflow-kopiera-plan")
        annual = Period.objects.get(plan_year=survey.goal.plan_year, kind="annual")
        page.goto(demo + f"/mal/{survey.goal.pk}/period/{annual.pk}/enkat/")
        assert_reflows(page, "reflow-enkat")
        log_out(page)

        log_in(page, demo, "lasare", DEMO_PASSWORD)
        for name, path in [
            ("reflow-plan-2021", "/plan/borasregionen/2021/"),
            ("reflow-plan-2023", "/plan/borasregionen/2023/"),
            ("reflow-arkiv", "/rapporter/borasregionen/arkiv/"),
            ("reflow-logg-lasare", "/logg/borasregionen/"),
        ]:
            page.goto(demo + path)
            assert_reflows(page, name)
        log_out(page)

        log_in(page, demo, "lasare-exempel", DEMO_PASSWORD)
        page.goto(demo + "/plan/exempelforbundet/2024/")
        assert_reflows(page, "reflow-plan-exempel")
