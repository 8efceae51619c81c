from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from . import breakdown as breakdown_data
from . import charts, earlier_texts, selectors, services
from .filters import MyGoalsFilter
from .forms import DEFAULT_SURVEY_ANSWERS, BreakdownForm, FollowUpForm, SurveyForm, WithdrawForm
from .history import follow_up_history
from .models import (
    GRID_BREAKDOWNS,
    PER_MUNICIPALITY,
    Breakdown,
    Direction,
    FollowUp,
    Gender,
    Measure,
    MeasureValue,
    Member,
    Period,
    State,
)
from .result_tables import goal_tables
from .tables import MyGoalsTable


@login_required
def home(request):
    if selectors.kansli_organisations(request.user).exists():
        return redirect("overview")
    if selectors.managed_units(request.user).exists():
        return redirect("my_goals")
    plan_years = [
        plan_year
        for organisation in selectors.organisations_for(request.user)
        for plan_year in organisation.plan_years.all()
    ]
    return render(request, "goals/home.html", {"plan_years": plan_years})


@login_required
def my_goals(request):
    rows = selectors.my_goal_rows(request.user)
    units = {r["goal"].unit for r in rows if r["goal"].unit}
    periods = sorted({r["period"] for r in rows}, key=lambda p: (p.end_date, p.pk))
    filter_form = MyGoalsFilter(
        request.GET or None, units=sorted(units, key=lambda u: (u.order, u.name)), periods=periods
    )
    table = MyGoalsTable(filter_form.apply(rows))
    RequestConfig(request, paginate=False).configure(table)
    return render(request, "goals/my_goals.html", {"table": table, "filter": filter_form, "row_count": len(rows)})


def ui_text() -> dict:
    """Translated words for the page's scripts."""
    return {
        "restore": _("Det finns osparad text från %(when)s i den här webbläsaren."),
        "restoreButton": _("Återställ den osparade texten"),
        "discardButton": _("Släng den"),
        "kept": _("En kopia av texten är sparad i webbläsaren."),
        "previewFailed": _("Förhandsgranskningen kunde inte hämtas. Försök igen."),
        "previewLoading": _("Hämtar förhandsgranskningen …"),
        "previewShown": _("Förhandsgranskningen visas nedan."),
    }


def _follow_up_form(request, goal, period, follow_up, data=None):
    """The form with what the proposal needs besides the typed values: last year's figures for
    "better than last year", and the statuses of the goals below."""
    return FollowUpForm(
        data,
        initial=FollowUpForm.initial_for(follow_up) if data is None else None,
        goal=goal,
        period=period,
        baselines=selectors.baselines_for(list(goal.measures.all())),
        child_statuses=selectors.child_statuses(goal, period),
    )


def _can_edit(user, goal, period, follow_up) -> bool:
    return selectors.can_write_goal(user, goal) and (
        period.is_open if follow_up is None else follow_up.is_editable_by_unit
    )


def _render_follow_up(
    request, goal, period, follow_up, form, conflict=None, status=200, confirm=None, dropped_status=""
):
    can_edit = _can_edit(request.user, goal, period, follow_up)
    _load_values(follow_up)
    stored = selectors.stored_readings(follow_up, form.measures, goal.plan_year.year)
    earlier = earlier_texts.earlier_texts(goal, period) if can_edit else {}
    context = {
        "goal": goal,
        "period": period,
        "follow_up": follow_up,
        "form": form,
        "rows": form.measure_rows(stored),
        "assessment": form.assessment(stored),
        "can_edit": can_edit,
        # Sent in but not yet decided: the unit may still take it back.
        "can_withdraw": bool(
            follow_up
            and follow_up.state == State.SUBMITTED
            and period.is_open
            and selectors.can_write_goal(request.user, goal)
        ),
        "conflict": conflict,
        "earlier_texts": list(earlier.values()),
        "started_from": earlier.get(form.data.get("started_from", "")) if form.is_bound else None,
        "confirm": confirm,
        "dropped_status": dropped_status,
        "is_kansli": selectors.is_kansli(request.user, goal.plan_year.organisation),
        "ui_text": ui_text(),
    }
    return render(request, "goals/follow_up_edit.html", context, status=status)


