"""The chapter as a document: what the public pages show of a fastställd print.

Built from the same `Chapter` structure that the PDF is laid out from (reports.chapter), when the
PDF is rendered, and stored on the print. The public pages read only this document, so they
show what the PDF shows, as it was, whatever is edited afterwards. Texts are stored as the HTML
the chapter prints (users' markup already rendered), charts as their SVG with the text
alternative, numbers as the Swedish strings the PDF prints.

Every goal that the chapter prints (rows, heading goals with their own assessment, the goals
printed inside a row) is one entry of `goals`, keyed by its id as a string; the sections refer
to the entries by id. `lineage` lists a goal's or a mätetal's predecessors, nearest first, so
a later year's page can find the same goal in earlier years' snapshots without a query per year.
"""

from django.db import transaction
from django.utils import timezone

from goals import markup
from goals.charts import Chart
from goals.models import Goal, Measure, Organisation
from goals.result_tables import ResultTable

from .chapter import Appendix, Chapter, GoalRow, Section, Subsection, build_chapter
from .chapter.rows import STATUS_CSS
from .chapter.structure import ItemLine, MeasureLine
from .models import ChapterPrint
from .selectors import ChapterSource, chapter_source

VERSION = 1
# How the document was made: with the PDF (the same data), or afterwards from the data as it
# was then (prints fastställda before snapshots were kept; see build_public_snapshots).
FROM_PRINT = "print"
FROM_LATER_DATA = "later_data"

STATUS_OF_CSS = {css: status for status, css in STATUS_CSS.items()}


def build_snapshot(chapter: Chapter, source: ChapterSource, *, built_from: str = FROM_PRINT) -> dict:
    goals_by_id = {goal.pk: goal for goal in source.goals}
    builder = _Builder(goals_by_id)
    sections = [builder.section(section) for section in chapter.sections]
    appendices = [builder.appendix(appendix) for appendix in chapter.appendices]
    builder.add_lineage()
    used_levels = {entry["level_key"] for entry in builder.goals.values()}
    units: dict[str, str] = {}
    for entry in builder.goals.values():
        if entry["unit_key"]:
            units.setdefault(entry["unit_key"], entry["owner"])
    return {
        "version": VERSION,
        "built_at": timezone.now().isoformat(),
        "built_from": built_from,
        "chapter": {
            "number": chapter.number,
            "title": chapter.title,
            "organisation_name": chapter.organisation_name,
            "year": chapter.year,
            "period_key": chapter.period_key,
            "period_end": chapter.period_end.isoformat() if chapter.period_end else "",
            "period_kind": source.period.kind,
            "layout": chapter.layout,
            "has_units": chapter.has_units,
            "columns": vars(chapter.columns).copy(),
            "outcome_heading": chapter.outcome_heading,
        },
        "levels": [
            {"key": level.key, "name": level.name, "plural": level.plural}
            for level in source.levels
            if level.key in used_levels
        ],
        "units": [{"key": key, "name": name} for key, name in units.items()],
        "sections": sections,
        "appendices": appendices,
        "goals": builder.goals,
        "order": builder.order,
    }


def _text(text) -> dict:
    return {"heading": text.heading, "html": str(markup.render_whole(text.body))}


def _texts(texts) -> list[dict]:
    return [_text(text) for text in texts]


def _chart(chart: Chart | None) -> dict | None:
    if chart is None:
        return None
    return {"svg": str(chart.svg), "description": chart.description, "rows": [list(row) for row in chart.rows]}


def _table(table: ResultTable) -> dict:
    return {
        "caption": table.caption,
        "columns": list(table.columns),
        "rows": [list(cells) for cells in table.rows],
        "numeric_from": table.numeric_from,
        "total_rows": table.total_rows,
        "notes": list(table.notes),
        "chart": _chart(table.chart),
    }


def _line(line: MeasureLine) -> dict:
    return {
        "measure_id": line.measure_id,
        "text": line.text,
        "number": line.number,
        "target": line.target,
        "words": line.words,
        "figure": line.figure,
        "outcome": line.outcome,
        "outcome_label": line.outcome_label,
        "lineage": [],
    }


