"""The JSON Schema of the plan document, version 2, built from the models' fields.

Lengths, choices and number ranges come from the columns themselves, so a document that passes
always fits the database, and a new field's limits need no second edit. `manage.py plan_schema`
writes it to docs/plan.schema.json (a test keeps that file current).
"""

from django.db import models

from goals.interchange.authors import AUTHOR_LENGTH
from goals.models import (
    Dimension,
    DimensionItem,
    FollowUp,
    Goal,
    Measure,
    MeasureComponent,
    MeasureValue,
    Member,
    MemberContribution,
    Organisation,
    Period,
    PlanLevel,
    PlanYear,
    Population,
    TextSection,
    Unit,
)

FORMAT = "maluppfyllelse-plan/2"


def decimal_pattern(column) -> str:
    """A decimal column's values as the document writes them: as many digits as the column holds."""
    whole = column.max_digits - column.decimal_places
    return rf"^-?[0-9]{{1,{whole}}}(\.[0-9]{{1,{column.decimal_places}}})?$"


DECIMAL = decimal_pattern(MeasureValue._meta.get_field("value"))
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
SLUG = r"^[-a-zA-Z0-9_]+$"
PERIOD_KEY = r"^[0-9]{6}$"
KEY = {"type": "string", "minLength": 1, "maxLength": 40}
# A text column has no length of its own; a plan's longest texts (a follow-up, a chapter's
# section) are a few thousand characters, so a hundred thousand is a file gone wrong.
TEXT_LIMIT = 100_000
INTEGER_LIMITS = {
    models.PositiveSmallIntegerField: 32767,
    models.PositiveIntegerField: 2147483647,
}


def field(model, name: str) -> dict:
    """The schema of one model field as the document carries it."""
    f = model._meta.get_field(name)
    schema: dict = {"description": str(f.verbose_name)}
    if isinstance(f, models.BooleanField):
        schema["type"] = "boolean"
    elif isinstance(f, models.DecimalField):
        schema.update(type="string", pattern=decimal_pattern(f))
    elif isinstance(f, tuple(INTEGER_LIMITS)):
        schema.update(type="integer", minimum=0, maximum=INTEGER_LIMITS[type(f)])
    elif isinstance(f, models.DateField):
        schema.update(type="string", pattern=DATE)
    elif isinstance(f, (models.CharField, models.TextField)):
        schema["type"] = "string"
        schema["maxLength"] = f.max_length if isinstance(f, models.CharField) else TEXT_LIMIT
        if isinstance(f, models.SlugField):
            schema["pattern"] = SLUG
        if not f.blank:
            schema["minLength"] = 1
        if f.choices:
            schema["enum"] = [value for value, _label in f.flatchoices]
            if f.blank and "" not in schema["enum"]:
                schema["enum"].append("")
    else:  # pragma: no cover - a field kind the format does not know yet
        raise TypeError(f"{model.__name__}.{name}: no schema for {type(f).__name__}")
    if f.null:
        schema["type"] = [schema["type"], "null"]
        if "enum" in schema:
            schema["enum"].append(None)
    return schema


def obj(model, *, required=(), extra=None, fields=None) -> dict:
    properties = {name: field(model, name) for name in (fields or model.DOCUMENT_FIELDS)}
    properties.update(extra or {})
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(required),
        "properties": properties,
    }


def nullable(schema: dict) -> dict:
    return {**schema, "type": [schema["type"], "null"]}


def _link(*names) -> dict:
    """A link to another year: {"year": 2023, "goal": "g3"[, "measure": "m1"]}."""
    properties = {"year": {"type": "integer", "minimum": 1900, "maximum": 2200}}
    properties.update({name: KEY for name in names})
    return {
        "type": ["object", "null"],
        "additionalProperties": False,
        "required": ["year", *names],
        "properties": properties,
    }


def build() -> dict:
    status = field(FollowUp, "status")
    status["enum"].append(None)
    status["type"] = ["string", "null"]
    value = obj(
        MeasureValue,
        required=["measure"],
        extra={
            "measure": KEY,
            "component": nullable(KEY),
            "member": {"type": ["string", "null"], "maxLength": 20, "description": "medlemmens kod"},
            "item": {"type": ["string", "null"], "maxLength": 100, "description": "del av indelningen"},
        },
    )
    follow_up = obj(
        FollowUp,
        required=["period"],
        extra={
            "period": {"type": "string", "pattern": PERIOD_KEY},
            "status": status,
            "author": {"type": ["string", "null"], "maxLength": AUTHOR_LENGTH},
            "values": {"type": "array", "items": value},
        },
    )
    measure = obj(
        Measure,
        required=["text"],
        extra={
            "key": KEY,
            "dimension": {"type": ["string", "null"], "maxLength": 40},
            "predecessor": _link("goal", "measure"),
            "components": {
                "type": "array",
                "items": obj(MeasureComponent, required=["label", "target_value"], extra={"key": KEY}),
            },
        },
    )
    node = obj(
        Goal,
        required=["level", "title"],
        extra={
            "key": KEY,
            "level": KEY,
            "unit": {"type": ["string", "null"], "maxLength": 50},
            "predecessor": _link("goal"),
            "measures": {"type": "array", "items": measure},
            "follow_ups": {"type": "array", "items": follow_up},
            "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
        },
    )
    member = obj(
        Member,
        required=["code", "name"],
        extra={
            "populations": {
                "type": "array",
                "items": obj(Population, required=["year", "population"]),
            }
        },
    )
    dimension = obj(
        Dimension,
        required=["key", "name"],
        extra={"items": {"type": "array", "items": obj(DimensionItem, required=["name"])}},
    )
    organisation = obj(
        Organisation,
        required=["slug", "name"],
        extra={
            "members": {"type": "array", "items": member},
            "units": {"type": "array", "items": obj(Unit, required=["slug", "name"])},
            "dimensions": {"type": "array", "items": dimension},
        },
    )
    plan_year = obj(
        PlanYear,
        required=["format", "organisation", "year", "levels", "periods", "goals"],
        extra={
            "format": {"const": FORMAT},
            "organisation": organisation,
            "settings": obj(PlanYear, fields=PlanYear.DOCUMENT_SETTINGS),
            "levels": {"type": "array", "minItems": 1, "items": obj(PlanLevel, required=["key", "name"])},
            "periods": {"type": "array", "items": obj(Period, required=["kind", "end_date"])},
            "contributions": {
                "type": "array",
                "items": obj(MemberContribution, required=["member", "amount"], extra={"member": {"type": "string"}}),
            },
            "texts": {
                "type": "array",
                "items": obj(
                    TextSection,
                    required=["section", "kind", "body"],
                    extra={
                        "period": {"type": ["string", "null"], "pattern": PERIOD_KEY},
                        "unit": {"type": ["string", "null"], "maxLength": 50},
                        "node": {"type": ["string", "null"], "maxLength": 40},
                    },
                ),
            },
            "goals": {"type": "array", "items": {"$ref": "#/$defs/node"}},
        },
    )
    year = plan_year["properties"]["year"]
    year.update(minimum=1900, maximum=2200)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": FORMAT,
        "title": "Måluppfyllelse: ett verksamhetsår för en organisation (format 2)",
        **plan_year,
        "$defs": {"node": node},
    }
