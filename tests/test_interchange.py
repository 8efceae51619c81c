import copy
import json
from io import StringIO
from pathlib import Path
from unittest import mock

from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.test import SimpleTestCase, TestCase

from goals.interchange import PlanImportError, export_document, import_document, importing, schema
from goals.models import FollowUp, Goal, Measure, MeasureValue, Organisation, PlanLevel, PlanYear

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "goals" / "demo" / "borasregionen-2023.json"
V1 = Path(__file__).resolve().parent / "fixtures"


def demo_document(name="borasregionen-2023.json"):
    return json.loads((ROOT / "goals" / "demo" / name).read_text(encoding="utf-8"))


def problems_of(document) -> list[str]:
    with PlanImportErrorCatcher() as caught:
        import_document(document)
    return caught.problems


class PlanImportErrorCatcher:
    problems: list[str] = []

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            raise AssertionError("the document was imported")
        if not isinstance(error, PlanImportError):
            return False
        self.problems = error.problems
        return True


class ImportExportTests(TestCase):
    def test_export_then_import_into_an_empty_database_then_export_gives_the_same_document(self):
        for name in (
            "borasregionen-2021.json",
            "borasregionen-2023.json",
            "exempelforbundet-2024.json",
            "finsam-exempeldalen-2024.json",
        ):
            with self.subTest(name=name):
                first = export_document(import_document(demo_document(name)))
                PlanYear.objects.all().delete()
                Organisation.objects.all().delete()
                second = export_document(import_document(copy.deepcopy(first)))
                self.assertEqual(first, second)
                PlanYear.objects.all().delete()
                Organisation.objects.all().delete()

    def test_the_2026_demo_continues_2023_and_survives_a_round_trip(self):
        import_document(demo_document("borasregionen-2023.json"))
        first = export_document(import_document(demo_document("borasregionen-2026.json")))
        self.assertEqual(first["goals"][0]["predecessor"], {"year": 2023, "goal": "fa1"})
        PlanYear.objects.filter(year=2026).delete()
        second = export_document(import_document(copy.deepcopy(first)))
        self.assertEqual(first, second)

    def test_the_export_command_writes_json_to_stdout_and_to_a_file(self):
        import_document(demo_document())
        out = StringIO()
        call_command("export_plan", "--org", "borasregionen", "--year", "2023", stdout=out)
        document = json.loads(out.getvalue())
        self.assertEqual((document["year"], document["format"]), (2023, "maluppfyllelse-plan/2"))
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

    def test_a_bad_value_names_its_place_says_what_is_allowed_and_nothing_is_written(self):
        document = demo_document()
        document["goals"][7]["follow_ups"][0]["status"] = "klart"
        (problem,) = problems_of(document)
        self.assertTrue(
            problem.startswith("goals[7].follow_ups[0].status: ”klart” är inte tillåtet; tillåtna värden är")
        )
        self.assertIn("”achieved”", problem)
        self.assertFalse(Organisation.objects.exists())

    def test_a_number_with_a_space_is_refused_in_swedish_not_in_jsonschemas_english(self):
        document = demo_document()
        financial = next(g for g in document["goals"] if g["kind"] == "financial" and g["measures"])
        financial["measures"][0]["target_value"] = "12 569"
        (problem,) = problems_of(document)
        self.assertIn("”12 569” ska vara ett tal som text med punkt som decimaltecken", problem)
        self.assertNotIn("is not valid", problem)

    def test_every_column_length_is_checked_before_the_database(self):
        document = demo_document()
        document["goals"][0]["owner_label"] = "x" * 201
        document["organisation"]["units"][0]["name"] = "y" * 201
        problems = problems_of(document)
        self.assertIn("goals[0].owner_label: är 201 tecken långt; högst 200 tecken får plats.", problems)
        self.assertIn("organisation.units[0].name: är 201 tecken långt; högst 200 tecken får plats.", problems)
        self.assertFalse(Organisation.objects.exists())

    def test_a_reference_to_an_unknown_unit_is_refused(self):
        document = demo_document()
        document["goals"][10]["unit"] = "finns-inte"
        self.assertEqual(
            problems_of(document),
            ["goals[10].unit: enheten finns-inte finns varken i dokumentet eller hos organisationen."],
        )

    def test_an_incomplete_target_is_refused_in_words(self):
        document = demo_document()
        measure = next(m for g in document["goals"] for m in g["measures"] if m["target_kind"] == "numeric")
        measure["target_value"] = None
        (problem,) = problems_of(document)
        self.assertTrue(problem.endswith("target_value: Ett mätetal med talmål behöver både jämförelse och målvärde."))

    def test_a_failure_late_in_the_file_rolls_back_everything(self):
        with mock.patch.object(importing, "_link_years", side_effect=DatabaseError("disk full")):
            with self.assertRaises(DatabaseError):
                import_document(demo_document())
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
        path.write_text('{"format": "maluppfyllelse-plan/2", "year": "tjugotjugotre"}', encoding="utf-8")
        try:
            with self.assertRaises(CommandError) as caught:
                call_command("import_plan", str(path), stdout=StringIO())
        finally:
            path.unlink()
        message = str(caught.exception)
        self.assertIn("Inget importerades", message)
        self.assertIn("year: ska vara ett heltal, inte ”tjugotjugotre”.", message)
        self.assertIn("dokumentets rot: fältet ”organisation” saknas.", message)

    def test_a_file_that_is_not_json_gets_line_and_column(self):
        path = Path(self._testMethodName + ".json")
        path.write_text('{"format": \n  oops}', encoding="utf-8")
        try:
            with self.assertRaisesMessage(CommandError, "rad 2, kolumn 3"):
                call_command("import_plan", str(path), stdout=StringIO())
        finally:
            path.unlink()
        self.assertFalse(FollowUp.objects.exists())


