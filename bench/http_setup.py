"""Data for the HTTP load benchmark (run by bench/http_load.py, in-process, on the benchmark's
database): the demo network if it is not loaded, the demo clerk's centre offering ROP-DL-RENEW, and
N accepted walk-in cases for that clerk (paid once and started once by the benchmark). Prints JSON."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from knox.models import AuthToken  # noqa: E402

from sanad.accounts.models import User  # noqa: E402
from sanad.cases.services import case_open, citizen_at_counter  # noqa: E402
from sanad.catalogue.models import Service  # noqa: E402
from sanad.centres.models import CentreService  # noqa: E402
from sanad.core.guards import demo_data_present  # noqa: E402

SERVICE = "ROP-DL-RENEW"
GOVERNMENT_FEE = 10000
FORM = {
    "civil_number": "12345678",
    "licence_number": "123456",
    "licence_class": "light",
    "renewal_years": "10",
    "blood_group": "o_pos",
    "mobile_number": "91234567",
}
CITIZEN = {"id_number": "23456789", "mobile": "+96892345678", "full_name_ar": "مواطن القياس"}


def main(cases: int) -> dict:
    if not demo_data_present():
        call_command("seed_demo", "--no-progress", stdout=sys.stderr)
    clerk = User.objects.get(username="demo-clerk")
    centre = clerk.centre_memberships.filter(ended_on__isnull=True).get().centre
    service = Service.objects.get(code=SERVICE)
    CentreService.objects.get_or_create(centre=centre, service=service, defaults={"centre_fee": 2000})
    citizen = citizen_at_counter(actor=clerk, centre=centre, **CITIZEN)
    references = []
    for _ in range(cases):
        case = case_open(
            actor=clerk,
            centre=centre,
            service=service,
            citizen=citizen,
            channel="walk_in",
            form_data=FORM,
            government_fee=GOVERNMENT_FEE,
        )
        references.append(case.reference)
    _instance, token = AuthToken.objects.create(user=clerk, expiry=None)
    return {
        "token": token,
        "centre": centre.pk,
        "service": SERVICE,
        "government_fee": GOVERNMENT_FEE,
        "form": FORM,
        "citizen": CITIZEN,
        "total": case.total if cases else None,
        "references": references,
        "track": {
            "reference": references[0] if references else "",
            "civil_suffix": CITIZEN["id_number"][-4:],
        },
        "near": f"{centre.latitude:.5f},{centre.longitude:.5f}",
    }


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)))
