"""Reads for cases. Tenancy lives here and nowhere else: `cases_visible_to(user)`."""

from datetime import date

from django.db.models import Q, QuerySet

from sanad.accounts.constants import Role

from .constants import OPEN_STATES, CaseState, DocumentRole
from .models import Case
from .reference import parse_reference


# --- what the centres area tells us -----------------------------------------------------------
def staff_centre_id(user) -> int | None:
    """The centre where `user` works now (any role), or None."""
    if user is None or not user.is_authenticated or user.role != Role.CENTRE_STAFF:
        return None
    # Asked many times per request (every row's actions); the user object lives for one request,
    # so a removed clerk still loses access on their next request.
    if not hasattr(user, "_sanad_staff_centre_id"):
        from sanad.centres.selectors import staff_membership

        membership = staff_membership(user)
        user._sanad_staff_centre_id = membership.centre_id if membership else None
    return user._sanad_staff_centre_id


def is_staff_of(user, centre) -> bool:
    return centre is not None and staff_centre_id(user) == centre.pk


def officer_institution_id(user) -> int | None:
    """The institution an institution officer belongs to, or None."""
    if user is None or not user.is_authenticated or user.role != Role.INSTITUTION_OFFICER:
        return None
    membership = getattr(user, "institution_membership", None)
    return membership.institution_id if membership else None


def centre_accepts_cases(centre) -> bool:
    from sanad.centres.selectors import centre_can_open_cases

    return centre_can_open_cases(centre)


def centre_offers(*, centre, service) -> bool:
    return centre.prices.filter(service=service).exists()


def centre_fee_now(*, centre, service) -> int:
    from sanad.centres.selectors import centre_fee_for

    return centre_fee_for(centre, service).fee


def is_public_holiday(day: date) -> bool:
    from sanad.centres.selectors import is_public_holiday as holiday

    return holiday(day)


# --- tenancy --------------------------------------------------------------------------------------
def cases_visible_to(user) -> QuerySet[Case]:
    """Citizens see their own cases, staff their centre's, officers what reached their institution,
    the regulator and administrators everything. Anyone else: nothing."""
    qs = Case.objects.select_related("centre", "service", "service_version", "citizen")
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.role in (Role.REGULATOR, Role.ADMIN):
        return qs
    if user.role == Role.CITIZEN:
        return qs.filter(citizen=user)
    if user.role == Role.CENTRE_STAFF:
        centre_id = staff_centre_id(user)
        return qs.filter(centre_id=centre_id) if centre_id else qs.none()
    if user.role == Role.INSTITUTION_OFFICER:
        membership = getattr(user, "institution_membership", None)
        if membership is None:
            return qs.none()
        return qs.filter(service__institution_id=membership.institution_id).filter(
            Q(
                state__in=[
                    CaseState.SUBMITTED_TO_INSTITUTION,
                    CaseState.COMPLETED,
                    CaseState.REJECTED,
                    CaseState.CLOSED,
                ]
            )
        )
    return qs.none()


def cases_lockable_by(user) -> QuerySet[Case]:
    """`cases_visible_to(user)` in a form that costs no query of its own: a clerk's centre, when this
    request has not looked it up yet, is read inside the query (the same rule as staff_membership),
    so that locking a case and checking that the actor may see it is one query."""
    if (
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role == Role.CENTRE_STAFF
        and not hasattr(user, "_sanad_staff_centre_id")
    ):
        from django.db.models import Subquery

        from sanad.centres.models import StaffMembership
        from sanad.centres.selectors import _active_membership_q, local_today

        centre = (
            StaffMembership.objects.filter(_active_membership_q(local_today()), user_id=user.pk)
            .order_by("-started_on", "-id")
            .values("centre_id")[:1]
        )
        return Case.objects.select_related("centre", "service", "service_version", "citizen").filter(
            centre_id=Subquery(centre)
        )
    return cases_visible_to(user)


def remember_visible(case: Case, user) -> None:
    """After `cases_lockable_by(user)` found `case`: a clerk found it through their centre, so that
    is their centre for the rest of the request (what staff_centre_id would have read)."""
    if user is not None and user.role == Role.CENTRE_STAFF and not hasattr(user, "_sanad_staff_centre_id"):
        user._sanad_staff_centre_id = case.centre_id


def case_visible(case: Case, user) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def case_for(user, reference: str) -> Case:
    """The case with this reference if `user` may see it. A malformed reference or a wrong check
    digit is a ValidationFailed (400); someone else's case is NotFound, like a missing one."""
    from django.utils.translation import gettext as _

    from sanad.core.errors import NotFound

    canonical = parse_reference(reference)
    case = cases_visible_to(user).filter(reference=canonical).first()
    if case is None:
        raise NotFound(_("Case not found."))
    return case


