"""What an IdP's claims say about a user: a stable name, the person, the groups. Pure functions."""

import hashlib
from dataclasses import dataclass

from django.contrib.auth import get_user_model

USERNAME_LENGTH = get_user_model()._meta.get_field("username").max_length


@dataclass(frozen=True)
class Person:
    username: str
    first_name: str
    last_name: str
    email: str
    groups: frozenset[str]
    # Entra ID leaves the groups out of the token when a person has too many (the "overage"): the
    # list is then not "no groups", and must not take memberships away.
    groups_left_out: bool = False


def values(claims: dict, name: str) -> frozenset[str]:
    """A claim as a set of strings: IdPs send a group list, a single string or nothing."""
    value = claims.get(name)
    if value is None or value == "":
        return frozenset()
    if isinstance(value, (list, tuple, set, frozenset)):
        return frozenset(str(item) for item in value if item not in (None, ""))
    return frozenset({str(value)})


def username(claims: dict, claim: str) -> str | None:
    """The account's name from a claim that never changes for the person (sub, or Entra's oid):
    not the e-mail address or UPN, which change with a name change and can be reused."""
    value = claims.get(claim)
    if not isinstance(value, (str, int)) or str(value).strip() == "":
        return None
    value = str(value).strip()
    if len(value) <= USERNAME_LENGTH:
        return value
    # The spec allows 255 characters for sub; a digest keeps a longer one unique and stable.
    return "oidc-" + hashlib.sha256(value.encode()).hexdigest()


def person(claims: dict, *, username_claim: str, groups_claim: str) -> Person | None:
    name = username(claims, username_claim)
    if name is None:
        return None
    first, last = claims.get("given_name") or "", claims.get("family_name") or ""
    if not (first or last) and claims.get("name"):
        first, _space, last = str(claims["name"]).partition(" ")
    return Person(
        username=name,
        first_name=str(first)[:150],
        last_name=str(last)[:150],
        email=str(claims.get("email") or "")[:254],
        groups=values(claims, groups_claim),
        groups_left_out=groups_claim not in claims
        and (bool(claims.get("hasgroups")) or groups_claim in (claims.get("_claim_names") or {})),
    )
