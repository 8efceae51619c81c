"""What the public may see: fastställda prints of years the organisation has published, with
their snapshot. Every public view gets its print through these, so nothing of an unpublished
year, a print that is not fastställd or one without a snapshot is ever reachable."""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404

from goals.models import PlanYear
from reports.models import ChapterPrint, PrintState


def public_prints():
    return ChapterPrint.objects.filter(
        is_final=True, state=PrintState.DONE, plan_year__is_public=True, snapshot__isnull=False
    ).exclude(file="")


def published_years() -> list[PlanYear]:
    """Published years that have at least one public chapter, by organisation, newest first (one query)."""
    has_print = public_prints().filter(plan_year=OuterRef("pk"))
    return list(
        PlanYear.objects.filter(is_public=True)
        .filter(Exists(has_print))
        .select_related("organisation")
        .order_by("organisation__name", "-year")
    )


def year_prints_or_404(slug: str, year: int) -> list[ChapterPrint]:
    """The public chapters of one organisation's year, årsbokslut first; 404 when there are none."""
    prints = list(
        public_prints()
        .filter(organisation__slug=slug, plan_year__year=year)
        .select_related("organisation", "plan_year", "period")
        .defer("snapshot")
        .order_by("-period__end_date", "-finalised_at", "-id")
    )
    if not prints:
        raise Http404
    return prints


def public_print_or_404(slug: str, year: int, print_id: int) -> ChapterPrint:
    """One public chapter with its snapshot, in one query; 404 for anything not public."""
    return get_object_or_404(
        public_prints().select_related("organisation", "plan_year", "period"),
        pk=print_id,
        organisation__slug=slug,
        plan_year__year=year,
    )


def earlier_public_prints(chapter_print: ChapterPrint) -> list[ChapterPrint]:
    """Per earlier published year of the same organisation, its latest public chapter (the
    årsbokslut rather than the delår), oldest first, for a goal's progress over the years.

    Two queries: which prints, then only their snapshots (a year may have several prints)."""
    candidates = (
        public_prints()
        .filter(organisation_id=chapter_print.organisation_id, plan_year__year__lt=chapter_print.plan_year.year)
        .order_by("-plan_year__year", "-period__end_date", "-finalised_at", "-id")
        .values_list("pk", "plan_year__year")
    )
    chosen: dict[int, int] = {}
    for pk, year in candidates:
        chosen.setdefault(year, pk)
    if not chosen:
        return []
    return list(
        ChapterPrint.objects.filter(pk__in=chosen.values()).select_related("plan_year").order_by("plan_year__year")
    )
