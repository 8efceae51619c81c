"""A goal's row as the chapter will print it, from what the enhetschef has typed so far: the same
row builder and the same row template as the PDF, so the preview cannot drift from the print.
Nothing is stored."""

from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from goals import selectors
from goals.breakdown import populations_for
from goals.models import Member, State
from goals.tree import Node

from .chapter.rows import RowContext, goal_row
from .chapter.structure import Columns
from .selectors import _previous_breakdown_values


class _StoredValues:
    """The saved values (the grids' figures per kommun or kön), as `follow_up.values` gives them."""

    def __init__(self, follow_up):
        self._values = list(follow_up.values.all()) if follow_up is not None else []

    def all(self):
        return self._values


@dataclass
class TypedFollowUp:
    """The follow-up as typed, printed as it will be once kansliet has approved it."""

    text: str
    status: str
    status_reason: str
    print_reason: bool
    print_disagreement: bool
    values: _StoredValues
    state: str = State.APPROVED


@dataclass
class PreviewChapter:
    columns: Columns
    has_units: bool = True


def preview_html(*, goal, period, stored, form) -> str:
    """The row's HTML for a bound, validated FollowUpForm (invalid figures count as not typed)."""
    data = form.cleaned_data
    plan_year = goal.plan_year
    typed = TypedFollowUp(
        text=data.get("text", ""),
        status=data.get("status", "") or "",
        status_reason=data.get("status_reason", "") or "",
        print_reason=bool(data.get("print_reason")),
        print_disagreement=stored.print_disagreement if stored is not None else True,
        values=_StoredValues(stored),
    )
    members = Member.objects.municipalities().filter(organisation=plan_year.organisation_id)
    populations = populations_for(members, plan_year.year)
    assessment = form.assessment(selectors.stored_readings(stored, form.measures, plan_year.year))
    node = Node(goal=goal, follow_up=typed, assessment=assessment)
    context = RowContext(
        year=plan_year.year,
        draft=False,
        numbered=plan_year.number_measures,
        previous_values=_previous_breakdown_values([goal]),
        populations=populations,
        histories=None,
    )
    row = goal_row(node, context, with_items=False)
    columns = Columns(
        row=goal.level.name,
        measures=plan_year.measure_heading,
        owner=plan_year.owner_heading,
        unit=plan_year.unit_heading,
        result=f"{plan_year.result_heading} {period.key}",
        status=_("Bedömning"),
    )
    return render_to_string("reports/preview_row.html", {"row": row, "chapter": PreviewChapter(columns=columns)})
