"""Reminder days, the digests' contents, idempotency, opt-out, decision mails and their failures."""

from datetime import date, timedelta
from io import StringIO
from smtplib import SMTPException
from unittest import mock

from django.core import mail as outbox
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.utils import timezone

from goals import mail, reminders, services
from goals.models import FollowUp, MailKind, MailPreference, Membership, Role, SentMail, State
from goals.reminder_days import normalise_reminder_days, parse_reminder_days

from . import factories

SITE = "https://mal.example.se"
DEADLINE = date(2025, 9, 15)  # the factories' interim deadline


class ReminderDayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.period = cls.data["interim"]

    def days(self):
        start = DEADLINE - timedelta(days=30)
        return [
            (start + timedelta(days=n))
            for n in range(40)
            if reminders.is_reminder_day(self.period, start + timedelta(n))
        ]

    def test_the_defaults_are_14_and_3_days_before_and_the_day_after(self):
        self.assertEqual(self.period.reminder_days, "14,3,-1")
        self.assertEqual(self.days(), [date(2025, 9, 1), date(2025, 9, 12), date(2025, 9, 16)])

    def test_kansliet_chooses_its_own_days(self):
        self.period.reminder_days = "7, 0"
        self.period.full_clean()
        self.period.save()
        self.period.refresh_from_db()
        self.assertEqual(self.days(), [date(2025, 9, 8), date(2025, 9, 15)])

    def test_next_years_plan_keeps_kansliets_days(self):
        from goals.copying import copy_plan

        self.period.reminder_days = "10,1"
        self.period.save()
        target = copy_plan(source=self.data["plan_year"], to_year=2026, goal_ids=[])
        self.assertEqual(target.periods.get(kind=self.period.kind).reminder_days, "10,1")

    def test_no_days_no_reminders(self):
        self.period.reminder_days = ""
        self.assertEqual(self.days(), [])

    def test_a_closed_period_or_one_without_deadline_has_no_reminder_days(self):
        self.period.is_open = False
        self.assertEqual(self.days(), [])
        self.period.is_open, self.period.deadline = True, None
        self.assertFalse(reminders.is_reminder_day(self.period, date(2025, 9, 1)))

    def test_bad_days_are_refused_in_swedish(self):
        self.period.reminder_days = "14, tre"
        with self.assertRaises(ValidationError) as refused:
            self.period.full_clean()
        self.assertIn("”tre” är inget heltal", str(refused.exception))
        with self.assertRaises(ValidationError) as refused:
            parse_reminder_days("400")
        self.assertIn("för långt", str(refused.exception))

    def test_days_are_read_as_people_write_them(self):
        self.assertEqual(parse_reminder_days(" 3, 14,−1,3"), [14, 3, -1])
        self.assertEqual(normalise_reminder_days("3, 14, -1"), "14,3,-1")


