"""Turn a plan year's data into the numbered structure of the printed chapter.

Pure Python over already loaded objects (see selectors.chapter_source): numbering, grouping,
counts and the formatting of measured values happen here, so the templates only lay out and
the chapter is testable without rendering a PDF.
"""

import re
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from goals import charts
from goals.breakdown import figures_from
from goals.charts import Chart
from goals.evaluation import Outcome, evaluate
from goals.models import (
    Breakdown,
    FocusArea,
    FollowUp,
    Gender,
    Goal,
    GoalKind,
    Measure,
    MeasureValue,
    State,
    Status,
    TargetKind,
    TextKind,
    TextSection,
)
from goals.models import (
    Section as TextSectionKind,
)
from goals.templatetags.richtext import format_number, richtext_parts, with_unit

from . import wording
from .models import Layout
from .selectors import ChapterSource

# About twelve lines of the follow-up column: longer rows may split across pages rather than
# leave a third of a page blank.
SHORT_ROW_CHARS = 600

STATUS_CSS = {
    Status.ACHIEVED: "achieved",
    Status.PARTIALLY_ACHIEVED: "partially-achieved",
    Status.NOT_ACHIEVED: "not-achieved",
    Status.ON_TRACK: "on-track",
    Status.AT_RISK: "at-risk",
}


@dataclass
class MeasureLine:
    """One mätetal with its result as printed ("27 531 elever", "Genomfört", "Uppnått")."""

    text: str
    result: str
    met: bool | None = None


@dataclass
class ResultTable:
    """A mätetal broken down per survey answer or per kommun, printed as a real table."""

    caption: str
    columns: list[str]
    rows: list[list[str]]  # first cell is the row's heading
    numeric_from: int = 1  # columns from this index hold numbers (right-aligned)
    chart: Chart | None = None


@dataclass
class SubItemLine:
    title: str
    result: str


@dataclass
class GoalRow:
    goal: Goal
    follow_up: FollowUp | None
    owner: str
    status: str
    status_label: str
    status_css: str
    verdict: str
    text_before: SafeString
    text_after: SafeString
    measure_texts: list[str]
    measure_lines: list[MeasureLine]
    tables: list[ResultTable]
    sub_items: list[SubItemLine]
    # The unit already closed its text with the same sentence; don't print it twice.
    verdict_in_text: bool = False
    # Short rows are kept whole on a page; long ones may split rather than leave half a page blank.
    is_short: bool = True
    trends: list[Chart] = field(default_factory=list)

    @property
    def has_results(self) -> bool:
        return bool(self.measure_lines or self.tables)

    @property
    def target_texts(self) -> list[str]:
        """Mätetal to name under the title, as the report does ("… Minst 85 % ska vara nöjda").

        Not when several have results: then the Mätetal | Utfall table beside names them.
        """
        if len(self.results_with_text) > 1:
            return []
        return [line.text for line in self.measure_lines if not _same_text(line.text, self.goal.title)]

    @property
    def results_with_text(self) -> list[MeasureLine]:
        """Lines that have something to say; the appendix table shows every mätetal instead."""
        return [line for line in self.measure_lines if line.result]


@dataclass
class UnitGroup:
    label: str
    rows: list[GoalRow]


@dataclass
class Subsection:
    number: str
    title: str
    description: str = ""
    intros: list[TextSection] = field(default_factory=list)
    rows: list[GoalRow] = field(default_factory=list)
    bodies: list[TextSection] = field(default_factory=list)
    assessments: list[TextSection] = field(default_factory=list)


@dataclass
class Section:
    kind: str
    number: str
    title: str
    intros: list[TextSection] = field(default_factory=list)
    rows: list[GoalRow] = field(default_factory=list)
    unit_groups: list[UnitGroup] = field(default_factory=list)
    subsections: list[Subsection] = field(default_factory=list)
    bodies: list[TextSection] = field(default_factory=list)
    assessments: list[TextSection] = field(default_factory=list)
    counts: str = ""
    chart: Chart | None = None
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
    # The goals table sits in the last subsection; with fokusområden it splits into these.
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
    # Printed with follow-ups kansliet has not approved: marked as a draft on every page.
    is_draft: bool = False

    @property
    def column_heading(self) -> str:
        return _("Uppföljning %(key)s") % {"key": self.period_key}

    @property
    def outcome_heading(self) -> str:
        return _("Utfall %(key)s") % {"key": self.period_key}

    @property
    def goal_rows(self) -> list[GoalRow]:
        """Every printed goal in print order (used by tests and the benchmark)."""
        rows = []
        for section in self.sections:
            rows += section.rows
            for group in section.unit_groups:
                rows += group.rows
            for sub in section.subsections:
                rows += sub.rows
        for appendix in self.appendices:
            rows += appendix.rows
            for group in appendix.goal_groups:
                rows += group.rows
        return rows


