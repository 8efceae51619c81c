"""One id per request, in the log and on the error page, so a user's "Felkod 3f9c…" finds the
traceback. nginx may pass its own $request_id as X-Request-ID (see deploy/nginx); then the same
id is also in nginx's and gunicorn's access logs."""

import contextvars
import logging
import re
import uuid

_current = contextvars.ContextVar("request_id", default="-")
ACCEPTED = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def current() -> str:
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request.id = given if ACCEPTED.match(given) else uuid.uuid4().hex[:16]
        # Not reset afterwards: Django logs an error response (4xx/5xx) once the middleware has
        # returned, and that line needs the id too; the next request sets its own.
        _current.set(request.id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.id
        return response


class RequestIdFilter(logging.Filter):
    """Adds %(request_id)s to every record ("-" outside a request, e.g. in the worker)."""

    def filter(self, record):
        record.request_id = _current.get()
        return True
