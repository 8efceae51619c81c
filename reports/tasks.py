"""Celery tasks of the reports app: thin wrappers that take ids and call a service."""

import logging

from celery import shared_task
from django.db import DatabaseError
from django.utils import timezone
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

DB_RETRIES = 3


@shared_task(bind=True, name="reports.render_chapter_print", max_retries=DB_RETRIES)
def render_chapter_print(self, print_id: int) -> None:
    from . import rendering, services  # services imports this module to queue the task

    try:
        if self.request.retries:
            # This task's own earlier try met a database error and left the print running.
            services.requeue(print_id)
        services.run_print(print_id=print_id)
    except DatabaseError as error:
        # The database went away (a restart, a failover): tried again a few times on a new
        # connection, then given up with a reason; the sweep ends it if even that cannot be saved.
        services.renew_broken_connection()
        logger.warning("Chapter print %s met a database error (%s); retrying", print_id, error)
        if self.request.retries < DB_RETRIES:
            raise self.retry(countdown=5 * (self.request.retries + 1))
        services.record_failure(
            print_id, None, _("Databasen svarade inte medan kapitlet skapades. Försök igen om en stund.")
        )
    finally:
        rendering.release_memory()


@shared_task(name="reports.tick")
def tick() -> dict:
    """Every minute, from beat: hand on or fail prints left behind, and leave a sign of life
    for /health/ (only beat sends this task, so its last run says beat is alive)."""
    from . import services
    from .models import Heartbeat

    now = timezone.now()
    Heartbeat.objects.update_or_create(name="tick", defaults={"at": now})
    return services.sweep(now=now)
