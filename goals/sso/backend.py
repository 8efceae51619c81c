"""mozilla-django-oidc's backend, told how this application names users and gives roles."""

from django.conf import settings
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from . import services
from .claims import person


class OrganisationAccountBackend(OIDCAuthenticationBackend):
    def get_userinfo(self, access_token, id_token, payload):
        # Entra ID puts the groups in the ID token only (its userinfo endpoint has none), other
        # IdPs in userinfo only: the user is what both say, the verified ID token first.
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(super().get_userinfo(access_token, id_token, payload))
        return claims

    def verify_claims(self, claims):
        return True  # what a login needs is decided in get_or_create_user, with a message

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        who = person(claims, username_claim=settings.OIDC_USERNAME_CLAIM, groups_claim=settings.OIDC_GROUPS_CLAIM)
        try:
            if who is None:
                raise services.Refused(services.missing_claim_message(settings.OIDC_USERNAME_CLAIM))
            return services.log_in_with_claims(person=who)
        except services.Refused as refusal:
            # The callback view shows it on the login page (authenticate() can only say None).
            self.request.sso_refusal = refusal.message
            return None
