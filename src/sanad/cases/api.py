"""Cases API: list/open/read cases, act on them, documents, custody, history, public tracking."""

from django.http import FileResponse
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from sanad.accounts.constants import Role
from sanad.api.pagination import CountedPagination
from sanad.api.parsers import SafeFormParser, SafeJSONParser, SafeMultiPartParser
from sanad.api.renderers import FileRenderer
from sanad.audit.services import audit_case_opened, audit_document_downloaded
from sanad.core.errors import NotFound, ValidationFailed

from . import selectors, services, tracking
from .constants import Action, CaseState, Channel, CustodyItemType, DocumentRole
from .models import Case, CaseDocument

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description="A retry with the same key returns the first case instead of opening a second one.",
)


class CaseFeeSerializer(serializers.Serializer):
    government_fee = serializers.IntegerField(help_text="baisa")
    centre_fee = serializers.IntegerField(help_text="baisa")
    vat = serializers.IntegerField(help_text="baisa (5% of the centre fee)")
    total = serializers.IntegerField(help_text="baisa")


class DeliverySerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=["not_sent", "queued", "delivering", "delivered", "needs_attention"]
    )
    attempts = serializers.IntegerField()
    institution_reference = serializers.CharField()
    last_error = serializers.CharField()


class CaseCitizenSerializer(serializers.Serializer):
    name = serializers.CharField()
    civil_number = serializers.CharField(help_text="masked: only the last four digits")


class CaseSerializer(serializers.ModelSerializer):
    service = serializers.CharField(source="service.code", read_only=True)
    service_version = serializers.IntegerField(source="service_version.number", read_only=True)
    service_name_ar = serializers.CharField(source="service_version.name_ar", read_only=True)
    service_name_en = serializers.CharField(source="service_version.name_en", read_only=True)
    centre = serializers.IntegerField(source="centre_id", read_only=True)
    centre_name_ar = serializers.CharField(source="centre.name_ar", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    fee = CaseFeeSerializer(read_only=True)
    version = serializers.IntegerField(read_only=True)
    allowed_actions = serializers.SerializerMethodField()
    delivery = serializers.SerializerMethodField()
    amount_paid = serializers.SerializerMethodField(help_text="baisa received, less refunds")
    amount_due = serializers.SerializerMethodField(help_text="baisa still to pay (a payment must equal it)")
    citizen = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = (
            "reference",
            "state",
            "state_label",
            "channel",
            "service",
            "service_version",
            "service_name_ar",
            "service_name_en",
            "centre",
            "centre_name_ar",
            "form_data",
            "fee",
            "sla_due_at",
            "citizen_deadline",
            "institution_reference",
            "decision_note",
            "version",
            "created_at",
            "updated_at",
            "closed_at",
            "allowed_actions",
            "delivery",
            "amount_paid",
            "amount_due",
            "citizen",
        )
        read_only_fields = fields

    def get_amount_paid(self, case) -> int:
        from sanad.payments.selectors import case_net_paid

        return max(case_net_paid(case).total, 0)

    def get_amount_due(self, case) -> int:
        from sanad.payments.selectors import case_outstanding

        return case_outstanding(case).total

    @extend_schema_field(CaseCitizenSerializer)
    def get_citizen(self, case) -> dict:
        profile = getattr(case.citizen, "citizen_profile", None)
        number = profile.id_number if profile is not None else ""
        masked = "•" * max(len(number) - 4, 0) + number[-4:]
        return {"name": case.citizen.display_name(), "civil_number": masked}

    def get_allowed_actions(self, case) -> list[str]:
        return [step.action for step in selectors.allowed_actions(case, self.context["request"].user)]

    @extend_schema_field(DeliverySerializer)
    def get_delivery(self, case) -> dict:
        from sanad.integrations.selectors import case_delivery  # the integration area's view of it

        from .locking import preloaded

        submission = preloaded(case, "submission")  # read with the lock by the writes that answer
        if submission is None:
            return case_delivery(case)
        return case_delivery(case, submission or None)


class CitizenInputSerializer(serializers.Serializer):
    id_number = serializers.CharField(max_length=20, help_text="civil or resident card number")
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True)
    full_name_ar = serializers.CharField(max_length=200, required=False, allow_blank=True)
    full_name_en = serializers.CharField(max_length=200, required=False, allow_blank=True)


