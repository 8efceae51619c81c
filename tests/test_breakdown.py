from decimal import Decimal
from types import SimpleNamespace

from django.test import TestCase
from django.urls import reverse

from goals.breakdown import federation_figure, populations_for
from goals.models import Breakdown, FollowUp, Measure, MeasureValue, Member, Population

from . import factories


def municipalities(organisation):
    return [
        Member.objects.create(organisation=organisation, code=code, name=name, order=i)
        for i, (code, name) in enumerate([("1490", "Borås"), ("1443", "Bollebygd"), ("1452", "Tranemo")])
    ]


def per_kommun(aggregation):
    return SimpleNamespace(aggregation=aggregation, breakdown=Breakdown.MUNICIPALITY)


def figure(aggregation, cells, populations):
    result = federation_figure(per_kommun(aggregation), cells, populations)
    return result.value, result.count


class FederationFigureTests(TestCase):
    def test_sum_mean_and_population_weighted_mean(self):
        data = factories.plan()
        boras, bollebygd, tranemo = municipalities(data["organisation"])
        for municipality, people in [(boras, 113000), (bollebygd, 9800), (tranemo, 11700)]:
            Population.objects.create(municipality=municipality, year=2024, population=people)
        cells = {boras: Decimal(80), bollebygd: Decimal(60), tranemo: None}
        populations = populations_for([boras, bollebygd, tranemo], 2025)
        self.assertEqual(figure("sum", cells, populations), (Decimal(140), 2))
        self.assertEqual(figure("mean", cells, populations), (Decimal("70.0"), 2))
        # (80 × 113 000 + 60 × 9 800) / 122 800 = 78.4
        self.assertEqual(figure("weighted_mean", cells, populations), (Decimal("78.4"), 2))
        # Rankings have no figure for the whole förbund.
        self.assertIsNone(federation_figure(per_kommun("none"), cells, populations))

    def test_a_missing_population_is_named_not_guessed(self):
        data = factories.plan()
        boras, bollebygd, _ = municipalities(data["organisation"])
        Population.objects.create(municipality=boras, year=2025, population=113000)
        result = federation_figure(
            per_kommun("weighted_mean"),
            {boras: Decimal(1), bollebygd: Decimal(2)},
            populations_for([boras, bollebygd], 2025),
        )
        self.assertIsNone(result.value)
        self.assertEqual(result.missing_population, ["Bollebygd"])


class BreakdownViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.boras, cls.bollebygd, cls.tranemo = municipalities(cls.data["organisation"])
        cls.measure = Measure.objects.create(
            goal=cls.data["goal"],
            text="Deltagare per kommun och kön",
            breakdown=Breakdown.MUNICIPALITY_GENDER,
            unit_label="personer",
            order=5,
        )
        factories.manager("chef", cls.data)
        factories.manager("annan", cls.data, unit_index=1)
        cls.url = reverse("breakdown", args=[cls.data["goal"].pk, cls.data["interim"].pk, cls.measure.pk])

    def cell(self, municipality, gender):
        return f"v_{municipality.pk}_{gender}"

    def test_the_grid_is_filled_and_the_total_computed(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.post(
            self.url,
            {
                "version": "0",
                self.cell(self.boras, "K"): "1 200",
                self.cell(self.boras, "M"): "1 000",
                self.cell(self.bollebygd, "T"): "150",
            },
        )
        self.assertRedirects(response, self.url)
        values = {(v.municipality.name, v.gender): v.value for v in MeasureValue.objects.filter(measure=self.measure)}
        self.assertEqual(
            values, {("Borås", "K"): 1200, ("Borås", "M"): 1000, ("Borås", "T"): 2200, ("Bollebygd", "T"): 150}
        )
        page = self.client.get(self.url)
        self.assertContains(page, "2\u00a0350\u00a0personer")  # federation sum of totals
        self.assertContains(page, 'value="1 200"')

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_other_units_get_404(self):
        self.client.login(username="annan", password=factories.PASSWORD)
        self.assertEqual(self.client.post(self.url, {self.cell(self.boras, "T"): "1"}).status_code, 404)
        self.assertFalse(MeasureValue.objects.exists())

    def test_a_bad_number_keeps_the_grid(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        response = self.client.post(self.url, {self.cell(self.boras, "K"): "tolv", self.cell(self.tranemo, "M"): "7"})
        self.assertContains(response, "”tolv” är inget tal", status_code=400)
        self.assertContains(response, 'value="tolv"', status_code=400)
        self.assertContains(response, 'value="7"', status_code=400)
        self.assertFalse(FollowUp.objects.exists())

    def test_the_follow_up_form_links_to_the_grid(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        page = self.client.get(reverse("follow_up_edit", args=[self.data["goal"].pk, self.data["interim"].pk]))
        self.assertContains(page, self.url)

    def test_a_grid_opened_before_someone_elses_save_is_refused_and_keeps_the_values(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.client.post(self.url, {"version": "0", self.cell(self.boras, "T"): "10"})
        response = self.client.post(self.url, {"version": "0", self.cell(self.tranemo, "T"): "7"})
        self.assertContains(response, "har ändrat uppföljningen efter att du öppnade sidan", status_code=400)
        self.assertContains(response, 'value="7"', status_code=400)
        self.assertEqual(MeasureValue.objects.get().value, 10)

    def test_a_computed_total_follows_its_parts_unless_typed_over(self):
        self.client.login(username="chef", password=factories.PASSWORD)
        self.client.post(self.url, {"version": "0", self.cell(self.boras, "K"): "40", self.cell(self.boras, "M"): "45"})
        # The page now shows the total 85; the chef changes kvinnor only.
        self.client.post(
            self.url,
            {
                "version": "1",
                self.cell(self.boras, "K"): "50",
                self.cell(self.boras, "M"): "45",
                self.cell(self.boras, "T"): "85",
            },
        )
        total = MeasureValue.objects.get(measure=self.measure, municipality=self.boras, gender="T")
        self.assertEqual(total.value, 95)
        self.client.post(
            self.url,
            {
                "version": "2",
                self.cell(self.boras, "K"): "50",
                self.cell(self.boras, "M"): "45",
                self.cell(self.boras, "T"): "99",
            },
        )
        total.refresh_from_db()
        self.assertEqual(total.value, 99)


class AdjunctTests(TestCase):
    def test_an_adjungerad_kommun_is_left_out_of_the_federation_figures(self):
        data = factories.plan()
        boras, *_ = municipalities(data["organisation"])
        varberg = Member.objects.create(organisation=data["organisation"], code="1383", name="Varberg", adjunct=True)
        self.assertEqual(figure("sum", {boras: Decimal(80), varberg: Decimal(1000)}, {}), (Decimal(80), 1))


class NeverSummedTests(TestCase):
    """A share or a ranking left with the field's default "summa" is still not added up."""

    def test_a_percentage_marked_as_sum_is_weighted_not_summed(self):
        data = factories.plan()
        boras, bollebygd, _ = municipalities(data["organisation"])
        Population.objects.create(municipality=boras, year=2024, population=113000)
        Population.objects.create(municipality=bollebygd, year=2024, population=9800)
        measure = SimpleNamespace(aggregation="sum", breakdown=Breakdown.MUNICIPALITY, unit_label="%")
        result = federation_figure(
            measure, {boras: Decimal(80), bollebygd: Decimal(60)}, populations_for([boras, bollebygd], 2024)
        )
        self.assertEqual(result.value, Decimal("78.4"))
        self.assertEqual(result.label, "Förbundet, vägt med folkmängd")

    def test_a_ranking_marked_as_sum_has_no_federation_figure(self):
        data = factories.plan()
        boras, bollebygd, _ = municipalities(data["organisation"])
        measure = SimpleNamespace(aggregation="sum", breakdown=Breakdown.MUNICIPALITY, unit_label="placering")
        self.assertIsNone(federation_figure(measure, {boras: Decimal(3), bollebygd: Decimal(200)}, {}))


class GridCheckViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.boras, cls.bollebygd, cls.tranemo = municipalities(cls.data["organisation"])
        cls.share = Measure.objects.create(
            goal=cls.data["goal"],
            text="Andel nöjda per kommun",
            breakdown=Breakdown.MUNICIPALITY_GENDER,
            unit_label="%",
            aggregation="sum",  # left at the default: must still not be summed
            order=6,
        )
        cls.count = Measure.objects.create(
            goal=cls.data["goal"],
            text="Deltagare",
            breakdown=Breakdown.MUNICIPALITY_GENDER,
            unit_label="personer",
            order=7,
        )
        factories.manager("chef", cls.data)
        factories.manager("annan", cls.data, unit_index=1)

    def url(self, measure):
        return reverse("breakdown", args=[self.data["goal"].pk, self.data["interim"].pk, measure.pk])

    def setUp(self):
        self.client.login(username="chef", password=factories.PASSWORD)

    def test_a_share_is_never_summed_on_the_page(self):
        Population.objects.create(municipality=self.boras, year=2024, population=113000)
        Population.objects.create(municipality=self.bollebygd, year=2024, population=9800)
        response = self.client.post(
            self.url(self.share),
            {"version": "0", f"v_{self.boras.pk}_T": "80", f"v_{self.bollebygd.pk}_T": "60"},
        )
        self.assertRedirects(response, self.url(self.share))
        page = self.client.get(self.url(self.share))
        self.assertContains(page, "Förbundet, vägt med folkmängd")
        self.assertContains(page, "78,4\u00a0%")
        self.assertNotContains(page, "140")
        self.assertNotContains(page, "Förbundet, summa")

    def test_a_share_outside_0_to_100_is_refused_and_kept(self):
        response = self.client.post(
            self.url(self.share), {"version": "0", f"v_{self.boras.pk}_K": "180", f"v_{self.tranemo.pk}_T": "55"}
        )
        self.assertContains(response, "180 % är ingen andel", status_code=400)
        self.assertContains(response, 'value="180"', status_code=400)
        self.assertContains(response, 'value="55"', status_code=400)
        self.assertFalse(MeasureValue.objects.exists())

    def test_a_total_below_kvinnor_and_man_is_refused(self):
        response = self.client.post(
            self.url(self.count),
            {"version": "0", f"v_{self.boras.pk}_K": "12", f"v_{self.boras.pk}_M": "10", f"v_{self.boras.pk}_T": "20"},
        )
        self.assertContains(
            response, "Borås, totalt är 20, mindre än kvinnor och män tillsammans (22).", status_code=400
        )
        self.assertContains(response, 'value="20"', status_code=400)
        self.assertFalse(MeasureValue.objects.exists())

    def test_a_total_above_its_parts_stands(self):
        response = self.client.post(
            self.url(self.count),
            {"version": "0", f"v_{self.boras.pk}_K": "12", f"v_{self.boras.pk}_M": "10", f"v_{self.boras.pk}_T": "25"},
        )
        self.assertRedirects(response, self.url(self.count))
        total = MeasureValue.objects.get(measure=self.count, municipality=self.boras, gender="T")
        total.refresh_from_db()
        self.assertEqual(total.value, 25)

    def test_another_unit_gets_404_and_anonymous_goes_to_login(self):
        self.client.logout()
        self.assertRedirects(self.client.get(self.url(self.share)), reverse("login") + "?next=" + self.url(self.share))
        self.client.login(username="annan", password=factories.PASSWORD)
        self.assertEqual(self.client.post(self.url(self.share), {f"v_{self.boras.pk}_T": "50"}).status_code, 404)
