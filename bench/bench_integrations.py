"""Delivery to an institution: how long one signed submission takes to hand over, and how fast a
queue of submissions drains after an outage.

    .venv/bin/python bench/bench_integrations.py [--latency 200] [--queued 1000]

Runs on its own throw-away SQLite database (a temporary SANAD_VAR_DIR, migrated) against a small
institution system on a loopback port that checks each Standard Webhooks signature and answers 202
with its reference. Both parts run the worker's real code (the outbox handler, signing, the message
log, the circuit breaker) in this one process:

- latency: N submissions delivered one by one with the institution up (time per delivery);
- drain: the institution is down with M submissions queued; it comes back, the probe succeeds and the
  queue is sent in order by one worker (total time, submissions per second).

Figures go to docs/PERFORMANCE.md."""

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECRET = "whsec_YmVuY2gtc2VjcmV0LWJlbmNoLXNlY3JldC1iZW5jaC0zMg=="  # noqa: S105 (a throw-away bench key)


class Institution(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        from sanad.integrations.signing import verify

        body = self.rfile.read(int(self.headers["Content-Length"]))
        verify(secrets=[SECRET], headers={k.lower(): v for k, v in self.headers.items()}, body=body)
        key = self.headers["Idempotency-Key"]
        self.received.append(key)
        answer = json.dumps({"reference": f"INST-{len(self.received)}"}).encode()
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


def setup(var_dir: str) -> None:
    os.environ["SANAD_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    import logging

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    from sanad.celery import app

    app.conf.task_always_eager = True  # the drain after recovery runs here, in this process


def queued_submissions(count: int, endpoint: str) -> list[int]:
    """`count` cases at the institution, each with one queued submission (cloned from one real,
    paid case with its documents, so each body carries documents and signed links)."""
    from django.utils import timezone

    from sanad.cases.models import Case, CaseDocument
    from sanad.cases.reference import format_reference
    from sanad.catalogue.models import Institution as InstitutionModel
    from sanad.integrations.models import Connector, Submission
    from sanad.integrations.tests.factories import case_ready
    from sanad.outbox.models import OutboxMessage

    template, _clerk = case_ready()
    documents = list(CaseDocument.objects.filter(case=template))
    Connector.objects.update_or_create(
        institution=InstitutionModel.objects.get(code="ROP"),
        defaults={"kind": "webhook", "endpoint_url": endpoint, "secrets": [SECRET], "health": "up"},
    )
    year = timezone.localtime().year
    start = Case.objects.count() + 1000
    cases = []
    for i in range(count):
        case = Case.objects.get(pk=template.pk)
        case.pk, case.reference, case.state = (
            None,
            format_reference(year, start + i),
            "submitted_to_institution",
        )
        cases.append(case)
    Case.objects.bulk_create(cases, batch_size=500)
    cases = list(Case.objects.filter(reference__in=[c.reference for c in cases]).order_by("pk"))
    copies = []
    for case in cases:
        for document in documents:
            copy = CaseDocument.objects.get(pk=document.pk)
            copy.pk, copy.case = None, case
            copies.append(copy)
    CaseDocument.objects.bulk_create(copies, batch_size=500)
    rop = InstitutionModel.objects.get(code="ROP")
    submissions = Submission.objects.bulk_create(
        [Submission(case=c, institution=rop, number=1, kind="webhook") for c in cases], batch_size=500
    )
    messages = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                kind="integrations.submission",
                payload={"submission_id": s.pk},
                idempotency_key=f"bench:{s.pk}",
            )
            for s in submissions
        ],
        batch_size=500,
    )
    for submission, message in zip(submissions, messages, strict=True):
        submission.outbox_message = message
    Submission.objects.bulk_update(submissions, ["outbox_message"], batch_size=500)
    return [m.pk for m in messages]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=int, default=200, help="deliveries timed one by one (default 200)")
    parser.add_argument(
        "--queued", type=int, default=1000, help="submissions queued during the outage (default 1000)"
    )
    args = parser.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Institution)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{server.server_port}/submissions"
    with tempfile.TemporaryDirectory(prefix="sanad-bench-") as var_dir:
        setup(var_dir)
        from django.utils import timezone

        from sanad.integrations.models import Connector, Submission
        from sanad.integrations.services import institution_probe
        from sanad.outbox.services import outbox_deliver

        # 1. Latency: one delivery at a time, institution up.
        ids = queued_submissions(args.latency, endpoint)
        times = []
        for message_id in ids:
            started = time.perf_counter()
            outbox_deliver(message_id=message_id)
            times.append(time.perf_counter() - started)
        assert Submission.objects.filter(state="delivered").count() == args.latency
        times.sort()
        print(f"latency  n={len(times)}  median={statistics.median(times) * 1000:.1f} ms  "
              f"p90={times[int(len(times) * 0.9)] * 1000:.1f} ms  mean={statistics.mean(times) * 1000:.1f} ms")  # fmt: skip

        # 2. Drain: M submissions queued while the institution was down; it comes back.
        Institution.received.clear()
        queued = queued_submissions(args.queued, endpoint)
        Connector.objects.update(health="down", consecutive_failures=5, next_probe_at=timezone.now())
        started = time.perf_counter()
        institution_probe()
        elapsed = time.perf_counter() - started
        delivered = Submission.objects.filter(state="delivered").count() - args.latency
        in_order = Institution.received == sorted(Institution.received, key=lambda k: int(k.split("-")[2]))
        print(f"drain    queued={len(queued)}  delivered={delivered}  in {elapsed:.1f} s  "
              f"= {delivered / elapsed:.0f} submissions/s  in order: {in_order}  "
              f"each once: {len(Institution.received) == len(set(Institution.received)) == delivered}")  # fmt: skip
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
