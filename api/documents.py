"""Model objects as the API returns them: the interchange's document of each, plus ids."""

from goals.interchange.exporting import (
    fields_document,
    follow_up_document,
    goal_document,
    measure_document,
    value_document,
)
from goals.models import Member, Period, PlanLevel, PlanYear, Unit


def level(obj: PlanLevel) -> dict:
    return fields_document(PlanLevel, obj)


def period(obj: Period) -> dict:
    return {**fields_document(Period, obj), "key": obj.key}


def measure(obj) -> dict:
    return {**measure_document(obj), "id": obj.pk, "goal": obj.goal.document_key}


def goal_node(goal, children: dict) -> dict:
    return {
        **goal_document(goal),
        "id": goal.pk,
        "measures": [measure(m) for m in goal.measures.all()],
        "children": [goal_node(child, children) for child in children.get(goal.pk, [])],
    }


def follow_up(obj, *, all_states: bool) -> dict:
    document = {**follow_up_document(obj), "goal": obj.goal.document_key, "goal_id": obj.goal_id}
    if not all_states:
        # Who wrote it and kansliet's comment on a return are the förbund's own business.
        document.update(author=None, return_comment=None)
    return document


def period_value(obj) -> dict:
    return {**value_document(obj), "period": obj.follow_up.period.key, "state": obj.follow_up.state}


def years(plan_years, public: set[int]) -> list[dict]:
    return [{"year": y.year, "public": y.pk in public} for y in plan_years]


def organisation_detail(obj, public: set[int]) -> dict:
    return {
        "slug": obj.slug,
        "name": obj.name,
        "years": years(obj.readable_years, public),
        "members": [fields_document(Member, m) for m in obj.members.all()],
        "units": [fields_document(Unit, u) for u in obj.units.all()],
        "dimensions": [
            {"key": d.key, "name": d.name, "items": [i.name for i in d.items.all()]} for d in obj.dimensions.all()
        ],
    }


def plan_year(obj: PlanYear, *, public: bool, all_states: bool) -> dict:
    return {
        **fields_document(PlanYear, obj),
        "organisation": obj.organisation.slug,
        "public": public,
        "all_states": all_states,
        "settings": fields_document(PlanYear, obj, PlanYear.DOCUMENT_SETTINGS),
        "levels": [level(x) for x in obj.levels.all()],
        "periods": [period(p) for p in obj.periods.all()],
    }
