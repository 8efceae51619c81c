"""Reads for the chapter prints: the chapter's data, the print archive and who may see what."""

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from goals import charts
from goals import selectors as goal_selectors
from goals.breakdown import populations_for
from goals.models import (
    GRID_BREAKDOWNS,
    FollowUp,
    Goal,
    MeasureValue,
    Member,
    MemberContribution,
    Organisation,
    Period,
    PeriodKind,
    PlanLevel,
    PlanYear,
    State,
    TextSection,
)

from .models import ChapterPrint, PrintState, WordTemplate


@dataclass
class ChapterSource:
    """Everything the chapter prints, loaded up front so rendering runs no queries."""

    plan_year: PlanYear
    period: Period
    goals: list[Goal]
    texts: list[TextSection]
    levels: list[PlanLevel]
    # Per mätetal broken down per kommun: last year's values of its predecessor,
    # {measure id: {(kommun id, kön): value}}, for the "this year beside last year" tables.
    previous_values: dict = field(default_factory=dict)
    include_unapproved: bool = False
    # Kommun id → population of the year, for the federation's weighted means.
    populations: dict = field(default_factory=dict)
    # Measure id → [(year, value, note)] across plan years, when the print shows the history.
    histories: dict | None = None
    # Measure id → (label, value): last year's figure, for targets that ask for an improvement.
    baselines: dict = field(default_factory=dict)
    contributions: list[MemberContribution] = field(default_factory=list)


def chapter_source(
    *, plan_year: PlanYear, period: Period, include_unapproved: bool = False, show_history: bool = False
) -> ChapterSource:
    """Load one plan year's chapter data in a fixed number of queries, however many goals it has.

    Like goals.selectors.plan_goals, plus the kommun of each value (per-kommun tables print its
    name) so that no value triggers a query of its own while the template runs.
    """
    values = MeasureValue.objects.select_related("municipality", "item").order_by("measure__order", "order", "id")
    follow_ups = FollowUp.objects.filter(period=period)
    if not include_unapproved:
        # The årsredovisning states what kansliet approved; drafts stay out of it.
        follow_ups = follow_ups.filter(state=State.APPROVED)
    follow_ups = follow_ups.prefetch_related(Prefetch("values", queryset=values))
    goals = list(
        plan_year.goals.select_related("unit", "level")
        .prefetch_related(
            "measures__components",
            "measures__dimension",
            Prefetch("follow_ups", queryset=follow_ups, to_attr="period_follow_ups"),
        )
        .order_by("level__order", "order", "id")
    )
    # Plan texts (period null) and this period's follow-up texts; other periods' texts stay out.
    texts = list(
        plan_year.texts.filter(Q(period__isnull=True) | Q(period=period))
        .select_related("unit", "node")
        .order_by("order", "id")
    )
    measures = [m for goal in goals for m in goal.measures.all()]
    members = Member.objects.municipalities().filter(organisation_id=plan_year.organisation_id)
    return ChapterSource(
        plan_year=plan_year,
        period=period,
        goals=goals,
        texts=texts,
        levels=list(plan_year.levels.all()),
        previous_values=_previous_breakdown_values(goals),
        include_unapproved=include_unapproved,
        populations=populations_for(members, plan_year.year),
        histories=charts.histories(measures, approved_only=not include_unapproved, until=period.end_date)
        if show_history
        else None,
        baselines=goal_selectors.baselines_for(measures),
        contributions=list(plan_year.contributions.select_related("member")),
    )


def _previous_breakdown_values(goals: list[Goal]) -> dict:
    """One query: the predecessors' year-end values per kommun, part of a dimension or kön,
    keyed by this year's mätetal: {measure id: {(kommun or part id or None, kön): value}}."""
    successor_of = {
        m.predecessor_id: m.pk
        for goal in goals
        for m in goal.measures.all()
        if m.predecessor_id and m.breakdown in GRID_BREAKDOWNS
    }
    if not successor_of:
        return {}
    previous: dict = {}
    values = (
        MeasureValue.objects.filter(measure_id__in=successor_of, follow_up__period__kind=PeriodKind.ANNUAL)
        .filter(Q(municipality__isnull=False) | Q(item__isnull=False) | ~Q(gender=""))
        .filter(component=None, category="")
        .order_by("follow_up__period__end_date")
    )
    for value in values:
        part = value.municipality_id or value.item_id
        previous.setdefault(successor_of[value.measure_id], {})[(part, value.gender)] = value.value
    return previous


