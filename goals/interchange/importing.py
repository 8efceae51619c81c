"""Writing a validated plan document: all of it in one transaction, or nothing."""

from datetime import date

from django.apps import apps
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from goals import numbers
from goals.models import (
    Dimension,
    DimensionItem,
    FollowUp,
    Goal,
    Measure,
    MeasureComponent,
    MeasureValue,
    Member,
    MemberContribution,
    Organisation,
    Period,
    PlanLevel,
    PlanYear,
    Population,
    TextSection,
    Unit,
    level_words,
)

from . import authors
from .validation import PlanImportError, period_key, validate, walk


def _values(model, item: dict, names=None) -> dict:
    """The model's document fields present in `item`, decimals read from their text."""
    decimal_fields = {f.name for f in model._meta.fields if f.get_internal_type() == "DecimalField"}
    values = {}
    for name in names or model.DOCUMENT_FIELDS:
        if name not in item:
            continue
        value = item[name]
        if name in decimal_fields and value is not None:
            value = numbers.from_document(value)
        if name in ("deadline", "end_date") and value:
            value = date.fromisoformat(value)
        values[name] = "" if value is None and not model._meta.get_field(name).null else value
    return values


@transaction.atomic
def import_document(data, *, replace: bool = False, strict: bool = False) -> PlanYear:
    """Create the plan year described by `data` (format 1 or 2). Validates everything before
    writing anything; with `strict`, a follow-up whose status goes against its mätetal (see
    `goals.interchange.report`) refuses the whole file too."""
    document = validate(data)
    org_data = document["organisation"]
    organisation, _created = Organisation.objects.get_or_create(
        slug=org_data["slug"], defaults={"name": org_data["name"]}
    )
    # Imports into one organisation take its row first, so two of them (or a Kolada import) run
    # one after the other instead of locking members, units and years in their files' orders.
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    existing = PlanYear.objects.filter(organisation=organisation, year=document["year"]).first()
    if existing is not None:
        if not replace:
            raise PlanImportError(
                [
                    _("year: %(org)s har redan verksamhetsåret %(year)s. Använd --replace för att ersätta det.")
                    % {"org": organisation.name, "year": document["year"]}
                ]
            )
        _refuse_replacing_what_others_rely_on(existing)
        existing.delete()

    _organisation_parts(organisation, org_data)
    plan_year = PlanYear.objects.create(
        organisation=organisation,
        **_values(PlanYear, document),
        **_values(PlanYear, document.get("settings", {}), PlanYear.DOCUMENT_SETTINGS),
    )
    levels = _levels(plan_year, document["levels"])
    periods = {
        period_key(item["end_date"]): Period.objects.create(plan_year=plan_year, **_values(Period, item))
        for item in document["periods"]
    }
    context = _Context(organisation, plan_year, levels, periods)
    _goals(context, document["goals"])
    for order, item in enumerate(document.get("texts", [])):
        TextSection.objects.create(
            plan_year=plan_year,
            period=periods.get(item.get("period")),
            unit=context.units.get(item.get("unit")),
            node=context.goals.get(item.get("node")),
            order=order,
            **_values(TextSection, item),
        )
    for order, item in enumerate(document.get("contributions", [])):
        MemberContribution.objects.create(
            plan_year=plan_year,
            member=context.members[item["member"]],
            order=order,
            **_values(MemberContribution, item),
        )
    if strict:
        from .report import disagreements

        found = disagreements(plan_year)
        if found:
            raise PlanImportError(
                [_("Inget importerades eftersom bedömningar avviker från mätetalen (--strict):")] + found
            )
    return plan_year


