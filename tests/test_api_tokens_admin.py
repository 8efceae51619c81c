"""Kansliet creates its own API keys in the admin: shown once, stored as a digest, revocable,
invisible to everyone else."""

from django.test import TestCase

from api.models import ApiToken

from . import factories
from .api_cast import bearer
from .test_admin_swedish import english_in

ADD = "/admin/api/apitoken/add/"
LIST = "/admin/api/apitoken/"


class TokenAdminTests(TestCase):
    def setUp(self):
        self.data = factories.plan()
        self.kansli = factories.kansli("kansli", self.data)
        self.client.login(username="kansli", password=factories.PASSWORD)

    def create(self, name="Kommunens statistiksystem"):
        response = self.client.post(ADD, {"name": name})
        self.assertEqual(response.status_code, 200)
        return response, response.context["secret"]

    def test_a_kansli_creates_a_key_that_is_shown_once_and_works(self):
        response, secret = self.create()
        self.assertContains(response, secret)
        token = ApiToken.objects.get()
        self.assertEqual((token.user, token.name), (self.kansli, "Kommunens statistiksystem"))
        self.assertNotIn(secret, token.digest)
        listing = self.client.get(LIST)
        self.assertContains(listing, token.prefix)
        self.assertNotContains(listing, secret)
        self.assertNotContains(self.client.get(f"{LIST}{token.pk}/change/"), secret)
        self.client.logout()
        self.assertEqual(self.client.get("/api/organisations/", **bearer(secret)).status_code, 200)

    def test_an_empty_name_is_refused_with_the_form_again(self):
        response = self.client.post(ADD, {"name": ""})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Detta fält måste fyllas i.")
        self.assertFalse(ApiToken.objects.exists())

    def test_revoking_a_key_stops_it(self):
        _response, secret = self.create()
        token = ApiToken.objects.get()
        response = self.client.post(LIST, {"action": "revoke", "_selected_action": [token.pk]}, follow=True)
        self.assertContains(response, "1 nyckel är återkallad.")
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        self.assertEqual(self.client.get("/api/organisations/", **bearer(secret)).status_code, 401)

    def test_nobody_else_sees_or_changes_the_key(self):
        self.create()
        token = ApiToken.objects.get()
        other = factories.plan("andra")
        factories.kansli("andra-kansliet", other)
        factories.kansli("kollega", self.data)
        for username in ("andra-kansliet", "kollega"):
            with self.subTest(username=username):
                self.client.login(username=username, password=factories.PASSWORD)
                self.assertNotContains(self.client.get(LIST), token.prefix)
                response = self.client.get(f"{LIST}{token.pk}/change/")
                self.assertEqual(response.status_code, 302)  # the admin's "does not exist" redirect
                self.client.post(f"{LIST}{token.pk}/delete/", {"post": "yes"})
                self.assertTrue(ApiToken.objects.filter(pk=token.pk).exists())

    def test_an_enhetschef_has_no_keys(self):
        chef = factories.manager("chef", self.data)
        chef.is_staff = True  # even a staff flag gives no key: the role does
        chef.save()
        self.client.login(username="chef", password=factories.PASSWORD)
        self.assertEqual(self.client.get(ADD).status_code, 403)

    def test_every_key_page_is_swedish(self):
        response, _secret = self.create()
        pages = {"created": response.content.decode()}
        token = ApiToken.objects.get()
        for url in (LIST, ADD, f"{LIST}{token.pk}/change/", f"{LIST}{token.pk}/delete/", f"{LIST}{token.pk}/history/"):
            page = self.client.get(url)
            self.assertEqual(page.status_code, 200, url)
            pages[url] = page.content.decode()
        found = {url: english_in(html) for url, html in pages.items() if english_in(html)}
        self.assertEqual(found, {})

    def test_anonymous_is_sent_to_the_login(self):
        self.client.logout()
        response = self.client.get(ADD)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
