"""Settings for Måluppfyllelse.

Everything that differs between a laptop and production is read from environment variables
through the small helpers below; the defaults are the embedded ones (SQLite, in-process Celery).
"""

import os
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from tracker.csp import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")


def envbool(name: str, default: str) -> bool:
    """A yes/no setting; anything else stops the start rather than being read as "no"."""
    value = os.getenv(name, default).strip().lower()
    if value not in TRUE + FALSE:
        raise ImproperlyConfigured(f"{name}={value!r}: skriv true eller false / write true or false")
    return value in TRUE


def envint(name: str, default: str) -> int:
    return int(os.getenv(name, default))


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


# Off unless asked for: bin/run (the local demo) sets DEBUG=true; nothing else starts with it on.
DEBUG = envbool("DEBUG", "False")
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789"
SECRET_KEY = os.getenv("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# Set by tracker.production: what only a production start may (not) do, e.g. load_demo.
PRODUCTION = False
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "tracker.admin_site.TrackerAdminConfig",  # django.contrib.admin, its index in work order
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tables2",
    "django_filters",
    "simple_history",
    "goals",
    "reports",
    "public",
    "ninja",  # its Swagger UI from its own static files, not a CDN
    "api",
]

MIDDLEWARE = [
    "tracker.request_id.RequestIdMiddleware",
    "tracker.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tracker.sessions.SessionLifetimeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "goals.context_processors.navigation",
            ],
        },
    },
]

# Django's widgets drawn from their Jinja2 templates (tracker/form_rendering.py says why).
FORM_RENDERER = "tracker.form_rendering.WidgetRenderer"

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Everything a user sees is Swedish, whatever the browser asks for (no LocaleMiddleware).
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Svenska"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Axes first: a locked-out username + address is refused before the password is checked, on
# the app's login and the admin's alike (both pass the request to authenticate()). Single
# sign-on appends its backend below when it is configured.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
# A working day of writing must not be cut short by an expired session.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(12 * 3600))
# The sliding expiry is renewed at most this often (tracker/sessions.py), not written per request.
SESSION_REFRESH_SECONDS = envint("SESSION_REFRESH_SECONDS", "300")
# However active, a login ends this long after it began.
SESSION_ABSOLUTE_SECONDS = envint("SESSION_ABSOLUTE_SECONDS", str(24 * 3600))

STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]


def storages(debug: bool) -> dict:
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": (
                "django.contrib.staticfiles.storage.StaticFilesStorage"
                if debug
                else "whitenoise.storage.CompressedManifestStaticFilesStorage"
            )
        },
    }


# Plain static files here, with or without DEBUG (tests and bin/run need no collectstatic);
# tracker.production uses the hashed, compressed manifest.
STORAGES = storages(True)
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"

# Celery: with no broker configured the tasks run in-process, so the embedded default needs
# nothing but Python. Production sets CELERY_BROKER_URL=redis://… and runs a worker.
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
# One time zone for the app, its logs and the worker's (Celery's default would be UTC).
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_IGNORE_RESULT = True
# A worker process whose peak memory went above this during a task (a large print: about 140 MB
# at rest, plus 1.5–1.6 MB per printed page while printing; see README, Performance) is replaced
# by a fresh one after the task: Celery reads the peak (ru_maxrss), which never goes down, so
# a large print's process does not stay large. In MB; 0 keeps the processes.
WORKER_MAX_MEMORY_MB = envint("WORKER_MAX_MEMORY_MB", "400")
CELERY_WORKER_MAX_MEMORY_PER_CHILD = WORKER_MAX_MEMORY_MB * 1024 or None  # Celery counts KiB
# A print whose worker died is handed to another worker after this many seconds; a short
# timeout also gets the sweep for such prints run as often.
CELERY_VISIBILITY_TIMEOUT = envint("CELERY_VISIBILITY_TIMEOUT", "3600")
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, min(10, CELERY_VISIBILITY_TIMEOUT // 3)),
    "unacked_restore_throttle": 1 if CELERY_VISIBILITY_TIMEOUT < 60 else 10,
}
# Ordering a print while the broker is down answers within seconds ("could not be queued"),
# instead of hanging the page on publish retries.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
# A worker keeps trying to reach the broker after it went away, rather than exit.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None

