# Shortcuts for the README's commands (bin/run, bin/test), and the benchmark.
.PHONY: run test bench

run:
	bin/run

test:
	bin/test $(PYTEST_ARGS)

bench:
	bin/setup
	.venv/bin/python manage.py benchmark_chapter --real 5 --units 20 --goals 100 --measures 300 --scales 1,2,4
