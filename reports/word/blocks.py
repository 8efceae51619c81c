"""Building blocks of the Word chapter: paragraphs in a document or a table cell, the users' text
(the restricted HTML of goals.markup) as Word paragraphs, and tables with repeated header rows,
cell shading and fixed column widths."""

import lxml.html
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, RGBColor

from .styles import TABLE_HEAD, TABLE_TEXT

TEXT_WIDTH_MM = 172  # A4 less the default template's margins
LIST_INDENT_MM = 5
HEAD_FILL = "DFE8F2"
SUBHEAD_FILL = "F1F5FA"
LINK_COLOUR = "0B4F8A"
# The PDF's status colours (print.css): background and text of the status cell, and the band
# at the left of a goal's follow-up.
STATUS_COLOURS = {
    "achieved": ("D4EDD9", "0D3B17", "2E7D3E"),
    "partially-achieved": ("FFEEB3", "463300", "B58900"),
    "not-achieved": ("F7CFCF", "651010", "B3261E"),
    "on-track": ("D6E5F7", "0A2F5C", "1F5FA8"),
    "at-risk": ("FBDCC0", "572800", "C25E00"),
    "none": ("ECECEC", "333333", "888888"),
}
LINK_SCHEMES = ("http://", "https://", "mailto:")
TC_AFTER_BORDERS = ("w:shd", "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")
RPR_AFTER_SHADING = ("w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang", "w:eastAsianLayout")


class Flow:
    """Where the next paragraph or table goes: the document's body or one table cell.

    A new cell already holds an empty paragraph, and Word wants a paragraph after a table in a
    cell; the next text fills such a paragraph instead of leaving a blank line.
    """

    def __init__(self, container, *, style: str | None = None):
        self.container = container
        self.style = style
        paragraphs = container.paragraphs if style == TABLE_TEXT else []
        self._empty = paragraphs[-1] if paragraphs and not paragraphs[-1].text else None

    def paragraph(self, text: str = "", *, style: str | None = None, bold: bool = False, italic: bool = False):
        if self._empty is not None:
            paragraph, self._empty = self._empty, None
            paragraph.style = style or self.style
        else:
            paragraph = self.container.add_paragraph(style=style or self.style)
        if text:
            run(paragraph, text, bold=bold, italic=italic)
        return paragraph

    def table(self, widths_mm: list[float]):
        # Two tables with nothing between them are one table to Word: keep a paragraph between.
        if self._empty is not None:
            previous = self._empty._p.getprevious()
            if previous is None or previous.tag != qn("w:tbl"):
                # The cell's own empty paragraph would stand above the table as a blank line.
                self._empty._p.getparent().remove(self._empty._p)
            self._empty = None
        elif self.style != TABLE_TEXT and _ends_with_table(self.container.element.body):
            self.container.add_paragraph()
        table = self.container.add_table(rows=0, cols=len(widths_mm))
        if self.style == TABLE_TEXT:
            # python-docx adds the empty paragraph Word wants after a table in a cell.
            self._empty = self.container.paragraphs[-1]
        table.style = "Table Grid"
        table.autofit = False
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        for column, width in zip(table.columns, widths_mm, strict=False):
            column.width = Mm(width)
        table.widths_mm = widths_mm
        _frame(table)
        return table

    def cell(self, cell) -> "Flow":
        return Flow(cell, style=TABLE_TEXT)


def _ends_with_table(body) -> bool:
    blocks = [child for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    return bool(blocks) and blocks[-1].tag == qn("w:tbl")


def run(paragraph, text: str, *, bold: bool = False, italic: bool = False, colour: str = "", underline=False):
    added = paragraph.add_run(text)
    added.bold = bold or None
    added.italic = italic or None
    if underline:
        added.underline = True
    if colour:
        added.font.color.rgb = RGBColor.from_string(colour)
    return added


def shade_run(added, fill: str) -> None:
    shading = _shading(fill)
    added._r.get_or_add_rPr().insert_element_before(shading, *RPR_AFTER_SHADING)


def line_break(paragraph) -> None:
    paragraph.add_run().add_break()


def hyperlink(paragraph, url: str, text: str) -> None:
    """A real link (Ctrl+click in Word); only web and mail addresses, as the markup makes them."""
    if not url.startswith(LINK_SCHEMES):
        run(paragraph, text)
        return
    relation = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relation)
    link_run = run(paragraph, text, colour=LINK_COLOUR, underline=True)
    link_run._r.addprevious(link)
    link.append(link_run._r)


# -- the users' text ----------------------------------------------------------------------------


def rich_text(flow: Flow, html: str) -> None:
    """The HTML goals.markup renders (paragraphs, lists, tables, links) as Word paragraphs."""
    if not html or not str(html).strip():
        return
    root = lxml.html.fragment_fromstring(str(html), create_parent="div")
    if root.text and root.text.strip():
        flow.paragraph(root.text.strip())
    for element in root:
        _block(flow, element, depth=0)


def _block(flow: Flow, element, *, depth: int) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in ("ul", "ol"):
        _list(flow, element, depth=depth)
    elif tag == "table":
        _html_table(flow, element)
    elif tag == "div":
        for child in element:
            _block(flow, child, depth=depth)
    elif tag:
        _inline(flow.paragraph(), element)