class _Builder:
    def __init__(self, goals_by_id: dict[int, Goal]):
        self.goals_by_id = goals_by_id
        self.goals: dict[str, dict] = {}
        self.order: list[str] = []

    # -- goals -----------------------------------------------------------------------------

    def _base(self, goal: Goal) -> dict:
        ancestors = []
        parent = self.goals_by_id.get(goal.parent_id)
        while parent is not None and len(ancestors) < 10:
            ancestors.insert(0, {"id": parent.pk, "title": parent.title, "level_name": parent.level.name})
            parent = self.goals_by_id.get(parent.parent_id)
        owner = goal.owner_display
        return {
            "id": goal.pk,
            "title": goal.title,
            "description": goal.description,
            "kind": goal.kind,
            "level_key": goal.level.key,
            "level_name": goal.level.name,
            "unit_key": goal.unit.slug if goal.unit_id else (f"text-{owner}" if owner else ""),
            "owner": owner,
            "ancestors": ancestors,
            "predecessor_id": goal.predecessor_id,
            "lineage": [],
        }

    def row(self, row: GoalRow, *, verdict: bool = False) -> str:
        """`verdict`: whether the print closes this row with "Målet är uppnått." (the tree's and
        the prose layout's rows do; tables with a status column and headings do not)."""
        key = str(row.goal.pk)
        if key in self.goals:
            return key
        entry = self._base(row.goal)
        entry.update(
            status=row.status,
            status_label=row.status_label,
            verdict=row.verdict,
            verdict_in_text=row.verdict_in_text,
            verdict_printed=verdict,
            has_follow_up=row.follow_up is not None,
            text_html=str(row.text_lead) + str(row.text_before),
            text_after_html=str(row.text_after),
            measures=[_line(line) for line in row.measure_lines],
            tables=[_table(table) for table in row.tables],
            disagreement=vars(row.disagreement).copy() if row.disagreement else None,
            reason=row.reason,
            trends=[_chart(chart) for chart in row.trends],
            items=[],
            item_number="",
            parent_row=None,
        )
        self.goals[key] = entry
        self.order.append(key)
        entry["items"] = [self.item(item, key) for item in row.items]
        return key

    def item(self, item: ItemLine, parent_key: str) -> str:
        goal = self.goals_by_id.get(item.goal_id)
        key = str(item.goal_id)
        entry = self._base(goal)
        status = STATUS_OF_CSS.get(item.status_css, "")
        entry.update(
            status=status,
            status_label=item.status_label,
            verdict="",
            verdict_in_text=False,
            verdict_printed=False,
            has_follow_up=bool(item.status_label),
            text_html="",
            text_after_html="",
            measures=[_line(line) for line in item.lines],
            tables=[],
            disagreement=vars(item.disagreement).copy() if item.disagreement else None,
            reason="",
            trends=[],
            items=[],
            item_number=item.number,
            parent_row=parent_key,
        )
        self.goals[key] = entry
        self.order.append(key)
        return key

    def rows(self, rows, *, verdict: bool = False) -> list[str]:
        return [self.row(row, verdict=verdict) for row in rows]

    # -- structure -------------------------------------------------------------------------

    def subsection(self, sub: Subsection) -> dict:
        return {
            "number": sub.number,
            "title": sub.title,
            "level_name": sub.level_name,
            "description_html": str(markup.render_whole(sub.description)) if sub.description else "",
            "row": self.row(sub.row) if sub.row else None,
            "intros": _texts(sub.intros),
            "rows": self.rows(sub.rows, verdict=True),
            "subsections": [self.subsection(child) for child in sub.subsections],
            "bodies": _texts(sub.bodies),
            "assessments": _texts(sub.assessments),
            "heading_level": sub.heading_level,
        }

    def section(self, section: Section) -> dict:
        contributions = section.contributions
        return {
            "kind": section.kind,
            "number": section.number,
            "title": section.title,
            "intros": _texts(section.intros),
            "strategic_goal": section.strategic_goal,
            "strategic_approach": section.strategic_approach,
            "heading_rows": self.rows(section.heading_rows),
            "unit_groups": [{"label": group.label, "rows": self.rows(group.rows)} for group in section.unit_groups],
            "rows": self.rows(section.rows, verdict=section.kind == "goals"),
            "subsections": [self.subsection(sub) for sub in section.subsections],
            "bodies": _texts(section.bodies),
            "assessments": _texts(section.assessments),
            "counts": section.counts,
            "chart": _chart(section.chart),
            "contributions": {
                "caption": contributions.caption,
                "rows": [list(row) for row in contributions.rows],
                "total": list(contributions.total),
            }
            if contributions
            else None,
            "prose": section.prose,
        }

    def appendix(self, appendix: Appendix) -> dict:
        return {
            "number": appendix.number,
            "title": appendix.title,
            "lead": _texts(appendix.lead),
            "subsections": [
                {"number": sub.number, "title": sub.title, "intros": _texts(sub.intros)} for sub in appendix.subsections
            ],
            "rows": self.rows(appendix.rows, verdict=True),
            "goal_groups": [self.subsection(sub) for sub in appendix.goal_groups],
            "bodies": _texts(appendix.bodies),
            "assessments": _texts(appendix.assessments),
            "counts": appendix.counts,
        }

    # -- across the years ------------------------------------------------------------------

    def add_lineage(self) -> None:
        """Each goal's and mätetal's predecessors, nearest first: a few queries, one per year back."""
        goal_chains = _chains(Goal, {int(key): entry["predecessor_id"] for key, entry in self.goals.items()})
        measure_ids = {
            line["measure_id"] for entry in self.goals.values() for line in entry["measures"] if line["measure_id"]
        }
        start = {
            measure.pk: measure.predecessor_id
            for goal in self.goals_by_id.values()
            for measure in goal.measures.all()
            if measure.pk in measure_ids
        }
        measure_chains = _chains(Measure, start)
        for key, entry in self.goals.items():
            entry["lineage"] = goal_chains.get(int(key), [])
            for line in entry["measures"]:
                line["lineage"] = measure_chains.get(line["measure_id"], [])


