"""Writes to follow-ups: each function is one user action, done in one transaction."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FollowUp, Goal, MeasureValue, Period, State, SubItemResult


class FollowUpError(Exception):
    """An action that is not allowed in the follow-up's current state; the message is for the user."""


class ConflictError(FollowUpError):
    """Someone else saved the follow-up after this user opened it."""

    def __init__(self, current: FollowUp):
        super().__init__(
            _(
                "%(who)s sparade den här uppföljningen efter att du öppnade den. Din text finns kvar i formuläret; "
                "jämför med den sparade texten nedan och spara igen när du har fört över det som ska med."
            )
            % {"who": current.author.get_full_name() or current.author.username if current.author else _("Någon")}
        )
        self.current = current


@transaction.atomic
def save_follow_up(
    *,
    goal: Goal,
    period: Period,
    user,
    status: str,
    text: str,
    values: dict[int, dict],
    status_reason: str = "",
    print_reason: bool = False,
    sub_item_texts: dict[int, str],
    expected_version: int,
    submit: bool,
    as_kansli: bool = False,
) -> FollowUp:
    """Save the unit's draft (and optionally submit it) for one goal and period.

    `expected_version` is the version the form was opened with (0 for a new follow-up); a
    mismatch means someone else saved in between and raises ConflictError.
    """
    if period.plan_year_id != goal.plan_year_id:
        raise FollowUpError(_("Perioden hör inte till målets år."))
    if not period.is_open:
        raise FollowUpError(_("Perioden är stängd. Uppföljningen kan inte längre ändras."))
    follow_up = FollowUp.objects.select_for_update().filter(goal=goal, period=period).first()
    if follow_up is None:
        follow_up = FollowUp(goal=goal, period=period, version=0)
    elif follow_up.version != expected_version:
        raise ConflictError(follow_up)
    if follow_up.state == State.APPROVED:
        raise FollowUpError(_("Uppföljningen är godkänd och kan inte längre ändras."))
    if follow_up.state == State.SUBMITTED and not as_kansli:
        raise FollowUpError(_("Uppföljningen är inskickad och väntar på kansliets granskning."))

    follow_up.status = status
    follow_up.text = text
    follow_up.status_reason = status_reason
    follow_up.print_reason = print_reason and bool(status_reason)
    follow_up.author = user
    if submit:
        follow_up.state = State.SUBMITTED
        follow_up.submitted_at = timezone.now()
    elif follow_up.state != State.RETURNED:
        follow_up.state = State.DRAFT
    follow_up.version += 1
    follow_up._history_user = user
    follow_up._change_reason = "submit" if submit else "save"
    try:
        # A savepoint, so that losing a race to create the same follow-up leaves the outer
        # transaction usable for the conflict message.
        with transaction.atomic():
            follow_up.save()
    except IntegrityError:
        raise ConflictError(FollowUp.objects.get(goal=goal, period=period))

    _store_values(follow_up, values)
    _store_sub_item_results(follow_up, sub_item_texts)
    return follow_up


def _store_values(follow_up: FollowUp, values: dict[int, dict]) -> None:
    measure_ids = set(follow_up.goal.measures.values_list("id", flat=True))
    for measure_id, data in values.items():
        if measure_id not in measure_ids:
            continue
        value: Decimal | None = data.get("value")
        reached = data.get("reached")
        note = data.get("note", "")
        existing = MeasureValue.objects.filter(
            follow_up=follow_up, measure_id=measure_id, municipality=None, gender="", category=""
        ).first()
        if value is None and reached is None and not note:
            if existing:
                existing._history_user = follow_up._history_user
                existing.delete()
            continue
        if existing is None:
            existing = MeasureValue(follow_up=follow_up, measure_id=measure_id)
        if (existing.value, existing.reached, existing.note) != (value, reached, note):
            existing.value, existing.reached, existing.note = value, reached, note
            existing._history_user = follow_up._history_user
            existing.save()


def _store_sub_item_results(follow_up: FollowUp, texts: dict[int, str]) -> None:
    for sub_item_id, text in texts.items():
        result = SubItemResult.objects.filter(follow_up=follow_up, sub_item_id=sub_item_id).first()
        result = result or SubItemResult(follow_up=follow_up, sub_item_id=sub_item_id)
        if result.pk is None or result.text != text:
            result.text = text
            result._history_user = follow_up._history_user
            result.save()


