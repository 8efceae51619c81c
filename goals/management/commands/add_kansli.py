from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from goals.models import Organisation
from goals.services import make_kansli


class Command(BaseCommand):
    help = (
        "Ger ett konto kansliets behörighet i en organisation (översikt, granskning, utskrifter och "
        "administrationen), t.ex. den första kanslianvändaren efter installationen."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="Kontot, t.ex. skapat med createsuperuser.")
        parser.add_argument("organisation", help="Organisationens kortnamn, t.ex. borasregionen.")
        parser.add_argument(
            "--name",
            help="Skapa organisationen med detta namn om den inte finns (annars läses den in med import_plan).",
        )

    @transaction.atomic
    def handle(self, *args, username, organisation, name=None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(
                f"Kontot {username} finns inte. Skapa det först (createsuperuser eller i administrationen)."
            )
        found = Organisation.objects.filter(slug=organisation).first()
        if found is None and not name:
            known = ", ".join(Organisation.objects.values_list("slug", flat=True)) or "inga ännu"
            raise CommandError(
                f'Organisationen {organisation} finns inte (finns: {known}). Ange --name "Förbundets namn" '
                "för att skapa den, eller läs in en plan med import_plan."
            )
        if found is None:
            found = Organisation.objects.create(slug=organisation, name=name)
        make_kansli(user=user, organisation=found)
        self.stdout.write(self.style.SUCCESS(f"{username} har nu kansliets behörighet i {found.name}."))
