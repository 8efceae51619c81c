from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from goals import selectors


@login_required
def prints(request):
    organisations = selectors.kansli_organisations(request.user)
    if not organisations.exists():
        raise Http404
    return render(request, "reports/prints.html", {"organisations": organisations})
