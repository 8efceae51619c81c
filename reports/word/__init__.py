"""The chapter as a Word document, for the rest of the årsredovisning: built from the same
Chapter structure as the PDF (reports.chapter), with the same headings at the same levels
(Heading 1 the chapter and each bilaga, Heading 2 its sections, Heading 3 … the tree), tables
whose header rows repeat on every page, status in words on its colour, and the style sheet of
the default template or the kansli's own (styles.py).
"""

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from goals import markup

from ..chapter.structure import Appendix, Chapter, Section, Subsection
from . import goals
from .blocks import Flow, add_row, header_row, rich_text, run
from .styles import LANGUAGE, TemplateError, default_template, load_template, open_template

__all__ = ["TemplateError", "chapter_docx", "default_template", "open_template"]


def chapter_docx(chapter: Chapter, target, *, template: bytes | None = None) -> None:
    """Write the chapter as .docx to `target` (a path or a binary file object), in the
    kansli's template when one is given (its bytes), else the default."""
    # Labels and month names in Swedish, whoever asked for the print (as the PDF).
    with translation.override("sv"):
        document = load_template(template)
        flow = Flow(document)
        _chapter(flow, chapter)
        properties = document.core_properties
        properties.title = f"{chapter.number} {chapter.title} {chapter.year}"
        properties.author = chapter.organisation_name
        properties.subject = _("Uppföljning per %(date)s") % {"date": _date(chapter)}
        properties.language = LANGUAGE
        properties.created = timezone.now()
        properties.keywords = "Måluppfyllelse"
        document.save(target)


def _date(chapter: Chapter) -> str:
    return formats.date_format(chapter.period_end, "j F Y")


def _heading(flow: Flow, level: int, text: str, number: str = "") -> None:
    flow.paragraph(f"{number} {text}".strip() if number else text, style=f"Heading {min(level, 6)}")


def _chapter(flow: Flow, chapter: Chapter) -> None:
    _heading(flow, 1, chapter.title, str(chapter.number))
    if chapter.is_draft:
        flow.paragraph(
            _(
                "Utkast: kapitlet innehåller uppföljningar som kansliet ännu inte har godkänt. Det kan inte fastställas."
            ),
            bold=True,
        )
    flow.paragraph(
        _("Uppföljning per %(date)s") % {"date": _date(chapter)} + f" – {chapter.organisation_name}", style="Caption"
    )
    for section in chapter.sections:
        _section(flow, chapter, section)
    for appendix in chapter.appendices:
        _appendix(flow, chapter, appendix)


def _text(flow: Flow, text, level: int) -> None:
    if text.heading:
        _heading(flow, level, text.heading)
    rich_text(flow, _richtext(text.body))


def _richtext(body: str):
    return markup.render_whole(body)


def _assessment(flow: Flow, texts, counts: str, level: int) -> None:
    if not texts and not counts:
        return
    _heading(flow, level, _("Sammanfattande bedömning"))
    for text in texts:
        rich_text(flow, _richtext(text.body))
    if counts:
        flow.paragraph(counts, bold=True)


def _section(flow: Flow, chapter: Chapter, section: Section) -> None:
    _heading(flow, 2, section.title, section.number)
    for text in section.intros:
        _text(flow, text, 3)
    if section.kind == "strategic":
        if section.strategic_goal:
            paragraph = flow.paragraph(_("Det övergripande strategiska målet är") + " ")
            run(paragraph, section.strategic_goal, bold=True)
            run(paragraph, ".")
            if section.strategic_approach:
                run(paragraph, " " + _("Detta görs genom att") + f" {section.strategic_approach}.")
        for text in section.bodies:
            _text(flow, text, 3)
        for text in section.assessments:
            rich_text(flow, _richtext(text.body))
        return
    if section.kind == "base_mission" and section.rows:
        goals.simple_table(flow, chapter, section.rows, _("Uppdrag"))
    elif section.kind == "goals":
        if section.heading_rows:
            goals.simple_table(flow, chapter, section.heading_rows, section.heading_rows[0].goal.level.name)
        if section.unit_groups:
            goals.unit_tables(flow, chapter, section.unit_groups)
        if section.rows:
            _rows(flow, chapter, section.rows, prose=section.prose, level=3)
        for sub in section.subsections:
            _subsection(flow, chapter, sub, prose=section.prose)
    elif section.kind == "financial":
        if section.rows:
            goals.simple_table(flow, chapter, section.rows, _("Finansiellt mål"), chapter.outcome_heading)
        _contributions(flow, section.contributions)
    for text in section.bodies:
        _text(flow, text, 3)
    _assessment(flow, section.assessments, section.counts, 3)
    if section.kind == "goals":
        goals.chart_text(flow, section.chart)