def cases_open_for_centre(centre_id: int) -> QuerySet[Case]:
    return Case.objects.filter(centre_id=centre_id, state__in=OPEN_STATES)


# --- documents and custody ------------------------------------------------------------------------
def required_document(version, document_type_code: str):
    return (
        version.documents.select_related("document_type")
        .filter(document_type__code=document_type_code)
        .first()
    )


def missing_mandatory_documents(case: Case) -> list:
    present = set(
        case.documents.filter(role=DocumentRole.REQUIRED, is_current=True).values_list(
            "document_type_id", flat=True
        )
    )
    return [
        requirement
        for requirement in case.service_version.documents.select_related("document_type").filter(
            mandatory=True
        )
        if requirement.document_type_id not in present
    ]


def current_documents(case: Case):
    return case.documents.filter(is_current=True).select_related("document_type", "uploaded_by")


def originals_held(case: Case):
    return case.custody.filter(returned_at__isnull=True)


# --- actions --------------------------------------------------------------------------------------
def allowed_actions(case: Case, user) -> list:
    """The workflow steps this user may take on this case now (role and state; guards are checked
    when the action is taken, with a message that says what is missing)."""
    from . import workflow
    from .services import actor_kinds

    return workflow.actions_for(case.state, actor_kinds(case, user))


def case_timeline(case: Case):
    return case.events.select_related("actor", "actor__institution_membership__institution").order_by(
        "created_at", "pk"
    )


def event_actor(event, *, language: str = "ar") -> dict:
    """Who did it, as the API shows it: {"kind": citizen|staff|institution|regulator|admin|system,
    "name": …} and, for the institution, its code ({"institution": "ROP"})."""
    from sanad.catalogue.models import Institution

    user = event.actor
    code = (event.data or {}).get("institution", "")
    if user is not None and user.role == Role.INSTITUTION_OFFICER:
        membership = getattr(user, "institution_membership", None)
        code = code or (membership.institution.code if membership else "")
    if code:
        if user is not None:
            name = user.display_name(language)
        else:
            institution = Institution.objects.filter(code=code).first()
            name = (institution.name_en if language == "en" else institution.name_ar) if institution else code
        return {"kind": "institution", "institution": code, "name": name}
    if user is None:
        return {"kind": "system", "name": "Sanad" if language == "en" else "سند"}
    if user.pk == event.case.citizen_id:
        kind = "citizen"
    elif user.role == Role.CENTRE_STAFF:
        kind = "staff"
    else:
        kind = user.role
    return {"kind": kind, "name": user.display_name(language)}


# --- web pages ------------------------------------------------------------------------------------
CONSOLE_VIEWS = ("open", "today", "overdue", "finished", "all")


def _local_day_bounds(now):
    """The start and end (aware) of today in Asia/Muscat."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    today = timezone.localdate(now)
    start = timezone.make_aware(datetime.combine(today, time(0)))
    return start, start + timedelta(days=1)


def cases_for_console(user, *, view: str = "open", state: str = "", q: str = "", now=None) -> QuerySet[Case]:
    """The centre console's list: the staff's own centre only (tenancy through cases_visible_to),
    narrowed to a view (open, opened today, overdue, finished, all) or one state, and a search by
    reference (whole, its beginning, or its digits) or the citizen's civil number. A whole reference
    with a wrong check digit raises BadRequest (the check digit catches typing mistakes)."""
    from django.utils import timezone

    from sanad.accounts.identity import to_ascii_digits

    now = now or timezone.now()
    qs = cases_visible_to(user).select_related("citizen__citizen_profile", "clerk")
    if state in CaseState.values:
        qs = qs.filter(state=state)
    elif view == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif view == "today":
        start, end = _local_day_bounds(now)
        qs = qs.filter(created_at__gte=start, created_at__lt=end)
    elif view == "overdue":
        qs = qs.filter(state__in=OPEN_STATES, sla_due_at__lt=now).exclude(state=CaseState.AWAITING_CITIZEN)
    elif view == "finished":
        qs = qs.exclude(state__in=OPEN_STATES)
    text = to_ascii_digits(str(q or "")).strip().upper().replace(" ", "")
    if text:
        if text.startswith("SND") and len(text.replace("-", "")) >= len("SND") + 12:
            qs = qs.filter(reference=parse_reference(text))  # a whole reference: its check digit counts
        elif text.startswith("SND"):
            qs = qs.filter(reference__startswith=text)  # still being typed
        elif text.isdigit():
            qs = qs.filter(Q(citizen__citizen_profile__id_number=text) | Q(reference__contains=text))
        else:
            qs = qs.none()
    if view == "open" and not state:
        return qs.order_by("sla_due_at", "created_at")
    return qs.order_by("-created_at", "-pk")


def console_counts(user, *, now=None) -> dict:
    """The figures above the console list, for the staff's own centre."""
    from django.db.models import Count
    from django.utils import timezone

    now = now or timezone.now()
    start, end = _local_day_bounds(now)
    open_q = Q(state__in=OPEN_STATES)
    # Only open cases and today's can count: the index on (centre, state) and (centre, created_at)
    # find them, instead of every case the centre ever had.
    return (
        cases_visible_to(user)
        .filter(open_q | Q(created_at__gte=start, created_at__lt=end))
        .order_by()
        .aggregate(
            open=Count("pk", filter=open_q),
            overdue=Count("pk", filter=open_q & Q(sla_due_at__lt=now) & ~Q(state=CaseState.AWAITING_CITIZEN)),
            due_today=Count("pk", filter=open_q & Q(sla_due_at__gte=now, sla_due_at__lt=end)),
            awaiting_citizen=Count("pk", filter=Q(state=CaseState.AWAITING_CITIZEN)),
            opened_today=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
        )
    )


