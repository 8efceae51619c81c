"""`manage.py loadtest`: the deadline day measured against a real gunicorn and PostgreSQL.

data.py makes (and removes) a throw-away organisation with N enhetschefer, server.py starts and
stops gunicorn and reads its CPU time, client.py runs the virtual users, and the command in
goals/management/commands/loadtest.py puts them together and prints the figures.
"""
