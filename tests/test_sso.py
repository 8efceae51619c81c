"""Claims → user and memberships, without a browser or an IdP: what each login gives and takes."""

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.auth import get_user_model

from goals.models import GroupMapping, Membership, Role
from goals.services import KANSLI_GROUP
from goals.sso import claims as sso_claims
from goals.sso import services
from goals.sso.backend import OrganisationAccountBackend
from goals.sso.claims import Person

from . import factories
from .sso import oidc_on

pytestmark = pytest.mark.django_db

SUB = "8f14e45f-ceea-467f-a0b6-5f3a1d0c9b2e"


def person(*groups, username=SUB, email="anna@example.se"):
    return Person(username=username, first_name="Anna", last_name="Andersson", email=email, groups=frozenset(groups))


@pytest.fixture
def data():
    data = factories.plan()
    organisation, (unit, other_unit) = data["organisation"], data["units"]
    GroupMapping.objects.create(organisation=organisation, group="g-chefer-utv", role=Role.MANAGER, unit=unit)
    GroupMapping.objects.create(organisation=organisation, group="g-chefer-valfard", role=Role.MANAGER, unit=other_unit)
    GroupMapping.objects.create(organisation=organisation, group="g-lasare", role=Role.READER)
    GroupMapping.objects.create(organisation=organisation, group="g-kansli", role=Role.KANSLI)
    return data


def held(user):
    return set(Membership.objects.filter(user=user).values_list("role", "unit__slug", "from_sso"))


# --- claims -------------------------------------------------------------------------------


def test_the_person_comes_from_a_stable_claim_with_names_and_groups():
    claims = {"sub": SUB, "oid": "o-1", "name": "Anna Maria Andersson", "email": "a@x.se", "groups": ["g1", "g2", ""]}
    who = sso_claims.person(claims, username_claim="oid", groups_claim="groups")
    assert who == Person("o-1", "Anna", "Maria Andersson", "a@x.se", frozenset({"g1", "g2"}))
    given = {"sub": SUB, "given_name": "Bo", "family_name": "Ek", "name": "ignored", "roles": "Kansli"}
    who = sso_claims.person(given, username_claim="sub", groups_claim="roles")
    assert (who.username, who.first_name, who.last_name, who.email, who.groups) == (SUB, "Bo", "Ek", "", {"Kansli"})
    assert sso_claims.person({"email": "a@x.se"}, username_claim="sub", groups_claim="groups") is None
    assert sso_claims.person({"sub": "  "}, username_claim="sub", groups_claim="groups") is None


def test_groups_left_out_of_the_token_refuse_the_login_and_take_nothing_away(data):
    user = services.log_in_with_claims(person=person("g-chefer-utv"))
    overage = {"sub": SUB, "_claim_names": {"groups": "src1"}, "_claim_sources": {"src1": {"endpoint": "x"}}}
    who = sso_claims.person(overage, username_claim="sub", groups_claim="groups")
    assert (
        who.groups_left_out
        and not sso_claims.person({"sub": SUB}, username_claim="sub", groups_claim="groups").groups_left_out
    )
    with pytest.raises(services.Refused) as refusal:
        services.log_in_with_claims(person=who)
    assert "saknar dina grupper" in refusal.value.message
    assert held(user) == {("manager", "utveckling", True)}


def test_a_subject_longer_than_a_username_becomes_a_stable_digest():
    long_sub = "x" * 255
    name = sso_claims.username({"sub": long_sub}, "sub")
    assert name == sso_claims.username({"sub": long_sub}, "sub")
    assert name.startswith("oidc-") and len(name) <= 150
    assert name != sso_claims.username({"sub": "y" * 255}, "sub")


# --- memberships --------------------------------------------------------------------------


def test_the_first_login_creates_the_user_with_the_mapped_memberships(data):
    user = services.log_in_with_claims(person=person("g-chefer-utv", "g-lasare", "g-okand"))
    user.refresh_from_db()
    assert (user.username, user.first_name, user.last_name, user.email) == (SUB, "Anna", "Andersson", "anna@example.se")
    assert not user.has_usable_password() and not user.is_staff
    assert held(user) == {("manager", "utveckling", True), ("reader", None, True)}


def test_a_later_login_adds_and_removes_what_the_groups_give_and_updates_the_name(data):
    user = services.log_in_with_claims(person=person("g-chefer-utv", "g-lasare"))
    again = services.log_in_with_claims(person=Person(SUB, "Anna", "Berg", "", frozenset({"g-chefer-valfard"})))
    assert again.pk == user.pk
    user.refresh_from_db()
    assert (user.last_name, user.email) == ("Berg", "anna@example.se")  # no e-mail claim: the address stays
    assert held(user) == {("manager", "valfard", True)}
    assert get_user_model().objects.count() == 1


def test_memberships_kansliet_gave_by_hand_are_never_touched(data):
    user = services.log_in_with_claims(person=person("g-chefer-utv"))
    Membership.objects.create(user=user, organisation=data["organisation"], unit=data["units"][1], role=Role.MANAGER)
    # The same role as a group gives, held by hand: kept as kansliet's, so it outlives the group.
    Membership.objects.create(user=user, organisation=data["organisation"], role=Role.READER)
    services.log_in_with_claims(person=person("g-chefer-utv", "g-lasare"))
    assert held(user) == {("manager", "utveckling", True), ("manager", "valfard", False), ("reader", None, False)}
    services.log_in_with_claims(person=person())
    assert held(user) == {("manager", "valfard", False), ("reader", None, False)}


