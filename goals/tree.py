"""A plan year's goals as the tree its levels describe, each node assessed for one period.

Pure over goals already loaded with their period's follow-up (`period_follow_ups`), mätetal and
parts: the läsare's plan page and the printed chapter build the same tree, so both show the same
judgement beside the same figures.
"""

from dataclasses import dataclass, field

from .evaluation import Assessment, assess, reading_from_values, values_by_measure


@dataclass
class Node:
    goal: object
    follow_up: object | None
    assessment: Assessment | None
    depth: int = 0
    children: list["Node"] = field(default_factory=list)

    @property
    def heading_level(self) -> int:
        return min(3 + self.depth, 6)

    @property
    def measure_rows(self) -> list[dict]:
        """Each mätetal with what the follow-up says and how it is judged."""
        if self.assessment is None:
            return []
        return [
            {"measure": m, "reading": self.assessment.readings.get(m.pk), "judgement": self.assessment.judgements[m.pk]}
            for m in self.goal.measures.all()
        ]

    @property
    def status(self) -> str:
        return self.follow_up.status if self.follow_up else ""

    @property
    def disagrees(self) -> bool:
        return bool(self.assessment and self.assessment.disagrees)

    @property
    def marked(self) -> bool:
        """A disagreement the chapter prints a marker for (kansliet may leave it out per goal)."""
        return self.disagrees and self.follow_up.print_disagreement

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def follow_up_of(goal):
    follow_ups = getattr(goal, "period_follow_ups", None) or []
    return follow_ups[0] if follow_ups else None


def assess_node(goal, follow_up, *, period_kind: str, baselines: dict, populations: dict, child_statuses) -> Assessment:
    values = values_by_measure(follow_up)
    measures = list(goal.measures.all())
    readings = {m.pk: reading_from_values(m, values.get(m.pk, []), populations) for m in measures}
    return assess(
        goal,
        status=follow_up.status if follow_up else "",
        period_kind=period_kind,
        readings=readings,
        baselines=baselines,
        child_statuses=child_statuses,
        measures=measures,
    )


def build_tree(
    goals, *, period_kind: str, baselines: dict | None = None, populations: dict | None = None
) -> list[Node]:
    """The roots of the tree, each with its children in plan order."""
    goals = list(goals)
    by_parent: dict = {}
    known = {g.pk for g in goals}
    for goal in goals:
        parent = goal.parent_id if goal.parent_id in known else None
        by_parent.setdefault(parent, []).append(goal)
    for siblings in by_parent.values():
        siblings.sort(key=lambda g: (g.level.order, g.order, g.pk))

    def node(goal, depth) -> Node:
        children = [node(child, depth + 1) for child in by_parent.get(goal.pk, [])]
        follow_up = follow_up_of(goal)
        statuses = [c.status for c in children if c.goal.level.followed_up]
        assessment = assess_node(
            goal,
            follow_up,
            period_kind=period_kind,
            baselines=baselines or {},
            populations=populations or {},
            child_statuses=statuses,
        )
        return Node(goal=goal, follow_up=follow_up, assessment=assessment, depth=depth, children=children)

    return [node(goal, 0) for goal in by_parent.get(None, [])]


def flatten(roots: list[Node]) -> list[Node]:
    return [n for root in roots for n in root.walk()]