class CaseOpenSerializer(serializers.Serializer):
    centre = serializers.IntegerField(required=False, allow_null=True, help_text="omit with `near`")
    near = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text="online, any centre near me: lat,lon (offered to the nearest open centres)",
    )
    service = serializers.CharField(max_length=40, help_text="service code, e.g. ROP-DL-RENEW")
    channel = serializers.ChoiceField(choices=Channel.choices)
    form_data = serializers.DictField(required=False, default=dict)
    government_fee = serializers.IntegerField(
        required=False, allow_null=True, help_text="baisa; for fee ranges"
    )
    citizen = CitizenInputSerializer(required=False, help_text="walk-in: the citizen at the counter")


class CaseTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(
        choices=[a for a in Action.choices if a[0] not in ("open", "fee_changed")]
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    expected_version = serializers.IntegerField(required=False, allow_null=True)
    institution_reference = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default=""
    )


class CaseFeeChangeSerializer(serializers.Serializer):
    government_fee = serializers.IntegerField()
    note = serializers.CharField(max_length=2000)


class CaseEventSerializer(serializers.Serializer):
    action = serializers.CharField()
    action_label = serializers.CharField(source="get_action_display")
    from_state = serializers.CharField()
    to_state = serializers.CharField()
    to_state_label = serializers.CharField(source="get_to_state_display")
    note = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")


class EventActorSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=["citizen", "staff", "institution", "regulator", "admin", "system"]
    )
    institution = serializers.CharField(required=False, help_text="the institution's code")
    name = serializers.CharField()


class CaseEventActorSerializer(CaseEventSerializer):
    actor = serializers.SerializerMethodField()

    @extend_schema_field(EventActorSerializer)
    def get_actor(self, event) -> dict:
        language = getattr(self.context.get("request"), "LANGUAGE_CODE", "ar")
        return selectors.event_actor(event, language=language)


class CaseDocumentSerializer(serializers.ModelSerializer):
    # Outcome documents may have no type.
    document_type = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    size = serializers.IntegerField(read_only=True)
    uploaded_by = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()

    def get_uploaded_by(self, document) -> str:
        return document.uploaded_by.display_name()

    def get_download_url(self, document) -> str:
        from django.urls import reverse

        path = reverse(
            "api:case-download", kwargs={"reference": document.case.reference, "document_id": document.pk}
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path

    class Meta:
        model = CaseDocument
        fields = (
            "id",
            "role",
            "document_type",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "is_current",
            "uploaded_at",
            "uploaded_by",
            "download_url",
        )
        read_only_fields = fields


class CaseDocumentUploadSerializer(serializers.Serializer):
    file = serializers.FileField(allow_empty_file=True)
    document_type = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=DocumentRole.choices, default=DocumentRole.REQUIRED)


class CaseCustodySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    item_type = serializers.ChoiceField(choices=CustodyItemType.choices)
    item_label = serializers.CharField(source="get_item_type_display", read_only=True)
    description = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    received_at = serializers.DateTimeField(read_only=True)
    returned_at = serializers.DateTimeField(read_only=True, allow_null=True)
    held = serializers.BooleanField(read_only=True)


class CaseFilter(filters.FilterSet):
    state = filters.MultipleChoiceFilter(choices=CaseState.choices)
    service = filters.CharFilter(field_name="service__code")
    # Bounded like the column, so an absurd id is a 400 on every database (not an empty page on one
    # and an overflow on another).
    centre = filters.NumberFilter(field_name="centre_id", min_value=1, max_value=2**63 - 1)
    opened_after = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    opened_before = filters.IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = Case
        fields = ("state", "service", "centre", "opened_after", "opened_before")


