"""The public pages: no login, read only from the snapshots of fastställda prints of published
years (public.selectors), cacheable by anyone.

The pages are rendered without the request's context, so nothing about a logged-in visitor
(the menu, the session) ever lands in a page a shared cache may keep.
"""

from django.http import FileResponse, Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import patch_cache_control
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_safe

from . import pages, selectors
from .forms import ChapterFilterForm

# Seconds a browser or a proxy may keep a page: a fastställd chapter never changes, but a year
# can be unpublished, and that should show within minutes.
PAGE_MAX_AGE = 600


def _page(template: str, context: dict) -> HttpResponse:
    response = HttpResponse(render_to_string(template, context))
    patch_cache_control(response, public=True, max_age=PAGE_MAX_AGE)
    return response


def _chapter_context(chapter_print) -> dict:
    snapshot = chapter_print.snapshot
    later = snapshot.get("built_from") == "later_data"
    return {
        "chapter_print": chapter_print,
        "organisation": chapter_print.organisation,
        "year": chapter_print.plan_year.year,
        "snapshot": snapshot,
        "chapter": snapshot["chapter"],
        "goals": snapshot["goals"],
        "built_later_at": parse_datetime(snapshot["built_at"]) if later else None,
    }


@require_safe
def index(request):
    years = selectors.published_years()
    organisations: dict = {}
    for plan_year in years:
        organisations.setdefault(plan_year.organisation, []).append(plan_year)
    return _page("public/index.html", {"organisations": organisations.items()})


@require_safe
def year(request, slug, year):
    prints = selectors.year_prints_or_404(slug, year)
    return _page("public/year.html", {"prints": prints, "organisation": prints[0].organisation, "year": year})


@require_safe
def chapter(request, slug, year, print_id):
    chapter_print = selectors.public_print_or_404(slug, year, print_id)
    snapshot = chapter_print.snapshot
    form = ChapterFilterForm(request.GET or None, snapshot=snapshot)
    criteria = form.criteria()
    context = _chapter_context(chapter_print)
    context.update(
        form=form,
        filtering=bool(criteria),
        shown=pages.filtered(snapshot, **criteria) if criteria else [],
        total=len(snapshot["order"]),
    )
    return _page("public/chapter.html", context)


@require_safe
def goal(request, slug, year, print_id, goal_id):
    chapter_print = selectors.public_print_or_404(slug, year, print_id)
    entry = chapter_print.snapshot["goals"].get(str(goal_id))
    if entry is None:
        raise Http404
    earlier = (
        [(p.plan_year.year, p.pk, p.snapshot) for p in selectors.earlier_public_prints(chapter_print)]
        if entry["lineage"]
        else []
    )
    context = _chapter_context(chapter_print)
    context.update(
        entry=entry,
        parent=chapter_print.snapshot["goals"].get(entry["parent_row"] or ""),
        progress=pages.progress(entry, year=year, print_id=chapter_print.pk, earlier=earlier),
    )
    return _page("public/goal.html", context)


@require_safe
def pdf(request, slug, year, print_id):
    """The fastställd PDF itself, the archived original."""
    chapter_print = selectors.public_print_or_404(slug, year, print_id)
    try:
        handle = chapter_print.file.open("rb")
    except FileNotFoundError:
        raise Http404
    response = FileResponse(handle, filename=chapter_print.download_name, content_type="application/pdf")
    # The file of a fastställd print is written once and never replaced.
    patch_cache_control(response, public=True, max_age=86400)
    return response
