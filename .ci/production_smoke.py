"""A production install from requirements.txt alone: web, worker and beat start and print.

Run by .ci/run with the Python of a fresh virtualenv that has only requirements.txt installed
(no test packages, which would hide a missing dependency). Standard library only.

    python .ci/production_smoke.py --database-url postgres://… --broker-url redis://…

It starts the processes with the ExecStart lines of the shipped systemd units (deploy/systemd).
It migrates a database of its own, imports the 2023 demo plan, creates one kansli account with a
random password, starts gunicorn, a Celery worker and Celery beat with production settings
(DEBUG off, a random SECRET_KEY), logs in through the web, orders the chapter, waits for "Klar",
downloads the PDF and its Word version, waits for /health/ to say every part is ok and stops
everything it started. Exit status 0 only if all of that worked.
"""

import argparse
import http.cookiejar
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = Path(sys.executable)
BIN = PYTHON.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _admin_connection(url: str):
    import psycopg  # from requirements.txt

    parts = urllib.parse.urlsplit(url)
    connection = psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or ""),
        password=urllib.parse.unquote(parts.password or ""),
        dbname=parts.path.lstrip("/"),
        autocommit=True,
    )
    return connection, parts


def create_database(url: str) -> str:
    """A new empty database beside the given one, so every run starts as a fresh install."""
    connection, parts = _admin_connection(url)
    name = f"{parts.path.lstrip('/')}_smoke_{secrets.token_hex(4)}"
    with connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    return urllib.parse.urlunsplit(parts._replace(path="/" + name))


def drop_database(url: str, smoke_url: str) -> None:
    connection, _parts = _admin_connection(url)
    with connection:
        connection.execute(
            f'DROP DATABASE IF EXISTS "{urllib.parse.urlsplit(smoke_url).path.lstrip("/")}" WITH (FORCE)'
        )


def manage(env, *args):
    subprocess.run([str(PYTHON), "manage.py", *args], cwd=ROOT, env=env, check=True)


