"""Every URL pattern of the site (the admin's too) requested as every role, with the expected
status of each cell in one table below.

The URLs are filled with förbund A's objects; förbund B's kansli and enhetschef are the strangers.
A pattern that no row (or admin rule) classifies fails `test_every_url_pattern_is_classified`,
so a new page cannot ship without a decision on who reaches it.

Codes: 200, 400, 403, 404, 405; `login` = a redirect to a login page; `302` = any other
redirect; `-` = not requested. A row is the GET codes, and after `|` the POST codes (an empty
body: the form's errors or the service's refusal), in the order of ROLES. Print the observed
table with `MATRIX_PRINT=1 pytest tests/test_permission_matrix.py -s` when a row needs writing;
then read each cell before pasting it.
"""

import copy
import logging
import os
import re
import tempfile

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from api.models import ApiToken
from goals.models import (
    Breakdown,
    Dimension,
    DimensionItem,
    FollowUp,
    GroupMapping,
    MailKind,
    Measure,
    Member,
    Membership,
    Population,
    SentMail,
    State,
    TargetKind,
    TextSection,
)
from reports.models import ChapterPrint, PrintState

from . import factories

# chef = enhetschef of the goal's unit (X) in A; chef_y = of A's other unit; reader = läsare in A;
# kansli_b and chef_b belong to förbund B; super = a superuser.
ROLES = ("anon", "chef", "chef_y", "reader", "kansli", "kansli_b", "chef_b", "super")
STRANGERS = ("kansli_b", "chef_b")
# Every name and title of förbund A carries this word: a stranger's page must never show it.
SECRET = "Alfahemlig"

