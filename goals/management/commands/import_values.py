from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from goals.kolada import KoladaImportError, import_values
from goals.models import Organisation


class Command(BaseCommand):
    help = "Importerar värden per kommun från en fil i Koladas format (JSON eller CSV). Allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--org", required=True)

    def handle(self, *args, file, org, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"Organisationen {org} finns inte.")
        path = Path(file)
        if not path.exists():
            raise CommandError(f"Filen {file} finns inte.")
        try:
            count = import_values(organisation=organisation, content=path.read_bytes())
        except KoladaImportError as error:
            raise CommandError("Inget importerades:\n" + "\n".join(f"- {p}" for p in error.problems))
        self.stdout.write(self.style.SUCCESS(f"Importerade {count} värden."))
