from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from goals import selectors as goal_selectors
from goals.forms import FollowUpForm
from goals.logbook.services import record_access
from goals.models import AccessKind, FollowUp, Period

from . import preview, selectors, services, word, word_files
from .forms import ChapterPrintForm, FinaliseForm, WordTemplateForm
from .models import ChapterPrint, PrintState

POLL_SECONDS = 2


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOTX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template"


def _render_prints(request, organisation, form, *, template_form=None, status=200):
    prints = list(selectors.prints_for_organisation(organisation))
    last_good = selectors.last_good_prints(prints)
    for chapter_print in prints:
        # What the row offers while it is pending or after it failed.
        chapter_print.fallback = last_good.get(chapter_print.pk)
        chapter_print.can_retry = services.can_retry(chapter_print)
        chapter_print.contents = contents_text(chapter_print)
    context = {
        "organisation": organisation,
        "organisations": goal_selectors.kansli_organisations(request.user).order_by("name"),
        "form": form,
        "prints": prints,
        "poll_seconds": POLL_SECONDS,
        "word_template": selectors.word_template(organisation),
        "template_form": template_form or WordTemplateForm(),
    }
    return render(request, "reports/prints.html", context, status=status)


@login_required
def prints(request, slug=None):
    """Kansliet's page: order a print, follow its progress, download, fastställ."""
    organisation = selectors.kansli_organisation(request.user, slug)
    if request.method != "POST":
        return _render_prints(request, organisation, ChapterPrintForm(organisation=organisation))

    form = ChapterPrintForm(request.POST, organisation=organisation)
    if form.is_valid():
        data = form.cleaned_data
        try:
            chapter_print = services.request_print(
                organisation=organisation,
                plan_year=data["period"].plan_year,
                period=data["period"],
                layout=data["layout"],
                chapter_number=data["chapter_number"],
                chapter_title=data["chapter_title"],
                organisation_name=data["organisation_name"],
                include_unapproved=data["include_unapproved"],
                show_history=data["show_history"],
                user=request.user,
            )
        except services.PrintError as error:
            form.add_error(None, str(error))
        else:
            _say_how_it_went(request, chapter_print, _("Utskriften är beställd. Listan nedan visar när den är klar."))
            return redirect("reports:prints_org", organisation.slug)
    return _render_prints(request, organisation, form, status=400)


def _say_how_it_went(request, chapter_print: ChapterPrint, ordered: str) -> None:
    """After ordering: the queue may already have refused the print (the broker is down)."""
    chapter_print.refresh_from_db(fields=["state", "error"])
    if chapter_print.state == PrintState.FAILED:
        messages.error(request, chapter_print.error)
    else:
        messages.success(request, ordered)


def contents_text(chapter_print: ChapterPrint) -> str:
    """What the print holds, as the prints page and the confirmation pages say it."""
    if chapter_print.state != PrintState.DONE:
        return ""
    if not chapter_print.counts_known:
        return _("Antal godkända uppföljningar i utskriften: okänt (utskriften är gjord innan antalet sparades).")
    return ngettext(
        "Utskriften innehåller %(approved)s godkänd uppföljning av %(total)s.",
        "Utskriften innehåller %(approved)s godkända uppföljningar av %(total)s.",
        chapter_print.approved_count,
    ) % {
        "approved": chapter_print.approved_count,
        "total": chapter_print.follow_up_total,
    }


def status_payload(chapter_print: ChapterPrint) -> dict:
    payload = {
        "id": chapter_print.pk,
        "state": chapter_print.state,
        "state_label": chapter_print.get_state_display(),
        "pending": chapter_print.is_pending,
        "error": chapter_print.error,
        "finished_at": (
            formats.date_format(timezone.localtime(chapter_print.finished_at), "j F Y H:i")
            if chapter_print.finished_at
            else ""
        ),
        "download_url": "",
        "docx_url": "",
        "docx_label": _("Ladda ned Word"),
        "fallback_url": "",
        "can_retry": services.can_retry(chapter_print),
        "contents": contents_text(chapter_print),
    }
    if chapter_print.state == PrintState.DONE and chapter_print.file:
        payload["download_url"] = reverse("reports:download", args=[chapter_print.pk])
        if chapter_print.docx_file:
            payload["docx_url"] = reverse("reports:download_docx", args=[chapter_print.pk])
    else:
        previous = selectors.last_good_print(chapter_print)
        if previous:
            payload["fallback_url"] = reverse("reports:download", args=[previous.pk])
    return payload


@login_required
@require_GET
def print_status(request, print_id):
    """Polled by prints.js while a print is queued or running."""
    chapter_print = selectors.print_for_kansli(request.user, print_id)
    response = JsonResponse(status_payload(chapter_print))
    response["Cache-Control"] = "no-store"
    return response


def _serve_print_file(request, chapter_print, field_file, *, name: str, kind: str, content_type: str):
    """A print's file to a reader the selector let through, logged as read; never public media."""
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404
    record_access(
        user=request.user, organisation=chapter_print.organisation, kind=kind, what=name, object_id=chapter_print.pk
    )
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download(request, print_id):
    """The PDF, for kansliet and läsare of the organisation."""
    chapter_print = selectors.print_for_download(request.user, print_id)
    return _serve_print_file(
        request,
        chapter_print,
        chapter_print.file,
        name=chapter_print.download_name,
        kind=AccessKind.FINAL_PDF if chapter_print.is_final else AccessKind.DRAFT_PDF,
        content_type="application/pdf",
    )


