import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

from django.test import TestCase, override_settings

from .conftest import require

ROOT = Path(__file__).resolve().parent.parent


@contextmanager
def point_broker_at(url):
    """Point the Celery app at another broker for one test (its pooled connections forgotten)."""
    from tracker.celery import app

    previous = app.conf.broker_url
    with override_settings(CELERY_BROKER_URL=url):
        app.conf.broker_url = url
        app._pool = app.amqp._producer_pool = None
        try:
            yield
        finally:
            app.conf.broker_url = previous
            app._pool = app.amqp._producer_pool = None


class HealthTests(TestCase):
    def test_without_a_broker_everything_runs_in_process(self):
        response = self.client.get("/health/")
        body = response.json()
        self.assertEqual(response.status_code, 200)
        self.assertLess(body.pop("seconds"), 2)
        self.assertEqual(
            body,
            {
                "status": "ok",
                "database": "ok",
                "broker": "in-process",
                "worker": "in-process",
                "beat": "in-process",
                "media": "ok",
                "queue": "ok (empty)",
            },
        )
        self.assertEqual(response["Cache-Control"], "no-store")

    def test_an_unreachable_broker_is_an_error_and_so_is_the_worker(self):
        with point_broker_at("redis://127.0.0.1:1/0"):
            response = self.client.get("/health/")
        self.assertEqual(response.status_code, 503)
        body = response.json()
        self.assertEqual(body["status"], "error")
        self.assertTrue(body["broker"].startswith("error"))
        self.assertEqual(body["worker"], "error: no broker")

    def test_a_print_waiting_longer_than_a_render_takes_is_an_error(self):
        from datetime import timedelta

        from django.utils import timezone

        from reports.models import ChapterPrint, Layout

        from . import factories

        data = factories.plan()
        ChapterPrint.objects.create(
            organisation=data["organisation"],
            plan_year=data["plan_year"],
            period=data["annual"],
            layout=Layout.UNIT,
            chapter_number=4,
            queued_at=timezone.now() - timedelta(seconds=1000),
        )
        response = self.client.get("/health/")
        self.assertEqual(response.status_code, 503)
        self.assertRegex(response.json()["queue"], r"^error: oldest print waiting 10\d\d s$")

    def test_a_media_folder_that_cannot_be_written_is_an_error(self):
        with tempfile.NamedTemporaryFile() as not_a_folder:
            with override_settings(MEDIA_ROOT=Path(not_a_folder.name)):
                response = self.client.get("/health/")
        self.assertEqual(response.status_code, 503)
        self.assertTrue(response.json()["media"].startswith("error"))

    @override_settings(ALLOWED_HOSTS=["mal.example.se"], SECURE_SSL_REDIRECT=True)
    def test_a_monitor_on_the_server_itself_reaches_it_over_plain_http(self):
        response = self.client.get("/health/", HTTP_HOST="127.0.0.1:8000")
        self.assertEqual(response.status_code, 200)
        # Only /health/ is exempt: any other page for that host is refused as before.
        self.assertEqual(self.client.get("/konto/login/", HTTP_HOST="127.0.0.1:8000").status_code, 400)
        self.assertEqual(self.client.get("/konto/login/", HTTP_HOST="mal.example.se").status_code, 301)

    def test_a_reachable_broker_without_worker_or_beat_is_an_error(self):
        url = os.getenv("TEST_REDIS_URL", "")
        require(bool(url), "no Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/0 (as .ci/run does) to test the broker")
        from django.utils import timezone

        from reports.models import Heartbeat

        with point_broker_at(url):
            response = self.client.get("/health/")
            body = response.json()
            self.assertEqual(response.status_code, 503)
            self.assertEqual(body["broker"], "ok")
            self.assertEqual(body["worker"], "error: no worker answered")
            self.assertEqual(body["beat"], "error: never ran")
            self.assertLess(body["seconds"], 2)

            Heartbeat.objects.create(name="tick", at=timezone.now())
            self.assertRegex(self.client.get("/health/").json()["beat"], r"^ok \(\d+ s ago\)$")


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "tracker.production",
    "SECRET_KEY": "x" * 64 + "production-secret-for-the-check",
    "DATABASE_URL": "postgres://maluppfyllelse:hemligt@127.0.0.1:5432/maluppfyllelse",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "mal.example.se",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "BEHIND_PROXY": "true",
}


def manage(*args, **env):
    """manage.py in a process of its own, with only the given environment (and PATH)."""
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


class ProductionSettingsTests(TestCase):
    def test_production_settings_pass_check_deploy(self):
        result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_an_empty_environment_stops_the_start_with_every_reason(self):
        result = manage("check", DJANGO_SETTINGS_MODULE="tracker.production")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("Startar inte i produktionsläge / refusing to start in production", result.stderr)
        for reason in ("DATABASE_URL saknas", "CELERY_BROKER_URL saknas", "SECRET_KEY saknas"):
            self.assertIn(reason, result.stderr)

    def test_each_unsafe_setting_alone_is_refused(self):
        cases = {
            "DEBUG är på": {"DEBUG": "true"},
            "DATABASE_URL saknas eller är SQLite": {"DATABASE_URL": "sqlite:///db.sqlite3"},
            "CELERY_BROKER_URL saknas": {"CELERY_BROKER_URL": ""},
            "SECRET_KEY saknas, är utvecklingsnyckeln": {
                "SECRET_KEY": "dev-only-insecure-key-change-me-in-production-0123456789"
            },
        }
        for reason, change in cases.items():
            with self.subTest(reason):
                result = manage("check", **{**PRODUCTION_ENV, **change})
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(reason, result.stderr)

    def test_a_yes_no_setting_that_is_neither_stops_the_start(self):
        result = manage("check", **{**PRODUCTION_ENV, "SECURE_COOKIES": "ja"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECURE_COOKIES='ja': skriv true eller false", result.stderr)


class ErrorPageTests(TestCase):
    @override_settings(DEBUG=False)
    def test_a_missing_page_is_explained_in_swedish(self):
        response = self.client.get("/finns-inte/")
        self.assertContains(response, "Sidan finns inte", status_code=404)

    def test_the_server_error_page_renders_without_a_request_context(self):
        from django.template.loader import render_to_string

        self.assertIn("Något gick fel", render_to_string("500.html"))
