"""A period's reminder days, written as kansliet thinks of them: days before the deadline.

Stored as a comma list of offsets ("14,3,-1"): 14 and 3 days before the deadline and, as a
negative number, the day after it. Kept apart from the models so the admin, the Planera form
and the reminder selection parse it the same way.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

DEFAULT_REMINDER_DAYS = "14,3,-1"
# Further than this from the deadline a reminder is a typo (a year, a date) rather than a plan.
LIMIT = 120


def parse_reminder_days(text: str) -> list[int]:
    """The offsets, largest (earliest) first; raises ValidationError with a Swedish message."""
    offsets = []
    for part in (text or "").replace(" ", "").replace("−", "-").split(","):
        if not part:
            continue
        try:
            offset = int(part)
        except ValueError:
            raise ValidationError(
                _("”%(part)s” är inget heltal. Skriv dagar före sista dagen med komma emellan, t.ex. 14, 3, -1.")
                % {"part": part},
                code="invalid",
            )
        if abs(offset) > LIMIT:
            raise ValidationError(
                _("%(offset)s dagar är för långt från sista dagen (högst %(limit)s).")
                % {"offset": offset, "limit": LIMIT},
                code="out_of_range",
            )
        offsets.append(offset)
    return sorted(set(offsets), reverse=True)


def validate_reminder_days(text: str) -> None:
    parse_reminder_days(text)


def normalise_reminder_days(text: str) -> str:
    return ",".join(str(offset) for offset in parse_reminder_days(text))
