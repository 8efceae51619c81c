from django.db import connection
from django.test import TestCase

from goals.models import FollowUp, MeasureValue

from . import factories
from .conftest import require


class PostgreSQLTests(TestCase):
    """The suite runs on PostgreSQL in CI; these check what only PostgreSQL enforces."""

    def setUp(self):
        require(
            connection.vendor == "postgresql",
            "the tests run on SQLite; set DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db (as .ci/run does) "
            "to run them on PostgreSQL",
        )

    def test_one_main_value_per_measure_and_follow_up_even_with_nulls(self):
        from django.db import IntegrityError, transaction

        data = factories.plan()
        follow_up = FollowUp.objects.create(goal=data["goal"], period=data["interim"])
        measure = data["goal"].measures.first()
        MeasureValue.objects.create(follow_up=follow_up, measure=measure, value=1)
        with self.assertRaises(IntegrityError), transaction.atomic():
            MeasureValue.objects.create(follow_up=follow_up, measure=measure, value=2)

    def test_the_database_is_postgresql(self):
        self.assertEqual(connection.vendor, "postgresql")