@override_settings(SITE_URL=SITE)
class ManagerDigestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.chef = factories.manager("chef", cls.data)
        cls.chef.email = "chef@example.se"
        cls.chef.save()
        cls.colleague = factories.manager("kollega", cls.data, unit_index=1)
        cls.colleague.email = "kollega@example.se"
        cls.colleague.save()
        plan_year, unit = cls.data["plan_year"], cls.data["units"][0]
        cls.returned = factories.make_goal(plan_year, unit=unit, title="Återsänt mål")
        cls.draft = factories.make_goal(plan_year, unit=unit, title="Utkastmål")
        cls.submitted = factories.make_goal(plan_year, unit=unit, title="Inskickat mål")
        cls.approved = factories.make_goal(plan_year, unit=unit, title="Godkänt mål")
        period = cls.data["interim"]
        for goal, state in [
            (cls.returned, State.RETURNED),
            (cls.draft, State.DRAFT),
            (cls.submitted, State.SUBMITTED),
            (cls.approved, State.APPROVED),
        ]:
            FollowUp.objects.create(goal=goal, period=period, state=state)

    def digest_of(self, user, day=date(2025, 9, 12)):
        return next((d for d in reminders.manager_digests(day) if d.user == user), None)

    def test_the_digest_lists_what_is_missing_returned_or_draft(self):
        digest = self.digest_of(self.chef)
        [part] = digest.periods
        self.assertEqual([g.title for g in part.missing], ["Minst 25 000 elever på teman"])
        self.assertEqual([f.goal.title for f in part.returned], ["Återsänt mål"])
        self.assertEqual([f.goal.title for f in part.draft], ["Utkastmål"])

    def test_only_the_users_own_units(self):
        digest = self.digest_of(self.colleague)
        titles = [g.title for g in digest.periods[0].missing]
        self.assertEqual(titles, ["Välfärdens mål"])
        self.assertNotIn("Samverkan", titles)  # no unit: kansliet's own

    def test_only_open_periods(self):
        annual = self.data["annual"]
        annual.deadline = date(2025, 9, 15)
        annual.save()
        self.assertEqual(len(self.digest_of(self.chef).periods), 1)
        annual.is_open = True
        annual.save()
        self.assertEqual({p.period for p in self.digest_of(self.chef).periods}, {self.data["interim"], annual})

    def test_nothing_owed_means_no_digest(self):
        FollowUp.objects.filter(goal__unit=self.data["units"][1]).delete()
        FollowUp.objects.create(goal=self.data["other_goal"], period=self.data["interim"], state=State.SUBMITTED)
        self.assertIsNone(self.digest_of(self.colleague))

    def test_one_mail_per_enhetschef_with_absolute_links(self):
        Membership.objects.create(
            user=self.chef, organisation=self.data["organisation"], unit=self.data["units"][1], role=Role.MANAGER
        )
        mail.send_daily(date(2025, 9, 12))
        to_chef = [m for m in outbox.outbox if m.to == ["chef@example.se"]]
        self.assertEqual(len(to_chef), 1)
        message = to_chef[0]
        self.assertIn("15 september 2025", message.subject)
        self.assertIn("om 3 dagar", message.body)
        self.assertIn("Välfärdens mål", message.body)  # the second unit in the same mail
        link = f"{SITE}/mal/{self.returned.pk}/period/{self.data['interim'].pk}/"
        self.assertIn(link, message.body)
        html, mimetype = message.alternatives[0]
        self.assertEqual(mimetype, "text/html")
        self.assertIn(f'href="{link}"', html)
        self.assertNotIn("Inskickat mål", message.body)
        self.assertNotIn("Godkänt mål", message.body)
        log = SentMail.objects.get(recipient=self.chef)
        self.assertEqual(
            (log.kind, log.ok, log.day, log.period), (MailKind.REMINDER, True, date(2025, 9, 12), self.data["interim"])
        )

    def test_the_day_after_says_the_deadline_has_passed(self):
        mail.send_daily(date(2025, 9, 16))
        self.assertIn("har passerat", outbox.outbox[0].body)

    def test_a_reminder_is_never_sent_twice(self):
        mail.send_daily(date(2025, 9, 12))
        mail.send_daily(date(2025, 9, 12))
        self.assertEqual(len([m for m in outbox.outbox if m.to == ["chef@example.se"]]), 1)
        self.assertEqual(SentMail.objects.filter(recipient=self.chef, kind=MailKind.REMINDER).count(), 1)

    def test_not_on_other_days(self):
        self.assertEqual(mail.send_daily(date(2025, 9, 13)), [])
        self.assertEqual(outbox.outbox, [])

    def test_a_user_who_turned_reminders_off_gets_none(self):
        MailPreference.objects.create(user=self.chef, reminders=False)
        mail.send_daily(date(2025, 9, 12))
        self.assertEqual([m.to for m in outbox.outbox], [["kollega@example.se"]])

    def test_a_user_without_address_is_logged_as_an_error(self):
        self.chef.email = ""
        self.chef.save()
        mail.send_daily(date(2025, 9, 12))
        log = SentMail.objects.get(recipient=self.chef)
        self.assertFalse(log.ok)
        self.assertIn("saknar e-postadress", log.error)

    def test_a_missing_address_is_said_once_a_day_and_not_counted_as_sent(self):
        self.chef.email = ""
        self.chef.save()
        out = StringIO()
        call_command("send_reminders", "--date", "2025-09-12", stdout=out)
        self.assertIn("saknar e-postadress och får inget meddelande", out.getvalue())
        self.assertIn("1 e-postmeddelande skickat", out.getvalue())
        call_command("send_reminders", "--date", "2025-09-12", stdout=StringIO())
        self.assertEqual(SentMail.objects.filter(recipient=self.chef).count(), 1)

    def test_a_failing_mail_server_is_logged_and_tried_again_on_the_next_run(self):
        with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException("421 upptagen")):
            mail.send_daily(date(2025, 9, 12))
        self.assertEqual(set(SentMail.objects.values_list("ok", flat=True)), {False})
        self.assertIn("421 upptagen", SentMail.objects.filter(recipient=self.chef).get().error)
        mail.send_daily(date(2025, 9, 12))
        self.assertTrue(SentMail.objects.filter(recipient=self.chef, ok=True).exists())

    def test_the_command_dry_run_sends_nothing(self):
        out = StringIO()
        call_command("send_reminders", "--date", "2025-09-12", "--dry-run", stdout=out)
        self.assertIn("chef@example.se", out.getvalue())
        self.assertIn("2 e-postmeddelanden skulle skickas", out.getvalue())
        self.assertEqual((outbox.outbox, SentMail.objects.count()), ([], 0))
        call_command("send_reminders", "--date", "2025-09-12", stdout=StringIO())
        self.assertEqual(len(outbox.outbox), 2)

    def test_the_command_refuses_a_bad_date(self):
        with self.assertRaisesMessage(CommandError, "ÅÅÅÅ-MM-DD"):
            call_command("send_reminders", "--date", "12/9 2025", stdout=StringIO())

    def test_the_beat_task_sends_todays(self):
        from goals.tasks import send_reminders

        with mock.patch("django.utils.timezone.localdate", return_value=date(2025, 9, 12)):
            self.assertEqual(send_reminders(), 2)


