"""/health/ for monitoring and load balancers: 200 only when everything the product needs answers.

It reports the database, the broker, a live worker (a ping), beat (the last tick a worker ran),
whether MEDIA_ROOT can be written, and how long the oldest print has waited in the queue; 503
when any is wrong. Each check is bounded, so the answer comes within about two seconds. The
middleware answers it before the host check and the https redirect, so a monitor on the server
itself can ask http://127.0.0.1:8000/health/; the answer holds no data beyond these states.
"""

import logging
import tempfile
import time
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone

from .celery import app

logger = logging.getLogger(__name__)

IN_PROCESS = "in-process"
# Three missed ticks mean beat is not running.
MISSED_TICKS = 3


def _error(error: Exception) -> str:
    return f"error: {error.__class__.__name__}"


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return _error(error)


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return IN_PROCESS
    try:
        # One try with a short connect timeout: a broker that is down answers "no" at once, one
        # that does not answer at all costs 0.8 s, and the ping below another 0.8 s at most.
        with app.connection_for_write(connect_timeout=0.8) as conn:
            conn.ensure_connection(max_retries=0)
        return "ok"
    except Exception as error:  # noqa: BLE001
        return _error(error)


def _worker(broker: str) -> str:
    if broker == IN_PROCESS:
        return IN_PROCESS
    if broker != "ok":
        return "error: no broker"
    try:
        # A connection of its own: a pooled one may be stale after the broker restarted.
        with app.connection_for_write(connect_timeout=0.8) as conn:
            # The first answer is enough: "a worker is alive", without waiting out the timeout.
            replies = app.control.ping(timeout=0.8, limit=1, connection=conn)
    except Exception as error:  # noqa: BLE001
        return _error(error)
    return "ok" if replies else "error: no worker answered"


def _beat() -> str:
    if not settings.CELERY_BROKER_URL:
        return IN_PROCESS
    from reports.models import Heartbeat

    try:
        last = Heartbeat.objects.filter(name="tick").values_list("at", flat=True).first()
    except Exception as error:  # noqa: BLE001
        return _error(error)
    if last is None:
        return "error: never ran"
    age = timezone.now() - last
    seconds = int(age.total_seconds())
    silence = timedelta(seconds=MISSED_TICKS * settings.TICK_SECONDS)
    return f"ok ({seconds} s ago)" if age < silence else f"error: last ran {seconds} s ago"


def _media() -> str:
    try:
        settings.MEDIA_ROOT.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=settings.MEDIA_ROOT, prefix=".health-"):
            pass
        return "ok"
    except Exception as error:  # noqa: BLE001
        return _error(error)


def _queue() -> str:
    from reports.models import ChapterPrint, PrintState

    try:
        oldest = (
            ChapterPrint.objects.filter(state=PrintState.QUEUED)
            .order_by("queued_at")
            .values_list("queued_at", flat=True)
            .first()
        )
    except Exception as error:  # noqa: BLE001
        return _error(error)
    if oldest is None:
        return "ok (empty)"
    seconds = int((timezone.now() - oldest).total_seconds())
    if seconds > settings.PRINT_TIMEOUT:
        return f"error: oldest print waiting {seconds} s"
    return f"ok (oldest {seconds} s)"


def health(request):
    started = time.monotonic()
    broker = _broker()
    checks = {
        "database": _database(),
        "broker": broker,
        "worker": _worker(broker),
        "beat": _beat(),
        "media": _media(),
        "queue": _queue(),
    }
    healthy = all(value == IN_PROCESS or value.startswith("ok") for value in checks.values())
    body = {"status": "ok" if healthy else "error", **checks, "seconds": round(time.monotonic() - started, 2)}
    response = JsonResponse(body, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    if not healthy:
        # Said once here at WARNING; Django would log every probe's 503 as an error, and mail it.
        logger.warning("health: %s", ", ".join(f"{name} {value}" for name, value in checks.items()))
        response._has_been_logged = True
    return response


class HealthMiddleware:
    """Answers /health/ first: before the host check (a probe asks for 127.0.0.1) and the https
    redirect (a probe on the server speaks plain http)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == "/health/":
            return health(request)
        return self.get_response(request)
