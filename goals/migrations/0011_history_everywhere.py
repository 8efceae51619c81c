"""History (django-simple-history) on every model kansliet changes, and the access log.

Existing rows get one "utgångsläge" history row each (history_type "~", change reason
"baseline", dated at the upgrade), so that the first change recorded after the upgrade can say
what it changed from; the Logg page leaves these rows out.
"""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.utils import timezone
import goals.reminder_days
import simple_history.models
from django.conf import settings
from django.db import migrations, models


TRACKED = [
    "Organisation",
    "Member",
    "Population",
    "Dimension",
    "DimensionItem",
    "Unit",
    "Membership",
    "PlanYear",
    "PlanLevel",
    "Period",
    "Goal",
    "MemberContribution",
    "Measure",
    "MeasureComponent",
]


def baseline(apps, schema_editor):
    now = timezone.now()
    for name in TRACKED:
        model = apps.get_model("goals", name)
        historical = apps.get_model("goals", f"Historical{name}")
        names = [f.attname for f in historical._meta.fields if not f.name.startswith("history_")]
        historical.objects.bulk_create(
            (
                historical(
                    history_date=now,
                    history_type="~",
                    history_change_reason="baseline",
                    **{field: getattr(row, field) for field in names},
                )
                for row in model.objects.all().iterator()
            ),
            batch_size=500,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0010_mail"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalDimension",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("key", models.SlugField(max_length=40, verbose_name="kortnamn")),
                (
                    "name",
                    models.CharField(
                        help_text="t.ex. Delregion, Förvaltning, Insats", max_length=100, verbose_name="namn"
                    ),
                ),
                ("order", models.PositiveIntegerField(default=0, verbose_name="ordning")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
            ],
            options={
                "verbose_name": "historical indelning",
                "verbose_name_plural": "historical indelningar",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalDimensionItem",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("name", models.CharField(max_length=100, verbose_name="namn")),
                ("order", models.PositiveIntegerField(default=0, verbose_name="ordning")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "dimension",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.dimension",
                        verbose_name="indelning",
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
            ],
            options={
                "verbose_name": "historical del av indelning",
                "verbose_name_plural": "historical delar av indelningen",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalGoal",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "key",
                    models.CharField(
                        blank=True,
                        help_text="Identifierar målet i filer och mellan åren, t.ex. 2.1.",
                        max_length=40,
                        verbose_name="nyckel",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("goal", "Mål"),
                            ("assignment", "Uppdrag"),
                            ("base_mission", "Grunduppdrag"),
                            ("financial", "Finansiellt mål"),
                        ],
                        default="goal",
                        max_length=20,
                        verbose_name="slag",
                    ),
                ),
                ("title", models.TextField(verbose_name="mål/uppdrag")),
                ("description", models.TextField(blank=True, verbose_name="beskrivning")),
                (
                    "owner_label",
                    models.CharField(
                        blank=True,
                        help_text="Om kolumnen Verksamhet ska visa något annat än enhetens namn.",
                        max_length=200,
                        verbose_name="verksamhet som den skrivs ut",
                    ),
                ),
                ("appendix", models.BooleanField(default=False, verbose_name="redovisas i driftverksamhetens bilaga")),
                (
                    "assessment_rule",
                    models.CharField(
                        choices=[
                            ("all", "Alla mätetal ska vara uppnådda"),
                            ("share", "Ett visst antal mätetal ska vara uppnådda"),
                            ("judgement", "Enhetens bedömning"),
                        ],
                        default="all",
                        help_text="Hur mätetalens utfall, och bedömningarna av målen under, föreslår målets bedömning.",
                        max_length=10,
                        verbose_name="bedömningsregel",
                    ),
                ),
                (
                    "required_met",
                    models.PositiveSmallIntegerField(
                        blank=True,
                        help_text="Gäller regeln ”ett visst antal”, t.ex. 2 av 3.",
                        null=True,
                        validators=[django.core.validators.MinValueValidator(1)],
                        verbose_name="antal som ska vara uppnådda",
                    ),
                ),
                ("order", models.PositiveIntegerField(default=0, verbose_name="ordning")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                    "level",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.planlevel",
                        verbose_name="nivå",
                    ),
                ),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Målet på nivån ovanför, t.ex. fokusområdet eller inriktningsmålet.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.goal",
                        verbose_name="hör till",
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
                    "predecessor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.goal",
                        verbose_name="motsvarande mål föregående år",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="Tomt betyder samtliga verksamheter; då skriver kansliet uppföljningen.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.unit",
                        verbose_name="enhet",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical mål/uppdrag",
                "verbose_name_plural": "historical mål och uppdrag",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeasure",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("key", models.CharField(blank=True, max_length=40, verbose_name="nyckel")),
                (
                    "text",
                    models.TextField(
                        help_text="Som det står i planen, t.ex. ”Minst 25 000 elever på teman”.", verbose_name="mätetal"
                    ),
                ),
                (
                    "target_kind",
                    models.CharField(
                        blank=True,
                        choices=[("", "Inget strukturerat mål"), ("numeric", "Tal"), ("milestone", "Milstolpe")],
                        max_length=10,
                        verbose_name="slag av mål",
                    ),
                ),
                (
                    "comparator",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("min", "minst"),
                            ("max", "högst"),
                            ("exact", "exakt"),
                            ("between", "mellan"),
                            ("approx", "cirka"),
                            ("planned", "planerat/budgeterat"),
                            ("improve", "bättre än föregående år"),
                        ],
                        max_length=10,
                        verbose_name="jämförelse",
                    ),
                ),
                (
                    "target_value",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Planerat eller budgeterat värde, eller den lägre gränsen för ”mellan”.",
                        max_digits=14,
                        null=True,
                        verbose_name="målvärde",
                    ),
                ),
                (
                    "target_high",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="För ”mellan”.",
                        max_digits=14,
                        null=True,
                        verbose_name="övre gräns",
                    ),
                ),
                (
                    "tolerance",
                    models.DecimalField(
                        blank=True,
                        decimal_places=2,
                        help_text="Hur långt från målvärdet ”cirka” (eller ett planerat värde) får ligga.",
                        max_digits=14,
                        null=True,
                        verbose_name="tolerans",
                    ),
                ),
                (
                    "tolerance_percent",
                    models.BooleanField(default=False, verbose_name="toleransen i procent av målvärdet"),
                ),
                (
                    "direction",
                    models.CharField(
                        choices=[
                            ("higher", "Högre är bättre"),
                            ("lower", "Lägre är bättre (t.ex. placering i en rankning, kostnad)"),
                        ],
                        default="higher",
                        max_length=10,
                        verbose_name="riktning",
                    ),
                ),
                (
                    "unit_label",
                    models.CharField(
                        blank=True, help_text="t.ex. %, elever, tkr", max_length=30, verbose_name="enhet för värdet"
                    ),
                ),
                (
                    "breakdown",
                    models.CharField(
                        choices=[
                            ("none", "Ett värde"),
                            ("gender", "Per kön"),
                            ("municipality", "Per kommun"),
                            ("municipality_gender", "Per kommun och kön"),
                            ("dimension", "Per egen indelning"),
                            ("dimension_gender", "Per egen indelning och kön"),
                            ("category", "Per svarsalternativ"),
                        ],
                        default="none",
                        max_length=20,
                        verbose_name="uppdelning",
                    ),
                ),
                (
                    "aggregation",
                    models.CharField(
                        choices=[
                            ("sum", "Summa (för antal)"),
                            ("mean", "Medelvärde"),
                            ("weighted_mean", "Medelvärde vägt med folkmängd (för andelar)"),
                            ("none", "Ingen förbundssiffra (t.ex. rankningar)"),
                        ],
                        default="sum",
                        help_text="Hur delarnas värden läggs samman. Summera aldrig andelar eller placeringar.",
                        max_length=15,
                        verbose_name="förbundets siffra",
                    ),
                ),
                ("kpi", models.CharField(blank=True, max_length=20, verbose_name="Kolada-KPI")),
                ("previous_label", models.CharField(blank=True, max_length=20, verbose_name="föregående värde avser")),
                (
                    "previous_value",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=14, null=True, verbose_name="föregående värde"
                    ),
                ),
                ("order", models.PositiveIntegerField(default=0, verbose_name="ordning")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
                ),
                (
                    "dimension",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        help_text="För uppdelning per egen indelning, t.ex. delregion.",
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.dimension",
                        verbose_name="indelning",
                    ),
                ),
                (
                    "goal",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.goal",
                        verbose_name="mål",
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
                    "predecessor",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.measure",
                        verbose_name="samma mätetal föregående år",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical mätetal",
                "verbose_name_plural": "historical mätetal",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMeasureComponent",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("key", models.CharField(blank=True, max_length=40, verbose_name="nyckel")),
                ("label", models.CharField(help_text="t.ex. skolor", max_length=200, verbose_name="del")),
                (
                    "comparator",
                    models.CharField(
                        choices=[("min", "minst"), ("max", "högst"), ("exact", "exakt")],
                        default="min",
                        max_length=10,
                        verbose_name="jämförelse",
                    ),
                ),
                ("target_value", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="målvärde")),
                ("unit_label", models.CharField(blank=True, max_length=30, verbose_name="enhet")),
                ("order", models.PositiveIntegerField(default=0, verbose_name="ordning")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                    "measure",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.measure",
                        verbose_name="mätetal",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical del av mätetal",
                "verbose_name_plural": "historical delar av mätetalet",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMember",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("kommun", "Kommun"),
                            ("region", "Region"),
                            ("forsakringskassan", "Försäkringskassan"),
                            ("arbetsformedlingen", "Arbetsförmedlingen"),
                            ("annan", "Annan medlem"),
                        ],
                        default="kommun",
                        max_length=20,
                        verbose_name="slag",
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="För en kommun SCB:s fyrställiga kommunkod (t.ex. 1490); för andra medlemmar en kort kod (t.ex. FK).",
                        max_length=20,
                        verbose_name="kod",
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="namn")),
                (
                    "adjunct",
                    models.BooleanField(
                        default=False,
                        help_text="Redovisas bredvid medlemmarna men ingår inte i förbundets summor.",
                        verbose_name="adjungerad",
                    ),
                ),
                ("order", models.PositiveIntegerField(default=0, verbose_name="ordning")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
            ],
            options={
                "verbose_name": "historical medlem",
                "verbose_name_plural": "historical medlemmar",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMemberContribution",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="bidrag (tkr)")),
                ("order", models.PositiveIntegerField(default=0, verbose_name="ordning")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                    "member",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.member",
                        verbose_name="medlem",
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
            ],
            options={
                "verbose_name": "historical medlemsbidrag",
                "verbose_name_plural": "historical medlemsbidrag",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalMembership",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "role",
                    models.CharField(
                        choices=[("kansli", "Kansliet"), ("manager", "Enhetschef"), ("reader", "Läsare")],
                        max_length=20,
                        verbose_name="roll",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.unit",
                        verbose_name="enhet",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="användare",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical behörighet",
                "verbose_name_plural": "historical behörigheter",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalOrganisation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("slug", models.SlugField(verbose_name="kortnamn")),
                ("name", models.CharField(max_length=200, verbose_name="namn")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
            ],
            options={
                "verbose_name": "historical organisation",
                "verbose_name_plural": "historical organisationer",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPeriod",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[("interim", "Delårsrapport"), ("annual", "Årsbokslut")],
                        max_length=10,
                        verbose_name="slag",
                    ),
                ),
                ("end_date", models.DateField(verbose_name="per datum")),
                ("deadline", models.DateField(blank=True, null=True, verbose_name="sista dag att lämna in")),
                ("is_open", models.BooleanField(default=False, verbose_name="öppen")),
                (
                    "reminder_days",
                    models.CharField(
                        blank=True,
                        default="14,3,-1",
                        help_text="Dagar före sista dagen då enheterna påminns, med komma emellan; -1 är dagen efter. Tomt: inga.",
                        max_length=60,
                        validators=[goals.reminder_days.validate_reminder_days],
                        verbose_name="påminnelsedagar",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
            ],
            options={
                "verbose_name": "historical uppföljningsperiod",
                "verbose_name_plural": "historical uppföljningsperioder",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPlanLevel",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("key", models.SlugField(max_length=40, verbose_name="kortnamn")),
                (
                    "order",
                    models.PositiveSmallIntegerField(
                        default=0, help_text="Lägst överst i trädet.", verbose_name="ordning"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        help_text="Som kolumnrubrik, t.ex. Strategi, Mål/uppdrag.", max_length=60, verbose_name="namn"
                    ),
                ),
                (
                    "plural",
                    models.CharField(
                        help_text="”sex inriktningsmål”, ”17 mål och uppdrag”", max_length=80, verbose_name="plural"
                    ),
                ),
                (
                    "definite_singular",
                    models.CharField(
                        help_text="”målet”, ”strategin”", max_length=80, verbose_name="bestämd form singular"
                    ),
                ),
                (
                    "definite_plural",
                    models.CharField(
                        help_text="”målen”, ”strategierna”", max_length=80, verbose_name="bestämd form plural"
                    ),
                ),
                (
                    "neuter",
                    models.BooleanField(default=True, help_text="”ett mål” men ”en strategi”.", verbose_name="ett-ord"),
                ),
                (
                    "followed_up",
                    models.BooleanField(
                        default=True,
                        help_text="Målen på nivån får en egen uppföljning med bedömning per period.",
                        verbose_name="följs upp",
                    ),
                ),
                (
                    "counted",
                    models.BooleanField(
                        default=True,
                        help_text="”Av sex inriktningsmål är fem uppnådda.”",
                        verbose_name="räknas i sammanfattningen",
                    ),
                ),
                (
                    "table_rows",
                    models.BooleanField(
                        default=False,
                        help_text="En nivå per år. Nivåerna ovanför blir rubriker, nivåerna under skrivs i kolumnen för mätetal/aktiviteter.",
                        verbose_name="rader i kapitlets tabeller",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
            ],
            options={
                "verbose_name": "historical nivå",
                "verbose_name_plural": "historical nivåer",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPlanYear",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("year", models.PositiveIntegerField(verbose_name="år")),
                ("strategic_goal", models.TextField(blank=True, verbose_name="strategiskt mål")),
                (
                    "strategic_approach",
                    models.TextField(
                        blank=True,
                        help_text="Hur det strategiska målet eftersträvas.",
                        verbose_name="så arbetar vi mot målet",
                    ),
                ),
                (
                    "measure_heading",
                    models.CharField(
                        default="Mätetal",
                        help_text="t.ex. Aktivitet/mätetal",
                        max_length=60,
                        verbose_name="rubrik för mätetalen",
                    ),
                ),
                (
                    "result_heading",
                    models.CharField(
                        default="Uppföljning",
                        help_text="Följs av periodens datum: ”Uppföljning 231231”, ”Resultat 181231”.",
                        max_length=60,
                        verbose_name="rubrik för uppföljningen",
                    ),
                ),
                (
                    "owner_heading",
                    models.CharField(
                        default="Verksamhet", max_length=60, verbose_name="rubrik för ansvarig verksamhet"
                    ),
                ),
                ("unit_heading", models.CharField(default="Enhet", max_length=60, verbose_name="rubrik för enheten")),
                (
                    "number_measures",
                    models.BooleanField(
                        default=False,
                        help_text="Som numrerade aktiviteter: 1, 2, 3 … under varje mål.",
                        verbose_name="numrera mätetalen",
                    ),
                ),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
            ],
            options={
                "verbose_name": "historical verksamhetsår",
                "verbose_name_plural": "historical verksamhetsår",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalPopulation",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("year", models.PositiveIntegerField(verbose_name="år")),
                ("population", models.PositiveIntegerField(verbose_name="folkmängd")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
                    "municipality",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.member",
                        verbose_name="kommun",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical folkmängd",
                "verbose_name_plural": "historical folkmängder",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="HistoricalUnit",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                ("slug", models.SlugField(verbose_name="kortnamn")),
                ("name", models.CharField(max_length=200, verbose_name="namn")),
                (
                    "operation",
                    models.BooleanField(
                        default=False,
                        help_text="Har en egen bilaga/ett eget kapitel i årsredovisningen.",
                        verbose_name="driftverksamhet",
                    ),
                ),
                ("order", models.PositiveIntegerField(default=0, verbose_name="ordning")),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField(db_index=True)),
                ("history_change_reason", models.CharField(max_length=100, null=True)),
                (
                    "history_type",
                    models.CharField(choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1),
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
            ],
            options={
                "verbose_name": "historical enhet",
                "verbose_name_plural": "historical enheter",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="AccessLog",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("at", models.DateTimeField(db_index=True, default=django.utils.timezone.now, verbose_name="när")),
                ("username", models.CharField(max_length=150, verbose_name="användarnamn")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("final_pdf", "Fastställt kapitel (PDF)"),
                            ("draft_pdf", "Kapitel som inte är fastställt (PDF)"),
                            ("plan_export", "Planen exporterad (Excel)"),
                            ("status_export", "Periodens läge exporterat (Excel)"),
                        ],
                        max_length=20,
                        verbose_name="slag",
                    ),
                ),
                ("what", models.CharField(max_length=300, verbose_name="vad")),
                ("object_id", models.PositiveIntegerField(blank=True, null=True, verbose_name="objektets id")),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="goals.organisation",
                        verbose_name="organisation",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="användare",
                    ),
                ),
            ],
            options={
                "verbose_name": "läsning eller export",
                "verbose_name_plural": "läsningar och exporter",
                "ordering": ["-at", "-id"],
                "indexes": [models.Index(fields=["organisation", "at"], name="access_log_by_organisation")],
            },
        ),
        migrations.RunPython(baseline, migrations.RunPython.noop),
    ]
