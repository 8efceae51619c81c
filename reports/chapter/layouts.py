"""How the goals section groups its goals: per enhet (2023's 4.3), along the plan's levels
(2021's fokusområden, older plans' inriktningsmål → strategier), or as running text per goal
(a samordningsförbund's few goals written as prose). Each layout overrides only the grouping."""

from collections import OrderedDict

from django.utils.translation import gettext as _

from goals.models import Section as TextSectionKind
from goals.models import TextKind, TextSection
from goals.tree import Node

from ..models import Layout
from .rows import RowContext, goal_row
from .structure import GoalRow, Section, Subsection, UnitGroup


def capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def heading_printed(node: Node, row_ids) -> bool:
    """Whether a followed-up goal above the rows (an inriktningsmål) is printed with its own
    assessment: when it has a follow-up, or rows below it. The counts use the same rule, so they
    never count a goal the chapter does not show."""
    if not node.goal.level.followed_up:
        return False
    return node.follow_up is not None or any(d.goal.pk in row_ids for d in node.walk())


def texts_of(texts: list[TextSection], section: str, kind: str, **filters) -> list[TextSection]:
    def matches(text: TextSection) -> bool:
        return all(getattr(text, name) == wanted for name, wanted in filters.items())

    return [t for t in texts if t.section == section and t.kind == kind and matches(t)]


class TreeLayout:
    """Numbered subsections for the goals above the table's rows; their rows in a table below."""

    key = Layout.FOCUS_AREA
    prose = False

    def title(self, *, year: int, heading_levels, row_level) -> str:
        if heading_levels:
            return _("%(headings)s och %(rows)s") % {
                "headings": capitalised(heading_levels[0].plural),
                "rows": row_level.plural,
            }
        return f"{capitalised(row_level.plural)} {year}"

    def group(
        self,
        section: Section,
        *,
        roots: list[Node],
        rows: dict[int, GoalRow],
        texts: list[TextSection],
        context: RowContext,
        text_section: str = TextSectionKind.GOALS,
        row_level,
        heading_rows: bool = True,
    ) -> None:
        options = {
            "context": context,
            "text_section": text_section,
            "row_level": row_level,
            "heading_rows": heading_rows,
        }
        section.subsections = self.subsections(roots, rows, texts, prefix=section.number, depth=0, **options)
        placed = {row.goal.pk for row in _rows_in(section.subsections)}
        others = [row for pk, row in rows.items() if pk not in placed]
        if others and section.subsections:
            section.subsections.append(
                Subsection(
                    number=f"{section.number}.{len(section.subsections) + 1}",
                    title=_("Övriga %(rows)s") % {"rows": row_level.plural},
                    rows=others,
                )
            )
        elif others:
            section.rows = others
        section.bodies = texts_of(texts, text_section, TextKind.BODY, node_id=None)
        section.assessments = texts_of(texts, text_section, TextKind.ASSESSMENT, node_id=None)

    def subsections(
        self, nodes, rows, texts, *, context, text_section, row_level, heading_rows, prefix, depth
    ) -> list[Subsection]:
        """One numbered subsection per heading goal that has rows, texts or its own follow-up."""
        result = []
        for node in nodes:
            # Only the goals above the rows are headings; rows of other sections are not.
            if node.goal.level.order >= row_level.order:
                continue
            own_texts = [t for t in texts if t.section == text_section and t.node_id == node.goal.pk]
            number = f"{prefix}.{len(result) + 1}"
            children = self.subsections(
                node.children,
                rows,
                texts,
                context=context,
                text_section=text_section,
                row_level=row_level,
                heading_rows=heading_rows,
                prefix=number,
                depth=depth + 1,
            )
            direct = [rows[child.goal.pk] for child in node.children if child.goal.pk in rows]
            printed = heading_rows and heading_printed(node, rows)
            heading_row = goal_row(node, context, with_items=False) if printed else None
            if not (direct or children or own_texts or heading_row):
                continue
            result.append(
                Subsection(
                    number=number,
                    title=node.goal.title,
                    level_name=node.goal.level.name,
                    description=node.goal.description,
                    row=heading_row,
                    intros=[t for t in own_texts if t.kind == TextKind.INTRO],
                    rows=direct,
                    subsections=children,
                    bodies=[t for t in own_texts if t.kind == TextKind.BODY],
                    assessments=[t for t in own_texts if t.kind == TextKind.ASSESSMENT],
                    depth=depth,
                )
            )
        return result


class ProseLayout(TreeLayout):
    """The same grouping; each goal printed as a block of text under its own heading."""

    key = Layout.PROSE
    prose = True


class UnitLayout(TreeLayout):
    """Grouped by the enhet as printed (the goal's owner label), in the order enheter first appear."""

    key = Layout.UNIT

    def title(self, *, year: int, heading_levels, row_level) -> str:
        return f"{capitalised(row_level.plural)} {year}"

    def group(
        self, section, *, roots, rows, texts, context, text_section=TextSectionKind.GOALS, row_level, heading_rows=True
    ):
        groups: OrderedDict[str, UnitGroup] = OrderedDict()
        for row in rows.values():
            groups.setdefault(row.owner, UnitGroup(label=row.owner, rows=[])).rows.append(row)
        section.unit_groups = list(groups.values())
        # Heading goals with their own follow-up (inriktningsmål) get a table of their own, so
        # that the counts printed for them stand under a table that shows them.
        section.heading_rows = [
            goal_row(node, context, with_items=False)
            for root in roots
            for node in root.walk()
            if node.goal.level.order < row_level.order and heading_printed(node, rows)
        ]
        goal_texts = [t for t in texts if t.section == text_section]
        # Without the subsections, their texts follow the table with the rest.
        section.bodies = [t for t in goal_texts if t.kind == TextKind.BODY or (t.kind == TextKind.INTRO and t.node_id)]
        section.assessments = [t for t in goal_texts if t.kind == TextKind.ASSESSMENT]


LAYOUTS = {layout.key: layout for layout in (TreeLayout(), ProseLayout(), UnitLayout())}


def _rows_in(subsections) -> list[GoalRow]:
    rows = []
    for sub in subsections:
        rows.extend(sub.rows)
        rows.extend(_rows_in(sub.subsections))
    return rows