class Browser:
    """A logged-in session over plain HTTP, CSRF token included, as a kansli user's browser."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read()

    def post(self, path: str, data: dict) -> tuple[int, bytes, str]:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(self.base + path, data=body, headers={"Referer": self.base + path})
        with self.opener.open(request, timeout=60) as response:
            return response.status, response.read(), response.url


def wait_until_up(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.3)
    raise SystemExit(f"web process did not answer at {url} within {seconds} s")


def unit_command(name: str, *, port: int, work: Path) -> list[str]:
    """The ExecStart of deploy/systemd/maluppfyllelse-<name>.service, as systemd would run it
    here: this virtualenv instead of /srv/maluppfyllelse/.venv, a free port, a scratch folder."""
    text = (ROOT / "deploy" / "systemd" / f"maluppfyllelse-{name}.service").read_text()
    line = re.search(r"^ExecStart=((?:.*\\\n)*.*)$", text, re.MULTILINE).group(1).replace("\\\n", " ")
    line = line.replace("%%", "\0").replace("%H", socket.gethostname()).replace("\0", "%")
    line = line.replace("/srv/maluppfyllelse/.venv/bin/", f"{BIN}/").replace("127.0.0.1:8000", f"127.0.0.1:{port}")
    line = line.replace("/var/lib/maluppfyllelse/", f"{work}/")
    return shlex.split(line)


def wait_for_health(url: str, seconds: float) -> dict:
    """/health/ answers 200 once beat has ticked: database, broker, worker, beat, media, queue."""
    deadline = time.monotonic() + seconds
    body = {}
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            body = json.loads(error.read() or b"{}")
        time.sleep(1)
    raise SystemExit(f"/health/ still not ok after {seconds} s: {body}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--broker-url", required=True)
    options = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="maluppfyllelse-prod-"))
    database_url = create_database(options.database_url)
    port = free_port()
    password = secrets.token_urlsafe(16)
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(work),
        "LANG": "C.UTF-8",
        # The settings the systemd units use: they refuse to start on anything unsafe.
        "DJANGO_SETTINGS_MODULE": "tracker.production",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "CELERY_BROKER_URL": options.broker_url,
        "ALLOWED_HOSTS": "127.0.0.1",
        "MEDIA_ROOT": str(work / "media"),
        "STATIC_ROOT": str(work / "static"),
        "LOG_LEVEL": "INFO",
        "TICK_SECONDS": "2",  # beat's first tick comes one interval after it starts
    }
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(env, "check", "--deploy", "--fail-level", "ERROR")
    manage(env, "import_plan", str(ROOT / "goals" / "demo" / "borasregionen-2023.json"))
    manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        "from django.contrib.auth import get_user_model; from goals.models import Organisation; "
        "from goals.services import make_kansli; "
        f"u, _ = get_user_model().objects.get_or_create(username='smoke-kansli'); u.set_password({password!r}); "
        "u.save(); make_kansli(user=u, organisation=Organisation.objects.get(slug='borasregionen'))",
    )

    logs = {name: open(work / f"{name}.log", "wb") for name in ("web", "worker", "beat")}
    commands = {name: unit_command(name, port=port, work=work) for name in ("web", "worker", "beat")}
    processes = {
        name: subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=logs[name], stderr=subprocess.STDOUT, start_new_session=True
        )
        for name, command in commands.items()
    }
    ok = False
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_up(base + "/konto/login/", 60)
        browser = Browser(base)
        browser.get("/konto/login/")
        _status, _body, url = browser.post("/konto/login/", {"username": "smoke-kansli", "password": password})
        if "/konto/login/" in url:
            raise SystemExit("login failed")
        _status, page = browser.get("/rapporter/borasregionen/")
        # The period proposed first (the latest årsbokslut); the year follows from it.
        period = re.search(rb'<option value="(\d+)" selected>', page)
        if not period:
            raise SystemExit("the prints page has no period to choose")
        browser.post(
            "/rapporter/borasregionen/",
            {
                "period": period.group(1).decode(),
                "layout": "enhet",
                "chapter_number": "4",
                "chapter_title": "Måluppfyllelse",
                "organisation_name": "Boråsregionen Sjuhärads kommunalförbund",
            },
        )
        _status, page = browser.get("/rapporter/borasregionen/")
        print_id = re.search(rb"/rapporter/utskrift/(\d+)/", page)
        if not print_id:
            raise SystemExit("the ordered print is not listed")
        print_id = print_id.group(1).decode()
        deadline = time.monotonic() + 240
        state = {}
        while time.monotonic() < deadline:
            for name, process in processes.items():
                if process.poll() is not None:
                    raise SystemExit(f"{name} exited with {process.returncode}")
            _status, body = browser.get(f"/rapporter/utskrift/{print_id}/status/")
            state = json.loads(body)
            if not state["pending"]:
                break
            time.sleep(1)
        if state.get("state") != "done":
            raise SystemExit(f"print {print_id} ended as {state}")
        _status, pdf = browser.get(state["download_url"])
        if not pdf.startswith(b"%PDF"):
            raise SystemExit("the download is not a PDF")
        # The Word version, made by the same worker (python-docx from requirements.txt alone).
        _status, docx = browser.get(state["docx_url"])
        if not docx.startswith(b"PK"):
            raise SystemExit("the Word download is not a .docx")
        for name, process in processes.items():
            if process.poll() is not None:
                raise SystemExit(f"{name} exited with {process.returncode}")
        health = wait_for_health(base + "/health/", 60)
        print(
            f"production smoke: web, worker and beat up; print {print_id} done, PDF {len(pdf)} bytes, Word {len(docx)} bytes"
        )
        print(f"production smoke: /health/ {json.dumps(health, ensure_ascii=False)}")
        ok = True
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        for log in logs.values():
            log.close()
        if not ok:
            for name in logs:
                print(f"---- {name} log (last lines)", file=sys.stderr)
                lines = (work / f"{name}.log").read_text(errors="replace").splitlines()
                print("\n".join(lines[-40:]), file=sys.stderr)
        shutil.rmtree(work, ignore_errors=True)
        drop_database(options.database_url, database_url)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
