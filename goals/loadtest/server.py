"""gunicorn on a free loopback port, started for the run and stopped after it, and the CPU time
that it and its PostgreSQL backends spend (from /proc: the steadiest figure on a shared machine)."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    """Whether the login page answers on the loopback port (refused while gunicorn starts)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", "/konto/login/")
        return connection.getresponse().status == 200
    except (OSError, http.client.HTTPException):  # refused, or cut off while starting
        return False
    finally:
        connection.close()


class Gunicorn:
    def __init__(self, *, workers: int, conn_max_age: int, app_dir: str = ""):
        self.workers = workers
        # Another checkout of the app (e.g. the previous release) to serve, for a before/after pair.
        self.app_dir = Path(app_dir or settings.BASE_DIR)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.static_root = tempfile.mkdtemp(prefix="loadtest-static-")
        self.log = tempfile.NamedTemporaryFile(prefix="loadtest-gunicorn-", suffix=".log", delete=False)
        self.env = {
            **os.environ,
            "DEBUG": "false",  # as in production: no query log kept per request
            "STATIC_ROOT": self.static_root,
            "DB_CONN_MAX_AGE": str(conn_max_age),
            "ALLOWED_HOSTS": "127.0.0.1",
            "LOG_LEVEL": "WARNING",
        }
        self.process = None
        self.failed = False

    def start(self, timeout: float = 60) -> None:
        base = self.app_dir
        # With DEBUG off the pages name hashed static files: collect them where this run can.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=base, env=self.env, check=True
        )
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "tracker.wsgi:application",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "120",
                "--backlog",
                "2048",
            ],
            cwd=base,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.failed = True
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}; see {self.log.name}")
            if _answers(self.port):
                return
            time.sleep(0.3)
        self.failed = True
        raise RuntimeError(f"gunicorn did not answer within {timeout:.0f} s; see {self.log.name}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        subprocess.run(["rm", "-rf", self.static_root], check=False)
        if not self.failed:  # a failed start names its log in the error: keep it for reading
            Path(self.log.name).unlink(missing_ok=True)

    def pids(self) -> list[int]:
        if not self.process:
            return []
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        try:
            return [self.process.pid, *map(int, children.read_text().split())]
        except OSError:
            return [self.process.pid]


def database_backends(proc: Path = Path("/proc")) -> list[int]:
    """The PostgreSQL backends serving this database, found by their process titles
    ("postgres: [cluster: ]user database host(port) state"): no query, so nothing of our own is
    counted."""
    name = settings.DATABASES["default"]["NAME"]
    pids = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            title = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        words = title.split()
        if words[:1] != ["postgres:"]:
            continue
        words = words[2:] if len(words) > 1 and words[1].endswith(":") else words[1:]  # "15/main:", the cluster
        # "user database host(port) state": matching the name anywhere would also count the
        # backends of other databases whose role has this name (a test suite beside the run).
        if len(words) > 1 and words[1] == name:
            pids.append(int(entry.name))
    return pids


def cpu_seconds(pids) -> dict[int, float]:
    """user + system CPU per process (processes that are gone are left out)."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return seconds


class CpuMeter:
    """CPU spent by gunicorn and its database backends between start() and stop(). Sampled
    twice a second, so a backend that ends in between (DB_CONN_MAX_AGE renews connections)
    keeps what it had spent up to its last sample, and one that starts counts from zero."""

    def __init__(self, server: Gunicorn, interval: float = 0.5):
        self.server = server
        self.interval = interval

    def _sample(self) -> None:
        for seen, pids in ((self.app, self.server.pids()), (self.db, database_backends())):
            for pid, value in cpu_seconds(pids).items():
                first, _last = seen.get(pid, (None, None))
                seen[pid] = (value if first is None and self.starting else (first or 0.0), value)

    def _loop(self) -> None:
        while not self.stopping.wait(self.interval):
            self._sample()

    def start(self) -> None:
        self.app, self.db = {}, {}
        self.starting = True
        self._sample()
        self.starting = False
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def stop(self) -> tuple[float, float]:
        self.stopping.set()
        self.thread.join()
        self._sample()
        return tuple(sum(last - first for first, last in seen.values()) for seen in (self.app, self.db))
