"""Sentences the chapter computes from the data instead of letting anyone type them.

The counts in a Sammanfattande bedömning used to be typed by hand and drifted from the table;
here they are derived from the same statuses the table prints. Swedish style: numbers one to
twelve as words, larger ones as digits; "ett" or "en" agrees with the noun's gender.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from goals.models import GoalKind, Status
from goals.numbers import format_number

NEUTER_WORDS = ["noll", "ett", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]


def number_word(n: int, *, neuter: bool = True) -> str:
    """1–12 as Swedish words ("ett"/"en" by gender), other numbers as digits."""
    if 0 <= n <= 12:
        if n == 1 and not neuter:
            return "en"
        return NEUTER_WORDS[n]
    return format_number(n)


@dataclass(frozen=True)
class Noun:
    """The forms a counts sentence needs of the thing being counted."""

    plural: str  # after a number: "17 mål och uppdrag"
    definite_plural: str  # after "Båda": "båda målen"
    definite_singular: str  # a sentence of its own: "Målet är uppnått."
    neuter: bool


def level_noun(level) -> Noun:
    """The plan's own word for a level ("inriktningsmål", "strategier") as the counts use it."""
    singular = level.definite_singular
    return Noun(level.plural, level.definite_plural, singular[:1].upper() + singular[1:], level.neuter)


def base_mission_noun() -> Noun:
    return Noun(_("punkter i grunduppdraget"), _("punkterna i grunduppdraget"), _("Punkten i grunduppdraget"), False)


def financial_noun() -> Noun:
    return Noun(_("finansiella mål"), _("de finansiella målen"), _("Det finansiella målet"), True)


# Order in which the parts of a sentence are listed; "" is a goal without a status yet.
STATUS_ORDER = [
    Status.ACHIEVED,
    Status.PARTIALLY_ACHIEVED,
    Status.NOT_ACHIEVED,
    Status.ON_TRACK,
    Status.AT_RISK,
    "",
]


def status_predicate(status: str, count: int, *, neuter: bool) -> str:
    """What follows "är": agrees in number and gender ("uppnått", "uppnådd", "uppnådda")."""
    if count == 1:
        participle = _("uppnått") if neuter else _("uppnådd")
    else:
        participle = _("uppnådda")
    if status == Status.ACHIEVED:
        return participle
    if status == Status.PARTIALLY_ACHIEVED:
        return _("delvis %(participle)s") % {"participle": participle}
    if status == Status.NOT_ACHIEVED:
        return _("inte %(participle)s") % {"participle": participle}
    if status == Status.ON_TRACK:
        return _("enligt plan")
    if status == Status.AT_RISK:
        return _("med risk för avvikelse")
    return _("ännu inte bedömda") if count != 1 else (_("ännu inte bedömt") if neuter else _("ännu inte bedömd"))


def join_swedish(parts: list[str]) -> str:
    """ "a, b och c" – no comma before "och"."""
    if len(parts) <= 1:
        return "".join(parts)
    return _("%(items)s och %(last)s") % {"items": ", ".join(parts[:-1]), "last": parts[-1]}


def counts_sentence(statuses: list[str], noun: Noun) -> str:
    """E.g. "Av 17 mål och uppdrag är 15 uppnådda och två delvis uppnådda."; "" when nothing to count."""
    total = len(statuses)
    if total == 0:
        return ""
    counts = Counter(status or "" for status in statuses)
    if len(counts) == 1:
        (status,) = counts
        if total == 1:
            return _("%(subject)s är %(predicate)s.") % {
                "subject": noun.definite_singular,
                "predicate": status_predicate(status, 1, neuter=noun.neuter),
            }
        predicate = status_predicate(status, total, neuter=noun.neuter)
        if total == 2:
            return _("Båda %(noun)s är %(predicate)s.") % {"noun": noun.definite_plural, "predicate": predicate}
        return _("Samtliga %(count)s %(noun)s är %(predicate)s.") % {
            "count": number_word(total, neuter=noun.neuter),
            "noun": noun.plural,
            "predicate": predicate,
        }
    parts = [
        "%s %s"
        % (
            number_word(counts[status], neuter=noun.neuter),
            status_predicate(status, counts[status], neuter=noun.neuter),
        )
        for status in STATUS_ORDER
        if counts.get(status)
    ]
    return _("Av %(total)s %(noun)s är %(parts)s.") % {
        "total": number_word(total, neuter=noun.neuter),
        "noun": noun.plural,
        "parts": join_swedish(parts),
    }


def summary(statuses: list[str], noun: Noun, *, disagreeing: int = 0) -> str:
    """The counts, and — so that the sentence never reads as the figures' own verdict — how many
    statuses go against what their mätetal show."""
    sentence = counts_sentence(statuses, noun)
    if sentence and disagreeing:
        sentence += " " + (
            _("I %(n)s fall avviker bedömningen från vad mätetalen visar; se markeringen och motiveringen vid målet.")
            % {"n": number_word(disagreeing)}
        )
    return sentence


def verdict(kind: str, status: str) -> str:
    """The closing sentence of a goal's follow-up in the fokusområde layout ("Målet är uppnått.")."""
    subject = _("Uppdraget") if kind in (GoalKind.ASSIGNMENT, GoalKind.BASE_MISSION) else _("Målet")
    if status == Status.ACHIEVED:
        return _("%(subject)s är uppnått.") % {"subject": subject}
    if status == Status.PARTIALLY_ACHIEVED:
        return _("%(subject)s är delvis uppnått.") % {"subject": subject}
    if status == Status.NOT_ACHIEVED:
        return _("%(subject)s är inte uppnått.") % {"subject": subject}
    if status == Status.ON_TRACK:
        return _("Arbetet pågår enligt plan.")
    if status == Status.AT_RISK:
        return _("Det finns risk för avvikelse.")
    return pgettext("goal without status", "Ingen bedömning är gjord.")
