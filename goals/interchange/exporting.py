"""A plan year as a document of format 2 (docs/interchange.md): what import reads back."""

from datetime import date
from decimal import Decimal

from goals import numbers
from goals.models import FollowUp, Goal, MeasureValue, PlanYear

from . import authors
from .schema import FORMAT


def fields_document(model, obj, names=None) -> dict:
    values = {}
    for name in names or model.DOCUMENT_FIELDS:
        value = getattr(obj, name)
        if isinstance(value, Decimal):
            value = numbers.to_document(value)
        elif isinstance(value, date):
            value = value.isoformat()
        values[name] = value
    return values


def _link(goal, measure=None):
    link = {"year": goal.plan_year.year, "goal": goal.document_key}
    if measure is not None:
        link["measure"] = measure.document_key
    return link


def export_document(plan_year: PlanYear) -> dict:
    organisation = plan_year.organisation
    goals = list(
        plan_year.goals.select_related("level", "unit", "predecessor__plan_year").prefetch_related(
            "measures__components",
            "measures__dimension",
            "measures__predecessor__goal__plan_year",
        )
    )
    follow_ups: dict[int, list[FollowUp]] = {}
    for follow_up in (
        FollowUp.objects.filter(goal__plan_year=plan_year)
        .select_related("period", "author")
        .prefetch_related("values__municipality", "values__item", "values__component", "values__measure")
        .order_by("period__end_date")
    ):
        follow_ups.setdefault(follow_up.goal_id, []).append(follow_up)
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        children.setdefault(goal.parent_id, []).append(goal)

    def node(goal: Goal) -> dict:
        return {
            **goal_document(goal),
            "measures": [measure_document(m) for m in goal.measures.all()],
            "follow_ups": [follow_up_document(f) for f in follow_ups.get(goal.pk, [])],
            "children": [node(child) for child in children.get(goal.pk, [])],
        }

    return {
        "format": FORMAT,
        "organisation": {
            "slug": organisation.slug,
            "name": organisation.name,
            "members": [
                {
                    **fields_document(type(m), m),
                    "populations": [
                        {"year": p.year, "population": p.population}
                        for p in sorted(m.populations.all(), key=lambda p: p.year)
                    ],
                }
                for m in organisation.members.prefetch_related("populations")
            ],
            "units": [fields_document(type(u), u) for u in organisation.units.all()],
            "dimensions": [
                {**fields_document(type(d), d), "items": [{"name": i.name} for i in d.items.all()]}
                for d in organisation.dimensions.prefetch_related("items")
            ],
        },
        **fields_document(PlanYear, plan_year),
        "settings": fields_document(PlanYear, plan_year, PlanYear.DOCUMENT_SETTINGS),
        "levels": [fields_document(type(level), level) for level in plan_year.levels.all()],
        "periods": [fields_document(type(p), p) for p in plan_year.periods.all()],
        "contributions": [
            {"member": c.member.code, **fields_document(type(c), c)}
            for c in plan_year.contributions.select_related("member")
        ],
        "texts": [
            {
                **fields_document(type(t), t),
                "period": t.period.key if t.period_id else None,
                "unit": t.unit.slug if t.unit_id else None,
                "node": t.node.document_key if t.node_id else None,
            }
            for t in plan_year.texts.select_related("period", "unit", "node")
        ],
        "goals": [node(goal) for goal in children.get(None, [])],
    }


def goal_document(goal: Goal) -> dict:
    """A goal's own part of the document, without what hangs below it (the API reuses it)."""
    return {
        **fields_document(Goal, goal),
        # After the fields: a goal without a key gets one made from its id (docs/interchange.md).
        "key": goal.document_key,
        "level": goal.level.key,
        "unit": goal.unit.slug if goal.unit_id else None,
        "predecessor": _link(goal.predecessor) if goal.predecessor_id else None,
    }


def measure_document(measure) -> dict:
    return {
        **fields_document(type(measure), measure),
        "key": measure.document_key,
        "dimension": measure.dimension.key if measure.dimension_id else None,
        "predecessor": _link(measure.predecessor.goal, measure.predecessor) if measure.predecessor_id else None,
        "components": [{**fields_document(type(c), c), "key": c.document_key} for c in measure.components.all()],
    }


def follow_up_document(follow_up: FollowUp) -> dict:
    return {
        "period": follow_up.period.key,
        **fields_document(FollowUp, follow_up),
        "author": authors.name_of(follow_up.author) if follow_up.author_id else None,
        "values": [value_document(v) for v in follow_up.values.all()],
    }


def value_document(value: MeasureValue) -> dict:
    return {
        "measure": value.measure.document_key,
        "component": value.component.document_key if value.component_id else None,
        "member": value.municipality.code if value.municipality_id else None,
        "item": value.item.name if value.item_id else None,
        **fields_document(MeasureValue, value),
    }
