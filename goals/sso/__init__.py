"""Logging in with the organisation's own account (OpenID Connect, e.g. Entra ID).

`claims` reads what the IdP says (pure), `services` turns it into a user with memberships (one
transaction), `backend` and `views` plug both into mozilla-django-oidc.
"""