# The longest a print may take before the sweep hands it on (a worker was lost) or, after
# PRINT_ATTEMPTS tries, fails it with a reason. Larger than the longest render measured (a
# 400-goal chapter takes about a minute; see README, Performance).
PRINT_TIMEOUT = envint("PRINT_TIMEOUT", "900")
PRINT_ATTEMPTS = envint("PRINT_ATTEMPTS", "3")
# Beat's tick: the sweep of left-behind prints and the sign of life /health/ reads.
TICK_SECONDS = envint("TICK_SECONDS", "60")
# The daily reminders and kansliet's digest, at REMINDER_HOUR Swedish time; REMINDER_SECONDS
# (tests) runs them every so many seconds instead: a run sends nothing already sent that day.
REMINDER_HOUR = envint("REMINDER_HOUR", "7")
REMINDER_SECONDS = envint("REMINDER_SECONDS", "0")
CELERY_BEAT_SCHEDULE = {
    "tick": {"task": "reports.tick", "schedule": float(TICK_SECONDS)},
    "reminders": {
        "task": "goals.send_reminders",
        "schedule": float(REMINDER_SECONDS) if REMINDER_SECONDS > 0 else crontab(hour=REMINDER_HOUR, minute=0),
    },
}

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False")
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
# Both bind every subdomain of the site's domain to https (preload: in the browsers' lists, for
# months): only where the whole domain is https.
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "False")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", "False") else None

DJANGO_TABLES2_TEMPLATE = "django_tables2/bootstrap5.html"

# E-mail: SMTP when EMAIL_HOST is set (then errors go to ADMINS and "Glömt lösenord" is offered);
# otherwise mails are written to the log and the password-reset pages are not routed.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "maluppfyllelse@localhost")
# The site's address as users reach it, for the links in mails (no trailing slash needed).
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# "Förnamn Efternamn <it@example.se>, …"
ADMINS = [parseaddr(entry) for entry in envlist("ADMINS", "")]

