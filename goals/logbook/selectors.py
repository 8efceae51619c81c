"""Reads of the Logg: whose log this user may read, and the events of one organisation.

The changes are one UNION over the historical tables (model, record id, date), ordered and cut
into pages by the database; only the page's records are then loaded and described.
"""

from django.contrib.auth import get_user_model
from django.db.models import CharField, OuterRef, Q, Subquery, Value, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from .. import history, selectors
from ..models import AccessLog, Organisation, Role
from .catalogue import BY_KEY, TRACKED

# The rows written when the history was introduced: a starting point, not an event.
BASELINE = history.BASELINE_REASON


def log_organisations(user):
    """Kansliet and läsare (direktion, revisorer) read their förbund's log; nobody else."""
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(
        membership__user=user, membership__role__in=[Role.KANSLI, Role.READER]
    ).distinct()


def log_organisation(user, slug: str | None):
    organisations = log_organisations(user).order_by("name")
    organisation = get_object_or_404(organisations, slug=slug) if slug else organisations.first()
    if organisation is None:
        raise Http404
    return organisation, organisations


def sees_access_log(user, organisation) -> bool:
    """Who read and exported what is kansliet's to see."""
    return selectors.is_kansli(user, organisation)


def log_users(organisation):
    """The accounts that hold a role in the organisation, for the filter by user."""
    return (
        get_user_model()
        .objects.filter(memberships__organisation=organisation)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def _user_filter(user: str) -> Q:
    """A user's id, or "system" for what no logged-in user did (beat, workers, commands)."""
    if user == "system":
        return Q(history_user__isnull=True)
    return Q(history_user_id=user)


def change_events(
    organisation, *, what: str = "", user: str = "", year: int | None = None, date_from=None, date_to=None
):
    """(model key, history id, date) of every recorded change in the organisation, newest first."""
    chosen = [BY_KEY[what]] if what else TRACKED
    parts = []
    for tracked in chosen:
        if year is not None and tracked.year is None:
            continue
        records = tracked.historical.objects.filter(**{tracked.organisation: organisation.pk}).exclude(
            history_change_reason=BASELINE
        )
        if year is not None:
            records = records.filter(**{tracked.year: year})
        if user:
            records = records.filter(_user_filter(user))
        if date_from:
            records = records.filter(history_date__date__gte=date_from)
        if date_to:
            records = records.filter(history_date__date__lte=date_to)
        parts.append(
            records.annotate(model_key=Value(tracked.key, output_field=CharField()))
            .values_list("model_key", "history_id", "history_date")
            .order_by()
        )
    if not parts:
        return TRACKED[0].historical.objects.none().values_list("history_id", "history_id", "history_date")
    events = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    return events.order_by("-history_date", "-history_id")


def _previous_records(historical, records) -> dict:
    """The record before each of `records` (as prev_record finds it), in two queries."""
    earlier = historical.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    )
    pairs = dict(
        historical.objects.filter(history_id__in=[r.history_id for r in records if r.history_type == "~"])
        .annotate(previous_id=Subquery(earlier.values("history_id")[:1]))
        .values_list("history_id", "previous_id")
    )
    previous = historical.objects.in_bulk([pk for pk in pairs.values() if pk is not None])
    return {history_id: previous.get(pk) for history_id, pk in pairs.items()}


def records_for(events) -> list[tuple]:
    """The page's (tracked model, historical record, the record before it, the object as it was),
    in the page's order: a few queries per kind of object on the page, not per row."""
    wanted = {}
    for key, history_id, _date in events:
        wanted.setdefault(key, []).append(history_id)
    loaded = {}
    for key, ids in wanted.items():
        tracked = BY_KEY[key]
        records = list(tracked.historical.objects.filter(history_id__in=ids).select_related("history_user"))
        # history_object, not instance: it builds the object from the record alone, without a
        # query for fields the history leaves out.
        instances = [record.history_object for record in records]
        prefetch_related_objects(instances, *tracked.named_by)
        previous = _previous_records(tracked.historical, records)
        for record, instance in zip(records, instances, strict=True):
            loaded[(key, record.history_id)] = (tracked, record, previous.get(record.history_id), instance)
    return [loaded[(key, history_id)] for key, history_id, _date in events if (key, history_id) in loaded]


def access_events(organisation, *, kind: str = "", user: str = "", date_from=None, date_to=None):
    rows = AccessLog.objects.filter(organisation=organisation).select_related("user")
    if kind:
        rows = rows.filter(kind=kind)
    if user:
        rows = rows.filter(user__isnull=True) if user == "system" else rows.filter(user_id=user)
    if date_from:
        rows = rows.filter(at__date__gte=date_from)
    if date_to:
        rows = rows.filter(at__date__lte=date_to)
    return rows
