"""Writes for chapter prints: order one, render it, fastställ it, remove it."""

import logging
import os
import secrets
import tempfile
from dataclasses import dataclass, replace
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from goals.models import Organisation, Period, PlanYear, State

from . import rendering
from .chapter import build_chapter
from .models import ChapterPrint, Layout, PrintState
from .selectors import chapter_source, docx_template_bytes
from .snapshot import build_snapshot, later_snapshot

logger = logging.getLogger(__name__)

MAX_ERROR_CHARS = 2000


class PrintError(Exception):
    """An action that is not allowed on this print; the message is for the user (Swedish)."""


class DocxError(Exception):
    """The Word version could not be made; the print fails as a whole, like a failed PDF."""


def render_chapter(
    *,
    plan_year: PlanYear,
    period: Period,
    layout: str,
    chapter_number: int,
    chapter_title: str,
    organisation_name: str,
    target,
    docx_target=None,
    docx_template: bytes | None = None,
    include_unapproved: bool = False,
    show_history: bool = False,
) -> "PrintContents":
    """Render the chapter to `target` (path or binary file), and to `docx_target` as Word (in
    the kansli's template when given), and say what it holds. Shared by the task and the
    render_chapter command; both files come from the same chapter structure."""
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
    if docx_target is not None:
        try:
            rendering.chapter_docx(chapter, docx_target, template=docx_template)
        except Exception as error:  # noqa: BLE001 – the print fails with the Word version's reason
            raise DocxError(str(error) or error.__class__.__name__) from error
    contents = contents_of(source)
    # A draft can never be fastställd, so it never needs the public document.
    if not include_unapproved:
        contents = replace(contents, snapshot=build_snapshot(chapter, source))
    return contents


@dataclass(frozen=True)
class PrintContents:
    approved: int
    total: int
    # What the public pages show, from the same chapter structure as the PDF (reports.snapshot).
    snapshot: dict | None = None


def contents_of(source) -> PrintContents:
    """How many of the year's followed-up goals have an approved follow-up in the printed data."""
    followed_up = [goal for goal in source.goals if goal.level.followed_up]
    approved = sum(1 for goal in followed_up if any(f.state == State.APPROVED for f in goal.period_follow_ups))
    return PrintContents(approved=approved, total=len(followed_up))


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
    ChapterPrint.objects.filter(pk=chapter_print.pk).update(queued_at=timezone.now())
    # After commit: a worker must find the record; with no broker this runs right here.
    transaction.on_commit(lambda: queue(chapter_print.pk))
    return chapter_print


QUEUE_FAILED = gettext_lazy(
    "Utskriften kunde inte läggas i kö: meddelandekön (Redis) svarar inte. Försök igen om en stund; "
    "kvarstår felet, kontakta IT."
)


def queue(print_id: int) -> bool:
    """Hand a print to the workers; when the broker cannot take it, the print fails at once with
    a reason the kansli can read, rather than wait "I kö" for a worker that never hears of it."""
    from .tasks import render_chapter_print  # the task module imports this one

    try:
        render_chapter_print.delay(print_id)
    except Exception:  # noqa: BLE001 – kombu, redis and socket errors all mean "not queued"
        logger.exception("Chapter print %s could not be queued", print_id)
        ChapterPrint.objects.filter(pk=print_id, state=PrintState.QUEUED).update(
            state=PrintState.FAILED, error=str(QUEUE_FAILED), finished_at=timezone.now()
        )
        return False
    return True


