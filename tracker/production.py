"""Production settings: everything from the environment, or a refusal to start.

The systemd units set DJANGO_SETTINGS_MODULE=tracker.production themselves, so a wrong or
missing environment file stops the web process, the worker and beat with a one-line reason,
instead of running on an empty SQLite file in the checkout with DEBUG on.
"""

import os
import sys

from .settings import *  # noqa: F403 - the shared settings, made strict below
from .settings import DATABASES, DEVELOPMENT_SECRET_KEY, SECRET_KEY, envbool, storages

PRODUCTION = True
DEBUG = envbool("DEBUG", "false")
STORAGES = storages(DEBUG)
# Printing never runs inside a web worker: a 400-page chapter would hold a web process for
# minutes. Without a broker the start is refused below.
CELERY_TASK_ALWAYS_EAGER = False

problems = []
if DEBUG:
    problems.append("DEBUG är på (sätt DEBUG=false) / DEBUG is on")
if not os.getenv("DATABASE_URL") or DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    problems.append("DATABASE_URL saknas eller är SQLite (ange PostgreSQL) / DATABASE_URL missing or SQLite")
if not os.getenv("CELERY_BROKER_URL"):
    problems.append("CELERY_BROKER_URL saknas (ange Redis) / no broker")
if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
    problems.append(
        "SECRET_KEY saknas, är utvecklingsnyckeln eller kortare än 50 tecken / missing or development SECRET_KEY"
    )
if problems:
    # One line on stderr and exit status 1, before any process forks: the journal shows the reason,
    # not a traceback (gunicorn loads the app in its master with --preload, see deploy/systemd).
    sys.exit("Startar inte i produktionsläge / refusing to start in production: " + "; ".join(problems))
