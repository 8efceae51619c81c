"""Issuing, finding and revoking API tokens: the only code that sees a key in clear."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from .models import ApiToken

KEY_PREFIX = "mu_"
# last_used_at is for kansliet's list ("is this key still in use?"), not an audit trail: one
# write per key and few minutes is enough, and spares every read request a write.
USE_RECORDED_EVERY = timedelta(minutes=5)


def digest(secret: str) -> str:
    # A key is 256 random bits, so a fast hash is enough: there is nothing to guess.
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


@transaction.atomic
def issue_token(*, user, name: str) -> tuple[ApiToken, str]:
    """A new key for this user: the record, and the key itself, which is never stored."""
    secret = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, name=name, prefix=secret[:10], digest=digest(secret))
    return token, secret


def revoke_tokens(tokens) -> int:
    # One save per key, not one UPDATE: each revocation is a history record (who, when).
    now, revoked = timezone.now(), 0
    for token in tokens.filter(revoked_at=None):
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
        revoked += 1
    return revoked


def token_for_secret(secret: str) -> ApiToken | None:
    """The live token with this key, or None (unknown, revoked, or its user deactivated)."""
    if not secret.startswith(KEY_PREFIX) or len(secret) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=digest(secret), revoked_at=None, user__is_active=True)
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > USE_RECORDED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