def run_print(*, print_id: int) -> ChapterPrint | None:
    """Render a queued print and store its PDF; on a failure of the print itself, mark it failed
    with the reason. A database error is raised for the task to retry.

    A print is claimed with a conditional update (QUEUED → RUNNING, one more attempt), so a
    redelivered or duplicate task finds it running or finished and does nothing. The PDF is
    rendered to a temporary file and stored only if, under the row's lock, this worker's claim is
    still the latest and the print is not fastställd: a print's file is written once, and a
    failure never leaves a half-written file or touches an earlier print's PDF.
    """
    claimed = ChapterPrint.objects.filter(pk=print_id, state=PrintState.QUEUED).update(
        state=PrintState.RUNNING, started_at=timezone.now(), error="", attempts=F("attempts") + 1
    )
    if not claimed:
        # Removed, finished, or running on another worker: nothing to do here.
        logger.info("Chapter print %s is not queued; this task does nothing", print_id)
        return ChapterPrint.objects.filter(pk=print_id).first()
    chapter_print = ChapterPrint.objects.select_related("organisation", "plan_year", "period").get(pk=print_id)
    attempt = chapter_print.attempts

    fd, temp_path = tempfile.mkstemp(suffix=".pdf", prefix="kapitel-", dir=settings.FILE_UPLOAD_TEMP_DIR)
    docx_fd, docx_temp_path = tempfile.mkstemp(suffix=".docx", prefix="kapitel-", dir=settings.FILE_UPLOAD_TEMP_DIR)
    stored: list[str] = []
    try:
        with os.fdopen(fd, "wb") as temp_file, os.fdopen(docx_fd, "wb") as docx_temp_file:
            contents = render_chapter(
                plan_year=chapter_print.plan_year,
                period=chapter_print.period,
                layout=chapter_print.layout,
                chapter_number=chapter_print.chapter_number,
                chapter_title=chapter_print.chapter_title,
                organisation_name=chapter_print.organisation_name,
                include_unapproved=chapter_print.include_unapproved,
                show_history=chapter_print.show_history,
                target=temp_file,
                docx_target=docx_temp_file,
                docx_template=_docx_template(chapter_print.organisation),
            )
        # Both files are rendered before either is stored: a print has both or neither.
        for field_file, path, extension in (
            (chapter_print.file, temp_path, "pdf"),
            (chapter_print.docx_file, docx_temp_path, "docx"),
        ):
            with open(path, "rb") as rendered:
                stored.append(
                    field_file.storage.save(
                        field_file.field.generate_filename(
                            chapter_print, _file_name(chapter_print, attempt, extension)
                        ),
                        File(rendered),
                    )
                )
        with transaction.atomic():
            current = ChapterPrint.objects.select_for_update().get(pk=print_id)
            if current.state != PrintState.RUNNING or current.attempts != attempt or current.is_final:
                logger.warning(
                    "Chapter print %s was claimed again or finished meanwhile; its files are discarded", print_id
                )
                _discard(chapter_print, stored)
                return current
            current.file.name, current.docx_file.name = stored
            current.state = PrintState.DONE
            current.finished_at = timezone.now()
            current.approved_count = contents.approved
            current.follow_up_total = contents.total
            current.snapshot = contents.snapshot
            current.save(
                update_fields=[
                    "file",
                    "docx_file",
                    "state",
                    "finished_at",
                    "approved_count",
                    "follow_up_total",
                    "snapshot",
                ]
            )
            stored = []
            return current
    except DatabaseError:
        _discard(chapter_print, stored)
        raise
    except DocxError as error:
        logger.exception("Chapter print %s failed in its Word version", print_id)
        _discard(chapter_print, stored)
        record_failure(
            print_id, attempt, _("Wordversionen av kapitlet kunde inte skapas: %(detail)s") % {"detail": error}
        )
        return ChapterPrint.objects.filter(pk=print_id).first()
    except Exception as error:  # noqa: BLE001 – whatever broke, the print must end as failed
        logger.exception("Chapter print %s failed", print_id)
        _discard(chapter_print, stored)
        detail = str(error) or error.__class__.__name__
        record_failure(print_id, attempt, _("Kapitlet kunde inte skapas: %(detail)s") % {"detail": detail})
        return ChapterPrint.objects.filter(pk=print_id).first()
    finally:
        for path in (temp_path, docx_temp_path):
            if os.path.exists(path):
                os.unlink(path)


def _docx_template(organisation: Organisation) -> bytes | None:
    try:
        return docx_template_bytes(organisation)
    except OSError as error:
        raise DocxError(_("Organisationens Word-mall kan inte läsas (%(error)s).") % {"error": error}) from error


