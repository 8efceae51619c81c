from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from goals.models import FollowUp, Goal, MeasureValue, Period


class SurveyGridTests(TestCase):
    """The network survey of the 2023 grunduppdrag, filled in for the 2024 plan."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=StringIO())
        call_command("copy_plan", "--org", "borasregionen", "--from", "2023", "--to", "2024", stdout=StringIO())
        cls.goal = Goal.objects.get(
            plan_year__year=2024, plan_year__organisation__slug="borasregionen", title__startswith="Årlig enkät"
        )
        cls.period = Period.objects.get(
            plan_year__year=2024, plan_year__organisation__slug="borasregionen", kind="annual"
        )
        cls.period.is_open = True
        cls.period.save()
        cls.url = reverse("survey", args=[cls.goal.pk, cls.period.pk])

    def setUp(self):
        self.client.login(username="kansli", password="demo-losen-2023")

    def cell(self, question: str, answer: str) -> str:
        from goals.forms import SurveyForm

        return SurveyForm.field_name(self.goal.measures.get(text__startswith=question), answer)

    def test_the_grid_has_last_years_answers_as_columns(self):
        response = self.client.get(self.url)
        self.assertEqual(response.context["answers"], ["Instämmer i mycket hög grad", "Instämmer i hög grad"])
        self.assertContains(response, "Nätverksträffarna bidrar till samverkan")

    def test_filling_it_stores_each_answer_and_the_total_as_their_sum(self):
        response = self.client.post(
            self.url,
            {
                "version": "0",
                self.cell("Nätverksträffarna bidrar till samverkan", "Instämmer i mycket hög grad"): "30",
                self.cell("Nätverksträffarna bidrar till samverkan", "Instämmer i hög grad"): "58,5",
            },
        )
        self.assertRedirects(response, self.url)
        question = self.goal.measures.get(text="Nätverksträffarna bidrar till samverkan")
        values = {v.category: v.value for v in MeasureValue.objects.filter(measure=question)}
        self.assertEqual(
            values, {"Instämmer i mycket hög grad": 30, "Instämmer i hög grad": Decimal("58.5"), "": Decimal("88.5")}
        )

    def test_a_bad_number_keeps_the_grid(self):
        response = self.client.post(
            self.url,
            {
                "version": "0",
                self.cell("Nätverksträffarna bidrar till samverkan", "Instämmer i mycket hög grad"): "trettio",
                self.cell("Nätverksträffarna bidrar till omvärldsbevakning", "Instämmer i mycket hög grad"): "26",
            },
        )
        self.assertContains(response, "är inget tal. Skriv t.ex. 27 531", status_code=400)
        self.assertContains(response, 'value="26"', status_code=400)
        self.assertFalse(FollowUp.objects.filter(goal=self.goal).exists())

    def test_an_enhetschef_gets_404_and_anonymous_goes_to_login(self):
        self.client.logout()
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)
        self.client.login(username="chef-navet", password="demo-losen-2023")
        self.assertEqual(self.client.get(self.url).status_code, 404)

    def test_read_only_once_approved_with_numbers_printed_the_swedish_way(self):
        self.client.post(
            self.url,
            {
                "version": "0",
                self.cell("Nätverksträffarna bidrar till samverkan", "Instämmer i mycket hög grad"): "12,5",
            },
        )
        FollowUp.objects.filter(goal=self.goal).update(state="approved")
        response = self.client.get(self.url)
        self.assertNotContains(response, "Spara enkätens värden")
        self.assertContains(response, "12,5")

    def test_emptying_the_total_keeps_the_note_written_in_the_follow_up(self):
        question = self.goal.measures.get(text="Nätverksträffarna bidrar till samverkan")
        follow_up = FollowUp.objects.create(goal=self.goal, period=self.period, version=1)
        MeasureValue.objects.create(follow_up=follow_up, measure=question, note="Enkäten skickas ut i november")
        self.client.post(
            self.url,
            {"version": "1", self.cell("Nätverksträffarna bidrar till samverkan", "Instämmer i mycket hög grad"): "40"},
        )
        main = MeasureValue.objects.get(measure=question, category="")
        self.assertEqual((main.value, main.note), (None, "Enkäten skickas ut i november"))

    def post(self, values: dict):
        return self.client.post(self.url, {"version": "0", **values})

    def test_a_share_above_100_is_refused_with_the_typed_values_kept(self):
        question = "Nätverksträffarna bidrar till samverkan"
        response = self.post(
            {
                self.cell(question, "Instämmer i mycket hög grad"): "130",
                self.cell(question, "Instämmer i hög grad"): "20",
            }
        )
        self.assertContains(response, "130 % är ingen andel. Skriv ett värde mellan 0 och 100 %.", status_code=400)
        self.assertContains(response, 'value="130"', status_code=400)
        self.assertContains(response, 'value="20"', status_code=400)
        self.assertFalse(FollowUp.objects.filter(goal=self.goal).exists())

    def test_answers_adding_up_to_more_than_100_are_refused(self):
        question = "Nätverksträffarna bidrar till samverkan"
        response = self.post(
            {
                self.cell(question, "Instämmer i mycket hög grad"): "60",
                self.cell(question, "Instämmer i hög grad"): "55",
            }
        )
        self.assertContains(response, "svarsalternativen blir tillsammans 115 %, mer än 100 %", status_code=400)
        self.assertFalse(MeasureValue.objects.filter(measure__goal=self.goal).exists())

    def test_a_total_that_disagrees_with_its_parts_is_refused(self):
        question = "Nätverksträffarna bidrar till samverkan"
        response = self.post(
            {
                self.cell(question, "Instämmer i mycket hög grad"): "30",
                self.cell(question, "Instämmer i hög grad"): "40",
                self.cell(question, ""): "90",
            }
        )
        self.assertContains(response, "Totalt är 90 men svarsalternativen blir tillsammans 70", status_code=400)
        self.assertContains(response, 'value="90"', status_code=400)
        self.assertFalse(FollowUp.objects.filter(goal=self.goal).exists())

    def test_a_total_off_by_rounding_is_accepted(self):
        question = "Nätverksträffarna bidrar till samverkan"
        response = self.post(
            {
                self.cell(question, "Instämmer i mycket hög grad"): "46",
                self.cell(question, "Instämmer i hög grad"): "40",
                self.cell(question, ""): "85",
            }
        )
        self.assertRedirects(response, self.url)
        total = MeasureValue.objects.get(measure__text=question, measure__goal=self.goal, category="")
        total.refresh_from_db()
        self.assertEqual(total.value, 85)
