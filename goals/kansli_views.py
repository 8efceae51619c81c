"""Kansliet's pages: the overview per unit and period, review, periods (next year's plan is in Planera)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from . import diff, selectors, services
from . import overview as overview_data
from .filters import FollowUpListFilter
from .forms import ApproveForm, FollowUpForm, ReturnForm
from .models import FollowUp, Period, PlanYear
from .tables import FollowUpListTable


def _kansli_organisation(user, slug):
    organisations = selectors.kansli_organisations(user)
    organisation = get_object_or_404(organisations, slug=slug) if slug else organisations.first()
    if organisation is None:
        raise Http404
    return organisation, organisations


@login_required
def overview(request, slug=None, period_id=None):
    """Every open period (or the one asked for; the latest when none is open), per unit."""
    organisation, organisations = _kansli_organisation(request.user, slug)
    periods = Period.objects.filter(plan_year__organisation=organisation).select_related("plan_year__organisation")
    if period_id:
        shown = [get_object_or_404(periods, pk=period_id)]
    else:
        shown = list(periods.filter(is_open=True).order_by("-end_date")) or list(periods.order_by("-end_date")[:1])
    return render(
        request,
        "goals/overview.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "periods": periods.order_by("-end_date"),
            "period": shown[0] if shown else None,
            "shown": [overview_data.period_overview(period) for period in shown],
            "plan_years": sorted({p.plan_year for p in shown}, key=lambda y: -y.year),
            "sent_mails": selectors.recent_sent_mail(organisation),
        },
    )


@login_required
def follow_up_list(request, slug):
    """The follow-ups behind a count of the overview, filtered by period, unit and state."""
    organisation, _organisations = _kansli_organisation(request.user, slug)
    data = request.GET.copy()
    if not data.get("period"):
        default = Period.objects.filter(plan_year__organisation=organisation).order_by("-is_open", "-end_date").first()
        if default is not None:
            data["period"] = str(default.pk)
    filterset = FollowUpListFilter(data, organisation=organisation)
    valid = filterset.is_valid()
    period = filterset.form.cleaned_data.get("period") if valid else None
    table = FollowUpListTable(filterset.qs if valid else [], period=period)
    RequestConfig(request, paginate=False).configure(table)
    return render(
        request,
        "goals/follow_up_list.html",
        {"organisation": organisation, "filter": filterset, "table": table, "period": period},
        status=200 if valid else 400,
    )


def _read_only_form(follow_up: FollowUp) -> FollowUpForm:
    """The follow-up as its form shows it, with what the proposal needs: last year's figures and
    the statuses of the goals below. The review's judgements all come from this one form."""
    goal = follow_up.goal
    return FollowUpForm(
        initial=FollowUpForm.initial_for(follow_up),
        goal=goal,
        period=follow_up.period,
        baselines=selectors.baselines_for(list(goal.measures.all())),
        child_statuses=selectors.child_statuses(goal, follow_up.period),
    )


@login_required
def review(request, follow_up_id):
    follow_up = selectors.follow_up_for_kansli(request.user, follow_up_id)
    measure_form = _read_only_form(follow_up)
    stored = selectors.stored_readings(follow_up, measure_form.measures, follow_up.goal.plan_year.year)
    assessment = measure_form.assessment(stored)
    initial = {"version": follow_up.version, "print_disagreement": follow_up.print_disagreement}
    approving = request.method == "POST" and "approve" in request.POST
    form = ReturnForm(request.POST if request.method == "POST" and not approving else None, initial=initial)
    approve_form = ApproveForm(request.POST if approving else None, initial=initial)
    if request.method == "POST":
        try:
            if approving and approve_form.is_valid():
                services.approve_follow_up(
                    follow_up=follow_up,
                    user=request.user,
                    expected_version=approve_form.cleaned_data["version"],
                    print_disagreement=approve_form.cleaned_data["print_disagreement"]
                    if assessment.disagrees
                    else None,
                )
                messages.success(request, _("Uppföljningen är godkänd."))
                return redirect("overview_period", follow_up.goal.plan_year.organisation.slug, follow_up.period_id)
            if not approving and form.is_valid():
                services.return_follow_up(
                    follow_up=follow_up,
                    user=request.user,
                    comment=form.cleaned_data["comment"],
                    expected_version=form.cleaned_data["version"],
                )
                messages.success(request, _("Uppföljningen är återsänd till enheten."))
                return redirect("overview_period", follow_up.goal.plan_year.organisation.slug, follow_up.period_id)
        except services.FollowUpError as error:
            (approve_form if approving else form).add_error(None, str(error))
    status = 400 if request.method == "POST" else 200
    context = {
        "follow_up": follow_up,
        "goal": follow_up.goal,
        "period": follow_up.period,
        "form": form,
        "approve_form": approve_form,
        "assessment": assessment,
        "rows": measure_form.measure_rows(stored),
        "since_return": diff.since_return(follow_up),
    }
    return render(request, "goals/review.html", context, status=status)


def _period_for_kansli(user, period_id) -> Period:
    period = get_object_or_404(Period.objects.select_related("plan_year__organisation"), pk=period_id)
    if not selectors.is_kansli(user, period.plan_year.organisation):
        raise Http404
    return period


@login_required
@require_POST
def toggle_period(request, period_id):
    """Opens a closed period; an open one is closed only after the confirmation page."""
    period = _period_for_kansli(request.user, period_id)
    if period.is_open:
        return redirect("close_period", period.pk)
    services.set_period_open(period=period, is_open=True)
    messages.success(request, _("Perioden är öppnad för enheterna."))
    return redirect("overview_period", period.plan_year.organisation.slug, period.pk)


@login_required
def close_period(request, period_id):
    """GET: what closing leaves undone, unit by unit; POST: close the period."""
    period = _period_for_kansli(request.user, period_id)
    organisation = period.plan_year.organisation
    if request.method == "POST":
        if period.is_open:
            services.set_period_open(period=period, is_open=False)
            messages.success(request, _("Perioden är stängd."))
        else:
            messages.info(request, _("Perioden var redan stängd."))
        return redirect("overview_period", organisation.slug, period.pk)
    summary = overview_data.closing_summary(period)
    for row in summary.units:
        row["link"] = overview_data.follow_up_list_url(period, unit=row["unit_id"])
    return render(
        request, "goals/close_period.html", {"period": period, "organisation": organisation, "summary": summary}
    )


@login_required
def copy_plan(request, slug, year):
    """The copy now lives in Planera, where the periods and what to carry are chosen too."""
    plan_year = get_object_or_404(PlanYear.objects.select_related("organisation"), organisation__slug=slug, year=year)
    if not selectors.is_kansli(request.user, plan_year.organisation):
        raise Http404
    return redirect(f"{reverse('planning_start', args=[slug])}?fran={year}&ar={year + 1}")