def _refuse_replacing_what_others_rely_on(plan_year: PlanYear) -> None:
    problems = []
    if (
        Goal.objects.filter(predecessor__plan_year=plan_year).exists()
        or Measure.objects.filter(predecessor__goal__plan_year=plan_year).exists()
    ):
        problems.append(
            _(
                "year: ett senare verksamhetsår är kopierat från %(year)s och använder dess värden som "
                "utgångsläge; året kan inte ersättas."
            )
            % {"year": plan_year.year}
        )
    # The reports app builds on this one; ask for its model by name rather than import it. A
    # print that failed holds no file and nobody waits for it: it goes with the year.
    if apps.get_model("reports", "ChapterPrint").objects.filter(plan_year=plan_year).exclude(state="failed").exists():
        problems.append(
            _(
                "year: det finns utskrifter av kapitlet för %(year)s; ta bort dem under Utskrifter först "
                "(fastställda utskrifter kan inte tas bort)."
            )
            % {"year": plan_year.year}
        )
    if problems:
        raise PlanImportError(problems)


def _organisation_parts(organisation, org_data) -> None:
    # Members, units and dimensions belong to the organisation, not the year: a document only
    # adds the missing ones, so an older file never renames or reorders what kansliet has since
    # changed. Populations are added for the years the database lacks.
    start = Member.objects.filter(organisation=organisation).count()
    for order, item in enumerate(org_data.get("members", []), start=start):
        member, _created = Member.objects.get_or_create(
            organisation=organisation, code=item["code"], defaults={**_values(Member, item), "order": order}
        )
        known = set(member.populations.values_list("year", flat=True))
        bulk_create_with_history(
            [
                Population(municipality=member, **_values(Population, p))
                for p in item.get("populations", [])
                if p["year"] not in known
            ],
            Population,
            default_change_reason="import",
        )
    start = Unit.objects.filter(organisation=organisation).count()
    for order, item in enumerate(org_data.get("units", []), start=start):
        Unit.objects.get_or_create(
            organisation=organisation, slug=item["slug"], defaults={**_values(Unit, item), "order": order}
        )
    for order, item in enumerate(org_data.get("dimensions", [])):
        dimension, _created = Dimension.objects.get_or_create(
            organisation=organisation, key=item["key"], defaults={"name": item["name"], "order": order}
        )
        start = dimension.items.count()
        for index, part in enumerate(item.get("items", []), start=start):
            DimensionItem.objects.get_or_create(dimension=dimension, name=part["name"], defaults={"order": index})


def _levels(plan_year, items) -> dict:
    rows = [item.get("table_rows", False) for item in items]
    if not any(rows):
        # Without a choice, the lowest level that is followed up is the table's rows.
        followed = [i for i, item in enumerate(items) if item.get("followed_up", True)] or [len(items) - 1]
        rows[followed[-1]] = True
    levels = {}
    for order, (item, table_rows) in enumerate(zip(items, rows, strict=True)):
        forms = level_words(item["name"]) or {}
        values = {**forms, **_values(PlanLevel, item), "table_rows": table_rows}
        levels[item["key"]] = PlanLevel.objects.create(plan_year=plan_year, order=order, **values)
    return levels


class _Context:
    def __init__(self, organisation, plan_year, levels, periods):
        self.plan_year = plan_year
        self.levels = levels
        self.periods = periods
        self.units = {u.slug: u for u in organisation.units.all()}
        self.members = {m.code: m for m in organisation.members.all()}
        self.dimensions = {d.key: d for d in organisation.dimensions.prefetch_related("items")}
        self.items = {(d.key, i.name): i for d in self.dimensions.values() for i in d.items.all()}
        self.goals: dict[str, Goal] = {}
        self.users: dict[str, object] = {}

    def author(self, username):
        if not username:
            return None
        if username not in self.users:
            self.users[username] = authors.account_for(username)
        return self.users[username]


def _free_keys(nodes) -> None:
    """Give every goal and mätetal without a key one, unique among those given."""
    taken = {node.get("key") for node, _place, _parent in walk(nodes)}
    counter = 0
    for node, _place, _parent in walk(nodes):
        if not node.get("key"):
            counter += 1
            while f"g{counter}" in taken:
                counter += 1
            node["key"] = f"g{counter}"
            taken.add(node["key"])
        measure_keys = {m.get("key") for m in node.get("measures", [])}
        for index, measure in enumerate(node.get("measures", []), start=1):
            if not measure.get("key"):
                key = f"m{index}"
                while key in measure_keys:
                    key += "x"
                measure["key"] = key
                measure_keys.add(key)


