"""One builder per section of the chapter: strategiskt mål, grunduppdrag, mål och uppdrag,
finansiella mål (with the medlemsbidrag), and the driftverksamheternas bilagor."""

from django.utils.translation import gettext as _

from goals.models import GoalKind, TextKind, TextSection
from goals.models import Section as TextSectionKind
from goals.numbers import format_number
from goals.tree import Node

from .. import wording
from .layouts import TreeLayout, texts_of
from .rows import RowContext
from .structure import Appendix, ContributionTable, GoalRow, Section, Subsection, same_text


def counts(nodes: list[Node], *, noun=None) -> str:
    """The summary's counts, one sentence per counted level, from the statuses printed above:
    "Av sex inriktningsmål är fem uppnådda. Av 14 strategier är …". A fixed `noun` (grunduppdrag,
    finansiella mål) counts the section's rows whatever their level."""
    if noun is not None:
        counted = [n for n in nodes if n.goal.level.followed_up]
        return wording.summary([n.status for n in counted], noun, disagreeing=sum(n.marked for n in counted))
    sentences = []
    levels = sorted(
        {n.goal.level for n in nodes if n.goal.level.followed_up and n.goal.level.counted}, key=lambda lv: lv.order
    )
    for level in levels:
        at_level = [n for n in nodes if n.goal.level_id == level.pk]
        sentence = wording.summary(
            [n.status for n in at_level], wording.level_noun(level), disagreeing=sum(n.marked for n in at_level)
        )
        if sentence:
            sentences.append(sentence)
    return " ".join(sentences)


def strategic(number: str, plan_year, texts: list[TextSection]) -> Section | None:
    assessments = texts_of(texts, TextSectionKind.STRATEGIC, TextKind.ASSESSMENT)
    intros = texts_of(texts, TextSectionKind.STRATEGIC, TextKind.INTRO)
    if not (plan_year.strategic_goal or assessments or intros):
        return None
    return Section(
        kind="strategic",
        number=number,
        title=_("Strategiskt mål"),
        intros=intros,
        bodies=texts_of(texts, TextSectionKind.STRATEGIC, TextKind.BODY),
        assessments=assessments,
        strategic_goal=plan_year.strategic_goal.strip().rstrip("."),
        strategic_approach=_lower_first(plan_year.strategic_approach.strip().rstrip(".")),
    )


def table_section(kind, number, title, text_section, texts, rows: list[GoalRow], nodes: list[Node], noun) -> Section:
    """A section of one table with its texts and computed counts (grunduppdrag, finansiella mål)."""
    return Section(
        kind=kind,
        number=number,
        title=title,
        intros=texts_of(texts, text_section, TextKind.INTRO),
        rows=rows,
        bodies=texts_of(texts, text_section, TextKind.BODY),
        assessments=texts_of(texts, text_section, TextKind.ASSESSMENT),
        counts=counts(nodes, noun=noun),
    )


def base_mission(number, texts, rows, nodes) -> Section | None:
    if not rows and not any(t.section == TextSectionKind.BASE_MISSION for t in texts):
        return None
    return table_section(
        "base_mission",
        number,
        _("Grunduppdrag"),
        TextSectionKind.BASE_MISSION,
        texts,
        rows,
        nodes,
        wording.base_mission_noun(),
    )


def financial(number, texts, rows, nodes, contributions, year) -> Section | None:
    if not rows and not contributions and not any(t.section == TextSectionKind.FINANCIAL for t in texts):
        return None
    section = table_section(
        "financial",
        number,
        _("Finansiella mål"),
        TextSectionKind.FINANCIAL,
        texts,
        rows,
        nodes,
        wording.financial_noun(),
    )
    for row in rows:
        # The financial follow-up often repeats the assessment word for word; print it once.
        if row.follow_up and any(same_text(row.follow_up.text, a.body) for a in section.assessments):
            row.text_lead = row.text_before = row.text_after = ""
    section.contributions = contribution_table(contributions, year)
    return section


def contribution_table(contributions, year: int) -> ContributionTable | None:
    """Medlemsbidrag per member, with each one's share: the kommuner as members like the others."""
    if not contributions:
        return None
    total = sum((c.amount for c in contributions), start=type(contributions[0].amount)(0))
    rows = []
    for contribution in contributions:
        share = contribution.amount * 100 / total if total else None
        rows.append(
            (
                contribution.member.name,
                format_number(contribution.amount),
                # One decimal for every share, so the column lines up ("11,0 %", "52,1 %").
                f"{share:.1f}".replace(".", ",") + "\u00a0%" if share is not None else "",
            )
        )
    return ContributionTable(
        caption=_("Medlemsbidrag %(year)s (tkr)") % {"year": year},
        rows=rows,
        total=(_("Summa"), format_number(total)),
    )


def appendices(
    rows: dict[int, GoalRow],
    nodes: list[Node],
    roots: list[Node],
    texts,
    *,
    chapter_number,
    year,
    context: RowContext,
    row_level,
) -> list[Appendix]:
    """One chapter per driftverksamhet with goals in its bilaga or texts of its own, numbered on."""
    unit_texts = [t for t in texts if t.section == TextSectionKind.UNIT and t.unit_id]
    units = {r.goal.unit_id: r.goal.unit for r in rows.values()}
    units.update({t.unit_id: t.unit for t in unit_texts})
    layout = TreeLayout()
    result = []
    for unit in sorted(units.values(), key=lambda u: (u.order, u.name, u.pk)):
        number = f"{chapter_number + len(result) + 1}"
        own_texts = [t for t in unit_texts if t.unit_id == unit.pk]
        intros = [t for t in own_texts if t.kind == TextKind.INTRO]
        subsections = [
            Subsection(number=f"{number}.{i}", title=t.heading, intros=[t])
            for i, t in enumerate((t for t in intros if t.heading), start=1)
        ]
        unit_rows = {pk: r for pk, r in rows.items() if r.goal.unit_id == unit.pk}
        if unit_rows and not subsections:
            subsections.append(Subsection(number=f"{number}.1", title=_("Måluppfyllelse %(year)s") % {"year": year}))
        goal_groups = []
        if subsections and any(r.goal.parent_id for r in unit_rows.values()):
            holder = Section(kind="unit", number=subsections[-1].number, title="")
            layout.group(
                holder,
                roots=roots,
                rows=unit_rows,
                texts=[],
                context=context,
                text_section=TextSectionKind.UNIT,
                row_level=row_level,
                heading_rows=False,
            )
            goal_groups = holder.subsections
        unit_nodes = [n for n in nodes if n.goal.pk in unit_rows]
        result.append(
            Appendix(
                number=number,
                title=unit.name,
                lead=[t for t in intros if not t.heading],
                subsections=subsections,
                goal_groups=goal_groups,
                rows=[] if goal_groups else list(unit_rows.values()),
                bodies=[t for t in own_texts if t.kind == TextKind.BODY],
                assessments=[t for t in own_texts if t.kind == TextKind.ASSESSMENT],
                counts=counts(unit_nodes + [i for n in unit_nodes for i in list(n.walk())[1:]]),
            )
        )
    return result


def _lower_first(text: str) -> str:
    """ "Med tydligt …" → "med tydligt …" to run on after "genom att"; acronyms ("BRB …") stay."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text


KIND_SECTIONS = {
    GoalKind.BASE_MISSION: "base_mission",
    GoalKind.FINANCIAL: "financial",
    GoalKind.GOAL: "goals",
    GoalKind.ASSIGNMENT: "goals",
}
