"""bin/loadtest's parts that run without gunicorn: the refusal on SQLite and the throw-away data."""

import tempfile
from pathlib import Path
from unittest import mock

from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import LiveServerTestCase, SimpleTestCase, TestCase

from goals.loadtest import client, data, server
from goals.models import FollowUp, Organisation

from .conftest import require


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


class BackendMeterTests(SimpleTestCase):
    def test_only_the_backends_of_this_database_are_counted(self):
        name = connection.settings_dict["NAME"]
        titles = {
            "101": f"postgres: maluppfyllelse {name} 127.0.0.1(5001) idle",
            "102": f"postgres: {name} test_{name}_other 127.0.0.1(5002) idle",  # the role has the name
            "103": "postgres: checkpointer",
            "105": f"postgres: 15/main: {name} {name} 127.0.0.1(5003) idle",  # Debian names the cluster
            "106": f"postgres: 15/main: {name} test_{name}_other 127.0.0.1(5004) idle",
            "104": f"python manage.py loadtest {name}",
        }
        with tempfile.TemporaryDirectory() as proc:
            for pid, title in titles.items():
                (Path(proc) / pid).mkdir()
                (Path(proc) / pid / "cmdline").write_bytes(title.replace(" ", "\0").encode())
            (Path(proc) / "self").mkdir()
            self.assertEqual(sorted(server.database_backends(Path(proc))), [101, 105])


class LoadClientTests(LiveServerTestCase):
    """The virtual users against a live server: each save is acknowledged only when the
    database holds it, so the run's lost-update check has something true to compare."""

    def test_savers_and_visitors_are_counted_and_their_last_texts_stored(self):
        # Concurrent savers need a database that takes concurrent writers (the command refuses SQLite).
        require(connection.vendor == "postgresql", "the load client's test needs PostgreSQL (as .ci/run gives it)")
        installation = data.create(2)
        try:
            meter = mock.Mock(stop=mock.Mock(return_value=0.0))
            phase, outcomes, _cpu = client.save_phase(
                self.live_server_url, installation.users, warmup=0.5, duration=4, think=(0, 0), meter=meter
            )
            self.assertEqual(phase.errors, {})
            self.assertTrue(all(o.acknowledged > 0 for o in outcomes))
            stored = data.stored_texts(installation)
            for outcome in outcomes:
                text, version = stored[outcome.user.goal_id]
                self.assertEqual(text, outcome.last_text)
                self.assertEqual(version, outcome.acknowledged)
            self.assertGreater(len(phase.latencies), 0)
            visits, _cpu = client.login_phase(self.live_server_url, 2, warmup=0.2, duration=1, meter=meter)
            self.assertEqual(visits.errors, {})
            self.assertGreater(len(visits.latencies), 0)
        finally:
            data.remove(installation)
