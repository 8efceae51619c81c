"""One printed goal: its status, its text, its results and — when its status says something else
than its mätetal — the marker and the reason."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from goals import charts, markup
from goals.models import State, Status
from goals.tree import Node

from .. import wording
from .results import results
from .structure import Disagreement, GoalRow, ItemLine

# About twelve lines of the follow-up column: longer rows may split across pages rather than
# leave a third of a page blank.
SHORT_ROW_CHARS = 600
# A long row is printed as two table rows: the title beside the first paragraphs (kept whole, so
# a title never ends one page and goes on on the next), then the rest of the text, which may
# split across pages like any running text.
LEAD_CHARS = 350

STATUS_CSS = {
    Status.ACHIEVED: "achieved",
    Status.PARTIALLY_ACHIEVED: "partially-achieved",
    Status.NOT_ACHIEVED: "not-achieved",
    Status.ON_TRACK: "on-track",
    Status.AT_RISK: "at-risk",
}


@dataclass
class RowContext:
    """What every row of one chapter shares."""

    year: int
    draft: bool
    numbered: bool
    previous_values: dict
    populations: dict
    histories: dict | None


def status_label(follow_up) -> str:
    if follow_up is None:
        return str(_("Ej rapporterad"))
    label = Status(follow_up.status).label if follow_up.status else _("Ej bedömd")
    if follow_up.state != State.APPROVED:
        label = _("%(status)s (ej godkänd)") % {"status": label}
    return str(label)


def disagreement(node: Node) -> Disagreement | None:
    """The marker a revisor must see: printed unless kansliet chose otherwise for this goal."""
    if not node.marked:
        return None
    return Disagreement(proposal=str(node.assessment.proposal.label), reason=node.follow_up.status_reason.strip())


def _item(node: Node, context: RowContext, number: str) -> ItemLine:
    lines, _tables = results(
        node.goal,
        node.follow_up,
        node.assessment,
        year=context.year,
        previous_values=context.previous_values,
        populations=context.populations,
        numbered=False,
    )
    followed_up = node.goal.level.followed_up
    return ItemLine(
        number=number,
        title=node.goal.title,
        status_label=status_label(node.follow_up) if followed_up else "",
        status_css=STATUS_CSS.get(node.status, "none"),
        lines=lines,
        disagreement=disagreement(node),
        goal_id=node.goal.pk,
    )


def items_below(node: Node, context: RowContext) -> list[ItemLine]:
    """The goals under a row (aktiviteter under a strategi), numbered 1, 1.1 … as printed."""
    lines = []

    def walk(children, prefix):
        for index, child in enumerate(children, start=1):
            number = f"{prefix}{index}"
            lines.append(_item(child, context, number + "."))
            walk(child.children, number + ".")

    walk(node.children, "")
    return lines


def goal_row(node: Node, context: RowContext, *, with_items: bool = True) -> GoalRow:
    goal, follow_up = node.goal, node.follow_up
    status = follow_up.status if follow_up else ""
    if follow_up is None:
        verdict = (
            _("Uppföljning saknas för perioden.") if context.draft else _("Ingen godkänd uppföljning för perioden.")
        )
    else:
        verdict = wording.verdict(goal.kind, status)
    text = follow_up.text if follow_up else ""
    before_text, after_text, _had_marker = markup.split_at_marker(text)
    lines, tables = results(
        goal,
        follow_up,
        node.assessment,
        year=context.year,
        previous_values=context.previous_values,
        populations=context.populations,
        numbered=context.numbered,
    )
    items = items_below(node, context) if with_items else []
    marker = disagreement(node)
    reason = ""
    if marker is None and follow_up is not None and follow_up.print_reason:
        reason = follow_up.status_reason.strip()
    size = len(goal.title) + len(text) + sum(len(m.text) + len(m.result) for m in lines)
    size += sum(len(i.title) + sum(len(m.result) for m in i.lines) for i in items) + 300 * len(tables)
    is_short = size < SHORT_ROW_CHARS and not context.histories
    lead, before_text = ("", before_text) if is_short else _lead(before_text)
    return GoalRow(
        goal=goal,
        follow_up=follow_up,
        owner=goal.owner_display,
        status=status,
        status_label=status_label(follow_up),
        status_css=STATUS_CSS.get(status, "none"),
        verdict=str(verdict),
        text_lead=markup.render(lead),
        text_before=markup.render(before_text),
        text_after=markup.render(after_text),
        measure_lines=lines,
        tables=tables,
        items=items,
        disagreement=marker,
        reason=reason,
        verdict_in_text=" ".join(text.split()).endswith(str(verdict)),
        is_short=is_short,
        trends=[
            chart
            for measure in goal.measures.all()
            if context.histories and (chart := charts.trend(measure, context.histories.get(measure.pk, [])))
        ],
    )


def _lead(text: str) -> tuple[str, str]:
    """The first paragraphs of a text (at least one, about LEAD_CHARS), and the rest."""
    paragraphs = [p for p in text.replace("\r\n", "\n").split("\n\n")]
    lead = []
    while paragraphs and (not lead or sum(len(p) for p in lead) < LEAD_CHARS):
        if lead and _starts_list_or_table(paragraphs[0]):
            break
        lead.append(paragraphs.pop(0))
    return "\n\n".join(lead), "\n\n".join(paragraphs)


def _starts_list_or_table(paragraph: str) -> bool:
    return paragraph.lstrip().startswith(("-", "•", "|", "1.", "1)"))