class VersionOneTests(TestCase):
    """Files written before the plan had levels still import, as the tree they describe."""

    def v1(self, year):
        return json.loads((V1 / f"borasregionen-{year}-v1.json").read_text(encoding="utf-8"))

    def test_a_version_1_file_imports_as_the_same_plan_as_its_version_2_successor(self):
        plan_year = import_document(self.v1(2021))
        levels = list(plan_year.levels.values_list("name", "followed_up", "table_rows"))
        self.assertEqual(levels, [("Fokusområde", False, False), ("Mål/uppdrag", True, True)])
        focus_areas = plan_year.goals.filter(level__key="fokusomrade")
        self.assertEqual(focus_areas.count(), 8)
        self.assertEqual(plan_year.goals.filter(level__key="mal").count(), 38)
        navet = Goal.objects.get(plan_year=plan_year, title__startswith="Navet bidrar till ökad måluppfyllelse")
        self.assertEqual(navet.parent.title, "Säkerställa nödvändig kunskap och kompetens")
        upgraded = export_document(plan_year)
        PlanYear.objects.all().delete()
        current = export_document(import_document(demo_document("borasregionen-2021.json")))
        # The demo file is the v1 file upgraded once, with the level named as 2021 named it.
        for document in (upgraded, current):
            for level in document["levels"]:
                level.update(name="", plural="", definite_singular="", definite_plural="")
        self.assertEqual(upgraded["goals"], current["goals"])

    def test_sub_items_become_mätetal_with_their_results(self):
        document = self.v1(2023)
        goal = document["goals"][5]
        goal["sub_items"] = [{"key": "s1", "title": "Tekniktema för åk 8"}]
        goal["follow_ups"][0]["sub_item_results"] = [{"sub_item": "s1", "text": "Genomfört – 27 531 elever"}]
        plan_year = import_document(document)
        measure = Measure.objects.get(goal__plan_year=plan_year, text="Tekniktema för åk 8")
        self.assertEqual(MeasureValue.objects.get(measure=measure).note, "Genomfört – 27 531 elever")

    def test_version_1_errors_name_places_in_the_file_as_written(self):
        document = self.v1(2023)
        document["goals"][2]["focus_area"] = "fa99"
        document["periods"][0]["kind"] = "kvartal"
        problems = problems_of(document)
        self.assertEqual(len(problems), 1)
        self.assertIn("periods[0].kind: ”kvartal” är inte tillåtet", problems[0])
        document["periods"][0]["kind"] = "interim"
        self.assertEqual(problems_of(document), ["goals[2].focus_area: fokusområdet fa99 finns inte i dokumentet."])


