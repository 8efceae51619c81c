"""The chapter's goals in Word: the tables of goals (per enhet, simple, along the tree), a goal as
running text, and inside a goal its follow-up, mätetal, breakdown tables and aktiviteter — the
same pieces, in the same order, as the print templates (templates/reports/chapter/)."""

from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from ..chapter.structure import Chapter, GoalRow, MeasureLine
from .blocks import (
    STATUS_COLOURS,
    SUBHEAD_FILL,
    TEXT_WIDTH_MM,
    Flow,
    add_row,
    header_row,
    left_band,
    line_break,
    rich_text,
    run,
    shade,
    shade_run,
    status_cell,
)
from .styles import TABLE_HEAD

OUTCOME_COLOURS = {"met": "0D3B17", "not_met": "651010", "not_measured": "444444"}


def _mm(*shares: float) -> list[float]:
    return [TEXT_WIDTH_MM * share for share in shares]


# -- the tables of goals ----------------------------------------------------------------------


def simple_table(flow: Flow, chapter: Chapter, rows: list[GoalRow], first: str, second: str = "") -> None:
    """Title | follow-up | status (grunduppdrag, finansiella mål, followed-up heading goals)."""
    table = flow.table(_mm(0.25, 0.60, 0.15))
    header_row(flow, table, [first, second or chapter.column_heading, chapter.columns.status])
    for row in rows:
        _goal_row(flow, table, chapter, row)


def unit_tables(flow: Flow, chapter: Chapter, groups) -> None:
    """One table per enhet; its name is a header row too, so it repeats on every page."""
    for group in groups:
        table = flow.table(_mm(0.30, 0.55, 0.15))
        header_row(flow, table, [chapter.columns.row, chapter.columns.result, chapter.columns.status])
        if chapter.has_units:
            unit = add_row(table, header=True)
            cell = unit.cells[0].merge(unit.cells[2])
            flow.cell(cell).paragraph(f"{chapter.columns.unit}: {group.label}", style=TABLE_HEAD)
            shade(cell, SUBHEAD_FILL)
        for row in group.rows:
            _goal_row(flow, table, chapter, row)
        flow.paragraph()


def _goal_row(flow: Flow, table, chapter: Chapter, row: GoalRow) -> None:
    cells = add_row(table, keep_whole=row.is_short).cells
    goal_title(flow.cell(cells[0]), row, show_targets=True)
    text = flow.cell(cells[1])
    follow_up(text, chapter, row, show_lines=True)
    status_cell(flow, cells[2], row.status_label, row.status_css)


def rows_table(flow: Flow, chapter: Chapter, rows: list[GoalRow], *, hide_owner: bool = False) -> None:
    """The tree layout: a row per mätetal beside its goal, then the goal's follow-up."""
    with_owner = chapter.has_units and not hide_owner
    widths = _mm(0.25, 0.33, 0.14, 0.28) if with_owner else _mm(0.28, 0.40, 0.32)
    labels = [chapter.columns.row, chapter.columns.measures]
    labels += [chapter.columns.owner] if with_owner else []
    table = flow.table(widths)
    header_row(flow, table, labels + [chapter.columns.result])
    last = len(widths) - 1
    for row in rows:
        lines = row.measure_lines or [None]
        first = None
        for line in lines:
            cells = add_row(table, keep_whole=True).cells
            if first is None:
                first = cells
                goal_title(flow.cell(cells[0]), row, show_targets=False)
                if with_owner:
                    flow.cell(cells[2]).paragraph(row.owner)
            if line is None:
                flow.cell(cells[1]).paragraph("–")
                flow.cell(cells[last]).paragraph("–")
            else:
                measure_text(flow.cell(cells[1]).paragraph(), line)
                measure_result(flow.cell(cells[last]).paragraph(), line)
        if len(lines) > 1:
            first[0].merge(table.rows[-1].cells[0])
            if with_owner:
                first[2].merge(table.rows[-1].cells[2])
        cells = add_row(table, keep_whole=row.is_short).cells
        band = cells[0].merge(cells[last - 1])
        text = flow.cell(band)
        follow_up(text, chapter, row, show_lines=False)
        if row.follow_up and not row.verdict_in_text:
            text.paragraph(row.verdict)
        left_band(band, STATUS_COLOURS.get(row.status_css, STATUS_COLOURS["none"])[2])
        status_cell(flow, cells[last], row.status_label, row.status_css)


def prose_goal(flow: Flow, chapter: Chapter, row: GoalRow, level: int) -> None:
    """A goal as a block of text under its own heading (a samordningsförbund's few goals)."""
    flow.paragraph(row.goal.title, style=f"Heading {min(level, 6)}")
    if row.goal.description:
        flow.paragraph(row.goal.description)
    paragraph = flow.paragraph()
    status_line(paragraph, f"{chapter.columns.status}:", row)
    if chapter.has_units:
        run(paragraph, f" · {chapter.columns.owner}: {row.owner}")
    if row.measure_lines:
        results_table(flow, chapter, row.measure_lines, chapter.columns.result)
    follow_up(flow, chapter, row, show_lines=False)
    if row.follow_up and not row.verdict_in_text:
        flow.paragraph(row.verdict)


def status_line(paragraph, label: str, row: GoalRow) -> None:
    fill, colour, _band = STATUS_COLOURS.get(row.status_css, STATUS_COLOURS["none"])
    run(paragraph, label + " ", bold=True)
    shade_run(run(paragraph, f" {row.status_label} ", bold=True, colour=colour), fill)


# -- inside a goal ----------------------------------------------------------------------------