Cell = tuple[int, int | None, str, str]  # (mätetal id, kommun id or None, kön, category)


@transaction.atomic
def save_value_grid(
    *, goal: Goal, period: Period, user, cells: dict[Cell, Decimal | None], expected_version: int
) -> FollowUp:
    """Store a grid of values (per kommun and kön, or per survey answer) in the unit's follow-up,
    creating a draft if there is none. An empty cell removes its value."""
    measure_ids = set(goal.measures.values_list("id", flat=True))
    if any(measure_id not in measure_ids for measure_id, *_rest in cells):
        raise FollowUpError(_("Mätetalet hör inte till målet."))
    if not period.is_open or period.plan_year_id != goal.plan_year_id:
        raise FollowUpError(_("Perioden är stängd. Uppföljningen kan inte längre ändras."))
    follow_up = FollowUp.objects.select_for_update().filter(goal=goal, period=period).first()
    if follow_up is None:
        follow_up = FollowUp(goal=goal, period=period, version=0, author=user)
    elif follow_up.version != expected_version:
        raise ConflictError(follow_up)
    elif follow_up.state in (State.SUBMITTED, State.APPROVED):
        raise FollowUpError(_("Uppföljningen är inskickad och kan inte ändras nu."))
    follow_up.version += 1
    follow_up.author = user
    follow_up._history_user = user
    follow_up._change_reason = "values"
    try:
        with transaction.atomic():
            follow_up.save()
    except IntegrityError:
        raise ConflictError(FollowUp.objects.get(goal=goal, period=period))

    for (measure_id, municipality_id, gender, category), value in cells.items():
        existing = MeasureValue.objects.filter(
            follow_up=follow_up,
            measure_id=measure_id,
            municipality_id=municipality_id,
            gender=gender,
            category=category,
        ).first()
        if value is None and existing is not None and (existing.note or existing.reached is not None):
            # The same row holds what the follow-up form wrote (a note, a milestone): keep it.
            existing.value = None
            existing._history_user = user
            existing.save()
            continue
        if value is None:
            if existing:
                existing._history_user = user
                existing.delete()
            continue
        if existing is None:
            existing = MeasureValue(
                follow_up=follow_up,
                measure_id=measure_id,
                municipality_id=municipality_id,
                gender=gender,
                category=category,
            )
        if existing.value != value:
            existing.value = value
            existing._history_user = user
            existing.save()
    return follow_up


def _decide(follow_up: FollowUp, user, state: str, comment: str, reason: str) -> FollowUp:
    locked = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if locked.state != State.SUBMITTED:
        raise FollowUpError(_("Bara inskickade uppföljningar kan godkännas eller återsändas."))
    locked.state = state
    locked.return_comment = comment
    locked.decided_at = timezone.now()
    locked.version += 1
    locked._history_user = user
    locked._change_reason = reason
    locked.save()
    return locked


@transaction.atomic
def approve_follow_up(*, follow_up: FollowUp, user) -> FollowUp:
    return _decide(follow_up, user, State.APPROVED, "", "approve")


@transaction.atomic
def return_follow_up(*, follow_up: FollowUp, user, comment: str) -> FollowUp:
    if not comment.strip():
        raise FollowUpError(_("Skriv vad enheten ska ändra."))
    return _decide(follow_up, user, State.RETURNED, comment, "return")


@transaction.atomic
def set_period_open(*, period: Period, is_open: bool) -> Period:
    period.is_open = is_open
    period.save(update_fields=["is_open"])
    return period


KANSLI_GROUP = "Kansliet"
KANSLI_APPS = ("goals", "reports", "simple_history")


@transaction.atomic
def make_kansli(*, user, organisation) -> None:
    """Give a user kansliet's role: the overview, the prints and the admin site for the domain."""
    from django.contrib.auth.models import Group, Permission

    from .models import Membership, Role

    group, _created = Group.objects.get_or_create(name=KANSLI_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=KANSLI_APPS)
        | Permission.objects.filter(content_type__app_label="auth", codename="view_user")
    )
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
    Membership.objects.get_or_create(user=user, organisation=organisation, unit=None, role=Role.KANSLI)
