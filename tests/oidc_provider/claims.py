"""What the test IdP says about a user, shaped like Entra ID: an opaque, stable subject, the
person's name and e-mail from userinfo, and the groups in the ID token."""

import uuid

NAMESPACE = uuid.UUID("5f0c4c6e-0d55-4f3e-9d1a-6a1f1b0c2d3e")


def subject(user):
    return str(uuid.uuid5(NAMESPACE, user.username))


def userinfo(claims, user):
    claims["given_name"] = user.first_name
    claims["family_name"] = user.last_name
    claims["name"] = user.get_full_name()
    claims["email"] = user.email
    return claims


def with_groups(id_token, user, **kwargs):
    id_token["groups"] = sorted(user.groups.values_list("name", flat=True))
    return id_token
