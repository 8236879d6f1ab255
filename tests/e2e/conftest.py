"""Browser tests: a real Sanad server (migrated, demo data loaded) driven by Debian's Chromium.

The server runs in its own process on its own database (a fresh SQLite file, or a fresh
PostgreSQL database next to the one DATABASE_URL names), exactly as `make run` runs it.
Screenshots go to test-results/e2e/<test name>/.
"""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "test-results" / "e2e"

pytestmark = pytest.mark.e2e


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            # One server for all browser tests: with pytest-xdist they share one worker.
            item.add_marker(pytest.mark.xdist_group("e2e"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _e2e_database_url(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return f"sqlite:///{tmp / 'sanad-e2e.sqlite3'}"
    import psycopg

    base, _, name = url.rpartition("/")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    e2e_name = re.sub(r"\W", "", name.split("?")[0]) + f"_e2e_{worker}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{e2e_name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{e2e_name}"')
    return f"{base}/{e2e_name}"


def _answers(url: str, process, tries: int = 1200) -> bool:
    """Wait for the server to answer (generous: on a loaded machine its system checks alone can take
    minutes); False if it stopped or never answered."""
    for _ in range(tries):
        try:
            urllib.request.urlopen(url, timeout=1)  # noqa: S310 (our own local server)
            return True
        except OSError:
            if process.poll() is not None:
                return False
            time.sleep(0.5)
    return False


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    if os.environ.get("SANAD_E2E_URL"):
        # A server already running on a migrated, seeded database (its var directory, with the SMS
        # log, in SANAD_E2E_VAR_DIR): saves the migrate and seed steps when iterating on a test.
        yield os.environ["SANAD_E2E_URL"].rstrip("/")
        return
    tmp = tmp_path_factory.mktemp("e2e-server")
    # SANAD_E2E_PORT pins the server's port (a machine shared with other servers); else any free one.
    port = int(os.environ.get("SANAD_E2E_PORT") or 0) or _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "REDIS_URL"}},
        "SANAD_VAR_DIR": str(tmp),
        "DATABASE_URL": _e2e_database_url(tmp),
        "SANAD_ENV": "development",
        "CELERY_TASK_ALWAYS_EAGER": "1",
        "PORT": str(port),
    }
    sanad = [sys.executable, "-m", "sanad.cli"]
    for command in (["migrate", "--no-input"], ["seed_demo", "--no-progress"]):
        subprocess.run([*sanad, *command], env=env, check=True, capture_output=True, timeout=900)
    log = (tmp / "server.log").open("w")
    process = subprocess.Popen(
        [*sanad, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    if not _answers(f"{base_url}/healthz", process):
        process.kill()
        raise RuntimeError("the Sanad server did not start: " + (tmp / "server.log").read_text())
    yield base_url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"browser tests need Debian's Chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server, request):
    context = browser.new_context(base_url=server, locale="ar-OM", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30000)  # generous: CI runs the browser beside other test workers
    yield page
    context.close()


@pytest.fixture
def shots(request):
    """shots('name') saves a full-page screenshot of the page under test-results/e2e/<test>/."""
    folder = RESULTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# The demo accounts' authenticator key (sanad.demo.twofactor; documented in README).
DEMO_TOTP_SECRET = "SANADDEMOTWOFACTORSECRETKEYOMAN2"
_last_step: dict[str, int] = {}


def demo_otp(username: str) -> str:
    """A code of the demo key that the server has not seen yet for this account (each 30-second
    code is accepted once; the server allows the next step too, so two sign-ins fit in one step,
    and a third waits for the clock)."""
    import base64
    import hashlib
    import hmac
    import struct

    now = int(time.time()) // 30
    step = max(now, _last_step.get(username, -1) + 1)
    while step > now + 1:
        time.sleep(1)
        now = int(time.time()) // 30
    _last_step[username] = step
    digest = hmac.new(base64.b32decode(DEMO_TOTP_SECRET), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def login(page, username: str, password: str = "sanad-demo") -> None:
    page.goto("/login/")
    page.get_by_label(re.compile("اسم المستخدم|Username")).fill(username)
    page.get_by_label(re.compile("كلمة المرور|Password")).fill(password)
    # Wait for the answer to the sign-in (a redirect, or the form again with an error), so that the
    # next page is asked for with the session cookie.
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("تسجيل الدخول|Sign in")).last.click()
    if "/login/verify/" in page.url:
        # Regulator, officers and the administrator: the second step, a code from the app.
        page.get_by_label(re.compile("الرمز|Code")).fill(demo_otp(username))
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("تحقق|Verify")).click()


def sign_out(page) -> None:
    page.get_by_test_id("signed-in-as").click()
    page.get_by_test_id("sign-out").click()
