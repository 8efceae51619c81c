"""Kansliet's open-data downloads: a mätetal's values as a Kolada CSV, a year as interchange JSON."""

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from . import kolada
from .interchange import export_document
from .models import PER_MUNICIPALITY, Measure
from .spreadsheets import access


def _attachment(content: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def plan_json(request, slug, year):
    plan_year = access.plan_year_for_kansli(request.user, slug, year)
    document = json.dumps(export_document(plan_year), ensure_ascii=False, indent=2)
    return _attachment(document, "application/json; charset=utf-8", f"{slug}-{year}.json")


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
    return _attachment(kolada.export_csv(measure), "text/csv; charset=utf-8", filename)
