"""The login's return from the IdP: mozilla-django-oidc's view, with a Swedish word when it fails."""

import logging

import requests
from django.contrib import messages
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView

logger = logging.getLogger(__name__)


class CallbackView(OIDCAuthenticationCallbackView):
    def get(self, request):
        try:
            return super().get(request)
        except requests.RequestException:
            # The IdP's token, key or userinfo endpoint did not answer: say so, not a 500.
            logger.exception("OIDC: the identity provider did not answer")
            request.sso_refusal = _(
                "Organisationens inloggning svarar inte just nu. Försök igen om en stund, "
                "eller logga in med användarnamn och lösenord om du har ett."
            )
            return self.login_failure()

    def login_failure(self):
        refusal = getattr(self.request, "sso_refusal", None) or _(
            "Inloggningen med organisationens konto avbröts eller misslyckades. Försök igen."
        )
        messages.error(self.request, refusal)
        return super().login_failure()
