# The two commands of the README: `make run` and `make test`.
.PHONY: run test setup bench

run:
	bin/setup
	.venv/bin/python manage.py migrate --no-input
	.venv/bin/python manage.py load_demo
	.venv/bin/python manage.py runserver 127.0.0.1:8000

test:
	bin/setup dev
	.venv/bin/python -m pytest $(PYTEST_ARGS)

bench:
	bin/setup
	.venv/bin/python manage.py benchmark_chapter --units 20 --goals 100 --measures 300 --scales 1,2,4
