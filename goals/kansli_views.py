"""Kansliet's pages: the overview per unit and period, review, periods, next year's plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import copying, diff, selectors, services
from .forms import ApproveForm, CopyPlanForm, FollowUpForm, ReturnForm
from .models import FollowUp, Period, PlanYear, State


@login_required
def overview(request, slug=None, period_id=None):
    organisations = selectors.kansli_organisations(request.user)
    organisation = get_object_or_404(organisations, slug=slug) if slug else organisations.first()
    if organisation is None:
        raise Http404
    periods = Period.objects.filter(plan_year__organisation=organisation).select_related("plan_year")
    if period_id:
        period = get_object_or_404(periods, pk=period_id)
    else:
        period = periods.filter(is_open=True).first() or periods.order_by("-end_date").first()
    rows = selectors.overview_counts(period) if period else []
    # Statuses that go against their own figures, so kansliet looks at them before approving.
    disagreeing = [n for n in selectors.assessed_nodes(period.plan_year, period) if n.disagrees] if period else []
    per_unit = {}
    for node in disagreeing:
        per_unit[node.goal.unit_id] = per_unit.get(node.goal.unit_id, 0) + 1
    for row in rows:
        row["disagreeing"] = per_unit.get(row["unit_id"], 0)
    past_deadline = bool(period and period.is_open and period.deadline and period.deadline < timezone.localdate())
    for row in rows:
        # Kansliet chases the units that still owe something once the deadline has passed.
        row["late"] = past_deadline and bool(row["missing"] + row["draft"] + row["returned"])
    follow_ups = (
        FollowUp.objects.filter(period=period, state=State.SUBMITTED).select_related("goal__unit") if period else []
    )
    return render(
        request,
        "goals/overview.html",
        {
            "organisation": organisation,
            "organisations": organisations,
            "periods": periods.order_by("-end_date"),
            "period": period,
            "rows": rows,
            "to_review": follow_ups,
            "disagreeing": {n.follow_up.pk for n in disagreeing},
            "disagreeing_nodes": disagreeing,
            "past_deadline": past_deadline,
        },
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


@login_required
@require_POST
def toggle_period(request, period_id):
    period = get_object_or_404(Period.objects.select_related("plan_year__organisation"), pk=period_id)
    if not selectors.is_kansli(request.user, period.plan_year.organisation):
        raise Http404
    services.set_period_open(period=period, is_open=not period.is_open)
    if period.is_open:
        messages.success(request, _("Perioden är öppnad för enheterna."))
    else:
        messages.success(request, _("Perioden är stängd."))
    return redirect("overview_period", period.plan_year.organisation.slug, period.pk)


@login_required
def copy_plan(request, slug, year):
    plan_year = get_object_or_404(PlanYear.objects.select_related("organisation"), organisation__slug=slug, year=year)
    if not selectors.is_kansli(request.user, plan_year.organisation):
        raise Http404
    initial = {"to_year": year + 1, "goals": [str(pk) for pk in plan_year.goals.values_list("pk", flat=True)]}
    form = CopyPlanForm(request.POST or None, initial=initial, plan_year=plan_year)
    if request.method == "POST" and form.is_valid():
        target = copying.copy_plan(
            source=plan_year,
            to_year=form.cleaned_data["to_year"],
            goal_ids=[int(pk) for pk in form.cleaned_data["goals"]],
        )
        messages.success(
            request,
            _(
                "Planen är kopierad till %(year)s med %(count)s mål och uppdrag. Öppna en period när enheterna ska börja skriva."
            )
            % {"year": target.year, "count": target.goals.count()},
        )
        return redirect("overview_org", slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "goals/copy_plan.html", {"plan_year": plan_year, "form": form}, status=status)
