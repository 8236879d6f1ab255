"""A centre, a paid case ready to go to the Royal Oman Police, connectors, and a fake institution
system that answers what a test tells it to."""

import base64
import json

from sanad.cases.services import case_transition, document_upload
from sanad.cases.tests.factories import (
    PDF,
    citizen,
    licensed_centre,
    open_walk_in,
    pay_in_full,
    staff,
    upload,
)
from sanad.catalogue.models import Institution, InstitutionMembership

from ..models import Connector
from ..signing import sign
from ..transport import Answer

SECRET = "whsec_" + base64.b64encode(b"r" * 32).decode()
OLD_SECRET = "whsec_" + base64.b64encode(b"o" * 32).decode()
ENDPOINT = "https://rop.example.om/sanad/submissions"


def webhook_connector(code="ROP", *, secrets=(SECRET,), **kwargs) -> Connector:
    institution = Institution.objects.get(code=code)
    return Connector.objects.create(
        institution=institution, kind="webhook", endpoint_url=ENDPOINT, secrets=list(secrets), **kwargs
    )


def officer(code="ROP"):
    from sanad.accounts.constants import Role
    from sanad.accounts.tests.factories import UserFactory

    user = UserFactory(role=Role.INSTITUTION_OFFICER)
    InstitutionMembership.objects.create(user=user, institution=Institution.objects.get(code=code))
    return user


def case_ready(centre=None, clerk=None, person=None):
    """A walk-in driving-licence renewal, started, with its documents, paid in full."""
    from sanad.cases.selectors import missing_mandatory_documents

    centre = centre or licensed_centre()
    clerk = clerk or staff(centre)
    person = person or citizen()
    case = open_walk_in(centre, clerk, person)
    case_transition(case_id=case.pk, action="start", actor=clerk)
    for requirement in missing_mandatory_documents(case):
        document_upload(
            case=case,
            actor=clerk,
            uploaded=upload(PDF, f"{requirement.document_type.code}.pdf"),
            document_type_code=requirement.document_type.code,
        )
    pay_in_full(case, clerk)
    case.refresh_from_db()
    return case, clerk


def submit(case, clerk):
    return case_transition(case_id=case.pk, action="submit_to_institution", actor=clerk)


class FakeInstitution:
    """Replaces integrations.transport.send: records every request, answers from a script (the last
    answer repeats)."""

    def __init__(self, *answers):
        self.answers = list(answers) or [Answer(202, b'{"reference": "ROP-1"}')]
        self.requests = []

    def __call__(self, method, url, *, body=None, headers=None, timeout):
        self.requests.append({"method": method, "url": url, "body": body, "headers": headers or {}})
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]

    @property
    def bodies(self):
        return [json.loads(r["body"]) for r in self.requests]


def signed(body: dict | bytes, *, secret=SECRET, webhook_id="msg_cb_1", timestamp=None):
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = sign(secrets=[secret], webhook_id=webhook_id, body=raw, timestamp=timestamp)
    return raw, {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}


def pdf_b64() -> str:
    return base64.b64encode(PDF).decode()
