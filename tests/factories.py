"""Small builders for test data: one organisation with two units, a year, two periods, goals."""

from datetime import date

from django.contrib.auth import get_user_model

from goals.models import (
    Goal,
    GoalKind,
    Measure,
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
from goals.services import make_kansli

PASSWORD = "test-losen-123"


def user(username, **extra):
    account = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    return account


def make_level(plan_year, name="Mål/uppdrag", **overrides):
    """A level of the plan; known names get their Swedish forms."""
    values = {
        "key": name.lower().replace("/", "-").replace("å", "a").replace("ä", "a").replace("ö", "o"),
        "name": name,
        "order": plan_year.levels.count(),
        **(
            level_words(name)
            or {"plural": name.lower(), "definite_singular": name.lower(), "definite_plural": name.lower()}
        ),
    }
    values.update(overrides)
    return PlanLevel.objects.create(plan_year=plan_year, **values)


def make_goal(plan_year, **overrides):
    """A goal on the plan's table level (created if the plan has no level yet)."""
    if "level" not in overrides:
        overrides["level"] = plan_year.levels.filter(table_rows=True).first() or make_level(plan_year, table_rows=True)
    values = {"title": "Ett mål", "order": plan_year.goals.count()}
    values.update(overrides)
    return Goal.objects.create(plan_year=plan_year, **values)


def plan(slug="forbundet", year=2025):
    organisation = Organisation.objects.create(slug=slug, name=f"Förbundet {slug}")
    units = [
        Unit.objects.create(organisation=organisation, slug="utveckling", name="Regional utveckling", order=0),
        Unit.objects.create(organisation=organisation, slug="valfard", name="Välfärd", order=1),
    ]
    plan_year = PlanYear.objects.create(organisation=organisation, year=year, strategic_goal="Ett bra område att bo i")
    interim = Period.objects.create(
        plan_year=plan_year,
        kind=PeriodKind.INTERIM,
        end_date=date(year, 8, 31),
        deadline=date(year, 9, 15),
        is_open=True,
    )
    annual = Period.objects.create(plan_year=plan_year, kind=PeriodKind.ANNUAL, end_date=date(year, 12, 31))
    make_level(plan_year, table_rows=True)
    goal = make_goal(plan_year, unit=units[0], title="Minst 25 000 elever på teman", order=0)
    Measure.objects.create(
        goal=goal,
        text="Minst 25 000 elever",
        target_kind=TargetKind.NUMERIC,
        comparator="min",
        target_value=25000,
        unit_label="elever",
        order=0,
    )
    Measure.objects.create(goal=goal, text="Ny strategi antagen", target_kind=TargetKind.MILESTONE, order=1)
    other_goal = make_goal(plan_year, unit=units[1], title="Välfärdens mål", order=1)
    common_goal = make_goal(plan_year, unit=None, kind=GoalKind.GOAL, title="Samverkan", order=2)
    return {
        "organisation": organisation,
        "units": units,
        "plan_year": plan_year,
        "interim": interim,
        "annual": annual,
        "goal": goal,
        "other_goal": other_goal,
        "common_goal": common_goal,
    }


def manager(username, data, unit_index=0):
    account = user(username)
    Membership.objects.create(
        user=account, organisation=data["organisation"], unit=data["units"][unit_index], role=Role.MANAGER
    )
    return account


def kansli(username, data):
    account = user(username)
    make_kansli(user=account, organisation=data["organisation"])
    return account


def reader(username, data):
    account = user(username)
    Membership.objects.create(user=account, organisation=data["organisation"], role=Role.READER)
    return account


def print_order(data, user, **overrides):
    """What kansliet fills in on the Utskrifter page, for services.request_print(**…)."""
    return {
        "organisation": data["organisation"],
        "plan_year": data["plan_year"],
        "period": data["annual"],
        "layout": "enhet",
        "chapter_number": 4,
        "chapter_title": "Måluppfyllelse",
        "organisation_name": "Förbundet",
        "user": user,
        **overrides,
    }


def demo_as_in_the_seeds():
    """The loaded demo without Boråsregionen's illustrative 2026 and with the real 2023's
    delårsrapport open: for the journeys written around the seeds' 2023 plan."""
    PlanYear.objects.filter(organisation__slug="borasregionen", year=2026).delete()
    Period.objects.filter(plan_year__organisation__slug="borasregionen", plan_year__year=2023, kind="interim").update(
        is_open=True
    )