# fmt: off
MATRIX = {
    # name: GET as anon chef chef_y reader kansli kansli_b chef_b super | POST as the same roles
    "login":                    "200   200   200   200   200   200   200   200   | 200   200   200   200   200   200   200   200",
    "logout":                   "405   405   405   405   405   405   405   405   | login login login login login login login login",
    "password_change":          "login 200   200   200   200   200   200   200   | login 200   200   200   200   200   200   200",
    "password_change_done":     "login 200   200   200   200   200   200   200   | login 405   405   405   405   405   405   405",
    "reports:prints":           "login 404   404   404   200   200   404   200   | login 404   404   404   400   400   404   400",
    "reports:prints_org":       "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "reports:published":        "login 404   404   200   200   404   404   200   | login 404   404   200   200   404   404   200",
    "reports:status":           "login 404   404   404   200   404   404   200   | login 405   405   405   405   405   405   405",
    "reports:download":         "login 404   404   200   200   404   404   200   | login 405   405   405   405   405   405   405",
    "reports:download_docx":    "login 404   404   200   200   404   404   200   | login 405   405   405   405   405   405   405",
    "reports:word_template":    "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "reports:default_word_template":"login 404   404   404   200   404   404   200   | login 405   405   405   405   405   405   405",
    "reports:remove_word_template":"login 405   405   405   405   405   405   405   | login 404   404   404   302   404   404   302",
    "reports:finalise":         "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "reports:delete":           "login 404   404   404   200   404   404   200   | login 404   404   404   302   404   404   302",
    "reports:retry":            "login 405   405   405   405   405   405   405   | login 404   404   404   302   404   404   302",
    "reports:follow_up_preview":"login 405   405   405   405   405   405   405   | login 200   404   404   200   404   404   200",
    "home":                     "login 302   302   200   302   302   302   302   | login 302   302   200   302   302   302   302",
    "my_goals":                 "login 200   200   200   200   200   200   200   | login 200   200   200   200   200   200   200",
    "follow_up_edit":           "login 200   404   200   200   404   404   200   | login 409   404   404   409   404   404   409",
    "follow_up_withdraw":       "login 405   405   405   405   405   405   405   | login 302   404   404   302   404   404   302",
    "follow_up_proposal":       "login 405   405   405   405   405   405   405   | login 200   404   200   200   404   404   200",
    "breakdown":                "login 200   404   200   200   404   404   200   | login 400   404   404   400   404   404   400",
    "survey":                   "login 200   404   200   200   404   404   200   | login 400   404   404   400   404   404   400",
    "measure_history":          "login 200   404   200   200   404   404   200   | login 200   404   200   200   404   404   200",
    "overview":                 "login 404   404   404   200   200   404   200   | login 404   404   404   200   200   404   200",
    "planning_home":            "login 404   404   404   302   302   404   302   | login 404   404   404   302   302   404   302",
    "overview_org":             "login 404   404   404   200   404   404   200   | login 404   404   404   200   404   404   200",
    "overview_period":          "login 404   404   404   200   404   404   200   | login 404   404   404   200   404   404   200",
    "follow_up_list":           "login 404   404   404   200   404   404   200   | login 404   404   404   200   404   404   200",
    "copy_plan":                "login 404   404   404   302   404   404   302   | login 404   404   404   302   404   404   302",
    "plan_excel":               "login 404   404   404   200   404   404   200   | login 404   404   404   200   404   404   200",
    "status_excel":             "login 404   404   404   200   404   404   200   | login 404   404   404   200   404   404   200",
    "plan_import":              "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "plan_template":            "login 404   404   404   200   404   404   200   | login 404   404   404   200   404   404   200",
    "toggle_period":            "login 405   405   405   405   405   405   405   | login 404   404   404   302   404   404   302",
    "close_period":             "login 404   404   404   200   404   404   200   | login 404   404   404   302   404   404   302",
    "review":                   "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "history":                  "login 200   404   200   200   404   404   200   | login 200   404   200   200   404   404   200",
    "plan":                     "login 404   404   200   200   404   404   200   | login 404   404   200   200   404   404   200",
    "mail_settings":            "login 200   200   200   200   200   200   200   | login 400   400   400   400   400   400   400",
    "planning_years":           "login 404   404   404   200   404   404   200   | login 404   404   404   200   404   404   200",
    "planning_start":           "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_year":            "login 404   404   404   200   404   404   200   | login 404   404   404   200   404   404   200",
    "planning_settings":        "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_level_add":       "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_level":           "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_level_delete":    "login 404   404   404   302   404   404   302   | login 404   404   404   302   404   404   302",
    "planning_period_add":      "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_period":          "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_period_delete":   "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_goal_add":        "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_goal":            "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_goal_delete":     "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_goal_move":       "login 405   405   405   405   405   405   405   | login 404   404   404   302   404   404   302",
    "planning_measure_add":     "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_measure":         "login 404   404   404   200   404   404   200   | login 404   404   404   400   404   404   400",
    "planning_measure_delete":  "login 404   404   404   200   404   404   200   | login 404   404   404   302   404   404   302",
    # The public pages: förbund A's year is not published, so all but the index are 404 to everyone.
    "public:index":             "200   200   200   200   200   200   200   200   | 405   405   405   405   405   405   405   405",
    "public:year":              "404   404   404   404   404   404   404   404   | 405   405   405   405   405   405   405   405",
    "public:chapter":           "404   404   404   404   404   404   404   404   | 405   405   405   405   405   405   405   405",
    "public:goal":              "404   404   404   404   404   404   404   404   | 405   405   405   405   405   405   405   405",
    "public:pdf":               "404   404   404   404   404   404   404   404   | 405   405   405   405   405   405   405   405",
    "logbook":                  "login 404   404   200   200   200   404   200   | login 405   405   405   405   405   405   405",
    "logbook_org":              "login 404   404   200   200   404   404   200   | login 405   405   405   405   405   405   405",
    # The API: a session is no key, so every role reads as anonymous; A's year is not public.
    "api:openapi-json":         "200   200   200   200   200   200   200   200   | 200   200   200   200   200   200   200   200",
    "api:openapi-view":         "200   200   200   200   200   200   200   200   | 200   200   200   200   200   200   200   200",
    "api:list_organisations":   "200   200   200   200   200   200   200   200   | 405   405   405   405   405   405   405   405",
    "api:get_organisation":     "404   404   404   404   404   404   404   404   | 405   405   405   405   405   405   405   405",
    "api:get_plan_year":        "404   404   404   404   404   404   404   404   | 405   405   405   405   405   405   405   405",
    "api:get_goal_tree":        "404   404   404   404   404   404   404   404   | 405   405   405   405   405   405   405   405",
    "api:list_measures":        "404   404   404   404   404   404   404   404   | 405   405   405   405   405   405   405   405",
    "api:list_values":          "404   404   404   404   404   404   404   404   | 405   405   405   405   405   405   405   405",
    "api:list_follow_ups":      "404   404   404   404   404   404   404   404   | 405   405   405   405   405   405   405   405",
    "api:api-root":             "404   404   404   404   404   404   404   404   | 404   404   404   404   404   404   404   404",
    "plan_json":                "login 404   404   404   200   404   404   200   | login 404   404   404   200   404   404   200",
    "measure_kolada_csv":       "login 404   404   404   200   404   404   200   | login 404   404   404   200   404   404   200",
}
# fmt: on

