"""Kansliet's open-data downloads: a mätetal as a Kolada CSV (which imports back) and a whole
year in the interchange format."""

import csv
import io
import json

from django.test import TestCase

from goals import kolada
from goals.interchange import FORMAT, validate
from goals.models import MeasureValue

from . import factories
from .api_cast import cast


def kolada_url(data, slug="forbundet"):
    return f"/kansli/{slug}/matetal/{data['measure'].pk}/kolada.csv"


def stored(measure):
    return sorted(
        MeasureValue.objects.filter(measure=measure).values_list(
            "municipality__code", "gender", "value", "follow_up_id"
        )
    )


class KoladaExportTests(TestCase):
    def setUp(self):
        self.data = cast()

    def download(self, username="kansli", url=None):
        self.client.login(username=username, password=factories.PASSWORD)
        return self.client.get(url or kolada_url(self.data))

    def test_a_measure_per_kommun_and_kon_in_koladas_columns(self):
        response = self.download()
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        self.assertIn('filename="forbundet-2025-N17461-kolada.csv"', response["Content-Disposition"])
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        self.assertEqual(rows[0], list(kolada.COLUMNS))
        self.assertEqual(
            rows[1:],
            [
                ["N17461", "1490", "2025", "K", "81.5"],
                ["N17461", "1490", "2025", "M", "77"],
                ["N17461", "1441", "2025", "K", "90"],
                ["N17461", "1441", "2025", "M", "88.25"],
            ],
        )

    def test_the_export_imports_back_into_the_same_values(self):
        measure = self.data["measure"]
        before = stored(measure)
        content = self.download().content
        MeasureValue.objects.filter(measure=measure).update(value=None)
        self.assertNotEqual(stored(measure), before)
        # The approved follow-up refuses any import; the round trip is into a follow-up still open.
        self.data["approved"].state = "submitted"
        self.data["approved"].save()
        written = kolada.import_values(organisation=self.data["organisation"], content=content)
        self.assertEqual(written, 4)
        self.assertEqual(stored(measure), before)

    def test_a_measure_without_kommuner_has_no_kolada_file(self):
        plain = self.data["goal"].measures.get(text="Minst 25 000 elever")
        response = self.download(url=f"/kansli/forbundet/matetal/{plain.pk}/kolada.csv")
        self.assertEqual(response.status_code, 404)

    def test_anonymous_is_sent_to_the_login(self):
        response = self.client.get(kolada_url(self.data))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/konto/login/", response["Location"])

    def test_another_förbund_and_an_enhetschef_get_404(self):
        self.assertEqual(self.download("andra-kansliet").status_code, 404)
        # The other förbund's own slug does not open this förbund's mätetal either.
        self.assertEqual(self.download("andra-kansliet", kolada_url(self.data, "andra")).status_code, 404)
        self.assertEqual(self.download("chef").status_code, 404)

    def test_the_history_page_links_it_for_kansliet_only(self):
        page = f"/matetal/{self.data['measure'].pk}/historik/"
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertContains(self.client.get(page), kolada_url(self.data))
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.get(page)
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "kolada.csv")


class YearExportTests(TestCase):
    url = "/kansli/forbundet/plan/2025/json/"

    def setUp(self):
        self.data = cast()

    def test_the_year_as_a_valid_interchange_document(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertIn('filename="forbundet-2025.json"', response["Content-Disposition"])
        document = json.loads(response.content)
        self.assertEqual((document["format"], document["year"]), (FORMAT, 2025))
        validate(document)  # raises PlanImportError with the problems
        states = sorted(f["state"] for goal in document["goals"] for f in goal["follow_ups"])
        self.assertEqual(states, ["approved", "draft"])

    def test_planera_links_it(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertContains(self.client.get("/kansli/forbundet/planera/2025/"), self.url)

    def test_anonymous_is_sent_to_the_login(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/konto/login/", response["Location"])

    def test_another_förbund_and_an_enhetschef_get_404(self):
        for username in ("andra-kansliet", "chef"):
            with self.subTest(username=username):
                self.client.login(username=username, password=factories.PASSWORD)
                self.assertEqual(self.client.get(self.url).status_code, 404)
