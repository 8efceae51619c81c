"""Everything that can be wrong with a plan document, found before anything is written.

First the shape and every value's column (the schema built from the models), then what a
schema cannot say: that keys are unique, that references resolve (in the file or, for the
organisation's members, units and dimensions, in the database), that a goal's level lies below
its parent's, that targets are complete, that follow-ups belong to levels that are followed up.
Every problem is a Swedish sentence that names its place in the file.
"""

from datetime import date
from decimal import Decimal

import jsonschema
from django.utils.translation import gettext as _

from goals.models import (
    BY_GENDER,
    PER_DIMENSION,
    PER_MUNICIPALITY,
    YEAR_END_STATUSES,
    Breakdown,
    Dimension,
    Member,
    MemberKind,
    PeriodKind,
    PlanYear,
    Unit,
    level_words,
    target_problems,
)
from goals.models.organisation import SCB_CODE

from . import schema
from .messages import messages
from .upgrade import FORMAT_V1, upgrade


class PlanImportError(Exception):
    """The document cannot be imported; `problems` are Swedish messages, each naming its place."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


_VALIDATOR = None


def _validator():
    global _VALIDATOR
    if _VALIDATOR is None:
        _VALIDATOR = jsonschema.Draft202012Validator(schema.build())
    return _VALIDATOR


def period_key(end_date: str) -> str:
    return date.fromisoformat(end_date).strftime("%y%m%d")


def walk(nodes, place="goals", parent=None):
    """(node, its place in the file, its parent node) for every goal of the tree."""
    for index, node in enumerate(nodes):
        where = f"{place}[{index}]"
        yield node, where, parent
        yield from walk(node.get("children", []), where + ".children", node)


# Containers inside containers: a plan's tree is a few levels deep (each goal adds two, its list
# and itself); beyond this a file is refused before anything recursive (the schema, the tree
# walk) reads it.
MAX_NESTING = 60


def text_problems(data, root="") -> list[str]:
    """What no column can hold, found without recursion: nesting deeper than MAX_NESTING,
    NUL characters (PostgreSQL refuses them) and lone surrogates (not UTF-8)."""
    problems = []
    stack = [(data, root, 0)]
    while stack and len(problems) < 20:
        value, where, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth >= MAX_NESTING:
                problems.append(
                    _("%(place)s: filen är nästlad i fler än %(n)s nivåer.")
                    % {"place": where or _("dokumentets rot"), "n": MAX_NESTING}
                )
                continue
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, item in items:
                if isinstance(key, str):
                    stack.append((key, where, depth + 1))
                child = f"{where}[{key}]" if isinstance(key, int) else (f"{where}.{key}" if where else str(key))
                stack.append((item, child, depth + 1))
        elif isinstance(value, str):
            if "\x00" in value:
                problems.append(
                    _("%(place)s: texten innehåller ett NUL-tecken (\\0), som inte kan sparas.")
                    % {"place": where or _("dokumentets rot")}
                )
            elif any("\ud800" <= char <= "\udfff" for char in value):
                problems.append(
                    _("%(place)s: texten innehåller ett ogiltigt tecken (ett ensamt surrogattecken, inte UTF-8).")
                    % {"place": where or _("dokumentets rot")}
                )
    return problems


def as_version_2(document) -> dict:
    """The document in format 2: checked and upgraded if it is a version-1 file."""
    problems = text_problems(document)
    if problems:
        raise PlanImportError(problems)
    if isinstance(document, dict) and document.get("format") == FORMAT_V1:
        upgraded, problems = upgrade(document)
        if problems:
            raise PlanImportError(problems)
        document = upgraded
    problems = messages(_validator(), document)
    if problems:
        raise PlanImportError(problems)
    return document


class Checker:
    def __init__(self, document: dict):
        self.document = document
        self.problems: list[str] = []
        organisation = document["organisation"]
        slug = organisation["slug"]
        # A member the organisation already has keeps its kind (the import never changes it).
        self.members = dict(Member.objects.filter(organisation__slug=slug).values_list("code", "kind"))
        for member in organisation.get("members", []):
            self.members.setdefault(member["code"], member.get("kind", MemberKind.MUNICIPALITY))
        self.units = {u["slug"] for u in organisation.get("units", [])}
        self.units |= set(Unit.objects.filter(organisation__slug=slug).values_list("slug", flat=True))
        self.dimensions = {
            d["key"]: {i["name"] for i in d.get("items", [])} for d in organisation.get("dimensions", [])
        }
        for dimension in Dimension.objects.filter(organisation__slug=slug).prefetch_related("items"):
            self.dimensions.setdefault(dimension.key, set()).update(i.name for i in dimension.items.all())
        self.years = set(PlanYear.objects.filter(organisation__slug=slug).values_list("year", flat=True))

    def problem(self, message: str, **values):
        self.problems.append(message % values)

    def unique(self, items, field, place):
        seen = set()
        for index, item in enumerate(items):
            value = item.get(field)
            if value is None:
                continue
            if value in seen:
                self.problem(
                    _("%(place)s[%(i)s].%(field)s: %(value)s förekommer två gånger."),
                    place=place,
                    i=index,
                    field=field,
                    value=value,
                )
            seen.add(value)
        return seen

    def ref(self, value, known, place, what, *, organisation=False):
        """A reference that must resolve; the organisation's members, units and dimensions may
        also be ones the database already has."""
        if value is None or value in known:
            return
        if organisation:
            message = _("%(place)s: %(what)s %(value)s finns varken i dokumentet eller hos organisationen.")
        else:
            message = _("%(place)s: %(what)s %(value)s finns inte i dokumentet.")
        self.problem(message, place=place, what=what, value=value)

    def run(self):
        document = self.document
        organisation = document["organisation"]
        self.unique(organisation.get("members", []), "code", "organisation.members")
        for index, member in enumerate(organisation.get("members", [])):
            if member.get("kind", MemberKind.MUNICIPALITY) == MemberKind.MUNICIPALITY and not SCB_CODE.fullmatch(
                member["code"]
            ):
                self.problem(
                    _("organisation.members[%(i)s].code: en kommuns kod är SCB:s fyrställiga kommunkod, t.ex. 1490."),
                    i=index,
                )
            self.unique(member.get("populations", []), "year", f"organisation.members[{index}].populations")
        self.unique(organisation.get("units", []), "slug", "organisation.units")
        self.unique(organisation.get("dimensions", []), "key", "organisation.dimensions")
        for index, dimension in enumerate(organisation.get("dimensions", [])):
            self.unique(dimension.get("items", []), "name", f"organisation.dimensions[{index}].items")
        self.levels = self.check_levels(document["levels"])
        self.periods = self.check_periods(document["periods"], document["year"])
        self.check_tree(document["goals"], document["year"])
        for index, contribution in enumerate(document.get("contributions", [])):
            self.ref(
                contribution["member"],
                self.members,
                f"contributions[{index}].member",
                _("medlemmen"),
                organisation=True,
            )
        self.unique(document.get("contributions", []), "member", "contributions")
        nodes = {node.get("key") for node, _place, _parent in walk(document["goals"])}
        for index, text in enumerate(document.get("texts", [])):
            place = f"texts[{index}]"
            self.ref(text.get("period"), self.periods, place + ".period", _("perioden"))
            self.ref(text.get("unit"), self.units, place + ".unit", _("enheten"), organisation=True)
            self.ref(text.get("node"), nodes, place + ".node", _("målet"))
            if text["section"] == "unit" and not text.get("unit"):
                self.problem(_("%(place)s.unit: ett driftverksamhetskapitel måste ange enhet."), place=place)
        return self.problems

    def check_levels(self, levels) -> dict:
        self.unique(levels, "key", "levels")
        if sum(1 for level in levels if level.get("table_rows")) > 1:
            self.problem(_("levels: bara en nivå kan vara tabellens rader (table_rows)."))
        for index, level in enumerate(levels):
            given = {name for name in ("plural", "definite_singular", "definite_plural") if level.get(name)}
            if len(given) < 3 and level_words(level["name"]) is None:
                self.problem(
                    _(
                        "levels[%(i)s]: ordet ”%(name)s” är okänt; ange plural, definite_singular och "
                        "definite_plural (t.ex. ”strategier”, ”strategin”, ”strategierna”) och neuter."
                    ),
                    i=index,
                    name=level["name"],
                )
        return {level["key"]: (order, level) for order, level in enumerate(levels)}

    def check_periods(self, periods, year) -> dict:
        keys = {}
        for index, period in enumerate(periods):
            place = f"periods[{index}]"
            try:
                end = date.fromisoformat(period["end_date"])
            except ValueError:
                self.problem(_("%(place)s.end_date: %(d)s är inget datum."), place=place, d=period["end_date"])
                continue
            if end.year != year:
                self.problem(_("%(place)s.end_date: datumet ligger inte i år %(year)s."), place=place, year=year)
            if period.get("deadline"):
                try:
                    date.fromisoformat(period["deadline"])
                except ValueError:
                    self.problem(_("%(place)s.deadline: %(d)s är inget datum."), place=place, d=period["deadline"])
            key = end.strftime("%y%m%d")
            if key in keys:
                self.problem(_("%(place)s.end_date: två perioder slutar samma dag."), place=place)
            keys[key] = period["kind"]
        return keys

    def check_tree(self, goals, year):
        keys = set()
        for node, place, parent in walk(goals):
            key = node.get("key")
            if key is not None and key in keys:
                self.problem(_("%(place)s.key: nyckeln %(key)s förekommer två gånger."), place=place, key=key)
            keys.add(key)
            level = self.levels.get(node["level"])
            if level is None:
                self.ref(node["level"], self.levels, place + ".level", _("nivån"))
            elif parent is not None and parent["level"] in self.levels and self.levels[parent["level"]][0] >= level[0]:
                self.problem(
                    _("%(place)s.level: nivån %(level)s ligger inte under %(parent)s, nivån för målet ovanför."),
                    place=place,
                    level=node["level"],
                    parent=parent["level"],
                )
            self.ref(node.get("unit"), self.units, place + ".unit", _("enheten"), organisation=True)
            predecessor = node.get("predecessor")
            if predecessor:
                self.check_link(predecessor, year, place + ".predecessor")
            measures = self.check_measures(node.get("measures", []), place, year)
            followed_up = level is None or level[1].get("followed_up", True)
            self.check_follow_ups(node.get("follow_ups", []), measures, place, followed_up)

    def check_link(self, link, year, place):
        if link["year"] >= year:
            self.problem(_("%(place)s.year: länken måste gå till ett tidigare år än %(year)s."), place=place, year=year)
        elif link["year"] not in self.years:
            self.problem(
                _("%(place)s.year: organisationen har inget verksamhetsår %(year)s i databasen; importera det först."),
                place=place,
                year=link["year"],
            )

    def check_measures(self, measures, place, year) -> dict:
        self.unique(measures, "key", place + ".measures")
        known = {}
        for index, m in enumerate(measures):
            where = f"{place}.measures[{index}]"
            known[m.get("key")] = m
            target = _Target(m)
            for name, text in target_problems(target).items():
                self.problems.append(f"{where}.{name}: {text}")
            breakdown = m.get("breakdown", Breakdown.NONE)
            if breakdown in PER_DIMENSION:
                if not m.get("dimension"):
                    self.problem(
                        _("%(place)s.dimension: uppdelning per egen indelning behöver en indelning."), place=where
                    )
                else:
                    self.ref(m["dimension"], self.dimensions, where + ".dimension", _("indelningen"), organisation=True)
            self.unique(m.get("components", []), "key", where + ".components")
            if m.get("predecessor"):
                self.check_link(m["predecessor"], year, where + ".predecessor")
        return known

    def check_follow_ups(self, follow_ups, measures, place, followed_up):
        seen = set()
        for index, f in enumerate(follow_ups):
            where = f"{place}.follow_ups[{index}]"
            if not followed_up:
                self.problem(_("%(place)s: målets nivå följs inte upp; uppföljningen kan inte läsas in."), place=where)
            self.ref(f["period"], self.periods, where + ".period", _("perioden"))
            if f["period"] in seen:
                self.problem(
                    _("%(place)s.period: målet har redan en uppföljning för perioden %(p)s."),
                    place=where,
                    p=f["period"],
                )
            seen.add(f["period"])
            status = f.get("status") or ""
            if status and self.periods.get(f["period"]) == PeriodKind.ANNUAL and status not in YEAR_END_STATUSES:
                self.problem(
                    _(
                        "%(place)s.status: %(status)s gäller under året; ett årsbokslut bedöms uppnått, delvis uppnått eller ej uppnått."
                    ),
                    place=where,
                    status=status,
                )
            identities = set()
            for v_index, value in enumerate(f.get("values", [])):
                self.check_value(value, measures, f"{where}.values[{v_index}]", identities)

    def check_value(self, value, measures, place, identities):
        measure = measures.get(value["measure"])
        if measure is None:
            self.ref(value["measure"], measures, place + ".measure", _("mätetalet"))
            return
        breakdown = measure.get("breakdown", Breakdown.NONE)
        components = {c.get("key") for c in measure.get("components", [])}
        self.ref(value.get("component"), components, place + ".component", _("delen"))
        member = value.get("member")
        if member is not None:
            self.ref(member, self.members, place + ".member", _("medlemmen"), organisation=True)
            if breakdown not in PER_MUNICIPALITY:
                self.problem(_("%(place)s.member: mätetalet redovisas inte per kommun."), place=place)
            elif self.members.get(member, MemberKind.MUNICIPALITY) != MemberKind.MUNICIPALITY:
                self.problem(_("%(place)s.member: %(code)s är ingen kommun."), place=place, code=member)
        item = value.get("item")
        if item is not None:
            if breakdown not in PER_DIMENSION:
                self.problem(_("%(place)s.item: mätetalet redovisas inte per egen indelning."), place=place)
            else:
                self.ref(item, self.dimensions.get(measure.get("dimension"), set()), place + ".item", _("delen"))
        if value.get("gender") and breakdown not in BY_GENDER:
            self.problem(_("%(place)s.gender: mätetalet redovisas inte per kön."), place=place)
        if value.get("gender") and breakdown in PER_MUNICIPALITY and member is None:
            self.problem(_("%(place)s.member: ett värde per kommun och kön behöver en kommun."), place=place)
        if value.get("gender") and breakdown in PER_DIMENSION and item is None:
            self.problem(
                _("%(place)s.item: ett värde per indelning och kön behöver en del av indelningen."), place=place
            )
        if value.get("category") and breakdown != Breakdown.CATEGORY:
            self.problem(_("%(place)s.category: mätetalet redovisas inte per svarsalternativ."), place=place)
        identity = (
            value["measure"],
            value.get("component"),
            member,
            item,
            value.get("gender", ""),
            value.get("category", ""),
        )
        if identity in identities:
            self.problem(
                _("%(place)s: samma mätetal, del, kommun, kön och kategori förekommer två gånger."), place=place
            )
        identities.add(identity)


class _Target:
    """A document's measure seen as the model's target fields (for target_problems)."""

    def __init__(self, m: dict):
        self.target_kind = m.get("target_kind", "")
        self.comparator = m.get("comparator", "")
        for name in ("target_value", "target_high", "tolerance"):
            setattr(self, name, Decimal(m[name]) if m.get(name) is not None else None)


def validate(document) -> dict:
    """The document as version 2 if it can be imported; PlanImportError with every problem if not."""
    document = as_version_2(document)
    problems = Checker(document).run()
    if problems:
        raise PlanImportError(problems[:50])
    return document
