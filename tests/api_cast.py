"""The API's and the exports' shared cast: a förbund with a fastställd (public) 2025 and a
draft 2026, kommuner with values per kön, and another förbund with a year of its own."""

from datetime import date

from api import tokens
from goals.models import (
    Breakdown,
    FollowUp,
    Measure,
    MeasureComponent,
    MeasureValue,
    Member,
    Period,
    PeriodKind,
    PlanYear,
    State,
    Status,
)
from reports.models import ChapterPrint, PrintState

from . import factories


def make_public(plan_year, period):
    """A published year with a fastställd print of its chapter, as on the public pages."""
    plan_year.is_public = True
    plan_year.save(update_fields=["is_public"])
    return ChapterPrint.objects.create(
        organisation=plan_year.organisation,
        plan_year=plan_year,
        period=period,
        organisation_name=plan_year.organisation.name,
        state=PrintState.DONE,
        is_final=True,
        file="chapters/api-cast.pdf",
        snapshot={"sections": []},
    )


def per_kommun_measure(goal, **overrides):
    values = {
        "text": "Andel elever med gymnasieexamen",
        "unit_label": "%",
        "breakdown": Breakdown.MUNICIPALITY_GENDER,
        "aggregation": "weighted_mean",
        "kpi": "N17461",
        "order": 5,
    }
    values.update(overrides)
    return Measure.objects.create(goal=goal, **values)


def cast():
    data = factories.plan("forbundet", 2025)
    organisation = data["organisation"]
    kommuner = [
        Member.objects.create(organisation=organisation, code="1490", name="Borås", order=0),
        Member.objects.create(organisation=organisation, code="1441", name="Lerum", order=1),
    ]
    measure = per_kommun_measure(data["goal"])
    MeasureComponent.objects.create(measure=measure, label="skolor", target_value=40, order=0)
    approved = FollowUp.objects.create(
        goal=data["goal"],
        period=data["annual"],
        status=Status.ACHIEVED,
        state=State.APPROVED,
        text="Målet är nått.",
        return_comment="Intern kommentar",
    )
    for kommun, women, men in ((kommuner[0], "81.5", "77"), (kommuner[1], "90", "88.25")):
        for gender, value in (("K", women), ("M", men)):
            MeasureValue.objects.create(
                follow_up=approved, measure=measure, municipality=kommun, gender=gender, value=value
            )
    draft = FollowUp.objects.create(
        goal=data["other_goal"], period=data["annual"], status=Status.NOT_ACHIEVED, text="Utkast om välfärden."
    )
    make_public(data["plan_year"], data["annual"])
    later = PlanYear.objects.create(organisation=organisation, year=2026)
    Period.objects.create(plan_year=later, kind=PeriodKind.ANNUAL, end_date=date(2026, 12, 31))
    factories.make_goal(later, title="Ett mål för 2026 som inte är fastställt")
    other = factories.plan("andra", 2025)
    FollowUp.objects.create(goal=other["goal"], period=other["annual"], state=State.APPROVED, text="Andras text.")
    kansli = factories.kansli("kansli", data)
    other_kansli = factories.kansli("andra-kansliet", other)
    _token, secret = tokens.issue_token(user=kansli, name="Statistik")
    return {
        **data,
        "kommuner": kommuner,
        "measure": measure,
        "approved": approved,
        "draft": draft,
        "later": later,
        "other": other,
        "kansli": kansli,
        "other_kansli": other_kansli,
        "secret": secret,
        "chef": factories.manager("chef", data),
    }


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