# ---------------------------------------------------------------------------------------------
# Measured values


def _met(measure: Measure, value: Decimal | None) -> bool | None:
    """Whether a numeric target is reached by the value (27 531 ≥ 25 000); None when undecidable."""
    if measure.target_kind != TargetKind.NUMERIC:
        return None
    outcome = evaluate(
        target_kind=measure.target_kind,
        comparator=measure.comparator,
        target=measure.target_value,
        value=value,
        reached=None,
    )
    return None if outcome in (None, Outcome.NOT_MEASURED) else outcome == Outcome.MET


THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")


def _keep_numbers_whole(text: str) -> str:
    """ "4 000 tkr" as typed: bind the thousands so a line never breaks inside the number."""
    return THOUSANDS.sub("\u00a0", text)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.replace("\u00a0", " ").split()) == " ".join(b.replace("\u00a0", " ").split())


def _single_result(measure: Measure, value: MeasureValue | None) -> MeasureLine:
    line = _single_result_raw(measure, value)
    line.text, line.result = _keep_numbers_whole(line.text), _keep_numbers_whole(line.result)
    return line


def _single_result_raw(measure: Measure, value: MeasureValue | None) -> MeasureLine:
    if value is None:
        return MeasureLine(text=measure.text, result="")
    number = with_unit(value.value, measure.unit_label) if value.value is not None else ""
    met = _met(measure, value.value)
    if value.note:
        if number and _same_text(value.note, number):
            # The note only repeats the figure; print the figure, formatted the Swedish way.
            return MeasureLine(text=measure.text, result=number, met=met)
        # Otherwise the unit's own words are the result as the report prints it ("Uppnås ej pga
        # corona, 10 790 elever under året"); the figure stays in the data.
        return MeasureLine(text=measure.text, result=value.note, met=met)
    if number:
        if met is not None:
            number = f"{number} ({wording.measure_reached_label(met).lower()})"
        return MeasureLine(text=measure.text, result=number, met=met)
    if value.reached is not None:
        return MeasureLine(text=measure.text, result=wording.measure_reached_label(value.reached), met=value.reached)
    return MeasureLine(text=measure.text, result="")


def _survey_table(measures: list[Measure], values: dict[int, list[MeasureValue]], year: int) -> ResultTable:
    """Network survey: per question the % per answer, the total this year and last year's total."""
    categories: list[str] = []
    for measure in measures:
        for value in values.get(measure.pk, []):
            if value.category and value.category not in categories:
                categories.append(value.category)
    previous_labels = [m.previous_label for m in measures if m.previous_label]
    previous_label = max(set(previous_labels), key=previous_labels.count) if previous_labels else ""
    has_previous = any(m.previous_value is not None for m in measures)
    columns = [_("Fråga")] + [f"% {category}" for category in categories] + [_("Totalt %(year)s") % {"year": year}]
    if has_previous:
        columns.append(_("Totalt %(year)s") % {"year": previous_label} if previous_label else _("Föregående"))
    rows = []
    for measure in measures:
        by_category = {v.category: v for v in values.get(measure.pk, [])}
        total = by_category.get("")
        row = [measure.text] + [format_number(getattr(by_category.get(c), "value", None)) for c in categories]
        row.append(format_number(total.value) if total else "")
        if has_previous:
            row.append(format_number(measure.previous_value))
        rows.append(row)
    return ResultTable(caption="", columns=columns, rows=rows)


def _caption(measure: Measure) -> str:
    return f"{measure.text} ({measure.unit_label})" if measure.unit_label else measure.text


def _cell(value, unit) -> str:
    """A figure in a per-kommun table: the unit stands in the caption, so cells stay narrow."""
    return format_number(value)