def sla_status(case: Case, *, now=None) -> str:
    """'overdue', 'due_today', 'on_time', or '' when the SLA does not apply (finished, or waiting
    for the citizen, whose time is not the centre's)."""
    from django.utils import timezone

    if case.state not in OPEN_STATES or case.state == CaseState.AWAITING_CITIZEN or case.sla_due_at is None:
        return ""
    now = now or timezone.now()
    if case.sla_due_at < now:
        return "overdue"
    if timezone.localdate(case.sla_due_at) == timezone.localdate(now):
        return "due_today"
    return "on_time"


def services_offered_for_walk_in(centre, q: str = "") -> QuerySet:
    """Published services this centre offers at the counter, matching `q` in any spelling."""
    from sanad.catalogue.models import Service
    from sanad.catalogue.selectors import services_search

    offered = Service.objects.filter(centre_prices__centre=centre)
    return services_search(q or None, channel="walk_in", within=offered)


def documents_checklist(case: Case) -> list[dict]:
    """The service version's documents, each with the current upload (if any) and whether a
    mandatory one is still missing."""
    current = {d.document_type_id: d for d in current_documents(case).filter(role=DocumentRole.REQUIRED)}
    rows = []
    for requirement in case.service_version.documents.select_related("document_type").order_by(
        "position", "id"
    ):
        document = current.get(requirement.document_type_id)
        rows.append(
            {
                "requirement": requirement,
                "document": document,
                "missing": requirement.mandatory and document is None,
            }
        )
    return rows


def outcome_documents(case: Case):
    return current_documents(case).filter(role=DocumentRole.OUTCOME)


def cases_opened_total(*, start=None, end=None, governorate=None, institution=None, service=None) -> int:
    """How many cases the whole network opened in a period (Asia/Muscat days, both ends included;
    None: all time), for a governorate, institution and service: read from the statistics rollups
    (kept in the transaction that opens a case, checked by `stats_verify`), so a national total is
    a few hundred rollup rows instead of a count over millions of cases. The regulator's list total."""
    from datetime import date

    from sanad.analytics.selectors import sums, total

    where = {}
    if governorate is not None:
        where["governorate_id"] = governorate.pk
    if institution is not None:
        where["institution_id"] = institution.pk
    if service is not None:
        where["service_id"] = service.pk
    start, end = start or date(2000, 1, 1), end or date(2099, 12, 31)
    return int(total(sums(start, end, where=where, measures=("opened",))).get("opened", 0))


def cases_filtered(cases, *, start=None, end=None, governorate=None, institution=None, service=None):
    """Narrow a list of cases by the day opened (Asia/Muscat, both ends included) and by where and
    what (the supervision list's filters)."""
    from datetime import datetime, time, timedelta

    from django.utils import timezone

    zone = timezone.get_current_timezone()
    if start is not None:
        cases = cases.filter(created_at__gte=datetime.combine(start, time.min, tzinfo=zone))
    if end is not None:
        cases = cases.filter(created_at__lt=datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone))
    if governorate is not None:
        cases = cases.filter(centre__wilayat__governorate=governorate)
    if institution is not None:
        cases = cases.filter(service__institution=institution)
    if service is not None:
        cases = cases.filter(service=service)
    return cases
