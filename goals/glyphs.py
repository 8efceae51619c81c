"""Characters the chapter's print font lacks (emoji, mostly): the follow-up form names them and
the print replaces them, so the PDF never shows an empty box.

The print CSS uses DejaVu Sans (templates/reports/chapter/print.css), installed on the server;
no colour-emoji font is, and nothing is fetched at run time. The font's character map is read
once with fontTools (a WeasyPrint dependency), found the way WeasyPrint finds it: fontconfig.
"""

import functools
import shutil
import subprocess
import unicodedata
from pathlib import Path

from fontTools.ttLib import TTFont

PRINT_FONT = "DejaVu Sans"
FALLBACK_PATHS = ["/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf"]
# A visible, plain-text stand-in: readers of the PDF see that something was there.
PLACEHOLDER = "[symbol]"
# Emoji with a look-alike the print font has.
SUBSTITUTES = {"✅": "✔", "✔️": "✔", "☑️": "☑", "❌": "✘", "❎": "✘", "⚠️": "⚠", "➡️": "→", "⬅️": "←"}
# Parts of an emoji sequence that belong to the character before them.
JOINERS = {"\u200d", "\ufe0f", "\ufe0e", "\u20e3", *map(chr, range(0x1F3FB, 0x1F400))}
NOT_DRAWN = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def _font_path() -> str | None:
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "-f", "%{file}", PRINT_FONT], capture_output=True, text=True, timeout=5, check=False
        ).stdout.strip()
        if found and PRINT_FONT.replace(" ", "") in Path(found).name:
            return found
    return next((path for path in FALLBACK_PATHS if Path(path).exists()), None)


@functools.cache
def covered() -> frozenset[int]:
    path = _font_path()
    if path is None:
        return frozenset()
    with TTFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


def _drawable(char: str) -> bool:
    if char.isascii() or unicodedata.category(char) in NOT_DRAWN:
        return True
    cmap = covered()
    # Without the font file we cannot tell; print as is rather than replace all non-ASCII text.
    return not cmap or ord(char) in cmap


def missing(text: str) -> list[str]:
    """The characters of `text` the print font lacks, each once, in order of appearance."""
    found = []
    for char in text or "":
        if char not in JOINERS and not _drawable(char) and char not in found:
            found.append(char)
    return found


def printable(text: str) -> str:
    """`text` with each character the font lacks replaced by a look-alike or the placeholder."""
    if not text or text.isascii():
        return text
    for emoji, substitute in SUBSTITUTES.items():
        if all(_drawable(c) for c in substitute):
            text = text.replace(emoji, substitute)
    out, replaced, joined = [], False, False
    for char in text:
        if char in JOINERS and replaced:
            joined = char == "\u200d"
            continue
        if _drawable(char):
            out.append(char)
            replaced = joined = False
        else:
            if not joined:
                out.append(PLACEHOLDER)
            replaced, joined = True, False
    return "".join(out)