def _follow_up_of(goal, period):
    """The goal's follow-up for the period, tied to the goal and period already loaded."""
    follow_up = FollowUp.objects.filter(goal=goal, period=period).select_related("author").order_by("pk").first()
    if follow_up is None:
        return None
    follow_up.goal, follow_up.period = goal, period
    _load_values(follow_up)
    return follow_up


def _load_values(follow_up) -> None:
    """The follow-up's values, each tied to the goal's mätetal already loaded (not read again)."""
    if follow_up is None or "values" in getattr(follow_up, "_prefetched_objects_cache", {}):
        return
    # By mätetal id rather than the model's ordering, which joins the goal, period and mätetal
    # only to sort: within one mätetal the rows keep their order.
    values = Prefetch("values", queryset=MeasureValue.objects.order_by("measure_id", "order", "id"))
    prefetch_related_objects([follow_up], values, "values__municipality", "values__item", "values__component")
    measures = {m.pk: m for m in follow_up.goal.measures.all()}
    for value in follow_up.values.all():
        if value.measure_id in measures:
            value.measure = measures[value.measure_id]


def _period_of(goal, period_id):
    """The period asked for, 404 unless it is of the goal's year; the year's periods are read
    with it in one query (the earlier texts look at the one before)."""
    prefetch_related_objects([goal.plan_year], "periods")
    period = next((p for p in goal.plan_year.periods.all() if p.pk == period_id), None)
    if period is None:
        raise Http404
    period.plan_year = goal.plan_year
    return period


@login_required
def follow_up_edit(request, goal_id, period_id):
    goal = selectors.goal_for_user(request.user, goal_id)
    period = _period_of(goal, period_id)
    if not goal.level.followed_up:
        raise Http404
    if request.method != "POST":
        follow_up = _follow_up_of(goal, period)
        return _render_follow_up(request, goal, period, follow_up, _follow_up_form(request, goal, period, follow_up))

    if not selectors.can_write_goal(request.user, goal):
        raise Http404
    # A save that goes through reads the stored follow-up once, locked, in the service; only a
    # page drawn again (an error, a submit's completeness check) reads it here.
    form = _follow_up_form(request, goal, period, None, request.POST)
    if {"start_from", "start_from_confirmed", "keep_text"} & set(request.POST):
        return _start_from(request, goal, period, _follow_up_of(goal, period), form)
    submit = "submit" in request.POST
    if not form.is_valid():
        return _render_follow_up(request, goal, period, _follow_up_of(goal, period), form, status=400)
    if submit:
        follow_up = _follow_up_of(goal, period)
        if not form.check_complete(selectors.stored_readings(follow_up, form.measures, goal.plan_year.year)):
            return _render_follow_up(request, goal, period, follow_up, form, status=400)
    try:
        services.save_follow_up(
            goal=goal,
            period=period,
            user=request.user,
            status=form.cleaned_data["status"],
            text=form.cleaned_data["text"],
            status_reason=form.cleaned_data["status_reason"],
            print_reason=form.cleaned_data["print_reason"],
            values=form.cells(),
            expected_version=form.cleaned_data["version"] or 0,
            submit=submit,
        )
    except services.ConflictError as conflict:
        # Keep the user's text in the form, but let the next save go through on purpose.
        data = request.POST.copy()
        data["version"] = conflict.current.version
        form = _follow_up_form(request, goal, period, conflict.current, data)
        form.is_valid()
        return _render_follow_up(request, goal, period, conflict.current, form, conflict=conflict, status=409)
    except services.FollowUpError as error:
        form.add_error(None, str(error))
        return _render_follow_up(request, goal, period, _follow_up_of(goal, period), form, status=400)
    if submit:
        messages.success(request, _("Uppföljningen är inskickad till kansliet."))
        return redirect("my_goals")
    messages.success(request, _("Utkastet är sparat."))
    return redirect("follow_up_edit", goal.pk, period.pk)


