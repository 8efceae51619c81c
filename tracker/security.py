"""Response headers every page gets, and the client address login throttling counts by.

The Content-Security-Policy itself is written by django-csp (settings: CONTENT_SECURITY_POLICY);
this module adds what Django has no setting for.
"""

from django.conf import settings
from django.shortcuts import render
from django.utils.cache import patch_cache_control


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; `Cache-Control: no-store` on every response to a
    logged-in user, so a shared or borrowed computer's cache (or a back button after logout)
    never shows a follow-up, an overview or a PDF. Anonymous pages (the login page) stay as
    Django makes them; static files and /health/ are answered before this middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The session cookie, not request.user: reading the user loads the session, which adds
        # `Vary: Cookie` to every page, and the public pages must be one page for everyone.
        # Before and after: the response to a login (a new cookie) or a logout is about a
        # logged-in user too.
        cookie = settings.SESSION_COOKIE_NAME
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        if cookie in request.COOKIES or cookie in response.cookies:
            patch_cache_control(response, private=True, no_store=True)
        return response


def client_ip(request) -> str | None:
    """The address a login attempt came from (django-axes' AXES_CLIENT_IP_CALLABLE).

    Behind nginx (BEHIND_PROXY=true) every request comes from 127.0.0.1, so the address is the
    last one in X-Forwarded-For: the one nginx itself appended (deploy/nginx sets
    `$proxy_add_x_forwarded_for`). Earlier entries are whatever the client sent and are never
    trusted, or an attacker could pick a new address per guess. Without a proxy: REMOTE_ADDR.
    """
    if settings.BEHIND_PROXY:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if forwarded[-1]:
            return forwarded[-1]
    return request.META.get("REMOTE_ADDR") or None


def lockout_response(request, original_response=None, credentials=None):
    """What a locked-out login gets (django-axes' AXES_LOCKOUT_CALLABLE), on both login pages."""
    return render(
        request,
        "registration/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "lockout_minutes": max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)),
        },
        status=429,
    )