@login_required
@require_GET
def download_docx(request, print_id):
    """The Word version, for the same readers as the PDF (a fastställd print's file never changes)."""
    chapter_print = selectors.print_for_docx_download(request.user, print_id)
    return _serve_print_file(
        request,
        chapter_print,
        chapter_print.docx_file,
        name=chapter_print.docx_download_name,
        kind=AccessKind.FINAL_DOCX if chapter_print.is_final else AccessKind.DRAFT_DOCX,
        content_type=DOCX_TYPE,
    )


@login_required
def word_template(request, slug):
    """GET: the template the next print uses (the organisation's or the default), to restyle
    in Word; POST: upload the kansli's own."""
    organisation = selectors.kansli_organisation(request.user, slug)
    if request.method != "POST":
        template = selectors.word_template(organisation)
        if template is None:
            return _docx_response(word.default_template(), "mall-maluppfyllelse.docx")
        try:
            with template.file.open("rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            raise Http404
        extension = ".dotx" if template.file.name.endswith(".dotx") else ".docx"
        return _docx_response(data, f"{organisation.slug}-mall-maluppfyllelse{extension}")
    form = WordTemplateForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_prints(
            request, organisation, ChapterPrintForm(organisation=organisation), template_form=form, status=400
        )
    word_files.save_word_template(organisation=organisation, upload=form.cleaned_data["file"], user=request.user)
    messages.success(request, _("Word-mallen är sparad. Nästa utskrift använder den."))
    return redirect("reports:prints_org", organisation.slug)


@login_required
@require_GET
def default_word_template(request, slug):
    """The shipped template, to start one's own from."""
    selectors.kansli_organisation(request.user, slug)
    return _docx_response(word.default_template(), "mall-maluppfyllelse.docx")


@login_required
@require_POST
def remove_word_template(request, slug):
    organisation = selectors.kansli_organisation(request.user, slug)
    if word_files.remove_word_template(organisation=organisation):
        messages.success(request, _("Word-mallen är borttagen. Nästa utskrift använder standardmallen."))
    return redirect("reports:prints_org", organisation.slug)


def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOTX_TYPE if filename.endswith(".dotx") else DOCX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _render_confirmation(request, chapter_print, template, context, status=200):
    chapter_print.contents = contents_text(chapter_print)
    return render(request, template, {"chapter_print": chapter_print, **context}, status=status)


@login_required
def finalise(request, print_id):
    """GET: what fastställa this print means, with its contents; POST: fastställ it."""
    chapter_print = selectors.print_for_kansli(request.user, print_id)
    refusal = services.finalise_refusal(chapter_print)
    form = FinaliseForm(request.POST if request.method == "POST" else None, chapter_print=chapter_print)
    if request.method == "POST" and refusal is None and form.is_valid():
        try:
            services.finalise_print(
                chapter_print=chapter_print,
                user=request.user,
                reference=form.cleaned_data["reference"],
                confirm_empty=form.cleaned_data.get("confirm_empty", False),
            )
        except services.PrintError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Utskriften är fastställd och kan inte längre ändras eller tas bort."))
            return redirect("reports:prints_org", chapter_print.organisation.slug)
    status = 400 if request.method == "POST" else 200
    return _render_confirmation(
        request, chapter_print, "reports/confirm_finalise.html", {"form": form, "refusal": refusal}, status
    )


@login_required
def delete(request, print_id):
    """GET: what removing this print means; POST: remove it."""
    chapter_print = selectors.print_for_kansli(request.user, print_id)
    refusal = services.delete_refusal(chapter_print)
    if request.method == "POST":
        try:
            services.delete_print(chapter_print=chapter_print)
        except services.PrintError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Utskriften är borttagen."))
        return redirect("reports:prints_org", chapter_print.organisation.slug)
    return _render_confirmation(request, chapter_print, "reports/confirm_delete.html", {"refusal": refusal})


@login_required
@require_POST
def retry(request, print_id):
    """Kansliet's "Försök igen" on a failed print or one stuck past the longest render."""
    chapter_print = selectors.print_for_kansli(request.user, print_id)
    try:
        services.retry_print(chapter_print=chapter_print)
    except services.PrintError as error:
        messages.error(request, str(error))
    else:
        _say_how_it_went(request, chapter_print, _("Utskriften är beställd igen. Listan nedan visar när den är klar."))
    return redirect("reports:prints_org", chapter_print.organisation.slug)


@login_required
def published(request, slug):
    """Finished prints for läsare (direktion, revisorer) and kansliet: fastställda first."""
    organisation = selectors.reader_organisation(request.user, slug)
    return render(
        request,
        "reports/published.html",
        {"organisation": organisation, "prints": selectors.published_prints(organisation)},
    )


@login_required
@require_POST
def follow_up_preview(request, goal_id, period_id):
    """The goal's row as the chapter prints it, from the text and figures typed so far (the
    follow-up page's "Förhandsgranska"); nothing is saved."""
    goal = goal_selectors.goal_for_user(request.user, goal_id)
    period = get_object_or_404(Period, pk=period_id, plan_year=goal.plan_year)
    if not goal.level.followed_up or not goal_selectors.can_write_goal(request.user, goal):
        raise Http404
    stored = (
        FollowUp.objects.filter(goal=goal, period=period)
        .prefetch_related("values__measure", "values__municipality", "values__item", "values__component")
        .first()
    )
    form = FollowUpForm(
        request.POST,
        goal=goal,
        period=period,
        baselines=goal_selectors.baselines_for(list(goal.measures.all())),
        child_statuses=goal_selectors.child_statuses(goal, period),
    )
    form.is_valid()  # a figure that is not a number yet prints as not given
    response = HttpResponse(preview.preview_html(goal=goal, period=period, stored=stored, form=form))
    response["Cache-Control"] = "no-store"
    return response