def _discard(chapter_print: ChapterPrint, stored_names: list[str]) -> None:
    for name in stored_names:
        chapter_print.file.storage.delete(name)


def record_failure(print_id: int, attempt: int | None, message: str) -> None:
    """Mark the print failed with a reason, if the given attempt still holds it."""
    renew_broken_connection()
    if attempt is None:  # given up by the task: whatever try last held it
        prints = ChapterPrint.objects.filter(pk=print_id, state__in=[PrintState.QUEUED, PrintState.RUNNING])
    else:
        prints = ChapterPrint.objects.filter(pk=print_id, state=PrintState.RUNNING, attempts=attempt)
    prints.update(state=PrintState.FAILED, error=message[:MAX_ERROR_CHARS], finished_at=timezone.now())


def renew_broken_connection() -> None:
    """After the database went away (a restart, a failover) the old connection stays broken;
    closing it makes the next query open a new one. A connection that still works is kept."""
    if connection.connection is not None and not connection.is_usable():
        connection.close()


def requeue(print_id: int) -> bool:
    """Put a running print back in the queue (its worker is gone); True if it was."""
    return bool(
        ChapterPrint.objects.filter(pk=print_id, state=PrintState.RUNNING).update(
            state=PrintState.QUEUED, queued_at=timezone.now()
        )
    )


def sweep(*, now=None) -> dict:
    """Prints left running by a worker that died, or queued without a worker hearing of them,
    past the longest render: handed on again, or failed with a reason after the last attempt.
    Run by beat every minute; a print is never left "I kö" or "Skapas" for good."""
    now = now or timezone.now()
    limit = timedelta(seconds=settings.PRINT_TIMEOUT)
    handled = {"requeued": 0, "failed": 0}
    stale = ChapterPrint.objects.filter(
        Q(state=PrintState.RUNNING, started_at__lt=now - limit) | Q(state=PrintState.QUEUED, queued_at__lt=now - limit)
    )
    for chapter_print in stale:
        if chapter_print.attempts >= settings.PRINT_ATTEMPTS:
            ChapterPrint.objects.filter(pk=chapter_print.pk, state=chapter_print.state).update(
                state=PrintState.FAILED, error=str(GAVE_UP), finished_at=now
            )
            handled["failed"] += 1
            continue
        if chapter_print.state == PrintState.RUNNING and not requeue(chapter_print.pk):
            continue
        ChapterPrint.objects.filter(pk=chapter_print.pk).update(queued_at=now)
        if queue(chapter_print.pk):
            handled["requeued"] += 1
        else:
            handled["failed"] += 1
    return handled


GAVE_UP = gettext_lazy(
    "Utskriften avbröts flera gånger innan den blev klar (t.ex. för att arbetsprocessen startades om). "
    "Försök igen; kvarstår felet, kontakta IT."
)


@transaction.atomic
def retry_print(*, chapter_print: ChapterPrint) -> ChapterPrint:
    """Kansliet's "Försök igen" for a failed print, or one stuck past the longest render."""
    chapter_print = ChapterPrint.objects.select_for_update().get(pk=chapter_print.pk)
    if chapter_print.is_final or chapter_print.state == PrintState.DONE:
        raise PrintError(_("Utskriften är klar och behöver inte göras om."))
    if chapter_print.is_pending and not is_stuck(chapter_print):
        raise PrintError(_("Utskriften håller på att skapas; vänta tills den är klar."))
    chapter_print.state = PrintState.QUEUED
    chapter_print.error = ""
    chapter_print.attempts = 0
    chapter_print.queued_at = timezone.now()
    chapter_print.save(update_fields=["state", "error", "attempts", "queued_at"])
    transaction.on_commit(lambda: queue(chapter_print.pk))
    return chapter_print


def can_retry(chapter_print: ChapterPrint) -> bool:
    """Whether kansliet may order this print again (and remove it): it failed, or it is stuck."""
    return not chapter_print.is_final and (chapter_print.state == PrintState.FAILED or is_stuck(chapter_print))


