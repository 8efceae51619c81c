"""Existing periods get the default reminder days, and kansliet's group may read the mail log."""

import pytest

from .test_migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)


def test_existing_periods_get_the_default_reminder_days_and_kansliet_the_log():
    old = migrate([("goals", "0009_drop_focus_areas_and_sub_items")])
    Organisation = old.get_model("goals", "Organisation")
    PlanYear = old.get_model("goals", "PlanYear")
    Period = old.get_model("goals", "Period")
    Group = old.get_model("auth", "Group")
    organisation = Organisation.objects.create(slug="gammal", name="Ett förbund")
    plan_year = PlanYear.objects.create(organisation=organisation, year=2024)
    period = Period.objects.create(
        plan_year=plan_year, kind="interim", end_date="2024-08-31", deadline="2024-09-16", is_open=True
    )
    Group.objects.create(name="Kansliet")

    new = migrate(latest())
    migrated = new.get_model("goals", "Period").objects.get(pk=period.pk)
    assert (migrated.reminder_days, str(migrated.deadline), migrated.is_open) == ("14,3,-1", "2024-09-16", True)
    kansliet = new.get_model("auth", "Group").objects.get(name="Kansliet")
    assert set(kansliet.permissions.filter(content_type__model="sentmail").values_list("codename", flat=True)) >= {
        "view_sentmail"
    }
