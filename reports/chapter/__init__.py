"""Turn a plan year's data into the numbered structure of the printed chapter.

Pure Python over already loaded objects (see reports.selectors.chapter_source): the goal tree
with each goal assessed (goals.tree), one builder per section (sections), one class per layout
that decides how the goals section is grouped (layouts), the results of each goal (results,
rows). The templates only lay out, and the chapter is testable without rendering a PDF.
"""

from django.utils.translation import gettext as _

from goals import charts
from goals.tree import build_tree, flatten

from ..selectors import ChapterSource
from . import sections
from .layouts import LAYOUTS, heading_printed, texts_of
from .rows import RowContext, goal_row
from .structure import (
    Appendix,
    Chapter,
    Columns,
    GoalRow,
    MeasureLine,
    ResultTable,
    Section,
    Subsection,
    UnitGroup,
)

__all__ = [
    "Appendix",
    "Chapter",
    "Columns",
    "GoalRow",
    "MeasureLine",
    "ResultTable",
    "Section",
    "Subsection",
    "UnitGroup",
    "build_chapter",
    "table_level",
]


def table_level(source: ChapterSource):
    """The level printed as the tables' rows; the lowest followed-up level if none is chosen;
    None for a year that has no levels (and so no goals) yet."""
    levels = source.levels
    chosen = [level for level in levels if level.table_rows]
    if chosen:
        return chosen[0]
    followed = [level for level in levels if level.followed_up]
    return (followed or levels or [None])[-1]


def build_chapter(
    source: ChapterSource, *, layout: str, chapter_number: int, chapter_title: str, organisation_name: str
) -> Chapter:
    plan_year, period, texts = source.plan_year, source.period, source.texts
    year = plan_year.year
    rows_level = table_level(source)
    heading_levels = [level for level in source.levels if rows_level and level.order < rows_level.order]
    roots = build_tree(
        source.goals, period_kind=period.kind, baselines=source.baselines, populations=source.populations
    )
    nodes = flatten(roots)
    context = RowContext(
        year=year,
        draft=source.include_unapproved,
        numbered=plan_year.number_measures,
        previous_values=source.previous_values,
        populations=source.populations,
        histories=source.histories,
    )
    row_nodes = _row_nodes(roots, rows_level)
    by_section: dict[str, dict[int, GoalRow]] = {"base_mission": {}, "goals": {}, "financial": {}, "appendix": {}}
    section_nodes: dict[str, list] = {key: [] for key in by_section}
    for node in row_nodes:
        # A bilaga belongs to a driftverksamhet; a goal marked for one but without a unit stays
        # in the chapter rather than vanish.
        in_appendix = node.goal.appendix and node.goal.unit_id
        key = "appendix" if in_appendix else sections.KIND_SECTIONS[node.goal.kind]
        by_section[key][node.goal.pk] = goal_row(node, context)
        # The goals below a row count at their own level; grunduppdrag and finansiella mål
        # count their rows only.
        section_nodes[key].extend(node.walk() if key in ("goals", "appendix") else [node])

    built: list[Section] = []

    def number() -> str:
        return f"{chapter_number}.{len(built) + 1}"

    def add(section):
        if section is not None:
            built.append(section)

    add(sections.strategic(number(), plan_year, texts))
    add(
        sections.base_mission(number(), texts, list(by_section["base_mission"].values()), section_nodes["base_mission"])
    )
    add(
        _goals_section(
            number(),
            layout,
            source,
            roots,
            by_section["goals"],
            section_nodes["goals"],
            nodes,
            context,
            heading_levels,
            rows_level,
        )
    )
    add(
        sections.financial(
            number(),
            texts,
            list(by_section["financial"].values()),
            section_nodes["financial"],
            source.contributions,
            year,
        )
    )
    appendices = sections.appendices(
        by_section["appendix"],
        section_nodes["appendix"],
        roots,
        texts,
        chapter_number=chapter_number,
        year=year,
        context=context,
        row_level=rows_level,
    )
    printed = [row for rows in by_section.values() for row in rows.values()]
    return Chapter(
        number=chapter_number,
        title=chapter_title,
        organisation_name=organisation_name,
        year=year,
        period_key=period.key,
        period_end=period.end_date,
        layout=layout,
        sections=built,
        appendices=appendices,
        columns=Columns(
            row=rows_level.name,
            measures=plan_year.measure_heading,
            owner=plan_year.owner_heading,
            unit=plan_year.unit_heading,
            result=f"{plan_year.result_heading} {period.key}",
            status=_("Bedömning"),
        ),
        is_draft=source.include_unapproved,
        has_units=any(row.goal.unit_id or row.goal.owner_label for row in printed),
    )


def _row_nodes(roots, rows_level) -> list:
    """The goals printed as rows: those on the rows' level, and any goal below it that has no
    ancestor there (so no goal of the plan is left out of the chapter)."""
    if rows_level is None:
        return []
    result = []

    def walk(node):
        if node.goal.level.order >= rows_level.order:
            result.append(node)
            return
        for child in node.children:
            walk(child)

    for root in roots:
        walk(root)
    return result


def _goals_section(number, layout, source, roots, rows, nodes, all_nodes, context, heading_levels, rows_level):
    texts = source.texts
    goal_texts = [t for t in texts if t.section == "goals"]
    if not rows and not goal_texts:
        return None
    grouping = LAYOUTS[layout]
    section = Section(
        kind="goals",
        number=number,
        title=grouping.title(year=source.plan_year.year, heading_levels=heading_levels, row_level=rows_level),
        intros=texts_of(texts, "goals", "intro", node_id=None),
    )
    grouping.group(section, roots=roots, rows=rows, texts=texts, context=context, row_level=rows_level)
    # The heading goals above the rows count with them (an inriktningsmål with its strategier),
    # by the same rule that prints them.
    heading_nodes = [n for n in all_nodes if n.goal.level.order < rows_level.order and heading_printed(n, rows)]
    section.counts = sections.counts(heading_nodes + nodes)
    section.chart = charts.status_by_unit((row.goal, row.follow_up) for row in rows.values())
    section.prose = grouping.prose
    return section
