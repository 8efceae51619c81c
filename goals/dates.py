"""Dates as people in Sweden type them: 2025-08-31, 31/8 2025, 31.8.2025, 31 augusti 2025."""

import re
from datetime import date

from django.utils.translation import gettext as _

MONTHS = {
    "januari": 1,
    "februari": 2,
    "mars": 3,
    "april": 4,
    "maj": 5,
    "juni": 6,
    "juli": 7,
    "augusti": 8,
    "september": 9,
    "oktober": 10,
    "november": 11,
    "december": 12,
}
# "31 aug 2025", "31 sept. 2025": any unambiguous start of a month's name, three letters or more.
ABBREVIATIONS = {"sept": 9}

ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
NUMERIC = re.compile(r"(\d{1,2})\s*[/.]\s*(\d{1,2})\s*(?:[/.]\s*|\s+)(\d{4})")
WORDS = re.compile(r"(\d{1,2})\s*\.?\s+([a-zåäö]+)\.?\s+(\d{4})")

FORMATS_HINT = "2025-08-31, 31/8 2025, 31.8.2025 eller 31 augusti 2025"


class DateError(ValueError):
    pass


def month_number(word: str) -> int | None:
    word = word.lower()
    if word in MONTHS:
        return MONTHS[word]
    if word in ABBREVIATIONS:
        return ABBREVIATIONS[word]
    if len(word) >= 3:
        matches = {number for name, number in MONTHS.items() if name.startswith(word)}
        if len(matches) == 1:
            return matches.pop()
    return None


def parse_date(text: str) -> date:
    """The date the text means, or DateError saying which formats are understood."""
    cleaned = " ".join(str(text).strip().lower().split())
    year = month = day = None
    if match := ISO.fullmatch(cleaned) or COMPACT.fullmatch(cleaned):
        year, month, day = (int(part) for part in match.groups())
    elif match := NUMERIC.fullmatch(cleaned):
        day, month, year = (int(part) for part in match.groups())
    elif match := WORDS.fullmatch(cleaned):
        day, year = int(match.group(1)), int(match.group(3))
        month = month_number(match.group(2))
        if month is None:
            raise DateError(
                _("Känner inte igen månaden ”%(month)s”. Skriv t.ex. %(formats)s.")
                % {"month": match.group(2), "formats": FORMATS_HINT}
            )
    else:
        raise DateError(_("Skriv datumet som %(formats)s.") % {"formats": FORMATS_HINT})
    try:
        return date(year, month, day)
    except ValueError:
        raise DateError(_("%(text)s är inget datum som finns.") % {"text": str(text).strip()}) from None
