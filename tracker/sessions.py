"""A session's two lifetimes without a database write on every request.

Sliding: a session lives SESSION_COOKIE_AGE (12 h) after the user was last seen. Django keeps
that by saving the session on every request (SESSION_SAVE_EVERY_REQUEST), an UPDATE and a
COMMIT per page; here the session is marked changed only when its last refresh is at least
SESSION_REFRESH_SECONDS old, which renews the row's expiry and the cookie, so a session lasts
between SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after the last request.

Absolute: SESSION_ABSOLUTE_SECONDS after login the user is logged out, however active, and
told so on the login page (a stolen or forgotten session does not live for ever).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

LOGIN_AT = "_login_at"
REFRESHED_AT = "_refreshed_at"


class SessionLifetimeMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        now = int(time.time())
        session = request.session
        # Without a session cookie there is nothing to expire, and the session is left unread:
        # reading it adds `Vary: Cookie`, and the public pages must be one page for everyone.
        had_session = settings.SESSION_COOKIE_NAME in request.COOKIES
        key_before = session.session_key if had_session else None
        if (
            had_session
            and request.user.is_authenticated
            and now - session.get(LOGIN_AT, now) >= settings.SESSION_ABSOLUTE_SECONDS
        ):
            logout(request)
            messages.info(
                request,
                _(
                    "Av säkerhetsskäl gäller en inloggning en begränsad tid, och du har loggats ut. "
                    "Logga in igen. Text du inte hann spara finns kvar i webbläsaren."
                ),
            )
            # A form sent now is lost to the server, but the browser keeps its copy of the text.
            if request.method == "GET":
                return redirect_to_login(request.get_full_path())
            return redirect(settings.LOGIN_URL)
        response = self.get_response(request)
        # After the view, which may have logged someone in (a new session key: a new lifetime).
        if (had_session or session.accessed) and request.user.is_authenticated:
            if LOGIN_AT not in session or session.session_key != key_before:
                session[LOGIN_AT] = now
                session[REFRESHED_AT] = now
            elif now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT] = now
        return response
