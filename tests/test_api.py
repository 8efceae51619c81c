"""The JSON API: who reads which years and follow-ups, keys, the OpenAPI document, speed."""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api import tokens
from api.access import public_plan_years
from api.models import ApiToken
from goals.interchange import export_document
from goals.models import Measure, MeasureComponent

from . import factories
from .api_cast import bearer, cast

BASE = "/api/organisations/forbundet/years"


class AnonymousTests(TestCase):
    def setUp(self):
        self.data = cast()

    def test_only_organisations_with_a_public_year_are_listed_with_those_years(self):
        body = self.client.get("/api/organisations/").json()
        self.assertEqual(
            body, [{"slug": "forbundet", "name": "Förbundet forbundet", "years": [{"year": 2025, "public": True}]}]
        )

    def test_a_public_year_reads_its_goal_tree_with_levels_and_targets(self):
        response = self.client.get(f"{BASE}/2025/goals/")
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertEqual([level["key"] for level in body["levels"]], ["mal-uppdrag"])
        titles = [goal["title"] for goal in body["goals"]]
        self.assertEqual(titles, ["Minst 25 000 elever på teman", "Välfärdens mål", "Samverkan"])
        measures = body["goals"][0]["measures"]
        self.assertEqual(measures[0]["comparator"], "min")
        self.assertEqual(measures[0]["target_value"], "25000")
        self.assertEqual(measures[2]["components"][0]["label"], "skolor")
        self.assertEqual(body["goals"][0]["unit"], "utveckling")

    def test_a_goal_and_its_mätetal_look_as_in_the_interchange_export(self):
        exported = export_document(self.data["plan_year"])["goals"][0]
        served = self.client.get(f"{BASE}/2025/goals/").json()["goals"][0]
        for key, value in exported.items():
            if key not in ("measures", "follow_ups", "children"):
                self.assertEqual(served[key], value, key)
        self.assertEqual(len(served["measures"]), len(exported["measures"]))
        for exported_measure, served_measure in zip(exported["measures"], served["measures"], strict=True):
            self.assertEqual({k: served_measure[k] for k in exported_measure}, exported_measure)

    def test_a_public_year_shows_approved_follow_ups_only_without_internal_fields(self):
        body = self.client.get(f"{BASE}/2025/follow-ups/").json()
        self.assertEqual([f["text"] for f in body], ["Målet är nått."])
        (follow_up,) = body
        self.assertEqual(
            (follow_up["status"], follow_up["state"], follow_up["period"]), ("achieved", "approved", "251231")
        )
        self.assertIsNone(follow_up["author"])
        self.assertIsNone(follow_up["return_comment"])
        cells = {(v["member"], v["gender"]): v["value"] for v in follow_up["values"]}
        self.assertEqual(cells[("1490", "K")], "81.5")
        self.assertEqual(cells[("1441", "M")], "88.25")

    def test_values_of_a_measure_per_kommun_and_kon(self):
        url = f"{BASE}/2025/measures/{self.data['measure'].pk}/values/"
        body = self.client.get(url).json()
        self.assertEqual(len(body), 4)
        self.assertEqual(
            {(v["member"], v["gender"], v["period"], v["state"]) for v in body}
            >= {("1490", "K", "251231", "approved")},
            True,
        )

    def test_a_year_that_is_not_public_and_other_organisations_are_404(self):
        for url in (
            f"{BASE}/2026/",
            f"{BASE}/2026/goals/",
            f"{BASE}/2026/follow-ups/",
            "/api/organisations/andra/",
            "/api/organisations/andra/years/2025/goals/",
            f"{BASE}/2025/measures/{self.data['other']['goal'].measures.first().pk}/values/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_public_rule_is_a_fastställd_print(self):
        self.assertEqual(list(public_plan_years()), [self.data["plan_year"]])
        self.data["plan_year"].organisation.chapter_prints.update(is_final=False)
        self.assertEqual(self.client.get(f"{BASE}/2025/goals/").status_code, 404)

    def test_a_logged_in_session_is_no_key(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertEqual(self.client.get(f"{BASE}/2026/").status_code, 404)


class KeyTests(TestCase):
    def setUp(self):
        self.data = cast()
        self.auth = bearer(self.data["secret"])

    def test_kansli_reads_every_state_of_its_own_years(self):
        body = self.client.get(f"{BASE}/2025/follow-ups/", **self.auth).json()
        self.assertEqual(sorted(f["state"] for f in body), ["approved", "draft"])
        approved = next(f for f in body if f["state"] == "approved")
        self.assertEqual(approved["return_comment"], "Intern kommentar")
        year = self.client.get(f"{BASE}/2026/", **self.auth).json()
        self.assertEqual((year["public"], year["all_states"]), (False, True))
        tree = self.client.get(f"{BASE}/2026/goals/", **self.auth).json()
        self.assertEqual([g["title"] for g in tree["goals"]], ["Ett mål för 2026 som inte är fastställt"])

    def test_filters_by_state_period_and_unit(self):
        drafts = self.client.get(f"{BASE}/2025/follow-ups/?state=draft", **self.auth).json()
        self.assertEqual([f["text"] for f in drafts], ["Utkast om välfärden."])
        interim = self.client.get(f"{BASE}/2025/follow-ups/?period=250831", **self.auth).json()
        self.assertEqual(interim, [])
        self.assertEqual(self.client.get(f"{BASE}/2025/follow-ups/?period=250101", **self.auth).status_code, 404)
        valfard = self.client.get(f"{BASE}/2025/follow-ups/?unit=valfard", **self.auth).json()
        self.assertEqual([f["goal_id"] for f in valfard], [self.data["other_goal"].pk])

    def test_another_förbund_stays_404_with_a_key(self):
        for url in ("/api/organisations/andra/", "/api/organisations/andra/years/2025/follow-ups/"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url, **self.auth).status_code, 404)
        listed = [o["slug"] for o in self.client.get("/api/organisations/", **self.auth).json()]
        self.assertEqual(listed, ["forbundet"])

    def test_a_bad_revoked_or_malformed_key_is_401(self):
        token = ApiToken.objects.get()
        for header in ("Bearer mu_not-a-key", "Bearer ", "Token " + self.data["secret"], "Basic a2Fuc2xpOng="):
            with self.subTest(header=header):
                response = self.client.get("/api/organisations/", HTTP_AUTHORIZATION=header)
                self.assertEqual(response.status_code, 401)
                self.assertEqual(response["WWW-Authenticate"], "Bearer")
        tokens.revoke_tokens(ApiToken.objects.filter(pk=token.pk))
        self.assertEqual(self.client.get("/api/organisations/", **self.auth).status_code, 401)

    def test_a_deactivated_user_s_key_is_401(self):
        self.data["kansli"].is_active = False
        self.data["kansli"].save()
        self.assertEqual(self.client.get("/api/organisations/", **self.auth).status_code, 401)

    def test_the_key_of_someone_who_is_no_longer_kansli_reads_only_what_is_public(self):
        self.data["kansli"].memberships.all().delete()
        body = self.client.get(f"{BASE}/2025/follow-ups/", **self.auth).json()
        self.assertEqual([f["state"] for f in body], ["approved"])
        self.assertEqual(self.client.get(f"{BASE}/2026/", **self.auth).status_code, 404)

    def test_only_the_digest_is_stored_and_use_is_recorded(self):
        token = ApiToken.objects.get()
        self.assertNotEqual(token.digest, self.data["secret"])
        self.assertEqual(token.digest, tokens.digest(self.data["secret"]))
        self.assertTrue(self.data["secret"].startswith(token.prefix))
        self.assertIsNone(token.last_used_at)
        self.client.get("/api/organisations/", **self.auth)
        token.refresh_from_db()
        self.assertIsNotNone(token.last_used_at)
        self.assertLessEqual(token.last_used_at, timezone.now())


class SchemaTests(TestCase):
    def test_the_openapi_document_is_served_and_names_every_resource(self):
        response = self.client.get("/api/schema/")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertTrue(schema["openapi"].startswith("3."))
        self.assertEqual(
            sorted(schema["paths"]),
            [
                "/api/organisations/",
                "/api/organisations/{slug}/",
                "/api/organisations/{slug}/years/{year}/",
                "/api/organisations/{slug}/years/{year}/follow-ups/",
                "/api/organisations/{slug}/years/{year}/goals/",
                "/api/organisations/{slug}/years/{year}/measures/",
                "/api/organisations/{slug}/years/{year}/measures/{measure_id}/values/",
            ],
        )
        # The key is optional (anonymous reads public years): {} is one of the alternatives.
        operation = schema["paths"]["/api/organisations/"]["get"]
        self.assertEqual(operation["security"], [{"KeyAuth": []}, {}])
        # A field the model's document carries is in the API's shape too.
        measure = schema["components"]["schemas"]["Measure"]["properties"]
        self.assertLessEqual(set(Measure.DOCUMENT_FIELDS), set(measure))
        self.assertLessEqual(
            set(MeasureComponent.DOCUMENT_FIELDS), set(schema["components"]["schemas"]["Component"]["properties"])
        )

    def test_the_docs_page_loads_nothing_from_outside(self):
        response = self.client.get("/api/docs/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("/static/ninja/swagger-ui-bundle.js", html)
        self.assertNotIn("https://", html)
        self.assertNotIn("http://", html)


class QueryCountTests(TestCase):
    def grow(self, plan_year, goals):
        parent = factories.make_goal(plan_year, title="Överst")
        for n in range(goals):
            goal = factories.make_goal(plan_year, parent=parent, title=f"Mål {n}", key=f"g{plan_year.goals.count()}")
            measure = Measure.objects.create(
                goal=goal, text=f"Mätetal {n}", target_kind="numeric", comparator="min", target_value=n
            )
            MeasureComponent.objects.create(measure=measure, label="skolor", target_value=n)

    def queries_for_tree(self, auth):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(f"{BASE}/2025/goals/", **auth)
        self.assertEqual(response.status_code, 200)
        return len(queries), response.json()

    def test_the_tree_costs_the_same_number_of_queries_for_5_and_50_goals(self):
        data = cast()
        auth = bearer(data["secret"])
        # The key's first use records it (one write); later calls within minutes do not.
        self.client.get("/api/organisations/", **auth)
        self.grow(data["plan_year"], 5)
        small, body = self.queries_for_tree(auth)
        self.assertEqual(len(body["goals"]), 4)
        self.grow(data["plan_year"], 45)
        large, body = self.queries_for_tree(auth)
        self.assertEqual(sum(len(g["children"]) for g in body["goals"]), 50)
        self.assertEqual(small, large)
        self.assertLess(small, 15)
