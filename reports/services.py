"""Writes for chapter prints: order one, render it, fastställ it, remove it."""

import logging
import os
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from goals.models import Organisation, Period, PlanYear

from . import rendering
from .chapter import build_chapter
from .models import ChapterPrint, Layout, PrintState
from .selectors import chapter_source

logger = logging.getLogger(__name__)

MAX_ERROR_CHARS = 2000


class PrintError(Exception):
    """An action that is not allowed on this print; the message is for the user (Swedish)."""


def render_chapter(
    *,
    plan_year: PlanYear,
    period: Period,
    layout: str,
    chapter_number: int,
    chapter_title: str,
    organisation_name: str,
    target,
    include_unapproved: bool = False,
    show_history: bool = False,
) -> None:
    """Render the chapter to `target` (path or binary file). Shared by the task and render_chapter."""
    if period.plan_year_id != plan_year.pk:
        raise PrintError(_("Perioden hör inte till det valda året."))
    source = chapter_source(
        plan_year=plan_year, period=period, include_unapproved=include_unapproved, show_history=show_history
    )
    chapter = build_chapter(
        source,
        layout=layout,
        chapter_number=chapter_number,
        chapter_title=chapter_title,
        organisation_name=organisation_name,
    )
    # Looked up on the module at call time so tests can replace the renderer.
    rendering.html_to_pdf(rendering.chapter_html(chapter), target)


@transaction.atomic
def request_print(
    *,
    organisation: Organisation,
    plan_year: PlanYear,
    period: Period,
    layout: str,
    chapter_number: int,
    chapter_title: str,
    organisation_name: str,
    user,
    include_unapproved: bool = False,
    show_history: bool = False,
) -> ChapterPrint:
    """Record a new print and queue its rendering once the record is committed."""
    if plan_year.organisation_id != organisation.pk:
        raise PrintError(_("Året hör inte till organisationen."))
    if period.plan_year_id != plan_year.pk:
        raise PrintError(_("Perioden hör inte till det valda året."))
    if layout not in Layout.values:
        raise PrintError(_("Okänd uppställning."))
    chapter_print = ChapterPrint.objects.create(
        organisation=organisation,
        plan_year=plan_year,
        period=period,
        layout=layout,
        chapter_number=chapter_number,
        chapter_title=chapter_title.strip(),
        organisation_name=organisation_name.strip(),
        include_unapproved=include_unapproved,
        show_history=show_history,
        requested_by=user,
    )
    from .tasks import render_chapter_print  # the task module imports this one

    # After commit: a worker must find the record; with no broker this runs right here.
    transaction.on_commit(lambda: render_chapter_print.delay(chapter_print.pk))
    return chapter_print


def run_print(*, print_id: int) -> ChapterPrint | None:
    """Render a queued print and store its PDF; on any failure mark it failed with the reason.

    The PDF is written to a temporary file and only stored under the print's own name once the
    rendering succeeded, so a failure leaves no half-written file and never touches the PDF of an
    earlier print (each print is its own record with its own file).
    """
    with transaction.atomic():
        chapter_print = (
            ChapterPrint.objects.select_for_update()
            .select_related("organisation", "plan_year", "period")
            .filter(pk=print_id)
            .first()
        )
        if chapter_print is None:
            # Removed before a worker got to it; nothing to do.
            logger.warning("Chapter print %s no longer exists", print_id)
            return None
        # RUNNING too: a worker lost mid-render gets the task redelivered (acks_late).
        if chapter_print.state not in (PrintState.QUEUED, PrintState.RUNNING):
            return chapter_print
        chapter_print.state = PrintState.RUNNING
        chapter_print.started_at = timezone.now()
        chapter_print.error = ""
        chapter_print.save(update_fields=["state", "started_at", "error"])

    stored_name = ""
    fd, temp_path = tempfile.mkstemp(suffix=".pdf", prefix="kapitel-", dir=settings.FILE_UPLOAD_TEMP_DIR)
    try:
        with os.fdopen(fd, "wb") as temp_file:
            render_chapter(
                plan_year=chapter_print.plan_year,
                period=chapter_print.period,
                layout=chapter_print.layout,
                chapter_number=chapter_print.chapter_number,
                chapter_title=chapter_print.chapter_title,
                organisation_name=chapter_print.organisation_name,
                include_unapproved=chapter_print.include_unapproved,
                show_history=chapter_print.show_history,
                target=temp_file,
            )
        with open(temp_path, "rb") as rendered:
            stored_name = chapter_print.file.storage.save(
                chapter_print.file.field.generate_filename(chapter_print, _file_name(chapter_print)),
                File(rendered),
            )
        chapter_print.file.name = stored_name
        chapter_print.state = PrintState.DONE
        chapter_print.finished_at = timezone.now()
        chapter_print.save(update_fields=["file", "state", "finished_at"])
    except Exception as error:  # noqa: BLE001 – whatever broke, the print must end as failed
        logger.exception("Chapter print %s failed", print_id)
        if stored_name:
            chapter_print.file.storage.delete(stored_name)
        detail = str(error) or error.__class__.__name__
        chapter_print.file.name = ""
        chapter_print.state = PrintState.FAILED
        chapter_print.error = (_("Kapitlet kunde inte skapas: %(detail)s") % {"detail": detail})[:MAX_ERROR_CHARS]
        chapter_print.finished_at = timezone.now()
        chapter_print.save(update_fields=["file", "state", "error", "finished_at"])
    finally:
        if os.path.exists(temp_path):
            os.unlink(temp_path)
    return chapter_print


def _file_name(chapter_print: ChapterPrint) -> str:
    return (
        f"{chapter_print.organisation.slug}-kapitel{chapter_print.chapter_number}-"
        f"{chapter_print.period.key}-{chapter_print.layout}-{chapter_print.pk}.pdf"
    )


@transaction.atomic
def finalise_print(*, chapter_print: ChapterPrint, user, reference: str) -> ChapterPrint:
    """Fastställ a finished print with the protokoll's reference; from then on it cannot change."""
    chapter_print = ChapterPrint.objects.select_for_update().get(pk=chapter_print.pk)
    if chapter_print.is_final:
        raise PrintError(_("Utskriften är redan fastställd och kan inte ändras."))
    if chapter_print.state != PrintState.DONE or not chapter_print.file:
        raise PrintError(_("Bara en färdig utskrift kan fastställas."))
    if chapter_print.include_unapproved:
        raise PrintError(_("Utskriften är ett utkast med uppföljningar som inte är godkända och kan inte fastställas."))
    reference = reference.strip()
    if not reference:
        raise PrintError(_("Ange protokollsreferensen, t.ex. Direktionen 2024-03-15 § 12."))
    chapter_print.is_final = True
    chapter_print.final_reference = reference
    chapter_print.finalised_at = timezone.now()
    chapter_print.finalised_by = user
    chapter_print.save(update_fields=["is_final", "final_reference", "finalised_at", "finalised_by"])
    return chapter_print


@transaction.atomic
def delete_print(*, chapter_print: ChapterPrint) -> None:
    """Remove a print that is not fastställd, with its file."""
    chapter_print = ChapterPrint.objects.select_for_update().get(pk=chapter_print.pk)
    if chapter_print.is_final:
        raise PrintError(_("En fastställd utskrift kan inte tas bort."))
    if chapter_print.is_pending:
        raise PrintError(_("Utskriften håller på att skapas; vänta tills den är klar."))
    name = chapter_print.file.name
    storage = chapter_print.file.storage
    chapter_print.delete()
    if name:
        # Only once the row is gone for good; a rolled back delete keeps its file.
        transaction.on_commit(lambda: storage.delete(name))
