"""Start and stop the test IdP: a second Django process on a free port of 127.0.0.1."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
START_SECONDS = 30


class ProviderUnavailable(Exception):
    pass


@dataclass
class Provider:
    url: str
    env: dict

    @property
    def discovery_url(self) -> str:
        return f"{self.url}/openid/.well-known/openid-configuration"

    def manage(self, *args: str) -> None:
        """Run a cli.py command against the IdP's database (its own process, as the IdP is)."""
        subprocess.run(
            [sys.executable, "-m", "tests.oidc_provider.cli", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=60,
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _django(env, *args, timeout=120):
    result = subprocess.run(
        [sys.executable, "-m", "django", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode:
        raise ProviderUnavailable(f"the test IdP's `{' '.join(args)}` failed:\n{result.stderr[-2000:]}")


@contextmanager
def running_provider(directory: Path):
    """The IdP, migrated, with a signing key, serving until the block ends; ProviderUnavailable
    (with the reason) when it cannot be set up or does not answer."""
    try:
        import oidc_provider  # noqa: F401
    except ImportError as error:
        raise ProviderUnavailable(f"django-oidc-provider is not installed ({error}): bin/setup dev installs it")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
        "OIDC_PROVIDER_DB": str(directory / "idp.sqlite3"),
        "OIDC_PROVIDER_URL": url,
        "PYTHONPATH": str(ROOT),
    }
    _django(env, "migrate", "--verbosity", "0")
    _django(env, "creatersakey")
    log = open(directory / "idp.log", "w+")
    server = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        provider = Provider(url=url, env=env)
        deadline = time.monotonic() + START_SECONDS
        while True:
            if server.poll() is not None:
                log.seek(0)
                raise ProviderUnavailable(f"the test IdP exited with {server.returncode}:\n{log.read()[-2000:]}")
            try:
                with urllib.request.urlopen(provider.discovery_url, timeout=2) as response:
                    json.load(response)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise ProviderUnavailable(f"the test IdP did not answer on {url} within {START_SECONDS} s")
                time.sleep(0.2)
        yield provider
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
