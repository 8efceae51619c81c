"""Turning single sign-on on for a test: the settings an installation sets, and the routes."""

import importlib
from contextlib import contextmanager

from django.test import override_settings
from django.urls import clear_url_caches

import tracker.urls
from tracker.csp import content_security_policy

BACKENDS = ["django.contrib.auth.backends.ModelBackend", "goals.sso.backend.OrganisationAccountBackend"]


def reload_urls():
    clear_url_caches()
    importlib.reload(tracker.urls)


@contextmanager
def oidc_on(**endpoints):
    """OIDC configured as an installation does it (endpoints: OIDC_OP_…=url), routes included."""
    values = {
        "OIDC_ENABLED": True,
        "OIDC_RP_CLIENT_ID": "maluppfyllelse",
        "OIDC_RP_CLIENT_SECRET": "test-hemlighet-" + "k" * 20,
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.se/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.se/token",
        "OIDC_OP_USER_ENDPOINT": "https://idp.example.se/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.se/jwks",
        "AUTHENTICATION_BACKENDS": BACKENDS,
        **endpoints,
    }
    values["CONTENT_SECURITY_POLICY"] = content_security_policy(
        sign_on_endpoint=values["OIDC_OP_AUTHORIZATION_ENDPOINT"]
    )
    try:
        with override_settings(**values):
            reload_urls()
            yield values
    finally:
        reload_urls()
