"""The Content-Security-Policy, as one function: settings build it, and the tests that switch
single sign-on on build it the same way (settings are read before the tests change them)."""

from urllib.parse import urlsplit

from csp import constants


def content_security_policy(*, sign_on_endpoint: str = "") -> dict:
    # A form may only be sent to ourselves, except the sign-on button's: it is answered with a
    # redirect to the organisation's identity provider, which form-action also governs.
    form_action = ["'self'"]
    if sign_on_endpoint:
        parts = urlsplit(sign_on_endpoint)
        form_action.append(f"{parts.scheme}://{parts.netloc}")
    return {
        "DIRECTIVES": {
            "default-src": ["'self'"],
            "script-src": ["'self'"],
            "style-src": ["'self'", constants.NONCE],
            # data: for the empty favicon in base.html (it spares every page a request for one).
            "img-src": ["'self'", "data:"],
            "object-src": ["'none'"],
            "base-uri": ["'none'"],
            "form-action": form_action,
            "frame-ancestors": ["'none'"],
        }
    }