def _start_from(request, goal, period, follow_up, form):
    """Fill the form with an earlier text, its status and figures for the user to edit; nothing
    is saved. Text the user has in the form is replaced only once they have said yes."""
    form.is_valid()
    if "keep_text" in request.POST:
        return _render_follow_up(request, goal, period, follow_up, form)
    if not _can_edit(request.user, goal, period, follow_up):
        form.add_error(None, _("Uppföljningen kan inte ändras längre."))
        return _render_follow_up(request, goal, period, follow_up, form, status=400)
    confirmed = "start_from_confirmed" in request.POST
    key = request.POST.get("start_from_confirmed" if confirmed else "start_from", "")
    earlier = earlier_texts.earlier_texts(goal, period).get(key)
    if earlier is None:
        form.add_error(None, _("Det finns ingen tidigare text att utgå från. Din text finns kvar nedan."))
        return _render_follow_up(request, goal, period, follow_up, form, status=400)
    typed = request.POST.get("text", "").replace("\r\n", "\n").strip()
    if typed and not confirmed and typed != earlier.follow_up.text.strip():
        return _render_follow_up(request, goal, period, follow_up, form, confirm=earlier)
    filled = earlier_texts.fill(request.POST, earlier, period=period, measures=form.measures)
    form = _follow_up_form(request, goal, period, follow_up, filled.data)
    form.is_valid()
    return _render_follow_up(request, goal, period, follow_up, form, dropped_status=filled.dropped_status)


@login_required
@require_POST
def follow_up_withdraw(request, goal_id, period_id):
    goal = selectors.goal_for_user(request.user, goal_id)
    period = get_object_or_404(Period, pk=period_id, plan_year=goal.plan_year)
    follow_up = get_object_or_404(FollowUp, goal=goal, period=period)
    if not selectors.can_write_goal(request.user, goal):
        raise Http404
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Sidan saknade uppgifter. Ladda om den och försök igen."))
        return redirect("follow_up_edit", goal.pk, period.pk)
    try:
        services.withdraw_follow_up(
            follow_up=follow_up, user=request.user, expected_version=form.cleaned_data["version"]
        )
    except services.FollowUpError as error:
        messages.error(request, str(error))
        return redirect("follow_up_edit", goal.pk, period.pk)
    messages.success(
        request, _("Uppföljningen är tagen tillbaka och är ett utkast igen. Skicka in den när den är klar.")
    )
    return redirect("follow_up_edit", goal.pk, period.pk)