# The admin's models, each scoped to the kansli's own förbund (goals/admin_scoping.py). A model
# registered in the admin but missing here leaves its patterns unclassified.
GOALS_MODELS = (
    "dimension|followup|goal|groupmapping|measure|member|membership|organisation|period|planyear|population|"
    "sentmail|textsection|unit"
)
SCOPED = rf"(goals_({GOALS_MODELS})|reports_chapterprint)"
OBJECT_ROUTES = rf"admin/(auth/(user|group)|goals/({GOALS_MODELS})|reports/chapterprint|api/apitoken)/<path:object_id>/"
# Only a superuser administers accounts and groups; kansliet may view the users of its förbund.
SUPERUSER_ONLY = r"admin:auth_group_\w+|admin:auth_user_(add|delete|password_change)"

# Admin patterns by rule: the first regular expression that matches the pattern's name (or,
# for an unnamed pattern, its route) gives its row. Another förbund's object is "not found":
# the admin redirects (302) to its index, its history pages answer 404.
# fmt: off
ADMIN_RULES = [
    (r"admin:login", "200   200   200   200   302   302   200   302   | 200   200   200   200   200   200   200   200"),
    (
        r"admin:logout",
        "302   302   302   302   405   405   302   405   | 302   302   302   302   login login 302   login",
    ),
    (SUPERUSER_ONLY, "login login login login 403   403   login 200   | login login login login 403   403   login 200"),
    # Written by the app, never by hand: no add or delete, and the change page only shows.
    (
        r"admin:(goals_sentmail_(add|delete)|reports_chapterprint_add)",
        "login login login login 403   403   login 403   | login login login login 403   403   login 403",
    ),
    (
        r"admin:(goals_sentmail|reports_chapterprint)_change",
        "login login login login 200   302   login 200   | login login login login 403   403   login 403",
    ),
    (
        r"admin:auth_user_change",
        "login login login login 200   302   login 200   | login login login login 403   403   login 200",
    ),
    (
        rf"admin:({SCOPED}_(change|delete)|auth_user_history)",
        "login login login login 200   302   login 200   | login login login login 200   302   login 200",
    ),
    # Sent mail has no recorded history: Django's own history page, which redirects for an
    # object outside the admin's scope like the change page does.
    (
        r"admin:goals_sentmail_history",
        "login login login login 200   302   login 200   | login login login login 200   302   login 200",
    ),
    (
        r"admin:api_apitoken_(history|simple_history)",
        "login login login login 200   404   login 404   | login login login login 200   404   login 404",
    ),
    # A key is its owner's alone, a superuser's too: anyone else's is "not found".
    (
        r"admin:api_apitoken_(change|delete)",
        "login login login login 200   302   login 302   | login login login login 200   302   login 302",
    ),
    (
        r"admin:api_apitoken_(changelist|add)",
        "login login login login 200   200   login 200   | login login login login 200   200   login 200",
    ),
    (
        rf"admin:{SCOPED}_(history|simple_history)",
        "login login login login 200   404   login 200   | login login login login 200   404   login 200",
    ),
    (
        rf"admin:(index|app_list|password_change|goals_measure_kolada|auth_user_changelist|{SCOPED}_(changelist|add))",
        "login login login login 200   200   login 200   | login login login login 200   200   login 200",
    ),
    (
        r"admin:(jsi18n|password_change_done)",
        "login login login login 200   200   login 200   | login login login login 405   405   login 405",
    ),
    (
        r"admin:autocomplete",
        "login login login login 403   403   login 403   | login login login login 405   405   login 405",
    ),
    # Django's old-style object URL redirects to the change page.
    (OBJECT_ROUTES, "login login login login 302   302   login 302   | login login login login 302   302   login 302"),
    (
        r"admin:view_on_site|admin/\(\?P<url>\.\*\)\$",
        "login login login login 404   404   login 404   | login login login login 404   404   login 404",
    ),
]
# fmt: on


