"""Queue and appointments API (routed by sanad/api/urls.py): thin views over services and selectors."""

from datetime import date

from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from sanad.core.errors import ValidationFailed

from . import appointments, dispatch, selectors, services
from .constants import Priority, TicketSource
from .models import Appointment, Counter, Ticket


def _service(code):
    from sanad.catalogue.models import Service

    service = Service.objects.filter(code=str(code or "").strip()).select_related("current_version").first()
    if service is None:
        raise ValidationFailed(
            errors={"service": [_("Unknown service. Use a catalogue code such as ROP-DL-RENEW.")]}
        )
    return service


class LineSerializer(serializers.Serializer):
    code = serializers.CharField()
    name_ar = serializers.CharField()
    name_en = serializers.CharField()
    waiting = serializers.IntegerField()
    estimated_wait_minutes = serializers.IntegerField(allow_null=True)


class ServingSerializer(serializers.Serializer):
    ticket = serializers.CharField()
    counter = serializers.CharField()


class QueueSerializer(serializers.Serializer):
    lines = LineSerializer(many=True)
    counters_open = serializers.IntegerField()
    now_serving = ServingSerializer(many=True)


class TicketSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="label")
    line = serializers.CharField(source="line.code")
    service = serializers.SerializerMethodField()
    counter = serializers.SerializerMethodField()
    position = serializers.SerializerMethodField()
    estimated_wait_minutes = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = (
            "id",
            "number",
            "line",
            "service",
            "priority",
            "state",
            "counter",
            "position",
            "estimated_wait_minutes",
            "issued_at",
            "called_at",
        )
        read_only_fields = fields

    def get_service(self, ticket) -> str | None:
        return ticket.service.code if ticket.service_id else None

    def get_counter(self, ticket) -> str | None:
        return ticket.counter.name if ticket.counter_id else None

    def get_position(self, ticket) -> int:
        return selectors.tickets_ahead(ticket) + 1 if ticket.state == "waiting" else 0

    def get_estimated_wait_minutes(self, ticket) -> int | None:
        return selectors.ticket_estimate(ticket)


class TicketInputSerializer(serializers.Serializer):
    service = serializers.CharField(max_length=40, help_text="service code, e.g. ROP-DL-RENEW")
    priority = serializers.ChoiceField(choices=Priority.choices, required=False, allow_blank=True, default="")
    mobile = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        help_text="for the SMS when three tickets are ahead",
    )


class CounterSerializer(serializers.ModelSerializer):
    lines = serializers.SerializerMethodField()
    clerk = serializers.SerializerMethodField()

    class Meta:
        model = Counter
        fields = ("id", "name", "lines", "clerk")
        read_only_fields = fields

    def get_lines(self, counter) -> list[str]:
        return [line.code for line in counter.lines.all()]

    def get_clerk(self, counter) -> str | None:
        return counter.clerk.username if counter.clerk_id else None


class TicketActionSerializer(serializers.Serializer):
    line = serializers.CharField(
        max_length=2, required=False, allow_blank=True, default="", help_text="transfer: the line's letter"
    )
    counter = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="transfer: one counter"
    )


class SlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    available = serializers.IntegerField()


class AppointmentSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service.code", read_only=True)
    centre = serializers.IntegerField(source="centre_id", read_only=True)

    class Meta:
        model = Appointment
        fields = ("id", "centre", "service", "start", "end", "state", "created_at")
        read_only_fields = fields


class AppointmentInputSerializer(serializers.Serializer):
    centre = serializers.IntegerField()
    service = serializers.CharField(max_length=40)
    start = serializers.CharField(max_length=40, help_text="a slot's start, e.g. 2026-12-06T09:30:00+04:00")


class QueueView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(tags=["queue"], responses=QueueSerializer, auth=[], summary="A centre's queue now")
    def get(self, request, centre_id):
        centre = selectors.queue_centre(centre_id)
        return Response(QueueSerializer(selectors.queue_summary(centre)).data)


