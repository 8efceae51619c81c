"""The API's response shapes, made from the models' DOCUMENT_FIELDS: a goal or a mätetal looks
the same here as in the interchange format (goals/interchange), and a field added to a model's
document shows up in the API and its OpenAPI document with no second edit."""

from typing import Annotated, Any, Literal

from django.db import models
from ninja import Schema
from pydantic import Field, create_model

from goals.interchange.schema import DATE, DECIMAL, INTEGER_LIMITS
from goals.models import (
    FollowUp,
    Goal,
    Measure,
    MeasureComponent,
    MeasureValue,
    Member,
    Organisation,
    Period,
    PlanLevel,
    PlanYear,
    Unit,
)


def annotation(model, name: str):
    """A model field's type as the document carries it (decimals and dates as strings)."""
    f = model._meta.get_field(name)
    if isinstance(f, models.BooleanField):
        kind: Any = bool
    elif isinstance(f, models.DecimalField):
        kind = Annotated[str, Field(pattern=DECIMAL)]
    elif isinstance(f, tuple(INTEGER_LIMITS)):
        kind = Annotated[int, Field(ge=0, le=INTEGER_LIMITS[type(f)])]
    elif isinstance(f, models.DateField):
        kind = Annotated[str, Field(pattern=DATE)]
    elif f.choices:
        choices = [value for value, _label in f.flatchoices]
        if f.blank and "" not in choices:
            choices.append("")
        kind = Literal[tuple(choices)]
    elif isinstance(f, (models.CharField, models.TextField)):
        kind = str
    else:  # pragma: no cover - a field kind the format does not know yet
        raise TypeError(f"{model.__name__}.{name}: no type for {type(f).__name__}")
    if f.null:
        kind = kind | None
    return (kind, Field(description=str(f.verbose_name)))


def document_schema(name: str, model, fields=None, **extra):
    definitions = {field: annotation(model, field) for field in (fields or model.DOCUMENT_FIELDS)}
    definitions.update(extra)
    return create_model(name, __base__=Schema, **definitions)


def required(kind, description: str):
    return (kind, Field(description=description))


class Error(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: list[dict[str, Any]]


class GoalLink(Schema):
    year: int
    goal: str


class MeasureLink(Schema):
    year: int
    goal: str
    measure: str


Level = document_schema("Level", PlanLevel)
PeriodOut = document_schema(
    "Period", Period, key=required(str, "periodens datum som i kapitlets kolumnrubriker, t.ex. 231231")
)
Settings = document_schema("Settings", PlanYear, fields=PlanYear.DOCUMENT_SETTINGS)
Component = document_schema("Component", MeasureComponent, key=required(str, "nyckel"))
MeasureOut = document_schema(
    "Measure",
    Measure,
    id=required(int, "mätetalets id"),
    key=required(str, "nyckel (eller id + id)"),
    goal=required(str, "målets nyckel"),
    dimension=required(str | None, "indelningens kortnamn"),
    predecessor=required(MeasureLink | None, "samma mätetal föregående år"),
    components=required(list[Component], "delar med egna mål"),
)
GoalFields = document_schema(
    "GoalFields",
    Goal,
    id=required(int, "målets id"),
    key=required(str, "nyckel (eller id + id)"),
    level=required(str, "nivåns kortnamn"),
    unit=required(str | None, "enhetens kortnamn; tomt för samtliga verksamheter"),
    predecessor=required(GoalLink | None, "motsvarande mål föregående år"),
)


class GoalNode(GoalFields):
    measures: list[MeasureOut]
    children: list["GoalNode"]


GoalNode.model_rebuild()

ValueOut = document_schema(
    "Value",
    MeasureValue,
    measure=required(str, "mätetalets nyckel"),
    component=required(str | None, "delens nyckel"),
    member=required(str | None, "kommunens (medlemmens) kod"),
    item=required(str | None, "del av den egna indelningen"),
)
PeriodValue = document_schema(
    "PeriodValue",
    MeasureValue,
    period=required(str, "periodens datum, t.ex. 231231"),
    state=annotation(FollowUp, "state"),
    measure=required(str, "mätetalets nyckel"),
    component=required(str | None, "delens nyckel"),
    member=required(str | None, "kommunens (medlemmens) kod"),
    item=required(str | None, "del av den egna indelningen"),
)
FollowUpOut = document_schema(
    "FollowUp",
    FollowUp,
    goal=required(str, "målets nyckel"),
    goal_id=required(int, "målets id"),
    period=required(str, "periodens datum, t.ex. 231231"),
    author=required(str | None, "senast ändrad av; bara med kansliets nyckel"),
    return_comment=required(str | None, "kansliets kommentar; bara med kansliets nyckel"),
    values=required(list[ValueOut], "uppmätta värden, per kommun, kön, del eller svarsalternativ"),
)

MemberOut = document_schema("Member", Member)
UnitOut = document_schema("Unit", Unit)


class DimensionOut(Schema):
    key: str
    name: str
    items: list[str]


class YearSummary(Schema):
    year: int
    public: bool = Field(description="läsbar utan nyckel (fastställd)")


OrganisationSummary = document_schema(
    "OrganisationSummary", Organisation, years=required(list[YearSummary], "verksamhetsår som får läsas")
)
OrganisationOut = document_schema(
    "Organisation",
    Organisation,
    years=required(list[YearSummary], "verksamhetsår som får läsas"),
    members=required(list[MemberOut], "medlemmar"),
    units=required(list[UnitOut], "enheter"),
    dimensions=required(list[DimensionOut], "egna indelningar"),
)
PlanYearOut = document_schema(
    "PlanYear",
    PlanYear,
    organisation=required(str, "organisationens kortnamn"),
    public=required(bool, "läsbar utan nyckel (fastställd)"),
    all_states=required(bool, "uppföljningar i alla lägen (kansliets nyckel), annars bara godkända"),
    settings=required(Settings, "kapitlets rubriker"),
    levels=required(list[Level], "trädets nivåer, överst först"),
    periods=required(list[PeriodOut], "uppföljningsperioder"),
)


class GoalTree(Schema):
    organisation: str
    year: int
    levels: list[Level]
    goals: list[GoalNode]
