"""Logging in with the organisation's account through a real OpenID Connect provider
(django-oidc-provider in a process of its own on 127.0.0.1), in Chromium."""

from io import StringIO
from urllib.parse import urlparse

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from goals.models import GroupMapping, Membership, Role

from . import factories
from .browser import assert_reflows, chromium_page, log_out
from .conftest import require
from .oidc_provider.process import ProviderUnavailable, running_provider
from .sso import oidc_on

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIENT_ID, SECRET = "maluppfyllelse", "idp-hemlighet-" + "s" * 24
CHEF_GROUPS = ["chefer-regional-utveckling", "lasare-forbundet", "alla-anstallda"]


@pytest.fixture(scope="module")
def idp(live_server, tmp_path_factory):
    try:
        with running_provider(tmp_path_factory.mktemp("idp")) as provider:
            provider.manage("client", CLIENT_ID, SECRET, f"{live_server.url}/konto/oidc/callback/")
            provider.manage("user", "anna", "idp-losen-anna", "Anna Andersson", "anna@example.se", *CHEF_GROUPS)
            provider.manage("user", "bertil", "idp-losen-bertil", "Bertil Berg", "bertil@example.se", "alla-anstallda")
            yield provider
    except ProviderUnavailable as error:
        require(False, f"the test OIDC provider could not start: {error}")


@pytest.fixture
def sso(idp, live_server):
    """The application configured for the IdP as an operator does it: the endpoints printed by
    `manage.py oidc_settings` from the IdP's discovery document."""
    out = StringIO()
    call_command("oidc_settings", idp.discovery_url, stdout=out)
    endpoints = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert endpoints["OIDC_OP_JWKS_ENDPOINT"] == f"{idp.url}/openid/jwks"
    with oidc_on(OIDC_RP_CLIENT_ID=CLIENT_ID, OIDC_RP_CLIENT_SECRET=SECRET, **endpoints):
        yield live_server.url


def sign_in_at_the_idp(page, base, username, password):
    page.goto(base + "/konto/login/")
    page.get_by_role("button", name="Logga in med organisationens konto").click()
    expect(page.get_by_role("heading", name="Test IdP: sign in")).to_be_visible()
    page.get_by_label("IdP username").fill(username)
    page.get_by_label("IdP password").fill(password)
    page.get_by_role("button", name="Sign in at the IdP").click()
    # On to the IdP's consent page, or straight back to the application if consent is remembered.
    page.wait_for_url(lambda url: urlparse(url).path != "/login/")
    page.wait_for_load_state()
    if urlparse(page.url).path.startswith("/openid/authorize"):
        page.get_by_role("button", name="Authorize").click()


def test_an_enhetschef_logs_in_with_the_organisations_account_and_loses_the_unit_with_the_group(sso, idp):
    data = factories.plan()
    unit, other_unit = data["units"]
    GroupMapping.objects.create(
        organisation=data["organisation"], group="chefer-regional-utveckling", role=Role.MANAGER, unit=unit
    )
    GroupMapping.objects.create(organisation=data["organisation"], group="lasare-forbundet", role=Role.READER)
    with chromium_page() as page:
        sign_in_at_the_idp(page, sso, "anna", "idp-losen-anna")

        expect(page.get_by_role("heading", name="Mina mål")).to_be_visible()
        expect(page.get_by_role("link", name=data["goal"].title)).to_be_visible()
        expect(page.get_by_text(data["other_goal"].title)).to_have_count(0)
        anna = get_user_model().objects.get(first_name="Anna")
        assert anna.email == "anna@example.se" and anna.last_name == "Andersson"
        assert not anna.has_usable_password()
        held = set(anna.memberships.values_list("role", "unit", "from_sso"))
        assert held == {(Role.MANAGER, unit.pk, True), (Role.READER, None, True)}

        # Kansliet makes Anna a stand-in chef of the other unit by hand; the IdP drops her group.
        Membership.objects.create(user=anna, organisation=data["organisation"], unit=other_unit, role=Role.MANAGER)
        log_out(page)
        idp.manage("groups", "anna", "lasare-forbundet", "alla-anstallda")
        page.get_by_role("button", name="Logga in med organisationens konto").click()
        page.wait_for_load_state()  # still signed in at the IdP, consent remembered

        expect(page.get_by_role("heading", name="Mina mål")).to_be_visible()
        expect(page.get_by_role("link", name=data["other_goal"].title)).to_be_visible()
        expect(page.get_by_text(data["goal"].title)).to_have_count(0)
        held = set(anna.memberships.values_list("role", "unit", "from_sso"))
        assert held == {(Role.MANAGER, other_unit.pk, False), (Role.READER, None, True)}


def test_a_person_whose_groups_give_no_role_is_told_so_in_swedish_and_gets_no_account(sso, idp):
    data = factories.plan()
    GroupMapping.objects.create(
        organisation=data["organisation"], group="chefer-regional-utveckling", role=Role.MANAGER, unit=data["units"][0]
    )
    with chromium_page() as page:
        sign_in_at_the_idp(page, sso, "bertil", "idp-losen-bertil")

        expect(page).to_have_url(sso + "/konto/login/")
        expect(page.get_by_text("ditt konto har ingen behörighet i Måluppfyllelse")).to_be_visible()
        assert_reflows(page, "sso-refused")  # the login page with both ways in and the refusal
        page.goto(sso + "/mina-mal/")
        expect(page.get_by_role("heading", name="Logga in", exact=True)).to_be_visible()
    assert not get_user_model().objects.filter(first_name="Bertil").exists()
