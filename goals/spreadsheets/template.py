"""The template kansliet downloads to write next year's plan in Excel.

It holds the latest year's levels and its periods moved one year on (to be checked), drop-downs
for every choice and a couple of example rows that the import leaves out.
"""

from datetime import date

from django.utils.translation import gettext as _

from goals.interchange import export_document
from goals.models import PlanYear

from .exporting import organisation_lists
from .layout import COMPONENTS, EXAMPLE, GOALS, LEVELS, MEASURES, PERIODS
from .plan_book import plan_workbook


def _next_year(iso: str | None) -> str | None:
    if not iso:
        return iso
    day = date.fromisoformat(iso)
    try:
        return day.replace(year=day.year + 1).isoformat()
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28).isoformat()


def next_year(organisation) -> int:
    latest = PlanYear.objects.filter(organisation=organisation).order_by("-year").first()
    return latest.year + 1 if latest else date.today().year + 1


def _start(organisation) -> dict:
    latest = PlanYear.objects.filter(organisation=organisation).order_by("-year").first()
    if latest is None:
        return {
            "levels": [{"key": "mal", "name": "Mål/uppdrag"}],
            "periods": [
                {"kind": "interim", "end_date": f"{next_year(organisation)}-08-31"},
                {"kind": "annual", "end_date": f"{next_year(organisation)}-12-31"},
            ],
        }
    document = export_document(latest)
    periods = [
        {"kind": p["kind"], "end_date": _next_year(p["end_date"]), "deadline": _next_year(p.get("deadline"))}
        for p in document["periods"]
    ]
    return {"levels": document["levels"], "periods": periods}


def examples(level_name: str) -> dict:
    goal = f"{EXAMPLE}-1"
    return {
        GOALS.title: [
            {
                "level": level_name,
                "key": goal,
                "title": _("EXEMPEL – ta bort raden: Fler unga väljer naturvetenskap och teknik"),
                "kind": "goal",
                "assessment_rule": "all",
            }
        ],
        MEASURES.title: [
            {
                "goal": goal,
                "key": "a1",
                "text": _("EXEMPEL: Minst 300 besökare på öppet hus"),
                "target_kind": "numeric",
                "comparator": "min",
                "target_value": "300",
                "unit_label": "besökare",
            },
            {
                "goal": goal,
                "key": "a2",
                "text": _("EXEMPEL: Resultatet mellan −1 000 och −500 tkr"),
                "target_kind": "numeric",
                "comparator": "between",
                "target_value": "-1000",
                "target_high": "-500",
                "unit_label": "tkr",
            },
        ],
        COMPONENTS.title: [],
        LEVELS.title: [],
        PERIODS.title: [],
    }


def template_workbook(organisation):
    start = _start(organisation)
    document = {**start, "goals": []}
    return plan_workbook(document, **organisation_lists(organisation), examples=examples(start["levels"][-1]["name"]))
