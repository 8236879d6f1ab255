"""`make run` serves the Procfile's web command (gunicorn) with DEBUG off in a development
environment: on a fresh database it answers on the local hosts, serves static files itself and shows
the product's own error pages. Real processes on a fresh SQLite database in a temporary directory."""

import os
import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from sanad.core.testing.s3 import free_port

ROOT = Path(__file__).resolve().parents[4]


def environment(tmp_path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "SANAD_ENV", "ALLOWED_HOSTS"}
        and not key.startswith("DJANGO")
    }
    env.update({"SANAD_VAR_DIR": str(tmp_path), "DEBUG": "0"})
    return env


def fetch(url: str, host: str | None = None):
    request = urllib.request.Request(url, headers={"Host": host} if host else {})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback)
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def test_development_settings_with_debug_off_allow_the_local_hosts_and_keep_the_demo(tmp_path):
    script = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.DEBUG, s.PRODUCTION, ','.join(s.ALLOWED_HOSTS))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**environment(tmp_path), "DJANGO_SETTINGS_MODULE": "sanad.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    debug, production, hosts = result.stdout.split()
    assert (debug, production) == ("False", "False")
    assert {"127.0.0.1", "localhost"} <= set(hosts.split(","))


def test_the_procfile_web_process_serves_pages_static_files_and_the_product_error_pages(tmp_path):
    env = environment(tmp_path)
    bin_dir = Path(sys.executable).parent
    migrated = subprocess.run(
        [str(bin_dir / "sanad"), "migrate", "--no-input"], env=env, capture_output=True, timeout=600
    )
    assert migrated.returncode == 0, migrated.stderr

    web = re.search(r"^web: (.+)$", (ROOT / "Procfile").read_text(), re.MULTILINE).group(1)
    assert "gunicorn" in web
    port = free_port()
    command = web.replace("$PORT", str(port)).replace(".venv/bin/", f"{bin_dir}/").split()
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                status, _kind, _body = fetch(base + "/healthz")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        assert fetch(base + "/healthz")[0] == 200

        status, kind, body = fetch(base + "/")
        assert status == 200 and "text/html" in kind

        status, kind, body = fetch(base + "/static/sanad/sanad.css")
        assert status == 200 and "text/css" in kind and body

        status, kind, body = fetch(base + "/no-such-page/")
        assert status == 404
        page = body.decode()
        assert "سند" in page and 'dir="rtl"' in page  # our own page, in Arabic
        assert "Page not found at" not in page and "URLconf" not in page  # not Django's debug page

        assert fetch(base + "/", host="sanad.example.om")[0] == 400  # unknown hosts are refused
    finally:
        server.terminate()
        server.wait(timeout=30)