class TicketsView(APIView):
    """Take a ticket: public (rate-limited per client) or a clerk of the centre."""

    permission_classes = (AllowAny,)
    throttle_classes = (ScopedRateThrottle,)
    throttle_scope = "tickets"

    @extend_schema(tags=["queue"], request=TicketInputSerializer, responses={201: TicketSerializer})
    def post(self, request, centre_id):
        centre = selectors.queue_centre(centre_id)
        data = TicketInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        user = request.user if request.user.is_authenticated else None
        is_staff = services._is_staff_of(user, centre) if user else False
        ticket = services.ticket_take(
            centre=centre,
            service=_service(v["service"]),
            priority=v.get("priority") or "",
            mobile=v.get("mobile") or "",
            source=TicketSource.CLERK if is_staff else TicketSource.PHONE,
            citizen=None if is_staff else user,
            actor=user,
            language=getattr(request, "LANGUAGE_CODE", "ar"),
        )
        return Response(TicketSerializer(ticket).data, status=status.HTTP_201_CREATED)


class CountersView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=["queue"], responses=CounterSerializer(many=True), summary="The centre's counters (its staff)"
    )
    def get(self, request, centre_id):
        from sanad.centres.selectors import centre_for_staff

        centre, _role = centre_for_staff(request.user, centre_id)
        return Response(CounterSerializer(selectors.counters_of_centre(centre), many=True).data)


class CounterSignOnView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=["queue"], request=None, responses=CounterSerializer)
    def post(self, request, counter_id):
        return Response(
            CounterSerializer(services.counter_sign_on(counter_id=counter_id, actor=request.user)).data
        )


class CounterSignOffView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=["queue"], request=None, responses=CounterSerializer)
    def post(self, request, counter_id):
        return Response(
            CounterSerializer(services.counter_sign_off(counter_id=counter_id, actor=request.user)).data
        )


class CallNextView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=["queue"], request=None, responses=TicketSerializer, summary="Call the next ticket")
    def post(self, request, counter_id):
        ticket = services.counter_call_next(counter_id=counter_id, actor=request.user)
        return Response(TicketSerializer(ticket).data)


class TicketActionView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=["queue"],
        request=TicketActionSerializer,
        responses=TicketSerializer,
        parameters=[
            OpenApiParameter(
                "action", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(services.TICKET_ACTIONS)
            )
        ],
    )
    def post(self, request, ticket_id, action):
        data = TicketActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        ticket = services.ticket_act(
            ticket_id=ticket_id,
            action=action,
            actor=request.user,
            line_code=data.validated_data["line"],
            counter_id=data.validated_data["counter"],
        )
        return Response(TicketSerializer(ticket).data)


class SlotsView(APIView):
    authentication_classes = ()
    permission_classes = (AllowAny,)

    @extend_schema(
        tags=["appointments"],
        auth=[],
        responses=SlotSerializer(many=True),
        parameters=[
            OpenApiParameter("service", OpenApiTypes.STR, required=True),
            OpenApiParameter("date", OpenApiTypes.DATE, required=True),
        ],
    )
    def get(self, request, centre_id):
        centre = selectors.queue_centre(centre_id)
        service = _service(request.query_params.get("service"))
        try:
            day = date.fromisoformat(request.query_params.get("date", "").strip())
        except ValueError:
            raise ValidationFailed(
                errors={"date": [_("Enter the date as YYYY-MM-DD, e.g. 2026-12-06.")]}
            ) from None
        slots = appointments.slots_on(centre=centre, service=service, day=day)
        return Response(SlotSerializer(slots, many=True).data)


class AppointmentsView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=["appointments"],
        responses=AppointmentSerializer(many=True),
        summary="The citizen's own appointments; a centre's for its staff",
    )
    def get(self, request):
        return Response(
            AppointmentSerializer(selectors.appointments_visible_to(request.user)[:200], many=True).data
        )

    @extend_schema(
        tags=["appointments"], request=AppointmentInputSerializer, responses={201: AppointmentSerializer}
    )
    def post(self, request):
        data = AppointmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        centre = selectors.queue_centre(v["centre"])
        appointment = appointments.appointment_book(
            citizen=request.user, centre=centre, service=_service(v["service"]), start=v["start"]
        )
        return Response(AppointmentSerializer(appointment).data, status=status.HTTP_201_CREATED)


class AppointmentCancelView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(tags=["appointments"], request=None, responses=AppointmentSerializer)
    def post(self, request, appointment_id):
        appointment = appointments.appointment_cancel(appointment_id=appointment_id, actor=request.user)
        return Response(AppointmentSerializer(appointment).data)


