"""Settings for Måluppfyllelse.

Everything that differs between a laptop and production is read from environment variables
through the small helpers below; the defaults are the embedded ones (SQLite, in-process Celery).
"""

import os
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

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


DEBUG = envbool("DEBUG", "True")
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


STORAGES = storages(DEBUG)
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

# The follow-up value constraint uses NULLS NOT DISTINCT; PostgreSQL enforces it, SQLite (dev
# only) cannot, and the service layer keeps one main value per mätetal either way.
SILENCED_SYSTEM_CHECKS = ["models.W047"]
