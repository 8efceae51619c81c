"""The permission facts read once per request (goals/access.py)."""

from django.contrib.auth.models import AnonymousUser
from django.test import TestCase

from goals import selectors
from goals.access import access_for
from goals.services import make_kansli

from . import factories


class AccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.other = factories.plan(slug="annat")
        cls.chef = factories.manager("chef", cls.data)
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.reader = factories.reader("lasare", cls.data)

    def test_a_chef_writes_the_own_units_goals_only(self):
        access = access_for(self.chef)
        self.assertTrue(access.writes(self.data["goal"]))
        self.assertFalse(access.writes(self.data["other_goal"]))
        self.assertFalse(access.writes(self.data["common_goal"]))  # samtliga verksamheter: kansliet's
        self.assertFalse(access.is_kansli(self.data["organisation"]))
        self.assertFalse(access.reads_all(self.data["organisation"]))

    def test_kansliet_approves_and_reads_in_its_own_forbund_only(self):
        access = access_for(self.kansli)
        self.assertTrue(access.is_kansli(self.data["organisation"]))
        self.assertTrue(access.writes(self.data["common_goal"]))
        self.assertTrue(access.reads_all(self.data["organisation"]))
        self.assertFalse(access.is_kansli(self.other["organisation"]))
        self.assertFalse(access.writes(self.other["goal"]))

    def test_a_reader_reads_all_and_writes_nothing(self):
        access = access_for(self.reader)
        self.assertTrue(access.reads_all(self.data["organisation"]))
        self.assertFalse(access.writes(self.data["goal"]))
        self.assertFalse(access.any_kansli)

    def test_it_is_read_once_per_user_object(self):
        with self.assertNumQueries(1):
            for _ in range(3):
                selectors.is_kansli(self.chef, self.data["organisation"])
                selectors.can_write_goal(self.chef, self.data["goal"])

    def test_a_new_role_is_seen_at_once(self):
        self.assertFalse(selectors.is_kansli(self.chef, self.other["organisation"]))
        make_kansli(user=self.chef, organisation=self.other["organisation"])
        self.assertTrue(selectors.is_kansli(self.chef, self.other["organisation"]))

    def test_anonymous_users_may_do_nothing(self):
        access = access_for(AnonymousUser())
        self.assertFalse(access.writes(self.data["goal"]))
        self.assertFalse(access.reads_all(self.data["organisation"]))
