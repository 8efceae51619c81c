from django.test import TestCase

from goals.models import FollowUp, Goal

from . import factories


class AdminScopingTests(TestCase):
    """Two förbund share one installation; each kansli sees only its own in the admin."""

    @classmethod
    def setUpTestData(cls):
        cls.ours = factories.plan(slug="vart")
        cls.theirs = factories.plan(slug="deras")
        factories.kansli("kansli", cls.ours)
        cls.their_follow_up = FollowUp.objects.create(goal=cls.theirs["goal"], period=cls.theirs["interim"], text="x")

    def setUp(self):
        self.client.login(username="kansli", password=factories.PASSWORD)

    def test_the_goal_list_holds_only_our_goals(self):
        response = self.client.get("/admin/goals/goal/")
        shown = set(response.context["cl"].queryset.values_list("plan_year__organisation__slug", flat=True))
        self.assertEqual(shown, {"vart"})

    def test_another_organisations_objects_cannot_be_opened(self):
        response = self.client.get(f"/admin/goals/followup/{self.their_follow_up.pk}/change/")
        self.assertEqual(response.status_code, 302)  # the admin redirects a missing object to its index
        self.assertEqual(self.client.get(f"/admin/goals/goal/{self.theirs['goal'].pk}/change/").status_code, 302)

    def test_foreign_key_choices_are_ours(self):
        response = self.client.get("/admin/goals/goal/add/")
        choices = response.context["adminform"].form.fields["plan_year"].queryset
        self.assertEqual(list(choices), [self.ours["plan_year"]])

    def test_our_own_goal_opens(self):
        self.assertEqual(self.client.get(f"/admin/goals/goal/{self.ours['goal'].pk}/change/").status_code, 200)
        self.assertEqual(Goal.objects.count(), 6)

    def test_the_kolada_import_offers_only_our_organisation(self):
        response = self.client.get("/admin/goals/measure/kolada/")
        self.assertEqual(list(response.context["form"].fields["organisation"].queryset), [self.ours["organisation"]])

    def test_another_organisations_history_cannot_be_read_or_reverted(self):
        record = self.their_follow_up.history.first()
        url = f"/admin/goals/followup/{self.their_follow_up.pk}/history/"
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.get(f"{url}{record.history_id}/").status_code, 404)
        self.assertEqual(self.client.post(f"{url}{record.history_id}/", {"text": "kapad"}).status_code, 404)
        self.their_follow_up.refresh_from_db()
        self.assertEqual(self.their_follow_up.text, "x")

    def test_our_own_history_opens(self):
        ours = FollowUp.objects.create(goal=self.ours["goal"], period=self.ours["interim"], text="y")
        self.assertEqual(self.client.get(f"/admin/goals/followup/{ours.pk}/history/").status_code, 200)

    def test_kansliet_sees_only_its_own_members_accounts(self):
        factories.manager("var-chef", self.ours)
        factories.manager("deras-chef", self.theirs)
        factories.user("ny-utan-roll")
        response = self.client.get("/admin/auth/user/")
        usernames = set(response.context["cl"].queryset.values_list("username", flat=True))
        self.assertEqual(usernames, {"kansli", "var-chef", "ny-utan-roll"})


class AdminModelRulesTests(TestCase):
    """The admin enforces the model's own rules, in Swedish."""

    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.later = factories.plan(slug="senare", year=2026)
        factories.kansli("kansli", cls.data)

    def setUp(self):
        self.client.login(username="kansli", password=factories.PASSWORD)

    def test_every_page_of_the_domain_opens(self):
        for model in [
            "organisation",
            "member",
            "unit",
            "dimension",
            "membership",
            "planyear",
            "period",
            "goal",
            "measure",
            "followup",
            "population",
            "textsection",
        ]:
            for page in ("", "add/"):
                with self.subTest(model=model, page=page):
                    self.assertEqual(self.client.get(f"/admin/goals/{model}/{page}").status_code, 200)

    def test_a_goal_cannot_hang_under_a_goal_of_another_year(self):
        from goals.models import PlanYear

        other_year = PlanYear.objects.create(organisation=self.data["organisation"], year=2024)
        from tests.factories import make_goal

        old_goal = make_goal(other_year, title="Förra årets mål")
        goal = self.data["goal"]
        with self.assertRaisesMessage(Exception, "Målet ovanför hör till ett annat år."):
            goal.parent = old_goal
            goal.full_clean()

    def test_the_goal_form_offers_only_its_own_years_levels_and_goals(self):
        goal = self.data["goal"]
        form = self.client.get(f"/admin/goals/goal/{goal.pk}/change/").context["adminform"].form
        self.assertEqual({g.plan_year_id for g in form.fields["parent"].queryset}, {goal.plan_year_id})
        self.assertEqual({lv.plan_year_id for lv in form.fields["level"].queryset}, {goal.plan_year_id})

    def test_an_edit_from_a_stale_page_is_refused_and_nothing_is_overwritten(self):
        follow_up = FollowUp.objects.create(
            goal=self.data["goal"], period=self.data["interim"], text="Enhetens text", version=3
        )
        url = f"/admin/goals/followup/{follow_up.pk}/change/"
        form = {
            "goal": follow_up.goal_id,
            "period": follow_up.period_id,
            "status": "",
            "text": "Kansliets text",
            "state": "draft",
            "status_reason": "",
            "return_comment": "",
            "loaded_version": "2",
            "print_disagreement": "on",
            "values-TOTAL_FORMS": "0",
            "values-INITIAL_FORMS": "0",
        }
        response = self.client.post(url, form)
        self.assertContains(response, "Uppföljningen har sparats av någon annan sedan du öppnade sidan.")
        follow_up.refresh_from_db()
        self.assertEqual((follow_up.text, follow_up.version), ("Enhetens text", 3))
        form["loaded_version"] = "3"
        self.assertEqual(self.client.post(url, form).status_code, 302)
        follow_up.refresh_from_db()
        self.assertEqual((follow_up.text, follow_up.version), ("Kansliets text", 4))


class AdminFilterScopeTests(TestCase):
    def test_list_filters_name_only_our_own_organisations_and_units(self):
        ours = factories.plan(slug="vart")
        factories.plan(slug="deras")
        factories.kansli("kansli", ours)
        self.client.login(username="kansli", password=factories.PASSWORD)
        for url in ("/admin/goals/goal/", "/admin/goals/period/", "/admin/goals/unit/", "/admin/goals/followup/"):
            with self.subTest(url=url):
                page = self.client.get(url).content.decode()
                self.assertNotIn("Förbundet deras", page)
        self.assertIn("Förbundet vart", self.client.get("/admin/goals/goal/").content.decode())

    def test_an_approved_follow_up_cannot_be_changed_in_the_admin(self):
        data = factories.plan()
        factories.kansli("kansli", data)
        follow_up = FollowUp.objects.create(
            goal=data["goal"], period=data["annual"], text="Godkänd text", state="approved", version=2
        )
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.post(
            f"/admin/goals/followup/{follow_up.pk}/change/",
            {
                "goal": follow_up.goal_id,
                "period": follow_up.period_id,
                "status": "",
                "text": "Ändrad",
                "state": "approved",
                "status_reason": "",
                "return_comment": "",
                "loaded_version": "2",
                "print_disagreement": "on",
                "values-TOTAL_FORMS": "0",
                "values-INITIAL_FORMS": "0",
            },
        )
        self.assertContains(response, "Uppföljningen är godkänd och kan inte längre ändras.")
        follow_up.refresh_from_db()
        self.assertEqual(follow_up.text, "Godkänd text")
