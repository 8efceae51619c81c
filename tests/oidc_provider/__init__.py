"""A real OpenID Connect provider for the tests (django-oidc-provider in a Django process of its
own, with its own SQLite database): `process.running_provider` starts it on 127.0.0.1."""
