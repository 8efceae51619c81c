"""Every model kansliet changes keeps its history, with who and when: through Planera, the
overview, the admin and the prints, and with no user when beat, a worker or a command changes it."""

import json
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

from django.contrib import admin
from django.test import RequestFactory, TestCase
from django.urls import reverse
from simple_history.models import HistoricalRecords

from api.models import ApiToken
from goals import services
from goals.copying import copy_plan
from goals.interchange.importing import import_document
from goals.logbook.catalogue import TRACKED
from goals.models import (
    Dimension,
    DimensionItem,
    FollowUp,
    Goal,
    GroupMapping,
    MeasureComponent,
    MeasureValue,
    Member,
    MemberContribution,
    Membership,
    Population,
    Role,
    TextSection,
)
from reports import services as print_services
from reports.models import ChapterPrint, PrintState
from reports.testing import TemporaryMediaMixin

from . import factories

FAKE_PDF = b"%PDF-1.7\n% test\n%%EOF\n"


def fake_pdf(html, target):
    target.write(FAKE_PDF)


def latest(obj):
    return type(obj).history.filter(id=obj.pk).order_by("-history_date", "-history_id").first()


@contextmanager
def acting_as(user):
    """What HistoryRequestMiddleware does for a request of `user`."""
    request = RequestFactory().get("/")
    request.user = user
    HistoricalRecords.context.request = request
    try:
        yield
    finally:
        del HistoricalRecords.context.request


# Registered in the admin but not the förbund's data: logs that are never edited, the user's own
# settings, and Django's accounts and groups (a kansli only views accounts; roles are Memberships).
NOT_TRACKED = {"goals.sentmail", "goals.mailpreference", "auth.user", "auth.group"}


class EveryModelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)

    def test_every_model_in_the_admin_keeps_history_and_is_in_the_logg(self):
        tracked = {t.label for t in TRACKED}
        for model in admin.site._registry:
            label = model._meta.label_lower
            if label in NOT_TRACKED:
                continue
            with self.subTest(model=label):
                self.assertTrue(hasattr(model, "history"), f"{label} has no HistoricalRecords")
                self.assertIn(label, tracked, f"{label} is not listed on the Logg (goals/logbook/catalogue.py)")
        for entry in TRACKED:
            with self.subTest(model=entry.label):
                self.assertTrue(hasattr(entry.model, "history"))

    def test_a_change_of_each_model_records_the_user_and_when(self):
        data = self.data
        organisation, plan_year = data["organisation"], data["plan_year"]
        member = Member.objects.create(organisation=organisation, code="1490", name="Borås")
        dimension = Dimension.objects.create(organisation=organisation, key="delregion", name="Delregion")
        measure = data["goal"].measures.first()
        follow_up = FollowUp.objects.create(goal=data["goal"], period=data["interim"])
        objects = {
            "goals.organisation": organisation,
            "goals.unit": data["units"][0],
            "goals.member": member,
            "goals.population": Population.objects.create(municipality=member, year=2024, population=100),
            "goals.dimension": dimension,
            "goals.dimensionitem": DimensionItem.objects.create(dimension=dimension, name="Norr"),
            "goals.membership": Membership.objects.get(user=self.kansli),
            "goals.groupmapping": GroupMapping.objects.create(organisation=organisation, group="g", role="reader"),
            "api.apitoken": ApiToken.objects.create(user=self.kansli, name="Nyckel", prefix="mlu_x", digest="1" * 64),
            "goals.planyear": plan_year,
            "goals.planlevel": plan_year.levels.first(),
            "goals.period": data["interim"],
            "goals.goal": data["goal"],
            "goals.membercontribution": MemberContribution.objects.create(
                plan_year=plan_year, member=member, amount=10
            ),
            "goals.measure": measure,
            "goals.measurecomponent": MeasureComponent.objects.create(measure=measure, label="skolor", target_value=4),
            "goals.followup": follow_up,
            "goals.measurevalue": MeasureValue.objects.create(follow_up=follow_up, measure=measure, value=3),
            "goals.textsection": TextSection.objects.create(
                plan_year=plan_year, section="goals", kind="body", body="x"
            ),
            "reports.chapterprint": ChapterPrint.objects.create(
                organisation=organisation,
                plan_year=plan_year,
                period=data["annual"],
                organisation_name="F",
                state=PrintState.FAILED,
            ),
        }
        self.assertEqual(set(objects), {t.label for t in TRACKED})
        for label, obj in objects.items():
            with self.subTest(model=label), acting_as(self.kansli):
                before = type(obj).history.filter(id=obj.pk).count()
                obj.save()
                record = latest(obj)
                self.assertEqual(type(obj).history.filter(id=obj.pk).count(), before + 1)
                self.assertEqual((record.history_type, record.history_user), ("~", self.kansli))
                self.assertIsNotNone(record.history_date)

    def test_a_change_without_a_request_records_no_user(self):
        # Beat, a worker or a management command: the Logg says "systemet".
        services.set_period_open(period=self.data["annual"], is_open=True)
        record = latest(self.data["annual"])
        self.assertEqual((record.history_user, record.history_change_reason, record.is_open), (None, "open", True))


