"""The plan-year JSON document (docs/interchange.md): validate, import all-or-nothing, export."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import jsonschema
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from .models import (
    AssessmentRule,
    FocusArea,
    FollowUp,
    Goal,
    Measure,
    MeasureValue,
    Municipality,
    Organisation,
    Period,
    PlanYear,
    State,
    SubItem,
    SubItemResult,
    TargetKind,
    TextSection,
    Unit,
)

FORMAT = "maluppfyllelse-plan/1"
SCHEMA_PATH = Path(__file__).resolve().parent.parent / "docs" / "plan.schema.json"


class PlanImportError(Exception):
    """The document cannot be imported; `problems` are Swedish messages, each naming its place."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def _place(path) -> str:
    place = ""
    for part in path:
        place += f"[{part}]" if isinstance(part, int) else (f".{part}" if place else part)
    return place or _("dokumentets rot")


def _schema_message(error: jsonschema.ValidationError) -> str:
    place = _place(error.absolute_path)
    messages = {
        "required": _("%(place)s: fältet saknas (%(detail)s)."),
        "additionalProperties": _("%(place)s: okänt fält (%(detail)s)."),
        "type": _("%(place)s: fel typ av värde, %(detail)s."),
        "enum": _("%(place)s: otillåtet värde, %(detail)s."),
        "const": _("%(place)s: otillåtet värde, %(detail)s."),
        "pattern": _("%(place)s: felaktigt format, %(detail)s."),
        "minLength": _("%(place)s: får inte vara tomt."),
    }
    template = messages.get(error.validator, _("%(place)s: ogiltigt värde, %(detail)s."))
    return template % {"place": place, "detail": error.message}


