"""Writes to follow-ups: each function is one user action, done in one transaction.

Every change to a follow-up goes through `lock_follow_up` (lock or create, check the state rule,
check the version the user saw, bump it, record who and why) and every value through
`upsert_values`: the form, the grids, the review, the Kolada import and the admin share them.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import access
from .models import FollowUp, Goal, MailKind, MailPreference, MeasureValue, Period, State
from .tasks import queue_decision_mail


class FollowUpError(Exception):
    """An action that is not allowed in the follow-up's current state; the message is for the user."""


class ConflictError(FollowUpError):
    """Someone else saved the follow-up after this user opened it."""

    def __init__(self, current: FollowUp):
        who = (current.author.get_full_name() or current.author.username) if current.author else _("Någon")
        super().__init__(
            _(
                "%(who)s sparade den här uppföljningen efter att du öppnade den. Din text finns kvar i formuläret; "
                "jämför med den sparade texten nedan och spara igen när du har fört över det som ska med."
            )
            % {"who": who}
        )
        self.current = current


def lock_follow_up(
    *, goal: Goal, period: Period, user, reason: str, expected_version: int | None, as_kansli: bool = False
) -> FollowUp:
    """The follow-up of `goal` for `period`, locked for this transaction (or a new one), with its
    version bumped and its history bookkeeping set; call `store` on it when the changes are made.

    `expected_version` is the version the user's page was opened with (0 for none yet); None
    means the caller holds no page (an import), which only kansliet does.
    """
    if period.plan_year_id != goal.plan_year_id:
        raise FollowUpError(_("Perioden hör inte till målets år."))
    if not goal.level.followed_up:
        raise FollowUpError(_("Mål på nivån %(level)s följs inte upp för sig.") % {"level": goal.level.name.lower()})
    # Only the follow-up's row: FOR UPDATE over a join (the model's ordering joins goal and
    # period) would lock the period's row too and make every unit's save wait for the others'.
    follow_up = FollowUp.objects.select_for_update(of=("self",)).filter(goal=goal, period=period).order_by("pk").first()
    if follow_up is None:
        follow_up = FollowUp(goal=goal, period=period, version=0)
    # The caller's goal (with its mätetal loaded) and period, rather than reading them again.
    follow_up.goal, follow_up.period = goal, period
    if expected_version is not None and follow_up.version != expected_version:
        # The form's text after the user's own grid of figures is no conflict; two grids are.
        if reason == "values" or not _only_own_grid_saves_since(follow_up, expected_version, user):
            raise ConflictError(follow_up)
    refusal = follow_up.change_refusal(as_kansli=as_kansli)
    if refusal:
        raise FollowUpError(refusal)
    follow_up.version += 1
    follow_up.author = user
    follow_up._history_user = user
    follow_up._change_reason = reason
    return follow_up


def _only_own_grid_saves_since(follow_up: FollowUp, version: int, user) -> bool:
    """Whether every save since `version` was this user's own grid of figures (per kommun, per
    kön …): the form's text and the grid's cells are separate, so the form may be saved over them."""
    if user is None or not getattr(user, "pk", None):
        return False
    since = follow_up.history.filter(version__gt=version).values_list("history_change_reason", "history_user_id")
    return bool(since) and all(reason == "values" and who == user.pk for reason, who in since)


def store(follow_up: FollowUp) -> FollowUp:
    if follow_up.pk:  # locked by lock_follow_up: an update cannot lose a race
        follow_up.save()
        return follow_up
    try:
        # A savepoint, so that losing a race to create the same follow-up leaves the outer
        # transaction usable for the conflict message.
        with transaction.atomic():
            follow_up.save()
    except IntegrityError:
        raise ConflictError(FollowUp.objects.get(goal_id=follow_up.goal_id, period_id=follow_up.period_id))
    return follow_up


# A value's place: (mätetal, del, kommun, del av indelning, kön, svarsalternativ)
Cell = tuple[int, int | None, int | None, int | None, str, str]


def main_cell(measure_id: int) -> Cell:
    return (measure_id, None, None, None, "", "")


@dataclass
class CellData:
    value: Decimal | None = None
    unit_label: str = ""
    reached: bool | None = None
    note: str = ""
    previous_value: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.reached is None and not self.note and self.previous_value is None