ERROR_HANDLERS = ["console"] + (["mail_admins"] if EMAIL_HOST and ADMINS else [])
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "tracker.request_id.RequestIdFilter"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
    },
    "formatters": {
        # Times in TIME_ZONE (Django sets the process's time zone from it), the request's id.
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "request_id"],
        },
    },
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
    "loggers": {
        # Errors of requests and of prints reach ADMINS by mail when SMTP is configured.
        "django.request": {"handlers": ERROR_HANDLERS, "propagate": False},
        "reports": {"handlers": ERROR_HANDLERS, "propagate": False},
        # WeasyPrint and fontTools log a line per page and per font at INFO: noise in a worker's log.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Logging in with the organisation's own account (OpenID Connect: Entra ID or another IdP), on
# when a client id is set; local accounts keep working beside it. Roles come from kansliet's
# group mappings (goals.sso). The endpoints are in the IdP's discovery document
# (…/.well-known/openid-configuration); `manage.py oidc_settings URL` prints them as lines for
# the environment file.
OIDC_RP_CLIENT_ID = os.getenv("OIDC_RP_CLIENT_ID", "")
OIDC_ENABLED = bool(OIDC_RP_CLIENT_ID)
OIDC_RP_CLIENT_SECRET = os.getenv("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.getenv("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.getenv("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.getenv("OIDC_OP_USER_ENDPOINT", "")  # optional: the ID token's claims may do
OIDC_OP_JWKS_ENDPOINT = os.getenv("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = os.getenv("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.getenv("OIDC_RP_SCOPES", "openid email profile")
# A claim that never changes for the person (Entra ID: oid), and the one listing the groups.
OIDC_USERNAME_CLAIM = os.getenv("OIDC_USERNAME_CLAIM", "sub")
OIDC_GROUPS_CLAIM = os.getenv("OIDC_GROUPS_CLAIM", "groups")
OIDC_TIMEOUT = envint("OIDC_TIMEOUT", "10")
OIDC_USE_PKCE = True
OIDC_CALLBACK_CLASS = "goals.sso.views.CallbackView"
LOGIN_REDIRECT_URL_FAILURE = "/konto/login/"
if OIDC_ENABLED:
    _needed = ["OIDC_RP_CLIENT_SECRET", "OIDC_OP_AUTHORIZATION_ENDPOINT", "OIDC_OP_TOKEN_ENDPOINT"]
    _needed += ["OIDC_OP_JWKS_ENDPOINT"] if OIDC_RP_SIGN_ALGO.startswith(("RS", "ES")) else []
    if _missing := [name for name in _needed if not globals()[name]]:
        raise ImproperlyConfigured(f"OIDC_RP_CLIENT_ID är satt men inte {', '.join(_missing)} / is set but not these")
    AUTHENTICATION_BACKENDS.append("goals.sso.backend.OrganisationAccountBackend")

# The follow-up value constraint uses NULLS NOT DISTINCT; PostgreSQL enforces it, SQLite (dev
# only) cannot, and the service layer keeps one main value per mätetal either way.
SILENCED_SYSTEM_CHECKS = ["models.W047"]

# --- Security hardening: login throttling, CSP and other headers, database timeouts, files ---
# Everything here is additive: the apps and middleware are appended, so the lists above stay as
# they were.
INSTALLED_APPS += ["axes", "csp"]
MIDDLEWARE += [
    # Innermost: CSP writes its header on every response (also axes' lockout page), and axes
    # turns a locked-out login into its page.
    "csp.middleware.CSPMiddleware",
    "tracker.security.SecurityHeadersMiddleware",
    "axes.middleware.AxesMiddleware",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_LOCKOUT_MINUTES", "15"))
# Keyed on the username and the address together: an attacker guessing one account is stopped
# without locking its owner out from everywhere, or every account out from one address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "tracker.security.client_ip"
# Behind nginx the client's address is the one nginx appended to X-Forwarded-For.
BEHIND_PROXY = SECURE_PROXY_SSL_HEADER is not None
AXES_RESET_ON_SUCCESS = True
# A page in the app's look, in Swedish, also for the admin's login (status 429).
AXES_LOCKOUT_CALLABLE = "tracker.security.lockout_response"
# Every failure is kept as a row (AccessFailureLog) besides axes' WARNING log line. The attempts
# name accounts of every förbund, so they are not shown in the förbund-scoped admin: the IT
# administrator reads and clears them with manage.py axes_list_attempts / axes_reset_username.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The log line names the username and the address (axes masks them by default); a password is
# never logged.
AXES_SENSITIVE_PARAMETERS = []
AXES_ENABLE_ADMIN = False

# Content-Security-Policy: scripts only from our own static files (no inline script, no eval).
# Styles from our static files too; the one inline <style> a page may hold is the one pygal
# writes into each SVG chart (its colours, scoped to that chart's id): it carries the request's
# nonce (templates/goals/_chart.html), so 'unsafe-inline' is not needed and an injected <style>
# or style="" attribute would be refused. The PDF is rendered server-side and is unaffected.
CONTENT_SECURITY_POLICY = content_security_policy(
    sign_on_endpoint=OIDC_OP_AUTHORIZATION_ENDPOINT if OIDC_ENABLED else ""
)
# Browser features the app never uses, switched off for every page (tracker/security.py).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)

# PostgreSQL only (SQLite is left as it is): give up connecting after DB_CONNECT_TIMEOUT seconds
# instead of hanging a request, and cancel any statement running longer than
# DB_STATEMENT_TIMEOUT seconds (0: no limit, should a migration ever need longer). The print
# worker needs no other value: a chapter is loaded in a fixed number of short queries, and the
# rendering, which takes the time, runs outside the database.
DB_CONNECT_TIMEOUT = envint("DB_CONNECT_TIMEOUT", "5")
DB_STATEMENT_TIMEOUT = envint("DB_STATEMENT_TIMEOUT", "30")
# PostgreSQL parses and plans each statement anew unless it is prepared: with server-side binding
# and psycopg's prepared statements a save's round trip costs PostgreSQL about a third of the CPU
# (see README, Performance). Django leaves both off for connection poolers in transaction mode
# (pgbouncer's default), which cannot keep a prepared statement; turn it off behind one.
DB_PREPARED_STATEMENTS = envbool("DB_PREPARED_STATEMENTS", "true")


def postgresql_options(
    options: dict, *, connect_timeout: int, statement_timeout_ms: int, prepared_statements: bool = False
) -> dict:
    """The connection OPTIONS with the two timeouts and, if asked, prepared statements (a
    statement run twice on a connection is prepared); `options` from DATABASE_URL are kept."""
    options = {**options, "connect_timeout": connect_timeout}
    if prepared_statements:
        options.setdefault("server_side_binding", True)
        options.setdefault("prepare_threshold", 2)
    if statement_timeout_ms > 0:
        given = options.get("options", "")
        options["options"] = f"{given} -c statement_timeout={statement_timeout_ms}".strip()
    return options


if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["OPTIONS"] = postgresql_options(
        DATABASES["default"].get("OPTIONS", {}),
        connect_timeout=DB_CONNECT_TIMEOUT,
        statement_timeout_ms=DB_STATEMENT_TIMEOUT * 1000,
        prepared_statements=DB_PREPARED_STATEMENTS,
    )

# Stored PDFs are readable by the app's user and group only (not by other accounts on the
# server); their names carry a random part (reports/services.py), and they are served only
# through the permission-checked download view.
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750
