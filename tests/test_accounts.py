"""The password pages in the app's own look and in Swedish; the admin keeps its own."""

import importlib

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import clear_url_caches, reverse

import tracker.urls

from . import factories


class PasswordChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)

    def test_the_header_links_to_a_page_in_the_apps_look(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        home = self.client.get(reverse("my_goals"))
        self.assertContains(home, f'href="{reverse("password_change")}"')
        page = self.client.get(reverse("password_change"))
        self.assertContains(page, "<h1>Byt lösenord</h1>", html=True)
        self.assertContains(page, "Hoppa till innehållet")  # the app's base template, not the admin's
        self.assertContains(page, "Gammalt lösenord")
        self.assertNotContains(page, "Django")

    def test_anonymous_users_are_sent_to_login(self):
        response = self.client.get(reverse("password_change"))
        self.assertRedirects(response, reverse("login") + "?next=" + reverse("password_change"))

    def test_a_wrong_old_password_is_refused_in_swedish(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.post(
            reverse("password_change"),
            {
                "old_password": "fel",
                "new_password1": "ett-nytt-langt-losen-9",
                "new_password2": "ett-nytt-langt-losen-9",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Lösenordet är inte bytt")
        self.assertContains(response, "felaktigt")
        self.chef.refresh_from_db()
        self.assertTrue(self.chef.check_password(factories.PASSWORD))

    def test_the_password_is_changed(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.post(
            reverse("password_change"),
            {
                "old_password": factories.PASSWORD,
                "new_password1": "ett-nytt-langt-losen-9",
                "new_password2": "ett-nytt-langt-losen-9",
            },
        )
        self.assertRedirects(response, reverse("password_change_done"))
        self.assertContains(self.client.get(reverse("password_change_done")), "Lösenordet är bytt")
        self.chef.refresh_from_db()
        self.assertTrue(self.chef.check_password("ett-nytt-langt-losen-9"))

    def test_the_admin_keeps_its_own_password_page(self):
        factories.kansli("kansli", self.data)
        self.client.login(username="kansli", password=factories.PASSWORD)
        page = self.client.get(reverse("admin:password_change"))
        self.assertContains(page, "Måluppfyllelse – kansliets administration")
        self.assertNotContains(page, "Hoppa till innehållet")


class PasswordResetPageTests(TestCase):
    def tearDown(self):
        clear_url_caches()
        importlib.reload(tracker.urls)

    def test_reset_pages_and_mail_are_swedish_in_the_apps_look(self):
        user = get_user_model().objects.create_user("chef", email="chef@example.se", password="gammalt-losen-123")
        with override_settings(EMAIL_HOST="smtp.example.se"):
            clear_url_caches()
            importlib.reload(tracker.urls)
            form = self.client.get("/konto/glomt-losenord/")
            self.assertContains(form, "Glömt lösenordet")
            self.assertContains(form, "Hoppa till innehållet")
            self.client.post("/konto/glomt-losenord/", {"email": "chef@example.se"})
            message = mail.outbox[0]
            self.assertEqual(message.subject, "Nytt lösenord till Måluppfyllelse")
            self.assertIn("för kontot chef i Måluppfyllelse", message.body)
            link = next(line for line in message.body.splitlines() if "/konto/glomt-losenord/" in line)
            page = self.client.get(link.strip().split("testserver", 1)[1], follow=True)
            self.assertContains(page, "Välj ett nytt lösenord")
            response = self.client.post(
                page.redirect_chain[-1][0],
                {"new_password1": "kort", "new_password2": "annat"},
            )
            self.assertContains(response, "Lösenordet är inte sparat")
            response = self.client.post(
                page.redirect_chain[-1][0],
                {"new_password1": "ett-nytt-langt-losen-9", "new_password2": "ett-nytt-langt-losen-9"},
                follow=True,
            )
            self.assertContains(response, "Lösenordet är sparat")
            user.refresh_from_db()
            self.assertTrue(user.check_password("ett-nytt-langt-losen-9"))
            used = self.client.get(link.strip().split("testserver", 1)[1], follow=True)
            self.assertContains(used, "Länken fungerar inte längre")
