"""History of chapter prints (ordered, fastställd, removed), with a baseline row for each print."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def baseline(apps, schema_editor):
    """One "utgångsläge" row per existing print, so the first change recorded after the
    upgrade can say what it changed from (see goals 0011)."""
    ChapterPrint = apps.get_model("reports", "ChapterPrint")
    Historical = apps.get_model("reports", "HistoricalChapterPrint")
    names = [f.attname for f in Historical._meta.fields if not f.name.startswith("history_")]
    now = timezone.now()
    Historical.objects.bulk_create(
        (
            Historical(
                history_date=now,
                history_type="~",
                history_change_reason="baseline",
                **{name: getattr(row, name) for name in names},
            )
            for row in ChapterPrint.objects.all().iterator()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0011_history_everywhere"),
        ("reports", "0006_print_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalChapterPrint",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "layout",
                    models.CharField(
                        choices=[
                            ("enhet", "Per enhet"),
                            ("fokusomrade", "Efter planens nivåer (fokusområden, inriktningsmål …)"),
                            ("lopande", "Löpande text per mål"),
                        ],
                        default="enhet",
                        max_length=20,
                        verbose_name="uppställning",
                    ),
                ),
                ("chapter_number", models.PositiveSmallIntegerField(default=4, verbose_name="kapitelnummer")),
                (
                    "chapter_title",
                    models.CharField(default="Måluppfyllelse", max_length=200, verbose_name="kapitelrubrik"),
                ),
                (
                    "organisation_name",
                    models.CharField(max_length=200, verbose_name="organisationens namn i utskriften"),
                ),
                (
                    "show_history",
                    models.BooleanField(
                        default=False,
                        help_text="Ett diagram per mätetal som har värden från flera år.",
                        verbose_name="med mätetalens utveckling över åren",
                    ),
                ),
                (
                    "include_unapproved",
                    models.BooleanField(
                        default=False,
                        help_text="Ett utkast till kapitlet; kan inte fastställas.",
                        verbose_name="med uppföljningar som inte är godkända",
                    ),
                ),
                ("requested_at", models.DateTimeField(blank=True, editable=False, verbose_name="beställd")),
                ("queued_at", models.DateTimeField(blank=True, null=True, verbose_name="köad")),
                ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="påbörjad")),
                ("attempts", models.PositiveSmallIntegerField(default=0, verbose_name="försök")),
                ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="avslutad")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("queued", "I kö"),
                            ("running", "Skapas"),
                            ("done", "Klar"),
                            ("failed", "Misslyckades"),
                        ],
                        default="queued",
                        max_length=10,
                        verbose_name="läge",
                    ),
                ),
                ("error", models.TextField(blank=True, verbose_name="felmeddelande")),
                ("file", models.TextField(blank=True, max_length=100, verbose_name="PDF")),
                (
                    "approved_count",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="godkända uppföljningar i utskriften"
                    ),
                ),
                (
                    "follow_up_total",
                    models.PositiveIntegerField(blank=True, null=True, verbose_name="uppföljda mål i utskriften"),
                ),
                ("is_final", models.BooleanField(default=False, verbose_name="fastställd")),
                (
                    "final_reference",
                    models.CharField(
                        blank=True,
                        help_text="t.ex. Direktionen 2024-03-15 § 12",
                        max_length=200,
                        verbose_name="protokollsreferens",
                    ),
                ),
                ("finalised_at", models.DateTimeField(blank=True, null=True, verbose_name="fastställd den")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "finalised_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="fastställd av",
                    ),
                ),
                (
                    "history_user",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "organisation",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "period",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.period",
                        verbose_name="period",
                    ),
                ),
                (
                    "plan_year",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.planyear",
                        verbose_name="år",
                    ),
                ),
                (
                    "requested_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="beställd av",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical utskrift av kapitlet",
                "verbose_name_plural": "historical utskrifter av kapitlet",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.RunPython(baseline, migrations.RunPython.noop),
    ]
