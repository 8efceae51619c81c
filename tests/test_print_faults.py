"""Faults injected into a real stack on loopback: a Celery worker and beat (processes of their
own), PostgreSQL and a Redis started for each test. Each test breaks one thing mid-print and
asserts how the print ends and that nothing was lost.

Needs PostgreSQL (the worker is another process and must see the test database) and the
redis-server program; .ci/run provides both and also sets TEST_PG_RESTART, the command that
restarts the PostgreSQL cluster for the restart test.
"""

import hashlib
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from reports import services as print_services
from reports.models import ChapterPrint, PrintState
from tracker.celery import app

from .conftest import require
from .test_celery_worker import order_print, reset_connections, wait_for

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.services]

# Longer than a render of the demo chapter takes here, short enough for the sweep to be seen.
PRINT_TIMEOUT = 15


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Stack:
    """The processes of one test, each in a session of its own so a kill takes all its children
    (as systemd does with a unit's control group)."""

    def __init__(self, tmp_path, settings):
        self.tmp_path = tmp_path
        self.redis_port = free_port()
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        self.redis = None
        self.processes = []
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_BROKER_URL": self.redis_url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PRINT_TIMEOUT": str(PRINT_TIMEOUT),
            "TICK_SECONDS": "1",
        }

    def start_redis(self):
        self.redis = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.redis_port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail("redis-server did not start")

    def stop_redis(self):
        self.redis.terminate()
        self.redis.wait(timeout=10)

    def start(self, *command, name):
        log = open(self.tmp_path / f"{name}-{len(self.processes)}.log", "wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "tracker", *command],
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.processes.append(process)
        return process

    def start_worker(self):
        # The pool production runs (prefork), one child: prints are handled one at a time.
        return self.start("worker", "--concurrency=1", "--loglevel=INFO", "--without-mingle", name="worker")

    def start_beat(self):
        schedule = self.tmp_path / "celerybeat-schedule"
        return self.start("beat", "--loglevel=INFO", f"--schedule={schedule}", name="beat")

    @staticmethod
    def kill(process):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)

    def logs(self) -> str:
        return "\n".join(
            f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in self.tmp_path.glob("*.log")
        )

    def close(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    self.kill(process)
        if self.redis and self.redis.poll() is None:
            self.stop_redis()


@pytest.fixture
def stack(settings, tmp_path):
    require(
        connection.vendor == "postgresql" and bool(shutil.which("redis-server")),
        "the fault tests need PostgreSQL (DATABASE_URL=postgres://…) and redis-server, as .ci/run provides",
    )
    settings.MEDIA_ROOT = tmp_path / "media"
    stack = Stack(tmp_path, settings)
    stack.start_redis()
    settings.CELERY_BROKER_URL = stack.redis_url
    previous = {key: app.conf[key] for key in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=stack.redis_url, task_always_eager=False)
    reset_connections()
    call_command("load_demo", stdout=StringIO())
    yield stack
    stack.close()
    app.conf.update(previous)
    reset_connections()


def pdfs(settings) -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    return sorted(media.rglob("*.pdf")) if media.exists() else []


def digest(chapter_print) -> str:
    with chapter_print.file.open("rb") as stored:
        return hashlib.sha256(stored.read()).hexdigest()


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} not within {seconds} s")


def health(client):
    return client.get("/health/").json()


def measured(what: str, since: float) -> None:
    """A figure for the README's table of faults: `pytest tests/test_print_faults.py -s | grep fault:`."""
    print(f"\nfault: {what}: {time.monotonic() - since:.1f} s")


def test_a_worker_killed_mid_print_is_handed_on_by_the_sweep(stack, client, settings):
    worker = stack.start_worker()
    stack.start_beat()
    chapter_print = order_print(client)
    wait_for(chapter_print, {PrintState.RUNNING}, 60, interval=0.01)
    stack.kill(worker)
    killed = time.monotonic()
    chapter_print.refresh_from_db()
    assert chapter_print.state == PrintState.RUNNING
    assert pdfs(settings) == []

    stack.start_worker()
    # Beat's sweep finds it running past PRINT_TIMEOUT with no worker and hands it on.
    wait_for(chapter_print, {PrintState.DONE, PrintState.FAILED}, PRINT_TIMEOUT + 60)
    assert chapter_print.state == PrintState.DONE, chapter_print.error + stack.logs()
    assert chapter_print.attempts == 2
    measured("worker killed mid-print → print done by a new worker", killed)
    assert pdfs(settings) == [Path(chapter_print.file.path)]
    wait_until(lambda: health(client)["status"] == "ok", 20, f"a healthy stack ({health(client)})")


