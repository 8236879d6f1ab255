"""Case benchmarks at national scale.

Run against a database seeded with the national history, e.g.:

    SANAD_VAR_DIR=/tmp/bigdemo .venv/bin/sanad migrate
    SANAD_VAR_DIR=/tmp/bigdemo .venv/bin/sanad seed_demo --cases 1000000
    SANAD_VAR_DIR=/tmp/bigdemo .venv/bin/python bench/bench_cases.py

It measures, on whatever database the environment points at (SQLite by default, or DATABASE_URL):
opening walk-in cases through the service (with validation, fee snapshot, SLA, event and outbox rows),
a clerk's console query, the cases API list for a clerk and for the regulator, and public tracking.
Nothing is asserted; the figures go to docs/PERFORMANCE.md.
"""

import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanad.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from sanad.accounts.models import User  # noqa: E402
from sanad.cases import selectors  # noqa: E402
from sanad.cases.constants import OPEN_STATES  # noqa: E402
from sanad.cases.models import Case  # noqa: E402
from sanad.cases.services import case_open  # noqa: E402
from sanad.cases.tracking import track  # noqa: E402
from sanad.catalogue.models import Service  # noqa: E402


def timed(label: str, func, repeat: int) -> None:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[max(int(len(samples) * 0.95) - 1, 0)]
    print(f"{label:<52} n={repeat:<5} median={statistics.median(samples):8.2f} ms  p95={p95:8.2f} ms")


def main() -> int:
    total = Case.objects.count()
    print(f"database: {connection.vendor}, cases: {total:,}")
    clerk = User.objects.get(username="demo-clerk")
    regulator = User.objects.get(username="demo-regulator")
    centre_id = selectors.staff_centre_id(clerk)
    from sanad.centres.models import Centre

    centre = Centre.objects.get(pk=centre_id)
    service = Service.objects.get(code="ROP-DL-RENEW")
    person = User.objects.filter(role="citizen", citizen_profile__isnull=False).order_by("pk").first()
    form = {
        "civil_number": person.citizen_profile.id_number,
        "licence_number": "123456",
        "licence_class": "light",
        "renewal_years": "10",
        "blood_group": "o_pos",
        "mobile_number": "91234567",
    }

    def open_one():
        case_open(
            actor=clerk,
            centre=centre,
            service=service,
            citizen=person,
            channel="walk_in",
            form_data=form,
            government_fee=20000,
        )

    timed("open a walk-in case (service layer)", open_one, 200)
    timed(
        "clerk console: open cases of the centre by SLA",
        lambda: list(
            selectors.cases_visible_to(clerk).filter(state__in=OPEN_STATES).order_by("sla_due_at")[:50]
        ),
        200,
    )
    client = APIClient()
    client.force_authenticate(clerk)
    timed("GET /api/v1/cases/ as a clerk (page of 50)", lambda: client.get("/api/v1/cases/"), 100)
    client.force_authenticate(regulator)
    timed("GET /api/v1/cases/ as the regulator (page of 50)", lambda: client.get("/api/v1/cases/"), 50)
    timed(
        "GET /api/v1/cases/?state=awaiting_citizen (regulator)",
        lambda: client.get("/api/v1/cases/", {"state": "awaiting_citizen"}),
        50,
    )
    sample = list(
        Case.objects.order_by("?").values_list("reference", "citizen__citizen_profile__id_number")[:200]
    )
    it = iter(sample * 2)

    def track_one():
        reference, civil = next(it)
        track(reference=reference, civil_suffix=civil[-4:])

    timed("public tracking by reference + civil suffix", track_one, 200)
    return 0


if __name__ == "__main__":
    sys.exit(main())