class WebChangesTests(TemporaryMediaMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.plan_year = cls.data["plan_year"]

    def setUp(self):
        self.client.force_login(self.kansli)

    def planning_url(self, name, *args):
        return reverse(name, args=["forbundet", 2025, *args])

    def test_planera_records_the_year_the_goal_moves_and_deletions(self):
        self.client.post(
            self.planning_url("planning_settings"),
            {"strategic_goal": "Ett nytt mål", "measure_heading": "Mätetal", "result_heading": "Uppföljning"}
            | {"owner_heading": "Verksamhet", "unit_heading": "Enhet"},
        )
        record = latest(self.plan_year)
        self.assertEqual((record.history_user, record.strategic_goal), (self.kansli, "Ett nytt mål"))

        second = self.data["other_goal"]
        self.client.post(self.planning_url("planning_goal_move", second.pk), {"direction": "up"})
        second.refresh_from_db()
        self.assertEqual(second.order, 0)
        self.assertEqual((latest(second).history_user, latest(second).order), (self.kansli, 0))

        goal = self.data["goal"]
        measure_ids = list(goal.measures.values_list("pk", flat=True))
        self.client.post(self.planning_url("planning_goal_delete", goal.pk), {"confirm": "on"})
        self.assertFalse(Goal.objects.filter(pk=goal.pk).exists())
        removed = Goal.history.filter(id=goal.pk, history_type="-").get()
        self.assertEqual(removed.history_user, self.kansli)
        measure_history = goal.measures.model.history.filter(id__in=measure_ids, history_type="-")
        self.assertEqual(set(measure_history.values_list("history_user", flat=True)), {self.kansli.pk})

    def test_closing_and_opening_a_period_is_recorded_with_its_name(self):
        period = self.data["interim"]
        self.client.post(reverse("close_period", args=[period.pk]))
        period.refresh_from_db()
        self.assertFalse(period.is_open)
        record = latest(period)
        self.assertEqual((record.history_user, record.history_change_reason), (self.kansli, "close"))
        self.client.post(reverse("toggle_period", args=[period.pk]))
        self.assertEqual(latest(period).history_change_reason, "open")

    def test_the_admin_records_units_and_roles(self):
        unit = self.data["units"][0]
        response = self.client.post(
            f"/admin/goals/unit/{unit.pk}/change/",
            {"organisation": self.data["organisation"].pk, "slug": unit.slug, "name": "Nytt namn", "order": 0},
        )
        self.assertEqual(response.status_code, 302)
        unit.refresh_from_db()
        self.assertEqual((unit.name, latest(unit).history_user), ("Nytt namn", self.kansli))

        newcomer = factories.user("ny-chef")
        response = self.client.post(
            "/admin/goals/membership/add/",
            {"user": newcomer.pk, "organisation": self.data["organisation"].pk, "unit": unit.pk, "role": Role.MANAGER},
        )
        self.assertEqual(response.status_code, 302)
        membership = Membership.objects.get(user=newcomer)
        self.assertEqual((latest(membership).history_type, latest(membership).history_user), ("+", self.kansli))
        self.assertEqual(self.client.get(f"/admin/goals/unit/{unit.pk}/history/").status_code, 200)

    def order_print(self):
        with mock.patch("reports.rendering.html_to_pdf", fake_pdf), self.captureOnCommitCallbacks(execute=True):
            return print_services.request_print(**factories.print_order(self.data, self.kansli))

    def test_a_print_fastställd_and_a_print_removed_are_recorded(self):
        FollowUp.objects.create(goal=self.data["goal"], period=self.data["annual"], state="approved")
        kept = self.order_print()
        removed = self.order_print()
        kept.refresh_from_db()
        self.assertEqual(kept.state, PrintState.DONE)
        # The worker's result is stored without a logged-in user.
        self.assertEqual([r.history_type for r in ChapterPrint.history.filter(id=kept.pk)], ["~", "+"])

        self.client.post(reverse("reports:finalise", args=[kept.pk]), {"reference": "Direktionen 2026-03-15 § 12"})
        kept.refresh_from_db()
        self.assertTrue(kept.is_final)
        record = latest(kept)
        self.assertEqual(
            (record.history_user, record.history_change_reason, record.is_final, record.final_reference),
            (self.kansli, "finalise", True, "Direktionen 2026-03-15 § 12"),
        )

        self.client.post(reverse("reports:delete", args=[removed.pk]))
        self.assertFalse(ChapterPrint.objects.filter(pk=removed.pk).exists())
        gone = ChapterPrint.history.get(id=removed.pk, history_type="-")
        self.assertEqual((gone.history_user, gone.organisation_id), (self.kansli, self.data["organisation"].pk))

    def test_a_copied_year_records_its_parts(self):
        member = Member.objects.create(organisation=self.data["organisation"], code="1490", name="Borås")
        MemberContribution.objects.create(plan_year=self.plan_year, member=member, amount=10)
        MeasureComponent.objects.create(measure=self.data["goal"].measures.first(), label="skolor", target_value=4)

        with acting_as(self.kansli):
            target = copy_plan(source=self.plan_year, to_year=2026, goal_ids=None)
        contribution = target.contributions.get()
        self.assertEqual(latest(contribution).history_user, self.kansli)
        component_copy = MeasureComponent.objects.get(measure__goal__plan_year=target)
        self.assertEqual(latest(component_copy).history_user, self.kansli)


class ImportTests(TestCase):
    def test_an_imported_plan_is_recorded_with_who_imported_it(self):
        document = json.loads(
            (Path(__file__).resolve().parent.parent / "goals" / "demo" / "exempelforbundet-2024.json").read_text(
                encoding="utf-8"
            )
        )
        account = factories.user("importerare")
        with acting_as(account):
            plan_year = import_document(document)
        self.assertEqual(latest(plan_year).history_user, account)
        population = Population.objects.filter(municipality__organisation=plan_year.organisation).first()
        record = latest(population)
        self.assertEqual((record.history_user, record.history_change_reason), (account, "import"))
        goal = plan_year.goals.first()
        self.assertEqual((latest(goal).history_type, latest(goal).history_user), ("+", account))
