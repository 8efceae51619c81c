"""Every main page issues the same number of SQL statements at 10 goals as at 300, and the
follow-up form stays within its absolute budget (issue 12). A page whose count grows with the
data has an N+1: fix it with select_related/prefetch_related, never by raising a number here."""

import os

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import FollowUp, Measure, MeasureValue, State, TargetKind

from . import factories

FORM_GET_BUDGET = 10
FORM_POST_BUDGET = 20


def grow(data, count, author):
    """`count` more goals for the first unit, each with two mätetal and a submitted follow-up
    with its values: what every listing, the overview and the plan page iterate over."""
    plan_year = data["plan_year"]
    for _ in range(count):
        goal = factories.make_goal(plan_year, unit=data["units"][0], title="Ett mål till")
        numeric = Measure.objects.create(
            goal=goal,
            text="Minst 100 deltagare",
            target_kind=TargetKind.NUMERIC,
            comparator="min",
            target_value=100,
            unit_label="deltagare",
        )
        milestone = Measure.objects.create(goal=goal, text="Plan antagen", target_kind=TargetKind.MILESTONE, order=1)
        follow_up = FollowUp.objects.create(
            goal=goal, period=data["interim"], status="on_track", text="Text.", state=State.SUBMITTED, author=author
        )
        MeasureValue.objects.create(follow_up=follow_up, measure=numeric, value=120)
        MeasureValue.objects.create(follow_up=follow_up, measure=milestone, reached=True)


def count_queries(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code in (200, 302), (url, response.status_code)
    if os.getenv("SHOW_QUERIES") and os.getenv("SHOW_QUERIES") in url:
        print("\n".join([f"--- {method} {url}"] + [q["sql"][:300] for q in queries.captured_queries]))
    return len(queries.captured_queries)


class QueryBudgetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.reader = factories.reader("lasare", cls.data)
        grow(cls.data, 10 - cls.data["plan_year"].goals.count(), cls.chef)
        # A follow-up with a fixed history, for the history page (the form's POSTs add to the main one's).
        cls.reviewed = FollowUp.objects.filter(goal__title="Ett mål till").first()
        # The unit's draft with its values, so that the form shows (and prefetches) the same each time.
        FollowUp.objects.create(goal=cls.data["goal"], period=cls.data["interim"], text="Utkast.", author=cls.chef)
        cls.form_url = reverse("follow_up_edit", args=[cls.data["goal"].pk, cls.data["interim"].pk])

    def setUp(self):
        self.clients = {}
        for name in ("chef", "kansli", "lasare"):
            client = self.client_class()
            client.login(username=name, password=factories.PASSWORD)
            self.clients[name] = client

    def draft(self):
        numeric, milestone = self.data["goal"].measures.order_by("order")
        follow_up = FollowUp.objects.filter(goal=self.data["goal"], period=self.data["interim"]).first()
        return {
            "status": "on_track",
            "text": "Ett utkast.",
            "version": str(follow_up.version if follow_up else 0),
            f"value_{numeric.pk}": "27 531",
            f"note_{numeric.pk}": "",
            f"reached_{milestone.pk}": "yes",
            f"note_{milestone.pk}": "",
            "save": "1",
        }

    def pages(self):
        slug, year = self.data["organisation"].slug, self.data["plan_year"].year
        return {
            "mina mål": ("chef", "get", reverse("my_goals"), None),
            "follow-up form GET": ("chef", "get", self.form_url, None),
            "follow-up form POST": ("chef", "post", self.form_url, self.draft),
            "overview": ("kansli", "get", reverse("overview_org", args=[slug]), None),
            "follow-up list": ("kansli", "get", reverse("follow_up_list", args=[slug]), None),
            "review": ("kansli", "get", reverse("review", args=[self.reviewed.pk]), None),
            "plan (kansli)": ("kansli", "get", reverse("plan", args=[slug, year]), None),
            "plan (läsare)": ("lasare", "get", reverse("plan", args=[slug, year]), None),
            "history": ("kansli", "get", reverse("history", args=[self.reviewed.pk]), None),
            "prints": ("kansli", "get", reverse("reports:prints_org", args=[slug]), None),
            "admin goals": ("kansli", "get", reverse("admin:goals_goal_changelist"), None),
            "admin mätetal": ("kansli", "get", reverse("admin:goals_measure_changelist"), None),
            "admin follow-ups": ("kansli", "get", reverse("admin:goals_followup_changelist"), None),
        }

    def measure(self):
        counts = {}
        for name, (who, method, url, data) in self.pages().items():
            client = self.clients[who]
            # The first request may stamp the session or fill per-process caches (content types).
            count_queries(client, method, url, data() if data else None)
            counts[name] = count_queries(client, method, url, data() if data else None)
        return counts

    def test_every_page_issues_as_many_queries_at_300_goals_as_at_10(self):
        small = self.measure()
        grow(self.data, 290, self.chef)
        self.assertEqual(self.data["plan_year"].goals.count(), 300)
        large = self.measure()
        print("query counts at 10 and 300 goals:", {name: (small[name], large[name]) for name in small})
        self.assertEqual(small, large)

    def test_the_follow_up_form_stays_within_its_budget(self):
        counts = self.measure()
        self.assertLessEqual(counts["follow-up form GET"], FORM_GET_BUDGET)
        self.assertLessEqual(counts["follow-up form POST"], FORM_POST_BUDGET)

    def test_who_the_user_is_is_read_once_per_request(self):
        for who, url in (("chef", self.form_url), ("kansli", reverse("overview")), ("lasare", reverse("home"))):
            client = self.clients[who]
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                self.assertIn(client.get(url).status_code, (200, 302))
            memberships = [q for q in queries.captured_queries if 'FROM "goals_membership"' in q["sql"]]
            self.assertEqual(len(memberships), 1, (who, url))

    def test_a_save_locks_only_its_own_follow_up(self):
        # FOR UPDATE over the model's ordering joined goal and period, locking the period's row:
        # every unit's save then waited for every other's.
        from django.db import transaction

        from goals.services import lock_follow_up

        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            lock_follow_up(
                goal=self.data["goal"],
                period=self.data["interim"],
                user=self.chef,
                reason="save",
                expected_version=None,
            )
        lock = next(q["sql"] for q in queries.captured_queries if 'FROM "goals_followup"' in q["sql"])
        self.assertNotIn("JOIN", lock)
        if connection.vendor == "postgresql":
            self.assertIn('FOR UPDATE OF "goals_followup"', lock)