def walk(resolver=None, prefix="", namespace=""):
    """(key, pattern, route) for every pattern; key is the namespaced name, or the route."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n)
            yield from walk(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            key = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name or route
            yield key, pattern, route


def carries_object(route) -> bool:
    """Whether the pattern names an object (of förbund A, as the test fills it)."""
    return bool(re.search(r"<(int|path|slug):|\(\[\^/\]\+\)", route))


def expected_row(key):
    if key in MATRIX:
        return MATRIX[key]
    for rule, row in ADMIN_RULES:
        if re.fullmatch(rule, key):
            return row
    return None


def parse_row(row):
    get, _bar, post = row.partition("|")
    get_codes, post_codes = get.split(), post.split() if post.strip() else ["-"] * len(ROLES)
    assert len(get_codes) == len(ROLES) and len(post_codes) == len(ROLES), row
    return dict(zip(ROLES, get_codes, strict=True)), dict(zip(ROLES, post_codes, strict=True))


MEDIA = tempfile.mkdtemp(prefix="matrix-media-")


@override_settings(MEDIA_ROOT=MEDIA)
class PermissionMatrixTests(TestCase):
    maxDiff = None

    @classmethod
    def setUpTestData(cls):
        cls.a = a = factories.plan(slug="forbund-a")
        cls.b = b = factories.plan(slug="forbund-b")
        organisation = a["organisation"]
        organisation.name = f"{SECRET} förbund"
        organisation.save()
        for unit in a["units"]:
            unit.name = f"{SECRET} {unit.name}"
            unit.save()
        a["goal"].title = f"{SECRET} mål"
        a["goal"].save()
        member = Member.objects.create(organisation=organisation, code="1490", name=f"{SECRET} kommun")
        population = Population.objects.create(municipality=member, year=2025, population=1000)
        dimension = Dimension.objects.create(organisation=organisation, key="delregion", name=f"{SECRET} indelning")
        DimensionItem.objects.create(dimension=dimension, name="Norr")
        measure = a["goal"].measures.get(target_kind=TargetKind.NUMERIC)
        measure.breakdown = Breakdown.MUNICIPALITY
        measure.save()
        Measure.objects.create(
            goal=a["goal"], text="Andel nöjda", target_kind=TargetKind.NONE, breakdown=Breakdown.CATEGORY, order=2
        )
        follow_up = FollowUp(goal=a["goal"], period=a["interim"], text=f"{SECRET} text", state=State.SUBMITTED)
        follow_up.version = 1
        follow_up.save()
        text = TextSection.objects.create(
            plan_year=a["plan_year"], section="strategic", kind="intro", body=f"{SECRET} inledning"
        )
        cls.users = {
            "chef": factories.manager("chef", a, 0),
            "chef_y": factories.manager("chef_y", a, 1),
            "reader": factories.reader("reader", a),
            "kansli": factories.kansli("kansli", a),
            "kansli_b": factories.kansli("kansli_b", b),
            "chef_b": factories.manager("chef_b", b, 0),
        }
        superuser = factories.user("super", is_superuser=True, is_staff=True)
        cls.users["super"] = superuser
        chapter_print = ChapterPrint.objects.create(
            organisation=organisation,
            plan_year=a["plan_year"],
            period=a["annual"],
            organisation_name=f"{SECRET} förbund",
            requested_by=cls.users["kansli"],
            state=PrintState.DONE,
        )
        chapter_print.file.save("matrix.pdf", ContentFile(b"%PDF-1.7\n"), save=True)
        chapter_print.docx_file.save("matrix.docx", ContentFile(b"PK\x03\x04"), save=True)
        sent = SentMail.objects.create(
            recipient=cls.users["chef"], kind=MailKind.APPROVED, subject=f"{SECRET} ämne", organisation=organisation
        )
        cls.objects = {
            "goals.organisation": organisation,
            "goals.unit": a["units"][0],
            "goals.member": member,
            "goals.population": population,
            "goals.dimension": dimension,
            "goals.membership": Membership.objects.get(user=cls.users["chef"]),
            "goals.groupmapping": GroupMapping.objects.create(
                organisation=organisation, group=f"{SECRET}-grupp", role="manager", unit=a["units"][0]
            ),
            "goals.planyear": a["plan_year"],
            "goals.period": a["interim"],
            "goals.goal": a["goal"],
            "goals.measure": measure,
            "goals.followup": follow_up,
            "goals.textsection": text,
            "goals.sentmail": sent,
            "reports.chapterprint": chapter_print,
            "api.apitoken": ApiToken.objects.create(
                user=cls.users["kansli"], name=f"{SECRET} nyckel", prefix="mlu_matris", digest="0" * 64
            ),
            "auth.user": cls.users["chef"],
            "auth.group": cls.users["kansli"].groups.get(),
        }
        cls.kwargs = {
            "slug": organisation.slug,
            "year": a["plan_year"].year,
            "goal_id": a["goal"].pk,
            "period_id": a["interim"].pk,
            "measure_id": measure.pk,
            "level_id": a["plan_year"].levels.first().pk,
            "follow_up_id": follow_up.pk,
            "print_id": chapter_print.pk,
        }

    def url_for(self, key, pattern, route):
        """The pattern filled with förbund A's objects."""
        if key.startswith("admin:") or route.startswith("admin/"):
            return self.admin_url(key, pattern, route)
        names = list(pattern.pattern.converters) if hasattr(pattern.pattern, "converters") else []
        kwargs = {name: self.kwargs[name] for name in names}
        return reverse(key, kwargs=kwargs)

    def admin_url(self, key, pattern, route):
        match = re.match(r"admin:(\w+?)_(\w+?)_(\w+)$", key)
        model = None
        if match:
            label = f"{match[1]}.{match[2]}"
            model = self.objects.get(label)
        elif re.match(r"admin/(\w+)/(\w+)/", route):
            app, name = re.match(r"admin/(\w+)/(\w+)/", route).groups()
            model = self.objects[f"{app}.{name}"]
        if key == "admin:view_on_site":
            goal = self.objects["goals.goal"]
            return reverse(key, args=[ContentType.objects.get_for_model(goal).pk, goal.pk])
        if key == "admin:app_list":
            return reverse(key, kwargs={"app_label": "goals"})
        if key.endswith("_simple_history"):
            return reverse(key, args=[model.pk, model.history.latest().history_id])
        if key == "admin:auth_user_password_change":
            return reverse(key, args=[model.pk])
        if key.startswith("admin:"):
            needs_id = "object_id" in getattr(pattern.pattern, "converters", {})
            return reverse(key, args=[model.pk] if needs_id else [])
        if "<path:object_id>" in route:
            return "/" + route.replace("<path:object_id>", str(model.pk))
        return "/admin/finns-inte/"

    def logged_in(self):
        """One client per role, logged in once: {role: (client, its cookies just after login)}.

        The session rows are written here, outside the per-request savepoints, so each request
        starts from the same fresh login (its own changes to the session are rolled back)."""
        clients = {}
        for role in ROLES:
            client = Client(raise_request_exception=False)
            if role != "anon":
                client.force_login(self.users[role])
            clients[role] = (client, copy.deepcopy(client.cookies))
        return clients

    def request(self, role, method, url):
        client, cookies = self.clients[role]
        # As a new browser with the fresh login: nothing a previous request set (a logout's
        # deleted cookie, a message, a CSRF cookie) carries over to this one.
        client.cookies = copy.deepcopy(cookies)
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
        return response

    @staticmethod
    def code(response):
        if response.status_code in (301, 302):
            location = response["Location"]
            return "login" if "/login/" in location else "302"
        return str(response.status_code)

    def observe(self):
        # Hundreds of expected 403s, 404s and 405s would each log a warning with a traceback.
        logger = logging.getLogger("django.request")
        level = logger.level
        logger.setLevel(logging.ERROR)
        try:
            return self._observe()
        finally:
            logger.setLevel(level)

    def _observe(self):
        """{key: (GET codes, POST codes)} as the site answers today, and every leak found."""
        observed, leaks = {}, []
        self.clients = self.logged_in()
        for key, pattern, route in walk():
            url = self.url_for(key, pattern, route)
            row = expected_row(key)
            posts = parse_row(row)[1] if row else {}
            rows = ([], [])
            for role in ROLES:
                for index, method in enumerate(("get", "post")):
                    if method == "post" and row is not None and posts[role] == "-":
                        rows[index].append("-")
                        continue
                    response = self.request(role, method, url)
                    code = self.code(response)
                    rows[index].append(code)
                    body = b"" if response.streaming else response.content
                    if role in STRANGERS and code == "200" and (SECRET.encode() in body or carries_object(route)):
                        leaks.append(f"{method.upper()} {url} as {role}: 200 on förbund A's data")
            observed[key] = (rows, url)
        return observed, leaks

    def test_every_url_pattern_is_classified(self):
        missing = [key for key, _pattern, _route in walk() if expected_row(key) is None]
        self.assertEqual(missing, [], "add a row to MATRIX (or an admin rule) for each of these URL patterns")

    def test_every_cell_answers_as_the_table_says(self):
        observed, leaks = self.observe()
        if os.getenv("MATRIX_PRINT"):
            for key, ((get, post), _url) in observed.items():
                print(f'    "{key}": "{" ".join(get)} | {" ".join(post)}",')
        self.assertEqual(leaks, [])
        wrong = []
        for key, ((get, post), url) in observed.items():
            self.assertNotIn("500", get + post, f"{url} gave a server error")
            row = expected_row(key)
            if row is None:
                continue
            want_get, want_post = parse_row(row)
            for role, got_get, got_post in zip(ROLES, get, post, strict=True):
                if got_get != want_get[role]:
                    wrong.append(f"GET {url} as {role}: {got_get}, expected {want_get[role]}")
                if want_post[role] != "-" and got_post != want_post[role]:
                    wrong.append(f"POST {url} as {role}: {got_post}, expected {want_post[role]}")
        self.assertEqual(wrong, [])
