"""Kansliet's Excel downloads and the plan upload."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from goals.logbook.services import record_access
from goals.models import AccessKind, Measure

from . import access, exporting, importing, template
from .forms import PlanUploadForm
from .reading import WorkbookError


def _download(wb, filename: str) -> HttpResponse:
    response = HttpResponse(exporting.as_bytes(wb), content_type=exporting.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def plan_excel(request, slug, year):
    plan_year = access.plan_year_for_kansli(request.user, slug, year)
    filename = exporting.plan_filename(plan_year)
    response = _download(exporting.plan_export(plan_year), filename)
    record_access(
        user=request.user,
        organisation=plan_year.organisation,
        kind=AccessKind.PLAN_EXPORT,
        what=filename,
        object_id=plan_year.pk,
    )
    return response


@login_required
def status_excel(request, slug, period_id):
    period = access.period_for_kansli(request.user, slug, period_id)
    filename = exporting.status_filename(period)
    response = _download(exporting.status_export(period), filename)
    record_access(
        user=request.user,
        organisation=period.plan_year.organisation,
        kind=AccessKind.STATUS_EXPORT,
        what=filename,
        object_id=period.pk,
    )
    return response


@login_required
def plan_template(request, slug):
    organisation = access.organisation_for_kansli(request.user, slug)
    return _download(template.template_workbook(organisation), f"{organisation.slug}-planmall.xlsx")


@login_required
def plan_import(request, slug):
    organisation = access.organisation_for_kansli(request.user, slug)
    form = PlanUploadForm(
        request.POST or None, request.FILES or None, initial={"year": template.next_year(organisation)}
    )
    problems = []
    if request.method == "POST" and form.is_valid():
        try:
            plan_year = importing.import_workbook(
                organisation=organisation,
                year=form.cleaned_data["year"],
                content=form.cleaned_data["file"].read(),
                replace=form.cleaned_data["replace"],
            )
        except WorkbookError as error:
            problems = error.problems
        else:
            messages.success(
                request,
                _("Planen för %(year)s är importerad: %(goals)s mål och uppdrag, %(measures)s mätetal.")
                % {
                    "year": plan_year.year,
                    "goals": plan_year.goals.count(),
                    "measures": Measure.objects.filter(goal__plan_year=plan_year).count(),
                },
            )
            return redirect("overview_org", organisation.slug)
    status = 400 if request.method == "POST" else 200
    context = {"organisation": organisation, "form": form, "problems": problems}
    return render(request, "goals/spreadsheets/import.html", context, status=status)
