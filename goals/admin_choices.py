"""Choice lists in the admin follow the plan year of the object being edited.

A goal's level, the goal above it and a text's goal come from the same year; a predecessor from
an earlier year of the same organisation, labelled with its year; units and dimensions from the
organisation. On an add page there is no year yet: the choices are the user's organisations',
each labelled with its year, and the model's clean() refuses a mix of years.
"""

from django.apps import apps

from .admin_scoping import ORGANISATION_PATHS, scope

SAME_YEAR = "same year"
EARLIER_YEAR = "earlier year"
SAME_ORGANISATION = "same organisation"


def goal_label(goal) -> str:
    key = f"{goal.key} " if goal.key else ""
    return f"{goal.plan_year.year} · {key}{goal.title[:80]}"


def level_label(level) -> str:
    return f"{level.plan_year.year} · {level.name}"


def measure_label(measure) -> str:
    return f"{measure.goal.plan_year.year} · {measure.text[:80]}"


LABELS = {"goals.goal": goal_label, "goals.planlevel": level_label, "goals.measure": measure_label}


def _year_path(model) -> str | None:
    """How a model reaches its plan year, e.g. goal__plan_year for a mätetal."""
    path = ORGANISATION_PATHS.get(model._meta.label_lower, "")
    return path.removesuffix("__organisation") if "plan_year" in path else None


def year_choices(model, rule, plan_year, user):
    label = model._meta.label_lower
    queryset = scope(apps.get_model(label).objects.all(), user)
    year_path = _year_path(model)
    if year_path:
        queryset = queryset.select_related(year_path).order_by(f"-{year_path}__year", *model._meta.ordering)
    if plan_year is None:
        return queryset
    if rule == SAME_YEAR:
        return queryset.filter(**{year_path: plan_year})
    if rule == EARLIER_YEAR:
        return queryset.filter(
            **{f"{year_path}__organisation": plan_year.organisation_id, f"{year_path}__year__lt": plan_year.year}
        )
    organisation_path = ORGANISATION_PATHS[label]
    return queryset.filter(**{organisation_path or "pk": plan_year.organisation_id})


class PlanYearChoices:
    """Admin mixin. year_choices maps a foreign key's name to its rule; year_of says how the edited
    object (for an inline: the parent object) reaches its plan year."""

    year_choices: dict[str, str] = {}
    year_of = "plan_year"

    def _plan_year_of(self, obj):
        for attribute in self.year_of.split("."):
            obj = getattr(obj, attribute, None) if obj is not None else None
        return obj

    def _remember_year(self, request, obj):
        if not hasattr(request, "_admin_plan_years"):
            request._admin_plan_years = {}
        request._admin_plan_years[type(self)] = self._plan_year_of(obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        self._remember_year(request, obj)
        return super().get_form(request, obj, change, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        self._remember_year(request, obj)
        return super().get_formset(request, obj, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        rule = self.year_choices.get(db_field.name)
        plan_year = getattr(request, "_admin_plan_years", {}).get(type(self))
        if rule:
            kwargs["queryset"] = year_choices(db_field.related_model, rule, plan_year, request.user)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        label = LABELS.get(db_field.related_model._meta.label_lower)
        if field is not None and label and rule and (rule == EARLIER_YEAR or plan_year is None):
            # Where another year is meant, or which year is not known yet, the choice says it.
            field.label_from_instance = label
        return field
