"""An existing database keeps its users' data through the upgrade to the goal tree."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("goals", "0005_required_met_minimum")]
pytestmark = pytest.mark.django_db(transaction=True)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_fokusomraden_goals_and_sub_items_survive_as_the_tree():
    old = migrate(BEFORE)
    Organisation = old.get_model("goals", "Organisation")
    Municipality = old.get_model("goals", "Municipality")
    PlanYear = old.get_model("goals", "PlanYear")
    Period = old.get_model("goals", "Period")
    FocusArea = old.get_model("goals", "FocusArea")
    Goal = old.get_model("goals", "Goal")
    Measure = old.get_model("goals", "Measure")
    SubItem = old.get_model("goals", "SubItem")
    FollowUp = old.get_model("goals", "FollowUp")
    MeasureValue = old.get_model("goals", "MeasureValue")
    SubItemResult = old.get_model("goals", "SubItemResult")
    TextSection = old.get_model("goals", "TextSection")

    organisation = Organisation.objects.create(slug="gammal", name="Ett förbund")
    boras = Municipality.objects.create(organisation=organisation, code="1490", name="Borås")
    plan_year = PlanYear.objects.create(organisation=organisation, year=2022, strategic_goal="Ett mål")
    period = Period.objects.create(plan_year=plan_year, kind="annual", end_date="2022-12-31")
    area = FocusArea.objects.create(plan_year=plan_year, title="Kunskap och kompetens", order=0)
    goal = Goal.objects.create(plan_year=plan_year, title="Fler elever", focus_area=area, order=0)
    Goal.objects.create(plan_year=plan_year, title="Utan fokusområde", kind="assignment", order=1)
    share = Measure.objects.create(goal=goal, text="Andel nöjda", unit_label="%", breakdown="municipality", order=0)
    sub_item = SubItem.objects.create(goal=goal, title="Tekniktema", order=0)
    follow_up = FollowUp.objects.create(goal=goal, period=period, status="achieved", text="Klart", state="approved")
    MeasureValue.objects.create(follow_up=follow_up, measure=share, municipality=boras, value=86)
    SubItemResult.objects.create(follow_up=follow_up, sub_item=sub_item, text="Genomfört – 812 elever")
    HistoricalSubItemResult = old.get_model("goals", "HistoricalSubItemResult")
    removed = SubItem.objects.create(goal=goal, title="Sommarläger", order=1)
    HistoricalSubItemResult.objects.create(
        id=999,
        follow_up_id=follow_up.pk,
        sub_item_id=removed.pk,
        text="Inställt",
        history_date="2022-11-01T10:00Z",
        history_type="-",
    )
    TextSection.objects.create(plan_year=plan_year, section="goals", kind="body", focus_area=area, body="Om kunskap")

    new = migrate(latest())
    Goal = new.get_model("goals", "Goal")
    nodes = {g.title: g for g in Goal.objects.filter(plan_year_id=plan_year.pk).select_related("level", "parent")}
    assert set(nodes) == {"Kunskap och kompetens", "Fler elever", "Utan fokusområde"}
    assert (nodes["Kunskap och kompetens"].level.name, nodes["Kunskap och kompetens"].level.followed_up) == (
        "Fokusområde",
        False,
    )
    assert nodes["Fler elever"].parent_id == nodes["Kunskap och kompetens"].pk
    assert (nodes["Fler elever"].level.name, nodes["Fler elever"].level.table_rows) == ("Mål/uppdrag", True)
    assert nodes["Utan fokusområde"].parent_id is None
    Measure = new.get_model("goals", "Measure")
    measures = {m.text: m for m in Measure.objects.filter(goal_id=nodes["Fler elever"].pk)}
    assert measures["Andel nöjda"].aggregation == "weighted_mean"
    activity = measures["Tekniktema"]
    MeasureValue = new.get_model("goals", "MeasureValue")
    assert MeasureValue.objects.get(measure_id=activity.pk).note == "Genomfört – 812 elever"
    assert MeasureValue.objects.get(measure_id=share.pk).municipality_id == boras.pk
    # The history of a result removed before the upgrade is kept under the new mätetal.
    HistoricalMeasureValue = new.get_model("goals", "HistoricalMeasureValue")
    summer = measures["Sommarläger"]
    assert list(HistoricalMeasureValue.objects.filter(measure_id=summer.pk).values_list("note", "history_type")) == [
        ("Inställt", "-")
    ]
    assert not MeasureValue.objects.filter(measure_id=summer.pk).exists()
    Member = new.get_model("goals", "Member")
    assert Member.objects.get(pk=boras.pk).kind == "kommun"
    TextSection = new.get_model("goals", "TextSection")
    assert TextSection.objects.get(body="Om kunskap").node_id == nodes["Kunskap och kompetens"].pk


def test_prints_from_before_the_sweep_count_as_queued_since_they_were_ordered():
    executor = MigrationExecutor(connection)
    goals_latest = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "goals"]
    old = migrate([("reports", "0004_prose_layout"), *goals_latest])
    Organisation = old.get_model("goals", "Organisation")
    PlanYear = old.get_model("goals", "PlanYear")
    Period = old.get_model("goals", "Period")
    ChapterPrint = old.get_model("reports", "ChapterPrint")
    organisation = Organisation.objects.create(slug="gammal", name="Ett förbund")
    plan_year = PlanYear.objects.create(organisation=organisation, year=2022, strategic_goal="Ett mål")
    period = Period.objects.create(plan_year=plan_year, kind="annual", end_date="2022-12-31")
    waiting = ChapterPrint.objects.create(
        organisation=organisation, plan_year=plan_year, period=period, layout="enhet", chapter_number=4
    )

    new = migrate(latest())
    waiting = new.get_model("reports", "ChapterPrint").objects.get(pk=waiting.pk)
    assert waiting.queued_at == waiting.requested_at
    assert (waiting.state, waiting.attempts) == ("queued", 0)


def test_existing_rows_get_a_baseline_in_the_new_history_and_keep_their_data():
    old = migrate([("goals", "0010_mail"), ("reports", "0006_print_counts")])
    Organisation = old.get_model("goals", "Organisation")
    Unit = old.get_model("goals", "Unit")
    PlanYear = old.get_model("goals", "PlanYear")
    Period = old.get_model("goals", "Period")
    ChapterPrint = old.get_model("reports", "ChapterPrint")
    organisation = Organisation.objects.create(slug="gammal", name="Ett förbund")
    unit = Unit.objects.create(organisation=organisation, slug="enheten", name="Enheten")
    plan_year = PlanYear.objects.create(organisation=organisation, year=2022, strategic_goal="Ett mål")
    period = Period.objects.create(plan_year=plan_year, kind="annual", end_date="2022-12-31", is_open=True)
    final = ChapterPrint.objects.create(
        organisation=organisation,
        plan_year=plan_year,
        period=period,
        organisation_name="Ett förbund",
        state="done",
        file="chapters/gammal.pdf",
        is_final=True,
        final_reference="Direktionen § 3",
    )

    new = migrate(latest())
    for app, name, pk, values in [
        ("goals", "Organisation", organisation.pk, {"name": "Ett förbund"}),
        ("goals", "Unit", unit.pk, {"name": "Enheten", "organisation_id": organisation.pk}),
        ("goals", "PlanYear", plan_year.pk, {"strategic_goal": "Ett mål"}),
        ("goals", "Period", period.pk, {"is_open": True}),
        ("reports", "ChapterPrint", final.pk, {"is_final": True, "final_reference": "Direktionen § 3"}),
    ]:
        row = new.get_model(app, name).objects.get(pk=pk)
        (record,) = new.get_model(app, f"Historical{name}").objects.filter(id=pk)
        for field, value in values.items():
            assert getattr(row, field) == value
            assert getattr(record, field) == value
        assert (record.history_type, record.history_change_reason, record.history_user_id) == ("~", "baseline", None)
    assert new.get_model("reports", "HistoricalChapterPrint").objects.get(id=final.pk).file == "chapters/gammal.pdf"