def _federation_rows(columns: list[dict], populations: dict, unit: str, width: int) -> list[list[str]]:
    """Summa, medelvärde and the population-weighted mean under a per-kommun table, one figure
    per value column (kvinnor, män, totalt); a figure that cannot be computed stays empty."""
    if not columns or max(len([v for m, v in c.items() if v is not None and not m.adjunct]) for c in columns) < 2:
        return []
    figures = [figures_from(column, populations) for column in columns]
    rows = [
        [_("Förbundet, summa")] + [_cell(f.total, unit) for f in figures],
        [_("Förbundet, medelvärde")] + [_cell(f.mean, unit) for f in figures],
    ]
    if any(f.weighted_mean is not None for f in figures):
        rows.append([_("Förbundet, vägt med folkmängd")] + [_cell(f.weighted_mean, unit) for f in figures])
    return [row + [""] * (width - len(row)) for row in rows]


def _municipality_table(
    measure: Measure, values: list[MeasureValue], previous: dict, year: int, populations: dict
) -> ResultTable:
    """Per kommun, and beside it last year's figure of the same mätetal when the plan was copied."""
    unit = measure.unit_label
    per_municipality: OrderedDict[int | None, dict[str, MeasureValue]] = OrderedDict()
    names: dict[int | None, str] = {}
    ordered = sorted(values, key=lambda v: (v.municipality is None, getattr(v.municipality, "order", 0), v.order, v.pk))
    for value in ordered:
        key = value.municipality_id
        names[key] = value.municipality.name if value.municipality else _("Totalt")
        per_municipality.setdefault(key, {})[value.gender] = value
    if measure.breakdown == Breakdown.MUNICIPALITY_GENDER:
        columns = [_("Kommun"), Gender.WOMEN.label, Gender.MEN.label, Gender.TOTAL.label]
        if previous:
            columns.append(_("Totalt %(year)s") % {"year": year - 1})
        rows, totals = [], []
        by_column: list[dict] = [{}, {}, {}]
        for key, genders in per_municipality.items():
            women, men = genders.get(Gender.WOMEN), genders.get(Gender.MEN)
            total = genders.get(Gender.TOTAL) or genders.get(Gender.NONE)
            total_value = total.value if total else None
            if total_value is None and women and men and women.value is not None and men.value is not None:
                total_value = women.value + men.value
            row = [
                str(names[key]),
                _cell(getattr(women, "value", None), unit),
                _cell(getattr(men, "value", None), unit),
                _cell(total_value, unit),
            ]
            if previous:
                row.append(_cell(previous.get((key, Gender.TOTAL)), unit))
            rows.append(row)
            if key is not None:
                totals.append((str(names[key]), total_value))
                municipality = genders[next(iter(genders))].municipality
                for column, figure in zip(
                    by_column, [getattr(women, "value", None), getattr(men, "value", None), total_value], strict=False
                ):
                    column[municipality] = figure
        if None not in per_municipality:
            rows += _federation_rows(by_column, populations, unit, len(columns))
        return ResultTable(
            caption=_caption(measure),
            columns=[str(c) for c in columns],
            rows=rows,
            chart=charts.bars(measure.text, totals, unit),
        )
    columns = [_("Kommun"), str(year) if previous else _("Värde")]
    # Last year per kommun from the copied plan's predecessor; otherwise the figure typed into
    # the plan belongs to the total, and without a total row that column would stay empty.
    with_previous_total = (
        not previous and None in per_municipality and (measure.previous_value is not None or measure.previous_label)
    )
    if previous:
        columns.append(str(year - 1))
    elif with_previous_total:
        columns.append(measure.previous_label or _("Föregående"))
    rows, figures, column = [], [], {}
    for key, genders in per_municipality.items():
        value = next(iter(genders.values()))
        row = [str(names[key]), _cell(value.value, unit) or value.note]
        if previous:
            row.append(_cell(previous.get((key, value.gender)), unit) if key is not None else "")
        elif with_previous_total:
            row.append(_cell(measure.previous_value, unit) if key is None else "")
        rows.append(row)
        if key is not None:
            figures.append((str(names[key]), value.value))
            column[value.municipality] = value.value
    if None not in per_municipality:
        # No total typed by the unit: the federation's figures are computed from the kommuner.
        rows += _federation_rows([column], populations, unit, len(columns))
    return ResultTable(
        caption=_caption(measure), columns=columns, rows=rows, chart=charts.bars(measure.text, figures, unit)
    )


