# The plan becomes a tree of named levels. Each year's fokusområden become goals on a level
# "Fokusområde" above its mål/uppdrag; each goal's aktiviteter (sub-items) become mätetal of the
# goal, with their results (and the history of those results) as the mätetal's result in words.
# Nothing is dropped here; the next migration removes the emptied tables.

from django.db import migrations

# The chapter spoke of "mål och uppdrag" before plans named their levels; it still does.
ROW_FORMS = ("Mål/uppdrag", "mål och uppdrag", "målet", "målen och uppdragen")


def build_levels(apps, schema_editor):
    PlanYear = apps.get_model("goals", "PlanYear")
    PlanLevel = apps.get_model("goals", "PlanLevel")
    Goal = apps.get_model("goals", "Goal")
    FocusArea = apps.get_model("goals", "FocusArea")
    TextSection = apps.get_model("goals", "TextSection")
    HistoricalTextSection = apps.get_model("goals", "HistoricalTextSection")

    for plan_year in PlanYear.objects.all():
        focus_areas = list(FocusArea.objects.filter(plan_year=plan_year).order_by("order", "id"))
        nodes = {}
        if focus_areas:
            top = PlanLevel.objects.create(
                plan_year=plan_year, key="fokusomrade", order=0, name="Fokusområde", plural="fokusområden",
                definite_singular="fokusområdet", definite_plural="fokusområdena", neuter=True,
                followed_up=False, counted=False, table_rows=False,
            )
            for index, area in enumerate(focus_areas, start=1):
                nodes[area.pk] = Goal.objects.create(
                    plan_year=plan_year, level=top, key=f"fa{index}", kind="goal", title=area.title,
                    description=area.description, order=area.order,
                )
        name, plural, definite_singular, definite_plural = ROW_FORMS
        rows = PlanLevel.objects.create(
            plan_year=plan_year, key="mal", order=1, name=name, plural=plural, definite_singular=definite_singular,
            definite_plural=definite_plural, neuter=True, followed_up=True, counted=True, table_rows=True,
        )
        goals = Goal.objects.filter(plan_year=plan_year, level__isnull=True).order_by("order", "id")
        for index, goal in enumerate(goals, start=1):
            goal.level = rows
            goal.key = f"g{index}"
            goal.parent = nodes.get(goal.focus_area_id)
            goal.save(update_fields=["level", "key", "parent"])
        for text in TextSection.objects.filter(plan_year=plan_year, focus_area__isnull=False):
            text.node = nodes[text.focus_area_id]
            text.save(update_fields=["node"])
        for record in HistoricalTextSection.objects.filter(plan_year_id=plan_year.pk, focus_area_id__isnull=False):
            if record.focus_area_id in nodes:
                record.node_id = nodes[record.focus_area_id].pk
                record.save(update_fields=["node_id"])


def sub_items_to_measures(apps, schema_editor):
    SubItem = apps.get_model("goals", "SubItem")
    SubItemResult = apps.get_model("goals", "SubItemResult")
    HistoricalSubItemResult = apps.get_model("goals", "HistoricalSubItemResult")
    Measure = apps.get_model("goals", "Measure")
    MeasureValue = apps.get_model("goals", "MeasureValue")
    HistoricalMeasureValue = apps.get_model("goals", "HistoricalMeasureValue")
    FollowUp = apps.get_model("goals", "FollowUp")

    next_order = {}
    for sub_item in SubItem.objects.order_by("goal_id", "order", "id"):
        if sub_item.goal_id not in next_order:
            last = Measure.objects.filter(goal_id=sub_item.goal_id).order_by("-order").first()
            next_order[sub_item.goal_id] = (last.order + 1) if last else 0
        measure = Measure.objects.create(goal_id=sub_item.goal_id, text=sub_item.title, order=next_order[sub_item.goal_id])
        next_order[sub_item.goal_id] += 1
        value_ids = {}
        for result in SubItemResult.objects.filter(sub_item=sub_item):
            value = MeasureValue.objects.create(follow_up_id=result.follow_up_id, measure=measure, note=result.text)
            value_ids[result.pk] = value.pk
        # Who wrote each result, and when, stays on record as the new mätetal's history, also for
        # results removed since: they get an id of their own that no value will ever reuse.
        for record in HistoricalSubItemResult.objects.filter(sub_item_id=sub_item.pk).order_by("history_date"):
            if record.id not in value_ids:
                if not FollowUp.objects.filter(pk=record.follow_up_id).exists():
                    continue  # the whole follow-up is gone; its own history remains
                placeholder = MeasureValue.objects.create(follow_up_id=record.follow_up_id, measure=measure)
                value_ids[record.id] = placeholder.pk
                placeholder.delete()
            HistoricalMeasureValue.objects.create(
                id=value_ids[record.id], follow_up_id=record.follow_up_id, measure_id=measure.pk, note=record.text,
                gender="", category="", unit_label="", order=0, history_date=record.history_date,
                history_change_reason=record.history_change_reason, history_type=record.history_type,
                history_user_id=record.history_user_id,
            )


def measure_defaults(apps, schema_editor):
    Measure = apps.get_model("goals", "Measure")
    keys = {}
    for measure in Measure.objects.order_by("goal_id", "order", "id"):
        keys[measure.goal_id] = keys.get(measure.goal_id, 0) + 1
        measure.key = f"m{keys[measure.goal_id]}"
        # A federation figure for shares is a weighted mean, for rankings there is none; a sum
        # stays right for counts.
        unit = measure.unit_label.lower()
        if "%" in unit or "procent" in unit or "andel" in unit:
            measure.aggregation = "weighted_mean"
        elif any(word in unit for word in ("plats", "placering", "rank")):
            measure.aggregation = "none"
            measure.direction = "lower"
        measure.save(update_fields=["key", "aggregation", "direction"])


def refuse_to_undo(apps, schema_editor):
    # Going back would have to fold the tree into fokusområden again; a plan of more levels has
    # no such form. Roll back by restoring the backup taken before the upgrade.
    if apps.get_model("goals", "PlanLevel").objects.exists():
        raise RuntimeError(
            "Migreringen till målträdet kan inte backas när det finns planer; återställ säkerhetskopian från före uppgraderingen."
        )


class Migration(migrations.Migration):
    dependencies = [("goals", "0007_general_tree")]

    operations = [
        migrations.RunPython(build_levels, refuse_to_undo, elidable=False),
        migrations.RunPython(sub_items_to_measures, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(measure_defaults, migrations.RunPython.noop, elidable=False),
    ]