def is_stuck(chapter_print: ChapterPrint, *, now=None) -> bool:
    """Pending for longer than the longest render may take."""
    now = now or timezone.now()
    since = chapter_print.started_at if chapter_print.state == PrintState.RUNNING else chapter_print.queued_at
    since = since or chapter_print.requested_at
    return chapter_print.is_pending and since < now - timedelta(seconds=settings.PRINT_TIMEOUT)


def _file_name(chapter_print: ChapterPrint, attempt: int, extension: str = "pdf") -> str:
    # A later attempt of the same print gets a name of its own; the storage never overwrites.
    # The random part makes the stored name unguessable from the print's number: the file is
    # read only through the download view, and the name alone must not be a way in. Users get
    # download_name; earlier prints keep the names stored in their records.
    suffix = f"-{attempt}" if attempt > 1 else ""
    return f"{chapter_print.file_stem}{suffix}-{secrets.token_hex(16)}.{extension}"


EMPTY_PRINT_REFUSED = gettext_lazy(
    "Utskriften innehåller inga godkända uppföljningar. Bekräfta att den ändå ska fastställas, "
    "eller godkänn uppföljningarna och gör en ny utskrift."
)


def finalise_refusal(chapter_print: ChapterPrint) -> str | None:
    """Why this print cannot be fastställd at all (None if it can): the confirmation page says it
    before anyone types a reference, and finalise_print applies the same rule."""
    if chapter_print.is_final:
        return _("Utskriften är redan fastställd och kan inte ändras.")
    if chapter_print.state != PrintState.DONE or not chapter_print.file:
        return _("Bara en färdig utskrift kan fastställas.")
    if chapter_print.include_unapproved:
        return _("Utskriften är ett utkast med uppföljningar som inte är godkända och kan inte fastställas.")
    return None


def delete_refusal(chapter_print: ChapterPrint) -> str | None:
    """Why this print cannot be removed now (None if it can)."""
    if chapter_print.is_final:
        return _("En fastställd utskrift kan inte tas bort.")
    if chapter_print.is_pending and not is_stuck(chapter_print):
        return _("Utskriften håller på att skapas; vänta tills den är klar.")
    return None


@transaction.atomic
def finalise_print(*, chapter_print: ChapterPrint, user, reference: str, confirm_empty: bool = False) -> ChapterPrint:
    """Fastställ a finished print with the protokoll's reference; from then on it cannot change.

    A print known to hold no approved follow-up is refused unless `confirm_empty`: an empty
    chapter in the årsredovisning is almost always a print made too early.
    """
    chapter_print = ChapterPrint.objects.select_for_update().get(pk=chapter_print.pk)
    refusal = finalise_refusal(chapter_print)
    if refusal:
        raise PrintError(refusal)
    if chapter_print.is_without_approved and not confirm_empty:
        raise PrintError(str(EMPTY_PRINT_REFUSED))
    reference = reference.strip()
    if not reference:
        raise PrintError(_("Ange protokollsreferensen, t.ex. Direktionen 2024-03-15 § 12."))
    if chapter_print.snapshot is None:
        # Rendered before prints kept their public document: made now, and marked as such.
        chapter_print.snapshot = later_snapshot(chapter_print)
    chapter_print.is_final = True
    chapter_print.final_reference = reference
    chapter_print.finalised_at = timezone.now()
    chapter_print.finalised_by = user
    chapter_print._history_user = user
    chapter_print._change_reason = "finalise"
    chapter_print.save(update_fields=["is_final", "final_reference", "finalised_at", "finalised_by", "snapshot"])
    return chapter_print


@transaction.atomic
def delete_print(*, chapter_print: ChapterPrint) -> None:
    """Remove a print that is not fastställd, with its file."""
    chapter_print = ChapterPrint.objects.select_for_update().get(pk=chapter_print.pk)
    refusal = delete_refusal(chapter_print)
    if refusal:
        raise PrintError(refusal)
    names = [name for name in (chapter_print.file.name, chapter_print.docx_file.name) if name]
    storage = chapter_print.file.storage
    chapter_print.delete()
    for name in names:
        # Only once the row is gone for good; a rolled back delete keeps its files.
        transaction.on_commit(lambda name=name: storage.delete(name))
