import os
import subprocess
import sys
from pathlib import Path

from django.test import TestCase, override_settings

from .conftest import require

ROOT = Path(__file__).resolve().parent.parent


class HealthTests(TestCase):
    def test_it_reports_the_database_and_the_in_process_broker(self):
        response = self.client.get("/health/")
        self.assertEqual(response.json(), {"status": "ok", "database": "ok", "broker": "in-process"})

    @override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")
    def test_an_unreachable_broker_is_an_error(self):
        from tracker.celery import app

        previous, app.conf.broker_url = app.conf.broker_url, "redis://127.0.0.1:1/0"
        try:
            response = self.client.get("/health/")
        finally:
            app.conf.broker_url = previous
        self.assertEqual(response.status_code, 503)
        self.assertTrue(response.json()["broker"].startswith("error"))

    def test_a_reachable_redis_broker_is_ok(self):
        url = os.getenv("TEST_REDIS_URL", "")
        require(bool(url), "no Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/0 (as .ci/run does) to test the broker")
        from tracker.celery import app

        with override_settings(CELERY_BROKER_URL=url):
            previous, app.conf.broker_url = app.conf.broker_url, url
            try:
                response = self.client.get("/health/")
            finally:
                app.conf.broker_url = previous
        self.assertEqual(response.json()["broker"], "ok")


class DeployCheckTests(TestCase):
    def test_production_settings_pass_check_deploy(self):
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": "x" * 64 + "production-secret-for-the-check",
            "ALLOWED_HOSTS": "mal.example.se",
            "SECURE_SSL_REDIRECT": "true",
            "SECURE_COOKIES": "true",
            "SECURE_HSTS_SECONDS": "31536000",
            "BEHIND_PROXY": "true",
        }
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)


class ErrorPageTests(TestCase):
    @override_settings(DEBUG=False)
    def test_a_missing_page_is_explained_in_swedish(self):
        response = self.client.get("/finns-inte/")
        self.assertContains(response, "Sidan finns inte", status_code=404)

    def test_the_server_error_page_renders_without_a_request_context(self):
        from django.template.loader import render_to_string

        self.assertIn("Något gick fel", render_to_string("500.html"))
