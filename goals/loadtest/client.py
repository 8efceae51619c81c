"""The virtual users: asyncio with one aiohttp session (its own cookies and connection) per
user, closed loop (the next round trip starts when the last one returned) unless a think time
is given.

aiohttp rather than httpx: the client runs on the same cores as the server, and httpx spent
about 15 ms of CPU per round trip, as much as a sixth of the server's (README, Performance)."""

import asyncio
import random
import re
import statistics
import time
from dataclasses import dataclass, field

import aiohttp
from django.conf import settings

from .data import VirtualUser

VERSION = re.compile(r'name="version" value="(\d*)"')
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
WORDS = "verksamheten har under perioden genomfört insatser enligt plan och följt upp resultatet med kommunerna".split()


@dataclass
class Outcome:
    """What one virtual user saw."""

    user: VirtualUser
    acknowledged: int = 0
    last_text: str = ""
    unanswered_text: str = ""  # sent, no answer (a timeout): the server may or may not hold it


@dataclass
class Phase:
    started: float = 0.0
    window: tuple[float, float] = (0.0, 0.0)
    latencies: list[float] = field(default_factory=list)  # of what finished inside the window
    parts: dict[str, list[float]] = field(default_factory=lambda: {"GET": [], "POST": []})
    errors: dict[str, int] = field(default_factory=dict)
    client_cpu: float = 0.0

    def record(self, started: float, finished: float, **parts: float) -> None:
        # Counted by when it finished: with 100 users a round trip may take longer than a window.
        if self.window[0] <= finished <= self.window[1]:
            self.latencies.append(finished - started)
            for name, seconds in parts.items():
                self.parts[name].append(seconds)

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1

    @property
    def per_second(self) -> float:
        return len(self.latencies) / (self.window[1] - self.window[0])


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def _text(user: VirtualUser, number: int) -> str:
    words = random.choices(WORDS, k=80)
    return f"{user.username} sparning {number}. " + " ".join(words).capitalize() + "."


def _session(base: str, cookies: dict | None = None) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        base_url=base,
        cookies=cookies,
        cookie_jar=aiohttp.CookieJar(unsafe=True),  # keeps the CSRF cookie of a bare IP address
        timeout=aiohttp.ClientTimeout(total=120),
        connector=aiohttp.TCPConnector(limit=1),  # one keep-alive connection, as a browser tab
    )


async def _saver(base: str, outcome: Outcome, phase: Phase, stop: float, think: tuple[float, float]) -> None:
    user = outcome.user
    url = f"/mal/{user.goal_id}/period/{user.period_id}/"
    async with _session(base, {settings.SESSION_COOKIE_NAME: user.session_key}) as client:
        number = 0
        if think[1]:
            await asyncio.sleep(random.uniform(0, think[1]))  # users do not all start at once
        while time.monotonic() < stop:
            number += 1
            started = time.monotonic()
            text = ""
            try:
                async with client.get(url, allow_redirects=False) as page:
                    status, body = page.status, await page.text()
                got = time.monotonic()
                version, csrf = VERSION.search(body), CSRF.search(body)
                if status != 200 or not version or not csrf:
                    phase.error(f"GET {status}")
                    await asyncio.sleep(1)
                    continue
                text = _text(user, number)
                form = {
                    "csrfmiddlewaretoken": csrf.group(1),
                    "version": version.group(1),
                    "status": "on_track",
                    "text": text,
                    f"value_{user.numeric_id}": str(random.randint(50, 150)),
                    f"note_{user.numeric_id}": "",
                    f"reached_{user.milestone_id}": random.choice(["yes", "no"]),
                    f"note_{user.milestone_id}": "",
                    "save": "1",
                }
                async with client.post(url, data=form, allow_redirects=False) as answer:
                    status, location = answer.status, answer.headers.get("location", "")
                    await answer.read()
                finished = time.monotonic()
            except (TimeoutError, aiohttp.ClientError) as error:
                phase.error(type(error).__name__)
                if text:
                    outcome.unanswered_text = text
                continue
            if status == 302 and location.endswith(url):
                outcome.acknowledged += 1
                outcome.last_text, outcome.unanswered_text = text, ""
                phase.record(started, finished, GET=got - started, POST=finished - got)
            else:
                phase.error(f"POST {status}")
            if think[1]:
                await asyncio.sleep(random.uniform(*think))


async def _visitor(base: str, phase: Phase, stop: float) -> None:
    async with _session(base) as client:
        while time.monotonic() < stop:
            started = time.monotonic()
            try:
                async with client.get("/konto/login/") as page:
                    status = page.status
                    await page.read()
            except (TimeoutError, aiohttp.ClientError) as error:
                phase.error(type(error).__name__)
                continue
            if status == 200:
                phase.record(started, time.monotonic())
            else:
                phase.error(f"GET {status}")


async def _run(tasks, phase: Phase, warmup: float, duration: float, meter) -> tuple[float, float]:
    """Run the tasks; the window is [warm-up end, end]; CPU is read over the same window."""
    await asyncio.sleep(warmup)
    await asyncio.to_thread(meter.start)
    client_started = time.process_time()
    await asyncio.sleep(duration)
    phase.client_cpu = time.process_time() - client_started  # this process: the users and the meter
    cpu = await asyncio.to_thread(meter.stop)
    await asyncio.gather(*tasks)
    return cpu


def save_phase(base, users, *, warmup, duration, think, meter):
    phase, outcomes = Phase(), [Outcome(user) for user in users]

    async def main():
        now = time.monotonic()
        phase.window = (now + warmup, now + warmup + duration)
        tasks = [asyncio.create_task(_saver(base, o, phase, phase.window[1], think)) for o in outcomes]
        return await _run(tasks, phase, warmup, duration, meter)

    cpu = asyncio.run(main())
    return phase, outcomes, cpu


def login_phase(base, count, *, warmup, duration, meter):
    phase = Phase()

    async def main():
        now = time.monotonic()
        phase.window = (now + warmup, now + warmup + duration)
        tasks = [asyncio.create_task(_visitor(base, phase, phase.window[1])) for _ in range(count)]
        return await _run(tasks, phase, warmup, duration, meter)

    cpu = asyncio.run(main())
    return phase, cpu
