"""Playwright on Debian's Chromium (no browser downloads), with axe-core for WCAG 2.1 A/AA."""

import os
from contextlib import contextmanager
from pathlib import Path

from django.db import connections

from .conftest import require

CHROMIUM = os.getenv("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium_page():
    require(
        Path(CHROMIUM).exists(),
        f"no Chromium at {CHROMIUM}: apt-get install chromium (as .ci/run does) or set CHROMIUM_PATH",
    )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require(False, "playwright is not installed: bin/setup dev installs it")
    # Playwright's sync API runs an event loop in this thread; the live server's ORM calls do not.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900}, accept_downloads=True)
        page = context.new_page()
        page.set_default_timeout(15000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            # ORM calls made while Playwright's loop runs get database connections of their
            # own context; close them, or the test database cannot be dropped at the end.
            connections.close_all()


def axe_violations(page, tags) -> list:
    """axe-core's violations of these rule tags on the page as it is now.

    axe-playwright-python's Axe().run sends its 560 kB axe.min.js into the page before every
    run; a page checked at three widths needs it once (a navigation clears it, so a new page
    gets it again). The run itself is the library's: axe.run with the same options."""
    from axe_playwright_python.sync_playwright import Axe

    if not page.evaluate("() => typeof window.axe === 'object' && typeof window.axe.run === 'function'"):
        page.evaluate(Axe().axe_script)
    options = {"runOnly": {"type": "tag", "values": tags}, "resultTypes": ["violations"]}
    return page.evaluate("options => axe.run(options)", options)["violations"]


def assert_accessible(page, name: str) -> None:
    """Zero axe-core WCAG 2.1 A/AA violations on the page as it is now; saves a screenshot."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    # A full-page screenshot can leave the page scrolled past its end until the next layout,
    # which then jumps it under the mouse; start the next step from the top.
    page.evaluate("window.scrollTo(0, 0)")
    violations = axe_violations(page, WCAG_TAGS)
    details = "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} – {[n['target'] for n in v['nodes']][:5]}" for v in violations
    )
    assert not violations, f"axe found WCAG violations on {name}:\n{details}"


# Phones (320 and 390 CSS px), a 1280 px window at 200 % zoom (640 CSS px) and a desktop; axe
# runs at the three widths the issue names, the zoomed one is checked for overflow.
WIDTHS = (320, 390, 640, 1280)
AXE_WIDTHS = (320, 390, 1280)
# WCAG 2.2's target size (24 × 24 px) on top of 2.1 A/AA: tapped with a finger on a phone.
REFLOW_RULES = WCAG_TAGS + ["wcag22aa"]

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const offenders = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.getBoundingClientRect().right <= width + 1) continue;
    let parent = el.parentElement, scrolls = false;
    while (parent) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(parent).overflowX)) { scrolls = true; break; }
      parent = parent.parentElement;
    }
    if (!scrolls) offenders.push(el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, offenders: offenders.slice(0, 8)};
}"""


def assert_fits(page, name: str) -> None:
    """At the current width the document is no wider than the viewport."""
    fit = page.evaluate(OVERFLOW)
    assert fit["scrollWidth"] <= fit["width"], (
        f"{name} scrolls sideways at {fit['width']} px: {fit['scrollWidth']} px wide; {fit['offenders']}"
    )


def assert_reflows(page, name: str) -> None:
    """WCAG 1.4.10 Reflow, which axe does not test: at every width the document is no wider than
    the viewport (a wide table may scroll inside its own region), and axe finds nothing there
    either, touch targets included. Leaves the page at 1280 px."""
    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        fit = page.evaluate(OVERFLOW)
        if fit["scrollWidth"] > fit["width"]:
            problems.append(f"{width} px: the document is {fit['scrollWidth']} px wide; {fit['offenders']}")
        if width == 390:
            page.screenshot(path=str(ARTIFACTS / f"{name}-390.png"), full_page=True)
        page.evaluate("window.scrollTo(0, 0)")
        if width not in AXE_WIDTHS:
            continue
        problems += [
            f"{width} px: {v['id']}: {v['help']} – {[n['target'] for n in v['nodes']][:5]}"
            for v in axe_violations(page, REFLOW_RULES)
        ]
    page.set_viewport_size({"width": 1280, "height": 900})
    assert not problems, f"{name} does not reflow:\n" + "\n".join(problems)


def log_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/konto/login/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def log_out(page) -> None:
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()
