"""Text that users write, shown as HTML: paragraphs, bullet and numbered lists, simple tables
and links — never their own HTML.

The markup is a small part of Markdown (markdown-it-py), switched down to what a follow-up text
needs: a blank line starts a paragraph, "- " a bullet (also straight after a lead-in line, and
a line without indent after the list ends it), "1. " or "1) " a numbered list, a block of "| a | b |" lines a table (its first line is the header;
figures are right-aligned), and URLs become links. Headings, emphasis, code and raw HTML stay
plain text, so a text written without markup in mind prints as written.
"""

import re

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TABLE_MARKER = "[[tabell]]"
# "2023. Året präglades …" at the start of a paragraph is a sentence, not a list from 2023.
YEAR_AT_LINE_START = re.compile(r"^(\s*\d{3,})\.(?=\s)", re.M)
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,2}[.)])(?:\s|$)")
FIGURE = re.compile(r"^[−–+-]?\s*[\d\u00a0\u202f ]+(?:[,.]\d+)?\s*(?:%|tkr|mnkr|kr|st)?$")


def _right_align_figures(state) -> None:
    """Table cells that hold a figure ("1 200", "−44", "85 %") are right-aligned, as in print."""
    tokens = state.tokens
    for index, token in enumerate(tokens[:-1]):
        if token.type in ("td_open", "th_open") and tokens[index + 1].type == "inline":
            content = tokens[index + 1].content.strip()
            if content and FIGURE.match(content) and not token.attrGet("style"):
                token.attrSet("class", "num")


def _keep_list_start_in_print(state) -> None:
    """A list that starts at 3 prints from 3: the PDF renderer ignores the start attribute but
    follows the counter that browsers derive from it."""
    for token in state.tokens:
        start = token.attrGet("start") if token.type == "ordered_list_open" else None
        if start is not None:
            token.attrSet("style", f"counter-reset: list-item {int(start) - 1}")


def _end_lists_at_unindented_lines(text: str) -> str:
    """A line that follows a list without indent or marker starts a new paragraph, as it reads in
    plain text ("- b" then "Det gick bra."), instead of running on inside the last bullet."""
    lines = []
    in_list = False
    for line in text.split("\n"):
        if not line.strip():
            in_list = False
        elif LIST_ITEM.match(line):
            in_list = True
        elif in_list and not line[:1].isspace():
            lines.append("")
            in_list = False
        lines.append(line)
    return "\n".join(lines)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"breaks": True, "html": False, "linkify": True, "typographer": False})
    parser.enable(["table", "linkify"])
    parser.disable(
        [
            "heading",
            "lheading",
            "code",
            "fence",
            "blockquote",
            "hr",
            "html_block",
            "html_inline",
            "emphasis",
            "backticks",
            "image",
            "reference",
            "link",
            "autolink",
            "entity",
        ]
    )
    parser.core.ruler.push("right_align_figures", _right_align_figures)
    parser.core.ruler.push("keep_list_start_in_print", _keep_list_start_in_print)
    return parser


PARSER = _parser()


def render(text: str) -> SafeString:
    """The text as HTML (escaped; only the markup above becomes tags)."""
    text = (text or "").replace("\r\n", "\n")
    if not text.strip():
        return SafeString("")
    text = _end_lists_at_unindented_lines(YEAR_AT_LINE_START.sub(r"\1\\.", text))
    # Safe: the parser has raw HTML switched off (html=False, no html_block/html_inline rules),
    # so it escapes the text and emits only the tags of the markup it knows.
    return mark_safe(PARSER.render(text))  # nosec B308, B703


def split_at_marker(text: str) -> tuple[str, str, bool]:
    """The text before and after a line that holds only [[tabell]] (where a mätetal's table goes)."""
    lines = (text or "").replace("\r\n", "\n").split("\n")
    stripped = [line.strip() for line in lines]
    if TABLE_MARKER not in stripped:
        return text or "", "", False
    index = stripped.index(TABLE_MARKER)
    after = "\n".join(line for line in lines[index + 1 :] if line.strip() != TABLE_MARKER)
    return "\n".join(lines[:index]), after, True


def render_parts(text: str) -> tuple[SafeString, SafeString, bool]:
    before, after, had_marker = split_at_marker(text)
    return render(before), render(after), had_marker


def render_whole(text: str) -> SafeString:
    """The text with the [[tabell]] line left out (where no table goes, e.g. on web pages)."""
    before, after, _had_marker = split_at_marker(text)
    return render(before + "\n\n" + after)