def _goals(context: _Context, nodes) -> None:
    _free_keys(nodes)
    links = []
    order = 0
    for node, _place, parent in walk(nodes):
        goal = Goal.objects.create(
            plan_year=context.plan_year,
            level=context.levels[node["level"]],
            parent=context.goals.get(parent["key"]) if parent else None,
            unit=context.units.get(node.get("unit")),
            order=order,
            **_values(Goal, node),
        )
        order += 1
        context.goals[node["key"]] = goal
        measures = _measures(context, goal, node.get("measures", []), links)
        if node.get("predecessor"):
            links.append((goal, node["predecessor"], None))
        _follow_ups(context, goal, measures, node.get("follow_ups", []))
    _link_years(context, links)


def _measures(context, goal, items, links) -> dict:
    measures = {}
    for order, item in enumerate(items):
        measure = Measure.objects.create(
            goal=goal,
            dimension=context.dimensions.get(item.get("dimension")),
            order=order,
            **_values(Measure, item),
        )
        measure.parts = {}
        for index, part in enumerate(item.get("components", [])):
            component = MeasureComponent.objects.create(measure=measure, order=index, **_values(MeasureComponent, part))
            measure.parts[part.get("key") or component.document_key] = component
        measures[item["key"]] = measure
        if item.get("predecessor"):
            links.append((measure, item["predecessor"], item["predecessor"].get("measure")))
    return measures


def _follow_ups(context, goal, measures, items) -> None:
    for item in items:
        values = {**_values(FollowUp, item), "status": item.get("status") or ""}
        follow_up = FollowUp(
            goal=goal, period=context.periods[item["period"]], author=context.author(item.get("author")), **values
        )
        follow_up._change_reason = "import"
        follow_up.save()
        rows = []
        for order, value in enumerate(item.get("values", [])):
            measure = measures[value["measure"]]
            rows.append(
                MeasureValue(
                    follow_up=follow_up,
                    measure=measure,
                    component=measure.parts.get(value.get("component")),
                    municipality=context.members.get(value.get("member")),
                    item=context.items.get((measure.dimension.key, value["item"])) if value.get("item") else None,
                    order=order,
                    **_values(MeasureValue, value),
                )
            )
        if rows:
            bulk_create_with_history(rows, MeasureValue, default_change_reason="import")


def _find(year_goals, key):
    """A goal of another year by its key, or by the id-based key an export gives a goal without one."""
    if key in year_goals:
        return year_goals[key]
    if key.startswith("id") and key[2:].isdigit():
        return next((g for g in year_goals.values() if g.pk == int(key[2:])), None)
    return None


def _link_years(context, links) -> None:
    """Predecessor links to earlier years, resolved once every goal of this year exists."""
    problems = []
    years = {link["year"] for _obj, link, _measure in links}
    organisation = context.plan_year.organisation
    goals_by_year = {
        year: {
            g.document_key: g
            for g in Goal.objects.filter(plan_year__organisation=organisation, plan_year__year=year).prefetch_related(
                "measures"
            )
        }
        for year in years
    }
    for obj, link, measure_key in links:
        goal = _find(goals_by_year.get(link["year"], {}), link["goal"])
        target = goal
        if goal is not None and measure_key is not None:
            target = next((m for m in goal.measures.all() if m.document_key == measure_key), None)
        if target is None:
            what = _("mätetalet") if measure_key else _("målet")
            problems.append(
                _("predecessor: %(what)s %(key)s finns inte i verksamhetsåret %(year)s (vid ”%(title)s”).")
                % {
                    "what": what,
                    "key": measure_key or link["goal"],
                    "year": link["year"],
                    "title": str(obj)[:60],
                }
            )
            continue
        obj.predecessor = target
        obj.save(update_fields=["predecessor"])
    if problems:
        raise PlanImportError(problems)
