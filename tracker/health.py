from django.conf import settings
from django.db import connection
from django.http import JsonResponse

from .celery import app


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception as error:  # noqa: BLE001 - any failure means "not reachable"
        return f"error: {error.__class__.__name__}"


def _broker() -> str:
    if not settings.CELERY_BROKER_URL:
        return "in-process"
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return "ok"
    except Exception as error:  # noqa: BLE001
        return f"error: {error.__class__.__name__}"


def health(request):
    """For load balancers and monitoring: 200 when the database and the broker answer."""
    checks = {"database": _database(), "broker": _broker()}
    healthy = all(value in ("ok", "in-process") for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", **checks}, status=200 if healthy else 503)
