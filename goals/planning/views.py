"""Planera: the organisation's years, starting a new one, and the page of one year."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Period, PlanLevel
from ..selectors import kansli_organisations
from . import selectors, services, years
from .forms import ConfirmDeleteForm, LevelForm, PeriodForm, SettingsForm
from .start_forms import COPY, PeriodRows, StartYearForm


def add_errors(form, error: ValidationError) -> None:
    """A model's refusal shown at the field it names (or above the form)."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages_)
    else:
        form.add_error(None, error.messages)


def edit_page(request, form, *, save, done, title, context=None, message=None):
    """The one shape of Planera's edit pages: a valid form goes to a service, a refusal
    re-renders the form with what was typed."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, message or _("Ändringen är sparad."))
            return redirect(done)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "goals/planning/form.html",
        {"form": form, "title": title, "back": done, **(context or {})},
        status=status,
    )


def delete_page(request, *, obj, delete, done, title, losses, confirm_label, message, confirm_needed=None):
    """A confirmation that says what will be lost; a box to tick when more than the row goes."""
    confirm_needed = bool(losses) if confirm_needed is None else confirm_needed
    posted = request.POST if request.method == "POST" else None
    form = ConfirmDeleteForm(posted, loses_data=confirm_needed, label=confirm_label)
    if request.method == "POST" and form.is_valid():
        delete(obj)
        messages.success(request, message)
        return redirect(done)
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "title": title, "losses": losses, "back": done, "object": obj}
    return render(request, "goals/planning/confirm_delete.html", context, status=status)


@login_required
def planning_home(request):
    organisation = kansli_organisations(request.user).first()
    if organisation is None:
        raise Http404
    return redirect("planning_years", organisation.slug)


@login_required
def years_page(request, slug):
    organisation = selectors.organisation_for_planning(request.user, slug)
    plan_years = organisation.plan_years.prefetch_related("periods").order_by("-year")
    context = {
        "organisation": organisation,
        "organisations": kansli_organisations(request.user),
        "plan_years": plan_years,
    }
    return render(request, "goals/planning/years.html", context)


@login_required
def start_year(request, slug):
    organisation = selectors.organisation_for_planning(request.user, slug)
    latest = years.latest_year(organisation)
    asked_source, asked_year = request.GET.get("fran", ""), request.GET.get("ar", "")
    source = organisation.plan_years.filter(year=int(asked_source)).first() if asked_source.isdigit() else None
    source = source or latest
    if asked_year.isdigit() and 1990 <= int(asked_year) <= 2100:
        to_year = int(asked_year)
    else:
        to_year = latest.year + 1 if latest else timezone.localdate().year
    posted = request.POST if request.method == "POST" else None
    initial = {"year": to_year, "mode": COPY if source else "blank", "measures": True, "texts": True}
    if source:
        initial["goals"] = [str(pk) for pk in source.goals.values_list("pk", flat=True)]
        initial["contributions"] = True
    form = StartYearForm(posted, initial=initial, organisation=organisation, source=source)
    year_typed = form.data.get("year") if posted else to_year
    try:
        rows_year = int(year_typed)
    except (TypeError, ValueError):
        rows_year = None
    rows = PeriodRows(posted, initial=years.proposed_periods(source, to_year), prefix="period", year=rows_year)
    if posted is not None and form.is_valid() and rows.is_valid():
        data = form.cleaned_data
        try:
            plan_year = years.start_year(
                organisation=organisation,
                year=data["year"],
                periods=rows.periods,
                source=source,
                copy=data["mode"] == COPY,
                goal_ids=[int(pk) for pk in data.get("goals", [])],
                measures=data.get("measures", False),
                texts=data.get("texts", False),
                contributions=data.get("contributions", False),
            )
        except years.StartError as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Verksamhetsåret %(year)s är skapat med %(goals)s mål och %(periods)s perioder.")
                % {"year": plan_year.year, "goals": plan_year.goals.count(), "periods": plan_year.periods.count()},
            )
            return redirect("planning_year", slug, plan_year.year)
    context = {
        "organisation": organisation,
        "source": source,
        "plan_years": organisation.plan_years.order_by("-year"),
        "to_year": to_year,
        "form": form,
        "rows": rows,
    }
    return render(request, "goals/planning/start.html", context, status=400 if posted is not None else 200)


@login_required
def year_page(request, slug, year):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    context = {
        "plan_year": plan_year,
        "organisation": plan_year.organisation,
        "levels": plan_year.levels.all(),
        "periods": plan_year.periods.all(),
        "rows": selectors.goal_rows(plan_year),
    }
    return render(request, "goals/planning/year.html", context)


def year_url(plan_year):
    return reverse("planning_year", args=[plan_year.organisation.slug, plan_year.year])


@login_required
def settings_edit(request, slug, year):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    form = SettingsForm(request.POST or None, instance=plan_year)
    title = _("Planens texter och rubriker %(year)s") % {"year": year}
    return edit_page(request, form, save=services.save_settings, done=year_url(plan_year), title=title)


@login_required
def level_edit(request, slug, year, level_id=None):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    level = selectors.level_in_year(plan_year, level_id) if level_id else None
    form = LevelForm(request.POST or None, instance=level or PlanLevel(plan_year=plan_year))
    title = _("Ändra nivån %(name)s") % {"name": level.name} if level else _("Ny nivå")
    return edit_page(request, form, save=services.save_level, done=year_url(plan_year), title=title)


@login_required
def level_delete(request, slug, year, level_id):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    level = selectors.level_in_year(plan_year, level_id)
    if level.goals.exists():
        messages.error(
            request,
            _("Nivån %(name)s har %(count)s mål. Flytta eller ta bort dem först.")
            % {"name": level.name, "count": level.goals.count()},
        )
        return redirect(year_url(plan_year))
    return delete_page(
        request,
        obj=level,
        delete=services.delete_level,
        done=year_url(plan_year),
        title=_("Ta bort nivån %(name)s") % {"name": level.name},
        losses=[],
        confirm_label="",
        message=_("Nivån är borttagen."),
    )


@login_required
def period_edit(request, slug, year, period_id=None):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    period = selectors.period_in_year(plan_year, period_id) if period_id else Period(plan_year=plan_year)
    form = PeriodForm(request.POST or None, instance=period)
    title = _("Ändra perioden") if period_id else _("Ny period")
    return edit_page(request, form, save=services.save_period, done=year_url(plan_year), title=title)


@login_required
def period_delete(request, slug, year, period_id):
    plan_year = selectors.plan_year_for_planning(request.user, slug, year)
    period = selectors.period_in_year(plan_year, period_id)
    count = period.follow_ups.count()
    losses = (
        [_("%(count)s uppföljningar för perioden, med deras värden och texter") % {"count": count}] if count else []
    )
    return delete_page(
        request,
        obj=period,
        delete=services.delete_period,
        done=year_url(plan_year),
        title=_("Ta bort perioden %(period)s") % {"period": period.get_kind_display() + " " + period.key},
        losses=losses,
        confirm_label=_("Ja, ta bort perioden och dess uppföljningar"),
        message=_("Perioden är borttagen."),
    )
