from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from goals.interchange import import_document, load_document
from goals.models import Membership, Organisation, PlanYear, Role
from goals.services import make_kansli

DEMO_DIR = Path(__file__).resolve().parents[2] / "demo"
DEMO_PASSWORD = "demo-losen-2023"
# The demo's organisations and the suffix of their kansli and läsare logins: Boråsregionen's
# real plans, and two illustrative ones of other shapes (docs/interchange.md, "Other plans").
DEMO_ORGANISATIONS = {"borasregionen": "", "exempelforbundet": "-exempel", "finsam-exempeldalen": "-finsam"}


class Command(BaseCommand):
    help = (
        "Läser in demodata (Boråsregionen 2021 och 2023, och två påhittade exempel med andra planer) och "
        "demoanvändare. Kan köras flera gånger."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for path in sorted(DEMO_DIR.glob("*.json")):
            data = load_document(str(path))
            exists = PlanYear.objects.filter(
                organisation__slug=data["organisation"]["slug"], year=data["year"]
            ).exists()
            if exists:
                self.stdout.write(f"{path.name}: finns redan, hoppar över.")
                continue
            plan_year = import_document(data)
            self.stdout.write(f"{path.name}: importerade {plan_year}.")
        logins = []
        for slug, suffix in DEMO_ORGANISATIONS.items():
            organisation = Organisation.objects.get(slug=slug)
            logins += [
                self._user(f"kansli{suffix}", "Karin", f"Kansli{suffix}", organisation, Role.KANSLI),
                self._user(f"lasare{suffix}", "Lars", f"Läsare{suffix}", organisation, Role.READER),
            ]
            for unit in organisation.units.all():
                logins.append(
                    self._user(f"chef-{unit.slug}", "Enhetschef", unit.name, organisation, Role.MANAGER, unit)
                )
        self.stdout.write("\nDemoinloggningar (lösenord för alla: %s):" % DEMO_PASSWORD)
        for username, label in logins:
            self.stdout.write(f"  {username:<32} {label}")

    def _user(self, username, first, last, organisation, role, unit=None):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role == Role.KANSLI:
            make_kansli(user=user, organisation=organisation)
        else:
            Membership.objects.get_or_create(user=user, organisation=organisation, unit=unit, role=role)
        label = Role(role).label + (f" – {unit.name}" if unit else f" – {organisation.name}")
        return username, label