class ReplaceTests(TestCase):
    def test_a_year_that_a_later_year_was_copied_from_cannot_be_replaced(self):
        from goals.copying import copy_plan

        plan_year = import_document(demo_document())
        copy_plan(source=plan_year, to_year=2024)
        with self.assertRaisesMessage(PlanImportError, "ett senare verksamhetsår är kopierat från 2023"):
            import_document(demo_document(), replace=True)
        self.assertEqual(Goal.objects.filter(successors__isnull=False).distinct().count(), plan_year.goals.count())

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

    def test_a_failed_print_does_not_hold_the_year_back(self):
        from reports.models import ChapterPrint

        plan_year = import_document(demo_document())
        failed = ChapterPrint.objects.create(
            organisation=plan_year.organisation,
            plan_year=plan_year,
            period=plan_year.periods.last(),
            layout="enhet",
            chapter_number=4,
            state="failed",
            error="Utskriften kunde inte läggas i kö.",
        )
        replaced = import_document(demo_document(), replace=True)
        self.assertNotEqual(replaced.pk, plan_year.pk)
        self.assertFalse(ChapterPrint.objects.filter(pk=failed.pk).exists())

    def test_an_older_file_does_not_rename_units(self):
        from goals.models import Unit

        import_document(demo_document())
        Unit.objects.filter(slug="navet").update(name="Navet (nytt namn)")
        import_document(demo_document(), replace=True)
        self.assertEqual(Unit.objects.get(slug="navet").name, "Navet (nytt namn)")


class LinksBetweenYearsTests(TestCase):
    def test_a_copied_year_keeps_its_links_to_last_year_through_an_export_and_import(self):
        from goals.copying import copy_plan

        plan_2023 = import_document(demo_document())
        plan_2024 = copy_plan(source=plan_2023, to_year=2024)
        exported_2023, exported_2024 = export_document(plan_2023), export_document(plan_2024)
        linked = [g for g in exported_2024["goals"] if g["predecessor"]]
        self.assertEqual(len(linked), plan_2023.goals.filter(parent=None).count())
        Organisation.objects.all().delete()
        import_document(exported_2023)
        imported = import_document(exported_2024)
        goal = imported.goals.exclude(predecessor=None).first()
        self.assertEqual((goal.predecessor.plan_year.year, goal.predecessor.title), (2023, goal.title))
        self.assertTrue(Measure.objects.filter(goal__plan_year=imported).exclude(predecessor=None).exists())

    def test_a_link_to_a_year_that_is_not_there_is_refused(self):
        document = demo_document()
        document["year"] = 2024
        for period in document["periods"]:
            period["end_date"] = period["end_date"].replace("2023", "2024")
            period["deadline"] = None
        document["texts"] = []
        for goal in document["goals"]:
            goal["follow_ups"] = []
        document["goals"][0]["predecessor"] = {"year": 2022, "goal": "g1"}
        self.assertIn(
            "goals[0].predecessor.year: organisationen har inget verksamhetsår 2022 i databasen; importera det först.",
            problems_of(document),
        )


