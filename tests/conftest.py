import os

import pytest

IN_CI = os.getenv("CI", "").lower() in ("1", "true", "yes")


def require(available: bool, reason: str) -> None:
    """Skip a test whose service is missing, with how to enable it; under CI=true, fail instead."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config):
    # Django's password hasher is slow on purpose (a million rounds); the tests create and log in
    # hundreds of accounts, so they hash with a fast one. Production keeps Django's default.
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    # django-axes counts login attempts per username and address, so authenticate() needs the
    # request; the app's and the admin's login views pass it, Django's test Client.login does
    # not. Give it a request from the test client's address, so the tests log in through axes.
    from django.test import Client, RequestFactory

    login = Client.login

    def login_through_axes(self, **credentials):
        credentials.setdefault("request", RequestFactory().post("/konto/login/"))
        return login(self, **credentials)

    Client.login = login_through_axes
