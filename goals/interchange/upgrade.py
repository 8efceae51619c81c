"""Version-1 documents (fokusområden, goals with sub-items, kommuner) read as version 2.

Version 1 is checked against its own frozen schema first, so its errors name places in the file
as it was written; then it is rewritten into the tree of version 2, the same way the database
migration rewrote existing plans: fokusområden become goals on a level above the goals,
sub-items become mätetal whose result is the sub-item's result.
"""

import json
from datetime import date
from pathlib import Path

import jsonschema
from django.utils.translation import gettext as _

from goals.models import default_aggregation

from .messages import messages
from .schema import FORMAT

FORMAT_V1 = "maluppfyllelse-plan/1"
SCHEMA_V1 = Path(__file__).resolve().parents[2] / "docs" / "plan-v1.schema.json"


def check_v1(document: dict) -> list[str]:
    schema = json.loads(SCHEMA_V1.read_text(encoding="utf-8"))
    return messages(jsonschema.Draft202012Validator(schema), document)


def _period_keys(periods) -> tuple[dict, list[str]]:
    keys, problems = {}, []
    for index, period in enumerate(periods):
        try:
            keys[period["key"]] = date.fromisoformat(period["end_date"]).strftime("%y%m%d")
        except ValueError:
            problems.append(_("periods[%(i)s].end_date: %(d)s är inget datum.") % {"i": index, "d": period["end_date"]})
    return keys, problems


def _measure(m: dict) -> dict:
    target = m.get("target") or {}
    unit = m.get("unit") or target.get("unit", "")
    previous = m.get("previous") or {}
    aggregation, direction = default_aggregation(unit)
    return {
        "key": m["key"],
        "text": m["text"],
        "target_kind": target.get("kind", ""),
        "comparator": target.get("comparator", ""),
        "target_value": target.get("value"),
        "unit_label": unit,
        "breakdown": m.get("breakdown", "none"),
        "aggregation": aggregation,
        "direction": direction,
        "kpi": m.get("kpi", ""),
        "previous_label": previous.get("label", ""),
        "previous_value": previous.get("value"),
    }


def _goal(goal: dict, index: int, periods: dict) -> dict:
    sub_keys = {s["key"]: f"aktivitet-{s['key']}" for s in goal.get("sub_items", [])}
    measures = [_measure(m) for m in goal.get("measures", [])]
    measures += [{"key": sub_keys[s["key"]], "text": s["title"]} for s in goal.get("sub_items", [])]
    follow_ups = []
    for f in goal.get("follow_ups", []):
        values = [
            {
                "measure": v["measure"],
                "member": v.get("municipality"),
                "gender": v.get("gender", ""),
                "category": v.get("category", ""),
                "value": v.get("value"),
                "reached": v.get("reached"),
                "note": v.get("note", ""),
            }
            for v in f.get("values", [])
        ]
        values += [
            {"measure": sub_keys.get(r["sub_item"], r["sub_item"]), "note": r["text"]}
            for r in f.get("sub_item_results", [])
            if r["text"]
        ]
        follow_ups.append(
            {
                "period": periods.get(f["period"], f["period"]),
                "status": f.get("status") or "",
                "state": f.get("state", "draft"),
                "text": f["text"],
                "status_reason": f.get("status_reason", ""),
                "print_reason": f.get("print_reason", False),
                "return_comment": f.get("return_comment", ""),
                "author": f.get("author"),
                "values": values,
            }
        )
    return {
        "key": f"g{index}",
        "level": "mal",
        "kind": goal["kind"],
        "title": goal["title"],
        "description": goal.get("description", ""),
        "unit": goal.get("unit"),
        "owner_label": goal.get("owner_label", ""),
        "appendix": goal.get("appendix", False),
        "assessment_rule": goal.get("assessment_rule", "all"),
        "required_met": goal.get("required_met"),
        "measures": measures,
        "follow_ups": follow_ups,
        "children": [],
    }


def upgrade(document: dict) -> tuple[dict | None, list[str]]:
    """The version-2 form of a version-1 document, or the problems that stop it."""
    problems = check_v1(document)
    if problems:
        return None, problems
    periods, problems = _period_keys(document["periods"])
    if problems:
        return None, problems
    focus_areas = document.get("focus_areas", [])
    # Version 1 spoke of "mål och uppdrag" for every plan; so does its table level.
    row_level = {"key": "mal", "name": "Mål/uppdrag", "table_rows": True}
    levels = [row_level]
    nodes = {}
    if focus_areas:
        levels.insert(0, {"key": "fokusomrade", "name": "Fokusområde", "followed_up": False, "counted": False})
        # Keyed as the database migration keys them (fa1, fa2 …), so both ways give one plan.
        for index, area in enumerate(focus_areas, start=1):
            nodes[area["key"]] = {
                "key": f"fa{index}",
                "level": "fokusomrade",
                "title": area["title"],
                "description": area.get("description", ""),
                "children": [],
            }
    goals = list(nodes.values())
    problems = [
        _("goals[%(i)s].focus_area: fokusområdet %(key)s finns inte i dokumentet.")
        % {"i": i, "key": goal["focus_area"]}
        for i, goal in enumerate(document["goals"])
        if goal.get("focus_area") and goal["focus_area"] not in nodes
    ]
    if problems:
        return None, problems
    for index, goal in enumerate(document["goals"], start=1):
        node = _goal(goal, index, periods)
        parent = nodes.get(goal.get("focus_area"))
        (parent["children"] if parent else goals).append(node)
    organisation = document["organisation"]
    return {
        "format": FORMAT,
        "organisation": {
            "slug": organisation["slug"],
            "name": organisation["name"],
            "members": [
                {"code": m["code"], "name": m["name"], "kind": "kommun", "adjunct": m.get("adjunct", False)}
                for m in organisation.get("municipalities", [])
            ],
            "units": organisation.get("units", []),
        },
        "year": document["year"],
        "strategic_goal": document["strategic_goal"],
        "strategic_approach": document.get("strategic_approach", ""),
        "levels": levels,
        "periods": [
            {
                "kind": p["kind"],
                "end_date": p["end_date"],
                "deadline": p.get("deadline"),
                "is_open": p.get("open", False),
            }
            for p in document["periods"]
        ],
        "texts": [
            {
                "section": t["section"],
                "kind": t["kind"],
                "period": periods.get(t.get("period"), t.get("period")),
                "unit": t.get("unit"),
                "node": nodes[t["focus_area"]]["key"] if t.get("focus_area") in nodes else t.get("focus_area"),
                "heading": t.get("heading", ""),
                "body": t["body"],
            }
            for t in document.get("texts", [])
        ],
        "goals": goals,
    }, []