@override_settings(SITE_URL=SITE)
class KansliDigestTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.kansli.email = "kansli@example.se"
        cls.kansli.save()
        cls.other = factories.plan(slug="annat")
        cls.follow_up = FollowUp.objects.create(
            goal=cls.data["goal"], period=cls.data["interim"], state=State.SUBMITTED, submitted_at=timezone.now()
        )

    def kansli_mails(self):
        return [m for m in outbox.outbox if m.to == ["kansli@example.se"]]

    def test_new_submissions_are_sent_once_a_day_and_only_new_ones(self):
        mail.send_daily(date(2025, 9, 10))
        [first] = self.kansli_mails()
        self.assertIn("1 ny inskickad uppföljning att granska", first.subject)
        self.assertIn(f"{SITE}/uppfoljning/{self.follow_up.pk}/granska/", first.body)
        mail.send_daily(date(2025, 9, 10))
        mail.send_daily(date(2025, 9, 11))  # nothing new since
        self.assertEqual(len(self.kansli_mails()), 1)
        later = FollowUp.objects.create(
            goal=self.data["other_goal"],
            period=self.data["interim"],
            state=State.SUBMITTED,
            submitted_at=timezone.now(),
        )
        mail.send_daily(date(2025, 9, 12))
        second = self.kansli_mails()[1]
        self.assertIn("Välfärdens mål", second.body)
        self.assertNotIn(f"/uppfoljning/{self.follow_up.pk}/", second.body)
        self.assertIn(f"/uppfoljning/{later.pk}/", second.body)

    def test_none_when_the_period_is_closed(self):
        services.set_period_open(period=self.data["interim"], is_open=False)
        mail.send_daily(date(2025, 9, 10))
        self.assertEqual(self.kansli_mails(), [])

    def test_another_forbunds_submissions_are_not_ours(self):
        self.follow_up.delete()
        FollowUp.objects.create(
            goal=self.other["goal"], period=self.other["interim"], state=State.SUBMITTED, submitted_at=timezone.now()
        )
        mail.send_daily(date(2025, 9, 10))
        self.assertEqual(self.kansli_mails(), [])