FIELDS = ("value", "unit_label", "reached", "note", "previous_value")


def _cell_of(value: MeasureValue) -> Cell:
    return (
        value.measure_id,
        value.component_id,
        value.municipality_id,
        value.item_id,
        value.gender,
        value.category,
    )


def upsert_values(follow_up: FollowUp, cells: dict[Cell, CellData], *, only: tuple[str, ...] = FIELDS) -> int:
    """Write the given cells of the follow-up (one read of what is stored); an empty cell removes
    its row. `only` names the fields the caller owns: a grid of figures leaves the words and
    judgements the form wrote in the same row alone. Returns how many rows changed."""
    measure_ids = {m.pk for m in follow_up.goal.measures.all()}
    if any(cell[0] not in measure_ids for cell in cells):
        raise FollowUpError(_("Mätetalet hör inte till målet."))
    existing = {_cell_of(v): v for v in MeasureValue.objects.filter(follow_up=follow_up).order_by()}
    changed = 0
    for cell, data in cells.items():
        row = existing.get(cell)
        if row is None:
            if data.is_empty:
                continue
            measure_id, component_id, municipality_id, item_id, gender, category = cell
            row = MeasureValue(
                follow_up=follow_up,
                measure_id=measure_id,
                component_id=component_id,
                municipality_id=municipality_id,
                item_id=item_id,
                gender=gender,
                category=category,
            )
        new = {name: getattr(data, name) for name in only}
        kept = {name: getattr(row, name) for name in FIELDS if name not in only}
        row._history_user = follow_up._history_user
        if CellData(**new, **kept).is_empty:
            if row.pk:
                row.delete()
                changed += 1
            continue
        if row.pk and all(getattr(row, name) == value for name, value in new.items()):
            continue
        for name, value in new.items():
            setattr(row, name, value)
        row.save()
        changed += 1
    return changed


@transaction.atomic
def save_follow_up(
    *,
    goal: Goal,
    period: Period,
    user,
    status: str,
    text: str,
    values: dict[Cell, CellData],
    status_reason: str = "",
    print_reason: bool = False,
    expected_version: int,
    submit: bool,
    as_kansli: bool = False,
) -> FollowUp:
    """Save the unit's draft (and optionally submit it) for one goal and period."""
    follow_up = lock_follow_up(
        goal=goal,
        period=period,
        user=user,
        reason="submit" if submit else "save",
        expected_version=expected_version,
        as_kansli=as_kansli,
    )
    follow_up.status = status
    follow_up.text = text
    follow_up.status_reason = status_reason
    follow_up.print_reason = print_reason and bool(status_reason)
    if submit:
        follow_up.state = State.SUBMITTED
        follow_up.submitted_at = timezone.now()
    elif follow_up.state != State.RETURNED:
        follow_up.state = State.DRAFT
    store(follow_up)
    upsert_values(follow_up, values, only=("value", "unit_label", "reached", "note"))
    return follow_up


@transaction.atomic
def save_value_grid(
    *, goal: Goal, period: Period, user, cells: dict[Cell, Decimal | None], expected_version: int
) -> FollowUp:
    """Store a grid of figures (per kommun and kön, per dimension, per survey answer) in the
    unit's follow-up, creating a draft if there is none. An empty cell removes its figure."""
    follow_up = lock_follow_up(goal=goal, period=period, user=user, reason="values", expected_version=expected_version)
    store(follow_up)
    upsert_values(follow_up, {cell: CellData(value=value) for cell, value in cells.items()}, only=("value",))
    return follow_up