def default_period(plan_year: PlanYear) -> Period | None:
    """The årsbokslut if the year has one, else its latest period."""
    periods = list(plan_year.periods.order_by("end_date"))
    annual = [p for p in periods if p.kind == PeriodKind.ANNUAL]
    return (annual or periods or [None])[-1]


def period_by_key(plan_year: PlanYear, key: str) -> Period | None:
    """The period whose column-head key (e.g. 231231) is `key`."""
    return next((p for p in plan_year.periods.all() if p.key == key), None)


def prints_for_organisation(organisation: Organisation):
    return ChapterPrint.objects.filter(organisation=organisation).select_related(
        "organisation", "plan_year", "period", "requested_by", "finalised_by"
    )


def published_prints(organisation: Organisation) -> list[ChapterPrint]:
    """Finished prints for läsare: fastställda first, then the newest."""
    return list(
        prints_for_organisation(organisation).done().order_by("-is_final", "-finalised_at", "-requested_at", "-id")
    )


def last_good_print(chapter_print: ChapterPrint) -> ChapterPrint | None:
    """The newest finished print of the same organisation, year, period and layout, other than this one."""
    return (
        ChapterPrint.objects.done()
        .same_kind_as(chapter_print)
        .exclude(pk=chapter_print.pk)
        .order_by("-finished_at", "-id")
        .first()
    )


def last_good_prints(prints) -> dict[int, ChapterPrint]:
    """For each pending or failed print in `prints`: the last good PDF to offer meanwhile (one query)."""
    waiting = [p for p in prints if p.state != PrintState.DONE]
    if not waiting:
        return {}
    candidates = (
        ChapterPrint.objects.done()
        .filter(organisation_id__in={p.organisation_id for p in waiting})
        .select_related("organisation", "period")
        .order_by("-finished_at", "-id")
    )
    newest: dict[tuple, ChapterPrint] = {}
    for candidate in candidates:
        key = (candidate.plan_year_id, candidate.period_id, candidate.layout, candidate.include_unapproved)
        newest.setdefault(key, candidate)
    # A draft is no stand-in for a print of approved follow-ups, nor the other way round.
    return {
        p.pk: newest[(p.plan_year_id, p.period_id, p.layout, p.include_unapproved)]
        for p in waiting
        if (p.plan_year_id, p.period_id, p.layout, p.include_unapproved) in newest
    }


def kansli_organisation(user, slug: str | None) -> Organisation:
    """The organisation whose prints this user manages; 404 for anyone who is not kansliet."""
    organisations = goal_selectors.kansli_organisations(user)
    organisation = get_object_or_404(organisations, slug=slug) if slug else organisations.order_by("name").first()
    if organisation is None:
        raise Http404
    return organisation


def reader_organisation(user, slug: str) -> Organisation:
    organisation = get_object_or_404(Organisation, slug=slug)
    if not goal_selectors.can_read_all(user, organisation):
        raise Http404
    return organisation


def print_for_kansli(user, print_id: int) -> ChapterPrint:
    chapter_print = get_object_or_404(
        ChapterPrint.objects.select_related("organisation", "plan_year", "period"), pk=print_id
    )
    if not goal_selectors.is_kansli(user, chapter_print.organisation):
        raise Http404
    return chapter_print


def print_for_download(user, print_id: int) -> ChapterPrint:
    """A finished print that kansliet or a läsare of its organisation may download; 404 otherwise."""
    chapter_print = get_object_or_404(ChapterPrint.objects.done().select_related("organisation", "period"), pk=print_id)
    if not goal_selectors.can_read_all(user, chapter_print.organisation):
        raise Http404
    return chapter_print


def word_template(organisation: Organisation) -> WordTemplate | None:
    return WordTemplate.objects.filter(organisation=organisation).first()


def docx_template_bytes(organisation: Organisation) -> bytes | None:
    """The organisation's uploaded Word template, or None for the default. A template whose file
    has gone missing raises (the print fails with the reason rather than silently restyle)."""
    template = word_template(organisation)
    if template is None:
        return None
    with template.file.open("rb") as handle:
        return handle.read()


def print_for_docx_download(user, print_id: int) -> ChapterPrint:
    """As print_for_download, for prints that have a Word version."""
    chapter_print = print_for_download(user, print_id)
    if not chapter_print.docx_file:
        raise Http404
    return chapter_print
