"""jsonschema's findings in Swedish, each naming its place in the file and what is allowed."""

import jsonschema
from django.utils.translation import gettext as _

from .schema import DATE, DECIMAL, PERIOD_KEY, SLUG

TYPE_WORDS = {
    "string": lambda: _("text"),
    "integer": lambda: _("ett heltal"),
    "number": lambda: _("ett tal"),
    "boolean": lambda: _("true eller false"),
    "array": lambda: _("en lista [ … ]"),
    "object": lambda: _("ett objekt { … }"),
    "null": lambda: _("null"),
}
PATTERN_WORDS = {
    DECIMAL: lambda: _(
        "ett tal som text med punkt som decimaltecken och högst två decimaler, utan mellanslag, "
        "t.ex. ”12569” eller ”85.5” (högst 12 siffror före punkten)"
    ),
    DATE: lambda: _("ett datum som ÅÅÅÅ-MM-DD, t.ex. ”2024-12-31”"),
    SLUG: lambda: _("ett kortnamn med bokstäverna a–z, siffror, bindestreck och understreck"),
    PERIOD_KEY: lambda: _("periodens datum som ÅÅMMDD, t.ex. ”241231”"),
}


def place(path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or _("dokumentets rot")


def _types(value) -> str:
    names = value if isinstance(value, list) else [value]
    words = [TYPE_WORDS.get(name, lambda n=name: n)() for name in names]
    return _(" eller ").join(words)


def _shown(value) -> str:
    if isinstance(value, str):
        return f"”{value[:60]}”" + ("…" if len(value) > 60 else "")
    if value is None:
        return "null"
    return str(value)[:60]


def message(error: jsonschema.ValidationError) -> str:
    where = place(error.absolute_path)
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        # jsonschema reports each missing field on its own: "'year' is a required property".
        name = error.message.split("'")[1] if error.message.count("'") >= 2 else ", ".join(expected)
        return _("%(place)s: fältet ”%(name)s” saknas.") % {"place": where, "name": name}
    if kind == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        unknown = sorted(set(instance) - set(allowed)) if isinstance(instance, dict) else []
        return _("%(place)s: okänt fält ”%(name)s”; tillåtna fält är %(allowed)s.") % {
            "place": where,
            "name": ", ".join(unknown),
            "allowed": ", ".join(allowed),
        }
    if kind == "type":
        return _("%(place)s: ska vara %(expected)s, inte %(value)s.") % {
            "place": where,
            "expected": _types(expected),
            "value": _shown(instance),
        }
    if kind == "enum":
        allowed = ", ".join("”%s”" % v if isinstance(v, str) else _shown(v) for v in expected)
        return _("%(place)s: %(value)s är inte tillåtet; tillåtna värden är %(allowed)s.") % {
            "place": where,
            "value": _shown(instance),
            "allowed": allowed,
        }
    if kind == "const":
        return _("%(place)s: ska vara %(expected)s.") % {"place": where, "expected": _shown(expected)}
    if kind == "pattern":
        words = PATTERN_WORDS.get(expected, lambda: _("ett värde av rätt form"))()
        return _("%(place)s: %(value)s ska vara %(words)s.") % {
            "place": where,
            "value": _shown(instance),
            "words": words,
        }
    if kind == "minLength":
        return _("%(place)s: får inte vara tomt.") % {"place": where}
    if kind == "maxLength":
        return _("%(place)s: är %(length)s tecken långt; högst %(max)s tecken får plats.") % {
            "place": where,
            "length": len(instance),
            "max": expected,
        }
    if kind == "minItems":
        return _("%(place)s: listan måste ha minst %(n)s rad.") % {"place": where, "n": expected}
    if kind in ("minimum", "maximum"):
        bound = _("minst") if kind == "minimum" else _("högst")
        return _("%(place)s: %(value)s är utanför det tillåtna; ska vara %(bound)s %(limit)s.") % {
            "place": where,
            "value": _shown(instance),
            "bound": bound,
            "limit": expected,
        }
    return _("%(place)s: ogiltigt värde %(value)s.") % {"place": where, "value": _shown(instance)}


def messages(validator, document, limit: int = 30) -> list[str]:
    errors = sorted(validator.iter_errors(document), key=lambda e: [str(p) for p in e.absolute_path])
    return [message(e) for e in errors[:limit]]