def _rows(flow: Flow, chapter: Chapter, rows, *, prose: bool, level: int, hide_owner: bool = False) -> None:
    if prose:
        for row in rows:
            goals.prose_goal(flow, chapter, row, level)
    else:
        goals.rows_table(flow, chapter, rows, hide_owner=hide_owner)


def _subsection(flow: Flow, chapter: Chapter, sub: Subsection, *, prose: bool, hide_owner: bool = False) -> None:
    level = sub.heading_level
    _heading(flow, level, sub.title, sub.number)
    if sub.description:
        rich_text(flow, _richtext(sub.description))
    if sub.row:
        paragraph = flow.paragraph()
        label = _("Bedömning av %(level)s:") % {"level": sub.row.goal.level.definite_singular}
        goals.status_line(paragraph, label, sub.row)
        goals.follow_up(flow, chapter, sub.row, show_lines=True)
    for text in sub.intros:
        _text(flow, text, level + 1)
    if sub.rows:
        _rows(flow, chapter, sub.rows, prose=prose, level=level + 1, hide_owner=hide_owner)
    for child in sub.subsections:
        _subsection(flow, chapter, child, prose=prose, hide_owner=hide_owner)
    for text in sub.bodies:
        _text(flow, text, level + 1)
    _assessment(flow, sub.assessments, "", level + 1)


def _appendix(flow: Flow, chapter: Chapter, appendix: Appendix) -> None:
    # A bilaga starts on a new page, as in the PDF.
    flow.paragraph().add_run().add_break(WD_BREAK.PAGE)
    _heading(flow, 1, appendix.title, appendix.number)
    for text in appendix.lead:
        rich_text(flow, _richtext(text.body))
    for index, sub in enumerate(appendix.subsections):
        _heading(flow, 2, sub.title, sub.number)
        for text in sub.intros:
            rich_text(flow, _richtext(text.body))
        if index == len(appendix.subsections) - 1:
            if appendix.rows:
                goals.rows_table(flow, chapter, appendix.rows, hide_owner=True)
            for group in appendix.goal_groups:
                _subsection(flow, chapter, group, prose=False, hide_owner=True)
            for text in appendix.bodies:
                _text(flow, text, 3)
            _assessment(flow, appendix.assessments, appendix.counts, 3)


def _contributions(flow: Flow, table) -> None:
    if table is None:
        return
    flow.paragraph(table.caption, style="Caption")
    widths = [60, 30, 30]
    grid = flow.table(widths)
    header_row(flow, grid, [_("Medlem"), _("Bidrag, tkr"), _("Andel")])
    for name, amount, share in table.rows:
        _figures_row(flow, add_row(grid, keep_whole=True), [name, amount, share])
    _figures_row(flow, add_row(grid, keep_whole=True), [table.total[0], table.total[1], "100\u00a0%"], bold=True)


def _figures_row(flow: Flow, row, texts, *, bold: bool = False) -> None:
    for index, (cell, text) in enumerate(zip(row.cells, texts, strict=False)):
        paragraph = flow.cell(cell).paragraph(text, bold=bold)
        if index:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
