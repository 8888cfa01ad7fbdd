"""The browser suite's real parts: our bot (`python app.py`, as `make run` starts it), the Microsoft
365 Agents Playground (npm, pinned in e2e/package.json) as Teams' client and Bot Connector, and
Debian's headless Chromium driven by Playwright.

Nothing here skips: if Chromium or the Playground is missing the suite fails and says how to get
them (`make test` installs both). A failed test leaves a screenshot in tests/e2e/screenshots/.
"""

import os
import re
import sys
from pathlib import Path

import pytest

from tests.processes import Process, answers, free_port

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
PLAYGROUND = ROOT / "e2e" / "node_modules" / ".bin" / "agentsplayground"
SCREENSHOTS = Path(__file__).parent / "screenshots"
BROWSER_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TODAY = "2010-07-19"        # the bot's clock: Monday 19 July 2010, 10:00, with deadlines due soon
NUDGE_EVERY_SECONDS = "1"   # the app's own nudge scheduler scans every second


@pytest.fixture(scope="module")      # stopped once a module's tests are done
def bot(tmp_path_factory):
    """Our bot as `make run` starts it, on a fresh TinyDB file, with no Microsoft app id (local mode)."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MicrosoftApp") and k != "BOT_ADMINS"}
    env.update(PORT=str(port), HOST="127.0.0.1", BOT_DB=str(tmp_path_factory.mktemp("bot") / "bot.json"),
               BOT_TODAY=TODAY, BOT_RATE_LIMIT="0", NUDGE_EVERY_SECONDS=NUDGE_EVERY_SECONDS, PYTHONUNBUFFERED="1",
               BOT_PUBLIC_URL=f"http://127.0.0.1:{port}")      # map cards' images, fetched by the browser
    process = Process("bot", [sys.executable, "app.py"], env, ROOT)
    try:
        process.wait_until(lambda: answers(f"http://127.0.0.1:{port}/healthz"), "answering /healthz")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.stop()


@pytest.fixture(scope="module")      # stopped once a module's tests are done
def playground(bot):
    """The Agents Playground talking to our /api/messages as channel msteams; yields its page's URL."""
    if not PLAYGROUND.exists():
        pytest.fail(f"The Agents Playground is not installed ({PLAYGROUND} is missing). "
                    "Run `make test`, or `cd e2e && npm ci`.")
    port = free_port()
    env = {**os.environ, "TEAMSAPPTESTER_BROWSER": "none"}    # else it opens a desktop browser and exits
    process = Process("Agents Playground", [str(PLAYGROUND), "-e", f"{bot}/api/messages", "-c", "msteams",
                                            "-p", str(port), "--disable-telemetry"], env, ROOT / "e2e")
    try:
        def listening():
            # It falls back to another port if ours was taken in the meantime: read which.
            found = [re.search(r"Listening on (\d+)", line) for line in process.lines]
            return next((m.group(1) for m in found if m), None)
        actual = process.wait_until(listening, "listening")
        url = f"http://localhost:{actual}"
        process.wait_until(lambda: answers(url), "serving its page")
        yield url
    finally:
        process.stop()


@pytest.fixture(scope="module")
def browser():
    """Chromium through Playwright's sync API, for one test module at a time: while it is open the
    sync API keeps an asyncio loop running in this thread, which the rest of the suite's async
    tests (pytest-asyncio) cannot share, so it must be closed before they run."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"No browser at {CHROMIUM}: the end-to-end suite needs Debian's chromium "
                    "(`apt-get install -y chromium`; `make test` does this).")
    from playwright.sync_api import expect, sync_playwright
    # Every wait is for the page's own state (a bubble, a card, a button); the timeout only guards a hang,
    # set well above what a turn through the Playground's Bot Connector takes on a loaded 2-core machine.
    expect.set_options(timeout=120_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture
def page(browser, playground, request):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(120_000)
    page.goto(playground)
    yield page
    report = getattr(request.node, "report_call", None)
    if report is None or report.failed:
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{request.node.name}.png"
        page.screenshot(path=str(path), full_page=True)
        print(f"screenshot of the failure: {path}")
    context.close()
