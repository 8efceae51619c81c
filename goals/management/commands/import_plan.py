from django.core.management.base import BaseCommand, CommandError

from goals.interchange import PlanImportError, import_document, load_document


class Command(BaseCommand):
    help = "Importerar ett verksamhetsår från en JSON-fil (docs/interchange.md). Allt eller inget."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--replace", action="store_true", help="Ersätt ett befintligt verksamhetsår.")

    def handle(self, *args, file, replace, **options):
        try:
            plan_year = import_document(load_document(file), replace=replace)
        except PlanImportError as error:
            raise CommandError("Inget importerades:\n" + "\n".join(f"- {p}" for p in error.problems))
        goals = plan_year.goals.count()
        self.stdout.write(self.style.SUCCESS(f"Importerade {plan_year}: {goals} mål och uppdrag."))
