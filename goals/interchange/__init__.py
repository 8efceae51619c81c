"""The plan-year JSON document (docs/interchange.md): validate, import all-or-nothing, export.

Version 2 carries the goal tree with its levels; version-1 files (fokusområden, sub-items)
are still read, and upgraded on the way in.
"""

import json

from django.utils.translation import gettext as _

from .exporting import export_document
from .importing import import_document
from .report import disagreements
from .schema import FORMAT
from .validation import PlanImportError, validate


def load_document(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise PlanImportError([_("Filen %(path)s finns inte.") % {"path": path}])
    except UnicodeDecodeError:
        raise PlanImportError([_("Filen %(path)s är inte UTF-8-kodad.") % {"path": path}])
    except RecursionError:
        raise PlanImportError([_("Filen är nästlad i för många nivåer för att kunna läsas.")])
    except json.JSONDecodeError as error:
        raise PlanImportError(
            [
                _(
                    "Filen är inte giltig JSON: fel på rad %(line)s, kolumn %(col)s (t.ex. ett saknat kommatecken eller citattecken)."
                )
                % {"line": error.lineno, "col": error.colno}
            ]
        )


__all__ = [
    "FORMAT",
    "PlanImportError",
    "disagreements",
    "export_document",
    "import_document",
    "load_document",
    "validate",
]