def _inline(paragraph, element, *, bold: bool = False) -> None:
    if element.text:
        run(paragraph, element.text, bold=bold)
    for child in element:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "br":
            line_break(paragraph)
        elif tag == "a":
            hyperlink(paragraph, child.get("href", ""), child.text_content())
        elif tag in ("ul", "ol", "table", "p"):
            pass  # block content inside an item is handled by _list
        else:
            _inline(paragraph, child, bold=bold or tag in ("strong", "b", "th"))
        if child.tail:
            run(paragraph, child.tail, bold=bold)


def _list(flow: Flow, element, *, depth: int) -> None:
    """Lists with their markers as text and a hanging indent: the numbers and bullets the user
    wrote, wherever the chapter is pasted, independent of the template's numbering."""
    ordered = element.tag == "ol"
    start = int(element.get("start") or 1) if ordered else 1
    items = [child for child in element if child.tag == "li"]
    for offset, item in enumerate(items):
        marker = f"{start + offset}." if ordered else "•"
        paragraph = _list_paragraph(flow, depth)
        run(paragraph, marker + "\t")
        blocks = [child for child in item if child.tag in ("p", "ul", "ol", "table")]
        first_text = True
        if item.text and item.text.strip():
            _inline(paragraph, item, bold=False)
            first_text = False
        for child in blocks:
            if child.tag == "p":
                target = paragraph if first_text else _list_paragraph(flow, depth)
                _inline(target, child)
                first_text = False
            elif child.tag in ("ul", "ol"):
                _list(flow, child, depth=depth + 1)
            else:
                _html_table(flow, child)


def _list_paragraph(flow: Flow, depth: int):
    paragraph = flow.paragraph(style=flow.style or "List Paragraph")
    indent = Mm(LIST_INDENT_MM * (depth + 1))
    paragraph.paragraph_format.left_indent = indent
    paragraph.paragraph_format.first_line_indent = -Mm(LIST_INDENT_MM)
    paragraph.paragraph_format.tab_stops.add_tab_stop(indent)
    return paragraph


def _html_table(flow: Flow, element) -> None:
    rows = element.findall(".//tr")
    if not rows:
        return
    header = element.find("thead")
    header_rows = header.findall(".//tr") if header is not None else []
    columns = max(len(row.findall("th") + row.findall("td")) for row in rows)
    width = TEXT_WIDTH_MM if flow.style != TABLE_TEXT else TEXT_WIDTH_MM / 2
    table = flow.table([width / columns] * columns)
    for tr in rows:
        is_head = tr in header_rows
        cells = add_row(table, header=is_head).cells
        for cell, source in zip(cells, [c for c in tr if c.tag in ("th", "td")], strict=False):
            paragraph = flow.cell(cell).paragraph(style=TABLE_HEAD if is_head else TABLE_TEXT)
            _inline(paragraph, source)
            if "num" in (source.get("class") or ""):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if is_head:
                shade(cell, HEAD_FILL)


# -- tables ---------------------------------------------------------------------------------------

BORDER_COLOUR = "8C8C8C"
TBLPR_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook")


def _frame(table) -> None:
    """Thin grey borders and the PDF's cell padding (about 1.5 mm), whatever the template's
    "Table Grid" says: the figures must stay readable next to each other."""
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        border = OxmlElement(f"w:{side}")
        for name, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", BORDER_COLOUR)):
            border.set(qn(name), value)
        borders.append(border)
    properties.insert_element_before(borders, *TBLPR_AFTER_BORDERS)
    margins = OxmlElement("w:tblCellMar")
    for side, twips in (("top", 57), ("left", 85), ("bottom", 57), ("right", 85)):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(twips))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    properties.insert_element_before(margins, "w:tblLook")


def add_row(table, *, header: bool = False, keep_whole: bool = False):
    """A row with the table's column widths; a header row repeats at the top of every page the
    table fills (w:tblHeader), and a row kept whole never splits across pages (w:cantSplit)."""
    row = table.add_row()
    for cell, width in zip(row.cells, table.widths_mm, strict=False):
        cell.width = Mm(width)
    properties = row._tr.get_or_add_trPr()
    if header or keep_whole:
        properties.append(OxmlElement("w:cantSplit"))
    if header:
        properties.append(OxmlElement("w:tblHeader"))
    return row


def _shading(fill: str):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    return shading


def shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    existing = properties.find(qn("w:shd"))
    if existing is not None:
        properties.remove(existing)
    properties.insert_element_before(_shading(fill), *TC_AFTER_BORDERS[1:])


def left_band(cell, colour: str) -> None:
    """The status colour as a thick left border, like the PDF's band beside a follow-up."""
    properties = cell._tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    left = OxmlElement("w:left")
    for name, value in (("w:val", "single"), ("w:sz", "20"), ("w:space", "0"), ("w:color", colour)):
        left.set(qn(name), value)
    borders.append(left)
    properties.insert_element_before(borders, *TC_AFTER_BORDERS)


def header_row(flow: Flow, table, labels: list[str]):
    row = add_row(table, header=True)
    for cell, label in zip(row.cells, labels, strict=False):
        flow.cell(cell).paragraph(label, style=TABLE_HEAD)
        shade(cell, HEAD_FILL)
    return row


def status_cell(flow: Flow, cell, label: str, css: str) -> None:
    """Status as words (never colour alone) on the status colour."""
    fill, text, _band = STATUS_COLOURS.get(css, STATUS_COLOURS["none"])
    paragraph = flow.cell(cell).paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(paragraph, label, bold=True, colour=text)
    shade(cell, fill)
