# Members that are not kommuner (Försäkringskassan, Arbetsförmedlingen, a region): the kommun
# model becomes the member model; its rows and every reference to them are kept.

from django.conf import settings
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("goals", "0005_required_met_minimum"),
    ]

    operations = [
        migrations.RenameModel("Municipality", "Member"),
    ]
