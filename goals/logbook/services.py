"""The access log's one write: a view that serves a PDF or an export records it here."""

from django.db import transaction

from ..models import AccessLog


@transaction.atomic
def record_access(*, user, organisation, kind: str, what: str, object_id: int | None = None) -> AccessLog:
    return AccessLog.objects.create(
        user=user if getattr(user, "pk", None) else None,
        username=getattr(user, "username", "") or "",
        organisation=organisation,
        kind=kind,
        what=what[:300],
        object_id=object_id,
    )
