import copy
import json
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.test import TestCase

from goals import interchange
from goals.interchange import PlanImportError, export_document, import_document
from goals.models import FollowUp, Goal, Organisation, PlanYear

DEMO = Path(__file__).resolve().parent.parent / "goals" / "demo" / "borasregionen-2023.json"


def demo_document():
    return json.loads(DEMO.read_text(encoding="utf-8"))


class ImportExportTests(TestCase):
    def test_export_then_import_into_an_empty_database_then_export_gives_the_same_document(self):
        first = export_document(import_document(demo_document()))
        PlanYear.objects.all().delete()
        Organisation.objects.all().delete()
        second = export_document(import_document(copy.deepcopy(first)))
        self.assertEqual(first, second)

    def test_the_export_command_writes_json_to_stdout_and_to_a_file(self):
        import_document(demo_document())
        out = StringIO()
        call_command("export_plan", "--org", "borasregionen", "--year", "2023", stdout=out)
        document = json.loads(out.getvalue())
        self.assertEqual(document["year"], 2023)
        path = Path(self._testMethodName + ".json")
        try:
            call_command(
                "export_plan", "--org", "borasregionen", "--year", "2023", "--output", str(path), stderr=StringIO()
            )
            self.assertEqual(json.loads(path.read_text(encoding="utf-8")), document)
        finally:
            path.unlink(missing_ok=True)

    def test_export_of_an_unknown_year_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "Verksamhetsåret 1999 finns inte"):
            call_command("export_plan", "--org", "borasregionen", "--year", "1999", stdout=StringIO())

    def test_a_bad_value_names_its_place_and_nothing_is_written(self):
        document = demo_document()
        document["goals"][7]["follow_ups"][0]["status"] = "klart"
        with self.assertRaises(PlanImportError) as caught:
            import_document(document)
        self.assertIn("goals[7].follow_ups[0].status: otillåtet värde", caught.exception.problems[0])
        self.assertFalse(Organisation.objects.exists())

    def test_a_reference_to_an_unknown_unit_is_refused(self):
        document = demo_document()
        document["goals"][10]["unit"] = "finns-inte"
        with self.assertRaises(PlanImportError) as caught:
            import_document(document)
        self.assertEqual(caught.exception.problems, ["goals[10].unit: enheten finns-inte finns inte i dokumentet."])

    def test_a_failure_late_in_the_file_rolls_back_everything(self):
        document = demo_document()
        real_import_goal = interchange._import_goal
        calls = []

        def failing_on_the_last_goal(item, *args):
            calls.append(item)
            if len(calls) == len(document["goals"]):
                raise DatabaseError("disk full")
            return real_import_goal(item, *args)

        with mock.patch.object(interchange, "_import_goal", failing_on_the_last_goal):
            with self.assertRaises(DatabaseError):
                import_document(document)
        self.assertEqual(len(calls), len(document["goals"]))
        self.assertFalse(Organisation.objects.exists())
        self.assertFalse(Goal.objects.exists())

    def test_importing_an_existing_year_needs_replace(self):
        import_document(demo_document())
        with self.assertRaisesMessage(PlanImportError, "har redan verksamhetsåret 2023"):
            import_document(demo_document())
        import_document(demo_document(), replace=True)
        self.assertEqual(PlanYear.objects.count(), 1)

    def test_the_import_command_reports_problems_in_swedish(self):
        path = Path(self._testMethodName + ".json")
        path.write_text('{"format": "maluppfyllelse-plan/1", "year": "tjugotjugotre"}', encoding="utf-8")
        try:
            with self.assertRaises(CommandError) as caught:
                call_command("import_plan", str(path), stdout=StringIO())
        finally:
            path.unlink()
        message = str(caught.exception)
        self.assertIn("Inget importerades", message)
        self.assertIn("year: fel typ av värde", message)
        self.assertIn("fältet saknas", message)

    def test_a_file_that_is_not_json_gets_line_and_column(self):
        path = Path(self._testMethodName + ".json")
        path.write_text('{"format": \n  oops}', encoding="utf-8")
        try:
            with self.assertRaisesMessage(CommandError, "rad 2, kolumn 3"):
                call_command("import_plan", str(path), stdout=StringIO())
        finally:
            path.unlink()
        self.assertFalse(FollowUp.objects.exists())


class ReplaceTests(TestCase):
    def test_a_year_that_a_later_year_was_copied_from_cannot_be_replaced(self):
        from goals.copying import copy_plan

        plan_year = import_document(demo_document())
        copy_plan(source=plan_year, to_year=2024)
        with self.assertRaisesMessage(PlanImportError, "ett senare verksamhetsår är kopierat från 2023"):
            import_document(demo_document(), replace=True)
        self.assertEqual(Goal.objects.filter(successors__isnull=False).distinct().count(), 24)

    def test_a_year_with_prints_cannot_be_replaced(self):
        from reports.models import ChapterPrint

        plan_year = import_document(demo_document())
        ChapterPrint.objects.create(
            organisation=plan_year.organisation,
            plan_year=plan_year,
            period=plan_year.periods.last(),
            layout="enhet",
            chapter_number=4,
        )
        with self.assertRaisesMessage(PlanImportError, "det finns utskrifter av kapitlet för 2023"):
            import_document(demo_document(), replace=True)

    def test_an_older_file_does_not_rename_units(self):
        from goals.models import Unit

        import_document(demo_document())
        Unit.objects.filter(slug="navet").update(name="Navet (nytt namn)")
        import_document(demo_document(), replace=True)
        self.assertEqual(Unit.objects.get(slug="navet").name, "Navet (nytt namn)")