def _results(
    goal: Goal, follow_up: FollowUp | None, year: int, previous_values: dict, populations: dict
) -> tuple[list[MeasureLine], list[ResultTable]]:
    values: dict[int, list[MeasureValue]] = {}
    if follow_up is not None:
        for value in follow_up.values.all():
            values.setdefault(value.measure_id, []).append(value)
    lines: list[MeasureLine] = []
    tables: list[ResultTable] = []
    survey: list[Measure] = []
    for measure in goal.measures.all():
        if measure.breakdown == Breakdown.CATEGORY:
            survey.append(measure)
            continue
        if survey:
            tables.append(_survey_table(survey, values, year))
            survey = []
        if measure.breakdown in (Breakdown.MUNICIPALITY, Breakdown.MUNICIPALITY_GENDER) and any(
            not v.is_main for v in values.get(measure.pk, [])
        ):
            tables.append(
                _municipality_table(measure, values[measure.pk], previous_values.get(measure.pk, {}), year, populations)
            )
            continue
        main = next((v for v in values.get(measure.pk, []) if v.is_main), None)
        lines.append(_single_result(measure, main))
    if survey:
        tables.append(_survey_table(survey, values, year))
    return lines, tables


# ---------------------------------------------------------------------------------------------
# Goals


def goal_row(
    goal: Goal,
    year: int,
    previous_values: dict | None = None,
    draft: bool = False,
    populations: dict | None = None,
    histories: dict | None = None,
) -> GoalRow:
    follow_up = goal.period_follow_ups[0] if goal.period_follow_ups else None
    status = follow_up.status if follow_up else ""
    if follow_up is None:
        missing = _("Uppföljning saknas för perioden.") if draft else _("Ingen godkänd uppföljning för perioden.")
        status_label, verdict = _("Ej rapporterad"), missing
    else:
        status_label = Status(status).label if status else _("Ej bedömd")
        if follow_up.state != State.APPROVED:
            status_label = _("%(status)s (ej godkänd)") % {"status": status_label}
        verdict = wording.verdict(goal.kind, status)
    before, after, _had_marker = richtext_parts(follow_up.text if follow_up else "")
    lines, tables = _results(goal, follow_up, year, previous_values or {}, populations or {})
    results = {r.sub_item_id: r.text for r in follow_up.sub_item_results.all()} if follow_up else {}
    sub_items = [SubItemLine(title=s.title, result=results.get(s.pk, "")) for s in goal.sub_items.all()]
    text = follow_up.text if follow_up else ""
    size = len(goal.title) + len(text) + sum(len(m.text) + len(m.result) for m in lines)
    size += sum(len(s.title) + len(s.result) for s in sub_items) + 300 * len(tables)
    return GoalRow(
        goal=goal,
        follow_up=follow_up,
        owner=goal.owner_display,
        status=status,
        status_label=str(status_label),
        status_css=STATUS_CSS.get(status, "none"),
        verdict=str(verdict),
        text_before=before,
        text_after=after,
        measure_texts=[m.text for m in goal.measures.all()],
        measure_lines=lines,
        tables=tables,
        sub_items=sub_items,
        verdict_in_text=" ".join(text.split()).endswith(verdict),
        is_short=size < SHORT_ROW_CHARS and not histories,
        trends=[
            chart
            for measure in goal.measures.all()
            if histories and (chart := charts.trend(measure, histories.get(measure.pk, [])))
        ],
    )


def _texts(texts: list[TextSection], section: str, kind: str, **filters) -> list[TextSection]:
    def matches(text: TextSection) -> bool:
        return all(getattr(text, name) == wanted for name, wanted in filters.items())

    return [t for t in texts if t.section == section and t.kind == kind and matches(t)]


def _unit_groups(rows: list[GoalRow]) -> list[UnitGroup]:
    """Group by enhet in the order the units first appear in the plan, so kansliet's order holds."""
    groups: OrderedDict[int | None, UnitGroup] = OrderedDict()
    for row in rows:
        label = row.goal.unit.name if row.goal.unit_id else str(_("Samtliga verksamheter"))
        groups.setdefault(row.goal.unit_id, UnitGroup(label=label, rows=[])).rows.append(row)
    return list(groups.values())


