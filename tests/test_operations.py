"""What the IT department reads: the request id on the error page and in the log, error mail to
ADMINS, and the password-reset pages only where mail can be sent."""

import importlib
import io
import logging

from django.core import mail
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import NoReverseMatch, clear_url_caches, path, reverse

import tracker.urls


def boom(request):
    raise RuntimeError("något gick sönder")


urlpatterns = [path("boom/", boom), *tracker.urls.urlpatterns]
handler500 = tracker.urls.handler500


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
class ErrorPageTests(TestCase):
    def test_the_500_page_and_the_log_carry_the_same_request_id(self):
        self.client.raise_request_exception = False
        console = next(h for h in logging.getLogger("django.request").handlers if isinstance(h, logging.StreamHandler))
        log = io.StringIO()
        previous = console.setStream(log)
        try:
            response = self.client.get("/boom/")
        finally:
            console.setStream(previous)
        self.assertEqual(response.status_code, 500)
        request_id = response["X-Request-ID"]
        self.assertRegex(request_id, r"^[0-9a-f]{16}$")
        self.assertContains(response, f"Felkod: <code>{request_id}</code>", status_code=500)
        self.assertIn(f"ERROR django.request [{request_id}] Internal Server Error: /boom/", log.getvalue())
        self.assertIn("RuntimeError: något gick sönder", log.getvalue())

    def test_nginx_request_id_is_used_and_a_strange_one_is_not(self):
        self.client.raise_request_exception = False
        with self.assertLogs("django.request", level="ERROR"):
            given = self.client.get("/boom/", HTTP_X_REQUEST_ID="7f0c4e2a9b1d4c3e8f6a5b4c3d2e1f00")
            strange = self.client.get("/boom/", HTTP_X_REQUEST_ID="<script>")
        self.assertEqual(given["X-Request-ID"], "7f0c4e2a9b1d4c3e8f6a5b4c3d2e1f00")
        self.assertNotIn("script", strange["X-Request-ID"])

    @override_settings(ADMINS=[("IT", "it@example.se")], EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def test_an_error_is_mailed_to_admins(self):
        from django.utils.log import AdminEmailHandler

        self.client.raise_request_exception = False
        logger = logging.getLogger("django.request")
        with self.assertLogs(logger, level="ERROR"):
            # Settings attach this handler only when EMAIL_HOST and ADMINS are set.
            handler = AdminEmailHandler()
            logger.addHandler(handler)
            try:
                self.client.get("/boom/")
            finally:
                logger.removeHandler(handler)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["it@example.se"])
        self.assertIn("något gick sönder", mail.outbox[0].body)


class PasswordResetRoutingTests(SimpleTestCase):
    def reload_urls(self):
        clear_url_caches()
        importlib.reload(tracker.urls)

    def tearDown(self):
        self.reload_urls()

    def test_without_smtp_there_is_no_password_reset_page(self):
        with override_settings(EMAIL_HOST=""):
            self.reload_urls()
            with self.assertRaises(NoReverseMatch):
                reverse("password_reset")
            self.assertEqual(self.client.get("/konto/glomt-losenord/").status_code, 404)
            self.assertNotContains(self.client.get("/konto/login/"), "Glömt lösenordet?")

    def test_with_smtp_the_reset_page_is_offered(self):
        with override_settings(EMAIL_HOST="smtp.example.se"):
            self.reload_urls()
            self.assertContains(self.client.get("/konto/login/"), "Glömt lösenordet?")
            self.assertEqual(self.client.get("/konto/glomt-losenord/").status_code, 200)


class PasswordResetMailTests(TestCase):
    def tearDown(self):
        clear_url_caches()
        importlib.reload(tracker.urls)

    def test_with_smtp_the_reset_mail_is_sent_with_a_working_link(self):
        from django.contrib.auth import get_user_model

        get_user_model().objects.create_user("chef", email="chef@example.se", password="gammalt-losen-123")
        with override_settings(EMAIL_HOST="smtp.example.se"):
            clear_url_caches()
            importlib.reload(tracker.urls)
            response = self.client.post("/konto/glomt-losenord/", {"email": "chef@example.se"})
            self.assertRedirects(response, "/konto/glomt-losenord/skickat/")
            self.assertEqual(len(mail.outbox), 1)
            link = next(line for line in mail.outbox[0].body.splitlines() if "/konto/glomt-losenord/" in line)
            page = self.client.get(link.strip().split("testserver", 1)[1], follow=True)
            self.assertEqual(page.status_code, 200)
            self.assertContains(page, "new_password1")


class AddKansliCommandTests(TestCase):
    def test_the_first_kansli_user_after_installation(self):
        from io import StringIO

        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.core.management.base import CommandError

        from goals.models import Membership, Organisation

        with self.assertRaisesMessage(CommandError, "Kontot it-admin finns inte"):
            call_command("add_kansli", "it-admin", "sjuharad")
        user = get_user_model().objects.create_user("it-admin", password="ett-langt-losen-123")
        with self.assertRaisesMessage(CommandError, "Organisationen sjuharad finns inte (finns: inga ännu)"):
            call_command("add_kansli", "it-admin", "sjuharad")
        self.assertFalse(Organisation.objects.exists())

        out = StringIO()
        call_command("add_kansli", "it-admin", "sjuharad", "--name", "Sjuhärads kommunalförbund", stdout=out)
        self.assertIn("it-admin har nu kansliets behörighet i Sjuhärads kommunalförbund", out.getvalue())
        self.assertTrue(Membership.objects.filter(user=user, organisation__slug="sjuharad", role="kansli").exists())
        self.client.login(username="it-admin", password="ett-langt-losen-123")
        self.assertRedirects(self.client.get("/"), "/kansli/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/admin/").status_code, 200)
