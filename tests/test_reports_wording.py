from types import SimpleNamespace

from django.test import SimpleTestCase

from goals.models import GoalKind, Status
from reports import wording
from reports.templatetags.chapter_print import css_string

A, P, N = Status.ACHIEVED, Status.PARTIALLY_ACHIEVED, Status.NOT_ACHIEVED


class NumberWordTests(SimpleTestCase):
    def test_one_to_twelve_are_words_and_agree_with_the_noun(self):
        self.assertEqual(wording.number_word(1), "ett")
        self.assertEqual(wording.number_word(1, neuter=False), "en")
        self.assertEqual(wording.number_word(2), "två")
        self.assertEqual(wording.number_word(12), "tolv")

    def test_larger_numbers_are_digits_with_a_no_break_space(self):
        self.assertEqual(wording.number_word(13), "13")
        self.assertEqual(wording.number_word(2000), "2\u00a0000")


def level(name, plural, definite_singular, definite_plural, neuter=True):
    return SimpleNamespace(
        name=name, plural=plural, definite_singular=definite_singular, definite_plural=definite_plural, neuter=neuter
    )


GOALS_AND_ASSIGNMENTS = level("Mål/uppdrag", "mål och uppdrag", "målet", "målen och uppdragen")
GOALS = level("Mål", "mål", "målet", "målen")
STRATEGIES = level("Strategi", "strategier", "strategin", "strategierna", neuter=False)


class CountsSentenceTests(SimpleTestCase):
    noun = wording.level_noun(GOALS_AND_ASSIGNMENTS)

    def test_the_2023_sentence(self):
        self.assertEqual(
            wording.counts_sentence([A] * 15 + [P] * 2, self.noun),
            "Av 17 mål och uppdrag är 15 uppnådda och två delvis uppnådda.",
        )

    def test_three_kinds_are_listed_with_och_before_the_last(self):
        self.assertEqual(
            wording.counts_sentence([A] * 13 + [P] * 2 + [N], self.noun),
            "Av 16 mål och uppdrag är 13 uppnådda, två delvis uppnådda och ett inte uppnått.",
        )

    def test_all_the_same(self):
        only_goals = wording.level_noun(GOALS)
        self.assertEqual(wording.counts_sentence([A] * 9, only_goals), "Samtliga nio mål är uppnådda.")
        self.assertEqual(
            wording.counts_sentence([A, A], wording.financial_noun()), "Båda de finansiella målen är uppnådda."
        )
        self.assertEqual(wording.counts_sentence([P], only_goals), "Målet är delvis uppnått.")

    def test_the_plans_own_level_words(self):
        strategies = wording.level_noun(STRATEGIES)
        self.assertEqual(
            wording.counts_sentence([A, A, A, P, N], strategies),
            "Av fem strategier är tre uppnådda, en delvis uppnådd och en inte uppnådd.",
        )
        self.assertEqual(wording.counts_sentence([A, A], strategies), "Båda strategierna är uppnådda.")
        self.assertEqual(wording.counts_sentence([N], strategies), "Strategin är inte uppnådd.")

    def test_a_disagreement_is_said_beside_the_counts(self):
        self.assertEqual(
            wording.summary([A, A], wording.level_noun(GOALS), disagreeing=1),
            "Båda målen är uppnådda. I ett fall avviker bedömningen från vad mätetalen visar; "
            "se markeringen och motiveringen vid målet.",
        )

    def test_common_gender_nouns_take_en(self):
        self.assertEqual(
            wording.counts_sentence([A, A, A, N], wording.base_mission_noun()),
            "Av fyra punkter i grunduppdraget är tre uppnådda och en inte uppnådd.",
        )

    def test_missing_statuses_are_counted_not_hidden(self):
        self.assertEqual(
            wording.counts_sentence([A, ""], self.noun),
            "Av två mål och uppdrag är ett uppnått och ett ännu inte bedömt.",
        )

    def test_nothing_to_count_gives_no_sentence(self):
        self.assertEqual(wording.counts_sentence([], self.noun), "")


class VerdictTests(SimpleTestCase):
    def test_the_closing_sentences_of_the_2021_layout(self):
        self.assertEqual(wording.verdict(GoalKind.GOAL, A), "Målet är uppnått.")
        self.assertEqual(wording.verdict(GoalKind.GOAL, P), "Målet är delvis uppnått.")
        self.assertEqual(wording.verdict(GoalKind.GOAL, N), "Målet är inte uppnått.")
        self.assertEqual(wording.verdict(GoalKind.ASSIGNMENT, A), "Uppdraget är uppnått.")


class CssStringTests(SimpleTestCase):
    def test_quotes_and_backslashes_cannot_end_the_string(self):
        self.assertEqual(css_string('Sida"}'), '"Sida\\000022\\00007d"')
        self.assertEqual(css_string("av"), '"av"')
