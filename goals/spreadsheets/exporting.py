"""The plan of a year and the follow-up status of a period as workbooks."""

from io import BytesIO

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook

from goals import selectors
from goals.evaluation import describe_target
from goals.interchange import export_document
from goals.models import State

from . import layout
from .layout import INTEGER, NUMBER, TEXT
from .plan_book import plan_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def as_bytes(wb: Workbook) -> bytes:
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def organisation_lists(organisation) -> dict:
    return {
        "units": list(organisation.units.values_list("slug", "name")),
        "dimensions": list(organisation.dimensions.values_list("key", "name")),
    }


def plan_export(plan_year) -> Workbook:
    """The year's levels, periods, goals in tree order, mätetal and their parts, in the layout the
    import reads (so the file can be edited and uploaded as another year)."""
    return plan_workbook(export_document(plan_year), **organisation_lists(plan_year.organisation))


def plan_filename(plan_year) -> str:
    return f"{plan_year.organisation.slug}-plan-{plan_year.year}.xlsx"


def status_filename(period) -> str:
    kind = slugify(str(period.get_kind_display()))
    return f"{period.plan_year.organisation.slug}-{period.plan_year.year}-{kind}-{period.key}-status.xlsx"


STATUS_HEADERS = (
    (_("Enhet"), 24, TEXT),
    (_("Nivå"), 14, TEXT),
    (_("Nyckel"), 9, layout.KEY),
    (_("Mål/uppdrag"), 60, TEXT),
    (_("Bedömning"), 18, TEXT),
    (_("Läge"), 12, TEXT),
    (_("Senast sparad av"), 20, TEXT),
    (_("Senast sparad"), 17, "datetime"),
    (_("Avviker från mätetalen"), 12, TEXT),
    (_("Mätetalens förslag"), 18, TEXT),
    (_("Motivering"), 40, TEXT),
)
VALUE_HEADERS = (
    (_("Enhet"), 24, TEXT),
    (_("Målets nyckel"), 9, layout.KEY),
    (_("Mål/uppdrag"), 40, TEXT),
    (_("Mätetal"), 40, TEXT),
    (_("Mål för mätetalet"), 22, TEXT),
    (_("Värde"), 14, NUMBER),
    (_("Enhet för värdet"), 12, TEXT),
    (_("Resultat i ord"), 40, TEXT),
    (_("Utfall"), 16, TEXT),
)
COUNT_HEADERS = (
    (_("Enhet"), 28, TEXT),
    (_("Mål/uppdrag"), 12, INTEGER),
    (_("Saknas"), 10, INTEGER),
    (_("Utkast"), 10, INTEGER),
    (_("Inskickade"), 11, INTEGER),
    (_("Återsända"), 11, INTEGER),
    (_("Godkända"), 10, INTEGER),
    (_("Avviker från mätetalen"), 12, INTEGER),
)


def _table(wb, title, headers, rows, first=False):
    ws = wb.active if first else wb.create_sheet()
    ws.title = title
    layout.write_table(
        ws, [h for h, _w, _k in headers], rows, widths=[w for _h, w, _k in headers], kinds=[k for _h, _w, k in headers]
    )
    return ws


def _saved_at(follow_up):
    if follow_up is None:
        return None
    # Excel has no time zones: the local time kansliet reads everywhere else in the product.
    return timezone.localtime(follow_up.updated_at).replace(tzinfo=None, microsecond=0)


def _outcome(judgement) -> str:
    if judgement.label:
        return judgement.label
    return _("Bedöms av enheten") if judgement.by_person else ""


def status_export(period) -> Workbook:
    """Per followed-up goal its status, state, who saved it last and when, whether the status goes
    against its mätetal; per mätetal the measured value and its judged outcome; per unit the
    counts of the overview."""
    nodes = [n for n in selectors.assessed_nodes(period.plan_year, period) if n.goal.level.followed_up]
    authors = _authors([n.follow_up for n in nodes if n.follow_up])
    no_unit = _("Samtliga verksamheter")
    goal_rows, value_rows = [], []
    for node in nodes:
        goal, follow_up = node.goal, node.follow_up
        who = authors.get(follow_up.author_id, "") if follow_up else ""
        when = _saved_at(follow_up)
        unit = goal.unit.name if goal.unit_id else str(no_unit)
        proposal = node.assessment.proposal if node.assessment else None
        goal_rows.append(
            [
                unit,
                goal.level.name,
                goal.document_key,
                goal.title,
                follow_up.get_status_display() if follow_up and follow_up.status else "",
                str(State(follow_up.state).label) if follow_up else _("Saknas"),
                who,
                when,
                _("Ja") if node.disagrees else _("Nej"),
                str(proposal.label) if proposal else "",
                follow_up.status_reason if follow_up else "",
            ]
        )
        for row in node.measure_rows:
            reading, judgement = row["reading"], row["judgement"]
            measure = row["measure"]
            value_rows.append(
                [
                    unit,
                    goal.document_key,
                    goal.title,
                    measure.text,
                    describe_target(measure),
                    reading.value if reading else None,
                    (reading.unit if reading and reading.unit else measure.unit_label),
                    reading.note if reading else "",
                    _outcome(judgement),
                ]
            )
    wb = Workbook()
    _table(wb, _("Status"), STATUS_HEADERS, goal_rows, first=True)
    _table(wb, _("Mätetal"), VALUE_HEADERS, value_rows)
    _table(wb, _("Per enhet"), COUNT_HEADERS, _count_rows(period, nodes))
    return wb


def _authors(follow_ups) -> dict:
    ids = {f.author_id for f in follow_ups if f.author_id}
    return {u.pk: u.get_full_name() or u.username for u in get_user_model().objects.filter(pk__in=ids)}


def _count_rows(period, nodes) -> list:
    disagreeing = {}
    for node in nodes:
        if node.disagrees:
            disagreeing[node.goal.unit_id] = disagreeing.get(node.goal.unit_id, 0) + 1
    return [
        [
            row["unit__name"] or _("Samtliga verksamheter"),
            row["total"],
            row["missing"],
            row["draft"],
            row["submitted"],
            row["returned"],
            row["approved"],
            disagreeing.get(row["unit_id"], 0),
        ]
        for row in selectors.overview_counts(period)
    ]
