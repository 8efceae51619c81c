"""Give fastställda prints made before the public pages existed their public document.

Those prints kept only their PDF, so the document is built from the data as it is when this
runs, with each print's own settings, and marked as made afterwards (the public page says so;
the PDF stays the original). Prints that already have one are never touched, so running it
again changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from goals.models import Organisation
from reports.snapshot import backfill_snapshots


class Command(BaseCommand):
    help = "Skapar innehållet för de offentliga sidorna för fastställda utskrifter som saknar det."

    def add_arguments(self, parser):
        parser.add_argument("--org", help="bara denna organisation (kortnamn)")

    def handle(self, *args, org=None, **options):
        organisation = None
        if org:
            organisation = Organisation.objects.filter(slug=org).first()
            if organisation is None:
                raise CommandError(_("Organisationen %(org)s finns inte.") % {"org": org})
        done = backfill_snapshots(organisation=organisation)
        for chapter_print in done:
            self.stdout.write(
                _("%(print)s (nr %(id)s): skapat av uppgifterna som de är nu")
                % {"print": chapter_print, "id": chapter_print.pk}
            )
        self.stdout.write(_("%(count)s utskrifter fick innehåll för de offentliga sidorna.") % {"count": len(done)})
