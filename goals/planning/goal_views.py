"""Planera's goals and mätetal: add under a parent, edit, move among siblings, delete."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from ..models import Goal, Measure
from . import selectors, services
from .forms import GoalForm
from .measure_forms import ComponentFormSet, MeasureForm
from .views import add_errors, delete_page, edit_page, year_url


def _goal_url(plan_year, goal):
    return f"{year_url(plan_year)}#goal-{goal.pk}"


def _handed_in_notice(goal_ids) -> str:
    counts = selectors.follow_up_counts(goal_ids)
    if not counts["handed_in"]:
        return ""
    return ngettext(
        "Målet har %(count)s inskickad eller godkänd uppföljning. Det du ändrar här syns också i den och i kapitlet.",
        "Målet har %(count)s inskickade eller godkända uppföljningar. Det du ändrar här syns också i dem och i kapitlet.",
        counts["handed_in"],
    ) % {"count": counts["handed_in"]}


@login_required
def goal_edit(request, slug, year, goal_id=None):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    if goal_id:
        goal = selectors.goal_in_year(plan_year, goal_id)
        title = _("Ändra målet")
    else:
        under = request.GET.get("under", "")
        parent = selectors.goal_in_year(plan_year, int(under)) if under.isdigit() else None
        goal = Goal(plan_year=plan_year, parent=parent)
        below = plan_year.levels.filter(order__gt=parent.level.order).first() if parent else plan_year.levels.first()
        goal.level = below or plan_year.levels.last()
        if parent:
            goal.unit = parent.unit
        title = _("Nytt mål under %(parent)s") % {"parent": parent.title[:60]} if parent else _("Nytt mål")
    form = GoalForm(request.POST or None, instance=goal)
    notice = _handed_in_notice([goal.pk]) if goal.pk else ""
    return edit_page(
        request,
        form,
        save=services.save_goal,
        done=year_url(plan_year),
        title=title,
        context={"notice": notice, "plan_year": plan_year},
        message=_("Målet är sparat."),
    )


@login_required
def goal_delete(request, slug, year, goal_id):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    goal = selectors.goal_in_year(plan_year, goal_id)
    goals = selectors.subtree(goal)
    counts = selectors.follow_up_counts([g.pk for g in goals])
    measures = Measure.objects.filter(goal__in=[g.pk for g in goals]).count()
    losses = []
    if len(goals) > 1:
        losses.append(
            _("%(count)s mål under det: %(titles)s")
            % {
                "count": len(goals) - 1,
                "titles": "; ".join(g.title[:60] for g in goals[1:6]) + (" …" if len(goals) > 6 else ""),
            }
        )
    if measures:
        losses.append(_("%(count)s mätetal med sina målvärden") % {"count": measures})
    if counts["all"]:
        losses.append(
            _("%(count)s uppföljningar (varav %(handed_in)s inskickade eller godkända) med deras värden och texter")
            % {"count": counts["all"], "handed_in": counts["handed_in"]}
        )
    # The goal with its mätetal goes after one click; follow-ups or goals below need the box ticked.
    return delete_page(
        request,
        obj=goal,
        delete=services.delete_goal,
        done=year_url(plan_year),
        title=_("Ta bort målet ”%(title)s”") % {"title": goal.title[:80]},
        losses=losses,
        confirm_needed=bool(counts["all"] or len(goals) > 1),
        confirm_label=_("Ja, ta bort målet och allt som listas ovan. Det går inte att ångra."),
        message=_("Målet är borttaget."),
    )


@login_required
@require_POST
def goal_move(request, slug, year, goal_id):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    goal = selectors.goal_in_year(plan_year, goal_id)
    up = request.POST.get("direction") == "up"
    if services.move_goal(goal, up=up):
        messages.success(
            request,
            _("”%(title)s” är flyttat %(way)s.") % {"title": goal.title[:60], "way": _("uppåt") if up else _("nedåt")},
        )
    return redirect(_goal_url(plan_year, goal))


@login_required
def measure_edit(request, slug, year, goal_id=None, measure_id=None):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    if measure_id:
        measure = selectors.measure_in_year(plan_year, measure_id)
        goal = measure.goal
        title = _("Ändra mätetalet")
    else:
        goal = selectors.goal_in_year(plan_year, goal_id)
        measure = Measure(goal=goal)
        title = _("Nytt mätetal för %(goal)s") % {"goal": goal.title[:60]}
    posted = request.POST if request.method == "POST" else None
    form = MeasureForm(posted, instance=measure)
    parts = ComponentFormSet(posted, instance=measure, prefix="part")
    done = _goal_url(plan_year, goal)
    if posted is not None and form.is_valid() and parts.is_valid():
        changed = parts.save(commit=False)
        try:
            services.save_measure(form.instance, parts=changed, removed_parts=parts.deleted_objects)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Mätetalet är sparat."))
            return redirect(done)
    context = {
        "form": form,
        "parts": parts,
        "title": title,
        "back": done,
        "notice": _handed_in_notice([goal.pk]),
        "goal": goal,
    }
    return render(request, "goals/planning/form.html", context, status=400 if posted is not None else 200)


@login_required
def measure_delete(request, slug, year, measure_id):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    measure = selectors.measure_in_year(plan_year, measure_id)
    values = measure.values.count()
    losses = [_("%(count)s uppmätta värden i uppföljningarna") % {"count": values}] if values else []
    return delete_page(
        request,
        obj=measure,
        delete=services.delete_measure,
        done=_goal_url(plan_year, measure.goal),
        title=_("Ta bort mätetalet ”%(text)s”") % {"text": measure.text[:80]},
        losses=losses,
        confirm_label=_("Ja, ta bort mätetalet och dess värden"),
        message=_("Mätetalet är borttaget."),
    )