class AppointmentMoveSerializer(serializers.Serializer):
    start = serializers.CharField(
        max_length=40, help_text="the new slot's start (one of the centre's slots for the same service)"
    )


class AppointmentMoveView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=["appointments"],
        request=AppointmentMoveSerializer,
        responses=AppointmentSerializer,
        summary="Move one's appointment to another slot",
        description=(
            "The citizen's own booking moves to another slot of the same centre and service: the answer is "
            "the new booking (a new id; the old one is cancelled). If the new slot cannot be had (full: 409; "
            "past, a holiday, not a slot: 422; blocked for no-shows: 409) nothing changes. Someone else's "
            "appointment is a 404; a booking no longer upcoming is a 409."
        ),
    )
    def post(self, request, appointment_id):
        data = AppointmentMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        appointment = appointments.appointment_move(
            appointment_id=appointment_id, actor=request.user, start=data.validated_data["start"]
        )
        return Response(AppointmentSerializer(appointment).data)


urlpatterns = [
    path("centres/<int:centre_id>/queue/", QueueView.as_view(), name="centre-queue"),
    path("centres/<int:centre_id>/tickets/", TicketsView.as_view(), name="centre-tickets"),
    path("centres/<int:centre_id>/counters/", CountersView.as_view(), name="centre-counters"),
    path("centres/<int:centre_id>/slots/", SlotsView.as_view(), name="centre-slots"),
    path("counters/<int:counter_id>/sign-on/", CounterSignOnView.as_view(), name="counter-sign-on"),
    path("counters/<int:counter_id>/sign-off/", CounterSignOffView.as_view(), name="counter-sign-off"),
    path("counters/<int:counter_id>/call-next/", CallNextView.as_view(), name="counter-call-next"),
    path("tickets/<int:ticket_id>/<str:action>/", TicketActionView.as_view(), name="ticket-action"),
    path("appointments/", AppointmentsView.as_view(), name="appointments"),
    path(
        "appointments/<int:appointment_id>/cancel/",
        AppointmentCancelView.as_view(),
        name="appointment-cancel",
    ),
    path("appointments/<int:appointment_id>/move/", AppointmentMoveView.as_view(), name="appointment-move"),
]


def register(router) -> None:
    pass


class DispatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    service = serializers.CharField(source="service.code")
    ring = serializers.IntegerField()
    offered_to = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_offered_to(self, request) -> int:
        return request.offers.filter(is_open=True).count()

    def get_case(self, request) -> str | None:
        return request.case.reference if request.case_id else None


def dispatch_from_case_request(request, v):
    """`POST /api/v1/cases/` online without a centre: offered to centres near `near`; 202 until a
    centre claims it (the case is opened then)."""
    from sanad.centres.serializers import parse_point

    near = (v.get("near") or "").strip()
    if not near:
        raise ValidationFailed(errors={"centre": [_("Choose a centre, or give near as latitude,longitude.")]})
    try:
        latitude, longitude = parse_point(near)
    except serializers.ValidationError as exc:
        raise ValidationFailed(errors={"near": [str(e) for e in exc.detail]}) from None
    dispatched = dispatch.dispatch_create(
        citizen=request.user,
        service=_service(v["service"]),
        latitude=latitude,
        longitude=longitude,
        form_data=v.get("form_data") or {},
        government_fee=v.get("government_fee"),
        language=getattr(request, "LANGUAGE_CODE", "ar"),
    )
    return Response(DispatchSerializer(dispatched).data, status=status.HTTP_202_ACCEPTED)


class AvailableRequestsView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=["queue"], responses=DispatchSerializer(many=True), summary="Requests offered to my centre"
    )
    def get(self, request):
        offers = dispatch.dispatch_offers_for(request.user)[:100]
        return Response(DispatchSerializer([o.request for o in offers], many=True).data)


class ClaimView(APIView):
    permission_classes = (IsAuthenticated,)

    @extend_schema(
        tags=["queue"], request=None, responses=DispatchSerializer, summary="Take a request (first wins)"
    )
    def post(self, request, request_id):
        return Response(
            DispatchSerializer(dispatch.dispatch_claim(request_id=request_id, actor=request.user)).data
        )


urlpatterns += [
    path("available-requests/", AvailableRequestsView.as_view(), name="available-requests"),
    path("available-requests/<int:request_id>/claim/", ClaimView.as_view(), name="available-request-claim"),
]
