"""A throw-away organisation for the load test: one unit, enhetschef and goal (with a number and
a milestone mätetal) per virtual user, an open delårsrapport, and a logged-in session each.

The sessions are made the way django.contrib.auth.login makes them, so the run measures saving,
not password hashing (≈0.5 s of CPU per login by design)."""

import secrets
import time
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import transaction

from tracker.sessions import LOGIN_AT, REFRESHED_AT

from ..models import (
    FollowUp,
    Goal,
    Measure,
    MeasureValue,
    Membership,
    Organisation,
    Period,
    PeriodKind,
    PlanLevel,
    PlanYear,
    Role,
    TargetKind,
    Unit,
    level_words,
)

SLUG_PREFIX = "lasttest-"


@dataclass
class VirtualUser:
    username: str
    session_key: str
    goal_id: int
    period_id: int
    numeric_id: int
    milestone_id: int


@dataclass
class Installation:
    organisation_id: int
    user_ids: list[int]
    session_keys: list[str]
    users: list[VirtualUser]


@transaction.atomic
def create(count: int) -> Installation:
    tag = secrets.token_hex(3)
    organisation = Organisation.objects.create(
        slug=f"{SLUG_PREFIX}{tag}", name=f"Lasttest {tag} (tas bort efter körningen)"
    )
    year = date.today().year
    plan_year = PlanYear.objects.create(organisation=organisation, year=year)
    period = Period.objects.create(
        plan_year=plan_year,
        kind=PeriodKind.INTERIM,
        end_date=date(year, 8, 31),
        deadline=date(year, 9, 15),
        is_open=True,
    )
    level = PlanLevel.objects.create(
        plan_year=plan_year, key="mal", name="Mål", order=0, table_rows=True, **level_words("Mål")
    )
    # One password hash for all: nobody logs in with it, and hashing 100 is a minute of CPU.
    unusable = get_user_model()(username="x")
    unusable.set_unusable_password()
    users, result = [], []
    for index in range(count):
        unit = Unit.objects.create(organisation=organisation, slug=f"enhet-{index}", name=f"Enhet {index}", order=index)
        goal = Goal.objects.create(plan_year=plan_year, level=level, unit=unit, title=f"Mål {index}", order=index)
        numeric = Measure.objects.create(
            goal=goal,
            text="Minst 100 deltagare",
            target_kind=TargetKind.NUMERIC,
            comparator="min",
            target_value=100,
            unit_label="deltagare",
            order=0,
        )
        milestone = Measure.objects.create(goal=goal, text="Plan antagen", target_kind=TargetKind.MILESTONE, order=1)
        user = get_user_model().objects.create(username=f"{organisation.slug}-chef-{index}", password=unusable.password)
        Membership.objects.create(user=user, organisation=organisation, unit=unit, role=Role.MANAGER)
        users.append(user)
        result.append((user, goal, numeric, milestone))
    virtual = [
        VirtualUser(user.username, _session_for(user), goal.pk, period.pk, numeric.pk, milestone.pk)
        for user, goal, numeric, milestone in result
    ]
    return Installation(organisation.pk, [u.pk for u in users], [v.session_key for v in virtual], virtual)


def _session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = next(
        (b for b in settings.AUTHENTICATION_BACKENDS if b.endswith(".ModelBackend")),
        settings.AUTHENTICATION_BACKENDS[0],
    )
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session[LOGIN_AT] = session[REFRESHED_AT] = int(time.time())
    session.create()
    return session.session_key


def stored_texts(installation: Installation) -> dict[int, tuple[str, int]]:
    """Per goal: the text and version the database holds now."""
    rows = FollowUp.objects.filter(goal__plan_year__organisation_id=installation.organisation_id)
    return {goal_id: (text, version) for goal_id, text, version in rows.values_list("goal_id", "text", "version")}


@transaction.atomic
def remove(installation: Installation) -> None:
    """Everything create() made and the run wrote, history rows included."""
    follow_ups = list(
        FollowUp.objects.filter(goal__plan_year__organisation_id=installation.organisation_id).values_list(
            "pk", flat=True
        )
    )
    Organisation.objects.filter(pk=installation.organisation_id).delete()
    # After the cascade, which itself records a deletion in the history of each row.
    MeasureValue.history.model.objects.filter(follow_up_id__in=follow_ups).delete()
    FollowUp.history.model.objects.filter(id__in=follow_ups).delete()
    Session.objects.filter(session_key__in=installation.session_keys).delete()
    get_user_model().objects.filter(pk__in=installation.user_ids).delete()
