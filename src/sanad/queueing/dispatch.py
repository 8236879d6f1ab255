"""Online requests to "any centre near me".

Why a dispatch record and not a case without a centre: every case selector, page, guard and report
filters cases by centre (tenancy in one place). A case with no centre would need a second rule in
each of them, and a half-owned case would leak between centres. So the request waits here, as a
`DispatchRequest` with the citizen's answers already validated, and the case is opened only when a
centre claims it — at that centre, through the one `case_open`, then accepted by the claiming clerk.

Offering, ring by ring (a ring is DISPATCH_RING_SIZE centres):
- candidates are licensed centres (never a suspended one) that offer the service and are open now;
  when none is open (at night) the nearest offering centres are offered, to see it when they open;
- nearest first (`centres_nearest`), but spread: a centre already holding
  DISPATCH_OPEN_OFFERS_PER_COUNTER open offers per counter goes after every candidate among the
  nearest 3 × ring size that holds fewer, so one busy town centre is not flooded;
- unclaimed after DISPATCH_RING_MINUTES working minutes (Sunday–Thursday 07:30–14:30 minus holidays)
  the request is offered to the next ring as well (earlier offers stay open); after
  DISPATCH_MAX_RINGS rings it is marked unclaimed and the citizen is told.
A claim is a compare-and-swap on the request's state: of two clerks accepting at once, one wins, the
other gets 409.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from sanad.accounts.constants import Role
from sanad.centres import selectors as centres
from sanad.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

from .constants import (
    DISPATCH_MAX_RINGS,
    DISPATCH_OPEN_OFFERS_PER_COUNTER,
    DISPATCH_RING_MINUTES,
    DISPATCH_RING_SIZE,
    DispatchState,
)
from .models import DispatchOffer, DispatchRequest


def ring_minutes() -> int:
    return int(getattr(settings, "DISPATCH_RING_MINUTES", DISPATCH_RING_MINUTES))


def dispatch_create(
    *,
    citizen,
    service,
    latitude: float,
    longitude: float,
    form_data: dict,
    government_fee=None,
    language: str = "ar",
    now=None,
) -> DispatchRequest:
    """Validate the request as `case_open` would, then offer it to the first ring."""
    from sanad.catalogue.selectors import service_current_version
    from sanad.catalogue.services import form_data_validate

    now = now or timezone.now()
    if citizen is None or citizen.role != Role.CITIZEN:
        raise PermissionDenied(_("Citizens request services for themselves."))
    version = service_current_version(service)
    if version is None:
        raise Conflict(_("This service is not available now."))
    if "online" not in (version.channels or []):
        raise ValidationFailed(errors={"channel": [_("This service is not offered through this channel.")]})
    cleaned = form_data_validate(version=version, data=form_data or {}, language=language)
    if (
        government_fee is not None
        and not version.government_fee_min <= government_fee <= version.government_fee_max
    ):
        raise ValidationFailed(
            errors={
                "government_fee": [
                    _("The government fee for this service is between %(min)s and %(max)s baisa.")
                    % {"min": version.government_fee_min, "max": version.government_fee_max}
                ]
            }
        )
    with transaction.atomic():
        request = DispatchRequest.objects.create(
            citizen=citizen,
            service=service,
            form_data=cleaned,
            government_fee=government_fee,
            latitude=latitude,
            longitude=longitude,
            language=language,
            ring_started_at=now,
        )
        offered = _offer_ring(request, now=now)
        if not offered:
            raise Conflict(_("No centre offers this service in reach. Choose a centre yourself."))
    return request


def _candidates(request: DispatchRequest, now):
    from sanad.centres.models import Centre

    offering = centres.centres_search(service=request.service.code).exclude(
        pk__in=DispatchOffer.objects.filter(request=request).values("centre_id")
    )
    open_ids = centres.centre_ids_open_at(now, offering)
    pool = offering.filter(pk__in=open_ids) if open_ids else offering
    nearest = centres.centres_nearest(
        request.latitude, request.longitude, queryset=pool, limit=DISPATCH_RING_SIZE * 3
    )
    ids = [pk for pk, _km in nearest]
    held = dict(
        DispatchOffer.objects.filter(centre_id__in=ids, is_open=True, request__state=DispatchState.OFFERED)
        .values_list("centre_id")
        .annotate(n=Count("id"))
    )
    counters = dict(Centre.objects.filter(pk__in=ids).values_list("pk", "counters"))

    def flooded(pk):
        return held.get(pk, 0) >= DISPATCH_OPEN_OFFERS_PER_COUNTER * max(counters.get(pk, 1), 1)

    ranked = sorted(nearest, key=lambda item: (flooded(item[0]), item[1], item[0]))
    return ranked[:DISPATCH_RING_SIZE]


def _offer_ring(request: DispatchRequest, *, now) -> int:
    chosen = _candidates(request, now)
    DispatchOffer.objects.bulk_create(
        [
            DispatchOffer(request=request, centre_id=pk, ring=request.ring, distance_km=km, offered_at=now)
            for pk, km in chosen
        ]
    )
    return len(chosen)


def dispatch_advance(*, now=None) -> int:
    """Offer each request that waited a ring's working minutes to the next ring (the beat task)."""
    from sanad.cases.calendar import working_hours_between

    now = now or timezone.now()
    moved = 0
    for request in DispatchRequest.objects.filter(state=DispatchState.OFFERED).select_related(
        "service", "citizen"
    ):
        waited = working_hours_between(request.ring_started_at, now, centres.is_public_holiday) * 60
        if waited < ring_minutes():
            continue
        with transaction.atomic():
            locked = DispatchRequest.objects.select_for_update().get(pk=request.pk)
            if locked.state != DispatchState.OFFERED:
                continue
            if locked.ring >= DISPATCH_MAX_RINGS:
                locked.state = DispatchState.UNCLAIMED
                locked.save(update_fields=["state"])
                DispatchOffer.objects.filter(request=locked).update(is_open=False)
                continue
            locked.ring += 1
            locked.ring_started_at = now
            locked.save(update_fields=["ring", "ring_started_at"])
            _offer_ring(locked, now=now)
            moved += 1
    return moved


