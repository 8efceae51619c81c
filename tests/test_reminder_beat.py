"""Real components: Celery beat schedules the reminders, a worker consuming from Redis sends the
digests through SMTP (a small sink on 127.0.0.1) and logs them; later beats send nothing again.

Needs Redis (TEST_REDIS_URL, as .ci/run sets). The processes share a SQLite file of their own,
so the test runs the same on the SQLite and the PostgreSQL test runs.
"""

import os
import signal
import socketserver
import sqlite3
import subprocess
import sys
import threading
import time
from email import message_from_bytes, policy
from pathlib import Path

import pytest

from .conftest import require
from .test_print_faults import free_port

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.services

SEED = """
from datetime import timedelta
from django.utils import timezone
from goals.models import FollowUp, State
from tests import factories

data = factories.plan()
data["interim"].deadline = timezone.localdate() + timedelta(days=3)
data["interim"].save()
chef = factories.manager("chef", data)
chef.email = "chef@example.se"
chef.save()
kansli = factories.kansli("kansli", data)
kansli.email = "kansli@example.se"
kansli.save()
FollowUp.objects.create(goal=data["other_goal"], period=data["interim"], state=State.SUBMITTED, submitted_at=timezone.now())
"""


class SMTPSink(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend without TLS or login: keeps every message received."""

    allow_reuse_address = True
    daemon_threads = True

    def __init__(self, port):
        self.messages = []
        super().__init__(("127.0.0.1", port), SMTPHandler)


class SMTPHandler(socketserver.StreamRequestHandler):
    def reply(self, line: str):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ESMTP")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command.split(" ", 1)[0].upper()
            if verb in ("EHLO", "HELO"):
                self.reply("250 sink")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 ok")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip(" <>"))
                self.reply("250 ok")
            elif verb == "DATA":
                self.reply("354 go ahead")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += (chunk[1:] if chunk.startswith(b"..") else chunk).replace(b"\r\n", b"\n")
                self.server.messages.append((recipients, message_from_bytes(data, policy=policy.default)))
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


def wait_until(check, seconds, what, logs):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"{what} not within {seconds} s\n{logs()}")


@pytest.fixture
def stack(tmp_path):
    redis_url = os.getenv("TEST_REDIS_URL", "")
    require(bool(redis_url), "the beat test needs Redis: set TEST_REDIS_URL=redis://127.0.0.1:6379/0 (as .ci/run does)")
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    sink = SMTPSink(free_port())
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    database = tmp_path / "db.sqlite3"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "CELERY_BROKER_URL": redis_url,
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink.server_address[1]),
        "EMAIL_USE_TLS": "false",
        "REMINDER_SECONDS": "1",
        "SITE_URL": "https://mal.example.se",
    }
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "shell", "-v0", "-c", SEED], cwd=ROOT, env=env, check=True, capture_output=True)
    processes = []

    def start(*command, name):
        log = open(tmp_path / f"{name}.log", "wb")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "tracker", *command],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )

    start("worker", "--pool=solo", "--loglevel=INFO", "--without-mingle", "--without-gossip", name="worker")
    start("beat", "--loglevel=INFO", f"--schedule={tmp_path / 'celerybeat-schedule'}", name="beat")

    def logs():
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in tmp_path.glob("*.log"))

    def sent():
        with sqlite3.connect(database) as db:
            return sorted(db.execute("SELECT kind, address, ok, error FROM goals_sentmail"))

    yield sink, sent, logs
    # Beat first, so it queues nothing after the worker is gone; then nothing is left in Redis.
    for process in reversed(processes):
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=30)
    redis.Redis.from_url(redis_url).flushdb()
    sink.shutdown()
    sink.server_close()


def test_beat_sends_the_reminder_digest_and_kansliets_digest_once(stack):
    sink, sent, logs = stack
    wait_until(lambda: len(sink.messages) >= 2, 90, "the two digests", logs)
    by_recipient = {recipients[0]: message for recipients, message in sink.messages}
    reminder = by_recipient["chef@example.se"]
    assert reminder["Subject"].strip().startswith("Påminnelse: uppföljningar att lämna in senast")
    text = reminder.get_body(("plain",)).get_content()
    assert "Minst 25 000 elever på teman" in text
    assert "https://mal.example.se/mal/" in text
    assert "https://mal.example.se/mal/" in reminder.get_body(("html",)).get_content()
    assert "Välfärdens mål" in by_recipient["kansli@example.se"].get_body(("plain",)).get_content()
    assert sent() == [("kansli_digest", "kansli@example.se", 1, ""), ("reminder", "chef@example.se", 1, "")]

    # Beat keeps sending the task every second; what was sent today is not sent again.
    runs_before = logs().count("goals.send_reminders")
    wait_until(lambda: logs().count("goals.send_reminders") >= runs_before + 3, 30, "three more beats", logs)
    assert len(sink.messages) == 2
    assert len(sent()) == 2


def test_the_sink_speaks_enough_smtp():
    """The sink itself, against Django's SMTP backend, so a failure above is not the sink's."""
    from django.core.mail import get_connection, send_mail

    sink = SMTPSink(free_port())
    threading.Thread(target=sink.serve_forever, daemon=True).start()
    try:
        connection = get_connection(
            "django.core.mail.backends.smtp.EmailBackend",
            host="127.0.0.1",
            port=sink.server_address[1],
            use_tls=False,
            username="",
            password="",
            timeout=5,
        )
        send_mail("Ämne", "Rad ett\n.\nRad tre", "a@example.se", ["b@example.se"], connection=connection)
    finally:
        sink.shutdown()
        sink.server_close()
    [(recipients, message)] = sink.messages
    assert recipients == ["b@example.se"]
    assert message["Subject"] == "Ämne"
    assert message.get_content() == "Rad ett\n.\nRad tre\n"
