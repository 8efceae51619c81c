"""Existing memberships stay kansliet's own (not from a login), and kansliet may map groups."""

import pytest

from .test_migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)


def test_existing_memberships_are_manual_and_kansliet_may_map_groups():
    old = migrate([("goals", "0010_mail")])
    User = old.get_model("auth", "User")
    Organisation = old.get_model("goals", "Organisation")
    Membership = old.get_model("goals", "Membership")
    organisation = Organisation.objects.create(slug="gammal", name="Ett förbund")
    user = User.objects.create(username="chef")
    membership = Membership.objects.create(user=user, organisation=organisation, role="reader")
    old.get_model("auth", "Group").objects.create(name="Kansliet")

    new = migrate(latest())
    migrated = new.get_model("goals", "Membership").objects.get(pk=membership.pk)
    assert (migrated.user.username, migrated.role, migrated.from_sso) == ("chef", "reader", False)
    kansliet = new.get_model("auth", "Group").objects.get(name="Kansliet")
    codenames = set(kansliet.permissions.filter(content_type__model="groupmapping").values_list("codename", flat=True))
    assert codenames >= {"add_groupmapping", "change_groupmapping", "delete_groupmapping", "view_groupmapping"}
