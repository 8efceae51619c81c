from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from goals.models import Organisation, PlanYear
from reports import selectors, services, word
from reports.models import Layout


class Command(BaseCommand):
    help = "Skriver kapitlet Måluppfyllelse som PDF/A för en organisation, ett år och en period."

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="Organisationens kortnamn, t.ex. borasregionen.")
        parser.add_argument("--year", required=True, type=int, help="Verksamhetsåret, t.ex. 2023.")
        parser.add_argument("--period", default="", help="Periodens nyckel, t.ex. 231231; standard är årsbokslutet.")
        parser.add_argument("--layout", default=Layout.UNIT, help="enhet (standard) eller fokusomrade.")
        parser.add_argument("--chapter-number", type=int, default=4, help="Kapitlets nummer (standard 4).")
        parser.add_argument("--chapter-title", default="", help="Kapitlets rubrik (standard Måluppfyllelse).")
        parser.add_argument("--organisation-name", default="", help="Namnet i utskriften (standard organisationens).")
        parser.add_argument("--output", required=True, help="PDF-filen som ska skrivas.")
        parser.add_argument("--docx", default="", help="Skriv också kapitlet som Word-fil (.docx) hit.")
        parser.add_argument(
            "--docx-template",
            default="",
            help="Word-mall (.docx eller .dotx); standard är organisationens eller den inbyggda.",
        )
        parser.add_argument(
            "--show-history", action="store_true", help="Visa mätetalens utveckling över åren i diagram."
        )
        parser.add_argument(
            "--include-unapproved",
            action="store_true",
            help="Ta med uppföljningar som inte är godkända (ett utkast till kapitlet).",
        )

    def handle(self, *args, **options):
        try:
            organisation = Organisation.objects.get(slug=options["org"])
        except Organisation.DoesNotExist:
            raise CommandError(_("Organisationen %(slug)s finns inte.") % {"slug": options["org"]})
        try:
            plan_year = PlanYear.objects.get(organisation=organisation, year=options["year"])
        except PlanYear.DoesNotExist:
            raise CommandError(
                _("%(org)s har inget verksamhetsår %(year)s.") % {"org": organisation.name, "year": options["year"]}
            )
        if options["period"]:
            period = selectors.period_by_key(plan_year, options["period"])
            if period is None:
                keys = ", ".join(p.key for p in plan_year.periods.all()) or "–"
                raise CommandError(
                    _("Perioden %(key)s finns inte för %(year)s. Välj en av: %(keys)s.")
                    % {"key": options["period"], "year": plan_year.year, "keys": keys}
                )
        else:
            period = selectors.default_period(plan_year)
            if period is None:
                raise CommandError(_("Verksamhetsåret %(year)s har inga perioder.") % {"year": plan_year.year})
        if options["layout"] not in Layout.values:
            raise CommandError(
                _("Okänd uppställning %(layout)s. Välj enhet eller fokusomrade.") % {"layout": options["layout"]}
            )
        if not 1 <= options["chapter_number"] <= 99:
            raise CommandError(_("Kapitelnumret ska vara mellan 1 och 99."))
        output = Path(options["output"])
        if not output.parent.is_dir():
            raise CommandError(_("Mappen %(folder)s finns inte.") % {"folder": output.parent})

        docx = Path(options["docx"]) if options["docx"] else None
        if docx is not None and not docx.parent.is_dir():
            raise CommandError(_("Mappen %(folder)s finns inte.") % {"folder": docx.parent})
        template = self._template(options["docx_template"], organisation) if docx else None

        # Render next to the target and rename on success: a failed run leaves the old file intact.
        temporary = output.with_name(f".{output.name}.tmp")
        docx_temporary = docx.with_name(f".{docx.name}.tmp") if docx else None
        try:
            services.render_chapter(
                plan_year=plan_year,
                period=period,
                layout=options["layout"],
                chapter_number=options["chapter_number"],
                chapter_title=options["chapter_title"].strip() or _("Måluppfyllelse"),
                organisation_name=options["organisation_name"].strip() or organisation.name,
                include_unapproved=options["include_unapproved"],
                show_history=options["show_history"],
                target=str(temporary),
                docx_target=str(docx_temporary) if docx else None,
                docx_template=template,
            )
            temporary.replace(output)
            if docx:
                docx_temporary.replace(docx)
        except (services.PrintError, services.DocxError) as error:
            raise CommandError(str(error))
        finally:
            temporary.unlink(missing_ok=True)
            if docx_temporary:
                docx_temporary.unlink(missing_ok=True)
        for path in [output] + ([docx] if docx else []):
            self.stdout.write(_("Skrev %(path)s (%(size)s byte).") % {"path": path, "size": path.stat().st_size})

    def _template(self, path: str, organisation) -> bytes | None:
        """The given file, else the organisation's uploaded template, else None (the default)."""
        if not path:
            return selectors.docx_template_bytes(organisation)
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise CommandError(_("Mallen %(path)s kan inte läsas: %(error)s") % {"path": path, "error": error})
        try:
            word.open_template(data)
        except word.TemplateError as error:
            raise CommandError(str(error))
        return data
