"""A session's sliding and absolute lifetimes (tracker/sessions.py), without a write per request."""

import time
from datetime import timedelta
from unittest import mock

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from . import factories


class FakeClock:
    """Stands in for the time module inside tracker.sessions."""

    def __init__(self, start):
        self.now = start

    def time(self):
        return self.now


class SessionLifetimeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        cls.url = reverse("my_goals")

    def setUp(self):
        self.clock = FakeClock(time.time())
        patcher = mock.patch("tracker.sessions.time", self.clock)
        patcher.start()
        self.addCleanup(patcher.stop)
        response = self.client.post(reverse("login"), {"username": "chef", "password": factories.PASSWORD})
        self.assertEqual(response.status_code, 302)

    def session_row(self):
        return Session.objects.get(session_key=self.client.session.session_key)

    def age_row(self):
        """Make the stored expiry visibly older than a fresh one, to see whether a request renews it."""
        soon = timezone.now() + timedelta(hours=1)
        Session.objects.filter(session_key=self.client.session.session_key).update(expire_date=soon)
        return soon

    def session_writes(self, queries):
        return [
            q["sql"] for q in queries if "django_session" in q["sql"] and not q["sql"].lstrip().startswith("SELECT")
        ]

    def test_the_session_is_not_written_on_a_plain_get_within_the_refresh_window(self):
        self.client.get(self.url)  # the first page after login may stamp the session
        soon = self.age_row()
        before = self.session_row().session_data
        self.clock.now += settings.SESSION_REFRESH_SECONDS - 5
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.session_writes(queries.captured_queries), [])
        row = self.session_row()
        self.assertEqual(row.expire_date, soon)
        self.assertEqual(row.session_data, before)
        self.assertNotIn(settings.SESSION_COOKIE_NAME, response.cookies)

    def test_the_expiry_is_renewed_after_the_refresh_window(self):
        self.client.get(self.url)
        soon = self.age_row()
        self.clock.now += settings.SESSION_REFRESH_SECONDS + 1
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertNotEqual(self.session_writes(queries.captured_queries), [])
        renewed = self.session_row().expire_date
        self.assertGreater(renewed, soon + timedelta(hours=10))
        self.assertEqual(response.cookies[settings.SESSION_COOKIE_NAME]["max-age"], settings.SESSION_COOKIE_AGE)

    def test_an_active_user_is_logged_out_after_the_absolute_lifetime(self):
        # Active all day: every few minutes a page, so the sliding expiry never ends it.
        step = settings.SESSION_REFRESH_SECONDS + 1
        elapsed = 0
        while elapsed + step < settings.SESSION_ABSOLUTE_SECONDS:
            self.clock.now += step
            elapsed += step
            if elapsed % (step * 40) < step:
                self.assertEqual(self.client.get(self.url).status_code, 200)
        self.clock.now += step
        response = self.client.get(self.url)
        self.assertRedirects(response, reverse("login") + "?next=" + self.url, fetch_redirect_response=False)
        login_page = self.client.get(response.url)
        self.assertContains(login_page, "Av säkerhetsskäl gäller en inloggning en begränsad tid")
        self.assertFalse(login_page.context["user"].is_authenticated)
        # Logged out for good: the next page asks for a login again.
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_a_post_after_the_absolute_lifetime_saves_nothing(self):
        self.clock.now += settings.SESSION_ABSOLUTE_SECONDS + 1
        url = reverse("follow_up_edit", args=[self.data["goal"].pk, self.data["interim"].pk])
        response = self.client.post(url, {"status": "achieved", "text": "Sparas inte", "version": "0"})
        self.assertRedirects(response, reverse("login"), fetch_redirect_response=False)
        self.assertFalse(self.data["goal"].follow_ups.exists())

    def test_a_new_login_starts_a_new_lifetime(self):
        self.clock.now += settings.SESSION_ABSOLUTE_SECONDS - 60
        self.client.post(reverse("logout"))
        self.client.post(reverse("login"), {"username": "chef", "password": factories.PASSWORD})
        self.clock.now += 120
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_a_session_from_before_the_stamp_gets_one_and_is_not_logged_out(self):
        self.client.logout()
        self.client.force_login(self.chef)  # no stamp, like a session made before this release
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.clock.now += settings.SESSION_ABSOLUTE_SECONDS - 60
        self.assertEqual(self.client.get(self.url).status_code, 200)
        self.clock.now += 120
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_the_settings_no_longer_write_every_request(self):
        self.assertFalse(settings.SESSION_SAVE_EVERY_REQUEST)
        self.assertLess(settings.SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE)
