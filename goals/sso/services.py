"""A login with the organisation's account: find or create the user, bring the memberships in
line with kansliet's group mappings, and refuse a person whose groups give no role."""

import logging
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import GroupMapping, Membership, Role
from ..services import give_kansli_rights, take_kansli_rights
from .claims import Person

logger = logging.getLogger(__name__)

# (organisation id, unit id or None, role): one membership a mapping gives.
Grant = tuple[int, int | None, str]


class Refused(Exception):
    """The IdP knows the person, but this application lets them in with no role; the message is
    shown on the login page."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def no_role_message() -> str:
    return _(
        "Du är inloggad hos din organisation, men ditt konto har ingen behörighet i Måluppfyllelse: "
        "ingen av dina grupper är kopplad till en roll. Be kansliet koppla din grupp till en roll "
        "och logga sedan in igen."
    )


def grants_for(groups: frozenset[str]) -> set[Grant]:
    """Every membership the user's groups give, over all organisations' mappings."""
    if not groups:
        return set()
    return set(GroupMapping.objects.filter(group__in=groups).values_list("organisation_id", "unit_id", "role"))


def missing_claim_message(claim: str) -> str:
    return _("Inloggningen från din organisation saknar uppgiften %(claim)s. Kontakta er IT-avdelning.") % {
        "claim": claim
    }


@dataclass(frozen=True)
class Sync:
    added: int
    removed: int


def sync_memberships(*, user, grants: set[Grant]) -> Sync:
    """Add the memberships the groups give and remove those an earlier login gave that they no
    longer give.

    Memberships kansliet gave by hand (from_sso False) are never touched: they are a decision made
    in the admin, for instance a stand-in enhetschef who is not in the IdP group, and a login
    must not silently undo it. When a group gives what the user already holds by hand, the
    manual membership is kept as it is, so removing the group later leaves it too."""
    held = {(m.organisation_id, m.unit_id, m.role): m for m in Membership.objects.select_for_update().filter(user=user)}
    stale = [m.pk for key, m in held.items() if m.from_sso and key not in grants]
    Membership.objects.filter(pk__in=stale).delete()
    missing = grants - held.keys()
    Membership.objects.bulk_create(
        Membership(user=user, organisation_id=org, unit_id=unit, role=role, from_sso=True)
        for org, unit, role in sorted(missing, key=str)
    )
    if any(role == Role.KANSLI for _org, _unit, role in missing):
        give_kansli_rights(user=user)
    elif stale and user.is_staff and not Membership.objects.filter(user=user, role=Role.KANSLI).exists():
        take_kansli_rights(user=user)
    return Sync(added=len(missing), removed=len(stale))


def log_in_with_claims(*, person: Person):
    """The user for a person the IdP vouched for, with memberships synced; raises Refused."""
    if person.groups_left_out:
        logger.warning("OIDC login refused: the IdP left %r's groups out of the token", person.username)
        raise Refused(
            _(
                "Inloggningen från din organisation saknar dina grupper (du är med i fler grupper än "
                "den skickar med). Be IT-avdelningen skicka bara programmets grupper eller approller."
            )
        )
    users = get_user_model().objects
    with transaction.atomic():
        user = users.select_for_update().filter(username=person.username).first()
        grants = grants_for(person.groups)
        if user is None:
            if not grants:
                # No account for someone who may not use the application anyway.
                raise Refused(no_role_message())
            user = users.create_user(person.username)  # no usable password: only the IdP logs it in
        elif user.has_usable_password():
            # A local account of that name is someone else's (or an administrator's): an IdP
            # claim must never log into it.
            logger.warning("OIDC login refused: %r is a local account", person.username)
            raise Refused(_("Det finns redan ett lokalt konto med samma användarnamn. Kontakta kansliet."))
        user.first_name, user.last_name = person.first_name, person.last_name
        if person.email:
            user.email = person.email
        user.save(update_fields=["first_name", "last_name", "email"])
        result = sync_memberships(user=user, grants=grants)
    logger.info("OIDC login %s: %d memberships added, %d removed", user.username, result.added, result.removed)
    # Checked after the commit: the memberships taken away stay taken away, also for a session
    # the person may still have open.
    if not user.memberships.exists():
        raise Refused(no_role_message())
    return user
