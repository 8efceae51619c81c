"""Rendering, sending and logging the app's e-mail: reminders, kansliet's digest, decisions.

Every attempt is logged in SentMail, sent or not; a failing mail server is logged and never
raised to the caller, so an approval or a beat run is not undone by SMTP.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import date as date_filter
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from . import reminders
from .models import FollowUp, MailKind, SentMail

logger = logging.getLogger(__name__)


def absolute(path: str) -> str:
    """A link for a mail: the site's address (SITE_URL) and the path."""
    return settings.SITE_URL.rstrip("/") + path


def follow_up_link(goal_id: int, period_id: int) -> str:
    return absolute(reverse("follow_up_edit", args=[goal_id, period_id]))


def display_name(user) -> str:
    return user.get_full_name() or user.username


def deliver(
    *,
    user,
    kind: str,
    subject: str,
    template: str,
    context: dict,
    organisation=None,
    period=None,
    follow_up=None,
    day=None,
    sent_at=None,
) -> SentMail:
    """Render mail/<template>.txt and .html, send them to the user and log the attempt.
    `sent_at` is the time the log records, by default when the mail went out."""
    context = {
        **context,
        "user": user,
        "name": display_name(user),
        "site_url": absolute("/"),
        "settings_url": absolute(reverse("mail_settings")),
    }
    log = SentMail(
        recipient=user,
        address=user.email,
        kind=kind,
        subject=subject[:300],
        day=day,
        organisation=organisation,
        period=period,
        follow_up=follow_up,
    )
    if not user.email:
        log.ok, log.error = False, _("Användaren saknar e-postadress.")
        log.save()
        return log
    try:
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"mail/{template}.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[user.email],
        )
        message.attach_alternative(render_to_string(f"mail/{template}.html", context), "text/html")
        message.send()
    except Exception as error:  # any failure of the mail server: logged, never raised
        logger.exception("Mail %s to %s failed", kind, user.email)
        log.ok, log.error = False, f"{type(error).__name__}: {error}"[:2000]
    log.sent_at = sent_at or timezone.now()
    log.save()
    return log


@dataclass
class Planned:
    """One mail a run sends (or, dry, would send)."""

    kind: str
    user: object
    organisation: object
    subject: str
    lines: int

    @property
    def deliverable(self) -> bool:
        return bool(self.user.email)

    def __str__(self):
        if not self.deliverable:
            return _("%(kind)s: %(name)s saknar e-postadress och får inget meddelande – %(subject)s") % {
                "kind": MailKind(self.kind).label,
                "name": display_name(self.user),
                "subject": self.subject,
            }
        return f"{MailKind(self.kind).label}: {display_name(self.user)} <{self.user.email}> – {self.subject} ({self.lines})"


def reminder_subject(digest: reminders.Digest) -> str:
    deadlines = sorted({part.period.deadline for part in digest.periods if not part.is_empty})
    return _("Påminnelse: uppföljningar att lämna in senast %(date)s") % {
        "date": ", ".join(date_filter(d, "j F Y") for d in deadlines)
    }


def reminder_context(digest: reminders.Digest) -> dict:
    sections = []
    for part in digest.periods:
        if part.is_empty:
            continue
        period = part.period
        sections.append(
            {
                "period": period,
                "deadline": period.deadline,
                "days_left": (period.deadline - digest.day).days,
                "missing": [(goal, follow_up_link(goal.pk, period.pk)) for goal in part.missing],
                "returned": [(f, follow_up_link(f.goal_id, period.pk)) for f in part.returned],
                "draft": [(f, follow_up_link(f.goal_id, period.pk)) for f in part.draft],
            }
        )
    return {"organisation": digest.organisation, "sections": sections, "my_goals_url": absolute(reverse("my_goals"))}


def send_daily(day: date, *, now: datetime | None = None, dry_run: bool = False) -> list[Planned]:
    """The day's reminders to enhetschefer and digests to kansliet, each at most once a day."""
    now = now or timezone.now()
    planned = []
    for digest in reminders.manager_digests(day):
        if reminders.already_sent(digest.user, digest.organisation, MailKind.REMINDER, day):
            continue
        subject = reminder_subject(digest)
        lines = sum(len(p.missing) + len(p.returned) + len(p.draft) for p in digest.periods)
        planned.append(Planned(MailKind.REMINDER, digest.user, digest.organisation, subject, lines))
        if not dry_run:
            first = next(part.period for part in digest.periods if not part.is_empty)
            deliver(
                user=digest.user,
                kind=MailKind.REMINDER,
                subject=subject,
                template="reminder",
                context=reminder_context(digest),
                organisation=digest.organisation,
                period=first,
                day=day,
            )
    for digest in reminders.kansli_digests(day, now):
        if reminders.already_sent(digest.user, digest.organisation, MailKind.KANSLI_DIGEST, day):
            continue
        count = len(digest.follow_ups)
        subject = ngettext(
            "%(count)s ny inskickad uppföljning att granska",
            "%(count)s nya inskickade uppföljningar att granska",
            count,
        ) % {"count": count}
        planned.append(
            Planned(MailKind.KANSLI_DIGEST, digest.user, digest.organisation, subject, len(digest.follow_ups))
        )
        if not dry_run:
            items = [(f, absolute(reverse("review", args=[f.pk]))) for f in digest.follow_ups]
            overview = absolute(reverse("overview_org", args=[digest.organisation.slug]))
            deliver(
                user=digest.user,
                kind=MailKind.KANSLI_DIGEST,
                subject=subject,
                template="kansli_digest",
                context={
                    "organisation": digest.organisation,
                    "items": items,
                    "since": digest.since,
                    "overview_url": overview,
                },
                organisation=digest.organisation,
                day=day,
                # The digest's cut-off: the next one lists what was submitted after it.
                sent_at=now,
            )
    return planned


def send_decision(follow_up_id: int, kind: str) -> list[SentMail]:
    """Tell the unit's enhetschefer that kansliet returned (with its comment) or approved."""
    follow_up = FollowUp.objects.select_related("goal__unit", "goal__plan_year__organisation", "period").get(
        pk=follow_up_id
    )
    title = follow_up.goal.title if len(follow_up.goal.title) <= 80 else follow_up.goal.title[:79] + "…"
    if kind == MailKind.RETURNED:
        subject = _("Återsänd: %(goal)s") % {"goal": title}
    else:
        subject = _("Godkänd: %(goal)s") % {"goal": title}
    context = {
        "follow_up": follow_up,
        "goal": follow_up.goal,
        "period": follow_up.period,
        "link": follow_up_link(follow_up.goal_id, follow_up.period_id),
    }
    sent = []
    for user in reminders.unit_managers(follow_up):
        if not reminders.wants(user, kind):
            continue
        sent.append(
            deliver(
                user=user,
                kind=kind,
                subject=subject,
                template=kind,
                context=context,
                organisation=follow_up.goal.plan_year.organisation,
                period=follow_up.period,
                follow_up=follow_up,
            )
        )
    return sent
