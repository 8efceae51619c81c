"""Content-Security-Policy, Permissions-Policy and Cache-Control on the app's and the admin's pages."""

import re

from django.test import RequestFactory, TestCase
from django.urls import reverse
from django.utils.safestring import mark_safe

from goals.models import FollowUp, State, Status
from goals.templatetags.security import with_style_nonce

from . import factories


def directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


class HeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.chef = factories.manager("chef", cls.data)
        cls.reader = factories.reader("lasare", cls.data)

    def assert_strict_policy(self, response):
        policy = directives(response)
        self.assertEqual(policy["default-src"], ["'self'"])
        self.assertEqual(policy["script-src"], ["'self'"])
        self.assertEqual(policy["object-src"], ["'none'"])
        self.assertEqual(policy["frame-ancestors"], ["'none'"])
        self.assertNotIn("'unsafe-inline'", response.headers["Content-Security-Policy"])
        self.assertNotIn("'unsafe-eval'", response.headers["Content-Security-Policy"])
        permissions = response.headers["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            self.assertIn(f"{feature}=()", permissions)

    def assert_not_stored(self, response):
        self.assertIn("no-store", response.headers.get("Cache-Control", ""))
        self.assertIn("private", response.headers.get("Cache-Control", ""))

    def test_an_app_page_for_a_logged_in_user(self):
        self.client.force_login(self.chef)
        response = self.client.get(reverse("my_goals"))
        self.assertEqual(response.status_code, 200)
        self.assert_strict_policy(response)
        self.assert_not_stored(response)

    def test_an_admin_page_and_its_changelist(self):
        self.client.force_login(self.kansli)
        for url in (reverse("admin:index"), reverse("admin:goals_followup_changelist")):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assert_strict_policy(response)
            self.assert_not_stored(response)
            self.assertNotContains(response, "<style")  # the admin's own CSS is a static file

    def test_the_login_pages(self):
        for url in (reverse("login"), reverse("admin:login")):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200)
            self.assert_strict_policy(response)

    def test_anonymous_pages_may_be_cached_and_logged_in_ones_not(self):
        anonymous = self.client.get("/finns-inte/")
        self.assertEqual(anonymous.status_code, 404)
        self.assertNotIn("no-store", anonymous.headers.get("Cache-Control", ""))
        self.assert_strict_policy(anonymous)
        self.client.force_login(self.reader)
        self.assert_not_stored(self.client.get("/finns-inte/"))

    def test_the_answer_to_a_login_and_a_logout_is_not_stored(self):
        login = self.client.post(reverse("login"), {"username": "chef", "password": factories.PASSWORD})
        self.assertEqual(login.status_code, 302)
        self.assert_not_stored(login)
        self.assert_not_stored(self.client.post(reverse("logout")))

    def test_health_keeps_its_own_headers(self):
        response = self.client.get("/health/")
        self.assertEqual(response.headers["Cache-Control"], "no-store")
        self.assertNotIn("Content-Security-Policy", response.headers)

    def test_a_chart_carries_the_nonce_of_its_page(self):
        FollowUp.objects.create(
            goal=self.data["goal"], period=self.data["annual"], state=State.APPROVED, status=Status.ACHIEVED
        )
        self.client.force_login(self.reader)
        response = self.client.get(
            reverse("plan", args=[self.data["organisation"].slug, self.data["plan_year"].year]),
            {"period": self.data["annual"].pk},
        )
        self.assertContains(response, "<svg")
        nonces = [value for value in directives(response)["style-src"] if value.startswith("'nonce-")]
        self.assertEqual(len(nonces), 1)
        styles = re.findall(r"<style[^>]*>", response.content.decode())
        self.assertTrue(styles)
        self.assertEqual(set(styles), {f'<style nonce="{nonces[0][7:-1]}" type="text/css">'})
        self.assertNotRegex(response.content.decode(), r"\sstyle=")

    def test_without_a_request_the_svg_is_unchanged(self):
        svg = mark_safe('<svg><style type="text/css">a{}</style></svg>')
        self.assertEqual(with_style_nonce(svg, None), svg)
        request = RequestFactory().get("/")
        request.csp_nonce = "abc+/="
        self.assertEqual(with_style_nonce(svg, request), '<svg><style nonce="abc+/=" type="text/css">a{}</style></svg>')
