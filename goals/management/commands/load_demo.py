from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _

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

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Läs in demodata även i produktionsläge eller i en databas med andra organisationer.",
        )
        parser.add_argument(
            "--skip-if-refused",
            action="store_true",
            help="Hoppa över (i stället för att avbryta) där demodata inte läses in; för bin/run.",
        )

    @transaction.atomic
    def handle(self, *args, force=False, skip_if_refused=False, **options):
        others = Organisation.objects.exclude(slug__in=DEMO_ORGANISATIONS).exists()
        if (settings.PRODUCTION or others) and not force:
            where = _("produktionsläge") if settings.PRODUCTION else _("en databas med riktiga organisationer")
            message = _("Läser inte in demodata i %(where)s. Använd --force om det verkligen är meningen.") % {
                "where": where
            }
            if skip_if_refused:
                self.stdout.write(message)
                return
            raise CommandError(message)
        # A production database never gets accounts with the demo's published password.
        self.known_password = not settings.PRODUCTION
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
        if self.known_password:
            self.stdout.write("\nDemoinloggningar (lösenord för alla: %s):" % DEMO_PASSWORD)
        else:
            self.stdout.write("\nDemokonton utan lösenord (sätt ett med manage.py changepassword NAMN):")
        for username, label in logins:
            self.stdout.write(f"  {username:<32} {label}")

    def _user(self, username, first, last, organisation, role, unit=None):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            if self.known_password:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
        if role == Role.KANSLI:
            make_kansli(user=user, organisation=organisation)
        else:
            Membership.objects.get_or_create(user=user, organisation=organisation, unit=unit, role=role)
        label = Role(role).label + (f" – {unit.name}" if unit else f" – {organisation.name}")
        return username, label
