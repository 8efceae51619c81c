from django.core.management.base import BaseCommand, CommandError

from goals.copying import CopyError, copy_plan
from goals.models import PlanYear


class Command(BaseCommand):
    help = "Kopierar ett verksamhetsårs plan (utan uppföljningar) till ett senare år."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True)
        parser.add_argument("--from", dest="from_year", required=True, type=int)
        parser.add_argument("--to", dest="to_year", required=True, type=int)

    def handle(self, *args, org, from_year, to_year, **options):
        source = PlanYear.objects.filter(organisation__slug=org, year=from_year).first()
        if source is None:
            raise CommandError(f"Verksamhetsåret {from_year} finns inte för organisationen {org}.")
        try:
            target = copy_plan(source=source, to_year=to_year)
        except CopyError as error:
            raise CommandError(str(error))
        followed = target.goals.followed_up().count()
        self.stdout.write(
            self.style.SUCCESS(f"Kopierade {target.goals.count()} mål, varav {followed} som följs upp, till {target}.")
        )
