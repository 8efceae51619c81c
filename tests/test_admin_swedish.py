"""Every admin page a kansli user can open is in Swedish: no English admin words are left."""

import re
from html.parser import HTMLParser

from django.contrib.admin.models import CHANGE, LogEntry
from django.test import TestCase

from goals import services
from goals.models import Dimension, FollowUp, Member, Population, TextSection, Unit
from reports.models import ChapterPrint

from . import factories

# Words and phrases of Django's and django-simple-history's English admin. Whole words, case kept.
ENGLISH = [
    r"Add\b",
    r"Change\b",
    r"Changes\b",
    r"Changed\b",
    r"History\b",
    r"Save and",
    r"Save\b",
    r"Delete\b",
    r"Filter\b",
    r"Action\b",
    r"Go\b",
    r"Home\b",
    r"View\b",
    r"Search\b",
    r"Revert\b",
    r"Object\b",
    r"Date/time",
    r"Comment\b",
    r"Reason\b",
    r"Close\b",
    r"Select\b",
    r"Show all",
    r"Log out",
    r"Welcome",
    r"Password\b",
    r"Recent actions",
    r"entries\b",
    r"entry\b",
    r"None\b",
    r"Yes\b",
    r"No\b",
    r"Today\b",
    r"Choose\b",
    r"Created\b",
    r"Updated\b",
    r"Deleted\b",
    r"Are you sure",
    r"by\b",
    r"the\b",
    r"of\b",
    r"and\b",
    r"this\b",
    r"object\b",
    r"True\b",
    r"False\b",
    r"Unknown\b",
    r"All\b",
    r"Clear\b",
    r"selected\b",
    r"Run\b",
    r"Remove\b",
    r"results?\b",
    r"total\b",
    r"Import\b",
    r"Upload\b",
    r"File\b",
]
ENGLISH_RE = re.compile(r"(?<![\w/])(" + "|".join(ENGLISH) + ")")


class VisibleText(HTMLParser):
    """The words a user reads: text outside script/style, and the attributes shown or read out."""

    SHOWN_ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")

    def __init__(self):
        super().__init__()
        self.parts = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        attrs = dict(attrs)
        for name in self.SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self.hidden:
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def english_in(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    lines = [" ".join(p.split()) for p in parser.parts]
    return sorted({f"{m.group(0)!r} in {line[:120]!r}" for line in lines for m in ENGLISH_RE.finditer(line)})


class AdminIsSwedishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.data = factories.plan(slug="vart")
        cls.theirs = factories.plan(slug="deras")
        cls.kansli = factories.kansli("kansli", cls.data)
        chef = factories.manager("chef", cls.data)
        organisation = cls.data["organisation"]
        kommun = Member.objects.create(organisation=organisation, name="Borås", code="1490")
        Population.objects.create(municipality=kommun, year=2024, population=100000)
        Dimension.objects.create(organisation=organisation, key="delregion", name="Delregion")
        TextSection.objects.create(plan_year=cls.data["plan_year"], section="goals", kind="intro", body="Inledning")
        common = dict(goal=cls.data["goal"], period=cls.data["interim"], user=chef, values={}, submit=False)
        services.save_follow_up(text="Första", status="on_track", expected_version=0, **common)
        services.save_follow_up(text="Andra", status="at_risk", expected_version=1, **common)
        ChapterPrint.objects.create(state="failed", **cls.print_fields())
        # Something in Django's own admin log, for the history pages of models without their own.
        for model, obj in ((Unit, cls.data["units"][0]), (FollowUp, FollowUp.objects.first())):
            LogEntry.objects.log_actions(
                user_id=cls.kansli.pk,
                queryset=model.objects.filter(pk=obj.pk),
                action_flag=CHANGE,
                change_message=[{"changed": {"fields": ["Namn"]}}],
                single_object=True,
            )

    @classmethod
    def print_fields(cls):
        fields = factories.print_order(cls.data, cls.kansli)
        fields["requested_by"] = fields.pop("user")
        return fields

    def setUp(self):
        self.client.login(username="kansli", password=factories.PASSWORD)

    def assert_swedish(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        found = english_in(response.content.decode())
        self.assertEqual(found, [], url)
        return response

    def admin_pages(self):
        yield "/admin/"
        yield "/admin/password_change/"
        yield "/admin/password_change/done/"
        yield "/admin/goals/measure/kolada/"
        for app in ("goals", "reports", "auth"):
            yield f"/admin/{app}/"
        index = self.client.get("/admin/")
        for app in index.context["app_list"]:
            for model in app["models"]:
                url = model["admin_url"]
                yield url
                if model.get("add_url"):
                    yield model["add_url"]
                model_class = model["model"]
                obj = self.first_object(model_class)
                if obj is None:
                    continue
                yield f"{url}{obj.pk}/change/"
                yield f"{url}{obj.pk}/history/"
                if hasattr(model_class, "history"):
                    record = model_class.history.filter(id=obj.pk).first()
                    yield f"{url}{obj.pk}/history/{record.history_id}/"
                if model["perms"].get("delete"):
                    yield f"{url}{obj.pk}/delete/"

    def first_object(self, model_class):
        from django.contrib import admin as django_admin

        model_admin = django_admin.site._registry[model_class]
        request = self.client.get("/admin/").context["request"]
        return model_admin.get_queryset(request).order_by("pk").first()

    def test_every_admin_page_a_kansli_user_sees_is_swedish(self):
        pages = list(self.admin_pages())
        self.assertGreater(len(pages), 40)
        failures = {}
        for url in pages:
            response = self.client.get(url)
            found = english_in(response.content.decode()) if response.status_code == 200 else [response.status_code]
            if found:
                failures[url] = found
        # The bulk delete's confirmation page.
        for model, changelist in ((Dimension, "/admin/goals/dimension/"), (TextSection, "/admin/goals/textsection/")):
            response = self.client.post(
                changelist,
                {"action": "delete_selected", "_selected_action": [model.objects.filter(pk__gt=0).first().pk]},
            )
            self.assertContains(response, "Ja, jag är säker")
            found = english_in(response.content.decode())
            if found:
                failures[f"{changelist} delete_selected"] = found
        self.assertEqual(failures, {}, "\n".join(f"{u}: {f}" for u, f in failures.items()))


class AdminIndexOrderTests(TestCase):
    def test_the_index_lists_the_years_work_in_the_order_it_is_done(self):
        data = factories.plan()
        factories.kansli("kansli", data)
        self.client.login(username="kansli", password=factories.PASSWORD)
        app_list = self.client.get("/admin/").context["app_list"]
        self.assertEqual([str(app["name"]) for app in app_list], ["Årets arbete", "Organisation och behörigheter"])
        labels = [[m["model"]._meta.label_lower for m in app["models"]] for app in app_list]
        self.assertEqual(
            labels[0],
            [
                "goals.planyear",
                "goals.period",
                "goals.goal",
                "goals.measure",
                "goals.followup",
                "goals.textsection",
                "reports.chapterprint",
                "goals.sentmail",
            ],
        )
        self.assertEqual(labels[1][:4], ["goals.organisation", "goals.unit", "goals.member", "goals.membership"])
        self.assertIn("auth.user", labels[1])
        # The app's own page follows the same order.
        goals_page = self.client.get("/admin/goals/").context["app_list"][0]["models"]
        self.assertEqual([m["object_name"] for m in goals_page][:3], ["PlanYear", "Period", "Goal"])

    def test_anonymous_is_sent_to_the_login(self):
        response = self.client.get("/admin/")
        self.assertEqual(response.status_code, 302)
        self.assertIn("/admin/login/", response["Location"])