class SchemaTests(SimpleTestCase):
    def test_the_committed_schema_is_the_one_built_from_the_models(self):
        committed = json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
        self.assertEqual(committed, schema.build(), "run: python manage.py plan_schema > docs/plan.schema.json")

    def test_every_field_of_every_model_in_the_format_is_carried_or_left_out_on_purpose(self):
        """A new field must be named in DOCUMENT_FIELDS (carried), DOCUMENT_REFERENCES (carried as a
        key) or DOCUMENT_OMITTED: otherwise copy, import and export would silently drop it."""
        from django.apps import apps

        for model in apps.get_app_config("goals").get_models():
            if model.__name__.startswith("Historical") or model.__name__ == "Membership":
                continue
            declared = (
                set(model.DOCUMENT_FIELDS)
                | set(getattr(model, "DOCUMENT_SETTINGS", ()))
                | set(model.DOCUMENT_REFERENCES)
                | set(model.DOCUMENT_OMITTED)
            )
            concrete = {f.name for f in model._meta.concrete_fields}
            with self.subTest(model=model.__name__):
                self.assertEqual(concrete - declared, set())
                self.assertEqual(declared - concrete, set())


class LevelTests(TestCase):
    def test_a_level_with_an_unknown_name_must_give_its_forms(self):
        document = demo_document()
        document["levels"][1] = {"key": "mal", "name": "Målområde", "table_rows": True}
        (problem,) = problems_of(document)
        self.assertIn(
            "levels[1]: ordet ”Målområde” är okänt; ange plural, definite_singular och definite_plural", problem
        )

    def test_a_known_level_name_needs_nothing_more(self):
        document = demo_document()
        document["levels"][1] = {"key": "mal", "name": "Strategi"}
        plan_year = import_document(document)
        level = PlanLevel.objects.get(plan_year=plan_year, key="mal")
        self.assertEqual(
            (level.plural, level.definite_plural, level.neuter, level.table_rows),
            ("strategier", "strategierna", False, True),
        )

    def test_a_goal_below_a_goal_of_a_lower_level_is_refused(self):
        document = demo_document("borasregionen-2021.json")
        focus_area = document["goals"][0]
        focus_area["children"][0]["children"] = [{"key": "x1", "level": "fokusomrade", "title": "Felplacerad"}]
        self.assertIn(
            "goals[0].children[0].children[0].level: nivån fokusomrade ligger inte under mal, nivån för målet ovanför.",
            problems_of(document),
        )

    def test_a_follow_up_on_a_level_that_is_not_followed_up_is_refused(self):
        document = demo_document("borasregionen-2021.json")
        document["goals"][0]["follow_ups"] = [{"period": "211231", "status": "achieved", "text": "x"}]
        self.assertIn(
            "goals[0].follow_ups[0]: målets nivå följs inte upp; uppföljningen kan inte läsas in.",
            problems_of(document),
        )


class DisagreementReportTests(TestCase):
    def test_the_import_lists_statuses_against_their_figures_and_strict_refuses_the_file(self):
        document = demo_document("exempelforbundet-2024.json")
        with self.assertRaises(PlanImportError) as caught:
            import_document(copy.deepcopy(document), strict=True)
        self.assertIn("--strict", caught.exception.problems[0])
        self.assertTrue(caught.exception.problems[1].startswith("1.1 ”Erbjuda skolorna teman"))
        self.assertIn(
            "bedömningen uppnått avviker från mätetalens förslag delvis uppnått", caught.exception.problems[1]
        )
        self.assertFalse(Organisation.objects.exists())
        path = Path(self._testMethodName + ".json")
        path.write_text(json.dumps(document), encoding="utf-8")
        try:
            out = StringIO()
            call_command("import_plan", str(path), stdout=out)
        finally:
            path.unlink()
        self.assertIn("2 bedömningar avviker från vad mätetalen visar", out.getvalue())
        self.assertIn("motivering: 356 av 400 planerade rådgivningar", out.getvalue())

    def test_members_populations_and_contributions_survive_an_export(self):
        plan_year = import_document(demo_document("finsam-exempeldalen-2024.json"))
        exported = export_document(plan_year)
        members = {m["code"]: m for m in exported["organisation"]["members"]}
        self.assertEqual(members["FK"]["kind"], "forsakringskassan")
        self.assertEqual(members["9901"]["populations"], [{"year": 2024, "population": 41650}])
        self.assertEqual(exported["contributions"][0], {"member": "FK", "amount": "1600"})
