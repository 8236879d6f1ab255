"""API of centres and licensing (mounted under /api/v1/ by sanad/api/urls.py).

Public: the centre list (filters, `near=` distance ordering), a centre, the map points.
Centre managers: hours, prices and staff of their own centre (404 for any other, 403 for clerks).
Regulator: licences, their lifecycle actions and inspections. Citizens: apply for a licence."""

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from sanad.accounts.access import allow

from . import selectors, serializers, services
from .models import Centre

CENTRES, MANAGE, LICENSING = ["centres"], ["centre management"], ["licensing"]
PROBLEM = OpenApiResponse(description=_("Problem details (application/problem+json)"))


@extend_schema_view(
    list=extend_schema(
        tags=CENTRES,
        parameters=[serializers.CentreSearchParams],
        responses={200: serializers.CentreSerializer(many=True), 400: PROBLEM},
    ),
    retrieve=extend_schema(tags=CENTRES, responses={200: serializers.CentreDetailSerializer, 404: PROBLEM}),
)
class CentreViewSet(viewsets.ReadOnlyModelViewSet):
    """Licensed centres the public can visit (suspended, expired and revoked centres are not listed)."""

    serializer_class = serializers.CentreSerializer
    filter_backends = ()
    permission_classes = (AllowAny,)
    queryset = Centre.objects.none()

    def get_queryset(self):
        return selectors.centres_public()

    def get_serializer_class(self):
        return (
            serializers.CentreDetailSerializer if self.action == "retrieve" else serializers.CentreSerializer
        )

    def list(self, request, *args, **kwargs):
        params = serializers.CentreSearchParams(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        now = timezone.now()
        qs = selectors.centres_search(
            governorate=data.get("governorate"),
            wilayat=data.get("wilayat"),
            service=data.get("service"),
            open_at=now if data.get("open_now") else None,
        )
        results = selectors.NearestResults(qs, *data["near"]) if data.get("near") else qs
        page = self.paginate_queryset(results)
        open_ids = selectors.centre_ids_open_at(now, Centre.objects.filter(pk__in=[c.pk for c in page]))
        body = serializers.CentreSerializer(page, many=True, context={"open_ids": open_ids}).data
        return self.get_paginated_response(body)

    def retrieve(self, request, *args, **kwargs):
        centre = selectors.centre_public(self._centre_id())
        return Response(serializers.CentreDetailSerializer(centre).data)

    def _centre_id(self) -> int:
        try:
            return int(self.kwargs["pk"])
        except (TypeError, ValueError):
            from sanad.core.errors import NotFound

            raise NotFound(_("Centre not found.")) from None

    def _own_centre(self):
        """Tenancy before anything else: another centre is a 404, a clerk's change a 403."""
        return selectors.centre_for_staff(self.request.user, self._centre_id(), manage=True)

    @extend_schema(tags=CENTRES, responses=serializers.MapSerializer)
    @action(detail=False, methods=["get"], pagination_class=None)
    def map(self, request):
        """Every listed centre as a point, for the map (one request, no paging), with whether it is
        open now (Muscat time, weekly hours, exceptions and public holidays)."""
        public = selectors.centres_public()
        open_ids = selectors.centre_ids_open_at(timezone.now(), public)
        rows = list(
            public.values_list(
                "pk",
                "name_ar",
                "name_en",
                "latitude",
                "longitude",
                "wilayat__governorate__code",
                "wilayat__code",
            )
        )
        keys = ("id", "name_ar", "name_en", "latitude", "longitude", "governorate", "wilayat")
        points = [dict(zip(keys, row, strict=True)) | {"open": row[0] in open_ids} for row in rows]
        return Response({"count": len(rows), "open": sum(p["open"] for p in points), "centres": points})

    # --- centre management: the staff's own centre only ------------------------------------------

    @extend_schema(tags=MANAGE, methods=["GET"], responses={200: serializers.HoursSerializer, 404: PROBLEM})
    @extend_schema(
        tags=MANAGE,
        methods=["PUT"],
        request=serializers.WeeklyHoursInput,
        responses={200: serializers.HoursSerializer, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM},
    )
    @action(detail=True, methods=["get", "put"], permission_classes=[IsAuthenticated])
    def hours(self, request, pk=None):
        """The weekly hours and upcoming exceptions; PUT replaces the weekly hours (managers, owners)."""
        if request.method == "PUT":
            self._own_centre()
            body = serializers.WeeklyHoursInput(data=request.data)
            body.is_valid(raise_exception=True)
            weekly = {
                day: [(p["opens"], p["closes"]) for p in periods]
                for day, periods in body.validated_data["weekly"].items()
            }
            centre = services.centre_set_hours(centre_id=self._centre_id(), actor=request.user, weekly=weekly)
        else:
            centre, _role = selectors.centre_for_staff(request.user, self._centre_id())
        return Response(_hours_body(centre))

    @extend_schema(
        tags=MANAGE,
        request=serializers.ExceptionSerializer,
        responses={
            201: serializers.ExceptionSerializer,
            403: PROBLEM,
            404: PROBLEM,
            409: PROBLEM,
            422: PROBLEM,
        },
    )
    @action(detail=True, methods=["post"], url_path="hours/exceptions", permission_classes=[IsAuthenticated])
    def add_exception(self, request, pk=None):
        """Special hours for some dates (Ramadan hours, open on a holiday, closed for a day)."""
        self._own_centre()
        body = serializers.ExceptionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        exception = services.hours_exception_add(
            centre_id=self._centre_id(),
            actor=request.user,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            name_ar=data["name_ar"],
            name_en=data.get("name_en", ""),
            is_closed=data.get("is_closed", False),
            periods=[(p["opens"], p["closes"]) for p in data.get("periods", [])],
        )
        return Response(serializers.ExceptionSerializer(exception).data, status=status.HTTP_201_CREATED)

    @extend_schema(tags=MANAGE, responses={204: None, 403: PROBLEM, 404: PROBLEM})
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"hours/exceptions/(?P<exception_id>\d+)",
        permission_classes=[IsAuthenticated],
    )
    def remove_exception(self, request, pk=None, exception_id=None):
        services.hours_exception_remove(
            centre_id=self._centre_id(), actor=request.user, exception_id=int(exception_id)
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(tags=MANAGE, responses={200: serializers.PriceSerializer(many=True), 404: PROBLEM})
    @action(detail=True, methods=["get"], permission_classes=[IsAuthenticated], pagination_class=None)
    def prices(self, request, pk=None):
        """The centre's price list with each service's cap; `flagged` marks prices above a lowered cap."""
        centre, _role = selectors.centre_for_staff(request.user, self._centre_id())
        return Response(serializers.PriceSerializer(selectors.centre_prices(centre), many=True).data)

    @extend_schema(
        tags=MANAGE,
        methods=["PUT"],
        request=serializers.PriceInput,
        responses={200: serializers.PriceSerializer, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM},
    )
    @extend_schema(tags=MANAGE, methods=["DELETE"], responses={204: None, 403: PROBLEM, 404: PROBLEM})
    @action(
        detail=True,
        methods=["put", "delete"],
        url_path=r"prices/(?P<service_code>[A-Za-z0-9_-]+)",
        permission_classes=[IsAuthenticated],
    )
    def price(self, request, pk=None, service_code=None):
        """Set (PUT) or stop offering (DELETE) one service. A fee above the cap is refused (422)."""
        if request.method == "DELETE":
            services.centre_price_remove(
                centre_id=self._centre_id(), actor=request.user, service_code=service_code
            )
            return Response(status=status.HTTP_204_NO_CONTENT)
        self._own_centre()
        body = serializers.PriceInput(data=request.data)
        body.is_valid(raise_exception=True)
        price = services.centre_price_set(
            centre_id=self._centre_id(),
            actor=request.user,
            service_code=service_code,
            centre_fee=body.validated_data["centre_fee"],
        )
        row = next(r for r in selectors.centre_prices(price.centre) if r.pk == price.pk)
        return Response(serializers.PriceSerializer(row).data)

    @extend_schema(
        tags=MANAGE, methods=["GET"], responses={200: serializers.StaffSerializer(many=True), 404: PROBLEM}
    )
    @extend_schema(
        tags=MANAGE,
        methods=["POST"],
        request=serializers.StaffInput,
        responses={201: serializers.StaffSerializer, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM},
    )
    @action(detail=True, methods=["get", "post"], permission_classes=[IsAuthenticated], pagination_class=None)
    def staff(self, request, pk=None):
        """The centre's active staff; POST adds a clerk (managers, owners) or a manager (owners)."""
        if request.method == "POST":
            self._own_centre()
            body = serializers.StaffInput(data=request.data)
            body.is_valid(raise_exception=True)
            membership = services.staff_add(
                centre_id=self._centre_id(), actor=request.user, **body.validated_data
            )
            return Response(serializers.StaffSerializer(membership).data, status=status.HTTP_201_CREATED)
        centre, _role = selectors.centre_for_staff(request.user, self._centre_id())
        return Response(serializers.StaffSerializer(selectors.centre_staff(centre), many=True).data)

    @extend_schema(
        tags=MANAGE, responses={200: serializers.StaffSerializer, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM}
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"staff/(?P<membership_id>\d+)",
        permission_classes=[IsAuthenticated],
    )
    def remove_staff(self, request, pk=None, membership_id=None):
        """End a membership today: the person loses access at once."""
        membership = services.staff_remove(
            centre_id=self._centre_id(), actor=request.user, membership_id=int(membership_id)
        )
        return Response(serializers.StaffSerializer(membership).data)


def _hours_body(centre) -> dict:
    return serializers.HoursSerializer(
        {"week": serializers._week(centre), "exceptions": selectors.centre_exceptions_upcoming(centre)}
    ).data


IsRegulator = allow("licensing.supervise")


@extend_schema_view(
    list=extend_schema(
        tags=LICENSING,
        parameters=[
            OpenApiParameter("state", str, description=_("Licence state")),
            OpenApiParameter(
                "expiring_within", int, description=_("Days: licences expiring within (30, 60, 90)")
            ),
        ],
    ),
    retrieve=extend_schema(
        tags=LICENSING, responses={200: serializers.LicenceDetailSerializer, 404: PROBLEM}
    ),
    create=extend_schema(
        tags=LICENSING,
        request=serializers.ApplicationInput,
        responses={201: serializers.LicenceDetailSerializer, 403: PROBLEM, 422: PROBLEM},
        description=_("A citizen applies for a centre licence (eligibility is checked)."),
    ),
)
class LicenceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """The regulator's licensing console; citizens apply with POST."""

    serializer_class = serializers.LicenceSerializer
    filter_backends = ()

    def get_permissions(self):
        # Its applicant and its centre's manager read a licence too (and an owner renews it); the
        # list and the inspections are the regulator's.
        open_to_parties = ("create", "retrieve", "take_action")
        return [IsAuthenticated()] if self.action in open_to_parties else [IsRegulator()]

    def get_queryset(self):
        return selectors.licences_for_regulator()

    def list(self, request, *args, **kwargs):
        qs = self.get_queryset()
        state = request.query_params.get("state")
        within = request.query_params.get("expiring_within")
        errors = {}
        if state:
            from .constants import LicenceState

            if state not in LicenceState.values:
                errors["state"] = [_("Unknown licence state.")]
            qs = qs.filter(state=state)
        if within:
            if not within.isdigit() or not 1 <= int(within) <= 366:
                errors["expiring_within"] = [_("Give a number of days between 1 and 366.")]
            else:
                qs = selectors.licences_expiring(int(within))
        if errors:
            from rest_framework.exceptions import ValidationError

            raise ValidationError(errors)
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(serializers.LicenceSerializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        licence = selectors.licence_for(request.user, _int(self.kwargs["pk"]))
        return Response(serializers.LicenceDetailSerializer(licence, context={"user": request.user}).data)

    def create(self, request, *args, **kwargs):
        body = serializers.ApplicationInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        licence = services.licence_apply(applicant=request.user, **data)
        body = serializers.LicenceDetailSerializer(licence, context={"user": request.user}).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        tags=LICENSING,
        request=serializers.ActionInput,
        responses={
            200: serializers.LicenceDetailSerializer,
            403: PROBLEM,
            404: PROBLEM,
            409: PROBLEM,
            422: PROBLEM,
        },
    )
    @action(detail=True, methods=["post"], url_path="actions")
    def take_action(self, request, pk=None):
        """Take one lifecycle step. Out of order: 409 naming the current step."""
        body = serializers.ActionInput(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        licence = services.licence_transition(
            licence_id=_int(pk),
            action=data["action"],
            actor=request.user,
            reason=data.get("reason", ""),
            until=data.get("until"),
            interview_at=data.get("interview_at"),
            owners=[dict(o) for o in data.get("owners", [])],
        )
        licence = selectors.licence_for(request.user, licence.pk)
        return Response(serializers.LicenceDetailSerializer(licence, context={"user": request.user}).data)

    @extend_schema(
        tags=LICENSING, methods=["GET"], responses={200: serializers.InspectionSerializer(many=True)}
    )
    @extend_schema(
        tags=LICENSING,
        methods=["POST"],
        request=serializers.InspectionSerializer,
        responses={201: serializers.InspectionSerializer, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def inspections(self, request, pk=None):
        """The centre's inspections with their violations; POST records a visit."""
        licence = selectors.licence_for_regulator(_int(pk))
        if request.method == "POST":
            body = serializers.InspectionSerializer(data=request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
            inspection = services.inspection_record(
                centre_id=licence.centre_id,
                actor=request.user,
                kind=data["kind"],
                visited_on=data.get("visited_on"),
                checklist=data.get("checklist", {}),
                violations=[dict(x) for x in data.get("violations", [])],
                notes=data.get("notes", ""),
            )
            return Response(serializers.InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)
        inspections = selectors.centre_inspections(licence.centre)
        return Response(serializers.InspectionSerializer(inspections, many=True).data)


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        from sanad.core.errors import NotFound

        raise NotFound(_("Not found.")) from None


urlpatterns: list = []


def register(router) -> None:
    router.register("centres", CentreViewSet, basename="centre")
    router.register("licences", LicenceViewSet, basename="licence")
