"""Kansliet's open-data downloads: a mätetal's values as a Kolada CSV, a year as interchange JSON."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from . import kolada
from .interchange import export_document
from .logbook.services import record_access
from .models import PER_MUNICIPALITY, AccessKind, Measure
from .spreadsheets import access


def _attachment(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def plan_json(request, slug, year):
    plan_year = access.plan_year_for_kansli(request.user, slug, year)
    document = json.dumps(export_document(plan_year), ensure_ascii=False, indent=2)
    filename = f"{slug}-{year}.json"
    record_access(
        user=request.user,
        organisation=plan_year.organisation,
        kind=AccessKind.PLAN_JSON,
        what=filename,
        object_id=plan_year.pk,
    )
    return _attachment(document, "application/json; charset=utf-8", filename)


@login_required
def measure_kolada_csv(request, slug, measure_id):
    """Only a mätetal per kommun has a Kolada layout; any other is 404, as another förbund's is."""
    organisation = access.organisation_for_kansli(request.user, slug)
    measure = get_object_or_404(
        Measure.objects.select_related("goal__plan_year"),
        goal__plan_year__organisation=organisation,
        breakdown__in=PER_MUNICIPALITY,
        pk=measure_id,
    )
    name = measure.kpi or f"matetal-{measure.pk}"
    filename = f"{slug}-{measure.goal.plan_year.year}-{name}-kolada.csv"
    record_access(
        user=request.user, organisation=organisation, kind=AccessKind.KOLADA_CSV, what=filename, object_id=measure.pk
    )
    return _attachment(kolada.export_csv(measure), "text/csv; charset=utf-8", filename)
