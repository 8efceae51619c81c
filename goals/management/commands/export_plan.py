import json

from django.core.management.base import BaseCommand, CommandError

from goals.interchange import export_document
from goals.models import PlanYear


class Command(BaseCommand):
    help = "Exporterar ett verksamhetsår med uppföljningar som JSON (docs/interchange.md)."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Organisationens kortnamn, t.ex. borasregionen.")
        parser.add_argument("--year", required=True, type=int)
        parser.add_argument("--output", help="Fil att skriva till; utan den skrivs dokumentet till standard ut.")

    def handle(self, *args, org, year, output, **options):
        plan_year = PlanYear.objects.filter(organisation__slug=org, year=year).select_related("organisation").first()
        if plan_year is None:
            raise CommandError(f"Verksamhetsåret {year} finns inte för organisationen {org}.")
        text = json.dumps(export_document(plan_year), ensure_ascii=False, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as handle:
                handle.write(text)
            self.stderr.write(f"Skrev {output}.")
        else:
            self.stdout.write(text, ending="")
