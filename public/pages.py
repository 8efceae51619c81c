"""Pure functions over snapshots (reports.snapshot): which goals a filter shows, the choices the
filters offer, and a goal's progress over the years. No queries: the views hand in the
snapshots they loaded."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from goals.models import Status

NOT_REPORTED = "ingen"


def entries(snapshot: dict, keys) -> list[dict]:
    goals = snapshot["goals"]
    return [goals[key] for key in keys if key in goals]


def level_choices(snapshot: dict) -> list[tuple[str, str]]:
    return [(level["key"], level["name"]) for level in snapshot["levels"]]


def unit_choices(snapshot: dict) -> list[tuple[str, str]]:
    return [(unit["key"], unit["name"]) for unit in snapshot["units"]]


def status_choices(snapshot: dict) -> list[tuple[str, str]]:
    """The statuses the chapter holds, in the order of the status list, then "not reported"."""
    present = {entry["status"] for entry in snapshot["goals"].values()}
    choices = [(status.value, str(status.label)) for status in Status if status.value in present]
    if "" in present:
        choices.append((NOT_REPORTED, _("Ej rapporterad")))
    return choices


def part_choices(snapshot: dict) -> list[tuple[str, list[tuple[str, str]]]]:
    """The goals that stand above others (a fokusområde, an inriktningsmål), grouped by their
    level's own name: [("Fokusområde", [("12", "Säkerställa …"), …]), …]."""
    groups: dict[str, dict[str, str]] = {}
    for entry in snapshot["goals"].values():
        for ancestor in entry["ancestors"]:
            groups.setdefault(ancestor["level_name"], {})[str(ancestor["id"])] = ancestor["title"]
    return [(level, list(parts.items())) for level, parts in groups.items()]


def matches(entry: dict, *, level: str = "", part: str = "", unit: str = "", status: str = "") -> bool:
    if level and entry["level_key"] != level:
        return False
    if part and part != str(entry["id"]) and part not in {str(a["id"]) for a in entry["ancestors"]}:
        return False
    if unit and entry["unit_key"] != unit:
        return False
    if status == NOT_REPORTED:
        return not entry["status"]
    return not status or entry["status"] == status


def filtered(snapshot: dict, **criteria) -> list[dict]:
    """The chapter's goals that match every given criterion, in print order."""
    return [entry for entry in entries(snapshot, snapshot["order"]) if matches(entry, **criteria)]


@dataclass
class YearPoint:
    year: int
    print_id: int
    entry: dict
    is_current: bool = False


@dataclass
class MeasureProgress:
    text: str
    points: list[tuple[int, dict]] = field(default_factory=list)  # (year, measure line)


@dataclass
class Progress:
    years: list[YearPoint]
    measures: list[MeasureProgress]

    @property
    def has_earlier(self) -> bool:
        return len(self.years) > 1


def progress(entry: dict, *, year: int, print_id: int, earlier: list[tuple[int, int, dict]]) -> Progress:
    """The goal in each earlier published year it continues from (through its predecessor
    links, stored in the snapshot), and each of its mätetal the same way, oldest first.

    `earlier` is [(year, print id, snapshot)] of the earlier years' public chapters.
    """
    points = []
    for earlier_year, earlier_id, snapshot in earlier:
        match = next((snapshot["goals"][str(pk)] for pk in entry["lineage"] if str(pk) in snapshot["goals"]), None)
        if match is not None:
            points.append(YearPoint(earlier_year, earlier_id, match))
    points.append(YearPoint(year, print_id, entry, is_current=True))
    measures = []
    for line in entry["measures"]:
        history = MeasureProgress(text=line["text"])
        for point in points[:-1]:
            earlier_line = next(
                (m for m in point.entry["measures"] if m["measure_id"] and m["measure_id"] in line["lineage"]), None
            )
            if earlier_line is not None:
                history.points.append((point.year, earlier_line))
        if history.points:
            history.points.append((year, line))
            measures.append(history)
    return Progress(years=points, measures=measures)