@login_required
@require_POST
def follow_up_proposal(request, goal_id, period_id):
    """The judgement of each mätetal and the goal's proposal for the values typed so far, so the
    page shows them live from the same rules the server applies; nothing is saved."""
    goal = selectors.goal_for_user(request.user, goal_id)
    period = get_object_or_404(Period, pk=period_id, plan_year=goal.plan_year)
    if not goal.level.followed_up:
        raise Http404
    follow_up = _follow_up_of(goal, period)
    form = _follow_up_form(request, goal, period, follow_up, request.POST)
    form.is_valid()
    stored = selectors.stored_readings(follow_up, form.measures, goal.plan_year.year)
    rows = form.measure_rows(stored)

    def outcome(row) -> str:
        # A figure that is not a number yet is said at once, not judged from the last good one.
        fields = [f for f in (row["value"], *row["parts"]) if f is not None and f.errors]
        if fields:
            return render_to_string("goals/_field_errors.html", {"fields": fields})
        return render_to_string("goals/_judgement.html", {"judgement": row["judgement"], "measure": row["measure"]})

    response = JsonResponse(
        {
            "outcomes": {str(row["measure"].pk): outcome(row) for row in rows},
            "proposal": render_to_string(
                "goals/_proposal.html", {"assessment": form.assessment(stored), "goal": goal, "period": period}
            ),
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def history(request, follow_up_id):
    follow_up = selectors.follow_up_for_reader(request.user, follow_up_id)
    return render(request, "goals/history.html", {"follow_up": follow_up, "entries": follow_up_history(follow_up)})


def _reader_period(periods):
    """The period a reader opens on: the latest with approved follow-ups, else an open one, else
    the last; an årsbokslut nobody has written yet is an empty page."""
    approved = set(
        FollowUp.objects.filter(period__in=periods, state=State.APPROVED).values_list("period_id", flat=True)
    )
    for candidates in ([p for p in periods if p.pk in approved], [p for p in periods if p.is_open], periods):
        if candidates:
            return candidates[-1]
    return None


@login_required
def plan(request, slug, year):
    plan_year = selectors.plan_year_for_reader(request.user, slug, year)
    periods = list(plan_year.periods.all())
    period_id = request.GET.get("period")
    period = next((p for p in periods if str(p.pk) == period_id), None) or _reader_period(periods)
    # Approved follow-ups only unless asked: a reader must not take a draft for the förbund's word.
    show_unapproved = request.GET.get("ej_godkanda") == "1"
    nodes = selectors.assessed_nodes(plan_year, period, approved_only=not show_unapproved)
    members = Member.objects.municipalities().filter(organisation=plan_year.organisation)
    populations = breakdown_data.populations_for(members, plan_year.year)
    for node in nodes:
        # The breakdowns as the chapter prints them: per kommun, per kön, per insats …
        node.tables = list(
            goal_tables(
                node.goal, node.follow_up, year=plan_year.year, previous_values={}, populations=populations
            ).values()
        )
    chart = charts.status_by_unit((n.goal, n.follow_up) for n in nodes if n.goal.level.followed_up)
    return render(
        request,
        "goals/plan.html",
        {
            "plan_year": plan_year,
            "periods": periods,
            "period": period,
            "nodes": nodes,
            "chart": chart,
            "show_unapproved": show_unapproved,
        },
    )


@login_required
def measure_history(request, measure_id):
    measure = get_object_or_404(Measure.objects.select_related("goal"), pk=measure_id)
    goal = selectors.goal_for_user(request.user, measure.goal_id)
    history = charts.measure_history(measure)
    organisation = goal.plan_year.organisation
    # Kansliet downloads a mätetal per kommun in Kolada's layout (export_views.measure_kolada_csv).
    kolada = measure.breakdown in PER_MUNICIPALITY and selectors.is_kansli(request.user, organisation)
    return render(
        request,
        "goals/measure_history.html",
        {
            "measure": measure,
            "goal": goal,
            "history": history,
            "chart": charts.trend(measure),
            "kolada_slug": organisation.slug if kolada else None,
        },
    )


def _save_grid(request, goal, period, form, cells) -> bool:
    """Validate a value grid and store it; False (with the errors on the form) if it was not saved."""
    if not selectors.can_write_goal(request.user, goal):
        raise Http404
    if not form.is_valid():
        return False
    try:
        services.save_value_grid(
            goal=goal,
            period=period,
            user=request.user,
            cells=cells(),
            expected_version=form.cleaned_data["version"] or 0,
        )
    except services.ConflictError as conflict:
        form.add_error(
            None,
            _(
                "%(who)s har ändrat uppföljningen efter att du öppnade sidan. Dina värden "
                "finns kvar nedan; ladda om sidan för att se de sparade och för över dina."
            )
            % {"who": conflict.current.author or _("Någon")},
        )
        return False
    except services.FollowUpError as error:
        form.add_error(None, str(error))
        return False
    return True


@login_required
def breakdown(request, goal_id, period_id, measure_id):
    """A mätetal's values per kommun, per part of a dimension and/or per kön, as one grid."""
    goal = selectors.goal_for_user(request.user, goal_id)
    period = get_object_or_404(Period, pk=period_id, plan_year=goal.plan_year)
    measure = get_object_or_404(
        goal.measures.filter(breakdown__in=GRID_BREAKDOWNS).select_related("dimension"), pk=measure_id
    )
    follow_up = FollowUp.objects.filter(goal=goal, period=period).first()
    stored = (
        MeasureValue.objects.filter(follow_up=follow_up, measure=measure, component=None, category="")
        .exclude(municipality=None, item=None, gender="")
        .select_related("municipality", "item")
        if follow_up
        else []
    )
    existing = {(v.municipality_id or v.item_id, v.gender): v.value for v in stored}
    parts = breakdown_data.parts_for(measure)
    genders = breakdown_data.genders_for(measure)
    form = BreakdownForm(
        request.POST or None,
        measure=measure,
        parts=parts,
        genders=genders,
        existing=existing,
        initial={"version": follow_up.version if follow_up else 0},
    )
    can_edit = _can_edit(request.user, goal, period, follow_up)
    if request.method == "POST" and _save_grid(request, goal, period, form, form.cells):
        messages.success(request, _("Värdena är sparade."))
        return redirect("breakdown", goal.pk, period.pk, measure.pk)
    totals_gender = "T" if "T" in genders else ""
    cells = {part: existing.get((part.pk, totals_gender)) for part in parts}
    populations = breakdown_data.populations_for([p for p in parts if isinstance(p, Member)], goal.plan_year.year)
    figure = breakdown_data.federation_figure(measure, cells, populations) if parts else None
    chart = charts.bars(
        measure.text,
        [(part.name, value) for part, value in cells.items()],
        measure.unit_label,
        lower_is_better=measure.direction == Direction.LOWER,
    )
    return render(
        request,
        "goals/breakdown.html",
        {
            "goal": goal,
            "period": period,
            "measure": measure,
            "form": form,
            "can_edit": can_edit,
            "figure": figure,
            "follow_up": follow_up,
            "part_heading": measure.dimension.name if measure.dimension_id else _("Kommun"),
            "genders": [Gender(g) for g in genders],
            "chart": chart,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def survey(request, goal_id, period_id):
    """The goal's survey questions (mätetal per svarsalternativ) as one table to fill in."""
    goal = selectors.goal_for_user(request.user, goal_id)
    period = get_object_or_404(Period, pk=period_id, plan_year=goal.plan_year)
    measures = list(goal.measures.filter(breakdown=Breakdown.CATEGORY))
    if not measures:
        raise Http404
    follow_up = FollowUp.objects.filter(goal=goal, period=period).first()
    existing = (
        {
            (v.measure_id, v.category): v.value
            for v in MeasureValue.objects.filter(
                follow_up=follow_up, measure__in=measures, municipality=None, item=None, component=None
            )
        }
        if follow_up
        else {}
    )
    answers = selectors.survey_answers(measures) or [str(a) for a in DEFAULT_SURVEY_ANSWERS]
    form = SurveyForm(
        request.POST or None,
        measures=measures,
        answers=answers,
        existing=existing,
        initial={"version": follow_up.version if follow_up else 0},
    )
    can_edit = _can_edit(request.user, goal, period, follow_up)
    if request.method == "POST" and _save_grid(request, goal, period, form, form.cells):
        messages.success(request, _("Enkätens värden är sparade."))
        return redirect("survey", goal.pk, period.pk)
    return render(
        request,
        "goals/survey.html",
        {"goal": goal, "period": period, "form": form, "answers": answers, "can_edit": can_edit},
        status=400 if request.method == "POST" else 200,
    )
