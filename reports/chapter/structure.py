"""The printed chapter's structure: plain data the print templates lay out."""

from dataclasses import dataclass, field

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from goals.charts import Chart
from goals.models import FollowUp, Goal, TextSection
from goals.result_tables import ResultTable


@dataclass
class MeasureLine:
    """One mätetal or aktivitet with its result as printed: the words the unit wrote, and the
    figure with its judgement beside them ("Genomfört – 214 besökare" · 214 besökare · Ej uppnått)."""

    text: str
    number: str = ""  # "3." when the plan numbers its aktiviteter
    target: str = ""  # the target in words, when the mätetal's own text does not say it
    words: str = ""  # the unit's result in words
    figure: str = ""  # the measured value with its unit, and the plan or deviation where they count
    outcome: str = ""  # "met" / "not_met" / "not_measured", "" when there is no target
    outcome_label: str = ""
    by_person: bool = False
    # Which mätetal the line is (the public pages follow it across the years); not printed.
    measure_id: int | None = None

    @property
    def met(self) -> bool | None:
        return {"met": True, "not_met": False}.get(self.outcome)

    @property
    def result(self) -> str:
        """Everything the result cell says, as one line (for tests and plain text)."""
        parts = [p for p in (self.words, self.figure) if p]
        text = " · ".join(parts)
        if self.outcome_label:
            text = f"{text} ({self.outcome_label.lower()})" if text else self.outcome_label
        return text


@dataclass
class Disagreement:
    """A status that says something else than the mätetal: printed as a marker with the reason."""

    proposal: str
    reason: str


@dataclass
class ItemLine:
    """A goal on a level below the table's rows (an aktivitet under a strategi), printed inside
    its row with its own status and results."""

    number: str
    title: str
    status_label: str
    status_css: str
    lines: list[MeasureLine]
    disagreement: Disagreement | None = None
    goal_id: int | None = None  # not printed; the public pages link and filter by it


@dataclass
class GoalRow:
    goal: Goal
    follow_up: FollowUp | None
    owner: str
    status: str
    status_label: str
    status_css: str
    verdict: str
    text_lead: SafeString  # the first paragraphs, printed beside the title (long rows only)
    text_before: SafeString
    text_after: SafeString
    measure_lines: list[MeasureLine]
    tables: list[ResultTable]
    items: list[ItemLine] = field(default_factory=list)
    disagreement: Disagreement | None = None
    reason: str = ""  # the unit's reason, printed at its request when nothing disagrees
    # The unit already closed its text with the same sentence; don't print it twice.
    verdict_in_text: bool = False
    # Short rows are kept whole on a page; long ones may split rather than leave half a page blank.
    is_short: bool = True
    trends: list[Chart] = field(default_factory=list)

    @property
    def continues(self) -> bool:
        """A long row: printed as the title with its first paragraphs, then a continuation."""
        return bool(self.text_lead)

    @property
    def results_with_text(self) -> list[MeasureLine]:
        """Lines that have something to say; a table of all mätetal shows every one instead."""
        return [line for line in self.measure_lines if line.result]

    @property
    def target_texts(self) -> list[str]:
        """Mätetal to name under the title, as the report does ("… Minst 85 % ska vara nöjda").

        Not when several have results: then the Mätetal | Utfall table beside names them.
        """
        if len(self.results_with_text) > 1:
            return []
        return [line.text for line in self.measure_lines if not same_text(line.text, self.goal.title)]


@dataclass
class UnitGroup:
    label: str
    rows: list[GoalRow]


@dataclass
class Subsection:
    """A heading of the tree (a fokusområde, an inriktningsmål) with what stands under it."""

    number: str
    title: str
    level_name: str = ""
    description: str = ""
    # A heading goal that is followed up itself (an inriktningsmål's own assessment).
    row: GoalRow | None = None
    intros: list[TextSection] = field(default_factory=list)
    rows: list[GoalRow] = field(default_factory=list)
    subsections: list["Subsection"] = field(default_factory=list)
    bodies: list[TextSection] = field(default_factory=list)
    assessments: list[TextSection] = field(default_factory=list)
    depth: int = 0

    @property
    def heading_level(self) -> int:
        return min(3 + self.depth, 6)


@dataclass
class Columns:
    """The table heads in the plan's own words: "Strategi | Aktivitet/mätetal | Verksamhet | Resultat 181231"."""

    row: str
    measures: str
    owner: str
    unit: str
    result: str
    status: str


@dataclass
class ContributionTable:
    caption: str
    rows: list[tuple[str, str, str]]  # member, amount, share
    total: tuple[str, str]


@dataclass
class Section:
    kind: str
    number: str
    title: str
    intros: list[TextSection] = field(default_factory=list)
    rows: list[GoalRow] = field(default_factory=list)
    unit_groups: list[UnitGroup] = field(default_factory=list)
    # Heading goals above the rows that are followed up (inriktningsmål), printed as their own
    # table before a per-enhet table so that their counts have a table above them too.
    heading_rows: list[GoalRow] = field(default_factory=list)
    subsections: list[Subsection] = field(default_factory=list)
    bodies: list[TextSection] = field(default_factory=list)
    assessments: list[TextSection] = field(default_factory=list)
    counts: str = ""  # computed sentences, one per counted level
    chart: Chart | None = None
    contributions: ContributionTable | None = None
    # Each goal as a block of text under its own heading rather than a table row.
    prose: bool = False
    # Only for the strategic goal.
    strategic_goal: str = ""
    strategic_approach: str = ""


@dataclass
class Appendix:
    """A driftverksamhet's own chapter (2021: 5 Dataskyddsombud … 7 Navet science center)."""

    number: str
    title: str
    lead: list[TextSection]
    subsections: list[Subsection]
    # The goals table sits in the last subsection; with headings in the tree it splits into these.
    goal_groups: list[Subsection]
    rows: list[GoalRow]
    bodies: list[TextSection]
    assessments: list[TextSection]
    counts: str


@dataclass
class Chapter:
    number: int
    title: str
    organisation_name: str
    year: int
    period_key: str
    period_end: object
    layout: str
    sections: list[Section]
    appendices: list[Appendix]
    columns: Columns
    # Printed with follow-ups kansliet has not approved: marked as a draft on every page.
    is_draft: bool = False
    # Whether any printed goal has a unit: without, no Enhet column or unit headings.
    has_units: bool = True

    @property
    def column_heading(self) -> str:
        return self.columns.result

    @property
    def outcome_heading(self) -> str:
        return _("Utfall %(key)s") % {"key": self.period_key}

    @property
    def goal_rows(self) -> list[GoalRow]:
        """Every printed goal in print order (used by tests and the benchmark)."""
        rows = []

        def from_subsections(subsections):
            for sub in subsections:
                if sub.row:
                    rows.append(sub.row)
                rows.extend(sub.rows)
                from_subsections(sub.subsections)

        for section in self.sections:
            rows.extend(section.heading_rows)
            rows.extend(section.rows)
            for group in section.unit_groups:
                rows.extend(group.rows)
            from_subsections(section.subsections)
        for appendix in self.appendices:
            rows.extend(appendix.rows)
            from_subsections(appendix.goal_groups)
        return rows


def same_text(a: str, b: str) -> bool:
    return " ".join(a.replace("\u00a0", " ").split()) == " ".join(b.replace("\u00a0", " ").split())