@override_settings(SITE_URL=SITE)
class DecisionMailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan()
        cls.kansli = factories.kansli("kansli", cls.data)
        cls.chef = factories.manager("chef", cls.data)
        cls.chef.email = "chef@example.se"
        cls.chef.save()
        cls.other_chef = factories.manager("annan", cls.data, unit_index=1)
        cls.other_chef.email = "annan@example.se"
        cls.other_chef.save()

    def setUp(self):
        self.follow_up = FollowUp.objects.create(
            goal=self.data["goal"], period=self.data["interim"], state=State.SUBMITTED, text="x"
        )
        self.link = f"{SITE}/mal/{self.data['goal'].pk}/period/{self.data['interim'].pk}/"

    def test_a_return_mails_the_units_chef_with_the_comment_and_a_link(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.return_follow_up(follow_up=self.follow_up, user=self.kansli, comment="Lägg till antalet elever.")
        [message] = outbox.outbox
        self.assertEqual(message.to, ["chef@example.se"])
        self.assertTrue(message.subject.startswith("Återsänd: Minst 25 000 elever"))
        self.assertIn("Lägg till antalet elever.", message.body)
        self.assertIn(self.link, message.body)
        self.assertIn("Lägg till antalet elever.", message.alternatives[0][0])
        log = SentMail.objects.get()
        self.assertEqual(
            (log.kind, log.follow_up, log.recipient, log.ok), (MailKind.RETURNED, self.follow_up, self.chef, True)
        )

    def test_an_approval_mails_the_units_chef(self):
        with self.captureOnCommitCallbacks(execute=True):
            services.approve_follow_up(follow_up=self.follow_up, user=self.kansli)
        [message] = outbox.outbox
        self.assertIn("Godkänd", message.subject)
        self.assertIn("har godkänt", message.body)
        self.assertIn(self.link, message.body)
        self.assertEqual(SentMail.objects.get().kind, MailKind.APPROVED)

    def test_a_refused_decision_mails_nobody(self):
        self.follow_up.state = State.DRAFT
        self.follow_up.save()
        with self.captureOnCommitCallbacks(execute=True), self.assertRaises(services.FollowUpError):
            services.approve_follow_up(follow_up=self.follow_up, user=self.kansli)
        self.assertEqual((outbox.outbox, SentMail.objects.count()), ([], 0))

    def test_a_chef_who_turned_decisions_off_gets_none(self):
        MailPreference.objects.create(user=self.chef, decisions=False)
        with self.captureOnCommitCallbacks(execute=True):
            services.approve_follow_up(follow_up=self.follow_up, user=self.kansli)
        self.assertEqual(outbox.outbox, [])

    def test_a_failing_mail_server_is_logged_and_the_approval_stands(self):
        with (
            mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=SMTPException("554 nekad")),
            self.assertLogs("goals.mail", "ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            services.approve_follow_up(follow_up=self.follow_up, user=self.kansli)
        self.follow_up.refresh_from_db()
        self.assertEqual(self.follow_up.state, State.APPROVED)
        log = SentMail.objects.get()
        self.assertFalse(log.ok)
        self.assertIn("554 nekad", log.error)

    def test_a_broker_that_is_down_costs_the_mail_not_the_return(self):
        with (
            mock.patch("goals.tasks.send_decision_mail.delay", side_effect=OSError("Connection refused")),
            self.assertLogs("goals.tasks", "ERROR"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            services.return_follow_up(follow_up=self.follow_up, user=self.kansli, comment="Mer text.")
        self.follow_up.refresh_from_db()
        self.assertEqual((self.follow_up.state, self.follow_up.return_comment), (State.RETURNED, "Mer text."))

    def test_the_review_page_sends_the_mail(self):
        self.client.login(username="kansli", password=factories.PASSWORD)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/uppfoljning/{self.follow_up.pk}/granska/",
                {"comment": "Skriv om resultatet.", "version": self.follow_up.version},
            )
        self.assertEqual(response.status_code, 302)
        self.assertIn("Skriv om resultatet.", outbox.outbox[0].body)
