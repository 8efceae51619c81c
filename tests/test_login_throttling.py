"""Login throttling (django-axes) on the app's login and the admin's, keyed on username + address."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.test import RequestFactory, TestCase, override_settings
from django.utils import timezone

from tracker.security import client_ip

from . import factories

APP_LOGIN = "/konto/login/"
ADMIN_LOGIN = "/admin/login/"
LOCKED_OUT = "För många inloggningsförsök"


class LockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.chef = factories.manager("chef", cls.data)

    def attempt(self, username, password, url=APP_LOGIN, address="192.0.2.10", **extra):
        data = {"username": username, "password": password}
        if url == APP_LOGIN:
            data["next"] = "/"
        return self.client.post(url, data, REMOTE_ADDR=address, **extra)

    def fail_logins(self, times, username="kansli", **kwargs):
        return [self.attempt(username, "fel-losen", **kwargs) for _ in range(times)]

    def assert_logged_in(self, user):
        self.assertEqual(self.client.session.get("_auth_user_id"), str(user.pk))

    def assert_logged_out(self):
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_wrong_passwords_below_the_limit_get_the_form_again(self):
        responses = self.fail_logins(settings.AXES_FAILURE_LIMIT - 1)
        self.assertEqual({r.status_code for r in responses}, {200})
        self.assertContains(responses[-1], "Användarnamnet eller lösenordet stämmer inte")
        self.assertEqual(self.attempt("kansli", factories.PASSWORD).status_code, 302)
        self.assert_logged_in(self.kansli)

    def test_the_limit_locks_out_with_a_swedish_page_in_the_apps_look(self):
        *_, last = self.fail_logins(settings.AXES_FAILURE_LIMIT)
        self.assertEqual(last.status_code, 429)
        self.assertContains(last, LOCKED_OUT, status_code=429)
        self.assertContains(last, f"efter {settings.AXES_FAILURE_LIMIT} misslyckade försök", status_code=429)
        minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
        self.assertContains(last, f"Försök igen om {minutes} minuter", status_code=429)
        self.assertTemplateUsed(last, "base.html")
        self.assertContains(last, 'lang="sv"', status_code=429)

    def test_the_right_password_is_refused_during_the_lockout(self):
        self.fail_logins(settings.AXES_FAILURE_LIMIT)
        response = self.attempt("kansli", factories.PASSWORD)
        self.assertContains(response, LOCKED_OUT, status_code=429)
        self.assert_logged_out()
        self.assertRedirects(self.client.get("/mina-mal/"), "/konto/login/?next=/mina-mal/")

    def test_other_users_and_the_same_user_elsewhere_are_not_locked_out(self):
        self.fail_logins(settings.AXES_FAILURE_LIMIT)
        # Another account from the attacker's address.
        self.assertEqual(self.attempt("chef", factories.PASSWORD).status_code, 302)
        self.assert_logged_in(self.chef)
        self.client.logout()
        # The locked account's owner at their own computer.
        self.assertEqual(self.attempt("kansli", factories.PASSWORD, address="198.51.100.7").status_code, 302)
        self.assert_logged_in(self.kansli)

    def test_the_admin_login_is_throttled_too(self):
        responses = self.fail_logins(settings.AXES_FAILURE_LIMIT, url=ADMIN_LOGIN)
        self.assertEqual(responses[0].status_code, 200)
        self.assertContains(responses[-1], LOCKED_OUT, status_code=429)
        self.assertContains(self.attempt("kansli", factories.PASSWORD, url=ADMIN_LOGIN), LOCKED_OUT, status_code=429)
        self.assert_logged_out()
        # One count for both doors: the app's login is closed to the same guesser as well.
        self.assertContains(self.attempt("kansli", factories.PASSWORD), LOCKED_OUT, status_code=429)

    def test_the_lockout_ends_after_the_cool_off(self):
        self.fail_logins(settings.AXES_FAILURE_LIMIT)
        # The attempts are made to have happened a minute before the cool-off ran out, then after.
        almost = timezone.now() - settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
        AccessAttempt.objects.update(attempt_time=almost)
        self.assertEqual(self.attempt("kansli", factories.PASSWORD).status_code, 429)
        AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - timedelta(seconds=1))
        self.assertEqual(self.attempt("kansli", factories.PASSWORD).status_code, 302)
        self.assert_logged_in(self.kansli)

    def test_a_successful_login_resets_the_count(self):
        self.fail_logins(settings.AXES_FAILURE_LIMIT - 1)
        self.assertEqual(self.attempt("kansli", factories.PASSWORD).status_code, 302)
        self.client.logout()
        responses = self.fail_logins(settings.AXES_FAILURE_LIMIT - 1)
        self.assertEqual({r.status_code for r in responses}, {200})

    def test_every_failure_is_recorded_and_logged(self):
        with self.assertLogs("axes", "WARNING") as logs:
            self.fail_logins(settings.AXES_FAILURE_LIMIT)
        failures = AccessFailureLog.objects.filter(username="kansli", ip_address="192.0.2.10")
        self.assertEqual(failures.count(), settings.AXES_FAILURE_LIMIT)
        self.assertTrue(failures.filter(locked_out=True).exists())
        text = "\n".join(logs.output)
        self.assertEqual(
            text.count("New login failure") + text.count("Repeated login failure"), settings.AXES_FAILURE_LIMIT
        )
        self.assertIn("Locking out", text)
        self.assertIn("kansli", text)
        self.assertNotIn("fel-losen", text)

    @override_settings(AXES_FAILURE_LIMIT=2)
    def test_the_limit_comes_from_the_settings(self):
        first, second = self.fail_logins(2)
        self.assertEqual((first.status_code, second.status_code), (200, 429))

    @override_settings(BEHIND_PROXY=True)
    def test_behind_nginx_the_address_nginx_appended_counts(self):
        # A guesser who writes a new X-Forwarded-For each time is still counted by their address.
        for n in range(settings.AXES_FAILURE_LIMIT):
            response = self.attempt(
                "kansli", "fel-losen", address="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}, 203.0.113.5"
            )
        self.assertEqual(response.status_code, 429)
        other = self.attempt("kansli", factories.PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.99")
        self.assertEqual(other.status_code, 302)


class ClientAddressTests(TestCase):
    def request(self, **meta):
        return RequestFactory().post(APP_LOGIN, **meta)

    @override_settings(BEHIND_PROXY=False)
    def test_without_a_proxy_the_connections_address(self):
        request = self.request(REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.1.1.1")
        self.assertEqual(client_ip(request), "192.0.2.1")

    @override_settings(BEHIND_PROXY=True)
    def test_behind_the_proxy_the_last_forwarded_address(self):
        request = self.request(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.1.1.1, 192.0.2.44")
        self.assertEqual(client_ip(request), "192.0.2.44")
        self.assertEqual(client_ip(self.request(REMOTE_ADDR="127.0.0.1")), "127.0.0.1")


def settings_with(env: dict) -> dict:
    """The settings a fresh process reads from this environment (defaults where unset)."""
    code = (
        "import json, django; from django.conf import settings as s; django.setup(); "
        "print(json.dumps({'limit': s.AXES_FAILURE_LIMIT, 'minutes': s.AXES_COOLOFF_TIME.total_seconds() / 60, "
        "'options': s.DATABASES['default'].get('OPTIONS', {}), 'file_mode': s.FILE_UPLOAD_PERMISSIONS}))"
    )
    names = (
        "LOGIN_FAILURE_LIMIT",
        "LOGIN_LOCKOUT_MINUTES",
        "DATABASE_URL",
        "DB_CONNECT_TIMEOUT",
        "DB_STATEMENT_TIMEOUT",
        "DB_PREPARED_STATEMENTS",
    )
    base = {k: v for k, v in os.environ.items() if k not in names}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "DJANGO_SETTINGS_MODULE": "tracker.settings", **env},
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_documented_defaults_and_environment():
    defaults = settings_with({"DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db?sslmode=prefer"})
    assert (defaults["limit"], defaults["minutes"], defaults["file_mode"]) == (5, 15, 0o640)
    assert defaults["options"] == {
        "sslmode": "prefer",
        "connect_timeout": 5,
        "server_side_binding": True,
        "prepare_threshold": 2,
        "options": "-c statement_timeout=30000",
    }
    chosen = settings_with(
        {
            "LOGIN_FAILURE_LIMIT": "8",
            "LOGIN_LOCKOUT_MINUTES": "60",
            "DATABASE_URL": "postgres://u:p@127.0.0.1:5432/db",
            "DB_CONNECT_TIMEOUT": "2",
            "DB_STATEMENT_TIMEOUT": "0",
            "DB_PREPARED_STATEMENTS": "false",
        }
    )
    assert (chosen["limit"], chosen["minutes"]) == (8, 60)
    assert chosen["options"] == {"connect_timeout": 2}
    # SQLite is left as it was.
    assert settings_with({"DATABASE_URL": "sqlite:////tmp/x.sqlite3"})["options"] == {}
