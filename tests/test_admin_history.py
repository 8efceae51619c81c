"""The admin's history pages say when (local time), who and what changed, in words and Swedish."""

import re

from django.test import TestCase
from django.utils import formats, timezone

from goals import services
from goals.models import FollowUp, TextSection, Unit

from . import factories


def local(moment, format_string="j F Y H:i:s"):
    return formats.date_format(timezone.localtime(moment), format_string)


class FollowUpAdminHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan(slug="vart")
        cls.theirs = factories.plan(slug="deras")
        factories.kansli("kansli", cls.data)
        factories.kansli("deras-kansli", cls.theirs)
        chef = factories.user("chef", first_name="Karin", last_name="Chef")
        from goals.models import Membership, Role

        Membership.objects.create(
            user=chef, organisation=cls.data["organisation"], unit=cls.data["units"][0], role=Role.MANAGER
        )
        common = dict(goal=cls.data["goal"], period=cls.data["interim"], user=chef, values={}, submit=False)
        services.save_follow_up(text="Första versionen", status="on_track", expected_version=0, **common)
        cls.follow_up = services.save_follow_up(text="Andra versionen", status="at_risk", expected_version=1, **common)
        cls.url = f"/admin/goals/followup/{cls.follow_up.pk}/history/"

    def test_each_entry_says_when_in_local_time_who_and_what_in_words(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.get(self.url)
        page = response.content.decode()
        latest = self.follow_up.history.first()
        self.assertIn(local(latest.history_date), page)
        self.assertNotRegex(page, r"\d\d:\d\d:\d\d\.\d")  # no microseconds
        self.assertNotIn("UTC", page)
        self.assertIn("Karin Chef", page)
        self.assertIn("Utkast sparat", page)
        # The field's verbose name and the choices' labels, old → new.
        self.assertRegex(page, r"Bedömning:</strong>\s*Pågår enligt plan → Risk för avvikelse")
        # Prose as the words that changed, as on the app's history page.
        self.assertRegex(page, r'Uppföljning:</strong> <span class="diff"><del>.*Första.*</del>\s*<ins>.*Andra')
        self.assertNotIn("on_track", page)
        self.assertNotIn("Version:", page)

    def test_a_changed_figure_is_in_the_admin_history_too(self):
        measure = self.data["goal"].measures.first()
        services.save_follow_up(
            goal=self.data["goal"],
            period=self.data["interim"],
            user=factories.user("chef2"),
            status="at_risk",
            text="Andra versionen",
            values={services.main_cell(measure.pk): services.CellData(value=27531)},
            expected_version=2,
            submit=False,
        )
        self.client.login(username="kansli", password=factories.PASSWORD)
        page = self.client.get(self.url).content.decode()
        self.assertIn("Värde för mätetal", page)
        self.assertIn("– → 27\u00a0531", page)

    def test_a_version_opens_read_only_in_swedish(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        record = self.follow_up.history.last()
        response = self.client.get(f"{self.url}{record.history_id}/")
        self.assertContains(response, "Version av")
        self.assertContains(response, "Tillbaka till historiken")
        self.assertNotContains(response, 'value="Återställ"')

    def test_anonymous_is_sent_to_the_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])

    def test_another_forbunds_kansli_gets_404(self):
        self.client.login(username="deras-kansli", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)
        record = self.follow_up.history.first()
        self.assertEqual(self.client.get(f"{self.url}{record.history_id}/").status_code, 404)


class TextSectionAdminHistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan(slug="vart")
        cls.theirs = factories.plan(slug="deras")
        factories.kansli("kansli", cls.data)
        factories.kansli("deras-kansli", cls.theirs)
        cls.text = TextSection.objects.create(
            plan_year=cls.data["plan_year"], section="goals", kind="intro", heading="Inledning", body="Gammal text"
        )

    def edit(self, body):
        return self.client.post(
            f"/admin/goals/textsection/{self.text.pk}/change/",
            {
                "plan_year": self.data["plan_year"].pk,
                "period": "",
                "section": "goals",
                "kind": "intro",
                "unit": "",
                "node": "",
                "heading": "Inledning",
                "body": body,
                "order": "0",
            },
        )

    def test_an_edit_in_the_admin_is_shown_in_words_and_can_be_reverted(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertEqual(self.edit("Ny text").status_code, 302)
        page = self.client.get(f"/admin/goals/textsection/{self.text.pk}/history/").content.decode()
        self.assertIn("Ändrad", page)
        self.assertIn("Skapad", page)
        self.assertRegex(page, r"Text:</strong>\s*Gammal text → Ny text")
        oldest = self.text.history.last()
        response = self.client.get(f"/admin/goals/textsection/{self.text.pk}/history/{oldest.history_id}/")
        self.assertContains(response, 'value="Återställ"')

    def test_a_bad_edit_keeps_the_text_and_says_why(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.edit("")
        self.assertContains(response, "Detta fält måste fyllas i.")
        self.text.refresh_from_db()
        self.assertEqual(self.text.body, "Gammal text")

    def test_another_forbunds_kansli_gets_404(self):
        self.client.login(username="deras-kansli", password=factories.PASSWORD)
        self.assertEqual(self.client.get(f"/admin/goals/textsection/{self.text.pk}/history/").status_code, 404)


class LogEntryHistoryTests(TestCase):
    """Models without their own history use Django's admin log: Swedish and local time too."""

    def test_an_admin_edit_is_logged_in_swedish_with_local_time(self):
        data = factories.plan(slug="vart")
        factories.kansli("kansli", data)
        unit = data["units"][0]
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.post(
            f"/admin/goals/unit/{unit.pk}/change/",
            {"organisation": data["organisation"].pk, "slug": unit.slug, "name": "Ny utveckling", "order": "0"},
        )
        self.assertEqual(response.status_code, 302)
        unit.refresh_from_db()
        self.assertEqual(unit.name, "Ny utveckling")
        from django.contrib.admin.models import LogEntry

        entry = LogEntry.objects.get(object_id=str(unit.pk))
        page = self.client.get(f"/admin/goals/unit/{unit.pk}/history/").content.decode()
        self.assertIn(local(entry.action_time, "DATETIME_FORMAT"), page)
        self.assertIn("Ändrade", page)
        self.assertIn("Namn", page)
        self.assertNotRegex(page, r"\d\d:\d\d:\d\d\.\d")
        self.assertIsNone(re.search(r"\bChanged\b|\bDate/time\b", page))
        self.assertEqual(Unit.objects.filter(name="Ny utveckling").count(), 1)
        self.assertEqual(FollowUp.objects.count(), 0)
