"""Every page of the site, for the tests that open them all: a small network made with the apps'
factories (a licensed centre with a queue, its clerk and manager, a citizen with a completed and an open
transaction, a receipt, a rating, a complaint, a ticket, an appointment, a data correction, an officer,
the regulator, an administrator) and the list of GET pages built from the URL configuration."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

# URL names that are not pages: POST-only actions, files, machine endpoints, the simulated back-ends.
NOT_PAGES_PREFIXES = ("demo_gateway:", "demo_institutions:", "api:", "admin:")
NOT_PAGES = {
    "healthz",
    "readyz",
    "web:logout",
    "web:set-language",
    "payments:receipt-pdf",
    "payments:credit-note-pdf",
    "payments:statement",
    "analytics:open-data-file",
    "audit:trail-export",
    "audit:my-data-export",
    "cases:document",
    "feedback:attachment",
    "payments:online-status",  # a fragment polled by the page
}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)


def build_world() -> World:
    from sanad.accounts.constants import Role
    from sanad.accounts.tests.factories import UserFactory
    from sanad.audit.rights import rectification_request
    from sanad.cases.tests.factories import open_walk_in
    from sanad.centres.constants import StaffRole
    from sanad.centres.models import StaffMembership
    from sanad.centres.tests.factories import staff_of
    from sanad.feedback.services.complaints import complaint_file
    from sanad.feedback.services.ratings import rating_create
    from sanad.feedback.tests.factories import SCORES, completed_case
    from sanad.integrations.tests.factories import officer
    from sanad.payments.models import Receipt
    from sanad.payments.numbering import verification_token
    from sanad.queueing.appointments import appointment_book, slots_on
    from sanad.queueing.services import ticket_take
    from sanad.queueing.tests.factories import clerk_at, queue_centre, service

    centre, counters = queue_centre(name_ar="مركز الأمانة لخدمات سند", name_en="Al Amana Sanad Centre")
    clerk = clerk_at(centre, counters[0])
    manager = staff_of(centre, role=StaffRole.MANAGER)
    from sanad.accounts.tests.factories import CitizenFactory

    person = CitizenFactory(mobile="+96893528003", email="citizen@example.om")
    done = completed_case(centre, clerk, person)
    open_case = open_walk_in(centre, clerk, person)
    rating_create(actor=person, reference=done.reference, data=dict(SCORES))
    complaint = complaint_file(
        actor=person, kind="delay", text="تأخرت المعاملة كثيرًا", case_reference=done.reference
    )
    ticket = ticket_take(centre=centre, service=service(), citizen=person)
    tomorrow = timezone.localdate() + timedelta(days=1)
    slot = slots_on(centre=centre, service=service(), day=tomorrow)[0]
    appointment = appointment_book(citizen=person, centre=centre, service=service(), start=slot.start)
    correction = rectification_request(
        person=person, field="full_name_ar", value="سالم بن علي بن سعيد", reason="خطأ إملائي"
    )
    receipt = Receipt.objects.filter(payment__case=done).first()
    version = done.service_version
    world = World()
    world.users = {
        "citizen": person,
        "clerk": clerk,
        "manager": manager,
        "officer": officer("ROP"),
        "regulator": UserFactory(role=Role.REGULATOR, is_staff=True),
        "admin": UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True),
    }
    world.values = {
        "reference": done.reference,
        "open_reference": open_case.reference,
        "complaint": complaint.reference,
        "service_code": version.service.code,
        "institution_code": version.service.institution.code,
        "version": version.number,
        "centre_id": centre.pk,
        "licence_id": centre.licence.pk,
        "ticket_id": ticket.pk,
        "ticket_token": ticket.token,
        "appointment_id": appointment.pk,
        "correction_id": correction.pk,
        "membership_id": StaffMembership.objects.get(user=clerk).pk,
        "receipt": receipt.number if receipt else "",
        "verify_token": verification_token(receipt.number) if receipt else "",
    }
    return world


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, pattern


def page_names() -> list[str]:
    """Every named URL that is a page (in the order of the URL configuration)."""
    names = []
    for name, _pattern in _walk(get_resolver().url_patterns):
        if name in NOT_PAGES or name.startswith(NOT_PAGES_PREFIXES) or name in names:
            continue
        names.append(name)
    return names


def kwargs_for(name: str, world: World) -> dict | None:
    """The URL arguments of a page, from the world; None when a page takes arguments no one listed."""
    from django.urls import get_resolver

    v = world.values
    by_name = {
        "catalogue:service": {"code": v["service_code"]},
        "catalogue:institution": {"code": v["institution_code"]},
        "catalogue:console-service": {"code": v["service_code"]},
        "catalogue:console-version": {"code": v["service_code"], "number": v["version"]},
        "catalogue:console-version-edit": {"code": v["service_code"], "number": v["version"]},
        "catalogue:cap-edit": {"code": v["service_code"]},
        "centres:centre": {"centre_id": v["centre_id"]},
        "centres:licence": {"licence_id": v["licence_id"]},
        "payments:case": {"reference": v["open_reference"]},
        "payments:online-return": {"reference": v["open_reference"]},
        "payments:verify": {"number": v["receipt"], "token": v["verify_token"]},
        "payments:receipt-print": {"number": v["receipt"]},
        "integrations:inbox-case": {"reference": v["open_reference"]},
        "queueing:kiosk": {"centre_id": v["centre_id"]},
        "queueing:board": {"centre_id": v["centre_id"]},
        "queueing:book": {"centre_id": v["centre_id"]},
        "queueing:ticket": {"ticket_id": v["ticket_id"], "token": v["ticket_token"]},
        "queueing:appointment": {"appointment_id": v["appointment_id"]},
        "feedback:rate-case": {"reference": v["reference"]},
        "feedback:my-complaint": {"reference": v["complaint"]},
        "feedback:centre-complaint": {"reference": v["complaint"]},
        "feedback:desk-complaint": {"reference": v["complaint"]},
        "audit:correction-review": {"request_id": v["correction_id"]},
        "cases:centre-case": {"reference": v["reference"]},
        "cases:my-case": {"reference": v["reference"]},
        "cases:case": {"reference": v["reference"]},
    }
    if name in by_name:
        return by_name[name]
    pattern = next(p for n, p in _walk(get_resolver().url_patterns) if n == name)
    if pattern.pattern.regex.groups:
        return None
    return {}


# Pages with arguments that need no page check of their own: POST-only actions (their GET is a 405).
ACTIONS_WITH_ARGUMENTS = {
    "catalogue:console-draft-new",
    "catalogue:console-retire",
    "catalogue:console-version-publish",
    "catalogue:console-version-discard",
    "centres:manage-exception-remove",
    "centres:manage-staff-remove",
    "centres:licence-action",
    "centres:inspection-add",
    "centres:violation-resolve",
    "payments:take",
    "payments:pay-online",
    "payments:refund",
    "payments:hand-back",
    "integrations:resend",
    "queueing:kiosk-ticket",
    "queueing:kiosk-check-in",
    "queueing:ticket-cancel",
    "queueing:sign-on",
    "queueing:sign-off",
    "queueing:ticket-act",
    "queueing:available-request-claim",
    "queueing:appointment-cancel",
    "queueing:setup-line-edit",
    "queueing:setup-line-open",
    "queueing:setup-counter-edit",
    "queueing:setup-counter-open",
    "feedback:rate-link",  # the token is only in the SMS; its page is tested in feedback
    "feedback:centre-respond",
    "feedback:desk-act",
    "feedback:desk-refund",
    "feedback:desk-violation",
    "feedback:hide",
    "audit:my-erasure-withdraw",
    "cases:centre-act",
    "cases:centre-document",
    "cases:centre-custody",
    "cases:centre-custody-return",
    "cases:centre-fee-change",
    "cases:my-act",
    "cases:my-document",
}