def _chains(model, start: dict[int, int | None]) -> dict[int, list[int]]:
    predecessor = dict(start)
    frontier = {p for p in start.values() if p and p not in predecessor}
    # A plan year links only to the year before (Goal.clean), so this runs once per year back.
    while frontier:
        found = dict(model.objects.filter(pk__in=frontier).values_list("pk", "predecessor_id"))
        for pk in frontier:
            predecessor[pk] = found.get(pk)
        frontier = {p for p in found.values() if p and p not in predecessor}
    chains = {}
    for pk in start:
        chain, seen, current = [], {pk}, predecessor.get(pk)
        while current and current not in seen:
            chain.append(current)
            seen.add(current)
            current = predecessor.get(current)
        chains[pk] = chain
    return chains


def later_snapshot(chapter_print: ChapterPrint) -> dict:
    """The public document of a print rendered before documents were kept, built from the data
    as it is now with the print's own settings (marked `later_data`: the PDF stays the original)."""
    source = chapter_source(
        plan_year=chapter_print.plan_year,
        period=chapter_print.period,
        include_unapproved=False,
        show_history=chapter_print.show_history,
    )
    chapter = build_chapter(
        source,
        layout=chapter_print.layout,
        chapter_number=chapter_print.chapter_number,
        chapter_title=chapter_print.chapter_title,
        organisation_name=chapter_print.organisation_name,
    )
    return build_snapshot(chapter, source, built_from=FROM_LATER_DATA)


def backfill_snapshots(*, organisation: Organisation | None = None) -> list[ChapterPrint]:
    """Give each fastställd print without a public document one (see later_snapshot); the
    build_public_snapshots command. Prints that have one are never touched."""
    prints = ChapterPrint.objects.filter(is_final=True, snapshot__isnull=True).select_related(
        "organisation", "plan_year", "period"
    )
    if organisation is not None:
        prints = prints.filter(organisation=organisation)
    done = []
    for chapter_print in prints:
        with transaction.atomic():
            snapshot = later_snapshot(chapter_print)
            # Only where none was stored meanwhile; fastställda prints are otherwise never written.
            if ChapterPrint.objects.filter(pk=chapter_print.pk, snapshot__isnull=True).update(snapshot=snapshot):
                done.append(chapter_print)
    return done
