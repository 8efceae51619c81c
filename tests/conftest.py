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

    # On PostgreSQL each COMMIT waits for its WAL to reach the disk; the transactional tests
    # (live server, worker, flush after each) commit thousands of times. Without that wait a
    # commit is just as visible to every other connection and is lost only if the server
    # crashes, which no test does (the restart test's clean restart writes the WAL out first).
    # Only this process's connections: the workers and servers a test starts keep the default.
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.postgresql":
        options = database.setdefault("OPTIONS", {})
        options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()

    # django-axes counts login attempts per username and address, so authenticate() needs the
    # request; the app's and the admin's login views pass it, Django's test Client.login does
    # not. Give it a request from the test client's address, so the tests log in through axes.
    from django.test import Client, RequestFactory

    login = Client.login

    def login_through_axes(self, **credentials):
        credentials.setdefault("request", RequestFactory().post("/konto/login/"))
        return login(self, **credentials)

    Client.login = login_through_axes


def _hypothesis_profile():
    # Property tests run a bounded number of examples and no per-example deadline (a Django
    # request's time varies with the machine); HYPOTHESIS_PROFILE=thorough runs many more.
    from hypothesis import HealthCheck, settings

    # No example database: a failure prints its example and @example pins it; nothing is left in the tree.
    common = {
        "deadline": None,
        "database": None,
        "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    }
    settings.register_profile("default", max_examples=60, **common)
    settings.register_profile("thorough", max_examples=2000, **common)
    settings.load_profile(os.getenv("HYPOTHESIS_PROFILE", "default"))


_hypothesis_profile()
