"""The Logg page: the förbund's changes for kansliet and läsare, its reads and exports for kansliet."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import describe, selectors
from .forms import AccessFilterForm, ChangeFilterForm

PAGE_SIZE = 25
ACCESS_TAB = "lasningar"


@login_required
@require_GET
def logbook(request, slug=None):
    organisation, organisations = selectors.log_organisation(request.user, slug)
    shows_access = selectors.sees_access_log(request.user, organisation)
    tab = request.GET.get("visa", "")
    if tab == ACCESS_TAB and not shows_access:
        raise Http404
    form_class = AccessFilterForm if tab == ACCESS_TAB else ChangeFilterForm
    form = form_class(request.GET, organisation=organisation)
    valid = form.is_valid()
    filters = {name: value for name, value in form.cleaned_data.items() if value not in ("", None)} if valid else {}
    if tab == ACCESS_TAB:
        events = selectors.access_events(organisation, **filters) if valid else []
    else:
        events = selectors.change_events(organisation, **filters) if valid else []
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("sida"))
    entries = list(page) if tab == ACCESS_TAB else [describe.describe(*row) for row in selectors.records_for(page)]
    others = request.GET.copy()
    others.pop("sida", None)
    context = {
        "organisation": organisation,
        "organisations": organisations,
        "shows_access": shows_access,
        "access_tab": tab == ACCESS_TAB,
        "form": form,
        "page": page,
        "entries": entries,
        "query": others.urlencode(),
    }
    return render(request, "goals/logbook.html", context, status=200 if valid else 400)
