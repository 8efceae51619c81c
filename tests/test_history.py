from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from goals import services

from . import factories


class HistoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        factories.reader("revisor", cls.data)
        factories.manager("annan", cls.data, unit_index=1)
        common = dict(
            goal=cls.data["goal"],
            period=cls.data["interim"],
            user=cls.chef,
            status="on_track",
            values={},
            submit=False,
        )
        services.save_follow_up(text="Första versionen", expected_version=0, **common)
        cls.follow_up = services.save_follow_up(text="Andra versionen", expected_version=1, **common)
        cls.url = reverse("history", args=[cls.follow_up.pk])

    def test_a_revisor_reads_who_changed_what(self):
        self.client.login(username="revisor", password=factories.PASSWORD)
        response = self.client.get(self.url)
        # The first entry shows the first text; the next one the changed words, not two texts.
        self.assertContains(response, "Första versionen")
        self.assertContains(
            response,
            '<del><span class="visually-hidden">borttaget: </span>Första</del>'
            '<ins><span class="visually-hidden">tillagt: </span>Andra</ins> versionen',
        )
        self.assertContains(response, "chef")

    def test_changes_are_in_words_not_codes(self):
        self.client.login(username="revisor", password=factories.PASSWORD)
        response = self.client.get(self.url)
        self.assertContains(response, "Utkast sparat")
        self.assertContains(response, "Uppföljning")  # the field's name, not "text"
        self.assertNotContains(response, "on_track")

    def test_a_changed_figure_is_in_the_history(self):
        measure = self.data["goal"].measures.first()
        common = dict(
            goal=self.data["goal"],
            period=self.data["interim"],
            user=self.chef,
            status="on_track",
            text="Andra versionen",
            submit=False,
        )
        services.save_follow_up(
            values={services.main_cell(measure.pk): services.CellData(value=Decimal("25000"))},
            expected_version=2,
            **common,
        )
        services.save_follow_up(
            values={services.main_cell(measure.pk): services.CellData(value=Decimal("27531"))},
            expected_version=3,
            **common,
        )
        self.client.login(username="revisor", password=factories.PASSWORD)
        response = self.client.get(self.url)
        self.assertContains(response, "Minst 25 000 elever")
        self.assertContains(
            response,
            '<td class="pre" data-label="Före">25\u00a0000</td><td class="pre" data-label="Efter">27\u00a0531</td>',
            html=False,
        )

    def test_anonymous_users_are_sent_to_login(self):
        self.assertRedirects(self.client.get(self.url), reverse("login") + "?next=" + self.url)

    def test_other_units_get_404(self):
        self.client.login(username="annan", password=factories.PASSWORD)
        self.assertEqual(self.client.get(self.url).status_code, 404)
