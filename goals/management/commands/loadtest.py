"""The deadline day as a benchmark: N enhetschefer saving drafts against gunicorn and PostgreSQL,
and the login page under the same client as the framework's ceiling. See README, Performance."""

import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ...loadtest import client, data
from ...loadtest.server import CpuMeter, Gunicorn


def think_time(value: str) -> tuple[float, float]:
    low, _, high = value.partition("-")
    return float(low), float(high or low)


class Command(BaseCommand):
    help = "Lasttest: N enhetschefer sparar utkast samtidigt mot gunicorn och PostgreSQL."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=100)
        parser.add_argument("--duration", type=float, default=30, help="seconds measured per phase")
        parser.add_argument("--warmup", type=float, default=5, help="seconds before measuring")
        parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
        parser.add_argument("--think", type=think_time, default=(0.0, 0.0), help="e.g. 10-30: seconds between saves")
        parser.add_argument(
            "--conn-max-age",
            type=int,
            default=int(os.getenv("DB_CONN_MAX_AGE", "60")),
            help="the workers' DB_CONN_MAX_AGE (default: the environment's, else 60 as in deploy/)",
        )
        parser.add_argument("--skip-login-page", action="store_true")
        parser.add_argument(
            "--app-dir", default="", help="serve another checkout of the app (same database), e.g. the last release"
        )

    def handle(self, *args, **options):
        if connection.vendor != "postgresql":
            raise CommandError(
                "loadtest mäter mot PostgreSQL, inte %s: sätt DATABASE_URL=postgres://… "
                "(SQLite låser hela databasen vid varje skrivning och säger inget om driften)." % connection.vendor
            )
        users, duration, warmup = options["users"], options["duration"], options["warmup"]
        server = Gunicorn(workers=options["workers"], conn_max_age=options["conn_max_age"], app_dir=options["app_dir"])
        installation = data.create(users)
        self.stdout.write(
            f"{users} enhetschefer in {installation.users[0].username.rsplit('-chef-', 1)[0]}; gunicorn "
            f"{options['workers']} sync workers on {server.url}, DB_CONN_MAX_AGE={options['conn_max_age']}, "
            f"app {server.app_dir}"
        )
        try:
            server.start()
            meter = CpuMeter(server)
            saves, outcomes, save_cpu = client.save_phase(
                server.url, installation.users, warmup=warmup, duration=duration, think=options["think"], meter=meter
            )
            login = login_cpu = None
            if not options["skip_login_page"]:
                login, login_cpu = client.login_phase(server.url, users, warmup=warmup, duration=duration, meter=meter)
            stored = data.stored_texts(installation)
        finally:
            server.stop()
            data.remove(installation)
        self.report(saves, outcomes, save_cpu, login, login_cpu, stored, options)

    def report(self, saves, outcomes, save_cpu, login, login_cpu, stored, options):
        write = self.stdout.write
        ms = lambda seconds: f"{seconds * 1000:.0f} ms"  # noqa: E731
        lost = unanswered_but_stored = wrong_version = 0
        for outcome in outcomes:
            text, version = stored.get(outcome.user.goal_id, ("", 0))
            if outcome.unanswered_text and text == outcome.unanswered_text:
                unanswered_but_stored += 1
            elif text != outcome.last_text:
                lost += 1
            elif version != outcome.acknowledged:
                wrong_version += 1
        think = options["think"]
        write(f"save round trips (GET the form, POST a draft), think time {think[0]:g}–{think[1]:g} s:")
        write(f"  saves/s            {saves.per_second:.1f}  ({len(saves.latencies)} in {options['duration']:g} s)")
        write(
            f"  round trip         p50 {ms(client.percentile(saves.latencies, 0.50))}"
            f"  p95 {ms(client.percentile(saves.latencies, 0.95))}"
            f"  p99 {ms(client.percentile(saves.latencies, 0.99))}"
        )
        for part in ("GET", "POST"):
            values = saves.parts[part]
            write(f"  {part:<18} p50 {ms(client.percentile(values, 0.5))}  p95 {ms(client.percentile(values, 0.95))}")
        write(f"  errors             {sum(saves.errors.values())} {saves.errors or ''}")
        write(f"  lost updates       {lost} (the database holds each user's last acknowledged text)")
        write(f"  version mismatches {wrong_version}; unanswered but stored {unanswered_but_stored}")
        count = len(saves.latencies) or 1
        write(
            f"  server CPU / round trip  {ms(sum(save_cpu) / count)} (gunicorn {ms(save_cpu[0] / count)}, "
            f"PostgreSQL {ms(save_cpu[1] / count)}); the load client {ms(saves.client_cpu / count)}"
        )
        if login is not None:
            per_request = sum(login_cpu) / (len(login.latencies) or 1)
            write("login page (GET, anonymous), same client and users:")
            write(f"  requests/s         {login.per_second:.1f}")
            write(
                f"  latency            p50 {ms(client.percentile(login.latencies, 0.5))}"
                f"  p95 {ms(client.percentile(login.latencies, 0.95))}"
            )
            write(f"  errors             {sum(login.errors.values())} {login.errors or ''}")
            write(
                f"  server CPU / request     {ms(per_request)}; the load client "
                f"{ms(login.client_cpu / (len(login.latencies) or 1))}"
            )
            if saves.per_second:
                write(
                    f"ratio: a save round trip costs {login.per_second / saves.per_second:.1f}× a login page "
                    f"(throughput); {sum(save_cpu) / count / per_request if per_request else float('nan'):.1f}× "
                    "in server CPU"
                )
        if lost or wrong_version:
            raise CommandError(f"{lost} lost updates, {wrong_version} version mismatches")
