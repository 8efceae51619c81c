"""Importing a plan workbook: read it into the interchange document and import that through the
same validation and write as `import_plan`, all or nothing, telling every problem by its cell."""

import re

from django.db import transaction
from django.utils.translation import gettext as _

from goals.interchange import PlanImportError, import_document
from goals.models import FollowUp, PlanYear

from .reading import WorkbookError, cell_place, read_workbook

_LAST_PART = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")
_FIRST_NAME = re.compile(r"[.\[]")


def locate(problem: str, places: dict) -> str:
    """An interchange message ("goals[0].measures[1].target_value: …") told by sheet, row and
    column; a message about no row of the sheet stays as it is."""
    place, sep, reason = problem.partition(": ")
    if not sep:
        return problem
    if place == "year":
        return _("Året: %(reason)s") % {"reason": reason}
    candidate = place
    while candidate:
        if candidate in places:
            sheet, row = places[candidate]
            rest = place[len(candidate) :].lstrip(".")
            name = _FIRST_NAME.split(rest)[0] if rest else ""
            header = next((str(c.header) for c in sheet.columns if c.name == name), None)
            return f"{cell_place(sheet.title, row, header)}: {reason}"
        shorter = _LAST_PART.sub("", candidate)
        if shorter == candidate:
            break
        candidate = shorter
    return problem


@transaction.atomic
def import_workbook(*, organisation, year: int, content: bytes, replace: bool = False) -> PlanYear:
    """The plan year made from the workbook, or WorkbookError with every problem (nothing written).

    An existing year is replaced only when asked, under the rules `import_plan --replace` follows
    (no later year copied from it, no prints), and never when it holds follow-ups: through the
    web, replacing would silently delete what the units wrote."""
    document, places = read_workbook(content, organisation=organisation, year=year)
    if not document["goals"]:
        raise WorkbookError([_("Bladet Mål har inga mål (exempelraderna räknas inte).")])
    existing = PlanYear.objects.filter(organisation=organisation, year=year).first()
    if existing is not None:
        if not replace:
            raise WorkbookError(
                [
                    _(
                        "%(org)s har redan verksamhetsåret %(year)s. Välj ett annat år, eller kryssa i "
                        "”Ersätt det befintliga året” om planen ska ersättas."
                    )
                    % {"org": organisation.name, "year": year}
                ]
            )
        written = FollowUp.objects.filter(goal__plan_year=existing).count()
        if written:
            raise WorkbookError(
                [
                    _(
                        "Verksamhetsåret %(year)s har %(n)s uppföljningar som skulle försvinna; det kan inte ersättas "
                        "härifrån."
                    )
                    % {"year": year, "n": written}
                ]
            )
    try:
        return import_document(document, replace=replace)
    except PlanImportError as error:
        raise WorkbookError([locate(problem, places) for problem in error.problems])
