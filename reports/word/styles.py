"""The Word document's style sheet: the default template built in code, a kansli's own template
file, and what every document gets whichever template it starts from (the styles the chapter
uses, Swedish as its language, an empty body).

The chapter only names styles — the built-in "Heading 1" … "Heading 6" (Word shows them as
Rubrik 1 … in Swedish, so its table of contents finds them), "Caption", "List Paragraph",
"Table Grid" and two of its own, "Tabelltext" and "Tabellhuvud" — so a kansli's template
changes the look by defining those styles, and a template that lacks one gets the default's.
"""

import copy
import io
import zipfile

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

LANGUAGE = "sv-SE"
FONT = "DejaVu Sans"  # the PDF's font; Word substitutes its own where it is not installed
HEADING_COLOUR = RGBColor(0x0B, 0x3A, 0x66)
HEADING_SIZES = {1: 17, 2: 13, 3: 11, 4: 10, 5: 10, 6: 10}
TABLE_TEXT = "Tabelltext"
TABLE_HEAD = "Tabellhuvud"
USED_STYLES = [f"Heading {level}" for level in range(1, 7)] + [
    "Normal",
    "Caption",
    "List Paragraph",
    "Table Grid",
    TABLE_TEXT,
    TABLE_HEAD,
]
MAX_TEMPLATE_BYTES = 10 * 1024 * 1024

TEMPLATE_MAIN = "application/vnd.ms-word.template.main+xml"
DOTX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


class TemplateError(ValueError):
    """A file that cannot serve as the chapter's Word template; the message (Swedish) says why."""


def default_template() -> bytes:
    """The shipped style sheet, as a .docx a kansli can download, restyle in Word and upload."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(24), Mm(22)
    section.left_margin, section.right_margin = Mm(20), Mm(18)
    styles = document.styles
    normal = styles["Normal"]
    _set_font(normal, FONT, 9.5)
    normal.paragraph_format.space_after = Pt(5)
    normal.paragraph_format.line_spacing = 1.15
    for level, size in HEADING_SIZES.items():
        style = styles[f"Heading {level}"]
        _set_font(style, FONT, size)
        style.font.color.rgb = HEADING_COLOUR
        style.font.italic = False
        style.paragraph_format.space_before = Pt(14 if level <= 2 else 10)
        style.paragraph_format.space_after = Pt(5)
    caption = styles["Caption"]
    _set_font(caption, FONT, 8)
    caption.font.bold = False
    caption.font.color.rgb = RGBColor(0x33, 0x33, 0x33)
    text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = normal
    _set_font(text, FONT, 8.5)
    text.paragraph_format.space_after = Pt(2)
    text.paragraph_format.line_spacing = 1.05
    head = styles.add_style(TABLE_HEAD, WD_STYLE_TYPE.PARAGRAPH)
    head.base_style = text
    head.font.bold = True
    head.font.color.rgb = RGBColor(0x0B, 0x2A, 0x4A)
    _page_number_footer(section)
    _set_language(document)
    document.core_properties.title = _("Mall för kapitlet Måluppfyllelse")
    document.core_properties.language = LANGUAGE
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _page_number_footer(section) -> None:
    """ "Sida 3 av 12" at the foot of every page, as in the PDF (Word fills in the fields)."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for text, field in ((_("Sida") + " ", "PAGE"), (" " + _("av") + " ", "NUMPAGES")):
        paragraph.add_run(text).font.size = Pt(7.5)
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), field)
        placeholder = paragraph.add_run("1")
        placeholder.font.size = Pt(7.5)
        placeholder._r.addprevious(simple)
        simple.append(placeholder._r)


def _set_font(style, name: str, size: float) -> None:
    style.font.name = name
    style.font.size = Pt(size)
    # python-docx sets the Latin font only; name the others so no theme font is mixed in.
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)


def load_template(data: bytes | None):
    """A Document to write the chapter into: the kansli's template (a .docx or .dotx) or the
    default, with the chapter's styles present, Swedish set and its body emptied (a template's
    sample text is not part of the chapter; its page setup, headers and footers are kept)."""
    default = Document(io.BytesIO(default_template()))
    if data is None:
        document = default
    else:
        document = open_template(data)
        _add_missing_styles(document, default)
    _set_language(document)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return document


def open_template(data: bytes):
    """Open an uploaded template, or TemplateError with a reason the kansli can act on."""
    if len(data) > MAX_TEMPLATE_BYTES:
        raise TemplateError(_("Mallen är större än 10 MB."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        types = archive.read("[Content_Types].xml").decode("utf-8")
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        raise TemplateError(_("Filen är inget Word-dokument (.docx eller .dotx)."))
    if TEMPLATE_MAIN in types or "macroEnabled" in types:
        raise TemplateError(_("Mallar med makron (.docm, .dotm) tas inte emot. Spara mallen som .docx eller .dotx."))
    if DOTX_MAIN in types:
        # A Word template (.dotx) is a document with another content type: read it as one.
        data = _as_document(archive, types.replace(DOTX_MAIN, DOCX_MAIN))
    try:
        return Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 – python-docx raises many kinds for a broken package
        raise TemplateError(_("Word-filen kunde inte läsas. Spara den på nytt i Word som .docx och försök igen."))


def _as_document(archive: zipfile.ZipFile, types: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as copy_to:
        for item in archive.infolist():
            content = types.encode("utf-8") if item.filename == "[Content_Types].xml" else archive.read(item)
            copy_to.writestr(item, content)
    return buffer.getvalue()


def _add_missing_styles(document, default) -> None:
    """Copy the styles the chapter uses (with those they are based on) from the default."""
    by_id = {style.style_id: style for style in default.styles}
    wanted = [default.styles[name] for name in USED_STYLES]
    present = {style.style_id for style in document.styles}
    names = {style.name for style in document.styles}
    while wanted:
        style = wanted.pop()
        if style.style_id in present or style.name in names:
            continue
        element = copy.deepcopy(style.element)
        # A list style's numbering would point into the default's numbering part.
        for numbering in element.findall(f".//{qn('w:numPr')}"):
            numbering.getparent().remove(numbering)
        document.styles.element.append(element)
        present.add(style.style_id)
        for reference in ("w:basedOn", "w:link", "w:next"):
            found = element.find(qn(reference))
            if found is not None and found.get(qn("w:val")) in by_id:
                wanted.append(by_id[found.get(qn("w:val"))])


def _set_language(document) -> None:
    """Swedish for spelling, hyphenation and screen readers, whatever the template said."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = OxmlElement("w:rPrDefault")
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = OxmlElement("w:rPr")
        run_defaults.append(properties)
    for element in [properties, *styles.iter(qn("w:rPr"))]:
        language = element.find(qn("w:lang"))
        if element is properties and language is None:
            language = OxmlElement("w:lang")
            element.append(language)
        if language is not None:
            language.set(qn("w:val"), LANGUAGE)
            language.set(qn("w:eastAsia"), LANGUAGE)
    settings = document.settings.element
    # Only where the template has it: Word refuses settings in the wrong order, and the
    # styles' language above is what counts.
    theme_language = settings.find(qn("w:themeFontLang"))
    if theme_language is not None:
        theme_language.set(qn("w:val"), LANGUAGE)
    document.core_properties.language = LANGUAGE
