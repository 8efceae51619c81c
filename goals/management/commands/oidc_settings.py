import requests
from django.core.management.base import BaseCommand, CommandError

# The environment's names for what an IdP's discovery document lists.
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


class Command(BaseCommand):
    help = (
        "Läser identitetsleverantörens discovery-dokument (…/.well-known/openid-configuration) och skriver "
        "OIDC_OP_…-raderna för miljöfilen, t.ex. för Entra ID "
        "https://login.microsoftonline.com/<tenant-id>/v2.0/.well-known/openid-configuration."
    )

    def add_arguments(self, parser):
        parser.add_argument("discovery_url", help="Adressen till discovery-dokumentet.")

    def handle(self, *args, discovery_url, **options):
        try:
            response = requests.get(discovery_url, timeout=10)
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as error:
            raise CommandError(f"Kunde inte läsa {discovery_url}: {error}")
        if not isinstance(document, dict) or "authorization_endpoint" not in document:
            raise CommandError(f"{discovery_url} är inget discovery-dokument (authorization_endpoint saknas).")
        for name, key in ENDPOINTS.items():
            self.stdout.write(f"{name}={document.get(key, '')}")
        algorithms = document.get("id_token_signing_alg_values_supported") or []
        self.stdout.write(f"OIDC_RP_SIGN_ALGO={'RS256' if 'RS256' in algorithms or not algorithms else algorithms[0]}")
