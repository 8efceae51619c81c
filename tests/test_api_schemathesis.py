"""The API against its own OpenAPI document (schemathesis): no 500s, every answer in the
documented codes, content types and shapes. Bounded (a few examples per operation, no deadline)
so that it runs in well under a minute."""

import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.test import TestCase
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from api import tokens
from tracker.wsgi import application

from .api_cast import cast

EXAMPLES = 12
BOUNDED = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


class ConformanceTests(TestCase):
    def setUp(self):
        # The WSGI app closes the database connection after each request, as in production;
        # inside a test's transaction that would drop the cast (on PostgreSQL). Django's own test
        # client keeps the connection the same way.
        for signal in (signals.request_started, signals.request_finished):
            signal.disconnect(close_old_connections)
            self.addCleanup(signal.connect, close_old_connections)
        self.data = cast()
        self.schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
        self.operations = [result.ok() for result in self.schema.get_all_operations()]
        self.assertEqual(len(self.operations), 7)

    def run_all(self, *, mode=GenerationMode.POSITIVE, path_parameters=None, headers=None):
        seen = {}
        for operation in self.operations:
            if mode == GenerationMode.NEGATIVE and not list(operation.iter_parameters()):
                continue  # nothing to get wrong
            known = {k: v for k, v in (path_parameters or {}).items() if k in operation.path}
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=known or None)

            @BOUNDED
            @given(case=strategy)
            def check(case):
                response = case.call_and_validate(headers=headers)
                seen.setdefault(case.operation.label, set()).add(response.status_code)

            with self.subTest(operation=operation.label, mode=str(mode)):
                check()
        return seen

    def test_made_up_paths_and_queries_conform(self):
        seen = self.run_all()
        self.assertTrue(all(codes <= {200, 404, 422} for codes in seen.values()), seen)

    def test_made_up_bad_input_is_refused_not_a_server_error(self):
        seen = self.run_all(mode=GenerationMode.NEGATIVE)
        self.assertEqual(len(seen), 6)
        self.assertTrue(all(codes <= {404, 422} for codes in seen.values()), seen)

    def test_the_public_year_conforms_anonymous_and_with_a_kansli_key(self):
        real = {"slug": "forbundet", "year": 2025, "measure_id": self.data["measure"].pk}
        _token, secret = tokens.issue_token(user=self.data["kansli"], name="schemathesis")
        for headers in (None, {"Authorization": f"Bearer {secret}"}):
            seen = self.run_all(path_parameters=real, headers=headers)
            # Every operation answered with real data at least once.
            self.assertTrue(all(200 in codes for codes in seen.values()), seen)