def dispatch_offers_for(user):
    """The "available requests" inbox of a clerk's centre: open offers of requests not yet claimed."""
    membership = centres.staff_membership(user)
    if membership is None:
        return DispatchOffer.objects.none()
    return (
        DispatchOffer.objects.filter(
            centre_id=membership.centre_id, is_open=True, request__state=DispatchState.OFFERED
        )
        .select_related("request__service__current_version")
        .order_by("request__created_at", "id")
    )


def dispatch_claim(*, request_id, actor, now=None):
    """The first clerk who accepts gets the request: the case is opened at their centre and accepted."""
    from sanad.cases.services import case_open, case_transition

    now = now or timezone.now()
    membership = centres.staff_membership(actor)
    offer = (
        DispatchOffer.objects.filter(
            request_id=_int(request_id), centre_id=membership.centre_id if membership else None
        )
        .select_related("request__service", "request__citizen", "centre")
        .first()
    )
    if offer is None:
        raise NotFound(_("Request not found."))
    with transaction.atomic():
        taken = DispatchRequest.objects.filter(pk=offer.request_id, state=DispatchState.OFFERED).update(
            state=DispatchState.CLAIMED, claimed_centre=offer.centre, claimed_by=actor, claimed_at=now
        )
        if not taken:
            raise Conflict(_("Another centre has already taken this request."))
        request = DispatchRequest.objects.get(pk=offer.request_id)
        case = case_open(
            actor=request.citizen,
            centre=offer.centre,
            service=request.service,
            citizen=request.citizen,
            channel="online",
            form_data=request.form_data,
            government_fee=request.government_fee,
            language=request.language,
        )
        case = case_transition(case_id=case.pk, action="accept", actor=actor)
        request.case = case
        request.save(update_fields=["case"])
        DispatchOffer.objects.filter(request=request).update(is_open=False)
    return request


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
