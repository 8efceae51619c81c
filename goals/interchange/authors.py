"""A follow-up's author as a file names it: never an account of this installation.

A file can name anyone ("admin", a colleague's username); matching that name to an existing
account would put words in a real person's mouth and link a login to imported data. Each
imported author is therefore its own inactive account without a password, whose username
carries a prefix that Django's username rules never allow in an account made by a person
(":" is not among the letters, digits and @/./+/-/_ they permit), and an export gives the
name back as the file had it.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _

PREFIX = "import:"
# What a file may name, so that the prefixed username still fits its column.
AUTHOR_LENGTH = get_user_model()._meta.get_field("username").max_length - len(PREFIX)


def account_for(name: str):
    """The placeholder account of an imported author (made on first use)."""
    user, created = get_user_model().objects.get_or_create(
        username=PREFIX + name, defaults={"is_active": False, "first_name": name, "last_name": _("(importerad)")}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def name_of(user) -> str:
    """The author's name in an exported file."""
    return user.username.removeprefix(PREFIX)
