"""Kansliet's Excel pages: downloads, template and upload; other förbund and units see nothing."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from openpyxl import load_workbook

from goals.models import PlanYear
from goals.spreadsheets import exporting

from . import factories
from .workbooks import next_year_book, put

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(wb, name="plan.xlsx"):
    return SimpleUploadedFile(name, exporting.as_bytes(wb), content_type=XLSX)


class Cast(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.other = factories.plan(slug="andra")
        factories.kansli("kansli", cls.data)
        factories.kansli("kansli-andra", cls.other)
        factories.manager("chef", cls.data)
        factories.reader("lasare", cls.data)

    def login(self, username):
        self.client.login(username=username, password=factories.PASSWORD)

    def assertRefused(self, method, url, **kwargs):
        response = getattr(self.client, method)(url, **kwargs)
        self.assertRedirects(response, reverse("login") + "?next=" + url, fetch_redirect_response=False)
        for username in ("kansli-andra", "chef", "lasare"):
            self.login(username)
            self.assertEqual(getattr(self.client, method)(url, **kwargs).status_code, 404, username)
            self.client.logout()


class DownloadTests(Cast):
    def test_the_plan_downloads_as_a_workbook(self):
        url = reverse("plan_excel", args=["forbundet", 2025])
        self.login("kansli")
        response = self.client.get(url)
        self.assertEqual(response["Content-Type"], XLSX)
        self.assertIn('filename="forbundet-plan-2025.xlsx"', response["Content-Disposition"])
        wb = load_workbook(BytesIO(response.content))
        self.assertEqual(wb["Mål"]["C2"].value, "Minst 25 000 elever på teman")

    def test_the_plan_of_another_forbund_or_year_is_404_and_anonymous_goes_to_login(self):
        self.assertRefused("get", reverse("plan_excel", args=["forbundet", 2025]))
        self.login("kansli")
        self.assertEqual(self.client.get(reverse("plan_excel", args=["andra", 2025])).status_code, 404)
        self.assertEqual(self.client.get(reverse("plan_excel", args=["forbundet", 1999])).status_code, 404)

    def test_the_status_of_a_period_downloads(self):
        url = reverse("status_excel", args=["forbundet", self.data["interim"].pk])
        self.login("kansli")
        response = self.client.get(url)
        self.assertIn("forbundet-2025-delarsrapport-250831-status.xlsx", response["Content-Disposition"])
        wb = load_workbook(BytesIO(response.content))
        self.assertEqual(wb["Status"].max_row, 4)

    def test_the_status_of_another_forbunds_period_is_404(self):
        self.assertRefused("get", reverse("status_excel", args=["forbundet", self.data["interim"].pk]))
        self.login("kansli")
        # Own slug with another förbund's period, too.
        url = reverse("status_excel", args=["forbundet", self.other["interim"].pk])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_template_downloads(self):
        url = reverse("plan_template", args=["forbundet"])
        self.login("kansli")
        response = self.client.get(url)
        self.assertIn("forbundet-planmall.xlsx", response["Content-Disposition"])
        self.assertIn("Instruktioner", load_workbook(BytesIO(response.content)).sheetnames)
        self.client.logout()
        self.assertRefused("get", url)

    def test_the_overview_links_to_the_downloads_and_the_import(self):
        self.login("kansli")
        response = self.client.get(reverse("overview_period", args=["forbundet", self.data["interim"].pk]))
        self.assertContains(response, reverse("status_excel", args=["forbundet", self.data["interim"].pk]))
        self.assertContains(response, reverse("plan_excel", args=["forbundet", 2025]))
        self.assertContains(response, reverse("plan_import", args=["forbundet"]))
        self.assertContains(response, "Ladda ned status (Excel)")


class UploadTests(Cast):
    url = reverse("plan_import", args=["forbundet"])

    def test_the_form_proposes_next_year(self):
        self.login("kansli")
        response = self.client.get(self.url)
        self.assertContains(response, 'value="2026"')
        self.assertContains(response, reverse("plan_template", args=["forbundet"]))

    def test_a_good_workbook_is_imported_and_kansliet_is_told(self):
        self.login("kansli")
        response = self.client.post(self.url, {"year": 2026, "file": upload(next_year_book(self.data))}, follow=True)
        self.assertRedirects(response, reverse("overview_org", args=["forbundet"]))
        self.assertContains(response, "Planen för 2026 är importerad: 3 mål och uppdrag, 2 mätetal.")
        plan_year = PlanYear.objects.get(organisation=self.data["organisation"], year=2026)
        self.assertEqual(plan_year.goals.count(), 3)

    def test_a_bad_workbook_re_renders_with_every_problem_and_the_year_kept(self):
        wb = next_year_book(self.data)
        put(wb["Mätetal"], 2, Målvärde="12,5,3")
        put(wb["Mål"], 3, Enhet="Okänd")
        self.login("kansli")
        response = self.client.post(self.url, {"year": 2026, "file": upload(wb)})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Inget importerades. Filen har 2 fel:", status_code=400)
        self.assertContains(response, "Bladet Mätetal, rad 2, kolumn Målvärde: ”12,5,3” är inget tal.", status_code=400)
        self.assertContains(response, "Bladet Mål, rad 3, kolumn Enhet:", status_code=400)
        self.assertContains(response, 'value="2026"', status_code=400)
        self.assertFalse(PlanYear.objects.filter(organisation=self.data["organisation"], year=2026).exists())

    def test_an_existing_year_is_refused_and_left_as_it_was(self):
        self.login("kansli")
        plan_year = self.data["plan_year"]
        response = self.client.post(self.url, {"year": 2025, "file": upload(next_year_book(self.data, 2025))})
        self.assertContains(response, "har redan verksamhetsåret 2025", status_code=400)
        plan_year.refresh_from_db()
        self.assertEqual(plan_year.goals.count(), 3)

    def test_replace_when_asked_and_allowed(self):
        wb = next_year_book(self.data, 2025)
        put(wb["Mål"], 2, Mål_uppdrag="Omskrivet mål")
        self.login("kansli")
        self.client.post(self.url, {"year": 2025, "file": upload(wb), "replace": "on"})
        plan_year = PlanYear.objects.get(organisation=self.data["organisation"], year=2025)
        self.assertNotEqual(plan_year.pk, self.data["plan_year"].pk)
        self.assertEqual(plan_year.goals.order_by("order").first().title, "Omskrivet mål")

    def test_a_file_that_is_not_xlsx_is_a_form_error(self):
        self.login("kansli")
        bad = SimpleUploadedFile("plan.csv", b"a;b", content_type="text/csv")
        response = self.client.post(self.url, {"year": "2026", "file": bad})
        self.assertContains(response, "Filen ska vara en Excel-arbetsbok (.xlsx).", status_code=400)
        fake = SimpleUploadedFile("plan.xlsx", b"not a zip", content_type=XLSX)
        response = self.client.post(self.url, {"year": "2026", "file": fake})
        self.assertContains(response, "ingen Excel-arbetsbok", status_code=400)
        self.assertFalse(PlanYear.objects.filter(year=2026, organisation=self.data["organisation"]).exists())

    def test_the_upload_is_refused_to_others(self):
        self.assertRefused("get", self.url)
        self.login("kansli-andra")
        self.client.post(self.url, {"year": 2026, "file": upload(next_year_book(self.data))})
        self.assertFalse(PlanYear.objects.filter(organisation=self.data["organisation"], year=2026).exists())
