import json

from django.core.management.base import BaseCommand

from goals.interchange.schema import build


class Command(BaseCommand):
    help = "Skriver JSON Schema för planfilens format (version 2), byggt från modellerna."

    def handle(self, *args, **options):
        self.stdout.write(json.dumps(build(), ensure_ascii=False, indent=2))
