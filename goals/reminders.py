"""Who gets which reminder or digest on which day: selection only, no sending.

An enhetschef's digest lists, per open period whose reminder day it is, the followed-up goals
of the user's units that are missing, returned or still a draft. Kansliet's digest lists the
follow-ups submitted since its previous digest.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import FollowUp, Goal, MailKind, MailPreference, Membership, Organisation, Period, Role, SentMail, State
from .reminder_days import LIMIT


def is_reminder_day(period: Period, day: date) -> bool:
    if not period.is_open or period.deadline is None:
        return False
    return (period.deadline - day).days in period.reminder_offsets


def reminder_periods(day: date) -> list[Period]:
    """The open periods (with a deadline) for which `day` is a reminder day."""
    periods = Period.objects.open().filter(deadline__isnull=False).select_related("plan_year__organisation")
    # Offsets are at most LIMIT days from the deadline, so only nearby deadlines need a look.
    periods = periods.filter(deadline__gte=day - timedelta(days=LIMIT), deadline__lte=day + timedelta(days=LIMIT))
    return [period for period in periods if is_reminder_day(period, day)]


@dataclass
class PeriodDigest:
    period: Period
    missing: list[Goal] = field(default_factory=list)
    returned: list[FollowUp] = field(default_factory=list)
    draft: list[FollowUp] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.missing or self.returned or self.draft)


@dataclass
class Digest:
    user: object
    organisation: Organisation
    periods: list[PeriodDigest]
    day: date

    @property
    def is_empty(self) -> bool:
        return all(part.is_empty for part in self.periods)


def wants(user, kind: str) -> bool:
    """Whether the user's e-postinställningar allow this kind (no row: everything)."""
    try:
        preference = user.mail_preference
    except MailPreference.DoesNotExist:
        return True
    if kind in (MailKind.REMINDER, MailKind.KANSLI_DIGEST):
        return preference.reminders
    return preference.decisions


def unit_digest(user, period: Period, unit_ids: set[int]) -> PeriodDigest:
    """What the user's units still owe in `period`: goals without a follow-up, returned, draft."""
    goals = list(
        Goal.objects.followed_up()
        .filter(plan_year_id=period.plan_year_id, unit_id__in=unit_ids)
        .select_related("unit")
        .order_by("unit__order", "order", "id")
    )
    follow_ups = {
        f.goal_id: f for f in FollowUp.objects.filter(period=period, goal__in=goals).select_related("goal__unit")
    }
    part = PeriodDigest(period=period)
    for goal in goals:
        follow_up = follow_ups.get(goal.pk)
        if follow_up is None:
            part.missing.append(goal)
        elif follow_up.state == State.RETURNED:
            part.returned.append(follow_up)
        elif follow_up.state == State.DRAFT:
            part.draft.append(follow_up)
    return part


def manager_digests(day: date) -> list[Digest]:
    """One digest per enhetschef and organisation with a reminder day today, for those who want
    reminders; digests with nothing owed are left out."""
    by_organisation: dict[int, list[Period]] = {}
    for period in reminder_periods(day):
        by_organisation.setdefault(period.plan_year.organisation_id, []).append(period)
    if not by_organisation:
        return []
    memberships = (
        Membership.objects.filter(role=Role.MANAGER, organisation_id__in=by_organisation, user__is_active=True)
        .select_related("user__mail_preference", "organisation")
        .order_by("user_id", "organisation_id")
    )
    units: dict[tuple[int, int], set[int]] = {}
    people = {}
    for membership in memberships:
        units.setdefault((membership.user_id, membership.organisation_id), set()).add(membership.unit_id)
        people[(membership.user_id, membership.organisation_id)] = (membership.user, membership.organisation)
    digests = []
    for key, unit_ids in units.items():
        user, organisation = people[key]
        if not wants(user, MailKind.REMINDER):
            continue
        parts = [unit_digest(user, period, unit_ids) for period in by_organisation[organisation.pk]]
        digest = Digest(user=user, organisation=organisation, periods=parts, day=day)
        if not digest.is_empty:
            digests.append(digest)
    return digests


@dataclass
class KansliDigest:
    user: object
    organisation: Organisation
    follow_ups: list[FollowUp]
    day: date
    since: datetime | None


def previous_digest_at(user, organisation, kind: str) -> datetime | None:
    last = (
        SentMail.objects.filter(recipient=user, organisation=organisation, kind=kind, ok=True)
        .order_by("-sent_at")
        .first()
    )
    return last.sent_at if last else None


def kansli_digests(day: date, now: datetime) -> list[KansliDigest]:
    """Per kansli user and organisation with an open period: the follow-ups submitted since the
    previous digest (all that wait, the first time); none when nothing is new."""
    open_periods = Period.objects.open().values_list("plan_year__organisation_id", flat=True)
    memberships = (
        Membership.objects.kansli()
        .filter(organisation_id__in=open_periods, user__is_active=True)
        .select_related("user__mail_preference", "organisation")
        .order_by("user_id", "organisation_id")
    )
    digests = []
    for membership in memberships:
        user, organisation = membership.user, membership.organisation
        if not wants(user, MailKind.KANSLI_DIGEST):
            continue
        since = previous_digest_at(user, organisation, MailKind.KANSLI_DIGEST)
        submitted = FollowUp.objects.filter(
            state=State.SUBMITTED, period__is_open=True, goal__plan_year__organisation=organisation
        ).filter(submitted_at__lte=now)
        if since:
            submitted = submitted.filter(submitted_at__gt=since)
        follow_ups = list(
            submitted.select_related("goal__unit", "period").order_by(
                "period__end_date", "goal__unit__order", "goal__order"
            )
        )
        if follow_ups:
            digests.append(
                KansliDigest(user=user, organisation=organisation, follow_ups=follow_ups, day=day, since=since)
            )
    return digests


def already_sent(user, organisation, kind: str, day: date) -> bool:
    # A missing address is logged once a day, not again at every run; a failed send is retried.
    return (
        SentMail.objects.filter(recipient=user, organisation=organisation, kind=kind, day=day)
        .filter(Q(ok=True) | Q(address=""))
        .exists()
    )


def unit_managers(follow_up: FollowUp):
    """The enhetschefer of the follow-up's unit (none for goals of samtliga verksamheter)."""
    if follow_up.goal.unit_id is None:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.filter(memberships__role=Role.MANAGER, memberships__unit_id=follow_up.goal.unit_id, is_active=True)
        .select_related("mail_preference")
        .distinct()
        .order_by("pk")
    )
