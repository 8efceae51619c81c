"""The day's reminders and kansliet's digest, as beat sends them: for cron where no broker runs."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import ngettext

from goals import mail


class Command(BaseCommand):
    help = (
        "Skicka dagens påminnelser till enhetscheferna och kansliets sammanställning av nya inskickade "
        "uppföljningar (det som redan skickats i dag skickas inte igen)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Dagen som påminnelserna gäller, ÅÅÅÅ-MM-DD (i dag om den utelämnas).")
        parser.add_argument("--dry-run", action="store_true", help="Visa vad som skulle skickas, utan att skicka.")

    def handle(self, *args, **options):
        dry_run = options["dry_run"]
        day = parse_day(options["date"]) if options["date"] else timezone.localdate()
        planned = mail.send_daily(day, dry_run=dry_run)
        for item in planned:
            self.stdout.write(("(provkörning) " if dry_run else "") + str(item))
        count = sum(1 for item in planned if item.deliverable)
        if dry_run:
            said = ngettext(
                "%(count)s e-postmeddelande skulle skickas", "%(count)s e-postmeddelanden skulle skickas", count
            )
        else:
            said = ngettext("%(count)s e-postmeddelande skickat", "%(count)s e-postmeddelanden skickade", count)
        self.stdout.write(f"{day.isoformat()}: {said % {'count': count}}.")


def parse_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--date {text!r}: skriv datumet som ÅÅÅÅ-MM-DD, t.ex. 2025-09-01.")
