"""Set up the test IdP's database from the tests, in its own process:

python -m tests.oidc_provider.cli client CLIENT_ID SECRET REDIRECT_URI
python -m tests.oidc_provider.cli user USERNAME PASSWORD "First Last" EMAIL [GROUP ...]
python -m tests.oidc_provider.cli groups USERNAME [GROUP ...]   # replaces the user's groups
"""

import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.oidc_provider.settings")


def main(command, *args):
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from oidc_provider.models import Client, ResponseType

    if command == "client":
        client_id, secret, redirect_uri = args
        client = Client.objects.create(
            name="Måluppfyllelse",
            client_type="confidential",
            client_id=client_id,
            client_secret=secret,
            jwt_alg="RS256",
            require_consent=True,
            reuse_consent=True,
            _redirect_uris=redirect_uri,
        )
        client.response_types.add(ResponseType.objects.get(value="code"))
    elif command == "user":
        username, password, name, email, *groups = args
        first, _space, last = name.partition(" ")
        user = User.objects.create_user(username, email=email, password=password, first_name=first, last_name=last)
        user.groups.set(Group.objects.get_or_create(name=group)[0] for group in groups)
    elif command == "groups":
        username, *groups = args
        User.objects.get(username=username).groups.set(Group.objects.get_or_create(name=group)[0] for group in groups)
    else:
        raise SystemExit(f"unknown command {command!r}")


if __name__ == "__main__":
    main(*sys.argv[1:])