def load_document(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError:
        raise PlanImportError([_("Filen %(path)s finns inte.") % {"path": path}])
    except UnicodeDecodeError:
        raise PlanImportError([_("Filen %(path)s är inte UTF-8-kodad.") % {"path": path}])
    except json.JSONDecodeError as error:
        raise PlanImportError(
            [
                _("Filen är inte giltig JSON: rad %(line)s, kolumn %(col)s: %(msg)s.")
                % {"line": error.lineno, "col": error.colno, "msg": error.msg}
            ]
        )


def validate_document(data) -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        raise PlanImportError([_schema_message(e) for e in errors[:20]])
    _check_references(data)


def _unique(items, field, place, problems):
    seen = set()
    for index, item in enumerate(items):
        if item[field] in seen:
            problems.append(
                _("%(place)s[%(i)s].%(field)s: nyckeln %(key)s förekommer två gånger.")
                % {"place": place, "i": index, "field": field, "key": item[field]}
            )
        seen.add(item[field])
    return seen


def _check_references(data) -> None:
    problems: list[str] = []
    organisation = data["organisation"]
    units = _unique(organisation.get("units", []), "slug", "organisation.units", problems)
    units |= set(Unit.objects.filter(organisation__slug=organisation["slug"]).values_list("slug", flat=True))
    codes = _unique(organisation.get("municipalities", []), "code", "organisation.municipalities", problems)
    codes |= set(Municipality.objects.filter(organisation__slug=organisation["slug"]).values_list("code", flat=True))
    periods = _unique(data["periods"], "key", "periods", problems)
    for index, period in enumerate(data["periods"]):
        try:
            end = date.fromisoformat(period["end_date"])
            if end.year != data["year"]:
                problems.append(
                    _("periods[%(i)s].end_date: datumet ligger inte i år %(year)s.")
                    % {"i": index, "year": data["year"]}
                )
        except ValueError:
            problems.append(_("periods[%(i)s].end_date: %(d)s är inget datum.") % {"i": index, "d": period["end_date"]})
    focus_areas = _unique(data.get("focus_areas", []), "key", "focus_areas", problems)

    def ref(value, known, place, what):
        if value is not None and value not in known:
            problems.append(
                _("%(place)s: %(what)s %(value)s finns inte i dokumentet.")
                % {"place": place, "what": what, "value": value}
            )

    for index, text in enumerate(data.get("texts", [])):
        place = f"texts[{index}]"
        ref(text.get("period"), periods, place + ".period", _("perioden"))
        ref(text.get("unit"), units, place + ".unit", _("enheten"))
        ref(text.get("focus_area"), focus_areas, place + ".focus_area", _("fokusområdet"))
        if text["section"] == "unit" and not text.get("unit"):
            problems.append(_("%(place)s.unit: ett driftverksamhetskapitel måste ange enhet.") % {"place": place})
    for g_index, goal in enumerate(data["goals"]):
        place = f"goals[{g_index}]"
        ref(goal.get("unit"), units, place + ".unit", _("enheten"))
        ref(goal.get("focus_area"), focus_areas, place + ".focus_area", _("fokusområdet"))
        measures = _unique(goal.get("measures", []), "key", place + ".measures", problems)
        sub_items = _unique(goal.get("sub_items", []), "key", place + ".sub_items", problems)
        seen_periods = set()
        for f_index, follow_up in enumerate(goal.get("follow_ups", [])):
            f_place = f"{place}.follow_ups[{f_index}]"
            ref(follow_up["period"], periods, f_place + ".period", _("perioden"))
            if follow_up["period"] in seen_periods:
                problems.append(
                    _("%(place)s.period: målet har redan en uppföljning för perioden %(p)s.")
                    % {"place": f_place, "p": follow_up["period"]}
                )
            seen_periods.add(follow_up["period"])
            value_keys = set()
            for v_index, value in enumerate(follow_up.get("values", [])):
                v_place = f"{f_place}.values[{v_index}]"
                ref(value["measure"], measures, v_place + ".measure", _("mätetalet"))
                ref(value.get("municipality"), codes, v_place + ".municipality", _("kommunen"))
                identity = (
                    value["measure"],
                    value.get("municipality"),
                    value.get("gender", ""),
                    value.get("category", ""),
                )
                if identity in value_keys:
                    problems.append(
                        _("%(place)s: samma mätetal, kommun, kön och kategori förekommer två gånger.")
                        % {"place": v_place}
                    )
                value_keys.add(identity)
            for r_index, result in enumerate(follow_up.get("sub_item_results", [])):
                ref(result["sub_item"], sub_items, f"{f_place}.sub_item_results[{r_index}].sub_item", _("aktiviteten"))
    if problems:
        raise PlanImportError(problems)


def _decimal(text):
    return Decimal(text) if text is not None else None


@transaction.atomic
def import_document(data, *, replace: bool = False) -> PlanYear:
    """Create the plan year described by `data`. Validates everything before writing anything."""
    validate_document(data)
    org_data = data["organisation"]
    organisation, _created = Organisation.objects.get_or_create(
        slug=org_data["slug"], defaults={"name": org_data["name"]}
    )
    existing = PlanYear.objects.filter(organisation=organisation, year=data["year"]).first()
    if existing is not None:
        if not replace:
            raise PlanImportError(
                [
                    _("year: %(org)s har redan verksamhetsåret %(year)s. Använd --replace för att ersätta det.")
                    % {"org": organisation.name, "year": data["year"]}
                ]
            )
        _refuse_replacing_what_others_rely_on(existing)
        existing.delete()

    # Kommuner and enheter belong to the organisation, not the year: a document only adds the
    # missing ones, so an older file never renames or reorders what kansliet has since changed.
    for order, item in enumerate(org_data.get("municipalities", [])):
        Municipality.objects.get_or_create(
            organisation=organisation,
            code=item["code"],
            defaults={"name": item["name"], "adjunct": item.get("adjunct", False), "order": order},
        )
    for order, item in enumerate(org_data.get("units", [])):
        Unit.objects.get_or_create(
            organisation=organisation,
            slug=item["slug"],
            defaults={"name": item["name"], "operation": item.get("operation", False), "order": order},
        )
    units = {u.slug: u for u in organisation.units.all()}
    municipalities = {m.code: m for m in organisation.municipalities.all()}

    plan_year = PlanYear.objects.create(
        organisation=organisation,
        year=data["year"],
        strategic_goal=data["strategic_goal"],
        strategic_approach=data.get("strategic_approach", ""),
    )
    periods = {
        item["key"]: Period.objects.create(
            plan_year=plan_year,
            kind=item["kind"],
            end_date=date.fromisoformat(item["end_date"]),
            deadline=date.fromisoformat(item["deadline"]) if item.get("deadline") else None,
            is_open=item.get("open", False),
        )
        for item in data["periods"]
    }
    focus_areas = {
        item["key"]: FocusArea.objects.create(
            plan_year=plan_year, title=item["title"], description=item.get("description", ""), order=order
        )
        for order, item in enumerate(data.get("focus_areas", []))
    }
    for order, item in enumerate(data.get("texts", [])):
        TextSection.objects.create(
            plan_year=plan_year,
            period=periods.get(item.get("period")),
            section=item["section"],
            kind=item["kind"],
            unit=units.get(item.get("unit")),
            focus_area=focus_areas.get(item.get("focus_area")),
            heading=item.get("heading", ""),
            body=item["body"],
            order=order,
        )
    users = {}
    for order, item in enumerate(data["goals"]):
        _import_goal(item, order, plan_year, units, periods, focus_areas, municipalities, users)
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
    # The reports app builds on this one; ask for its model by name rather than import it.
    if apps.get_model("reports", "ChapterPrint").objects.filter(plan_year=plan_year).exists():
        problems.append(
            _(
                "year: det finns utskrifter av kapitlet för %(year)s; ta bort dem under Utskrifter först "
                "(fastställda utskrifter kan inte tas bort)."
            )
            % {"year": plan_year.year}
        )
    if problems:
        raise PlanImportError(problems)


def _author(username, users):
    if not username:
        return None
    if username not in users:
        # An author from another installation gets an inactive account without password, so the
        # follow-up keeps its author without opening a way to log in.
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_active": False})
        if created:
            user.set_unusable_password()
            user.save()
        users[username] = user
    return users[username]


def _import_goal(item, order, plan_year, units, periods, focus_areas, municipalities, users):
    goal = Goal.objects.create(
        plan_year=plan_year,
        kind=item["kind"],
        title=item["title"],
        description=item.get("description", ""),
        unit=units.get(item.get("unit")),
        owner_label=item.get("owner_label", ""),
        focus_area=focus_areas.get(item.get("focus_area")),
        appendix=item.get("appendix", False),
        assessment_rule=item.get("assessment_rule", AssessmentRule.ALL),
        required_met=item.get("required_met"),
        order=order,
    )
    sub_items = {
        sub["key"]: SubItem.objects.create(goal=goal, title=sub["title"], order=index)
        for index, sub in enumerate(item.get("sub_items", []))
    }
    measures = {}
    for index, m in enumerate(item.get("measures", [])):
        target = m.get("target") or {}
        previous = m.get("previous") or {}
        measures[m["key"]] = Measure.objects.create(
            goal=goal,
            text=m["text"],
            target_kind=target.get("kind", TargetKind.NONE),
            comparator=target.get("comparator", ""),
            target_value=_decimal(target.get("value")),
            unit_label=m.get("unit") or target.get("unit", ""),
            breakdown=m.get("breakdown", "none"),
            kpi=m.get("kpi", ""),
            previous_label=previous.get("label", ""),
            previous_value=_decimal(previous.get("value")),
            order=index,
        )
    for f in item.get("follow_ups", []):
        follow_up = FollowUp.objects.create(
            goal=goal,
            period=periods[f["period"]],
            status=f.get("status") or "",
            text=f["text"],
            status_reason=f.get("status_reason", ""),
            print_reason=f.get("print_reason", False),
            state=f.get("state", State.DRAFT),
            return_comment=f.get("return_comment", ""),
            author=_author(f.get("author"), users),
        )
        for index, v in enumerate(f.get("values", [])):
            MeasureValue.objects.create(
                follow_up=follow_up,
                measure=measures[v["measure"]],
                municipality=municipalities.get(v.get("municipality")),
                gender=v.get("gender", ""),
                category=v.get("category", ""),
                value=_decimal(v.get("value")),
                reached=v.get("reached"),
                note=v.get("note", ""),
                order=index,
            )
        for r in f.get("sub_item_results", []):
            SubItemResult.objects.create(follow_up=follow_up, sub_item=sub_items[r["sub_item"]], text=r["text"])


def _decimal_text(value):
    if value is None:
        return None
    text = f"{value.normalize():f}"
    return text


def export_document(plan_year: PlanYear) -> dict:
    organisation = plan_year.organisation
    periods = list(plan_year.periods.all())
    focus_keys = {fa.pk: f"fa{i + 1}" for i, fa in enumerate(plan_year.focus_areas.all())}
    return {
        "format": FORMAT,
        "organisation": {
            "slug": organisation.slug,
            "name": organisation.name,
            "municipalities": [
                {"code": m.code, "name": m.name, "adjunct": m.adjunct} for m in organisation.municipalities.all()
            ],
            "units": [{"slug": u.slug, "name": u.name, "operation": u.operation} for u in organisation.units.all()],
        },
        "year": plan_year.year,
        "strategic_goal": plan_year.strategic_goal,
        "strategic_approach": plan_year.strategic_approach,
        "periods": [
            {
                "key": p.key,
                "kind": p.kind,
                "end_date": p.end_date.isoformat(),
                "deadline": p.deadline.isoformat() if p.deadline else None,
                "open": p.is_open,
            }
            for p in periods
        ],
        "focus_areas": [
            {"key": focus_keys[fa.pk], "title": fa.title, "description": fa.description}
            for fa in plan_year.focus_areas.all()
        ],
        "texts": [
            {
                "section": t.section,
                "kind": t.kind,
                "period": t.period.key if t.period else None,
                "unit": t.unit.slug if t.unit else None,
                "focus_area": focus_keys.get(t.focus_area_id),
                "heading": t.heading,
                "body": t.body,
            }
            for t in plan_year.texts.select_related("period", "unit")
        ],
        "goals": [_export_goal(goal, focus_keys) for goal in _goals_for_export(plan_year)],
    }


def _goals_for_export(plan_year):
    return plan_year.goals.select_related("unit").prefetch_related(
        "measures",
        "sub_items",
        "follow_ups__period",
        "follow_ups__author",
        "follow_ups__values__municipality",
        "follow_ups__sub_item_results",
    )


def _export_goal(goal: Goal, focus_keys) -> dict:
    measure_keys = {m.pk: f"m{i + 1}" for i, m in enumerate(goal.measures.all())}
    sub_keys = {s.pk: f"s{i + 1}" for i, s in enumerate(goal.sub_items.all())}
    return {
        "kind": goal.kind,
        "title": goal.title,
        "description": goal.description,
        "unit": goal.unit.slug if goal.unit else None,
        "owner_label": goal.owner_label,
        "focus_area": focus_keys.get(goal.focus_area_id),
        "appendix": goal.appendix,
        "assessment_rule": goal.assessment_rule,
        "required_met": goal.required_met,
        "sub_items": [{"key": sub_keys[s.pk], "title": s.title} for s in goal.sub_items.all()],
        "measures": [_export_measure(m, measure_keys[m.pk]) for m in goal.measures.all()],
        "follow_ups": [
            {
                "period": f.period.key,
                "status": f.status or None,
                "state": f.state,
                "text": f.text,
                "status_reason": f.status_reason,
                "print_reason": f.print_reason,
                "return_comment": f.return_comment,
                "author": f.author.username if f.author else None,
                "values": [
                    {
                        "measure": measure_keys[v.measure_id],
                        "municipality": v.municipality.code if v.municipality else None,
                        "gender": v.gender,
                        "category": v.category,
                        "value": _decimal_text(v.value),
                        "reached": v.reached,
                        "note": v.note,
                    }
                    for v in f.values.all()
                ],
                "sub_item_results": [
                    {"sub_item": sub_keys[r.sub_item_id], "text": r.text} for r in f.sub_item_results.all()
                ],
            }
            for f in sorted(goal.follow_ups.all(), key=lambda f: f.period.end_date)
        ],
    }


def _export_measure(measure: Measure, key: str) -> dict:
    if measure.target_kind == TargetKind.NUMERIC:
        target = {
            "kind": "numeric",
            "comparator": measure.comparator,
            "value": _decimal_text(measure.target_value),
            "unit": measure.unit_label,
        }
    elif measure.target_kind == TargetKind.MILESTONE:
        target = {"kind": "milestone"}
    else:
        target = None
    previous = (
        {"label": measure.previous_label, "value": _decimal_text(measure.previous_value)}
        if measure.previous_value is not None
        else None
    )
    return {
        "key": key,
        "text": measure.text,
        "unit": measure.unit_label,
        "target": target,
        "breakdown": measure.breakdown,
        "kpi": measure.kpi,
        "previous": previous,
    }