def test_a_kansli_group_gives_the_admin_and_its_removal_takes_it(data):
    user = services.log_in_with_claims(person=person("g-kansli", "g-lasare"))
    user.refresh_from_db()
    assert user.is_staff and user.groups.filter(name=KANSLI_GROUP).exists()
    assert user.groups.get(name=KANSLI_GROUP).permissions.filter(codename="change_groupmapping").exists()
    services.log_in_with_claims(person=person("g-lasare"))
    user.refresh_from_db()
    assert not user.is_staff and not user.groups.exists()
    assert held(user) == {("reader", None, True)}


def test_no_mapped_group_is_refused_in_swedish_and_creates_no_account(data):
    with pytest.raises(services.Refused) as refusal:
        services.log_in_with_claims(person=person("g-okand"))
    assert "ingen behörighet i Måluppfyllelse" in refusal.value.message
    assert "Be kansliet koppla din grupp" in refusal.value.message
    assert not get_user_model().objects.exists()


def test_losing_the_last_group_refuses_the_login_and_the_memberships_stay_removed(data):
    user = services.log_in_with_claims(person=person("g-chefer-utv"))
    with pytest.raises(services.Refused):
        services.log_in_with_claims(person=person("g-okand"))
    assert held(user) == set()


def test_a_claim_never_logs_into_a_local_account_of_the_same_name(data):
    local = factories.user(SUB)
    Membership.objects.create(user=local, organisation=data["organisation"], role=Role.READER)
    with pytest.raises(services.Refused) as refusal:
        services.log_in_with_claims(person=person("g-kansli"))
    assert "lokalt konto" in refusal.value.message
    local.refresh_from_db()
    assert not local.is_staff and held(local) == {("reader", None, False)}


def test_a_group_mapped_by_two_organisations_gives_a_role_in_each(data):
    other = factories.plan(slug="andra")
    GroupMapping.objects.create(organisation=other["organisation"], group="g-lasare", role=Role.READER)
    user = services.log_in_with_claims(person=person("g-lasare"))
    assert set(user.memberships.values_list("organisation__slug", flat=True)) == {"forbundet", "andra"}


# --- the backend and the pages ------------------------------------------------------------


def test_the_backend_reads_the_id_tokens_claims_and_leaves_the_refusal_for_the_page(data):
    with oidc_on(OIDC_OP_USER_ENDPOINT=""):  # no userinfo endpoint: the ID token's claims only
        backend = OrganisationAccountBackend()
        backend.request = SimpleNamespace()
        payload = {"sub": SUB, "given_name": "Anna", "family_name": "A", "groups": ["g-lasare"]}
        user = backend.get_or_create_user("access", "id-token", payload)
        assert user.username == SUB and held(user) == {("reader", None, True)}
        assert backend.get_or_create_user("access", "id-token", {"groups": ["g-lasare"]}) is None
        assert "saknar uppgiften sub" in backend.request.sso_refusal
        assert backend.get_or_create_user("access", "id-token", {"sub": "ny", "groups": ["x"]}) is None
        assert "ingen behörighet" in backend.request.sso_refusal


def test_the_login_page_offers_the_organisations_account_only_when_configured(client):
    assert "Logga in med organisationens konto" not in client.get("/konto/login/").content.decode()
    assert client.get("/konto/oidc/login/").status_code == 404
    with oidc_on():
        page = client.get("/konto/login/?next=/mina-mal/").content.decode()
        assert "Logga in med organisationens konto" in page
        assert 'name="next" value="/mina-mal/"' in page
        response = client.get("/konto/oidc/login/", {"next": "/mina-mal/"})
        assert response.status_code == 302
        location = urlparse(response["Location"])
        query = parse_qs(location.query)
        assert f"{location.scheme}://{location.netloc}{location.path}" == "https://idp.example.se/authorize"
        assert query["client_id"] == ["maluppfyllelse"] and query["code_challenge_method"] == ["S256"]
        assert query["redirect_uri"] == ["http://testserver/konto/oidc/callback/"]
        assert client.session["oidc_login_next"] == "/mina-mal/"


def test_a_declined_login_or_an_idp_that_does_not_answer_says_so_on_the_login_page(client):
    with oidc_on(OIDC_OP_TOKEN_ENDPOINT="http://127.0.0.1:9/token", OIDC_TIMEOUT=2):
        page = client.get("/konto/oidc/callback/", {"error": "access_denied", "state": "x"}, follow=True)
        assert page.redirect_chain[-1][0] == "/konto/login/"
        assert "Inloggningen med organisationens konto avbröts eller misslyckades" in page.content.decode()

        start = client.get("/konto/oidc/login/")
        state = parse_qs(urlparse(start["Location"]).query)["state"][0]
        page = client.get("/konto/oidc/callback/", {"code": "abc", "state": state}, follow=True)
        assert page.status_code == 200
        assert "Organisationens inloggning svarar inte just nu" in page.content.decode()
        assert not page.context["user"].is_authenticated


def test_a_client_id_without_the_endpoints_stops_the_start():
    env = {**os.environ, "OIDC_RP_CLIENT_ID": "maluppfyllelse", "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    for name in ("OIDC_RP_CLIENT_SECRET", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT"):
        env.pop(name, None)
    env.pop("OIDC_OP_JWKS_ENDPOINT", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "OIDC_RP_CLIENT_SECRET" in result.stderr and "OIDC_OP_JWKS_ENDPOINT" in result.stderr


def test_the_backend_is_added_to_the_configured_ones():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tracker.settings",
        "OIDC_RP_CLIENT_ID": "maluppfyllelse",
        "OIDC_RP_CLIENT_SECRET": "s",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example.se/a",
        "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example.se/t",
        "OIDC_OP_JWKS_ENDPOINT": "https://idp.example.se/k",
    }
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.AUTHENTICATION_BACKENDS[-1])"],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "goals.sso.backend.OrganisationAccountBackend", result.stderr
