"""Celery tasks of the goals app: the daily reminders (from beat) and the decision mails."""

import logging

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="goals.send_reminders")
def send_reminders() -> int:
    """Daily from beat (REMINDER_HOUR): the reminder digests and kansliet's digest of the day.
    Safe to run again the same day: what was sent is not sent twice."""
    from . import mail

    return len(mail.send_daily(timezone.localdate()))


@shared_task(name="goals.send_decision_mail")
def send_decision_mail(follow_up_id: int, kind: str) -> int:
    from . import mail

    return len(mail.send_decision(follow_up_id, kind))


def queue_decision_mail(follow_up_id: int, kind: str) -> None:
    """Queue the mail once the decision is committed; a broker that is down costs the mail (logged),
    never the decision."""
    try:
        send_decision_mail.delay(follow_up_id, kind)
    except Exception:
        logger.exception("Could not queue the %s mail for follow-up %s", kind, follow_up_id)
