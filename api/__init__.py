"""The read-only JSON API (django-ninja) and kansliet's API tokens: a separate concern from the
web pages, reading the domain through its own access rule (access.py)."""