def _focus_groups(
    rows: list[GoalRow], focus_areas: list[FocusArea], prefix: str, texts: list[TextSection], section: str
) -> list[Subsection]:
    """One numbered subsection per fokusområde that has goals or texts; goals without one last."""
    groups = []
    for focus_area in focus_areas:
        fa_rows = [r for r in rows if r.goal.focus_area_id == focus_area.pk]
        fa_texts = [t for t in texts if t.section == section and t.focus_area_id == focus_area.pk]
        if not fa_rows and not fa_texts:
            continue
        groups.append(
            Subsection(
                number=f"{prefix}.{len(groups) + 1}",
                title=focus_area.title,
                description=focus_area.description,
                intros=[t for t in fa_texts if t.kind == TextKind.INTRO],
                rows=fa_rows,
                bodies=[t for t in fa_texts if t.kind == TextKind.BODY],
                assessments=[t for t in fa_texts if t.kind == TextKind.ASSESSMENT],
            )
        )
    others = [r for r in rows if r.goal.focus_area_id is None]
    if others:
        groups.append(Subsection(number=f"{prefix}.{len(groups) + 1}", title=_("Övriga mål och uppdrag"), rows=others))
    return groups


def build_chapter(
    source: ChapterSource, *, layout: str, chapter_number: int, chapter_title: str, organisation_name: str
) -> Chapter:
    plan_year, period, texts = source.plan_year, source.period, source.texts
    year = plan_year.year
    rows_by_kind: dict[str, list[GoalRow]] = {}
    appendix_rows: list[GoalRow] = []
    for goal in source.goals:
        row = goal_row(
            goal,
            year,
            source.previous_values,
            draft=source.include_unapproved,
            populations=source.populations,
            histories=source.histories,
        )
        if goal.appendix:
            appendix_rows.append(row)
        else:
            rows_by_kind.setdefault(goal.kind, []).append(row)

    sections: list[Section] = []

    def number() -> str:
        return f"{chapter_number}.{len(sections) + 1}"

    # Strategiskt mål
    strategic = _texts(texts, TextSectionKind.STRATEGIC, TextKind.ASSESSMENT)
    strategic_intros = _texts(texts, TextSectionKind.STRATEGIC, TextKind.INTRO)
    if plan_year.strategic_goal or strategic or strategic_intros:
        sections.append(
            Section(
                kind="strategic",
                number=number(),
                title=_("Strategiskt mål"),
                intros=strategic_intros,
                bodies=_texts(texts, TextSectionKind.STRATEGIC, TextKind.BODY),
                assessments=strategic,
                strategic_goal=plan_year.strategic_goal.strip().rstrip("."),
                strategic_approach=_lower_first(plan_year.strategic_approach.strip().rstrip(".")),
            )
        )

    # Grunduppdrag
    base_rows = rows_by_kind.get(GoalKind.BASE_MISSION, [])
    if base_rows or any(t.section == TextSectionKind.BASE_MISSION for t in texts):
        sections.append(
            _table_section(
                "base_mission",
                number(),
                _("Grunduppdrag"),
                TextSectionKind.BASE_MISSION,
                texts,
                base_rows,
                wording.base_mission_noun(),
            )
        )

    # Mål och uppdrag
    goal_rows = rows_by_kind.get(GoalKind.GOAL, []) + rows_by_kind.get(GoalKind.ASSIGNMENT, [])
    goal_rows.sort(key=lambda r: (r.goal.order, r.goal.pk))
    goal_texts = [t for t in texts if t.section == TextSectionKind.GOALS]
    if goal_rows or goal_texts:
        section = Section(
            kind="goals",
            number=number(),
            title=(
                _("Mål och uppdrag %(year)s") % {"year": year} if layout == Layout.UNIT else _("Fokusområden och mål")
            ),
            intros=_texts(texts, TextSectionKind.GOALS, TextKind.INTRO, focus_area_id=None),
            # Named after the section ("Av 17 mål och uppdrag är …") whatever the kinds in it.
            counts=wording.counts_sentence([r.status for r in goal_rows], wording.goals_noun(set(GoalKind.values))),
            chart=charts.status_by_unit((r.goal, r.follow_up) for r in goal_rows),
        )
        if layout == Layout.UNIT:
            section.unit_groups = _unit_groups(goal_rows)
            # Without the fokusområde subsections, their texts follow the table with the rest.
            section.bodies = [
                t for t in goal_texts if t.kind == TextKind.BODY or (t.kind == TextKind.INTRO and t.focus_area_id)
            ]
            section.assessments = [t for t in goal_texts if t.kind == TextKind.ASSESSMENT]
        else:
            section.subsections = _focus_groups(
                goal_rows, source.focus_areas, section.number, texts, TextSectionKind.GOALS
            )
            section.bodies = _texts(texts, TextSectionKind.GOALS, TextKind.BODY, focus_area_id=None)
            section.assessments = _texts(texts, TextSectionKind.GOALS, TextKind.ASSESSMENT, focus_area_id=None)
        sections.append(section)

    # Finansiella mål
    financial_rows = rows_by_kind.get(GoalKind.FINANCIAL, [])
    if financial_rows or any(t.section == TextSectionKind.FINANCIAL for t in texts):
        section = _table_section(
            "financial",
            number(),
            _("Finansiella mål"),
            TextSectionKind.FINANCIAL,
            texts,
            financial_rows,
            wording.financial_noun(),
        )
        for row in financial_rows:
            # The financial follow-up often repeats the assessment word for word; print it once.
            if row.follow_up and any(_same_text(row.follow_up.text, a.body) for a in section.assessments):
                row.text_before, row.text_after = mark_safe(""), mark_safe("")
        sections.append(section)

    appendices = _appendices(appendix_rows, texts, source.focus_areas, chapter_number=chapter_number, year=year)
    return Chapter(
        number=chapter_number,
        title=chapter_title,
        organisation_name=organisation_name,
        year=year,
        period_key=period.key,
        period_end=period.end_date,
        layout=layout,
        sections=sections,
        appendices=appendices,
        is_draft=source.include_unapproved,
    )


