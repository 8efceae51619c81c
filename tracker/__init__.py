from .celery import app as celery_app

# The release, as in CHANGELOG.md; bin/backup writes it into every backup's MANIFEST.
__version__ = "1.4.0"

__all__ = ("celery_app", "__version__")
