"""What a hostile or broken file does to `import_plan` and the Kolada import: a Swedish message,
nothing written, never an exception of another kind."""

import copy
import json
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from goals import numbers
from goals.interchange import export_document
from goals.kolada import KoladaImportError, import_values
from goals.models import Breakdown, FollowUp, Measure, MeasureValue, Member, Organisation, PlanYear

from . import factories

pytestmark = pytest.mark.django_db

HEADER = "kpi,municipality,period,gender,value"


@pytest.fixture
def document():
    """A small valid plan document for a new organisation (exported from the factories' plan)."""
    data = factories.plan(slug="kalla")
    document = export_document(data["plan_year"])
    document["organisation"]["slug"] = "ny-forbund"
    document["organisation"]["name"] = "Nytt förbund"
    return document


def deep(document, depth):
    nested = copy.deepcopy(document)
    node = nested["goals"][0]
    for _ in range(depth):
        child = {"title": "Djupt", "level": node["level"]}
        node["children"] = [child]
        node = child
    return nested


def with_follow_up(document, **fields):
    changed = copy.deepcopy(document)
    period = changed["periods"][0]["end_date"]
    key = period[2:4] + period[5:7] + period[8:10]
    changed["goals"][0]["follow_ups"] = [{"period": key, "text": "Text", **fields}]
    return changed


def edited(document, change):
    changed = copy.deepcopy(document)
    change(changed)
    return changed


