"""bin/backup and bin/restore round trip: a database with a fastställd print is backed up,
dropped and restored, and every row and the PDF's bytes are found unchanged.

Runs against a database of its own beside the test database (PostgreSQL, as .ci/run provides),
with the commands an operator types, in processes of their own.
"""

import hashlib
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

import tracker

from .conftest import require

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.services

MAKE_FASTSTÄLLD_PRINT = """
from django.contrib.auth import get_user_model
from goals.models import Organisation, Period
from reports import services
organisation = Organisation.objects.get(slug="borasregionen")
period = Period.objects.get(plan_year__organisation=organisation, plan_year__year=2023, kind="annual")
user = get_user_model().objects.get(username="kansli")
chapter_print = services.request_print(
    organisation=organisation, plan_year=period.plan_year, period=period, layout="enhet",
    chapter_number=4, chapter_title="Måluppfyllelse", organisation_name="Boråsregionen", user=user,
)
chapter_print.refresh_from_db()
assert chapter_print.state == "done", chapter_print.error
services.finalise_print(chapter_print=chapter_print, user=user, reference="Direktionen 2024-03-15 § 12")
print(chapter_print.file.path)
"""


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Every table of the database: its row count and a digest of all its rows."""
    import psycopg

    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        result = {}
        for table in sorted(tables):
            count, digest = conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
            result[table] = (count, digest)
        return result


def admin(sql: str) -> None:
    import psycopg

    db = connection.settings_dict
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], password=db["PASSWORD"], dbname="postgres", autocommit=True
    ) as conn:
        conn.execute(sql)


def test_a_backup_restores_every_row_and_the_fastställd_pdf_byte_for_byte(tmp_path):
    require(
        connection.vendor == "postgresql" and bool(os.getenv("DATABASE_URL")),
        "the backup test needs PostgreSQL: set DATABASE_URL=postgres://… (as .ci/run does)",
    )
    db = connection.settings_dict
    name = f"maluppfyllelse_backup_{secrets.token_hex(4)}"
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{name}"
    media = tmp_path / "media"
    env_file = tmp_path / "maluppfyllelse.env"
    env_file.write_text(f"DATABASE_URL={url}\nMEDIA_ROOT={media}\nSECRET_KEY={secrets.token_urlsafe(50)}\n")
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "DATABASE_URL": url, "MEDIA_ROOT": str(media)}

    def run(*command, **extra):
        result = subprocess.run(command, cwd=ROOT, env={**env, **extra}, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout.strip()

    admin(f'CREATE DATABASE "{name}"')
    try:
        run(sys.executable, "manage.py", "migrate", "--no-input", "-v", "0")
        run(sys.executable, "manage.py", "load_demo")
        pdf = Path(run(sys.executable, "manage.py", "shell", "-v", "0", "-c", MAKE_FASTSTÄLLD_PRINT))
        pdf_bytes = pdf.read_bytes()
        assert pdf_bytes.startswith(b"%PDF")
        before = fingerprint(url)
        assert before["reports_chapterprint"][0] == 1 and before["goals_followup"][0] > 50

        backup = Path(run("bin/backup", "--env", str(env_file), str(tmp_path / "backups")))
        assert sorted(p.name for p in backup.iterdir()) == [
            "MANIFEST",
            "SHA256SUMS",
            "database.dump",
            "environment",
            "media.tar",
        ]
        assert oct(backup.joinpath("environment").stat().st_mode)[-3:] == "600"
        assert f"version: {tracker.__version__}" in backup.joinpath("MANIFEST").read_text()

        # Disaster: the database and the files are gone.
        admin(f'DROP DATABASE "{name}" WITH (FORCE)')
        subprocess.run(["rm", "-rf", str(media)], check=True)
        admin(f'CREATE DATABASE "{name}"')

        run("bin/restore", "--env", str(env_file), str(backup))
        assert fingerprint(url) == before
        assert pdf.read_bytes() == pdf_bytes
        # The app itself finds the print fastställd with its file.
        check = run(
            sys.executable,
            "manage.py",
            "shell",
            "-v",
            "0",
            "-c",
            "from reports.models import ChapterPrint; p = ChapterPrint.objects.get(); "
            "import hashlib; print(p.is_final, p.final_reference, hashlib.sha256(p.file.read()).hexdigest())",
        )
        assert check == f"True Direktionen 2024-03-15 § 12 {hashlib.sha256(pdf_bytes).hexdigest()}"

        # A second restore onto the restored installation is refused without --replace.
        refused = subprocess.run(
            ["bin/restore", "--env", str(env_file), str(backup)], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert refused.returncode == 1 and "give --replace" in refused.stderr
        # A damaged backup is refused before anything is touched.
        with backup.joinpath("media.tar").open("ab") as damaged:
            damaged.write(b"x")
        refused = subprocess.run(
            ["bin/restore", "--env", str(env_file), "--replace", str(backup)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert refused.returncode == 1 and "checksums do not match" in refused.stderr
        assert fingerprint(url) == before
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
