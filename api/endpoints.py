"""The read-only API: organisations, plan years, the goal tree, mätetal, values and follow-ups.

Every operation reads through access.Reader: without a key the public years (approved
follow-ups only), with a kansli key also every state of its own förbund's years; anything else
is 404. The OpenAPI document is at /api/schema/, its Swagger UI (served locally) at /api/docs/.
"""

from typing import Annotated, Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Path, Query
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from goals.interchange.schema import PERIOD_KEY, SLUG
from goals.models import State

from . import documents, schemas, selectors, tokens
from .access import Reader

ANONYMOUS = "anonymous"
Slug = Annotated[str, Path(pattern=SLUG, max_length=50, description="organisationens kortnamn")]
Year = Annotated[int, Path(ge=1900, le=2200, description="verksamhetsåret")]
MeasureId = Annotated[int, Path(ge=1, le=2**63 - 1, description="mätetalets id")]
ERRORS = {401: schemas.Error, 404: schemas.Error, 422: schemas.ValidationErrors}


class KeyAuth(HttpBearer):
    """`Authorization: Bearer <nyckel>` from kansliet; no header at all is an anonymous reader.

    A header that is there but wrong is refused (401) rather than read as anonymous, so a
    revoked key does not silently get less data."""

    def __call__(self, request):
        header = request.headers.get("Authorization")
        if not header:
            return ANONYMOUS
        scheme, _space, secret = header.partition(" ")
        if scheme.lower() != "bearer":
            raise AuthenticationError
        return self.authenticate(request, secret.strip())

    def authenticate(self, request, token):
        found = tokens.token_for_secret(token)
        if found is None:
            raise AuthenticationError
        return found


class API(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        # The key is optional: say so, so that clients (and schemathesis) may call without it.
        for operations in schema["paths"].values():
            for operation in operations.values():
                if "security" in operation and {} not in operation["security"]:
                    operation["security"].append({})
        return schema


api = API(
    title="Måluppfyllelse",
    version="1",
    description=(
        "Läs mål, mätetal, värden och uppföljningar. Utan nyckel: fastställda år, bara godkända uppföljningar. "
        "Med kansliets nyckel (Authorization: Bearer …): alla lägen i den egna organisationens år."
    ),
    auth=KeyAuth(),
    urls_namespace="api",
    openapi_url="/schema/",
    docs_url="/docs/",
)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(
        request, {"detail": _("Finns inte, eller får inte läsas med den här nyckeln.")}, status=404
    )


@api.exception_handler(AuthenticationError)
def unauthorised(request, exc):
    response = api.create_response(request, {"detail": _("Nyckeln är okänd eller återkallad.")}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


def reader_for(request) -> Reader:
    return Reader.for_token(None if request.auth == ANONYMOUS else request.auth)


@api.get(
    "/organisations/",
    response={200: list[schemas.OrganisationSummary], **ERRORS},
    summary="Organisationer",
    tags=["organisationer"],
)
def list_organisations(request):
    """Organisationerna med år som får läsas."""
    rows, public = selectors.organisations(reader_for(request))
    return [{"slug": o.slug, "name": o.name, "years": documents.years(years, public)} for o, years in rows]


@api.get(
    "/organisations/{slug}/",
    response={200: schemas.OrganisationOut, **ERRORS},
    summary="En organisation",
    tags=["organisationer"],
)
def get_organisation(request, slug: Slug):
    """En organisation: medlemmar, enheter, indelningar och de år som får läsas."""
    organisation, public = selectors.organisation(reader_for(request), slug)
    return documents.organisation_detail(organisation, public)


@api.get(
    "/organisations/{slug}/years/{year}/",
    response={200: schemas.PlanYearOut, **ERRORS},
    summary="Ett verksamhetsår",
    tags=["år"],
)
def get_plan_year(request, slug: Slug, year: Year):
    """Ett verksamhetsår: texter, rubriker, nivåer och perioder."""
    reader = reader_for(request)
    plan_year = reader.plan_year_or_404(slug, year)
    return documents.plan_year(
        plan_year, public=selectors.is_public(plan_year), all_states=reader.sees_all_states(plan_year)
    )


@api.get(
    "/organisations/{slug}/years/{year}/goals/",
    response={200: schemas.GoalTree, **ERRORS},
    summary="Årets målträd",
    tags=["år"],
)
def get_goal_tree(request, slug: Slug, year: Year):
    """Årets målträd med nivåer och mätetal (med mål), överst först."""
    plan_year = reader_for(request).plan_year_or_404(slug, year)
    levels, children = selectors.goal_tree(plan_year)
    return {
        "organisation": plan_year.organisation.slug,
        "year": plan_year.year,
        "levels": [documents.level(level) for level in levels],
        "goals": [documents.goal_node(goal, children) for goal in children.get(None, [])],
    }


@api.get(
    "/organisations/{slug}/years/{year}/measures/",
    response={200: list[schemas.MeasureOut], **ERRORS},
    summary="Årets mätetal",
    tags=["mätetal"],
)
def list_measures(request, slug: Slug, year: Year):
    """Årets mätetal med mål, i planens ordning."""
    plan_year = reader_for(request).plan_year_or_404(slug, year)
    return [documents.measure(measure) for measure in selectors.measures(plan_year)]


@api.get(
    "/organisations/{slug}/years/{year}/measures/{measure_id}/values/",
    response={200: list[schemas.PeriodValue], **ERRORS},
    summary="Ett mätetals värden",
    tags=["mätetal"],
)
def list_values(request, slug: Slug, year: Year, measure_id: MeasureId):
    """Ett mätetals uppmätta värden per period, med kommun, kön, del och svarsalternativ."""
    reader = reader_for(request)
    plan_year = reader.plan_year_or_404(slug, year)
    measure = selectors.measure_or_404(plan_year, measure_id)
    return [documents.period_value(value) for value in selectors.values(reader, plan_year, measure)]


@api.get(
    "/organisations/{slug}/years/{year}/follow-ups/",
    response={200: list[schemas.FollowUpOut], **ERRORS},
    summary="Årets uppföljningar",
    tags=["uppföljningar"],
)
def list_follow_ups(
    request,
    slug: Slug,
    year: Year,
    period: Annotated[str | None, Query(pattern=PERIOD_KEY, description="periodens datum, t.ex. 231231")] = None,
    unit: Annotated[str | None, Query(pattern=SLUG, max_length=50, description="enhetens kortnamn")] = None,
    state: Literal[tuple(State.values)] | None = None,
):
    """Uppföljningarna med bedömning, läge, text och värden; utan nyckel bara de godkända."""
    reader = reader_for(request)
    plan_year = reader.plan_year_or_404(slug, year)
    chosen = selectors.period_or_404(plan_year, period) if period else None
    all_states = reader.sees_all_states(plan_year)
    return [
        documents.follow_up(f, all_states=all_states)
        for f in selectors.follow_ups(reader, plan_year, period=chosen, unit=unit, state=state)
    ]
