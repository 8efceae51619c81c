"""Celery tasks of the reports app: thin wrappers that take ids and call a service."""

from celery import shared_task


@shared_task(name="reports.render_chapter_print")
def render_chapter_print(print_id: int) -> None:
    from .services import run_print  # services imports this module to queue the task

    run_print(print_id=print_id)