def run_import(text: str) -> str:
    """import_plan on the file's text: the command's message; the test fails if it succeeds."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plan.json"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        with pytest.raises(CommandError) as caught:
            call_command("import_plan", str(path))
    return str(caught.value)


CASES = {
    "deep nesting (JSON)": lambda d: "[" * 100_000 + "]" * 100_000,
    "deep goal tree": lambda d: json.dumps(deep(d, 400)),
    "CR-only line endings, broken": lambda d: json.dumps(d, indent=1).replace("\n", "\r")[:-3],
    "huge field": lambda d: json.dumps(edited(d, lambda x: x["goals"][0].update(title="x" * 2_000_000))),
    "1e400 as the year": lambda d: json.dumps(d).replace('"year": 2025', '"year": 1e400', 1),
    "1e400 as a value": lambda d: json.dumps(d).replace('"target_value": "25000"', '"target_value": 1e400', 1),
    "NUL byte": lambda d: json.dumps(edited(d, lambda x: x["goals"][0].update(title="Mål\x00"))),
    "lone surrogate": lambda d: json.dumps(edited(d, lambda x: x["goals"][0].update(title="Mål \ud800"))),
    "over-long organisation name": lambda d: json.dumps(edited(d, lambda x: x["organisation"].update(name="N" * 5000))),
    "over-long author": lambda d: json.dumps(with_follow_up(d, author="a" * 400)),
    "duplicate period dates": lambda d: json.dumps(
        edited(d, lambda x: x["periods"].append({**x["periods"][1], "kind": x["periods"][0]["kind"]}))
    ),
    "invalid deadline": lambda d: json.dumps(edited(d, lambda x: x["periods"][0].update(deadline="2025-02-30"))),
    "deadline in year 0": lambda d: json.dumps(edited(d, lambda x: x["periods"][0].update(deadline="0000-01-01"))),
    "value beyond the column after rounding": lambda d: json.dumps(
        with_follow_up(d, values=[{"measure": d["goals"][0]["measures"][0]["key"], "value": "999999999999.995"}])
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_import_plan_refuses_in_swedish_and_writes_nothing(document, case):
    text = CASES[case](document)
    before = (PlanYear.objects.count(), Organisation.objects.count(), get_user_model().objects.count())
    message = run_import(text)
    assert message.startswith("Inget importerades") or "Filen" in message, message
    assert "Traceback" not in message
    assert (PlanYear.objects.count(), Organisation.objects.count(), get_user_model().objects.count()) == before


def test_an_imported_author_is_never_an_existing_account(document):
    existing = factories.user("karin")
    path = Path(tempfile.mkdtemp()) / "plan.json"
    path.write_text(json.dumps(with_follow_up(document, author="karin")), encoding="utf-8")
    call_command("import_plan", str(path), stdout=open("/dev/null", "w"))
    follow_up = FollowUp.objects.get(goal__plan_year__organisation__slug="ny-forbund")
    assert follow_up.author != existing
    assert not follow_up.author.is_active and not follow_up.author.has_usable_password()
    # An export still names the author as the file did.
    assert export_document(follow_up.goal.plan_year)["goals"][0]["follow_ups"][0]["author"] == "karin"


@pytest.fixture
def kolada_org():
    data = factories.plan()
    Member.objects.create(organisation=data["organisation"], code="1490", name="Borås")
    Measure.objects.create(goal=data["goal"], text="Per kommun", kpi="N1", breakdown=Breakdown.MUNICIPALITY)
    return data["organisation"]


KOLADA_CASES = {
    "deep nesting": b'{"values": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "CR-only line endings": f"{HEADER}\rN1,1490,2025,T,1\rN1,1490,2025,T,x\r".encode(),
    "no delimiter to sniff": b"kpi\nN1\n",
    "huge field": f'{HEADER}\nN1,1490,2025,T,"{"1" * 300_000}"\n'.encode(),
    "1e400 as a value": b'{"values": [{"kpi": "N1", "municipality": "1490", "period": 2025, '
    b'"values": [{"gender": "T", "value": 1e400}]}]}',
    "1e400 as the period": b'{"values": [{"kpi": "N1", "municipality": "1490", "period": 1e400, '
    b'"values": [{"gender": "T", "value": 1}]}]}',
    "NaN": b'{"values": [{"kpi": "N1", "municipality": "1490", "period": 2025, '
    b'"values": [{"gender": "T", "value": NaN}]}]}',
    "NUL byte": f"{HEADER}\nN1\x00,1490,2025,T,1\n".encode(),
    "lone surrogate": b'{"values": [{"kpi": "N1\\ud800", "municipality": "1490", "period": 2025, '
    b'"values": [{"gender": "T", "value": 1}]}]}',
    "value beyond the column after rounding": f"{HEADER}\nN1,1490,2025,T,999999999999.995\n".encode(),
    "a list, not an object": b'{"values": [1, "x", null]}',
    "empty file": b"",
    "not UTF-8": b"\xff\xfe\x00",
}


@pytest.mark.parametrize("case", KOLADA_CASES)
def test_the_kolada_import_refuses_in_swedish_and_writes_nothing(kolada_org, case):
    with pytest.raises(KoladaImportError) as caught:
        import_values(organisation=kolada_org, content=KOLADA_CASES[case])
    assert caught.value.problems and all(isinstance(p, str) and p for p in caught.value.problems)
    assert not MeasureValue.objects.exists()
    assert not FollowUp.objects.exists()


def test_the_largest_value_that_passes_fits_and_the_next_does_not():
    largest, step = numbers.column_range(MeasureValue._meta.get_field("value"))
    assert numbers.parse_stored("999 999 999 999,99") == largest
    assert numbers.parse_stored("999 999 999 999,994") == largest
    for text in ("999 999 999 999,995", "-999 999 999 999,995", "1e400", "NaN", "Infinity"):
        with pytest.raises(numbers.NumberError):
            numbers.parse_stored(text)
    with pytest.raises(numbers.NumberError):
        numbers.to_stored(largest + step)


def test_every_decimal_column_has_the_shape_the_messages_describe():
    from django.apps import apps
    from django.db import models

    value = MeasureValue._meta.get_field("value")
    for model in apps.get_app_config("goals").get_models():
        for field in model._meta.fields:
            if isinstance(field, models.DecimalField):
                assert (field.max_digits, field.decimal_places) == (value.max_digits, value.decimal_places), field