@extend_schema_view(
    list=extend_schema(tags=["cases"], summary="Cases the caller may see"),
    retrieve=extend_schema(tags=["cases"], summary="One case by its reference"),
)
class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = CaseSerializer
    permission_classes = (IsAuthenticated,)
    lookup_field = "reference"
    lookup_value_regex = "[^/]+"
    filterset_class = CaseFilter
    pagination_class = CountedPagination

    def get_queryset(self):
        from sanad.integrations.selectors import with_delivery

        cases = selectors.cases_visible_to(self.request.user).select_related("citizen__citizen_profile")
        return with_delivery(cases.order_by("-created_at", "-pk"))

    def paginate_queryset(self, queryset):
        """The page's money in two queries for all its rows (the serializer's amounts read it)."""
        from .locking import preload_money

        page = super().paginate_queryset(queryset)
        if page is not None:
            preload_money(page)
        return page

    def list_total(self, request) -> int | None:
        """The regulator's unfiltered list (or one service's) counts from the rollups."""
        if request.user.role not in (Role.REGULATOR, Role.ADMIN):
            return None
        given = set(request.query_params) - {"page", "page_size", "format"}
        if not given:
            return selectors.cases_opened_total()
        if given == {"service"}:
            from sanad.catalogue.models import Service

            service = Service.objects.filter(code=request.query_params["service"]).first()
            return selectors.cases_opened_total(service=service) if service is not None else None
        return None

    def get_object(self) -> Case:
        return selectors.case_for(self.request.user, self.kwargs["reference"])

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        audit_case_opened(case=case)
        return Response(self.get_serializer(case).data)

    @extend_schema(
        tags=["cases"],
        request=CaseOpenSerializer,
        responses={201: CaseSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def create(self, request):
        from sanad.catalogue.models import Service
        from sanad.centres.models import Centre

        data = CaseOpenSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if v.get("centre") is None and v["channel"] == Channel.ONLINE:
            from sanad.queueing.api import dispatch_from_case_request

            return dispatch_from_case_request(request, v)
        centre = Centre.objects.filter(pk=v.get("centre")).first()
        if centre is None:
            raise ValidationFailed(errors={"centre": [_("Unknown centre.")]})
        service = Service.objects.filter(code=v["service"]).first()
        if service is None:
            raise ValidationFailed(errors={"service": [_("Unknown service.")]})
        opening = {
            "actor": request.user,
            "centre": centre,
            "service": service,
            "form_data": v.get("form_data") or {},
            "government_fee": v.get("government_fee"),
            "idempotency_key": request.headers.get("Idempotency-Key", "").strip()[:200] or None,
            "language": getattr(request, "LANGUAGE_CODE", "ar"),
        }
        if v["channel"] == Channel.WALK_IN:
            case = services.case_open_walk_in(citizen=v.get("citizen") or {}, **opening)
        else:
            case = services.case_open(citizen=request.user, channel=v["channel"], **opening)
        return Response(
            CaseSerializer(case, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(tags=["cases"], request=CaseTransitionSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def transitions(self, request, reference=None):
        from .locking import RESPONSE

        data = CaseTransitionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # One query finds, checks and locks the case (by reference, among the caller's own), and reads
        # what the answer shows; the answer is serialised from it.
        case = services.case_transition(
            reference=reference, actor=request.user, preload=RESPONSE, **data.validated_data
        )
        return Response(CaseSerializer(case, context={"request": request}).data)

    @extend_schema(tags=["cases"], request=CaseFeeChangeSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def fee(self, request, reference=None):
        case = self.get_object()
        data = CaseFeeChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.case_fee_change(case_id=case.pk, actor=request.user, **data.validated_data)
        return Response(CaseSerializer(case, context={"request": request}).data)

    @extend_schema(tags=["cases"], responses=CaseEventActorSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None, filter_backends=[])
    def events(self, request, reference=None):
        case = self.get_object()
        return Response(
            CaseEventActorSerializer(
                selectors.case_timeline(case), many=True, context={"request": request}
            ).data
        )

    @extend_schema(
        tags=["cases"],
        methods=["GET"],
        responses=CaseDocumentSerializer(many=True),
    )
    @extend_schema(
        tags=["cases"],
        methods=["POST"],
        request={"multipart/form-data": CaseDocumentUploadSerializer},
        responses={201: CaseDocumentSerializer},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        parser_classes=[SafeMultiPartParser, SafeFormParser, SafeJSONParser],
        pagination_class=None,
        filter_backends=[],
    )
    def documents(self, request, reference=None):
        case = self.get_object()
        if request.method == "GET":
            documents = case.documents.select_related("document_type", "uploaded_by", "case")
            return Response(CaseDocumentSerializer(documents, many=True, context={"request": request}).data)
        data = CaseDocumentUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        document = services.document_upload(
            case=case,
            actor=request.user,
            uploaded=data.validated_data["file"],
            document_type_code=data.validated_data["document_type"],
            role=data.validated_data["role"],
        )
        return Response(
            CaseDocumentSerializer(document, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        tags=["cases"],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        parameters=[OpenApiParameter("format", exclude=True)],  # the file whatever is asked for
        description="The file itself, with its own content type, whatever `Accept` says.",
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"documents/(?P<document_id>\d+)/download",
        pagination_class=None,
        filter_backends=[],
        renderer_classes=[JSONRenderer, FileRenderer],  # any Accept gets the file
    )
    def download(self, request, reference=None, document_id=None):
        case = self.get_object()
        document = case.documents.filter(pk=document_id).first()
        if document is None:
            raise NotFound(_("Document not found."))
        audit_document_downloaded(case=case, document=document)
        return FileResponse(
            document.file.open("rb"),
            as_attachment=True,
            filename=document.original_name,
            content_type=document.content_type,
        )

    @extend_schema(tags=["cases"], methods=["GET"], responses=CaseCustodySerializer(many=True))
    @extend_schema(
        tags=["cases"],
        methods=["POST"],
        request=CaseCustodySerializer,
        responses={201: CaseCustodySerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filter_backends=[])
    def custody(self, request, reference=None):
        case = self.get_object()
        if request.method == "GET":
            return Response(CaseCustodySerializer(case.custody.all(), many=True).data)
        data = CaseCustodySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        item = services.custody_receive(case=case, actor=request.user, **data.validated_data)
        return Response(CaseCustodySerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(tags=["cases"], request=None, responses=CaseCustodySerializer)
    @action(detail=True, methods=["post"], url_path=r"custody/(?P<item_id>\d+)/return")
    def custody_return(self, request, reference=None, item_id=None):
        case = self.get_object()
        if not case.custody.filter(pk=item_id).exists():
            raise NotFound(_("Not found."))
        item = services.custody_return(item_id=int(item_id), actor=request.user)
        return Response(CaseCustodySerializer(item).data)


class TrackRequestSerializer(serializers.Serializer):
    reference = serializers.CharField(max_length=40)
    civil_suffix = serializers.CharField(max_length=8, help_text="the last four digits of the civil number")


class TrackResponseSerializer(serializers.Serializer):
    reference = serializers.CharField()
    service_name_ar = serializers.CharField()
    service_name_en = serializers.CharField()
    centre_name_ar = serializers.CharField()
    centre_name_en = serializers.CharField()
    state = serializers.CharField()
    state_label = serializers.CharField()
    timeline = CaseEventSerializer(many=True)


class TrackView(APIView):
    """Public tracking: a reference and the last four digits of the civil number. A wrong pair gets
    the same answer as an unknown reference. Rate-limited."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    throttle_scope = "tracking"

    @extend_schema(
        tags=["public"], request=TrackRequestSerializer, responses=TrackResponseSerializer, auth=[]
    )
    def post(self, request):
        data = TrackRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = tracking.track(**data.validated_data)
        return Response(tracking.public_view(case))


def register(router) -> None:
    router.register("cases", CaseViewSet, basename="case")


from django.urls import path  # noqa: E402

urlpatterns = [path("public/track/", TrackView.as_view(), name="public-track")]