def goal_title(flow: Flow, row: GoalRow, *, show_targets: bool) -> None:
    paragraph = flow.paragraph(row.goal.title, bold=True)
    if row.goal.kind == "assignment":
        run(paragraph, " (" + _("uppdrag") + ")", italic=True)
    if row.goal.description:
        flow.paragraph(row.goal.description)
    if show_targets:
        for target in row.target_texts:
            flow.paragraph(target)


def follow_up(flow: Flow, chapter: Chapter, row: GoalRow, *, show_lines: bool) -> None:
    """What _follow_up.html prints, in its order."""
    disagreement(flow, row.disagreement, row.status_label.lower())
    rich_text(flow, row.text_lead)
    rich_text(flow, row.text_before)
    if show_lines:
        lines = row.results_with_text
        if len(lines) == 1 and not lines[0].number:
            paragraph = flow.paragraph()
            run(paragraph, _("Utfall:") + " ", bold=True)
            measure_result(paragraph, lines[0], inline=True)
        elif lines:
            results_table(flow, chapter, lines, _("Utfall"))
    for table in row.tables:
        result_table(flow, table)
    rich_text(flow, row.text_after)
    items(flow, row.items)
    for chart in row.trends:
        chart_text(flow, chart)
    if row.reason:
        paragraph = flow.paragraph()
        run(paragraph, _("Motivering av bedömningen:") + " ", bold=True)
        run(paragraph, row.reason)
    if not row.follow_up:
        flow.paragraph(row.verdict, italic=True)


def disagreement(flow: Flow, marker, status: str) -> None:
    if marker is None:
        return
    paragraph = flow.paragraph()
    run(paragraph, _("Avviker från mätetalen:") + " ", bold=True, colour="6E1212")
    run(
        paragraph,
        _("bedömningen är ”%(status)s”, men mätetalen visar ”%(proposal)s”.")
        % {"status": status, "proposal": marker.proposal.lower()},
    )
    paragraph = flow.paragraph()
    run(paragraph, _("Motivering:") + " ", bold=True, colour="6E1212")
    run(paragraph, marker.reason or _("Ingen motivering har lämnats."))


def measure_text(paragraph, line: MeasureLine) -> None:
    if line.number:
        run(paragraph, line.number + " ", bold=True)
    run(paragraph, line.text)
    if line.target:
        line_break(paragraph)
        run(paragraph, line.target, italic=True)


def measure_result(paragraph, line: MeasureLine, *, inline: bool = False) -> None:
    """The unit's words, the figure and the judged outcome (each on its own line in a cell)."""
    parts = []
    if line.words:
        parts.append((line.words, {}))
    if line.figure:
        parts.append(((_("Värde:") + " " if line.words else "") + line.figure, {}))
    if line.outcome:
        colour = OUTCOME_COLOURS.get(line.outcome, "")
        measured = line.outcome != "not_measured"
        parts.append((line.outcome_label, {"bold": measured, "italic": not measured, "colour": colour}))
    if not parts:
        run(paragraph, "–")
    for index, (text, style) in enumerate(parts):
        if index:
            run(paragraph, " · ") if inline else line_break(paragraph)
        run(paragraph, text, **style)


def results_table(flow: Flow, chapter: Chapter, lines: list[MeasureLine], second: str) -> None:
    width = TEXT_WIDTH_MM * 0.55
    table = flow.table([width * 0.55, width * 0.45])
    header_row(flow, table, [chapter.columns.measures, second])
    for line in lines:
        cells = add_row(table, keep_whole=True).cells
        measure_text(flow.cell(cells[0]).paragraph(), line)
        measure_result(flow.cell(cells[1]).paragraph(), line)


def result_table(flow: Flow, table_data) -> None:
    """A mätetal's breakdown (per kommun, kön, dimension, survey answer) as a real table."""
    if table_data.caption:
        flow.paragraph(table_data.caption, style="Caption")
    columns = len(table_data.columns)
    label_width = TEXT_WIDTH_MM * 0.22
    rest = (TEXT_WIDTH_MM * 0.55 - label_width) / max(columns - 1, 1)
    table = flow.table([label_width] + [rest] * (columns - 1))
    head = header_row(flow, table, table_data.columns)
    for index, cell in enumerate(head.cells):
        if index >= table_data.numeric_from:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    total_from = len(table_data.rows) - table_data.total_rows
    for number, cells in enumerate(table_data.rows):
        row = add_row(table, keep_whole=True)
        for index, (cell, text) in enumerate(zip(row.cells, cells, strict=False)):
            paragraph = flow.cell(cell).paragraph(text, bold=number >= total_from)
            if index:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for note in table_data.notes:
        flow.paragraph(note, style="Caption")
    if table_data.chart:
        chart_text(flow, table_data.chart)


def items(flow: Flow, item_lines) -> None:
    """Goals below a row (aktiviteter under a strategi), numbered, each with status and results."""
    for item in item_lines:
        paragraph = flow.paragraph()
        run(paragraph, f"{item.number} {item.title}", bold=True)
        if item.status_label:
            fill, colour, _band = STATUS_COLOURS.get(item.status_css, STATUS_COLOURS["none"])
            run(paragraph, " ")
            shade_run(run(paragraph, f" {item.status_label} ", colour=colour), fill)
        for line in item.lines:
            paragraph = flow.paragraph()
            paragraph.paragraph_format.left_indent = Mm(4)
            measure_text(paragraph, line)
            run(paragraph, ": ")
            measure_result(paragraph, line, inline=True)
        disagreement(flow, item.disagreement, item.status_label.lower())


def chart_text(flow: Flow, chart) -> None:
    """A chart as its text alternative: the figures it shows, which Word readers can reuse."""
    if chart is not None and chart.description:
        flow.paragraph(chart.description, style="Caption")
