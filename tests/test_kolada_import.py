import json
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import TestCase

from goals.kolada import KoladaImportError, import_values
from goals.models import Breakdown, Measure, MeasureValue, Member

from . import factories


class KoladaImportTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.org = cls.data["organisation"]
        Member.objects.create(organisation=cls.org, code="1490", name="Borås")
        Member.objects.create(organisation=cls.org, code="1443", name="Bollebygd")
        cls.measure = Measure.objects.create(
            goal=cls.data["goal"],
            text="Elever som fullföljer gymnasiet",
            kpi="N17461",
            breakdown=Breakdown.MUNICIPALITY_GENDER,
            unit_label="%",
        )

    def test_koladas_json_is_mapped_by_kpi_and_year(self):
        content = json.dumps(
            {
                "values": [
                    {
                        "kpi": "N17461",
                        "municipality": "1490",
                        "period": 2025,
                        "values": [
                            {"gender": "K", "value": 71.2},
                            {"gender": "M", "value": 64.8},
                            {"gender": "T", "value": 68.0},
                        ],
                    },
                    {"kpi": "N17461", "municipality": "1443", "period": 2025, "values": [{"gender": "T", "value": 75}]},
                ]
            }
        ).encode()
        self.assertEqual(import_values(organisation=self.org, content=content), 4)
        values = {(v.municipality.code, v.gender): str(v.value) for v in MeasureValue.objects.all()}
        self.assertEqual(
            values, {("1490", "K"): "71.20", ("1490", "M"): "64.80", ("1490", "T"): "68.00", ("1443", "T"): "75.00"}
        )
        follow_up = MeasureValue.objects.first().follow_up
        self.assertEqual(follow_up.period, self.data["annual"])
        # A new version: a per-kommun grid opened before the import cannot save over it.
        self.assertEqual(follow_up.version, 1)

    def test_a_csv_with_semicolons_and_decimal_commas(self):
        content = b"kpi;municipality;period;gender;value\nN17461;1490;2025;T;68,5\n"
        import_values(organisation=self.org, content=content)
        self.assertEqual(MeasureValue.objects.get().value, 68.5)

    def test_one_bad_row_imports_nothing_and_names_the_rows(self):
        content = (
            b"kpi,municipality,period,gender,value\n"
            b"N17461,1490,2025,T,68\n"
            b"N17461,0180,2025,T,70\n"
            b"N99999,1490,2025,T,1\n"
            b"N17461,1490,2025,X,mycket\n"
        )
        with self.assertRaises(KoladaImportError) as caught:
            import_values(organisation=self.org, content=content)
        self.assertEqual(caught.exception.problems, ["rad 5: ”mycket” är inget tal. Skriv t.ex. 27 531 eller 85,5."])
        content = content.replace(b"mycket", b"2")
        with self.assertRaises(KoladaImportError) as caught:
            import_values(organisation=self.org, content=content)
        problems = "\n".join(caught.exception.problems)
        self.assertIn("rad 3: kommunkoden 0180 hör inte till", problems)
        self.assertIn("rad 4: inget mätetal per kommun har KPI N99999 år 2025", problems)
        self.assertIn("rad 5: kön ska vara T, K eller M, inte X", problems)
        self.assertFalse(MeasureValue.objects.exists())

    def test_the_command(self):
        path = Path(self._testMethodName + ".csv")
        path.write_text("kpi,municipality,period,gender,value\nN17461,1490,2025,T,68\n", encoding="utf-8")
        try:
            out = StringIO()
            call_command("import_values", str(path), "--org", self.org.slug, stdout=out)
            self.assertIn("Importerade 1 värden.", out.getvalue())
            path.write_text("kpi,municipality\nN1,1490\n", encoding="utf-8")
            with self.assertRaisesMessage(
                CommandError, "Rad 1: kolumnerna gender, kpi, municipality, period, value krävs"
            ):
                call_command("import_values", str(path), "--org", self.org.slug, stdout=StringIO())
        finally:
            path.unlink()


class KoladaAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        Member.objects.create(organisation=cls.data["organisation"], code="1490", name="Borås")
        Measure.objects.create(goal=cls.data["goal"], text="KPI", kpi="N1", breakdown=Breakdown.MUNICIPALITY)
        factories.kansli("kansli", cls.data)

    def test_kansliet_uploads_a_file_in_the_admin(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.login(username="kansli", password=factories.PASSWORD)
        self.assertEqual(self.client.get("/admin/goals/measure/kolada/").status_code, 200)
        upload = SimpleUploadedFile("kolada.csv", b"kpi,municipality,period,gender,value\nN1,1490,2025,T,5\n")
        response = self.client.post(
            "/admin/goals/measure/kolada/", {"organisation": self.data["organisation"].pk, "file": upload}
        )
        self.assertRedirects(response, "/admin/goals/measure/")
        self.assertEqual(MeasureValue.objects.get().gender, "")

    def test_a_bad_file_shows_its_problems(self):
        from django.core.files.uploadedfile import SimpleUploadedFile

        self.client.login(username="kansli", password=factories.PASSWORD)
        upload = SimpleUploadedFile("kolada.csv", b"kpi,municipality,period,gender,value\nN2,1490,2025,T,5\n")
        response = self.client.post(
            "/admin/goals/measure/kolada/", {"organisation": self.data["organisation"].pk, "file": upload}
        )
        self.assertContains(response, "inget mätetal per kommun har KPI N2 år 2025")
        self.assertFalse(MeasureValue.objects.exists())


class KoladaBadInputTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.org = cls.data["organisation"]
        Member.objects.create(organisation=cls.org, code="1490", name="Borås")
        Measure.objects.create(goal=cls.data["goal"], text="Per kommun", kpi="N1", breakdown=Breakdown.MUNICIPALITY)

    def problems(self, content: bytes) -> list[str]:
        with self.assertRaises(KoladaImportError) as caught:
            import_values(organisation=self.org, content=content)
        self.assertFalse(MeasureValue.objects.exists())
        return caught.exception.problems

    def test_gender_rows_for_a_measure_without_gender_are_refused(self):
        problems = self.problems(b"kpi,municipality,period,gender,value\nN1,1490,2025,K,10\nN1,1490,2025,T,30\n")
        self.assertEqual(problems, ["rad 2: mätetalet för KPI N1 redovisas inte per kön; ta bara med T-raderna."])

    def test_a_too_large_number_is_refused(self):
        problems = self.problems(b"kpi,municipality,period,gender,value\nN1,1490,2025,T,99999999999999999999\n")
        self.assertEqual(
            problems,
            [
                "rad 2: 99\u00a0999\u00a0999\u00a0999\u00a0999\u00a0999\u00a0999 är för stort; största tillåtna värde är "
                "999\u00a0999\u00a0999\u00a0999,99."
            ],
        )

    def test_odd_json_shapes_get_messages_not_errors(self):
        self.assertEqual(self.problems(b'{"values": [1]}'), ["values[0]: kpi, municipality, period och values krävs."])
        self.assertEqual(
            self.problems(b'{"values": [{"kpi": "N1", "municipality": "1490", "period": 2025, "values": 5}]}'),
            ["values[0]: kpi, municipality, period och values krävs."],
        )
        self.assertEqual(
            self.problems(b'{"values": [{"kpi": "N1", "municipality": "1490", "period": 2025, "values": [3]}]}'),
            ["values[0].values[0]: ska vara ett objekt med gender och value."],
        )
