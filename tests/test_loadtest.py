"""bin/loadtest's parts that run without gunicorn: the refusal on SQLite and the throw-away data."""

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase

from goals.loadtest import data
from goals.models import FollowUp, Organisation


class LoadTestTests(TestCase):
    def test_it_refuses_sqlite_with_a_reason(self):
        if connection.vendor != "sqlite":
            self.skipTest("the suite runs on PostgreSQL here")
        with self.assertRaisesMessage(CommandError, "PostgreSQL"):
            call_command("loadtest", "--users", "1", "--duration", "1")
        self.assertFalse(Organisation.objects.filter(slug__startswith=data.SLUG_PREFIX).exists())

    def test_the_installation_is_logged_in_and_removed_without_a_trace(self):
        users_before, sessions_before = get_user_model().objects.count(), Session.objects.count()
        installation = data.create(3)
        self.assertEqual(len(installation.users), 3)
        session = Session.objects.get(session_key=installation.users[0].session_key).get_decoded()
        self.assertEqual(session["_auth_user_id"], str(installation.user_ids[0]))
        user = installation.users[0]
        follow_up = FollowUp.objects.create(goal_id=user.goal_id, period_id=user.period_id, text="Sparad")
        self.assertEqual(data.stored_texts(installation), {user.goal_id: ("Sparad", follow_up.version)})
        data.remove(installation)
        self.assertFalse(Organisation.objects.filter(pk=installation.organisation_id).exists())
        self.assertEqual(get_user_model().objects.count(), users_before)
        self.assertEqual(Session.objects.count(), sessions_before)
        self.assertFalse(FollowUp.history.filter(id=follow_up.pk).exists())
