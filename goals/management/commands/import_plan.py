from django.core.management.base import BaseCommand, CommandError

from goals.interchange import PlanImportError, disagreements, import_document, load_document


class Command(BaseCommand):
    help = (
        "Importerar ett verksamhetsår från en JSON-fil (docs/interchange.md, format 1 eller 2). Allt eller inget. "
        "Uppföljningar vars bedömning avviker från mätetalen redovisas; med --strict importeras då inget."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--replace", action="store_true", help="Ersätt ett befintligt verksamhetsår.")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Importera inget om någon bedömning avviker från vad mätetalen visar.",
        )

    def handle(self, *args, file, replace, strict, **options):
        try:
            plan_year = import_document(load_document(file), replace=replace, strict=strict)
        except PlanImportError as error:
            raise CommandError("Inget importerades:\n" + "\n".join(f"- {p}" for p in error.problems))
        goals = plan_year.goals.followed_up().count()
        self.stdout.write(self.style.SUCCESS(f"Importerade {plan_year}: {goals} mål som följs upp."))
        found = disagreements(plan_year)
        if found:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(found)} bedömningar avviker från vad mätetalen visar (kapitlet markerar dem, om inte kansliet väljer bort det per mål):"
                )
            )
            for line in found:
                self.stdout.write(f"- {line}")