def test_the_database_connection_lost_mid_print_is_retried(stack, client, settings):
    stack.start_worker()
    chapter_print = order_print(client)
    wait_for(chapter_print, {PrintState.RUNNING}, 60, interval=0.01)
    cut = time.monotonic()
    with connection.cursor() as cursor:
        # What the worker sees of a database restart: the server ends its connection.
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    wait_for(chapter_print, {PrintState.DONE, PrintState.FAILED}, 90)
    assert chapter_print.state == PrintState.DONE, chapter_print.error + stack.logs()
    assert chapter_print.attempts >= 2
    measured("database connection cut mid-print → print done", cut)
    assert pdfs(settings) == [Path(chapter_print.file.path)]


def test_the_database_restarted_mid_print_is_retried(stack, client, settings):
    restart = os.getenv("TEST_PG_RESTART", "")
    require(bool(restart), "set TEST_PG_RESTART to the command that restarts PostgreSQL (as .ci/run does)")
    stack.start_worker()
    chapter_print = order_print(client)
    wait_for(chapter_print, {PrintState.RUNNING}, 60, interval=0.01)
    restarted = time.monotonic()
    subprocess.run(shlex.split(restart), check=True, timeout=60)
    connection.close()  # this test's own connection went with the restart
    wait_for(chapter_print, {PrintState.DONE, PrintState.FAILED}, 90)
    assert chapter_print.state == PrintState.DONE, chapter_print.error + stack.logs()
    measured("database restarted mid-print → print done", restarted)
    assert pdfs(settings) == [Path(chapter_print.file.path)]


def test_ordering_while_the_broker_is_down_says_so_at_once_and_can_be_retried(stack, client, settings):
    stack.stop_redis()
    started = time.monotonic()
    chapter_print = order_print(client)
    seconds = time.monotonic() - started
    page = client.get("/rapporter/borasregionen/").content.decode()
    chapter_print.refresh_from_db()
    assert chapter_print.state == PrintState.FAILED
    assert "kunde inte läggas i kö" in chapter_print.error
    assert "kunde inte läggas i kö" in page and "Försök igen" in page
    assert seconds < 15, f"ordering took {seconds:.1f} s with the broker down"
    measured("broker down → the order's answer (print failed, reason shown)", started)
    body = health(client)
    assert body["status"] == "error" and body["broker"].startswith("error") and body["seconds"] < 2
    print(f"fault: broker down → /health/ answers 503 in {body['seconds']:.2f} s")

    stack.start_redis()
    reset_connections()
    stack.start_worker()
    response = client.post(f"/rapporter/utskrift/{chapter_print.pk}/forsok-igen/")
    assert response.status_code == 302
    wait_for(chapter_print, {PrintState.DONE, PrintState.FAILED}, 90)
    assert chapter_print.state == PrintState.DONE, chapter_print.error + stack.logs()
    assert len(pdfs(settings)) == 1


def test_the_broker_stopped_mid_print_leaves_the_worker_running(stack, client, settings):
    worker = stack.start_worker()
    stack.start_beat()
    chapter_print = order_print(client)
    wait_for(chapter_print, {PrintState.RUNNING}, 60, interval=0.01)
    stack.stop_redis()
    # The render needs no broker: the print finishes and is stored.
    wait_for(chapter_print, {PrintState.DONE, PrintState.FAILED}, 90)
    assert chapter_print.state == PrintState.DONE, chapter_print.error + stack.logs()
    time.sleep(3)  # the worker notices the lost connection meanwhile
    assert worker.poll() is None, "the worker exited when the broker went away\n" + stack.logs()

    stack.start_redis()
    back = time.monotonic()
    reset_connections()
    wait_until(lambda: health(client)["worker"].startswith("ok"), 60, "the worker reconnecting")
    measured("broker back after a stop mid-print → worker answers again", back)
    assert worker.poll() is None
    second = order_print(client)
    wait_for(second, {PrintState.DONE, PrintState.FAILED}, 90)
    assert second.state == PrintState.DONE, second.error + stack.logs()
    assert len(pdfs(settings)) == 2


def test_a_task_delivered_twice_leaves_one_file_and_a_fastställd_pdf_unchanged(stack, client, settings):
    # Two deliveries of the same print before any worker runs (a redelivery, a double click).
    chapter_print = order_print(client)
    assert print_services.queue(chapter_print.pk)
    stack.start_worker()
    wait_for(chapter_print, {PrintState.DONE, PrintState.FAILED}, 90)
    assert chapter_print.state == PrintState.DONE, chapter_print.error + stack.logs()
    print_services.finalise_print(chapter_print=chapter_print, user=chapter_print.requested_by, reference="§ 12")
    before = digest(chapter_print)

    # And once more after it is fastställd; a later print marks when the worker has seen it.
    assert print_services.queue(chapter_print.pk)
    marker = order_print(client)
    wait_for(marker, {PrintState.DONE, PrintState.FAILED}, 90)
    chapter_print.refresh_from_db()
    assert (chapter_print.attempts, chapter_print.is_final) == (1, True)
    assert digest(chapter_print) == before
    assert pdfs(settings) == sorted([Path(chapter_print.file.path), Path(marker.file.path)])
    assert ChapterPrint.objects.get(pk=chapter_print.pk).file.name == chapter_print.file.name