def _decide(
    follow_up: FollowUp, user, *, state: str, comment: str, reason: str, expected_version: int | None, **changes
):
    locked = (
        FollowUp.objects.select_for_update(of=("self",)).select_related("period", "goal__level").get(pk=follow_up.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise FollowUpError(
            _(
                "Enheten har ändrat uppföljningen sedan du öppnade den. Läs den nya versionen innan du godkänner eller återsänder."
            )
        )
    if locked.state != State.SUBMITTED:
        raise FollowUpError(_("Bara inskickade uppföljningar kan godkännas eller återsändas."))
    locked.state = state
    locked.return_comment = comment
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.decided_at = timezone.now()
    locked.version += 1
    locked._history_user = user
    locked._change_reason = reason
    locked.save()
    return locked


@transaction.atomic
def approve_follow_up(
    *, follow_up: FollowUp, user, expected_version: int | None = None, print_disagreement: bool | None = None
) -> FollowUp:
    """Kansliet approves; it may also decide whether a status against the mätetal is marked in print."""
    changes = {} if print_disagreement is None else {"print_disagreement": print_disagreement}
    decided = _decide(
        follow_up,
        user,
        state=State.APPROVED,
        comment="",
        reason="approve",
        expected_version=expected_version,
        **changes,
    )
    _mail_on_commit(decided.pk, MailKind.APPROVED)
    return decided


@transaction.atomic
def return_follow_up(*, follow_up: FollowUp, user, comment: str, expected_version: int | None = None) -> FollowUp:
    if not comment.strip():
        raise FollowUpError(_("Skriv vad enheten ska ändra."))
    decided = _decide(
        follow_up, user, state=State.RETURNED, comment=comment, reason="return", expected_version=expected_version
    )
    _mail_on_commit(decided.pk, MailKind.RETURNED)
    return decided


def _mail_on_commit(follow_up_id: int, kind: str) -> None:
    # After the commit, so a rolled-back decision mails nobody and a failing mail server never
    # undoes one; the task logs every attempt.
    transaction.on_commit(lambda: queue_decision_mail(follow_up_id, str(kind)))


@transaction.atomic
def withdraw_follow_up(*, follow_up: FollowUp, user, expected_version: int) -> FollowUp:
    """The unit takes back what it sent in, as long as kansliet has not decided on it yet, and
    goes on writing; the text and figures stay as they were sent."""
    locked = FollowUp.objects.select_for_update(of=("self",)).select_related("period").get(pk=follow_up.pk)
    if locked.state != State.SUBMITTED:
        raise FollowUpError(_("Uppföljningen kan inte tas tillbaka: kansliet har redan godkänt eller återsänt den."))
    if locked.version != expected_version:
        raise FollowUpError(_("Uppföljningen har ändrats sedan du öppnade sidan. Läs den igen och försök på nytt."))
    if not locked.period.is_open:
        raise FollowUpError(_("Perioden är stängd. Uppföljningen kan inte längre ändras."))
    locked.state = State.DRAFT
    locked.submitted_at = None
    locked.version += 1
    locked.author = user
    locked._history_user = user
    locked._change_reason = "withdraw"
    locked.save()
    return locked


@transaction.atomic
def set_period_open(*, period: Period, is_open: bool) -> Period:
    period.is_open = is_open
    # Who comes from the request (HistoryRequestMiddleware); the Logg names the event.
    period._change_reason = "open" if is_open else "close"
    period.save(update_fields=["is_open"])
    return period


KANSLI_GROUP = "Kansliet"
KANSLI_APPS = ("goals", "reports", "simple_history")


@transaction.atomic
def make_kansli(*, user, organisation) -> None:
    """Give a user kansliet's role: the overview, the prints and the admin site for the domain."""
    from .models import Membership, Role

    give_kansli_rights(user=user)
    Membership.objects.get_or_create(user=user, organisation=organisation, unit=None, role=Role.KANSLI)
    access.forget(user)  # what this user may do was read before the new role


def give_kansli_rights(*, user) -> None:
    """The admin site for the domain, which kansliet's membership needs beside it."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=KANSLI_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label__in=KANSLI_APPS)
        | Permission.objects.filter(content_type__app_label="auth", codename="view_user")
    )
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)


def take_kansli_rights(*, user) -> None:
    """Undo give_kansli_rights for a user who is no longer kansli anywhere (a superuser keeps it)."""
    from django.contrib.auth.models import Group

    if user.is_superuser:
        return
    user.is_staff = False
    user.save(update_fields=["is_staff"])
    user.groups.remove(*Group.objects.filter(name=KANSLI_GROUP))


@transaction.atomic
def save_mail_settings(*, user, email: str, reminders: bool, decisions: bool):
    """The user's own e-postinställningar: the address and which mails to get."""
    user.email = email
    user.save(update_fields=["email"])
    preference, _created = MailPreference.objects.update_or_create(
        user=user, defaults={"reminders": reminders, "decisions": decisions}
    )
    return preference
