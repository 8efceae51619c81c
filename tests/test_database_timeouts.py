"""PostgreSQL's connect and statement timeouts (tracker/settings.py); SQLite has neither."""

from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import TestCase

from tracker.settings import postgresql_options

from .conftest import require


class StatementTimeoutTests(TestCase):
    def setUp(self):
        require(
            connection.vendor == "postgresql",
            "the tests run on SQLite; set DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db (as .ci/run does) "
            "to run them on PostgreSQL",
        )

    def test_the_connection_has_the_configured_timeouts(self):
        self.assertEqual(connection.get_connection_params()["connect_timeout"], settings.DB_CONNECT_TIMEOUT)
        with connection.cursor() as cursor:
            cursor.execute("SELECT setting FROM pg_settings WHERE name = 'statement_timeout'")
            self.assertEqual(int(cursor.fetchone()[0]), settings.DB_STATEMENT_TIMEOUT * 1000)

    def test_a_statement_longer_than_the_timeout_is_cancelled(self):
        options = postgresql_options(
            connection.settings_dict["OPTIONS"], connect_timeout=settings.DB_CONNECT_TIMEOUT, statement_timeout_ms=300
        )
        short = DatabaseWrapper({**connection.settings_dict, "OPTIONS": options}, alias="short-timeout")
        try:
            with short.cursor() as cursor:
                cursor.execute("SELECT pg_sleep(0.01)")  # shorter than the limit: answered
                with self.assertRaises(OperationalError) as raised:
                    cursor.execute("SELECT pg_sleep(5)")
            self.assertIn("statement timeout", str(raised.exception))
            self.assertEqual(raised.exception.__cause__.sqlstate, "57014")  # query_canceled
        finally:
            short.close()
