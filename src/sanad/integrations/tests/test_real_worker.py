"""A real Celery worker against Redis (not eager), killed with SIGKILL in the middle of a delivery and
started again: every submission reaches the simulated Royal Oman Police exactly once (one file per
case, duplicate count 0) and every decision comes back once.

Everything runs as separate processes on a fresh SQLite file, as in production: the web server (which
also serves the simulated institution), the worker, and a script that opens and submits the cases."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

CASES = 5
REDIS = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/1"


def _redis_reachable() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
        return True
    except Exception:
        return False


pytestmark = [
    pytest.mark.skipif(
        not _redis_reachable(), reason=f"needs a Redis server at {REDIS} (the real worker's broker)"
    ),
    pytest.mark.xdist_group("real-worker"),
]

SETUP = """
import django, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
django.setup()
from django.conf import settings
from sanad.catalogue.models import Institution
from sanad.demo.institutions.models import SimulatedInstitution
from sanad.integrations.models import Connector
from sanad.integrations.tests.factories import case_ready, submit
from sanad.cases.tests.factories import licensed_centre, staff

rop = Institution.objects.get(code="ROP")
Connector.objects.create(institution=rop, kind="webhook", secrets=[settings.SANAD_DEMO_INSTITUTION_SECRET],
    endpoint_url=settings.SANAD_PUBLIC_URL + "/demo/institutions/ROP/", timeout_seconds=20)
SimulatedInstitution.objects.create(code="ROP", mode="slow", decision="approve", delay_seconds=1)
centre = licensed_centre()
clerk = staff(centre)
for _ in range(int(sys.argv[1])):
    case, _clerk = case_ready(centre, clerk)
    submit(case, clerk)   # the delivery task goes to Redis; no worker runs yet
print("ready")
"""

SWEEP = """
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
django.setup()
from sanad.outbox.tasks import outbox_sweep
outbox_sweep.delay()
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _query(db: Path, sql: str, *params):
    with sqlite3.connect(db, timeout=20) as conn:
        return conn.execute(sql, params).fetchall()


def _wait(predicate, *, seconds: float, what: str, explain=lambda: ""):
    # Generous: the worker shares the machine with the rest of the suite. Not a timed assertion.
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"gave up waiting for {what}\n{explain()}")


def test_a_worker_killed_mid_delivery_delivers_every_submission_exactly_once_after_a_restart(tmp_path):
    db = tmp_path / "sanad.sqlite3"
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        "SANAD_ENV": "development",
        "SANAD_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{db}",
        "REDIS_URL": REDIS,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_TASK_DEFAULT_QUEUE": f"test-{uuid.uuid4().hex[:10]}",  # this run's own queue
        "OUTBOX_CLAIM_SECONDS": "5",  # a dead worker's claim expires quickly
        "SANAD_DEMO_INSTITUTION_SLOW_SECONDS": "2",  # every delivery takes two seconds to answer
        "PORT": str(port),
    }
    sanad = [sys.executable, "-m", "sanad.cli"]
    subprocess.run([*sanad, "migrate", "--no-input"], env=env, check=True, capture_output=True, timeout=600)
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [*sanad, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    worker_cmd = [sys.executable, "-m", "celery", "--app", "sanad", "worker", "--pool", "solo", "--loglevel", "WARNING",
                  "-Q", env["CELERY_TASK_DEFAULT_QUEUE"], "--without-gossip", "--without-mingle"]  # fmt: skip
    workers = []
    try:
        _wait(lambda: _port_open(port), seconds=60, what="the web server")
        (tmp_path / "setup.py").write_text(SETUP)
        made = subprocess.run(
            [sys.executable, str(tmp_path / "setup.py"), str(CASES)],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert made.returncode == 0, made.stderr

        first = subprocess.Popen(
            worker_cmd, env=env, stdout=(tmp_path / "worker1.log").open("w"), stderr=subprocess.STDOUT
        )
        workers.append(first)
        # The second submission is in flight (the institution takes two seconds to answer): kill now.
        _wait(
            lambda: (
                _query(db, "select count(*) from integrations_submission where state='delivering'")[0][0] == 1
                and _query(db, "select count(*) from integrations_submission where state='delivered'")[0][0]
                >= 1
            ),
            seconds=300,
            what="a delivery in flight",
        )
        killed = _query(db, "select id from integrations_submission where state='delivering'")[0][0]
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        time.sleep(3)  # the institution files what it received; the answer goes nowhere
        assert (
            _query(db, "select state from integrations_submission where id=?", killed)[0][0] == "delivering"
        )

        second = subprocess.Popen(
            worker_cmd, env=env, stdout=(tmp_path / "worker2.log").open("w"), stderr=subprocess.STDOUT
        )
        workers.append(second)
        time.sleep(6)  # the dead worker's claim expires
        (tmp_path / "sweep.py").write_text(SWEEP)
        subprocess.run(
            [sys.executable, str(tmp_path / "sweep.py")],
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )
        _wait(
            lambda: (
                _query(db, "select count(*) from integrations_submission where state='delivered'")[0][0]
                == CASES
                and _query(db, "select count(*) from cases_case where state='completed'")[0][0] == CASES
            ),
            seconds=600,
            what="every submission delivered and decided",
            explain=lambda: _explain(db, tmp_path),
        )
    finally:
        for process in (*workers, server):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()

    received = _query(
        db,
        "select reference, submission_number, deliveries, decided from demo_institutions_receivedsubmission",
    )
    assert len(received) == CASES  # one file per case
    assert len({r[0] for r in received}) == CASES
    assert all(decided for *_, decided in received)
    assert (
        _query(db, "select duplicates from demo_institutions_simulatedinstitution where code='ROP'")[0][0]
        == 0
    )
    # The killed attempt is sent again with the same key: the institution may see it twice (if the
    # first request had reached it before the kill) but files it once.
    killed_reference = _query(
        db,
        "select c.reference from integrations_submission s join cases_case c on c.id=s.case_id where s.id=?",
        killed,
    )[0][0]
    assert next(r[2] for r in received if r[0] == killed_reference) in (1, 2)
    # Each case was completed once, by the institution.
    completions = _query(
        db, "select case_id, count(*) from cases_caseevent where action='complete' group by case_id"
    )
    assert len(completions) == CASES and all(n == 1 for _, n in completions)


def _explain(db: Path, folder: Path) -> str:
    states = _query(db, "select id, state, attempts, last_error from integrations_submission")
    cases = _query(db, "select reference, state from cases_case")
    outbox = _query(
        db, "select kind, status, attempts, last_error from outbox_outboxmessage where status != 'delivered'"
    )
    logs = "".join(
        (folder / name).read_text()[-3000:]
        for name in ("worker2.log", "server.log")
        if (folder / name).exists()
    )
    return f"submissions={states}\ncases={cases}\noutbox={outbox}\n{logs}"


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0
