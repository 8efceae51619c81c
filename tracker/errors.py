"""The 500 page with the request's id, which the log line of the error also carries."""

from django.http import HttpResponseServerError
from django.template import loader

from . import request_id


def server_error(request, template_name="500.html"):
    # No RequestContext: whatever broke the request may break a context processor too.
    body = loader.get_template(template_name).render({"request_id": request_id.current()})
    return HttpResponseServerError(body)
