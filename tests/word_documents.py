"""Helpers for the tests of the chapter's Word version (test_reports_docx*.py)."""

import io
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn

from reports import rendering, selectors, word
from reports.chapter import build_chapter
from reports.models import Layout

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FAKE_PDF = b"%PDF-1.7\n% test\n%%EOF\n"
STATUS_FILLS = {fill for fill, _text, _band in word.blocks.STATUS_COLOURS.values()}


def fake_pdf(html, target):
    if isinstance(target, str):
        Path(target).write_bytes(FAKE_PDF)
    else:
        target.write(FAKE_PDF)


def chapter_for(plan_year, layout=Layout.UNIT):
    period = selectors.default_period(plan_year)
    source = selectors.chapter_source(plan_year=plan_year, period=period)
    return build_chapter(
        source,
        layout=layout,
        chapter_number=4,
        chapter_title="Måluppfyllelse",
        organisation_name=plan_year.organisation.name,
    )


def docx_bytes(chapter, template=None) -> bytes:
    target = io.BytesIO()
    rendering.chapter_docx(chapter, target, template=template)
    return target.getvalue()


def headings(document) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]


def cell_fill(cell) -> str:
    shading = cell._tc.tcPr.find(qn("w:shd")) if cell._tc.tcPr is not None else None
    return shading.get(qn("w:fill")) if shading is not None else ""


def is_repeated_header(row) -> bool:
    properties = row._tr.trPr
    return properties is not None and properties.find(qn("w:tblHeader")) is not None


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in nested_tables(document.tables):
        parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


def nested_tables(tables):
    for table in tables:
        yield table
        for row in table.rows:
            for cell in row.cells:
                yield from nested_tables(cell.tables)


def own_template(*, header="Vårt förbund – årsredovisning", heading_font="Georgia", drop_table_styles=False) -> bytes:
    """A kansli's template made in 'Word': its own heading font, a header, sample text."""
    document = Document(io.BytesIO(word.default_template()))
    document.styles["Heading 1"].font.name = heading_font
    document.sections[0].header.paragraphs[0].text = header
    document.add_paragraph("Exempeltext som inte hör till kapitlet.")
    if drop_table_styles:
        for name in ("Tabelltext", "Tabellhuvud"):
            element = document.styles[name].element
            element.getparent().remove(element)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
