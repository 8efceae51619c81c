"""Builders for the public pages' tests: approved follow-ups, a fastställd print, a published year.
The PDF renderer is replaced (the snapshot, not the PDF, is what these tests read)."""

from unittest import mock

from django.db import transaction

from goals.models import FollowUp, MeasureValue, State
from reports import services

FAKE_PDF = b"%PDF-1.7\n% public test print\n%%EOF\n"


def fake_pdf(html, target):
    target.write(FAKE_PDF)


def approve(goal, period, *, status="achieved", text="Det gick bra.", values=None) -> FollowUp:
    follow_up = FollowUp.objects.create(goal=goal, period=period, status=status, text=text, state=State.APPROVED)
    for measure, value in (values or {}).items():
        MeasureValue.objects.create(follow_up=follow_up, measure=measure, value=value)
    return follow_up


def printed(data, user, *, plan_year=None, period=None, layout="enhet", renderer=fake_pdf, **options):
    """A finished print, rendered right here (in-process; the PDF replaced unless a renderer is given)."""
    plan_year = plan_year or data["plan_year"]
    period = period or plan_year.periods.get(kind="annual")
    with mock.patch("reports.rendering.html_to_pdf", renderer):
        with transaction.atomic():
            chapter_print = services.request_print(
                organisation=plan_year.organisation,
                plan_year=plan_year,
                period=period,
                layout=layout,
                chapter_number=4,
                chapter_title="Måluppfyllelse",
                organisation_name=plan_year.organisation.name,
                user=user,
                **options,
            )
        # Outside a TestCase's on_commit capture the task has not run yet; run it (a second run
        # is a no-op, as a duplicate task would be).
        services.run_print(print_id=chapter_print.pk)
    chapter_print.refresh_from_db()
    return chapter_print


def published_print(data, user, *, publish=True, **options):
    chapter_print = printed(data, user, **options)
    services.finalise_print(
        chapter_print=chapter_print, user=user, reference="Direktionen 2026-03-15 § 12", confirm_empty=True
    )
    chapter_print.refresh_from_db()
    if publish:
        plan_year = chapter_print.plan_year
        plan_year.is_public = True
        plan_year.save(update_fields=["is_public"])
    return chapter_print


def chapter_url(chapter_print) -> str:
    return f"/offentlig/{chapter_print.organisation.slug}/{chapter_print.plan_year.year}/kapitel/{chapter_print.pk}/"


def goal_url(chapter_print, goal) -> str:
    return f"{chapter_url(chapter_print)}mal/{goal.pk}/"