def _table_section(kind, number, title, text_section, texts, rows, noun) -> Section:
    """A section of one table with its texts and computed counts (grunduppdrag, finansiella mål)."""
    return Section(
        kind=kind,
        number=number,
        title=title,
        intros=_texts(texts, text_section, TextKind.INTRO),
        rows=rows,
        bodies=_texts(texts, text_section, TextKind.BODY),
        assessments=_texts(texts, text_section, TextKind.ASSESSMENT),
        counts=wording.counts_sentence([r.status for r in rows], noun),
    )


def _appendices(
    rows: list[GoalRow], texts: list[TextSection], focus_areas: list[FocusArea], *, chapter_number: int, year: int
) -> list[Appendix]:
    """One chapter per driftverksamhet with goals in its bilaga or texts of its own, numbered on."""
    unit_texts = [t for t in texts if t.section == TextSectionKind.UNIT and t.unit_id]
    units = {r.goal.unit_id: r.goal.unit for r in rows if r.goal.unit_id}
    units.update({t.unit_id: t.unit for t in unit_texts})
    appendices = []
    for unit in sorted(units.values(), key=lambda u: (u.order, u.name, u.pk)):
        number = f"{chapter_number + len(appendices) + 1}"
        own_texts = [t for t in unit_texts if t.unit_id == unit.pk]
        intros = [t for t in own_texts if t.kind == TextKind.INTRO]
        subsections = [
            Subsection(number=f"{number}.{i}", title=t.heading, intros=[t])
            for i, t in enumerate((t for t in intros if t.heading), start=1)
        ]
        unit_rows = [r for r in rows if r.goal.unit_id == unit.pk]
        if unit_rows and not subsections:
            subsections.append(Subsection(number=f"{number}.1", title=_("Måluppfyllelse %(year)s") % {"year": year}))
        goal_groups: list[Subsection] = []
        if any(r.goal.focus_area_id for r in unit_rows):
            goal_groups = _focus_groups(unit_rows, focus_areas, subsections[-1].number, [], TextSectionKind.UNIT)
        appendices.append(
            Appendix(
                number=number,
                title=unit.name,
                lead=[t for t in intros if not t.heading],
                subsections=subsections,
                goal_groups=goal_groups,
                rows=[] if goal_groups else unit_rows,
                bodies=[t for t in own_texts if t.kind == TextKind.BODY],
                assessments=[t for t in own_texts if t.kind == TextKind.ASSESSMENT],
                counts=wording.counts_sentence(
                    [r.status for r in unit_rows], wording.goals_noun({r.goal.kind for r in unit_rows})
                ),
            )
        )
    return appendices


def _lower_first(text: str) -> str:
    """ "Med tydligt …" → "med tydligt …" to run on after "genom att"; acronyms ("BRB …") stay."""
    if len(text) > 1 and text[0].isupper() and text[1].islower():
        return text[0].lower() + text[1:]
    return text
