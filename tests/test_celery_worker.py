"""A chapter print queued from the web, rendered by a real Celery worker consuming from Redis.

Needs PostgreSQL (the worker is another process and must see the test database) and Redis;
.ci/run provides both.
"""

import os
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from goals.models import Period
from reports.models import ChapterPrint, PrintState
from tracker.celery import app

from .conftest import require

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def services(settings, tmp_path):
    redis_url = os.getenv("TEST_REDIS_URL", "")
    require(
        connection.vendor == "postgresql" and bool(redis_url),
        "the worker test needs PostgreSQL and Redis: set DATABASE_URL=postgres://… and "
        "TEST_REDIS_URL=redis://127.0.0.1:6379/0 (as .ci/run does)",
    )
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CELERY_BROKER_URL = redis_url
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")}
    app.conf.update(broker_url=redis_url, task_always_eager=False)
    reset_connections()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": redis_url,
        "CELERY_VISIBILITY_TIMEOUT": "3",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    workers = []

    def start_worker():
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "tracker",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "--without-mingle",
                "--without-gossip",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        workers.append(worker)
        return worker

    call_command("load_demo", stdout=StringIO())
    yield start_worker
    for worker in workers:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=30)
    app.conf.update(previous)
    reset_connections()


def reset_connections():
    """Forget pooled broker connections, so the next task goes to the broker now configured."""
    app._pool = None
    app.amqp._producer_pool = None


def wait_for(chapter_print, states, seconds, interval=0.05):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        chapter_print.refresh_from_db()
        if chapter_print.state in states:
            return chapter_print
        time.sleep(interval)
    pytest.fail(f"print {chapter_print.pk} still {chapter_print.state} after {seconds} s")


def order_print(client):
    client.login(username="kansli", password="demo-losen-2023")
    period = Period.objects.get(plan_year__year=2023, kind="annual")
    response = client.post(
        "/rapporter/borasregionen/",
        {
            "period": period.pk,
            "layout": "enhet",
            "chapter_number": 4,
            "chapter_title": "Måluppfyllelse",
            "organisation_name": "Boråsregionen Sjuhärads kommunalförbund",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ChapterPrint.objects.latest("pk")


def test_a_print_queued_from_the_web_is_rendered_by_the_worker_and_downloads(services, client):
    services()
    chapter_print = order_print(client)
    wait_for(chapter_print, {PrintState.DONE, PrintState.FAILED}, 120)
    assert chapter_print.state == PrintState.DONE, chapter_print.error
    response = client.get(f"/rapporter/utskrift/{chapter_print.pk}/pdf/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
