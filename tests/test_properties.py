"""Property-based tests: whatever is typed or imported, the answer is a value that fits its
column or a clean Swedish refusal, never an exception and never half a write."""

import copy
import json

from django.test import Client
from hypothesis import assume, example, given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from goals import breakdown, charts, numbers
from goals.forms import BreakdownForm, FollowUpForm, SurveyForm
from goals.interchange import PlanImportError, export_document, import_document
from goals.kolada import KoladaImportError, import_values
from goals.models import (
    Aggregation,
    Breakdown,
    FollowUp,
    Gender,
    Goal,
    Measure,
    MeasureValue,
    Member,
    Organisation,
    PlanYear,
)

from . import factories

LARGEST, STEP = numbers.column_range(MeasureValue._meta.get_field("value"))

# What people type into a number field: digits with Swedish and foreign separators, signs,
# units, exponents, and anything at all.
NUMBER_ALPHABET = "0123456789 ,.-−–%e+\u00a0\u202f"
typed_numbers = st.one_of(
    st.text(alphabet=NUMBER_ALPHABET, max_size=30),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.decimals(min_value=-LARGEST * 2, max_value=LARGEST * 2, places=3).map(
        lambda d: numbers.form_text(d) if d.is_finite() else str(d)
    ),
    st.text(max_size=40),
)


def fits(value) -> bool:
    return value is None or (abs(value) <= LARGEST and value.as_tuple().exponent >= -2)


class NumberProperties(TestCase):
    @given(typed_numbers)
    @example("999 999 999 999,995")
    @example("-999 999 999 999,995")
    @example("1e400")
    @example("NaN")
    def test_parse_stored_gives_a_value_that_fits_or_a_number_error(self, text):
        try:
            value = numbers.parse_stored(text)
        except numbers.NumberError as error:
            self.assertTrue(str(error))
            return
        self.assertTrue(fits(value), value)

    @given(st.decimals(min_value=-LARGEST, max_value=LARGEST, places=2))
    def test_a_stored_value_shown_in_a_form_reads_back_the_same(self, value):
        self.assertEqual(numbers.parse_stored(numbers.form_text(value)), value)
        self.assertTrue(numbers.format_number(value))


class FormProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.goal = Goal.objects.get(pk=cls.data["goal"].pk)
        cls.period = cls.data["interim"]
        cls.member = Member.objects.create(organisation=cls.data["organisation"], code="1490", name="Borås")
        cls.grid_measure = Measure.objects.create(
            goal=cls.goal, text="Antal", breakdown=Breakdown.MUNICIPALITY_GENDER, aggregation=Aggregation.SUM
        )
        cls.survey_measure = Measure.objects.create(
            goal=cls.goal, text="Svar", breakdown=Breakdown.CATEGORY, unit_label="svar"
        )
        cls.chef = factories.manager("chef", cls.data)

    @given(
        st.dictionaries(
            st.sampled_from(["status", "text", "status_reason", "version", "value", "note", "unit", "reached"]),
            st.one_of(typed_numbers, st.text(max_size=300)),
        )
    )
    def test_the_follow_up_form_validates_or_explains(self, raw):
        numeric, milestone = list(self.goal.measures.all())[:2]
        names = {
            "value": f"value_{numeric.pk}",
            "note": f"note_{numeric.pk}",
            "unit": f"unit_{numeric.pk}",
            "reached": f"reached_{milestone.pk}",
        }
        data = {names.get(key, key): value for key, value in raw.items()}
        form = FollowUpForm(data, goal=self.goal, period=self.period)
        if form.is_valid():
            for cell in form.cells().values():
                self.assertTrue(fits(cell.value))
        else:
            self.assertTrue(all(form.errors.values()))

    @given(st.lists(typed_numbers, min_size=3, max_size=3), st.booleans())
    @example(["600 000 000 000", "600 000 000 000", ""], True)
    def test_the_per_kommun_and_kön_grid_stores_only_what_fits(self, texts, untouched_total):
        genders = [Gender.WOMEN, Gender.MEN, Gender.TOTAL]
        form_fields = [BreakdownForm.field_name(self.member, g) for g in genders]
        data = dict(zip(form_fields, texts, strict=True))
        if untouched_total:
            data[form_fields[2]] = ""
        form = BreakdownForm(data, measure=self.grid_measure, parts=[self.member], genders=genders, existing={})
        if form.is_valid():
            self.assertTrue(all(fits(v) for v in form.cells().values()), form.cells())

    @given(st.lists(typed_numbers, min_size=3, max_size=3))
    @example(["600 000 000 000", "600 000 000 000", ""])
    def test_the_survey_grid_stores_only_what_fits(self, texts):
        answers = ["Ja", "Nej"]
        form_fields = [SurveyForm.field_name(self.survey_measure, a) for a in [*answers, ""]]
        data = dict(zip(form_fields, texts, strict=True))
        data[form_fields[2]] = ""
        form = SurveyForm(data, measures=[self.survey_measure], answers=answers, existing={})
        if form.is_valid():
            self.assertTrue(all(fits(v) for v in form.cells().values()), form.cells())

    @given(st.lists(st.decimals(min_value=-LARGEST, max_value=LARGEST, places=2), max_size=300))
    def test_a_federation_figure_of_many_values_never_raises(self, values):
        members = [Member(pk=i + 1, name=str(i)) for i in range(len(values))]
        populations = {m.pk: 10_000_000 for m in members}
        for aggregation in (Aggregation.SUM, Aggregation.MEAN, Aggregation.WEIGHTED_MEAN):
            measure = Measure(aggregation=aggregation, breakdown=Breakdown.MUNICIPALITY, unit_label="")
            figure = breakdown.federation_figure(measure, dict(zip(members, values, strict=True)), populations)
            if figure and figure.value is not None:
                numbers.format_number(figure.value)
        charts.bars("Mätetal", [(m.name, v) for m, v in zip(members[:30], values, strict=False)], "elever")

    @given(
        st.dictionaries(
            st.sampled_from(["text", "status", "version", "value", "submit"]),
            st.one_of(typed_numbers, st.text(max_size=100)),
            min_size=1,
        )
    )
    def test_posting_the_follow_up_page_never_fails_and_a_refusal_writes_nothing(self, raw):
        numeric = self.goal.measures.get(target_kind="numeric")
        data = {(f"value_{numeric.pk}" if key == "value" else key): value for key, value in raw.items()}
        client = Client()
        client.force_login(self.chef)
        before = (
            list(FollowUp.history.values_list("history_id", flat=True)),
            list(MeasureValue.objects.values_list("pk", "value")),
        )
        response = client.post(f"/mal/{self.goal.pk}/period/{self.period.pk}/", data)
        self.assertIn(response.status_code, (302, 400, 409))
        after = (
            list(FollowUp.history.values_list("history_id", flat=True)),
            list(MeasureValue.objects.values_list("pk", "value")),
        )
        if response.status_code != 302:
            self.assertEqual(before, after)


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text(max_size=20)
    | st.sampled_from(["", "1e400", "x" * 300, "2025-02-30", "\x00"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)


def leaves(document, path=()):
    if isinstance(document, dict):
        for key, value in document.items():
            yield from leaves(value, (*path, key))
    elif isinstance(document, list):
        for index, value in enumerate(document):
            yield from leaves(value, (*path, index))
    yield path


def replaced(document, path, value):
    changed = copy.deepcopy(document)
    if not path:
        return value
    target = changed
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return changed


def counts():
    return [model.objects.count() for model in (Organisation, PlanYear, Goal, Measure, FollowUp, MeasureValue)]


class ImportProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        data = factories.plan(slug="kalla")
        document = export_document(data["plan_year"])
        document["organisation"]["slug"] = "ny-forbund"
        cls.document = document
        cls.paths = list(leaves(document))
        cls.kolada = factories.plan(slug="kolada")
        Member.objects.create(organisation=cls.kolada["organisation"], code="1490", name="Borås")
        Measure.objects.create(goal=cls.kolada["goal"], text="Per kommun", kpi="N1", breakdown=Breakdown.MUNICIPALITY)

    @given(st.data())
    def test_import_plan_imports_all_or_refuses_with_nothing_written(self, data):
        path = data.draw(st.sampled_from(self.paths))
        document = replaced(self.document, path, data.draw(json_values))
        before = counts()
        try:
            import_document(json.loads(json.dumps(document)))
        except PlanImportError as error:
            self.assertTrue(error.problems and all(isinstance(p, str) for p in error.problems))
            self.assertEqual(counts(), before)

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["N1", "N2", "", "n1"]),
                st.sampled_from(["1490", "1443", "", "x"]),
                st.sampled_from(["2025", "2024", "", "1e400", "99999999999999999999"]),
                st.sampled_from(["T", "K", "M", "", "X"]),
                typed_numbers,
            ),
            max_size=5,
        ),
        st.sampled_from([",", ";", "\t"]),
        st.sampled_from(["\n", "\r\n", "\r"]),
    )
    def test_the_kolada_csv_imports_all_or_refuses_with_nothing_written(self, rows, separator, newline):
        lines = ["kpi,municipality,period,gender,value".replace(",", separator)]
        lines += [
            separator.join(f'"{cell}"' if separator in cell or '"' in cell else cell for cell in row) for row in rows
        ]
        assume(all("\n" not in cell and "\r" not in cell for row in rows for cell in row))
        before = counts()
        try:
            import_values(
                organisation=self.kolada["organisation"], content=newline.join(lines).encode("utf-8", "surrogatepass")
            )
        except KoladaImportError as error:
            self.assertTrue(error.problems)
            self.assertEqual(counts(), before)

    @given(json_values)
    def test_the_kolada_json_imports_all_or_refuses_with_nothing_written(self, values):
        content = json.dumps({"values": values if isinstance(values, list) else [values]}).encode()
        before = counts()
        try:
            import_values(organisation=self.kolada["organisation"], content=content)
        except KoladaImportError as error:
            self.assertTrue(error.problems)
            self.assertEqual(counts(), before)
